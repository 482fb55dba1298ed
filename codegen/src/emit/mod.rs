//! Stage 5: turn the named models of a platform's products into the files of the SDK: the
//! `gcore` crate and, in `crates/`, the runtime and, per product, a crate of shared types
//! and a crate per resource group (see `crates`). This module is the file map: which file
//! holds what; each kind of content is emitted by a module of its own.
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

pub mod constructors;
pub mod crates;
pub mod docs;
pub mod examples;
pub mod facade;
pub mod features;
pub mod helpers;
pub mod models;
pub mod partition;
pub mod reference;
pub mod registry;
pub mod resources;
pub mod rust;
pub mod table;
pub mod workflows;

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;
use std::sync::Arc;

use proc_macro2::TokenStream;
use quote::quote;

use crate::error::{Error, Result};
use crate::model::Api;
use crate::naming::crates as names;
use crates::{Group, Links, ProductCrates};
use models::ident;
use partition::{module_features, Modules, SHARED_MODELS};

/// One file of the SDK, by its path relative to `generated/`.
pub enum Content<'a> {
    /// Emitted Rust code, in parts that `write` emits and formats one at a time (spread
    /// over threads) and joins: a large file never has all its tokens in memory at once.
    Rust(Vec<Deferred<'a>>),
    /// A hand-written runtime file, copied verbatim; `source` is its path in this repository.
    Copied { source: &'static str, text: &'static str },
    /// Other emitted text (Cargo.toml, API.md).
    Text(String),
}

pub type Files<'a> = BTreeMap<PathBuf, Content<'a>>;

/// The files of the SDK, and which of them one product's model alone makes.
pub struct Emitted<'a> {
    pub files: Files<'a>,
    /// For each file made from one product's model and nothing else (its crates and its
    /// module of `gcore`), that product's index in the models given to [`emit`].
    pub product_of: BTreeMap<PathBuf, usize>,
}

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
    hand_written!("src/__operations/support.rs", "facade/operations.rs"),
];

/// The files of the SDK for the products of a platform (one or more), in folder order.
pub fn emit(apis: &[Api]) -> Result<Emitted<'_>> {
    let mut files = Files::new();
    let mut product_of = BTreeMap::new();
    files.insert(
        PathBuf::from(crates::runtime_dir()).join("Cargo.toml"),
        Content::Text(crates::runtime_manifest()),
    );
    for (path, source, text) in RUNTIME.iter().chain(FACADE) {
        files.insert(path.into(), Content::Copied { source, text });
    }
    let mut products = Vec::new();
    for (index, api) in apis.iter().enumerate() {
        let mut own = Files::new();
        products.push(emit_product(api, &mut own)?);
        for (path, content) in own {
            product_of.insert(path.clone(), index);
            files.insert(path, content);
        }
    }
    check_distinct_packages(&products)?;
    let examples = examples::shipped(apis);
    for shipped in &examples {
        let (path, source, text) = shipped.example.file;
        files.insert(path.into(), Content::Copied { source, text });
    }
    let manifest = crates::facade_manifest(&products.iter().map(|p| p.as_ref()).collect::<Vec<_>>(), &examples);
    files.insert("Cargo.toml".into(), Content::Text(manifest));
    files.insert("API.md".into(), Content::Text(reference::render(apis)));
    let entries: Vec<facade::ProductEntry> = products
        .iter()
        .map(|p| facade::ProductEntry {
            name: p.product.clone(),
            title: p.title.clone(),
        })
        .collect();
    let entries = Arc::new(entries);
    let (lib, products, registry) = (Arc::clone(&entries), Arc::clone(&entries), Arc::clone(&entries));
    files.insert(
        "src/lib.rs".into(),
        Content::Rust(vec![Box::new(move || facade::lib_tokens(&lib))]),
    );
    files.insert(
        "src/products.rs".into(),
        Content::Rust(vec![Box::new(move || facade::products_tokens(&products))]),
    );
    files.insert(
        "src/__registry.rs".into(),
        Content::Rust(vec![Box::new(move || facade::registry_tokens(&registry))]),
    );
    files.insert(
        "src/__operations.rs".into(),
        Content::Rust(vec![Box::new(move || table::root_tokens(&entries))]),
    );
    Ok(Emitted { files, product_of })
}

