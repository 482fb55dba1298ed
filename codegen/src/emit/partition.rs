//! Which file each model type goes in: the crate of the one resource group whose
//! operations use it, or the product's crate of shared types when several do.

use std::collections::{BTreeMap, BTreeSet};

use super::features::Features;
use crate::error::{Error, Result};
use crate::model::{Api, TypeDef};
use crate::naming::crates as names;

/// The key of the shared types' file in [`Modules`].
pub const SHARED_MODELS: &str = "shared";

/// Model files by module name, each type in the file of the one feature that uses it, or
/// in `shared` when several do; types in a file sorted by name.
pub type Modules<'a> = BTreeMap<String, Vec<&'a TypeDef>>;

pub fn model_modules<'a>(api: &'a Api, features: &Features) -> Result<Modules<'a>> {
    let shared = names::shared(&api.product.name);
    if features.groups.values().any(|f| *f == shared) {
        return Err(Error::plain(format!(
            "a resource group makes the feature `{shared}`, the name of the crate of {}'s shared types: \
             rename the group in the naming file",
            api.product.name
        )));
    }
    let mut by_module = Modules::new();
    for def in api.types.values() {
        let module = match features.types.get(&def.key) {
            Some(set) if set.len() == 1 => set.iter().map(|feature| names::feature_module(feature)).collect(),
            _ => SHARED_MODELS.to_string(),
        };
        by_module.entry(module).or_default().push(def);
    }
    for defs in by_module.values_mut() {
        defs.sort_by_cached_key(|def| crate::naming::module_name(&def.name));
    }
    Ok(by_module)
}

/// The features a model file is compiled for: its one feature, or for the shared file any
/// feature of its types (each of which also has its own `cfg`).
pub fn module_features(defs: &[&TypeDef], features: &Features) -> BTreeSet<String> {
    defs.iter()
        .flat_map(|def| features.types.get(&def.key).into_iter().flatten().cloned())
        .collect()
}
