//! The `gcore` crate's own code: `lib.rs`, with an accessor per product on `Client`, and a
//! module per product (`gcore::cloud`) that re-exports that product's resources, types and
//! helpers from the crates of its groups.

use std::collections::{BTreeMap, BTreeSet};

use proc_macro2::TokenStream;
use quote::quote;

use super::crates::{Group, ProductCrates};
use super::docs;
use super::features::Features;
use super::helpers::Shipped;
use super::models::ident;
use crate::naming::resource_type;

/// What `lib.rs` says of one product.
pub struct ProductEntry {
    pub name: String,
    pub title: String,
}

pub fn lib_tokens(products: &[ProductEntry]) -> TokenStream {
    let modules = products.iter().map(|p| {
        let module = ident(&p.name);
        quote! {
            #[rustfmt::skip]
            pub mod #module;
        }
    });
    quote! {
        #![doc = include_str!("../README.md")]
        // On docs.rs, each item says which cargo feature turns it on.
        #![cfg_attr(docsrs, feature(doc_cfg))]

        // Emitted files are formatted by prettyplease, not rustfmt: keep `cargo fmt` away
        // so that `generated/` stays exactly what codegen writes.
        #[rustfmt::skip]
        mod client;
        // The runtime's public items, with `Client` and `ClientBuilder` (below) replaced by
        // this crate's, on which the resource tree is.
        pub use ::gcore_runtime::*;
        pub use client::{Client, ClientBuilder};

        // `client.cloud()` and the other products' accessors.
        #[rustfmt::skip]
        mod products;
        #( #modules )*

        /// Re-exported so that users can name `serde_json::Value` fields without a direct dependency.
        pub use serde_json;

        #[cfg(feature = "schema-registry")]
        #[doc(hidden)]
        #[rustfmt::skip]
        pub mod __registry;

        #[cfg(feature = "operation-table")]
        #[doc(hidden)]
        #[rustfmt::skip]
        pub mod __operations;
    }
}

/// `src/products.rs`: an accessor per product on `Client`.
pub fn products_tokens(products: &[ProductEntry]) -> TokenStream {
    let accessors = products.iter().map(|p| {
        let (module, ty) = (ident(&p.name), ident(&resource_type(&p.name)));
        let doc = docs::attrs(&[format!(
            "Gcore's {}: {}.",
            p.title,
            docs::code(&format!("client.{}()", p.name))
        )]);
        quote! {
            #doc
            pub fn #module(&self) -> crate::#module::#ty {
                crate::#module::#ty::new(self.inner.clone())
            }
        }
    });
    quote! {
        //! The resource tree's roots: one accessor per product on [`Client`](crate::Client).

        impl crate::Client {
            #( #accessors )*
        }
    }
}

/// `src/__registry.rs`, for this repository's tests only: decoding by product and type name.
pub fn registry_tokens(products: &[ProductEntry]) -> TokenStream {
    let registries = products.iter().map(|p| {
        let (name, module) = (&p.name, ident(&p.name));
        quote! { #name => crate::#module::__registry::roundtrip(type_name, value), }
    });
    quote! {
        //! Decoding by product and type name, for the repository's example and round-trip tests.

        /// A value decoded into its type and encoded again.
        #[derive(Clone, Debug)]
        pub struct Decoded {
            /// The typed value encoded again: what the SDK would send back.
            pub encoded: ::serde_json::Value,
            /// Whether an enum in it holds a value its type does not list (its catch-all
            /// variant).
            pub has_unknown_values: bool,
            /// What `Validate::validate` says of it (`path: rule`), for the types users send
            /// (request structs); `None` for the others.
            pub validation: Option<Result<(), String>>,
        }

        /// Decodes `value` as the type `type_name` of `product` (see each product's
        /// `__registry::roundtrip`). `None` when there is no such type.
        pub fn roundtrip(product: &str, type_name: &str, value: ::serde_json::Value) -> Option<Result<Decoded, String>> {
            match product {
                #( #registries )*
                _ => None,
            }
        }
    }
}

/// The opening of `src/<product>/mod.rs`: its docs and sub-modules. The product's resource
/// (`resources::facade_node_tokens`) follows in the same file.
pub fn product_module_tokens(name: &str, title: &str, has_helpers: bool) -> TokenStream {
    let doc = format!(
        " Gcore's {title}: the resources of `client.{name}()`, and the types they send and receive \
         ([`models`])."
    );
    let helpers = has_helpers.then(|| {
        quote! {
            #[rustfmt::skip]
            pub mod helpers;
        }
    });
    quote! {
        #![doc = #doc]

        #[rustfmt::skip]
        pub mod models;
        #helpers

        #[cfg(feature = "schema-registry")]
        #[doc(hidden)]
        #[rustfmt::skip]
        #[allow(deprecated)]
        pub mod __registry;

        #[cfg(feature = "operation-table")]
        #[doc(hidden)]
        #[rustfmt::skip]
        #[allow(deprecated)]
        pub mod __operations;
    }
}

/// `src/<product>/models.rs`: the types of the product's groups that are on, from their
/// crates, and those several groups use, from the product's shared crate.
pub fn models_tokens(product: &ProductCrates, own_types: &BTreeSet<String>) -> TokenStream {
    // With none of their groups on, the shared types are not there to re-export.
    let shared = (!product.links.shared_users.is_empty()).then(|| {
        let cfg = Features::cfg(&product.links.shared_users);
        let krate = product.shared_ident();
        quote! { #cfg pub use ::#krate::models::*; }
    });
    // A group whose operations use only shared types has none of its own to re-export.
    let uses = product
        .groups
        .values()
        .filter(|group| own_types.contains(&crate::naming::crates::feature_module(&group.feature)))
        .map(|group| {
            let (feature, krate) = (&group.feature, group.crate_ident());
            quote! { #[cfg(feature = #feature)] pub use ::#krate::models::*; }
        });
    let doc = format!(
        " Every type {} sends or receives: those of its resource groups that are on.",
        product.title
    );
    quote! {
        #![doc = #doc]
        #shared
        #( #uses )*
    }
}

/// `src/<product>/helpers.rs`: a group's helpers are there when the group and all the
/// groups one of them calls are on.
pub fn helpers_tokens(helpers: &[Shipped], groups: &BTreeMap<String, Group>) -> TokenStream {
    let mut homes: BTreeMap<&str, Vec<BTreeSet<String>>> = BTreeMap::new();
    for helper in helpers {
        let mut needed = helper.calls.clone();
        needed.insert(helper.home.clone());
        homes.entry(&helper.home).or_default().push(needed);
    }
    let uses = homes.into_iter().map(|(home, needed)| {
        let krate = groups[home].crate_ident();
        let cfg = match needed.as_slice() {
            [features] => Features::cfg_all(features),
            _ => {
                let alternatives = needed.iter().map(|features| {
                    let features = features.iter();
                    quote! { all(#(feature = #features),*) }
                });
                quote! { #[cfg(any(#(#alternatives),*))] }
            }
        };
        quote! { #cfg pub use ::#krate::helpers::*; }
    });
    quote! {
        //! Hand-written helpers built on the generated operations: task polling and
        //! create-and-wait workflows.
        #( #uses )*
    }
}
