//! Cargo features: the SDK builds, warnings denied, with any one product on, with the groups
//! whose hand-written helpers call another group each alone, and with none; a product's
//! feature builds none of another product's crates, and code naming another product's
//! types does not compile with it alone.

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
    // One product on: code using another product's types does not compile, and the error is
    // about that product only (the product that is on resolves).
    let uses_two = "fn main() {\n    let _ = std::any::type_name::<gcore::dns::models::CreateZoneResponse>();\n    \
                    let _ = std::any::type_name::<gcore::cdn::models::ActiveInstanceDeletionProhibited>();\n}\n";
    let errors = gcore_tests::crates::check_test_with_features(dir.path(), "two_products", uses_two, &["dns"])
        .expect_err("CDN's types are not there with only `dns` on");
    assert!(
        errors.contains("ActiveInstanceDeletionProhibited") && !errors.contains("CreateZoneResponse"),
        "{errors}"
    );
    println!("features: {} products and groups each built alone, and none", groups.len());
}

/// The crates a product's feature builds are its own (and the runtime's): `cargo tree` of
/// `gcore` with one product on lists no crate of another product. A group crate belongs to
/// the product whose feature is the longest prefix of its name (`gcore-cdn-reseller-...` is
/// `cdn-reseller`'s, not `cdn`'s).
/// The SDK crates (but the runtime) `cargo tree` lists for `gcore` in `generated` with only
/// `feature` on.
fn crates_built(generated: &Path, feature: &str) -> std::collections::BTreeSet<String> {
    let output = std::process::Command::new(env!("CARGO"))
        .args([
            "tree",
            "--offline",
            "-e",
            "normal",
            "--prefix",
            "none",
            "--no-default-features",
        ])
        .args(["--features", feature, "-p", "gcore", "--manifest-path"])
        .arg(generated.join("Cargo.toml"))
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    String::from_utf8_lossy(&output.stdout)
        .lines()
        .filter_map(|line| line.split(' ').next())
        .filter(|name| name.starts_with("gcore-") && *name != "gcore-runtime")
        .map(str::to_string)
        .collect()
}

#[test]
fn a_products_feature_builds_only_its_own_crates() {
    let generated = Path::new(env!("CARGO_MANIFEST_DIR")).join("../generated");
    let manifest = std::fs::read_to_string(generated.join("Cargo.toml")).unwrap();
    let default = manifest
        .lines()
        .find_map(|l| l.strip_prefix("default = "))
        .expect("a default feature list");
    let products: Vec<String> = serde_json::from_str(default).unwrap();
    let owner = |krate: &str| {
        products
            .iter()
            .filter(|p| krate.starts_with(&format!("gcore-{p}-")))
            .max_by_key(|p| p.len())
            .cloned()
    };
    for product in &products {
        let crates = crates_built(&generated, product);
        assert!(!crates.is_empty(), "{product}: no group crate built");
        let foreign: Vec<&String> = crates.iter().filter(|c| owner(c).as_deref() != Some(product)).collect();
        assert!(foreign.is_empty(), "{product} builds other products' crates: {foreign:?}");
    }
}

/// The crates of `gcore` that its `[features]` table says `feature` turns on: `dep:` crates,
/// crates whose features it sets (`pkg/feature`, not the weak `pkg?/feature`), and those of
/// the features it names, transitively.
fn crates_of(
    table: &std::collections::BTreeMap<String, Vec<String>>,
    feature: &str,
    out: &mut std::collections::BTreeSet<String>,
) {
    for entry in &table[feature] {
        if let Some(krate) = entry.strip_prefix("dep:") {
            out.insert(krate.to_string());
        } else if let Some((krate, _)) = entry.split_once('/') {
            if !krate.ends_with('?') {
                out.insert(krate.to_string());
            }
        } else {
            crates_of(table, entry, out);
        }
    }
}

#[test]
fn a_groups_feature_builds_its_crate_and_only_what_it_calls() {
    let generated = Path::new(env!("CARGO_MANIFEST_DIR")).join("../generated");
    let manifest = std::fs::read_to_string(generated.join("Cargo.toml")).unwrap();
    let features = manifest.split("\n[features]\n").nth(1).expect("a [features] table");
    let table: std::collections::BTreeMap<String, Vec<String>> = features
        .lines()
        .take_while(|line| !line.starts_with('['))
        .filter_map(|line| line.split_once(" = "))
        .filter_map(|(name, list)| Some((name.to_string(), serde_json::from_str(list).ok()?)))
        .collect();
    let products: Vec<String> = table["default"].clone();
    // The first group of each product, and the one whose calls start tasks another group polls.
    let mut groups: Vec<String> = products.iter().filter_map(|p| table[p].first().cloned()).collect();
    groups.push("cloud-inference".into());
    for group in &groups {
        let product = products
            .iter()
            .filter(|p| group.starts_with(&format!("{p}-")))
            .max_by_key(|p| p.len())
            .expect("a group's feature starts with its product's");
        let mut expected = std::collections::BTreeSet::new();
        crates_of(&table, group, &mut expected);
        assert!(expected.contains(&format!("gcore-{group}")), "{group}: its own crate");
        // Only the group's product's crates: its own, the product's shared types, and the
        // group that polls its tasks.
        for krate in &expected {
            assert!(krate.starts_with(&format!("gcore-{product}-")), "{group} turns on {krate}");
        }
        let built = crates_built(&generated, group);
        assert_eq!(
            built, expected,
            "{group}: the crates cargo builds are the ones its feature names"
        );
    }
    assert!(
        table["cloud-inference"].contains(&"cloud-tasks".to_string()),
        "inference's `.and_poll()` turns the task poller's group on"
    );
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
