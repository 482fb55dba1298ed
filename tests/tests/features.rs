//! Per-resource cargo features: the SDK builds, warnings denied, with any one resource group
//! on, and with none.

use std::path::Path;

#[test]
fn each_resource_group_builds_alone() {
    let manifest = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("../generated/Cargo.toml")).unwrap();
    let default = manifest
        .lines()
        .find_map(|l| l.strip_prefix("default = "))
        .expect("a default feature list");
    let groups: Vec<String> = serde_json::from_str(default).expect("a TOML list of strings is JSON too");
    assert!(groups.len() >= 3, "{groups:?}");
    let dir = tempfile::tempdir().unwrap();
    gcore_tests::crates::copy_crate(&Path::new(env!("CARGO_MANIFEST_DIR")).join("../generated"), dir.path()).unwrap();
    for group in groups.iter().map(String::as_str).map(Some).chain([None]) {
        let features: Vec<&str> = group.into_iter().collect();
        gcore_tests::crates::check_features(dir.path(), &features)
            .unwrap_or_else(|errors| panic!("features {features:?} do not build:\n{errors}"));
    }
    println!("features: {} groups each built alone, and none", groups.len());
}
