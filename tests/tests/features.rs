//! Cargo features: the SDK builds, warnings denied, with any one product on, with the groups
//! whose hand-written helpers call another group each alone, and with none.

use std::path::Path;

#[test]
fn each_product_builds_alone() {
    let manifest = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("../generated/Cargo.toml")).unwrap();
    let default = manifest
        .lines()
        .find_map(|l| l.strip_prefix("default = "))
        .expect("a default feature list");
    let mut groups: Vec<String> = serde_json::from_str(default).expect("a TOML list of strings is JSON too");
    assert!(groups.len() >= 17, "a default feature per product: {groups:?}");
    groups.extend(["cloud-inference".to_string(), "cloud-tasks".to_string()]);
    let dir = tempfile::tempdir().unwrap();
    gcore_tests::crates::copy_crate(&Path::new(env!("CARGO_MANIFEST_DIR")).join("../generated"), dir.path()).unwrap();
    for group in groups.iter().map(String::as_str).map(Some).chain([None]) {
        let features: Vec<&str> = group.into_iter().collect();
        gcore_tests::crates::check_features(dir.path(), &features)
            .unwrap_or_else(|errors| panic!("features {features:?} do not build:\n{errors}"));
    }
    println!("features: {} products and groups each built alone, and none", groups.len());
}

/// Users see a feature per product and per resource group, and nothing else: no optional
/// crate (`gcore-cdn-shared`) is a feature of its own (cargo makes one unless `dep:` names it).
#[test]
fn the_features_users_see_are_products_and_groups() {
    let output = std::process::Command::new(env!("CARGO"))
        .args([
            "metadata",
            "--offline",
            "--no-deps",
            "--format-version",
            "1",
            "--manifest-path",
        ])
        .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("../generated/Cargo.toml"))
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let metadata: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let gcore = metadata["packages"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["name"] == "gcore")
        .expect("the gcore package");
    let features: Vec<&String> = gcore["features"].as_object().unwrap().keys().collect();
    let leaked: Vec<&&String> = features.iter().filter(|f| f.starts_with("gcore-")).collect();
    assert!(leaked.is_empty(), "optional crates as features: {leaked:?}");
    assert!(features.len() > 150, "{} features", features.len());
}
