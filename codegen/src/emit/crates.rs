//! The crates of the generated SDK, and their manifests.
//!
//! `generated/` is the `gcore` crate that users depend on: it holds the `Client` with the
//! resource tree on it (`client.cloud()`, `client.dns()`, ...), a module per product
//! (`gcore::cloud`) re-exporting that product's types and resources, and one cargo feature
//! per product and per resource group. Beside it, in `crates/` (names in `naming::crates`):
//!
//! - `gcore-runtime`: the hand-written runtime (`codegen/runtime/src`), copied;
//! - `gcore-<product>-shared`: the types that several resource groups of a product use,
//!   each compiled when one of them is on (only when the product has such types);
//! - a crate per resource group (`gcore-cloud-inference`): the types only it uses, its
//!   operations and its helpers. The group's feature of `gcore` turns the crate on.
//!
//! Why crates and not only features: rustc checks a crate in one process that holds all
//! of it, so one crate for the whole API needs memory for the whole API at once, and
//! rebuilds all of it when one type changes. A crate per group is checked on its own, two
//! at a time on two cores, and a changed group rebuilds alone (BENCHMARKS.md).

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use proc_macro2::Ident;

use super::features::Features;
use super::models::ident;
use crate::error::{Error, Result};
use crate::naming::crates as names;

/// The version of every crate; they are released together and depend on each other exactly.
pub const VERSION: &str = "0.1.0";

/// Where the runtime crate goes, relative to `generated/`.
pub fn runtime_dir() -> String {
    names::dir(names::RUNTIME)
}

/// The dependencies of the runtime, one per line: the one place their versions are set.
/// Generated crates take the lines of the few they name themselves.
const DEPENDENCIES: &str = include_str!("../../runtime/Cargo.toml.in");

/// The crate of one resource group.
#[derive(Clone)]
pub struct Group {
    /// The group's cargo feature of `gcore` (`cloud-inference`).
    pub feature: String,
    /// Its resource path (`["cloud", "inference"]`).
    pub path: Vec<String>,
    /// Its package name (`gcore-cloud-inference`).
    pub package: String,
    /// Its folder, relative to `generated/` (`crates/cloud-inference`).
    pub dir: String,
}

impl Group {
    /// The name code uses for the crate (`gcore_cloud_inference`).
    pub fn crate_name(&self) -> String {
        names::crate_name(&self.package)
    }

    pub fn crate_ident(&self) -> Ident {
        ident(&self.crate_name())
    }
}

/// Each resource group's crate, by feature. Groups must be two levels deep
/// (`cloud.inference`): the product's level is the `gcore` crate's.
pub fn groups(features: &Features) -> Result<BTreeMap<String, Group>> {
    let mut groups = BTreeMap::new();
    for (path, feature) in &features.groups {
        if path.len() != super::features::GROUP_DEPTH {
            return Err(Error::plain(format!(
                "operations directly under `client.{}()`: every operation must be on a resource two levels deep \
                 (`{}.<group>`), since each group is a crate of its own; name them in the naming file",
                path.join("()."),
                path.join(".")
            )));
        }
        let group = Group {
            feature: feature.clone(),
            path: path.clone(),
            package: names::package(feature),
            dir: names::dir(feature),
        };
        groups.insert(feature.clone(), group);
    }
    Ok(groups)
}

/// The crates of one product, as the manifests need them.
pub struct ProductCrates {
    /// The product's name (`cloud`).
    pub product: String,
    /// Its title, for descriptions.
    pub title: String,
    pub groups: BTreeMap<String, Group>,
    pub links: Links,
}

impl ProductCrates {
    pub fn shared_package(&self) -> String {
        names::package(&names::shared(&self.product))
    }

    pub fn shared_dir(&self) -> String {
        names::dir(&names::shared(&self.product))
    }

    pub fn shared_ident(&self) -> Ident {
        ident(&names::crate_name(&self.shared_package()))
    }

    /// Every package of the product, for the check that no two products make one name.
    pub fn packages(&self) -> impl Iterator<Item = String> + '_ {
        let shared = (!self.links.shared_users.is_empty()).then(|| self.shared_package());
        self.groups.values().map(|g| g.package.clone()).chain(shared)
    }
}

/// The `[lib]` section of the crates made only of generated code: they hold no tests and
/// no doc examples, and building an empty test harness for each of a hundred crates is most
/// of `cargo test --workspace`'s time.
const NO_TESTS: &str = "\n[lib]\ntest = false\ndoctest = false\n";

