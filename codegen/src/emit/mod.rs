//! Stage 5: turn the named model into the files of the `gcore` crate.
//!
//! Emitted Rust is returned as deferred token streams, a file in parts (one per model
//! type): `write` emits and formats each part on one of several threads, so that only the
//! parts being formatted have tokens in memory. Output is split so that one changed schema
//! touches one place: a model file per feature (resource group), in which each type is
//! one contiguous block, and a file per resource.
//!
//! Compile time: what is emitted is checked by every user's `cargo check`, so per type and
//! per operation it stays small, and the generic work lives in the runtime, checked once.
//! Structs encode and decode through `runtime/objects.rs` rather than serde derives, and
//! operations build their request in plain code and leave sending to `runtime::send`, so
//! the crate holds no `async` code of its own. Both cut the check time of a large crate by
//! more than half (BENCHMARKS.md).

pub mod docs;
pub mod features;
pub mod models;
pub mod resources;

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;
use std::sync::Arc;

use proc_macro2::TokenStream;
use quote::quote;

use crate::error::{Error, Result};
use crate::model::{Api, TypeDef};
use models::ident;

/// One file of the generated crate, by its path relative to the crate root.
pub enum Content<'a> {
    /// Emitted Rust code, in parts that `write` emits and formats one at a time (spread
    /// over threads) and joins: a large file never has all its tokens in memory at once.
    Rust(Vec<Deferred<'a>>),
    /// A hand-written runtime file, copied verbatim; `source` is its path in this repository.
    Copied { source: &'static str, text: &'static str },
    /// Other emitted text (Cargo.toml).
    Text(String),
}

pub type Files<'a> = BTreeMap<PathBuf, Content<'a>>;

/// Emission of one file, run by `write` on a worker thread.
pub type Deferred<'a> = Box<dyn FnOnce() -> TokenStream + Send + 'a>;

/// A hand-written file shipped inside the generated crate: (path in the crate, path in
/// this repository, text).
type Copied = (&'static str, &'static str, &'static str);

macro_rules! hand_written {
    ($out:literal, $source:literal) => {
        (
            $out,
            concat!("codegen/runtime/", $source),
            include_str!(concat!("../../runtime/", $source)),
        )
    };
}

/// The hand-written runtime that ships inside every generated crate (see `codegen/runtime/`).
const RUNTIME: &[Copied] = &[
    hand_written!("README.md", "README.md"),
    hand_written!("src/runtime/mod.rs", "src/mod.rs"),
    hand_written!("src/runtime/client.rs", "src/client.rs"),
    hand_written!("src/runtime/datetime.rs", "src/datetime.rs"),
    hand_written!("src/runtime/error.rs", "src/error.rs"),
    hand_written!("src/runtime/objects.rs", "src/objects.rs"),
    hand_written!("src/runtime/paging.rs", "src/paging.rs"),
    hand_written!("src/runtime/request.rs", "src/request.rs"),
    hand_written!("src/runtime/retry.rs", "src/retry.rs"),
    hand_written!("src/runtime/validate.rs", "src/validate.rs"),
    hand_written!("src/runtime/values.rs", "src/values.rs"),
];

/// Hand-written helpers built on generated operations (task polling, create-and-wait). Each
/// is shipped only when the spec has every operation it calls and every type it names, so
/// any spec folder still yields a crate that compiles.
struct Helper {
    module: &'static str,
    file: Copied,
    /// Operations it calls, as `resource.path.method`.
    needs: &'static [&'static str],
    /// Types it names, by their Rust names (the naming file gives them).
    needs_types: &'static [&'static str],
}

const HELPERS: &[Helper] = &[
    Helper {
        module: "tasks",
        file: hand_written!("src/helpers/tasks.rs", "helpers/tasks.rs"),
        needs: &["cloud.tasks.get"],
        needs_types: &["Task", "TaskState"],
    },
    Helper {
        module: "inference_deployments",
        file: hand_written!("src/helpers/inference_deployments.rs", "helpers/inference_deployments.rs"),
        needs: &[
            "cloud.inference.deployments.create",
            "cloud.inference.deployments.get",
            "cloud.tasks.get",
        ],
        needs_types: &["InferenceDeployment", "InferenceDeploymentCreateParams", "Task", "TaskState"],
    },
];

