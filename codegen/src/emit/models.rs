//! Emits the model types: structs for objects, enums for string enums, Rust enums for
//! unions, aliases for everything else.
//!
//! How optional and nullable fields map (the README's "Models" section):
//!
//! | required | nullable | received only             | sent (request types)               |
//! |----------|----------|---------------------------|------------------------------------|
//! | yes      | no       | `T`                       | `T`                                |
//! | yes      | yes      | `Option<T>`               | `Option<T>` (`None` is sent as null) |
//! | no       | no       | `Option<T>`               | `Option<T>` (`None` is left out)   |
//! | no       | yes      | `Option<T>`               | `Maybe<T>`: absent, null or a value |
//!
//! A required list or map that is missing from a response decodes as empty: failing a
//! whole call over it helps nobody. Request types also implement `Validate`, which checks
//! the spec's constraints before anything is sent.

use proc_macro2::{Ident, TokenStream};
use quote::quote;

use super::constructors::constructor_tokens;
use super::docs;
use super::features::Features;
pub use super::rust::{field_kind, ident, type_tokens, FieldKind};
use crate::model::*;

/// The opening of `models/<feature>.rs`, which then holds the types only that feature's
/// operations use, in name order.
pub fn group_doc(feature: &str, shared_crate: Option<&str>) -> TokenStream {
    let doc = format!(" The types only the operations of the `{feature}` feature use.");
    // The shared types the group names are `crate::models::…` too, within the crate only:
    // `gcore` re-exports them from the product's shared crate itself.
    let shared = shared_crate.map(|krate| {
        let krate = ident(krate);
        quote! {
            #[allow(unused_imports)]
            pub(crate) use ::#krate::models::*;
        }
    });
    quote! {
        #![doc = #doc]
        #shared
    }
}

/// The opening of the shared crate's models, which then holds the types several groups use.
pub fn shared_doc() -> TokenStream {
    quote! {
        //! The types that the operations of several features use.
    }
}

/// A type of the product's shared crate: in a module of its own, compiled when any feature that
/// uses it is on.
pub fn shared_items(api: &Api, def: &TypeDef, features: &Features) -> TokenStream {
    let (module, name) = (ident(&crate::naming::module_name(&def.name)), ident(&def.name));
    let cfg = features.cfg_type(&def.key);
    let items = model_items(api, def);
    quote! {
        #cfg
        mod #module {
            #items
        }
        #cfg
        pub use #module::#name;
    }
}

/// Where a type is used, one line each: the calls that take it, those that return it, and
/// the types it is part of (a few of each, then how many more).
fn uses_doc(uses: &Uses) -> Option<String> {
    fn some(names: &[String]) -> String {
        const SHOWN: usize = 4;
        let mut text: Vec<String> = names.iter().take(SHOWN).map(|n| docs::code(n)).collect();
        if names.len() > SHOWN {
            text.push(format!("{} more", names.len() - SHOWN));
        }
        text.join(", ")
    }
    let mut lines = Vec::new();
    if !uses.taken_by.is_empty() {
        lines.push(format!("- Taken by {}", some(&uses.taken_by)));
    }
    if !uses.returned_by.is_empty() {
        lines.push(format!("- Returned by {}", some(&uses.returned_by)));
    }
    if !uses.part_of.is_empty() {
        lines.push(format!("- Part of {}", some(&uses.part_of)));
    }
    (!lines.is_empty()).then(|| lines.join("\n"))
}

