//! Stage 5: turn the named model into the files of the SDK: the `gcore` crate and, in
//! `crates/`, the runtime, the shared types and a crate per resource group (see `crates`).
//!
//! Emitted Rust is returned as deferred token streams, a file in parts (one per model
//! type): `write` emits and formats each part on one of several threads, so that only the
//! parts being formatted have tokens in memory. Output is split so that one changed schema
//! touches one place: a model file per group crate, in which each type is one contiguous
//! block, and a file per resource.
//!
//! Compile time: what is emitted is checked by every user's `cargo check`, so per type and
//! per operation it stays small, and the generic work lives in the runtime, checked once.
//! Structs encode and decode through `runtime/objects.rs` rather than serde derives, and
//! operations build their request in plain code and leave sending to `runtime::send`, so
//! the crate holds no `async` code of its own. Both cut the check time of a large crate by
//! more than half (BENCHMARKS.md).

pub mod crates;
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
use crates::{Group, Links};
use models::ident;

/// One file of the SDK, by its path relative to `generated/`.
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

macro_rules! helper_file {
    ($name:literal) => {
        (
            concat!("codegen/runtime/helpers/", $name),
            include_str!(concat!("../../runtime/helpers/", $name)),
        )
    };
}

/// The hand-written runtime, copied into its crate (`crates/runtime`).
const RUNTIME: &[Copied] = &[
    hand_written!("crates/runtime/src/lib.rs", "src/lib.rs"),
    hand_written!("crates/runtime/src/body.rs", "src/body.rs"),
    hand_written!("crates/runtime/src/client.rs", "src/client.rs"),
    hand_written!("crates/runtime/src/datetime.rs", "src/datetime.rs"),
    hand_written!("crates/runtime/src/error.rs", "src/error.rs"),
    hand_written!("crates/runtime/src/objects.rs", "src/objects.rs"),
    hand_written!("crates/runtime/src/paging.rs", "src/paging.rs"),
    hand_written!("crates/runtime/src/request.rs", "src/request.rs"),
    hand_written!("crates/runtime/src/retry.rs", "src/retry.rs"),
    hand_written!("crates/runtime/src/validate.rs", "src/validate.rs"),
    hand_written!("crates/runtime/src/values.rs", "src/values.rs"),
];

/// The hand-written parts of the `gcore` crate: its docs, and its `Client`.
const FACADE: &[Copied] = &[
    hand_written!("README.md", "README.md"),
    hand_written!("src/client.rs", "facade/client.rs"),
];

/// Hand-written helpers built on generated operations (task polling, create-and-wait). Each
/// is shipped only when the spec has every operation it calls and every type it names, so
/// any spec folder still yields a crate that compiles.
struct Helper {
    module: &'static str,
    /// (path in this repository, text).
    file: (&'static str, &'static str),
    /// Operations it calls, as `resource.path.method`. The first is on the resource it
    /// extends, so the helper goes in that resource's group crate; the crates of the
    /// other groups it calls become optional dependencies of that crate.
    needs: &'static [&'static str],
    /// Types it names, by their Rust names (the naming file gives them).
    needs_types: &'static [&'static str],
}

const HELPERS: &[Helper] = &[
    Helper {
        module: "tasks",
        file: helper_file!("tasks.rs"),
        needs: &["cloud.tasks.get"],
        needs_types: &["Task", "TaskState"],
    },
    Helper {
        module: "inference_deployments",
        file: helper_file!("inference_deployments.rs"),
        needs: &[
            "cloud.inference.deployments.create",
            "cloud.inference.deployments.get",
            "cloud.tasks.get",
        ],
        needs_types: &["InferenceDeployment", "InferenceDeploymentCreateParams", "Task", "TaskState"],
    },
];