/// Two products must not make one crate (`cdn` + group `reseller_x` and `cdn_reseller` +
/// group `x` would both be `gcore-cdn-reseller-x`).
fn check_distinct_packages(products: &[Arc<ProductCrates>]) -> Result<()> {
    let mut seen: BTreeMap<String, &str> = BTreeMap::new();
    for product in products {
        let own = std::iter::once(names::package(&names::product_feature(&product.product)));
        for package in product.packages().chain(own) {
            if let Some(other) = seen.insert(package.clone(), &product.product) {
                return Err(Error::plain(format!(
                    "products `{other}` and `{}` both make the name `{package}`: rename a product \
                     (`name` in its product.yaml) or a resource group (its naming file)",
                    product.product
                )));
            }
        }
    }
    Ok(())
}

/// The files of one product: its group crates, its shared crate, and its module of `gcore`.
fn emit_product<'a>(api: &'a Api, files: &mut Files<'a>) -> Result<Arc<ProductCrates>> {
    let features = Arc::new(features::features(api));
    let groups = crates::groups(&features)?;
    let modules = partition::model_modules(api, &features)?;
    let shipped = helpers::shipped(api, &features);
    let mut links = Links {
        shared_users: modules
            .get(SHARED_MODELS)
            .map(|defs| module_features(defs, &features))
            .unwrap_or_default(),
        helper_deps: BTreeMap::new(),
        task_poller: helpers::task_poller(&shipped),
        polling_groups: BTreeSet::new(),
    };
    for helper in shipped.iter().filter(|helper| !helper.calls.is_empty()) {
        let calls = links.helper_deps.entry(helper.home.clone()).or_default();
        calls.extend(helper.calls.iter().cloned());
    }
    // `.and_poll()` in another group's crate calls the poller's crate, like a helper.
    if let Some(poller) = links.task_poller.clone() {
        for op in api.operations.iter().filter(|op| op.starts_tasks.is_some()) {
            let group = features.groups[&features::group_path(op)].clone();
            if group != poller {
                links.helper_deps.entry(group.clone()).or_default().insert(poller.clone());
                links.polling_groups.insert(group);
            }
        }
    }
    let product = Arc::new(ProductCrates {
        product: api.product.name.clone(),
        title: api.product.title.clone(),
        groups,
        links,
    });
    let dir = PathBuf::from("src").join(&api.product.name);
    for group in product.groups.values() {
        let has_helpers = shipped.iter().any(|helper| helper.home == group.feature);
        let manifest = crates::group_manifest(group, &product, has_helpers);
        files.insert(PathBuf::from(&group.dir).join("Cargo.toml"), Content::Text(manifest));
        let path = group.path.clone();
        let lib = move || group_lib_tokens(&path, has_helpers);
        files.insert(
            PathBuf::from(&group.dir).join("src/lib.rs"),
            Content::Rust(vec![Box::new(lib)]),
        );
    }
    helpers::emit(&shipped, &product.groups, files);
    if !shipped.is_empty() {
        let groups = Arc::clone(&product);
        let tokens = move || facade::helpers_tokens(&shipped, &groups.groups);
        files.insert(dir.join("helpers.rs"), Content::Rust(vec![Box::new(tokens)]));
    }
    let own_types: BTreeSet<String> = modules.keys().cloned().collect();
    let for_models = Arc::clone(&product);
    let models = move || facade::models_tokens(&for_models, &own_types);
    files.insert(dir.join("models.rs"), Content::Rust(vec![Box::new(models)]));
    files.insert(dir.join("__registry.rs"), Content::Rust(registry::parts(&modules, &features)));
    files.insert(dir.join("__operations.rs"), Content::Rust(table::parts(api, &features)));
    emit_models(api, modules, &features, &product, files);
    emit_resources(api, &features, &product, files);
    Ok(product)
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
        #![allow(
            // Required fields are constructor arguments, and some API types have many.
            clippy::too_many_arguments,
            // Shapes are spelled out as the schema nests them.
            clippy::type_complexity,
            // A union's variants are the API's shapes, boxed only where they recurse.
            clippy::large_enum_variant,
            // Resources are named after their paths (`/waap/v1/ip-info/ip-info`).
            clippy::module_inception
        )]

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