const CARGO_TOML: &str = include_str!("../../runtime/Cargo.toml.in");

pub fn emit(api: &Api) -> Result<Files<'_>> {
    let features = Arc::new(features::features(api));
    let mut files = Files::new();
    let manifest = format!("{CARGO_TOML}\n{}", features.manifest_section());
    files.insert("Cargo.toml".into(), Content::Text(manifest));
    for (path, source, text) in RUNTIME {
        files.insert(path.into(), Content::Copied { source, text });
    }
    let helpers = emit_helpers(api, &features, &mut files);
    let has_helpers = !helpers.is_empty();
    files.insert(
        "src/lib.rs".into(),
        Content::Rust(vec![Box::new(move || lib_tokens(has_helpers))]),
    );
    let modules = model_modules(api, &features)?;
    emit_registry(&modules, &features, &mut files);
    emit_models(api, modules, &features, &mut files);
    emit_resources(api, &features, &mut files);
    Ok(files)
}

fn lib_tokens(has_helpers: bool) -> TokenStream {
    let helpers = has_helpers.then(|| {
        quote! {
            #[rustfmt::skip]
            #[allow(deprecated)]
            pub mod helpers;
        }
    });
    quote! {
        #![doc = include_str!("../README.md")]
        // Required fields are constructor arguments, and some API types have many.
        #![allow(clippy::too_many_arguments)]

        // Emitted files are formatted by prettyplease, not rustfmt: keep `cargo fmt` away
        // so that `generated/` stays exactly what codegen writes. Items the API deprecates
        // are marked `#[deprecated]` for users; the crate itself may still use them.
        #[rustfmt::skip]
        mod runtime;
        pub use runtime::*;

        #[rustfmt::skip]
        #[allow(deprecated)]
        pub mod models;
        #[rustfmt::skip]
        #[allow(deprecated)]
        pub mod resources;
        #helpers

        #[cfg(feature = "schema-registry")]
        #[doc(hidden)]
        #[rustfmt::skip]
        #[allow(deprecated)]
        pub mod __registry;

        /// Re-exported so that users can name `serde_json::Value` fields without a direct dependency.
        pub use serde_json;
    }
}

/// Copies the helpers whose operations exist; returns their module names.
fn emit_helpers(api: &Api, features: &features::Features, files: &mut Files) -> Vec<&'static str> {
    let available: BTreeSet<String> = api
        .operations
        .iter()
        .map(|op| format!("{}.{}", op.rust.resource.join("."), op.rust.method))
        .collect();
    let types: BTreeSet<&str> = api.types.values().map(|t| t.name.as_str()).collect();
    let shipped: Vec<&Helper> = HELPERS
        .iter()
        .filter(|h| h.needs.iter().all(|n| available.contains(*n)) && h.needs_types.iter().all(|t| types.contains(t)))
        .collect();
    if shipped.is_empty() {
        return Vec::new();
    }
    for helper in &shipped {
        let (path, source, text) = helper.file;
        files.insert(path.into(), Content::Copied { source, text });
    }
    let feature_of: BTreeMap<String, &String> = api
        .operations
        .iter()
        .map(|op| {
            (
                format!("{}.{}", op.rust.resource.join("."), op.rust.method),
                &features.groups[&features::group_path(op)],
            )
        })
        .collect();
    let modules: Vec<(&'static str, BTreeSet<String>)> = shipped
        .iter()
        .map(|helper| (helper.module, helper.needs.iter().map(|n| feature_of[*n].clone()).collect()))
        .collect();
    let mod_rs = move || {
        let declarations = modules.iter().map(|(module, needed)| {
            let module = ident(module);
            let cfg = features::Features::cfg_all(needed);
            quote! { #cfg mod #module; #cfg pub use #module::*; }
        });
        quote! {
            //! Hand-written helpers built on the generated operations: task polling and
            //! create-and-wait workflows.
            #( #declarations )*
        }
    };
    files.insert("src/helpers/mod.rs".into(), Content::Rust(vec![Box::new(mod_rs)]));
    shipped.iter().map(|h| h.module).collect()
}

/// For this repository's tests (feature `schema-registry`): decode a JSON value as any
/// generated type, named by its Rust name, encode it again and check that nothing changed.
/// A lookup function per model file, each a part of its own: one `match` over every type
/// of a large API was the largest single item codegen formatted.
fn emit_registry<'a>(modules: &Modules<'a>, features: &Arc<features::Features>, files: &mut Files<'a>) {
    let lookups: Vec<(String, BTreeSet<String>)> = modules
        .iter()
        .map(|(module, defs)| (registry_lookup(module), module_features(defs, features)))
        .collect();
    let mut parts: Vec<Deferred<'a>> = vec![Box::new(move || registry_tokens(&lookups))];
    for (module, defs) in modules {
        let (defs, features) = (defs.clone(), Arc::clone(features));
        let module = module.clone();
        parts.push(Box::new(move || registry_lookup_tokens(&module, &defs, &features)));
    }
    files.insert("src/__registry.rs".into(), Content::Rust(parts));
}

