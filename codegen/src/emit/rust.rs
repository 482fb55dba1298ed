//! How Rust spells what the model holds: identifiers, the type of a value, and the wrapper
//! of a field. Shared by the emitters and by `diff`, which compares what users see.

use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;

use crate::model::{Api, Field, TypeRef};

pub fn ident(name: &str) -> Ident {
    Ident::new(name, Span::call_site())
}

/// How a constructor, a setter or a call takes a value of type `ty` (spelled `tokens`):
/// `impl Into<String>` for a string, so that `"text"` and a `String` both do, else the type
/// itself; and whether the argument needs `.into()`.
pub fn argument(ty: &TypeRef, tokens: TokenStream) -> (TokenStream, bool) {
    if *ty == TypeRef::String {
        (quote! { impl Into<String> }, true)
    } else {
        (tokens, false)
    }
}

/// The Rust type for a value of shape `ty`, in a crate of the product (`crate::models`).
pub fn type_tokens(api: &Api, ty: &TypeRef) -> TokenStream {
    type_tokens_in(api, ty, &quote! { crate::models })
}

/// The Rust type for a value of shape `ty`, its generated types under `models` (in `gcore`,
/// `super::models` from a product's module).
pub fn type_tokens_in(api: &Api, ty: &TypeRef, models: &TokenStream) -> TokenStream {
    let inner = |ty: &TypeRef| type_tokens_in(api, ty, models);
    match ty {
        TypeRef::Named(key) => {
            let name = ident(&api.types[key].name);
            quote! { #models::#name }
        }
        TypeRef::String => quote! { String },
        TypeRef::Integer => quote! { i64 },
        TypeRef::Number => quote! { f64 },
        TypeRef::Boolean => quote! { bool },
        TypeRef::DateTime => quote! { crate::DateTime },
        TypeRef::Json => quote! { ::serde_json::Value },
        TypeRef::JsonObject => quote! { ::serde_json::Map<String, ::serde_json::Value> },
        TypeRef::Array(item) => {
            let item = inner(item);
            quote! { Vec<#item> }
        }
        TypeRef::Map(value) => {
            let value = inner(value);
            quote! { ::std::collections::BTreeMap<String, #value> }
        }
        TypeRef::Nullable(ty) => {
            let ty = inner(ty);
            quote! { Option<#ty> }
        }
        TypeRef::Tuple(items) => {
            let items = items.iter().map(inner);
            quote! { (#(#items,)*) }
        }
        TypeRef::Bytes => quote! { Vec<u8> },
        TypeRef::Multipart => quote! { crate::Multipart },
    }
}

/// How a field wraps its value type in Rust.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FieldKind {
    Plain,
    Option,
    Maybe,
}

/// The one place that decides a field's wrapper (the table at the top of this file).
pub fn field_kind(field: &Field, sent: bool) -> FieldKind {
    match (field.required, field.nullable) {
        (true, false) => FieldKind::Plain,
        (true, true) => FieldKind::Option,
        (false, true) if sent => FieldKind::Maybe,
        (false, _) => FieldKind::Option,
    }
}
