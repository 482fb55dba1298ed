//! Emits one Rust file per model type: structs for objects, enums for string enums,
//! aliases for everything else.
//!
//! How optional and nullable fields map (the README's "Models" section):
//!
//! | required | nullable | received only             | sent (request types)               |
//! |----------|----------|---------------------------|------------------------------------|
//! | yes      | no       | `T`                       | `T`                                |
//! | yes      | yes      | `Option<T>`               | `Option<T>` (`None` is sent as null) |
//! | no       | no       | `Option<T>`               | `Option<T>` (`None` is left out)   |
//! | no       | yes      | `Option<T>`               | `Maybe<T>`: absent, null or a value |

use std::collections::BTreeSet;

use proc_macro2::{Ident, Span, TokenStream};
use quote::{format_ident, quote};

use super::docs;
use crate::model::*;

pub fn ident(name: &str) -> Ident {
    Ident::new(name, Span::call_site())
}

/// The Rust type for a value of shape `ty`.
pub fn type_tokens(api: &Api, ty: &TypeRef) -> TokenStream {
    match ty {
        TypeRef::Named(key) => {
            let name = ident(&api.types[key].name);
            quote! { crate::models::#name }
        }
        TypeRef::String => quote! { String },
        TypeRef::Integer => quote! { i64 },
        TypeRef::Number => quote! { f64 },
        TypeRef::Boolean => quote! { bool },
        TypeRef::Json => quote! { ::serde_json::Value },
        TypeRef::JsonObject => quote! { ::serde_json::Map<String, ::serde_json::Value> },
        TypeRef::Array(item) => {
            let item = type_tokens(api, item);
            quote! { Vec<#item> }
        }
        TypeRef::Map(value) => {
            let value = type_tokens(api, value);
            quote! { ::std::collections::BTreeMap<String, #value> }
        }
        TypeRef::Nullable(inner) => {
            let inner = type_tokens(api, inner);
            quote! { Option<#inner> }
        }
    }
}

pub fn model_file(api: &Api, def: &TypeDef) -> TokenStream {
    let mut type_docs = def.docs.clone();
    if let TypeKey::Component(name) = &def.key {
        // Most titles just repeat the schema name, which is said below anyway.
        if type_docs.title.as_deref() == Some(name.as_str()) {
            type_docs.title = None;
        }
    }
    let mut paragraphs = docs::describe(&type_docs);
    if let TypeKey::Component(name) = &def.key {
        paragraphs.push(format!("Upstream schema: {}.", docs::code(name)));
    }
    let doc = docs::attrs(&paragraphs);
    let name = ident(&def.name);
    match &def.kind {
        TypeKind::Struct(s) => struct_tokens(api, def, s, doc),
        TypeKind::Enum(e) => enum_tokens(e, &name, doc),
        TypeKind::Alias(target) => {
            let target = type_tokens(api, target);
            quote! { #doc pub type #name = #target; }
        }
    }
}

/// How one field is declared: its Rust type and serde attributes.
struct FieldShape {
    ty: TokenStream,
    serde: Vec<TokenStream>,
    kind: FieldKind,
    inner: TokenStream,
}

#[derive(Clone, Copy, PartialEq)]
enum FieldKind {
    Plain,
    Option,
    Maybe,
}

fn field_shape(api: &Api, def: &TypeDef, field: &Field) -> FieldShape {
    let mut inner = type_tokens(api, &field.ty);
    if needs_box(api, &def.key, &field.ty) {
        inner = quote! { Box<#inner> };
    }
    let collection = matches!(field.ty, TypeRef::Array(_) | TypeRef::Map(_) | TypeRef::JsonObject);
    let sent = def.usage.request;
    let (kind, serde) = match (field.required, field.nullable) {
        // A missing list or map is not worth failing a whole response over.
        (true, false) if collection && !sent => (FieldKind::Plain, vec![quote! { default }]),
        (true, false) => (FieldKind::Plain, vec![]),
        (true, true) => (FieldKind::Option, vec![quote! { default }]),
        (false, true) if sent => (
            FieldKind::Maybe,
            vec![quote! { default }, quote! { skip_serializing_if = "crate::Maybe::is_absent" }],
        ),
        (false, _) => (
            FieldKind::Option,
            vec![quote! { default }, quote! { skip_serializing_if = "Option::is_none" }],
        ),
    };
    let ty = match kind {
        FieldKind::Plain => inner.clone(),
        FieldKind::Option => quote! { Option<#inner> },
        FieldKind::Maybe => quote! { crate::Maybe<#inner> },
    };
    FieldShape { ty, serde, kind, inner }
}

fn struct_tokens(api: &Api, def: &TypeDef, s: &Struct, doc: TokenStream) -> TokenStream {
    let name = ident(&def.name);
    let shapes: Vec<FieldShape> = s.fields.iter().map(|f| field_shape(api, def, f)).collect();
    let fields = s.fields.iter().zip(&shapes).map(|(field, shape)| {
        let mut paragraphs = docs::describe(&field.docs);
        if field.write_only {
            paragraphs.push("Write-only: the API accepts it but never returns its value.".into());
        }
        let doc = docs::attrs(&paragraphs);
        let field_ident = ident(&field.ident);
        let mut serde = shape.serde.clone();
        if field.ident != field.wire_name {
            let wire = &field.wire_name;
            serde.insert(0, quote! { rename = #wire });
        }
        let serde = (!serde.is_empty()).then(|| quote! { #[serde(#(#serde),*)] });
        let ty = &shape.ty;
        quote! { #doc #serde pub #field_ident: #ty, }
    });
    let additional = s.additional.as_ref().map(|value| {
        let value = type_tokens(api, value);
        quote! {
            /// Properties not declared by the schema, which it allows.
            #[serde(flatten)]
            pub additional_properties: ::std::collections::BTreeMap<String, #value>,
        }
    });
    let required_count = s.fields.iter().filter(|f| f.required).count();
    let default = (def.usage.request && required_count == 0).then(|| quote! { Default, });
    let constructor = def.usage.request.then(|| constructor_tokens(def, s, &shapes));
    quote! {
        #doc
        #[derive(Clone, Debug, #default PartialEq, ::serde::Serialize, ::serde::Deserialize)]
        #[non_exhaustive]
        pub struct #name {
            #(#fields)*
            #additional
        }
        #constructor
    }
}

/// Request types get `new(required fields...)` and a chained setter per optional field, so
/// a value cannot be built without what the API requires.
fn constructor_tokens(def: &TypeDef, s: &Struct, shapes: &[FieldShape]) -> TokenStream {
    let name = ident(&def.name);
    let mut params = Vec::new();
    let mut inits = Vec::new();
    let mut setters = Vec::new();
    for (field, shape) in s.fields.iter().zip(shapes) {
        let field_ident = ident(&field.ident);
        let inner = &shape.inner;
        let is_string = field.ty == TypeRef::String;
        if field.required {
            let ty = &shape.ty;
            if is_string && shape.kind == FieldKind::Plain {
                params.push(quote! { #field_ident: impl Into<String> });
                inits.push(quote! { #field_ident: #field_ident.into() });
            } else {
                params.push(quote! { #field_ident: #ty });
                inits.push(quote! { #field_ident });
            }
            continue;
        }
        let setter = if ["new", "validate"].contains(&field.ident.as_str()) {
            format_ident!("with_{}", field.ident)
        } else {
            field_ident.clone()
        };
        let doc = docs::attrs(&[format!("Sets [`{}`](Self::{}).", field.ident, field.ident)]);
        match shape.kind {
            FieldKind::Maybe => {
                inits.push(quote! { #field_ident: crate::Maybe::Absent });
                setters.push(quote! {
                    #doc
                    pub fn #setter(mut self, value: impl Into<crate::Maybe<#inner>>) -> Self {
                        self.#field_ident = value.into();
                        self
                    }
                });
            }
            _ => {
                inits.push(quote! { #field_ident: None });
                let (param, value) = if is_string {
                    (quote! { impl Into<String> }, quote! { value.into() })
                } else {
                    (inner.clone(), quote! { value })
                };
                setters.push(quote! {
                    #doc
                    pub fn #setter(mut self, value: #param) -> Self {
                        self.#field_ident = Some(#value);
                        self
                    }
                });
            }
        }
    }
    let additional = s
        .additional
        .as_ref()
        .map(|_| quote! { additional_properties: ::std::collections::BTreeMap::new(), });
    quote! {
        impl #name {
            /// Creates a value with the required fields; optional ones are left unset.
            pub fn new(#(#params),*) -> Self {
                Self { #(#inits,)* #additional }
            }
            #(#setters)*
        }
    }
}

/// A field must be boxed when its type contains the struct itself without a `Vec` or map
/// in between (which would make the type infinitely large).
fn needs_box(api: &Api, owner: &TypeKey, ty: &TypeRef) -> bool {
    let target = match ty {
        TypeRef::Named(key) => key,
        TypeRef::Nullable(inner) => return needs_box(api, owner, inner),
        _ => return false,
    };
    let mut seen = BTreeSet::new();
    reaches_directly(api, target, owner, &mut seen)
}

fn reaches_directly(api: &Api, from: &TypeKey, to: &TypeKey, seen: &mut BTreeSet<TypeKey>) -> bool {
    if from == to {
        return true;
    }
    if !seen.insert(from.clone()) {
        return false;
    }
    let direct = |ty: &TypeRef| -> Option<TypeKey> {
        match ty {
            TypeRef::Named(key) => Some(key.clone()),
            TypeRef::Nullable(inner) => match inner.as_ref() {
                TypeRef::Named(key) => Some(key.clone()),
                _ => None,
            },
            _ => None,
        }
    };
    match api.types.get(from).map(|t| &t.kind) {
        Some(TypeKind::Struct(s)) => s
            .fields
            .iter()
            .filter_map(|f| direct(&f.ty))
            .any(|k| reaches_directly(api, &k, to, seen)),
        Some(TypeKind::Alias(ty)) => direct(ty).is_some_and(|k| reaches_directly(api, &k, to, seen)),
        _ => false,
    }
}

fn enum_tokens(e: &Enum, name: &Ident, doc: TokenStream) -> TokenStream {
    let catch_all = ident(&e.catch_all);
    let variants: Vec<Ident> = e.values.iter().map(|v| ident(&v.variant)).collect();
    let wires: Vec<&str> = e.values.iter().map(|v| v.wire.as_str()).collect();
    let variant_docs = wires
        .iter()
        .map(|w| docs::attrs(&[format!("The value {}.", docs::code(&format!("{w:?}")))]));
    quote! {
        #doc
        #[derive(Clone, Debug, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum #name {
            #( #variant_docs #variants, )*
            /// A value this version of the SDK does not know yet, kept as received.
            #catch_all(crate::UnknownValue),
        }
        crate::runtime::string_enum!(#name, #catch_all, { #( #variants => #wires, )* });
    }
}