/// The items of one type: its definition and impls, with its documentation.
pub fn model_items(api: &Api, def: &TypeDef) -> TokenStream {
    // Most titles just repeat the schema name, which is said below anyway.
    let upstream = match &def.key {
        TypeKey::Component(name) => name.as_str(),
        TypeKey::Inline(_) => def.name.as_str(),
    };
    let mut paragraphs = docs::describe(&def.docs, upstream);
    paragraphs.extend(uses_doc(&def.uses));
    if let TypeKey::Component(name) = &def.key {
        paragraphs.push(format!("Upstream schema: {}.", docs::code(name)));
    }
    let mut doc = docs::attrs(&paragraphs);
    if def.docs.deprecated {
        let note = docs::deprecation_note(&def.docs);
        doc.extend(quote! { #[deprecated(note = #note)] });
    }
    let name = ident(&def.name);
    match &def.kind {
        TypeKind::Struct(s) => struct_tokens(api, def, s, doc),
        TypeKind::Enum(e) => enum_tokens(e, &name, doc),
        TypeKind::Alias(target) => {
            let target = type_tokens(api, target);
            quote! { #doc pub type #name = #target; }
        }
        TypeKind::Union(u) => union_tokens(api, def, u, doc),
    }
}

/// A variant's doc: the tags that select it, if any.
fn variant_doc(v: &Variant) -> TokenStream {
    let text = match v.tags.as_slice() {
        [] => "One of the shapes the value can have.".to_string(),
        tags => format!(
            "Selected by {}.",
            tags.iter()
                .map(|t| docs::code(&format!("{t:?}")))
                .collect::<Vec<_>>()
                .join(" or ")
        ),
    };
    docs::attrs(&[text])
}

/// What a union that requests carry needs: its checks, and (as a query or header
/// parameter) being written as the JSON value it is.
fn union_request_tokens(api: &Api, u: &Union, name: &Ident, names: &[Ident]) -> TokenStream {
    let validate = union_validate_tokens(api, u, name, names);
    quote! {
        #validate
        impl crate::QueryValue for #name {
            fn append_to(&self, name: &str, pairs: &mut Vec<(String, String)>) {
                if let Ok(value) = ::serde_json::to_value(self) {
                    crate::QueryValue::append_to(&value, name, pairs);
                }
            }
        }
    }
}

/// A union as a Rust enum. Untagged: the first variant that holds every field of the value
/// and knows its enum values, else the one that misses the fewest (`runtime::decode_untagged`). Tagged: the tag
/// property picks the variant, and a tag this SDK does not know is kept as JSON. Variants
/// hold their whole value, tag included, so each encodes exactly as it was decoded.
fn union_tokens(api: &Api, def: &TypeDef, u: &Union, doc: TokenStream) -> TokenStream {
    let name = ident(&def.name);
    let names: Vec<Ident> = u.variants.iter().map(|v| ident(&v.name)).collect();
    let types: Vec<TokenStream> = u
        .variants
        .iter()
        .map(|v| {
            let ty = type_tokens(api, &v.ty);
            if v.boxed {
                quote! { Box<#ty> }
            } else {
                ty
            }
        })
        .collect();
    let variant_docs = u.variants.iter().map(variant_doc);
    let validate = def.usage.request.then(|| union_request_tokens(api, u, &name, &names));
    let Some(property) = &u.tag_property else {
        let type_name = def.name.as_str();
        return quote! {
            #doc
            #[derive(Clone, Debug, PartialEq, ::serde::Serialize)]
            #[serde(untagged)]
            #[non_exhaustive]
            pub enum #name {
                #( #variant_docs #names(#types), )*
            }
            impl<'de> ::serde::Deserialize<'de> for #name {
                /// The first variant that holds all of the value, else the one that misses the least.
                fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                    crate::runtime::decode_untagged(deserializer, #type_name, &[
                        #( |value| crate::runtime::union_variant(value, Self::#names), )*
                    ])
                }
            }
            #validate
        };
    };
    let catch_all = ident(&u.catch_all);
    let arms = u.variants.iter().zip(&names).map(|(v, variant)| {
        let tags = &v.tags;
        quote! { #( Some(#tags) )|* => Self::#variant(crate::runtime::decode_variant(value)?), }
    });
    let catch_all_doc = docs::attrs(&[format!(
        "A value whose {} this version of the SDK does not know, kept as received.",
        docs::code(property)
    )]);
    quote! {
        #doc
        #[derive(Clone, Debug, PartialEq, ::serde::Serialize)]
        #[serde(untagged)]
        #[non_exhaustive]
        pub enum #name {
            #( #variant_docs #names(#types), )*
            #catch_all_doc
            #catch_all(::serde_json::Value),
        }
        impl<'de> ::serde::Deserialize<'de> for #name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let value = <::serde_json::Value as ::serde::Deserialize>::deserialize(deserializer)?;
                let tag = value.get(#property).and_then(::serde_json::Value::as_str).map(str::to_owned);
                Ok(match tag.as_deref() {
                    #(#arms)*
                    _ => Self::#catch_all(value),
                })
            }
        }
        #validate
    }
}