/// The `[package]` section every crate shares. `documentation` is where docs.rs puts the
/// crate once published; `repository` and `homepage` are the owner's to give.
fn package(name: &str, description: &str) -> String {
    format!(
        "[package]\nname = \"{name}\"\nversion = \"{VERSION}\"\nedition = \"2021\"\nrust-version = \"1.85\"\n\
         license = \"MIT OR Apache-2.0\"\ndescription = \"{description}\"\n\
         documentation = \"https://docs.rs/{name}\"\n\
         keywords = [\"gcore\", \"api\", \"sdk\", \"cloud\", \"cdn\"]\n\
         categories = [\"api-bindings\", \"web-programming::http-client\"]\n"
    )
}

/// The runtime's dependency line for `name`.
fn dependency(name: &str) -> &'static str {
    DEPENDENCIES
        .lines()
        .find(|line| line.split(' ').next() == Some(name))
        .unwrap_or_else(|| panic!("codegen/runtime/Cargo.toml.in has no dependency `{name}`"))
}

/// A dependency on another crate of the SDK, from a crate in `from` (a folder relative to
/// `generated/`, `""` for `gcore` itself).
fn sibling(package: &str, dir: &str, from: &str, extra: &str) -> String {
    let up = if from.is_empty() {
        String::new()
    } else {
        "../".repeat(from.split('/').count())
    };
    format!("{package} = {{ version = \"={VERSION}\", path = \"{up}{dir}\"{extra} }}\n")
}

pub fn runtime_manifest() -> String {
    let package = package(
        &names::package(names::RUNTIME),
        "The runtime of the gcore crate (client, errors, retries): use it through gcore",
    );
    format!("{package}\n{DEPENDENCIES}")
}

/// What the manifests need to know beyond the groups: which groups use shared types, and
/// the optional dependencies between groups that hand-written helpers add.
pub struct Links {
    /// The features whose groups use a type of the product's shared crate.
    pub shared_users: BTreeSet<String>,
    /// Group feature → the other groups its helpers call, each behind a feature of its
    /// crate named after that group.
    pub helper_deps: BTreeMap<String, BTreeSet<String>>,
    /// The group whose crate has the task poller (`helpers::task_poller`), and the other
    /// groups whose calls start tasks: `.and_poll()` is there whenever such a group is, so
    /// its feature of `gcore` turns the poller's group on too.
    pub task_poller: Option<String>,
    pub polling_groups: BTreeSet<String>,
}

/// The `gcore` crate's manifest, with an `[[example]]` for each example that ships.
pub fn facade_manifest(products: &[&ProductCrates], examples: &[super::examples::Shipped]) -> String {
    let titles: Vec<&str> = products.iter().map(|p| p.title.as_str()).collect();
    let description = match titles.as_slice() {
        [one] => format!("Typed async client for Gcore's {one}, generated from its OpenAPI document"),
        _ => "Typed async client for Gcore's API (every product), generated from its OpenAPI documents".to_string(),
    };
    let mut text = package("gcore", &description);
    text.push_str("readme = \"README.md\"\n\n[dependencies]\n");
    text.push_str(&sibling(&names::package(names::RUNTIME), &runtime_dir(), "", ""));
    for product in products {
        if !product.links.shared_users.is_empty() {
            text.push_str(&sibling(
                &product.shared_package(),
                &product.shared_dir(),
                "",
                ", optional = true",
            ));
        }
        for group in product.groups.values() {
            text.push_str(&sibling(&group.package, &group.dir, "", ", optional = true"));
        }
    }
    for name in ["serde", "serde_json", "serde_path_to_error"] {
        text.push_str(dependency(name));
        text.push('\n');
    }
    text.push_str(&examples_sections(examples));
    text.push_str(
        "\n[features]\n# A feature per product turns on all its resource groups, and one per group turns on that\n\
         # group alone: a crate that needs only some of the API turns the others off\n\
         # (default-features = false, features = [...]) and compiles less.\n",
    );
    let quoted: Vec<String> = products
        .iter()
        .map(|p| format!("{:?}", names::product_feature(&p.product)))
        .collect();
    text.push_str(&format!("default = [{}]\n", quoted.join(", ")));
    for product in products {
        text.push_str(&product_features(product));
    }
    text.push_str(
        "# For this repository's tests only: `gcore::<product>::__registry` decodes a JSON value\n\
         # as any generated type by name. Not part of the public API.\nschema-registry = []\n\
         # For this repository's tests only: `gcore::__operations` calls any operation by its\n\
         # operationId, with its inputs as JSON. Not part of the public API.\noperation-table = []\n",
    );
    // Every product, not every feature: the registry is for tests.
    text.push_str(&format!(
        "\n# docs.rs documents every product, each item marked with the feature that turns it on.\n\
         [package.metadata.docs.rs]\nfeatures = [{}]\nrustdoc-args = [\"--cfg\", \"docsrs\"]\n",
        quoted.join(", ")
    ));
    text
}