pub fn emit(api: &Api) -> Result<Files<'_>> {
    let features = Arc::new(features::features(api));
    let groups = Arc::new(crates::groups(&features)?);
    let modules = model_modules(api, &features)?;
    let helpers = shipped_helpers(api, &features);
    let mut links = Links {
        shared_users: modules
            .get(SHARED_MODELS)
            .map(|defs| module_features(defs, &features))
            .unwrap_or_default(),
        helper_deps: BTreeMap::new(),
    };
    for helper in helpers.iter().filter(|helper| !helper.calls.is_empty()) {
        let calls = links.helper_deps.entry(helper.home.clone()).or_default();
        calls.extend(helper.calls.iter().cloned());
    }
    let mut files = Files::new();
    files.insert(
        PathBuf::from(crates::RUNTIME_DIR).join("Cargo.toml"),
        Content::Text(crates::runtime_manifest()),
    );
    for (path, source, text) in RUNTIME.iter().chain(FACADE) {
        files.insert(path.into(), Content::Copied { source, text });
    }
    files.insert("Cargo.toml".into(), Content::Text(crates::facade_manifest(&groups, &links)));
    emit_facade(&modules, &groups, &helpers, &links, &mut files);
    for group in groups.values() {
        let has_helpers = helpers.iter().any(|helper| helper.home == group.feature);
        let manifest = crates::group_manifest(group, &groups, &links, has_helpers);
        files.insert(PathBuf::from(&group.dir).join("Cargo.toml"), Content::Text(manifest));
        let path = group.path.clone();
        let lib = move || group_lib_tokens(&path, has_helpers);
        files.insert(
            PathBuf::from(&group.dir).join("src/lib.rs"),
            Content::Rust(vec![Box::new(lib)]),
        );
    }
    emit_helpers(&helpers, &groups, &mut files);
    emit_registry(&modules, &features, &mut files);
    emit_models(api, modules, &features, &groups, &links, &mut files);
    emit_resources(api, &features, &groups, &mut files);
    Ok(files)
}