fn union_validate_tokens(api: &Api, u: &Union, name: &Ident, names: &[Ident]) -> TokenStream {
    let arms: Vec<TokenStream> = u
        .variants
        .iter()
        .zip(names)
        .filter_map(|(v, variant)| variant_validation(api, v, variant))
        .collect();
    let rest = (arms.len() < u.variants.len() || u.tag_property.is_some()).then(|| quote! { _ => Ok(()), });
    let path = if arms.is_empty() {
        quote! { _path }
    } else {
        quote! { path }
    };
    let body = if arms.is_empty() {
        quote! { Ok(()) }
    } else {
        quote! { match self { #(#arms)* #rest } }
    };
    quote! {
        impl crate::Validate for #name {
            fn validate_at(&self, #path: &crate::FieldPath<'_>) -> Result<(), crate::ValidationError> {
                #body
            }
        }
    }
}

/// The match arm that validates one variant: the rules of its branch, then its own
/// `Validate` when its type has checks inside; `None` when there is nothing to check.
fn variant_validation(api: &Api, v: &Variant, variant: &Ident) -> Option<TokenStream> {
    let checks = check_tokens(&v.checks, quote! { value });
    Some(match (checks.is_empty(), api.validates(&v.ty)) {
        (true, false) => return None,
        (true, true) => quote! { Self::#variant(value) => crate::Validate::validate_at(value, path), },
        (false, true) => quote! {
            Self::#variant(value) => { let path = *path; #(#checks)* crate::Validate::validate_at(value, &path) }
        },
        (false, false) => quote! { Self::#variant(value) => { let path = *path; #(#checks)* Ok(()) } },
    })
}

/// How one field is declared, and how it goes to and from JSON.
pub(super) struct FieldShape {
    /// The field's type, wrapper included.
    pub(super) ty: TokenStream,
    pub(super) kind: FieldKind,
    /// The value's type, without the wrapper.
    pub(super) inner: TokenStream,
    /// Decoding fails without it (otherwise a missing field takes its `Default`).
    required_on_decode: bool,
    /// Left out of the JSON when unset (otherwise always sent, `null` included).
    omitted_when_unset: bool,
}

/// A field's type as its struct declares it, wrapper included, without crate paths:
/// `Option<Vec<OutputZone>>`.
pub(super) fn field_type(api: &Api, def: &TypeDef, field: &Field) -> String {
    super::reference::tokens_text(field_shape(api, def, field).ty)
}

fn field_shape(api: &Api, def: &TypeDef, field: &Field) -> FieldShape {
    let mut inner = type_tokens(api, &field.ty);
    if field.boxed {
        inner = quote! { Box<#inner> };
    }
    let collection = matches!(field.ty, TypeRef::Array(_) | TypeRef::Map(_) | TypeRef::JsonObject);
    let kind = field_kind(field, def.usage.request);
    let ty = match kind {
        FieldKind::Plain => inner.clone(),
        FieldKind::Option => quote! { Option<#inner> },
        FieldKind::Maybe => quote! { crate::Maybe<#inner> },
    };
    FieldShape {
        ty,
        kind,
        inner,
        // A missing list or map is not worth failing a whole response over (decoding only:
        // request types still take it as a constructor argument).
        required_on_decode: kind == FieldKind::Plain && !collection,
        omitted_when_unset: !field.required,
    }
}

fn struct_tokens(api: &Api, def: &TypeDef, s: &Struct, doc: TokenStream) -> TokenStream {
    let name = ident(&def.name);
    let shapes: Vec<FieldShape> = s.fields.iter().map(|f| field_shape(api, def, f)).collect();
    let fields = s.fields.iter().zip(&shapes).map(|(field, shape)| {
        let mut paragraphs = docs::describe(&field.docs, &field.wire_name);
        if field.write_only {
            paragraphs.push("Write-only: the API accepts it but never returns its value.".into());
        }
        let mut doc = docs::attrs(&paragraphs);
        if field.docs.deprecated {
            let note = docs::deprecation_note(&field.docs);
            doc.extend(quote! { #[deprecated(note = #note)] });
        }
        let field_ident = ident(&field.ident);
        let ty = &shape.ty;
        quote! { #doc pub #field_ident: #ty, }
    });
    let additional = s.additional.as_ref().map(|value| {
        let value = type_tokens(api, value);
        quote! {
            /// Properties not declared by the schema, which it allows.
            pub additional_properties: ::std::collections::BTreeMap<String, #value>,
        }
    });
    let required_count = s.fields.iter().filter(|f| f.required).count();
    let default = (def.usage.request && required_count == 0).then(|| quote! { Default, });
    let sensitive = s.fields.iter().any(Field::is_sensitive);
    let derive_debug = (!sensitive).then(|| quote! { Debug, });
    let debug = sensitive.then(|| redacted_debug_tokens(def, s, &shapes));
    let constructor = def.usage.request.then(|| constructor_tokens(def, s, &shapes));
    let validate = def.usage.request.then(|| validate_tokens(api, def, s, &shapes));
    let page = page_tokens(api, def, s, &shapes);
    let serde = serde_tokens(api, def, s, &shapes);
    quote! {
        #doc
        #[derive(Clone, #derive_debug #default PartialEq)]
        #[non_exhaustive]
        pub struct #name {
            #(#fields)*
            #additional
        }
        #serde
        #debug
        #constructor
        #validate
        #page
    }
}

/// `Serialize` and `Deserialize` through the runtime's object routines (see
/// `runtime/objects.rs` for why not derives): each field once per direction, with how it
/// is sent and how it is decoded.
fn serde_tokens(api: &Api, def: &TypeDef, s: &Struct, shapes: &[FieldShape]) -> TokenStream {
    let name = ident(&def.name);
    let type_name = &def.name;
    let idents: Vec<Ident> = s.fields.iter().map(|f| ident(&f.ident)).collect();
    let wires: Vec<&str> = s.fields.iter().map(|f| f.wire_name.as_str()).collect();
    let mut sent = Vec::new();
    let mut slots = Vec::new();
    for ((shape, field), wire) in shapes.iter().zip(&idents).zip(&wires) {
        sent.push(if shape.omitted_when_unset {
            quote! { crate::runtime::IfSet(#wire, &self.#field) }
        } else {
            quote! { crate::runtime::Always(#wire, &self.#field) }
        });
        let ty = &shape.ty;
        slots.push(if shape.required_on_decode {
            quote! { crate::runtime::Required<#ty> }
        } else {
            quote! { crate::runtime::Defaulted<#ty> }
        });
    }
    let values = tuple(idents.iter().map(|field| quote! { #field }).collect());
    let slots = tuple(slots);
    let decode = match &s.additional {
        None => quote! {
            let #values = crate::runtime::decode_object::<D, #slots>(deserializer, #type_name, &[#(#wires),*])?;
            Ok(Self { #(#idents),* })
        },
        Some(value) => {
            sent.push(quote! { crate::runtime::Undeclared(&self.additional_properties) });
            let value = type_tokens(api, value);
            quote! {
                let (#values, additional_properties) = crate::runtime::decode_object_and_rest::<D, #slots, #value>(
                    deserializer, #type_name, &[#(#wires),*],
                )?;
                Ok(Self { #(#idents,)* additional_properties })
            }
        }
    };
    let sent = tuple(sent);
    // One line on each impl, so that a reader sees how one field decodes.
    let how = " Each listed wire name decodes, as the tuple's kind at its place, into the variable at its place.";
    quote! {
        impl ::serde::Serialize for #name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                crate::runtime::encode_object(serializer, #sent)
            }
        }
        impl<'de> ::serde::Deserialize<'de> for #name {
            #[doc = #how]
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                #decode
            }
        }
    }
}

/// The longest tuple the runtime's object routines take (`runtime/objects.rs`).
const TUPLE_MAX: usize = 16;

/// `(a, b, c)`; a longer list as a tuple of such tuples, which the runtime takes as well.
fn tuple(items: Vec<TokenStream>) -> TokenStream {
    if items.len() <= TUPLE_MAX {
        return quote! { (#(#items,)*) };
    }
    tuple(items.chunks(TUPLE_MAX).map(|chunk| tuple(chunk.to_vec())).collect())
}

/// `Debug` that shows every field but prints secrets (`writeOnly`, `format: password`)
/// only as whether they are set, so that logging a value never leaks one.
fn redacted_debug_tokens(def: &TypeDef, s: &Struct, shapes: &[FieldShape]) -> TokenStream {
    let name = ident(&def.name);
    let type_name = &def.name;
    let fields = s.fields.iter().zip(shapes).map(|(field, shape)| {
        let field_ident = ident(&field.ident);
        let label = &field.ident;
        let shown = match (field.is_sensitive(), shape.kind) {
            (false, _) => quote! { &self.#field_ident },
            (true, FieldKind::Plain) => quote! { &crate::runtime::Redacted },
            (true, _) => quote! { &self.#field_ident.as_ref().map(|_| crate::runtime::Redacted) },
        };
        quote! { .field(#label, #shown) }
    });
    let additional = s
        .additional
        .as_ref()
        .map(|_| quote! { .field("additional_properties", &self.additional_properties) });
    quote! {
        impl ::std::fmt::Debug for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.debug_struct(#type_name) #(#fields)* #additional .finish()
            }
        }
    }
}

/// `Validate` for a request type: each constraint of each set field, then the fields whose
/// types have constraints of their own, in field order.
fn validate_tokens(api: &Api, def: &TypeDef, s: &Struct, shapes: &[FieldShape]) -> TokenStream {
    let name = ident(&def.name);
    let mut checks: Vec<TokenStream> = s
        .fields
        .iter()
        .zip(shapes)
        .filter_map(|(field, shape)| field_validation(api, field, shape.kind))
        .collect();
    // `minProperties`/`maxProperties` of the object itself: the fields it would send.
    let rules = &def.docs.constraints;
    if rules.min_properties.is_some() || rules.max_properties.is_some() {
        checks.push(quote! { let count = crate::runtime::count_fields(self); });
    }
    if let Some(min) = rules.min_properties {
        let min = min as u64;
        checks.push(quote! { crate::runtime::min_properties(path, count, #min)?; });
    }
    if let Some(max) = rules.max_properties {
        let max = max as u64;
        checks.push(quote! { crate::runtime::max_properties(path, count, #max)?; });
    }
    let path = if checks.is_empty() {
        quote! { _path }
    } else {
        quote! { path }
    };
    quote! {
        impl crate::Validate for #name {
            fn validate_at(&self, #path: &crate::FieldPath<'_>) -> Result<(), crate::ValidationError> {
                #(#checks)*
                Ok(())
            }
        }
    }
}

fn field_validation(api: &Api, field: &Field, kind: FieldKind) -> Option<TokenStream> {
    let mut checks = check_tokens(&field.checks, quote! { value });
    if api.validates(&field.ty) {
        checks.push(quote! { crate::Validate::validate_at(value, &path)?; });
    }
    if checks.is_empty() {
        return None;
    }
    let field_ident = ident(&field.ident);
    let wire = &field.wire_name;
    let body = quote! {
        let path = path.field(#wire);
        #(#checks)*
    };
    Some(match kind {
        FieldKind::Plain => quote! { { let value = &self.#field_ident; #body } },
        FieldKind::Option => quote! { if let Some(value) = &self.#field_ident { #body } },
        FieldKind::Maybe => quote! { if let crate::Maybe::Value(value) = &self.#field_ident { #body } },
    })
}

/// The checks of a field, parameter or body (worked out by `analysis`), each a call of the
/// runtime's checks. `value` is a reference to the value and `path` its `FieldPath`.
pub fn check_tokens(checks: &[Check], value: TokenStream) -> Vec<TokenStream> {
    checks.iter().map(|check| one_check(check, &value)).collect()
}

fn one_check(check: &Check, value: &TokenStream) -> TokenStream {
    let text = |date_time: bool| match date_time {
        true => quote! { #value.as_str() },
        false => quote! { #value },
    };
    match check {
        Check::Pattern { pattern, date_time } => {
            let text = text(*date_time);
            quote! { crate::runtime::pattern(&path, #text, #pattern)?; }
        }
        Check::MinLength { min, date_time } => {
            let text = text(*date_time);
            quote! { crate::runtime::min_length(&path, #text, #min)?; }
        }
        Check::MaxLength { max, date_time } => {
            let text = text(*date_time);
            quote! { crate::runtime::max_length(&path, #text, #max)?; }
        }
        Check::Minimum(Bound { value: bound, exclusive }) => {
            quote! { crate::runtime::minimum(&path, *#value, #bound, #exclusive)?; }
        }
        Check::Maximum(Bound { value: bound, exclusive }) => {
            quote! { crate::runtime::maximum(&path, *#value, #bound, #exclusive)?; }
        }
        Check::MinItems(min) => quote! { crate::runtime::min_items(&path, #value.len(), #min)?; },
        Check::MaxItems(max) => quote! { crate::runtime::max_items(&path, #value.len(), #max)?; },
        Check::UniqueItems => quote! { crate::runtime::unique_items(&path, #value)?; },
        Check::MinProperties(min) => quote! { crate::runtime::min_properties(&path, #value.len(), #min)?; },
        Check::MaxProperties(max) => quote! { crate::runtime::max_properties(&path, #value.len(), #max)?; },
        Check::EachKey(checks) => {
            // A key that breaks a rule is reported as the value, at the map's path.
            let checks = check_tokens(checks, quote! { key });
            quote! { for key in #value.keys() { #(#checks)* } }
        }
        Check::EachItem(checks) => {
            let checks = check_tokens(checks, quote! { item });
            quote! { for (index, item) in #value.iter().enumerate() { let path = path.index(index); #(#checks)* } }
        }
        Check::EachValue(checks) => {
            let checks = check_tokens(checks, quote! { item });
            quote! { for (key, item) in #value { let path = path.key(key); #(#checks)* } }
        }
        Check::IfPresent(checks) => {
            let checks = check_tokens(checks, quote! { value });
            quote! { if let Some(value) = #value { #(#checks)* } }
        }
    }
}

/// `Page` for the response type of a paginated operation.
fn page_tokens(api: &Api, def: &TypeDef, s: &Struct, shapes: &[FieldShape]) -> Option<TokenStream> {
    let item = def.page_of.as_ref()?;
    let field = |wire: &str| s.fields.iter().zip(shapes).find(|(f, _)| f.wire_name == wire);
    let (count, count_shape) = field("count")?;
    let (results, results_shape) = field("results")?;
    let count = ident(&count.ident);
    let results = ident(&results.ident);
    let total = match count_shape.kind {
        FieldKind::Plain => quote! { Some(self.#count) },
        FieldKind::Option => quote! { self.#count },
        FieldKind::Maybe => quote! { self.#count.as_value().copied() },
    };
    let items = match results_shape.kind {
        FieldKind::Plain => quote! { self.#results },
        FieldKind::Option => quote! { self.#results.unwrap_or_default() },
        FieldKind::Maybe => quote! { self.#results.into_value().unwrap_or_default() },
    };
    let name = ident(&def.name);
    let item = type_tokens(api, item);
    Some(quote! {
        impl crate::Page for #name {
            type Item = #item;
            fn total(&self) -> Option<i64> { #total }
            fn into_items(self) -> Vec<#item> { #items }
        }
    })
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
