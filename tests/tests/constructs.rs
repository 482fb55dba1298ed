//! One small document per construct the generator handles (`tests/fixtures/constructs/`),
//! each generated alone and snapshotted: what codegen emits for a tagged union, a map with
//! rules on its keys or a JSON query parameter shows up in review as a diff of that
//! construct's snapshot, the way typify's `tests/schemas.rs` does it. The snapshot holds
//! the warnings and the generated code of the document's group crates (the runtime, the
//! `gcore` facade and the manifests are covered by `snapshots.rs`). Then all of them, each
//! a product of one platform (each document's paths start with its name), compile.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use gcore_tests::crates;

fn documents() -> Vec<PathBuf> {
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/constructs");
    let mut documents: Vec<_> = std::fs::read_dir(&fixtures)
        .expect("the constructs folder")
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|e| e == "yaml"))
        .collect();
    documents.sort();
    assert!(
        documents.len() >= 10,
        "expected the construct fixtures, found {}",
        documents.len()
    );
    documents
}

#[test]
fn each_construct_generates_as_its_snapshot_shows() {
    let documents = documents();
    let mut names = BTreeSet::new();
    for document in &documents {
        let construct = document.file_stem().unwrap().to_string_lossy().into_owned();
        let spec = tempfile::tempdir().unwrap();
        std::fs::copy(document, spec.path().join(document.file_name().unwrap())).unwrap();
        let rendered = codegen::write::Collect::new();
        let warnings = codegen::generate_into(spec.path(), &rendered, false)
            .unwrap_or_else(|e| panic!("{construct} does not generate: {e}"));
        let mut out = String::new();
        for warning in &warnings {
            let text = warning.to_string().replace(&format!("{}/", spec.path().display()), "");
            out.push_str(&format!("// warning: {text}\n"));
        }
        let mut files = 0;
        for (path, text) in &rendered.into_rendered() {
            let path = path.to_string_lossy().replace('\\', "/");
            if path.starts_with("crates/") && !path.starts_with("crates/runtime/") && path.ends_with(".rs") {
                out.push_str(&format!("\n// ---- {path}\n\n{text}"));
                files += 1;
            }
        }
        assert!(files > 0, "{construct}: no group crate generated");
        insta::assert_snapshot!(format!("constructs__{construct}"), out);
        names.insert(format!("constructs__constructs__{construct}.snap"));
    }
    assert!(
        documents.len() >= 10,
        "expected the construct fixtures, found {}",
        documents.len()
    );
    // A snapshot of a construct no longer in the folder would pass unnoticed.
    let stale: Vec<String> = std::fs::read_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/snapshots"))
        .expect("the snapshot folder")
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|file| file.starts_with("constructs__") && !names.contains(file))
        .collect();
    assert!(stale.is_empty(), "snapshots of constructs no longer in the folder: {stale:?}");
}

#[test]
fn every_construct_compiles_as_a_product_of_one_platform() {
    let spec = tempfile::tempdir().unwrap();
    for document in documents() {
        let product = spec.path().join(document.file_stem().unwrap());
        std::fs::create_dir(&product).unwrap();
        std::fs::copy(&document, product.join(document.file_name().unwrap())).unwrap();
    }
    let out = tempfile::tempdir().unwrap();
    crates::generate_into(spec.path(), out.path()).expect("the constructs generate together");
    crates::check_all_features(out.path()).unwrap_or_else(|e| panic!("the constructs do not compile:\n{e}"));
}
