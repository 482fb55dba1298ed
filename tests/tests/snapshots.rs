//! Every emitted file of the SDK, snapshotted: a change in generated code or manifests
//! shows up in review as a diff of exactly the files it touches. Runtime files and the
//! `gcore` crate's client are hand-written and reviewed as ordinary source, so they are not
//! snapshotted.

use std::path::Path;

#[test]
fn emitted_code_for_the_spec_folder() {
    let spec = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/seeds");
    let rendered = codegen::generate(&spec).expect("the seeds generate");
    let mut count = 0;
    let mut names = std::collections::BTreeSet::new();
    for (path, text) in &rendered {
        let path = path.to_string_lossy().replace('\\', "/");
        if path.starts_with("crates/runtime/") || path == "src/client.rs" || path == "README.md" {
            continue;
        }
        // `crates/cloud-inference/src/models.rs` is `cloud-inference__models`.
        let name = path
            .trim_start_matches("crates/")
            .replace("/src/", "/")
            .trim_start_matches("src/")
            .trim_end_matches(".rs")
            .replace('/', "__");
        insta::assert_snapshot!(name.clone(), text);
        names.insert(format!("snapshots__{name}.snap"));
        count += 1;
    }
    // A snapshot of a file no longer emitted is stale: it would pass unnoticed.
    let folder = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/snapshots");
    let stale: Vec<String> = std::fs::read_dir(&folder)
        .expect("the snapshot folder")
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|file| file.starts_with("snapshots__") && file.ends_with(".snap") && !names.contains(file))
        .collect();
    assert!(stale.is_empty(), "snapshots of files no longer emitted: {stale:?}");
    assert!(
        count >= 20,
        "expected manifests, a model file per group and a file per resource, found {count}"
    );
}