/// The `gcore` crate's own code: `lib.rs`, and the modules that re-export the groups'.
fn emit_facade(modules: &Modules, groups: &Arc<BTreeMap<String, Group>>, helpers: &[Shipped], links: &Links, files: &mut Files) {
    let has_helpers = !helpers.is_empty();
    files.insert(
        "src/lib.rs".into(),
        Content::Rust(vec![Box::new(move || facade_lib_tokens(has_helpers))]),
    );
    // With none of their groups on, the shared types are not there to re-export.
    let shared_cfg = links.shared_users.clone();
    let own_types: BTreeSet<String> = modules.keys().cloned().collect();
    let models_groups = Arc::clone(groups);
    let models = move || {
        let shared = (!shared_cfg.is_empty()).then(|| {
            let cfg = features::Features::cfg(&shared_cfg);
            quote! { #cfg pub use ::gcore_shared::models::*; }
        });
        // A group whose operations use only shared types has none of its own to re-export.
        let uses = models_groups
            .values()
            .filter(|group| own_types.contains(&module_of(&group.feature)))
            .map(|group| {
                let (feature, krate) = (&group.feature, group.crate_ident());
                quote! { #[cfg(feature = #feature)] pub use ::#krate::models::*; }
            });
        quote! {
            //! Every type the API sends or receives: those of the resource groups that are on,
            //! from their crates, and those several groups use, from `gcore-shared`.
            #shared
            #( #uses )*
        }
    };
    files.insert("src/models.rs".into(), Content::Rust(vec![Box::new(models)]));
    if has_helpers {
        // A group's helpers are there when the group and all the groups one of them calls are on.
        let mut homes: BTreeMap<&str, Vec<BTreeSet<String>>> = BTreeMap::new();
        for helper in helpers {
            let mut needed = helper.calls.clone();
            needed.insert(helper.home.clone());
            homes.entry(&helper.home).or_default().push(needed);
        }
        let uses: Vec<(Vec<BTreeSet<String>>, String)> = homes
            .into_iter()
            .map(|(home, needed)| (needed, groups[home].crate_name()))
            .collect();
        let helpers = move || {
            let uses = uses.iter().map(|(needed, krate)| {
                let krate = ident(krate);
                let cfg = match needed.as_slice() {
                    [features] => features::Features::cfg_all(features),
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
        };
        files.insert("src/helpers.rs".into(), Content::Rust(vec![Box::new(helpers)]));
    }
}

fn facade_lib_tokens(has_helpers: bool) -> TokenStream {
    let helpers = has_helpers.then(|| {
        quote! {
            #[rustfmt::skip]
            pub mod helpers;
        }
    });
    quote! {
        #![doc = include_str!("../README.md")]

        // Emitted files are formatted by prettyplease, not rustfmt: keep `cargo fmt` away
        // so that `generated/` stays exactly what codegen writes.
        #[rustfmt::skip]
        mod client;
        // The runtime's public items, with `Client` and `ClientBuilder` (below) replaced by
        // this crate's, on which the resource tree is.
        pub use ::gcore_runtime::*;
        pub use client::{Client, ClientBuilder};

        #[rustfmt::skip]
        pub mod models;
        #[rustfmt::skip]
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

/// The root of a group's crate: the runtime's items in scope as `crate::…`, as the emitted
/// code names them, then the group's models, resources and helpers.
fn group_lib_tokens(path: &[String], has_helpers: bool) -> TokenStream {
    let doc = format!(
        " The `{}` resource group of the `gcore` crate: its types, operations{}. Depend on `gcore`, which \
         re-exports them behind a feature of the group's name; this crate is how that feature is built on its own.",
        path.join("."),
        if has_helpers { " and helpers" } else { "" },
    );
    let (last, above) = path.split_last().expect("a group path has two levels");
    let last = ident(last);
    let resources = above.iter().rev().fold(quote! { pub mod #last; }, |inner, segment| {
        let segment = ident(segment);
        quote! { pub mod #segment { #inner } }
    });
    let helpers = has_helpers.then(|| {
        quote! {
            #[rustfmt::skip]
            #[allow(deprecated)]
            pub mod helpers;
        }
    });
    quote! {
        #![doc = #doc]
        // Required fields are constructor arguments, and some API types have many.
        #![allow(clippy::too_many_arguments)]

        #[allow(unused_imports)]
        use ::gcore_runtime::*;

        // Emitted files are formatted by prettyplease, not rustfmt: keep `cargo fmt` away.
        // Items the API deprecates are marked `#[deprecated]` for users; the crate itself
        // may still use them.
        #[rustfmt::skip]
        #[allow(deprecated)]
        pub mod models;
        #[rustfmt::skip]
        #[allow(deprecated)]
        pub mod resources {
            #resources
        }
        #helpers
    }
}

/// A helper whose operations and types exist, and where it goes.
struct Shipped {
    helper: &'static Helper,
    /// The feature of the group it extends, whose crate it goes in.
    home: String,
    /// The features of the other groups it calls.
    calls: BTreeSet<String>,
}

/// The helpers whose operations and types the spec has: any spec folder still yields
/// crates that compile.
fn shipped_helpers(api: &Api, features: &features::Features) -> Vec<Shipped> {
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
    let types: BTreeSet<&str> = api.types.values().map(|t| t.name.as_str()).collect();
    HELPERS
        .iter()
        .filter(|h| h.needs.iter().all(|n| feature_of.contains_key(*n)) && h.needs_types.iter().all(|t| types.contains(t)))
        .map(|helper| {
            let home = feature_of[helper.needs[0]].clone();
            let calls = helper
                .needs
                .iter()
                .map(|n| feature_of[*n].clone())
                .filter(|f| *f != home)
                .collect();
            Shipped { helper, home, calls }
        })
        .collect()
}

/// Copies each helper into the crate of its group, behind the features of the other
/// groups it calls.
fn emit_helpers(helpers: &[Shipped], groups: &BTreeMap<String, Group>, files: &mut Files) {
    let mut by_home: BTreeMap<&str, Vec<&Shipped>> = BTreeMap::new();
    for shipped in helpers {
        by_home.entry(&shipped.home).or_default().push(shipped);
    }
    for (home, shipped) in by_home {
        let dir = PathBuf::from(&groups[home].dir).join("src/helpers");
        for helper in &shipped {
            let (source, text) = helper.helper.file;
            files.insert(
                dir.join(format!("{}.rs", helper.helper.module)),
                Content::Copied { source, text },
            );
        }
        let modules: Vec<(&'static str, BTreeSet<String>)> = shipped.iter().map(|s| (s.helper.module, s.calls.clone())).collect();
        let mod_rs = move || {
            let declarations = modules.iter().map(|(module, calls)| {
                let module = ident(module);
                let cfg = (!calls.is_empty()).then(|| features::Features::cfg_all(calls));
                quote! { #cfg mod #module; #cfg pub use #module::*; }
            });
            quote! {
                //! Hand-written helpers built on the generated operations: task polling and
                //! create-and-wait workflows.
                #( #declarations )*
            }
        };
        files.insert(dir.join("mod.rs"), Content::Rust(vec![Box::new(mod_rs)]));
    }
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

/// The name of a feature's model module (and registry lookup): `load-balancers` is
/// `load_balancers`.
fn module_of(feature: &str) -> String {
    feature.replace('-', "_")
}

/// Model files by module name, each type in the file of the one feature that uses it, or
/// in `shared` when several do; types in a file sorted by name.
type Modules<'a> = BTreeMap<String, Vec<&'a TypeDef>>;

fn model_modules<'a>(api: &'a Api, features: &features::Features) -> Result<Modules<'a>> {
    if features.groups.values().any(|f| module_of(f) == SHARED_MODELS) {
        return Err(Error::plain(format!(
            "a resource group is named `{SHARED_MODELS}`, the name of the module of shared models: rename the group in the naming file"
        )));
    }
    let mut by_module = Modules::new();
    for def in api.types.values() {
        let module = match features.types.get(&def.key) {
            Some(set) if set.len() == 1 => set.iter().map(|feature| module_of(feature)).collect(),
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

/// Model files: in each group's crate, the types only that group's operations use; in
/// `gcore-shared`, the types several groups use, each behind the features of those groups.
fn emit_models<'a>(
    api: &'a Api,
    by_module: Modules<'a>,
    features: &Arc<features::Features>,
    groups: &BTreeMap<String, Group>,
    links: &Links,
    files: &mut Files<'a>,
) {
    let feature_of_module: BTreeMap<String, &Group> = groups.values().map(|group| (module_of(&group.feature), group)).collect();
    for (module, defs) in by_module {
        let mut parts: Vec<Deferred<'a>> = Vec::with_capacity(defs.len() + 1);
        if module == SHARED_MODELS {
            files.insert(
                PathBuf::from(crates::SHARED_DIR).join("Cargo.toml"),
                Content::Text(crates::shared_manifest(links)),
            );
            files.insert(
                PathBuf::from(crates::SHARED_DIR).join("src/lib.rs"),
                Content::Rust(vec![Box::new(shared_lib_tokens)]),
            );
            parts.push(Box::new(models::shared_doc));
            for def in defs {
                let features = Arc::clone(features);
                parts.push(Box::new(move || models::shared_items(api, def, &features)));
            }
            files.insert(PathBuf::from(crates::SHARED_DIR).join("src/models.rs"), Content::Rust(parts));
        } else {
            let group = feature_of_module[&module];
            let (feature, uses_shared) = (group.feature.clone(), links.shared_users.contains(&group.feature));
            parts.push(Box::new(move || models::group_doc(&feature, uses_shared)));
            for def in defs {
                parts.push(Box::new(move || models::model_items(api, def)));
            }
            files.insert(PathBuf::from(&group.dir).join("src/models.rs"), Content::Rust(parts));
        }
    }
    // A group whose operations use no type of their own still has a `models` module.
    for group in groups.values() {
        let (feature, uses_shared) = (group.feature.clone(), links.shared_users.contains(&group.feature));
        files
            .entry(PathBuf::from(&group.dir).join("src/models.rs"))
            .or_insert_with(|| Content::Rust(vec![Box::new(move || models::group_doc(&feature, uses_shared))]));
    }
}

fn shared_lib_tokens() -> TokenStream {
    quote! {
        //! The types that several resource groups of the `gcore` crate use, each compiled when
        //! one of those groups is on. Use them through `gcore::models`.

        #[allow(unused_imports)]
        use ::gcore_runtime::*;

        // Emitted files are formatted by prettyplease, not rustfmt: keep `cargo fmt` away.
        #[rustfmt::skip]
        #[allow(deprecated)]
        pub mod models;
    }
}

/// The resource tree: the root and the top-level resources in `gcore`, each group's
/// resources in its crate.
fn emit_resources<'a>(
    api: &'a Api,
    features: &Arc<features::Features>,
    groups: &Arc<BTreeMap<String, Group>>,
    files: &mut Files<'a>,
) {
    for (path, node) in resources::tree(api) {
        let (file, emit): (PathBuf, Deferred<'a>) = if path.is_empty() {
            ("src/resources/mod.rs".into(), Box::new(move || resources::root_tokens(&node)))
        } else if path.len() < features::GROUP_DEPTH {
            let (features, groups) = (Arc::clone(features), Arc::clone(groups));
            (
                format!("src/resources/{}.rs", path.join("/")).into(),
                Box::new(move || resources::facade_node_tokens(&path, &node, &features, &groups)),
            )
        } else {
            let group = &groups[&features.groups[&path[..features::GROUP_DEPTH]]];
            (
                PathBuf::from(&group.dir).join(format!("src/resources/{}.rs", path.join("/"))),
                Box::new(move || resources::node_tokens(api, &path, &node)),
            )
        };
        files.insert(file, Content::Rust(vec![emit]));
    }
}
