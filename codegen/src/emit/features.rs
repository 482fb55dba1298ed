//! Cargo features: one per resource group (`client.cloud().inference()` is the feature
//! `cloud-inference`, named in `naming::crates`) and one per product turning on all its
//! groups. A model type is compiled when a feature whose operations use it is on, so a
//! crate that needs only inference compiles only what inference needs.

use std::collections::{BTreeMap, BTreeSet};

use proc_macro2::TokenStream;
use quote::quote;

use crate::model::*;

pub struct Features {
    /// Resource path of each group (`["cloud", "inference"]`) → its feature.
    pub groups: BTreeMap<Vec<String>, String>,
    /// Each type → the features whose operations use it.
    pub types: BTreeMap<TypeKey, BTreeSet<String>>,
}

pub use crate::naming::crates::GROUP_DEPTH;

/// The group an operation belongs to: the first two levels of its resource path.
pub fn group_path(op: &Operation) -> Vec<String> {
    crate::naming::crates::group_path(&op.rust)
}

/// The features of the product's groups and types, as naming and analysis filled them in
/// (`Operation::feature`, `TypeDef::features`).
pub fn features(api: &Api) -> Features {
    let groups = api.operations.iter().map(|op| (group_path(op), op.feature.clone())).collect();
    let types = api
        .types
        .iter()
        .filter(|(_, def)| !def.features.is_empty())
        .map(|(key, def)| (key.clone(), def.features.clone()))
        .collect();
    Features { groups, types }
}

impl Features {
    /// `#[cfg(...)]` for code that any of `features` needs.
    pub fn cfg(features: &BTreeSet<String>) -> TokenStream {
        match features.len() {
            0 => quote! { #[cfg(any())] },
            1 => {
                let feature = features.iter().next().expect("one feature");
                quote! { #[cfg(feature = #feature)] }
            }
            _ => {
                let features = features.iter();
                quote! { #[cfg(any(#(feature = #features),*))] }
            }
        }
    }

    /// `#[cfg(...)]` for a type.
    pub fn cfg_type(&self, key: &TypeKey) -> TokenStream {
        Self::cfg(self.types.get(key).unwrap_or(&BTreeSet::new()))
    }

    /// `#[cfg(...)]` for code that needs all of `features`.
    pub fn cfg_all<'a>(features: impl IntoIterator<Item = &'a String>) -> TokenStream {
        let features: Vec<&String> = features.into_iter().collect();
        match features.as_slice() {
            [single] => quote! { #[cfg(feature = #single)] },
            _ => quote! { #[cfg(all(#(feature = #features),*))] },
        }
    }
}
