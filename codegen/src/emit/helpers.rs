//! Hand-written helpers built on generated operations (task polling, create-and-wait):
//! which ship, and in which group's crate.

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

use quote::quote;

use super::crates::Group;
use super::features::{group_path, Features};
use super::models::ident;
use super::{Content, Files};
use crate::model::Api;

macro_rules! helper_file {
    ($name:literal) => {
        (
            concat!("codegen/runtime/helpers/", $name),
            include_str!(concat!("../../runtime/helpers/", $name)),
        )
    };
}

/// Hand-written helpers built on generated operations (task polling, create-and-wait). Each
/// is shipped only when the spec has every operation it calls and every type it names, so
/// any spec folder still yields a crate that compiles.
pub struct Helper {
    pub module: &'static str,
    /// (path in this repository, text).
    file: (&'static str, &'static str),
    /// Operations it calls, as `resource.path.method`. The first is on the resource it
    /// extends, so the helper goes in that resource's group crate; the crates of the
    /// other groups it calls become optional dependencies of that crate.
    needs: &'static [&'static str],
    /// Types it names, by their Rust names (the naming file gives them).
    needs_types: &'static [&'static str],
}

/// The helper that waits for tasks: the generated `.and_poll()` of every call that starts
/// tasks (`tasks` in `product.yaml`) returns its `AndPollRequest`.
const TASK_POLLER: &str = "tasks";

const HELPERS: &[Helper] = &[
    Helper {
        module: TASK_POLLER,
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

/// A helper whose operations and types exist, and where it goes.
pub struct Shipped {
    pub helper: &'static Helper,
    /// The feature of the group it extends, whose crate it goes in.
    pub home: String,
    /// The features of the other groups it calls.
    pub calls: BTreeSet<String>,
}

/// The helpers whose operations and types the spec has: any spec folder still yields
/// crates that compile.
pub fn shipped(api: &Api, features: &Features) -> Vec<Shipped> {
    let feature_of: BTreeMap<String, &String> = api
        .operations
        .iter()
        .map(|op| (op.rust.dotted(), &features.groups[&group_path(op)]))
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

/// The feature of the group whose crate has the task poller, when it ships.
pub fn task_poller(helpers: &[Shipped]) -> Option<String> {
    helpers
        .iter()
        .find(|shipped| shipped.helper.module == TASK_POLLER)
        .map(|shipped| shipped.home.clone())
}

/// Copies each helper into the crate of its group, behind the features of the other
/// groups it calls.
pub fn emit(helpers: &[Shipped], groups: &BTreeMap<String, Group>, files: &mut Files) {
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
                let cfg = (!calls.is_empty()).then(|| Features::cfg_all(calls));
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
