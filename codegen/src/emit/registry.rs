//! The schema registry, for this repository's tests only (feature `schema-registry`):
//! `gcore::<product>::__registry::roundtrip(type_name, json)` decodes a JSON value as any
//! of the product's types by name.

use std::collections::BTreeSet;
use std::sync::Arc;

use proc_macro2::TokenStream;
use quote::quote;

use super::features::Features;
use super::models::ident;
use super::partition::{module_features, Modules, SHARED_MODELS};
use super::Deferred;
use crate::model::{TypeDef, TypeKind};
use crate::naming::crates as names;

/// For this repository's tests (feature `schema-registry`): decode a JSON value as any
/// generated type, named by its Rust name, encode it again and check that nothing changed.
/// A lookup function per model file, each a part of its own: one `match` over every type
/// of a large API was the largest single item codegen formatted.
pub fn parts<'a>(modules: &Modules<'a>, features: &Arc<Features>) -> Vec<Deferred<'a>> {
    let lookups: Vec<(String, BTreeSet<String>)> = modules
        .iter()
        .map(|(module, defs)| (names::registry_lookup(module), module_features(defs, features)))
        .collect();
    let mut parts: Vec<Deferred<'a>> = vec![Box::new(move || registry_tokens(&lookups))];
    for (module, defs) in modules {
        let (defs, features) = (defs.clone(), Arc::clone(features));
        let module = module.clone();
        parts.push(Box::new(move || registry_lookup_tokens(&module, &defs, &features)));
    }
    parts
}

fn registry_tokens(lookups: &[(String, BTreeSet<String>)]) -> TokenStream {
    let lookups = lookups.iter().map(|(lookup, needed)| {
        let (lookup, cfg) = (ident(lookup), Features::cfg(needed));
        quote! { #cfg #lookup, }
    });
    quote! {
        //! Decoding by type name, for the repository's example and round-trip tests: the
        //! product's types, by their Rust names.

        /// Decodes `value` as the type named `type_name`, encodes it again, and checks that
        /// decoding that gives the same value. `None` when no type has that name.
        pub fn roundtrip(type_name: &str, value: ::serde_json::Value) -> Option<Result<crate::__registry::Decoded, String>> {
            let lookups: &[fn(&str) -> Option<Roundtrip>] = &[#(#lookups)*];
            let roundtrip = lookups.iter().find_map(|lookup| lookup(type_name))?;
            Some(roundtrip(value))
        }

        type Roundtrip = fn(::serde_json::Value) -> Result<crate::__registry::Decoded, String>;

        #[allow(dead_code)] // without any feature on, no type is there to decode
        fn roundtrip_as<T>(value: ::serde_json::Value) -> Result<crate::__registry::Decoded, String>
        where
            T: ::serde::Serialize + ::serde::de::DeserializeOwned + PartialEq + ::std::fmt::Debug,
        {
            roundtrip_of::<T>(value).map(|(_, decoded)| decoded)
        }

        /// As `roundtrip_as`, and the value validated as it would be before it is sent.
        #[allow(dead_code)] // without any feature on, no type is there to decode
        fn roundtrip_validated_as<T>(value: ::serde_json::Value) -> Result<crate::__registry::Decoded, String>
        where
            T: ::serde::Serialize + ::serde::de::DeserializeOwned + PartialEq + ::std::fmt::Debug + crate::Validate,
        {
            let (value, mut decoded) = roundtrip_of::<T>(value)?;
            decoded.validation = Some(crate::Validate::validate(&value).map_err(|e| format!("{}: {}", e.path, e.rule)));
            Ok(decoded)
        }

        #[allow(dead_code)] // without any feature on, no type is there to decode
        fn roundtrip_of<T>(value: ::serde_json::Value) -> Result<(T, crate::__registry::Decoded), String>
        where
            T: ::serde::Serialize + ::serde::de::DeserializeOwned + PartialEq + ::std::fmt::Debug,
        {
            let before = crate::runtime::unknown_values_made();
            let decoded: T = ::serde_path_to_error::deserialize(value).map_err(|e| format!("at `{}`: {}", e.path(), e.inner()))?;
            let has_unknown_values = crate::runtime::unknown_values_made() != before;
            let encoded = ::serde_json::to_value(&decoded).map_err(|e| format!("cannot encode: {e}"))?;
            let again: T = ::serde_json::from_value(encoded.clone()).map_err(|e| format!("cannot decode what was encoded: {e}"))?;
            if again != decoded {
                return Err(format!("decode → encode → decode changed the value: {decoded:?} became {again:?}"));
            }
            Ok((decoded, crate::__registry::Decoded { encoded, has_unknown_values, validation: None }))
        }
    }
}

/// The types of one model file, by name.
fn registry_lookup_tokens(module: &str, defs: &[&TypeDef], features: &Features) -> TokenStream {
    let cfg = Features::cfg(&module_features(defs, features));
    // Only the shared file's types have features of their own.
    let shared = module == SHARED_MODELS;
    let arms = defs.iter().map(|def| {
        let name = &def.name;
        let ty = ident(&def.name);
        let cfg = shared.then(|| features.cfg_type(&def.key));
        // Request structs implement `Validate` (see `emit::models`).
        match (&def.kind, def.usage.request) {
            (TypeKind::Struct(_), true) => quote! { #cfg #name => roundtrip_validated_as::<super::models::#ty>, },
            (TypeKind::Struct(_), false) | (TypeKind::Enum(_) | TypeKind::Union(_) | TypeKind::Alias(_), _) => {
                quote! { #cfg #name => roundtrip_as::<super::models::#ty>, }
            }
        }
    });
    let lookup = ident(&names::registry_lookup(module));
    quote! {
        #cfg
        fn #lookup(type_name: &str) -> Option<Roundtrip> {
            let roundtrip: Roundtrip = match type_name {
                #(#arms)*
                _ => return None,
            };
            Some(roundtrip)
        }
    }
}
