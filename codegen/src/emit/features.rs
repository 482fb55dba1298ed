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

/// How deep resource groups are: `cloud.inference` is a group.
pub const GROUP_DEPTH: usize = 2;

/// The group an operation belongs to: the first two levels of its resource path.
pub fn group_path(op: &Operation) -> Vec<String> {
    op.rust.resource[..op.rust.resource.len().min(GROUP_DEPTH)].to_vec()
}

pub fn features(api: &Api) -> Features {
    let groups: BTreeMap<Vec<String>, String> = api
        .operations
        .iter()
        .map(group_path)
        .map(|path| {
            let feature = crate::naming::crates::group_feature(&path);
            (path, feature)
        })
        .collect();
    let mut types: BTreeMap<TypeKey, BTreeSet<String>> = BTreeMap::new();
    for op in &api.operations {
        let feature = &groups[&group_path(op)];
        let mut reached = BTreeSet::new();
        for ty in op.shapes() {
            reach(&api.types, ty, &mut reached);
        }
        for key in reached {
            types.entry(key).or_default().insert(feature.clone());
        }
    }
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
