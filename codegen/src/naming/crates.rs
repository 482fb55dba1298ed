//! The names of the SDK's crates, folders and cargo features. A resource group
//! (`cloud.load_balancers`: the first two levels of a call path, the first being the
//! product) is the crate `gcore-cloud-load-balancers` in `crates/cloud-load-balancers`,
//! turned on by the feature `cloud-load-balancers`; a product is the feature `cloud`
//! (all its groups), and the types several of its groups use are `gcore-cloud-shared`.

/// `cdn_reseller` → `cdn-reseller`: how names read in packages, folders and features.
pub fn kebab(name: &str) -> String {
    name.replace('_', "-")
}

/// How deep resource groups are: `cloud.inference` is a group.
pub const GROUP_DEPTH: usize = 2;

/// The group of a call: the first two levels of its resource path (`["cloud", "inference"]`
/// for `cloud.inference.deployments.get`).
pub fn group_path(call: &crate::model::OperationName) -> Vec<String> {
    call.resource[..call.resource.len().min(GROUP_DEPTH)].to_vec()
}

/// The feature (and folder under `crates/`) of a resource group.
pub fn group_feature(path: &[String]) -> String {
    kebab(&path.join("-"))
}

/// The package of a crate whose folder under `crates/` is `slug`.
pub fn package(slug: &str) -> String {
    format!("gcore-{slug}")
}

/// The folder, relative to `generated/`, of a crate named by its slug.
pub fn dir(slug: &str) -> String {
    format!("crates/{slug}")
}

/// The slug of a product's crate of shared types.
pub fn shared(product: &str) -> String {
    format!("{}-shared", kebab(product))
}

/// The feature that turns on every group of a product.
pub fn product_feature(product: &str) -> String {
    kebab(product)
}

/// The name code uses for a package (`gcore_cloud_inference`).
pub fn crate_name(package: &str) -> String {
    package.replace('-', "_")
}

/// The name of a feature's model module: `cloud-load-balancers` is `cloud_load_balancers`.
pub fn feature_module(feature: &str) -> String {
    feature.replace('-', "_")
}

/// The schema registry's lookup function for the model file `module`.
pub fn registry_lookup(module: &str) -> String {
    format!("{module}_types")
}

/// The runtime crate, copied from `codegen/runtime`.
pub const RUNTIME: &str = "runtime";