/// The examples' dev-dependency and an `[[example]]` for each, built only with the features
/// of the groups it calls.
fn examples_sections(examples: &[super::examples::Shipped]) -> String {
    let mut text = String::new();
    if examples.is_empty() {
        return text;
    }
    text.push_str("\n# The examples' runtime.\n[dev-dependencies]\ntokio = { version = \"1\", features = [\"macros\", \"rt-multi-thread\"] }\n");
    for shipped in examples {
        let name = Path::new(shipped.example.file.0)
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or_default();
        let needs: Vec<String> = shipped.features.iter().map(|f| format!("{f:?}")).collect();
        text.push_str(&format!(
            "\n[[example]]\nname = {name:?}\nrequired-features = [{}]\n",
            needs.join(", ")
        ));
    }
    text
}

/// A product's feature (all its groups), and each group's: its crate, the shared crate's
/// part it uses, and what its `.and_poll()` and helpers call.
fn product_features(product: &ProductCrates) -> String {
    let mut text = String::new();
    let groups: Vec<String> = product.groups.keys().map(|feature| format!("{feature:?}")).collect();
    text.push_str(&format!(
        "{} = [{}]\n",
        names::product_feature(&product.product),
        groups.join(", ")
    ));
    for group in product.groups.values() {
        let mut enables = vec![format!("dep:{}", group.package)];
        if product.links.shared_users.contains(&group.feature) {
            // `dep:` too, so that the optional crate is no feature of its own for users.
            enables.push(format!("dep:{}", product.shared_package()));
            enables.push(format!("{}/{}", product.shared_package(), group.feature));
        }
        if product.links.polling_groups.contains(&group.feature) {
            enables.extend(product.links.task_poller.clone());
        }
        // A helper of another group that calls this one is compiled when both are on.
        for (home, called) in &product.links.helper_deps {
            if called.contains(&group.feature) {
                enables.push(format!("{}?/{}", product.groups[home].package, group.feature));
            }
        }
        let enables: Vec<String> = enables.iter().map(|e| format!("{e:?}")).collect();
        text.push_str(&format!("{} = [{}]\n", group.feature, enables.join(", ")));
    }
    text
}

pub fn shared_manifest(product: &ProductCrates) -> String {
    let package = package(
        &product.shared_package(),
        &format!(
            "The types several resource groups of the gcore crate's {} use: use them through gcore",
            product.product
        ),
    );
    let mut text = format!("{package}{NO_TESTS}\n[dependencies]\n");
    text.push_str(&sibling(
        &names::package(names::RUNTIME),
        &runtime_dir(),
        &product.shared_dir(),
        "",
    ));
    for name in ["serde", "serde_json"] {
        text.push_str(dependency(name));
        text.push('\n');
    }
    text.push_str("\n[features]\n# Each type is compiled when a group that uses it is on.\n");
    for feature in &product.links.shared_users {
        text.push_str(&format!("{feature} = []\n"));
    }
    text
}

pub fn group_manifest(group: &Group, product: &ProductCrates, has_helpers: bool) -> String {
    let description = format!(
        "The {} resource group of the gcore crate: use it through gcore (feature {})",
        group.path.join("."),
        group.feature
    );
    let mut text = format!("{}{NO_TESTS}\n[dependencies]\n", package(&group.package, &description));
    text.push_str(&sibling(&names::package(names::RUNTIME), &runtime_dir(), &group.dir, ""));
    if product.links.shared_users.contains(&group.feature) {
        let features = format!(", features = [{:?}]", group.feature);
        text.push_str(&sibling(
            &product.shared_package(),
            &product.shared_dir(),
            &group.dir,
            &features,
        ));
    }
    let called = product.links.helper_deps.get(&group.feature);
    for other in called.into_iter().flatten() {
        let other = &product.groups[other];
        text.push_str(&sibling(&other.package, &other.dir, &group.dir, ", optional = true"));
    }
    // Hand-written helpers wait and log; generated code does neither.
    let helper_dependencies: &[&str] = if has_helpers { &["tokio", "tracing"] } else { &[] };
    for name in ["reqwest", "serde", "serde_json"].iter().chain(helper_dependencies) {
        text.push_str(dependency(name));
        text.push('\n');
    }
    if let Some(called) = called {
        text.push_str(
            "\n[features]\n# Helpers and `.and_poll()` calling another group's operations, compiled when `gcore` has both on.\n",
        );
        for other in called {
            text.push_str(&format!("{other} = [\"dep:{}\"]\n", product.groups[other].package));
        }
    }
    text
}