fn registry_tokens(lookups: &[(String, BTreeSet<String>)]) -> TokenStream {
    let lookups = lookups.iter().map(|(lookup, needed)| {
        let (lookup, cfg) = (ident(lookup), features::Features::cfg(needed));
        quote! { #cfg #lookup, }
    });
    quote! {
        //! Decoding by type name, for the repository's example and round-trip tests.

        /// Decodes `value` as the type named `type_name`, encodes it again, and checks that
        /// decoding that gives the same value. `None` when no type has that name.
        pub fn roundtrip(type_name: &str, value: ::serde_json::Value) -> Option<Result<::serde_json::Value, String>> {
            let lookups: &[fn(&str) -> Option<Roundtrip>] = &[#(#lookups)*];
            let roundtrip = lookups.iter().find_map(|lookup| lookup(type_name))?;
            Some(roundtrip(value))
        }

        type Roundtrip = fn(::serde_json::Value) -> Result<::serde_json::Value, String>;

        #[allow(dead_code)] // without any feature on, no type is there to decode
        fn roundtrip_as<T>(value: ::serde_json::Value) -> Result<::serde_json::Value, String>
        where
            T: ::serde::Serialize + ::serde::de::DeserializeOwned + PartialEq + ::std::fmt::Debug,
        {
            let decoded: T = ::serde_path_to_error::deserialize(value).map_err(|e| format!("at `{}`: {}", e.path(), e.inner()))?;
            let encoded = ::serde_json::to_value(&decoded).map_err(|e| format!("cannot encode: {e}"))?;
            let again: T = ::serde_json::from_value(encoded.clone()).map_err(|e| format!("cannot decode what was encoded: {e}"))?;
            if again != decoded {
                return Err(format!("decode → encode → decode changed the value: {decoded:?} became {again:?}"));
            }
            Ok(encoded)
        }
    }
}

fn registry_lookup(module: &str) -> String {
    format!("{module}_types")
}

/// The types of one model file, by name.
fn registry_lookup_tokens(module: &str, defs: &[&TypeDef], features: &features::Features) -> TokenStream {
    let cfg = features::Features::cfg(&module_features(defs, features));
    // Only the shared file's types have features of their own.
    let shared = module == SHARED_MODELS;
    let arms = defs.iter().map(|def| {
        let name = &def.name;
        let ty = ident(&def.name);
        let cfg = shared.then(|| features.cfg_type(&def.key));
        quote! { #cfg #name => roundtrip_as::<crate::models::#ty>, }
    });
    let lookup = ident(&registry_lookup(module));
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

/// The module of `models` that holds the types several features use. A feature of that
/// name would need the same file, so it is refused.
const SHARED_MODELS: &str = "shared";

/// Model files by module name, each type in the file of the one feature that uses it, or
/// in `shared` when several do; types in a file sorted by name.
type Modules<'a> = BTreeMap<String, Vec<&'a TypeDef>>;

fn model_modules<'a>(api: &'a Api, features: &features::Features) -> Result<Modules<'a>> {
    if features.groups.values().any(|f| f.replace('-', "_") == SHARED_MODELS) {
        return Err(Error::plain(format!(
            "a resource group is named `{SHARED_MODELS}`, the name of the module of shared models: rename the group in the naming file"
        )));
    }
    let mut by_module = Modules::new();
    for def in api.types.values() {
        let module = match features.types.get(&def.key) {
            Some(set) if set.len() == 1 => set.iter().map(|feature| feature.replace('-', "_")).collect(),
            _ => SHARED_MODELS.to_string(),
        };
        by_module.entry(module).or_default().push(def);
    }
    for defs in by_module.values_mut() {
        defs.sort_by_cached_key(|def| crate::naming::module_name(&def.name));
    }
    Ok(by_module)
}

/// The features a model file is compiled for: its one feature, or for `shared.rs` any
/// feature of its types (each of which also has its own `cfg`).
fn module_features(defs: &[&TypeDef], features: &features::Features) -> BTreeSet<String> {
    defs.iter()
        .flat_map(|def| features.types.get(&def.key).into_iter().flatten().cloned())
        .collect()
}

/// Model files: one per feature, holding the types only that feature's operations use,
/// and `shared.rs` for the types several features use, each behind its own `cfg`. A file
/// per type was simpler to review, but ×50 is 2,800 types, and creating that many files
/// took longer than generating them.
fn emit_models<'a>(api: &'a Api, by_module: Modules<'a>, features: &Arc<features::Features>, files: &mut Files<'a>) {
    let mut modules = Vec::new();
    for (module, defs) in by_module {
        let needed = module_features(&defs, features);
        let mut parts: Vec<Deferred<'a>> = Vec::with_capacity(defs.len() + 1);
        if module == SHARED_MODELS {
            parts.push(Box::new(models::shared_doc));
            for def in defs {
                let features = Arc::clone(features);
                parts.push(Box::new(move || models::shared_items(api, def, &features)));
            }
        } else {
            let feature = needed.first().cloned().unwrap_or_default();
            parts.push(Box::new(move || models::feature_doc(&feature)));
            for def in defs {
                parts.push(Box::new(move || models::model_items(api, def)));
            }
        }
        files.insert(PathBuf::from(format!("src/models/{module}.rs")), Content::Rust(parts));
        modules.push((module, needed));
    }
    let mod_rs = move || {
        let declarations = modules.iter().map(|(module, needed)| {
            let (module, cfg) = (ident(module), features::Features::cfg(needed));
            quote! { #cfg mod #module; #cfg pub use #module::*; }
        });
        quote! {
            //! Every type the API sends or receives: a file per feature (resource group)
            //! with the types only its operations use, and `shared` for types that several
            //! features use.
            #( #declarations )*
        }
    };
    files.insert("src/models/mod.rs".into(), Content::Rust(vec![Box::new(mod_rs)]));
}

fn emit_resources<'a>(api: &'a Api, features: &Arc<features::Features>, files: &mut Files<'a>) {
    for (path, node) in resources::tree(api) {
        let features = Arc::clone(features);
        let (file, emit): (String, Deferred<'a>) = if path.is_empty() {
            (
                "src/resources/mod.rs".to_string(),
                Box::new(move || resources::root_tokens(&node, &features)),
            )
        } else {
            (
                format!("src/resources/{}.rs", path.join("/")),
                Box::new(move || resources::node_tokens(api, &path, &node, &features)),
            )
        };
        files.insert(PathBuf::from(file), Content::Rust(vec![emit]));
    }
}
