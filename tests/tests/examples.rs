//! The examples of `generated/examples/`: each ships only while the SDK has every call,
//! field and constructor it relies on, so that a spec of another version still yields a
//! workspace that compiles, examples included. (`contract.rs` runs them against Prism.)

use std::path::{Path, PathBuf};

fn seeds() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/seeds")
}

/// The seed pages with one more overlay, `actions` (YAML, indented as a list under `actions:`).
fn seeds_with(actions: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    gcore_tests::crates::copy_crate(&seeds(), dir.path()).unwrap();
    let overlay = format!("overlay: 1.0.0\ninfo:\n  title: test\n  version: 1.0.0\nactions:\n{actions}");
    std::fs::write(dir.path().join("test.overlay.yaml"), overlay).unwrap();
    dir
}

fn examples(rendered: &codegen::write::Rendered) -> Vec<String> {
    rendered
        .keys()
        .filter_map(|path| path.strip_prefix("examples").ok())
        .map(|path| path.to_string_lossy().into_owned())
        .collect()
}

#[test]
fn an_example_ships_only_while_the_sdk_has_what_it_uses() {
    let all = codegen::generate(&seeds()).unwrap();
    assert_eq!(examples(&all), ["inference_deploy.rs", "regions_and_capacity.rs"]);
    let manifest = all[Path::new("Cargo.toml")].clone();
    assert!(
        manifest
            .contains("[[example]]\nname = \"inference_deploy\"\nrequired-features = [\"cloud-inference\", \"cloud-tasks\"]\n"),
        "the deploy example needs the groups it calls and the one its helper polls:\n{manifest}"
    );
    // Each kind of need, changed in turn: a field's type, a constructor's required fields,
    // a call's result; the other example still ships.
    let cases = [
        (
            "a field it prints is an object",
            "  - target: $.components.schemas.RegionSerializerAi.properties.display_name\n    description: test\n    update:\n      type: object\n",
            "inference_deploy.rs",
        ),
        (
            "a constructor it calls takes one more field",
            "  - target: $.components.schemas.ContainerScaleSerializerV3.required\n    description: test\n    update:\n      - cooldown_period\n",
            "regions_and_capacity.rs",
        ),
        (
            "the capacity call answers another type",
            "  - target: $.paths['/cloud/v3/inference/capacity'].get.responses['200'].content['application/json'].schema\n    description: test\n    remove: true\n",
            "inference_deploy.rs",
        ),
    ];
    for (what, actions, left) in cases {
        let dir = seeds_with(actions);
        let rendered = codegen::generate(dir.path()).unwrap_or_else(|e| panic!("{what}: {e}"));
        assert_eq!(examples(&rendered), [left], "{what}");
        let manifest = rendered[Path::new("Cargo.toml")].clone();
        assert_eq!(
            manifest.matches("[[example]]").count(),
            1,
            "{what}: one [[example]] left:\n{manifest}"
        );
    }
    // The crate of the first case builds, examples and tests included (without the check,
    // `regions_and_capacity` would not: a map has no `Display`).
    let dir = seeds_with(cases[0].1);
    let out = tempfile::tempdir().unwrap();
    codegen::write::write(out.path(), &codegen::generate(dir.path()).unwrap()).unwrap();
    gcore_tests::crates::check(out.path()).unwrap_or_else(|errors| panic!("{errors}"));
}

/// IAM and billing from `spec/`, as a platform of two products, with one more overlay
/// (`actions` under `actions:`) in `changed`'s folder.
fn iam_and_billing(changed: &str, actions: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for product in ["iam", "billing"] {
        let spec = Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec").join(product);
        gcore_tests::crates::copy_crate(&spec, &dir.path().join(product)).unwrap();
    }
    let overlay = format!("overlay: 1.0.0\ninfo:\n  title: test\n  version: 1.0.0\nactions:\n{actions}");
    std::fs::write(dir.path().join(changed).join("test.overlay.yaml"), overlay).unwrap();
    dir
}

#[test]
fn setters_streams_and_variants_an_example_uses_are_needs_too() {
    let expenses = "$.paths['/billing/v1/org/expenses'].get.parameters";
    let cases = [
        (
            "nothing changed",
            "iam",
            "  - target: $.info\n    description: test\n    update: {}\n",
            vec!["billing_expenses.rs", "iam_api_token.rs"],
        ),
        (
            "the role it gives is gone",
            "iam",
            "  - target: $.components.schemas.Group.properties.name.enum[2]\n    description: test\n    remove: true\n",
            vec!["billing_expenses.rs"],
        ),
        (
            "the filter it sets is gone",
            "billing",
            &format!("  - target: \"{expenses}[?@.name == 'period_date__from']\"\n    description: test\n    remove: true\n"),
            vec!["iam_api_token.rs"],
        ),
        (
            "the list it streams no longer pages",
            "billing",
            &format!("  - target: \"{expenses}[?@.name == 'offset']\"\n    description: test\n    remove: true\n"),
            vec!["iam_api_token.rs"],
        ),
    ];
    for (what, product, actions, left) in cases {
        let dir = iam_and_billing(product, actions);
        let rendered = codegen::generate(dir.path()).unwrap_or_else(|e| panic!("{what}: {e}"));
        assert_eq!(examples(&rendered), left, "{what}");
    }
}
