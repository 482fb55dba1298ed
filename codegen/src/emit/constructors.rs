//! The constructor and setters of a request type: `new` with what the API requires,
//! named when there are two or more, and a chained setter per optional field.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::docs;
use super::models::FieldShape;
use super::rust::{argument, ident, FieldKind};
use crate::model::{Field, Struct, TypeDef};

/// Request types get `new` and a chained setter per optional field, so a value cannot be
/// built without what the API requires. One required field is `new`'s argument; two or more
/// come in the type's required struct, by name, so that two of the same type cannot be
/// swapped unnoticed (`ContainerScaleV3::new(ContainerScaleV3Required { max: 3, min: 1 })`).
pub(super) fn constructor_tokens(def: &TypeDef, s: &Struct, shapes: &[FieldShape]) -> TokenStream {
    let name = ident(&def.name);
    let mut params = Vec::new();
    let mut inits = Vec::new();
    let mut setters = Vec::new();
    let mut required = Vec::new();
    for (field, shape) in s.fields.iter().zip(shapes) {
        let field_ident = ident(&field.ident);
        if field.required {
            let ty = &shape.ty;
            // A field of a `...Required` struct, or one `Maybe` wraps, is taken as it is.
            let (arg, converts) = match shape.kind == FieldKind::Plain && s.required_struct.is_none() {
                true => argument(&field.ty, ty.clone()),
                false => (ty.clone(), false),
            };
            params.push(quote! { #field_ident: #arg });
            inits.push(match converts {
                true => quote! { #field_ident: #field_ident.into() },
                false => quote! { #field_ident },
            });
            required.push((field, ty));
            continue;
        }
        let (init, setter) = optional_field(field, shape);
        inits.push(init);
        setters.push(setter);
    }
    let additional = s
        .additional
        .as_ref()
        .map(|_| quote! { additional_properties: ::std::collections::BTreeMap::new(), });
    let (required_struct, new) = match &s.required_struct {
        Some(required_name) => {
            let (required_struct, new) = named_required(def, required_name, &required, &inits, additional.as_ref());
            (Some(required_struct), new)
        }
        None => {
            let doc = docs::attrs(&[match required.first() {
                None => "Creates a value with every field unset.".to_string(),
                Some((field, _)) => format!(
                    "Creates a value from its one required field, [`{0}`](Self::{0}); optional ones are left unset.",
                    field.ident
                ),
            }]);
            let new = quote! {
                #doc
                pub fn new(#(#params),*) -> Self {
                    Self { #(#inits,)* #additional }
                }
            };
            (None, new)
        }
    };
    quote! {
        #required_struct
        impl #name {
            #new
            #(#setters)*
        }
    }
}

/// An optional field's initial value (unset) and its setter, named after it unless that
/// is a name the type's own methods take.
fn optional_field(field: &Field, shape: &FieldShape) -> (TokenStream, TokenStream) {
    let field_ident = ident(&field.ident);
    let inner = &shape.inner;
    let setter = if ["new", "validate"].contains(&field.ident.as_str()) {
        format_ident!("with_{}", field.ident)
    } else {
        field_ident.clone()
    };
    let doc = docs::attrs(&[format!("Sets [`{}`](Self::{}).", field.ident, field.ident)]);
    match shape.kind {
        FieldKind::Maybe => {
            let setter = quote! {
                #doc
                pub fn #setter(mut self, value: impl Into<crate::Maybe<#inner>>) -> Self {
                    self.#field_ident = value.into();
                    self
                }
            };
            (quote! { #field_ident: crate::Maybe::Absent }, setter)
        }
        FieldKind::Plain | FieldKind::Option => {
            let (param, converts) = argument(&field.ty, inner.clone());
            let value = match converts {
                true => quote! { value.into() },
                false => quote! { value },
            };
            let setter = quote! {
                #doc
                pub fn #setter(mut self, value: #param) -> Self {
                    self.#field_ident = Some(#value);
                    self
                }
            };
            (quote! { #field_ident: None }, setter)
        }
    }
}

/// The `...Required` struct of a type with two or more required fields, and the `new` that
/// takes it: each field named at the call site.
fn named_required(
    def: &TypeDef,
    required_name: &str,
    required: &[(&Field, &TokenStream)],
    inits: &[TokenStream],
    additional: Option<&TokenStream>,
) -> (TokenStream, TokenStream) {
    let required_ident = ident(required_name);
    let fields = required.iter().map(|(field, ty)| {
        let field_ident = ident(&field.ident);
        let doc = docs::attrs(&[format!("See [`{1}::{0}`].", field.ident, def.name)]);
        quote! { #doc pub #field_ident: #ty, }
    });
    let names = required.iter().map(|(field, _)| ident(&field.ident));
    let sensitive = required.iter().any(|(field, _)| field.is_sensitive());
    let derive_debug = (!sensitive).then(|| quote! { Debug, });
    let doc = docs::attrs(&[format!(
        "The required fields of [`{0}`], by name, for [`{0}::new`].",
        def.name
    )]);
    let required_struct = quote! {
        #doc
        #[derive(Clone, #derive_debug)]
        pub struct #required_ident { #(#fields)* }
    };
    let new = quote! {
        /// Creates a value from its required fields, named; optional ones are left unset.
        pub fn new(required: #required_ident) -> Self {
            let #required_ident { #(#names),* } = required;
            Self { #(#inits,)* #additional }
        }
    };
    (required_struct, new)
}