/// Model files: in each group's crate, the types only that group's operations use; in the
/// product's shared crate, the types several groups use, each behind the features of those groups.
fn emit_models<'a>(
    api: &'a Api,
    by_module: Modules<'a>,
    features: &Arc<features::Features>,
    product: &Arc<ProductCrates>,
    files: &mut Files<'a>,
) {
    let groups = &product.groups;
    let feature_of_module: BTreeMap<String, &Group> = groups
        .values()
        .map(|group| (names::feature_module(&group.feature), group))
        .collect();
    let shared_crate = (!product.links.shared_users.is_empty()).then(|| names::crate_name(&product.shared_package()));
    for (module, defs) in by_module {
        let mut parts: Vec<Deferred<'a>> = Vec::with_capacity(defs.len() + 1);
        if module == SHARED_MODELS {
            let shared_dir = PathBuf::from(product.shared_dir());
            files.insert(shared_dir.join("Cargo.toml"), Content::Text(crates::shared_manifest(product)));
            let name = product.product.clone();
            files.insert(
                shared_dir.join("src/lib.rs"),
                Content::Rust(vec![Box::new(move || shared_lib_tokens(&name))]),
            );
            parts.push(Box::new(models::shared_doc));
            for def in defs {
                let features = Arc::clone(features);
                parts.push(Box::new(move || models::shared_items(api, def, &features)));
            }
            files.insert(shared_dir.join("src/models.rs"), Content::Rust(parts));
        } else {
            let group = feature_of_module[&module];
            let feature = group.feature.clone();
            let shared = shared_crate
                .clone()
                .filter(|_| product.links.shared_users.contains(&group.feature));
            parts.push(Box::new(move || models::group_doc(&feature, shared.as_deref())));
            for def in defs {
                parts.push(Box::new(move || models::model_items(api, def)));
            }
            files.insert(PathBuf::from(&group.dir).join("src/models.rs"), Content::Rust(parts));
        }
    }
    // A group whose operations use no type of their own still has a `models` module.
    for group in groups.values() {
        let feature = group.feature.clone();
        let shared = shared_crate
            .clone()
            .filter(|_| product.links.shared_users.contains(&group.feature));
        files
            .entry(PathBuf::from(&group.dir).join("src/models.rs"))
            .or_insert_with(|| Content::Rust(vec![Box::new(move || models::group_doc(&feature, shared.as_deref()))]));
    }
}

fn shared_lib_tokens(product: &str) -> TokenStream {
    let doc = format!(
        " The types that several resource groups of the `gcore` crate's `{product}` use, each \
         compiled when one of those groups is on. Use them through `gcore::{product}::models`."
    );
    quote! {
        #![doc = #doc]

        // Shapes are spelled out as the schema nests them; a union's variants are the
        // API's shapes, boxed only where they recurse.
        #![allow(clippy::type_complexity, clippy::large_enum_variant)]

        #[allow(unused_imports)]
        use ::gcore_runtime::*;

        // Emitted files are formatted by prettyplease, not rustfmt: keep `cargo fmt` away.
        #[rustfmt::skip]
        #[allow(deprecated)]
        pub mod models;
    }
}

/// The resource tree: the product's own resource in its module of `gcore`, each group's
/// resources in the group's crate.
fn emit_resources<'a>(api: &'a Api, features: &Arc<features::Features>, product: &Arc<ProductCrates>, files: &mut Files<'a>) {
    let name = api.product.name.clone();
    let has_helpers = files.contains_key(&PathBuf::from("src").join(&name).join("helpers.rs"));
    for (path, node) in resources::tree(api) {
        let (file, emit): (PathBuf, Deferred<'a>) = if path.is_empty() {
            // The root's one child is the product: `Client` gets it in `lib.rs`.
            continue;
        } else if path.len() < features::GROUP_DEPTH {
            let (features, product, name, title) = (
                Arc::clone(features),
                Arc::clone(product),
                name.clone(),
                api.product.title.clone(),
            );
            (
                PathBuf::from("src").join(&name).join("mod.rs"),
                Box::new(move || {
                    let head = facade::product_module_tokens(&name, &title, has_helpers);
                    let node = resources::facade_node_tokens(&path, &node, &features, &product.groups);
                    quote! { #head #node }
                }),
            )
        } else {
            let group = &product.groups[&features.groups[&path[..features::GROUP_DEPTH]]];
            let poller = product.links.task_poller.as_ref().map(|home| match *home == group.feature {
                true => workflows::TaskPoller::Here,
                false => workflows::TaskPoller::In(product.groups[home].clone()),
            });
            (
                PathBuf::from(&group.dir).join(format!("src/resources/{}.rs", path.join("/"))),
                Box::new(move || resources::node_tokens(api, &path, &node, poller.as_ref())),
            )
        };
        files.insert(file, Content::Rust(vec![emit]));
    }
}
