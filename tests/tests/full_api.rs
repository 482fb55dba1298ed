//! The whole Gcore Cloud API (tests/fixtures/full: 520 operations, 963 schemas) generates,
//! with spec/'s naming file and overlays beside it, into a crate that compiles and documents
//! without warnings, with every operation reachable through the resource tree. Adding any
//! Gcore endpoint to spec/ therefore needs no generator change.

use std::path::{Path, PathBuf};
use std::time::Instant;

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

#[test]
fn the_whole_cloud_api_compiles_and_documents_without_warnings() {
    let spec = tempfile::tempdir().unwrap();
    std::fs::copy(
        repo().join("tests/fixtures/full/cloud_api.2025-07-07.yaml"),
        spec.path().join("cloud_api.2025-07-07.yaml"),
    )
    .unwrap();
    for entry in std::fs::read_dir(repo().join("spec/cloud")).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        // Not today's overlay: its corrections target today's document, and one that matches
        // nothing in this older one is an error.
        if name == "names.yaml" || name == "product.yaml" {
            std::fs::copy(&path, spec.path().join(name)).unwrap();
        }
    }

    let started = Instant::now();
    let api = codegen::model_of(spec.path()).unwrap_or_else(|e| panic!("{e}"));
    let document = codegen::document_of(spec.path()).unwrap().document;
    let declared: usize = document["paths"]
        .as_object()
        .unwrap()
        .values()
        .map(|item| {
            item.as_object()
                .unwrap()
                .keys()
                .filter(|k| ["get", "put", "post", "delete", "patch"].contains(&k.as_str()))
                .count()
        })
        .sum();
    assert_eq!(api.operations.len(), declared, "every operation of the spec is in the SDK");

    let out = tempfile::tempdir().unwrap();
    gcore_tests::crates::generate_into(spec.path(), out.path()).unwrap();
    let generated = started.elapsed();
    // Every operation has its method on its resource: client.cloud().<group>()...<method>(),
    // in the crate of its group (`cloud.load_balancers` is `crates/cloud-load-balancers`).
    for op in &api.operations {
        let group = op.rust.resource[..2].join("-").replace('_', "-");
        let file = out
            .path()
            .join("crates")
            .join(group)
            .join("src/resources")
            .join(format!("{}.rs", op.rust.resource.join("/")));
        let text = std::fs::read_to_string(&file).unwrap_or_else(|_| panic!("{} has no resource file", op.operation_id));
        let method = op.rust.method.trim_end_matches('_');
        assert!(
            text.contains(&format!("pub fn {}(", op.rust.method)) || text.contains(&format!("pub fn {method}(")),
            "{}",
            op.operation_id
        );
    }
    let started = Instant::now();
    gcore_tests::crates::check(out.path()).unwrap_or_else(|errors| panic!("the full API does not compile:\n{errors}"));
    let checked = started.elapsed();
    let started = Instant::now();
    gcore_tests::crates::doc(out.path()).unwrap_or_else(|errors| panic!("the full API's docs warn:\n{errors}"));
    let documented = started.elapsed();
    // A user who needs only inference does not compile the other 500 operations.
    let started = Instant::now();
    gcore_tests::crates::check_features(out.path(), &["cloud-inference"])
        .unwrap_or_else(|errors| panic!("the full API with only `inference` does not build:\n{errors}"));
    let inference_only = started.elapsed();
    println!(
        "full API: {} operations, {} types; generated in {generated:.1?}, cargo check {checked:.1?}, cargo doc {documented:.1?}, inference only {inference_only:.1?}",
        api.operations.len(),
        api.types.len()
    );
}
