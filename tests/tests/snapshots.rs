//! Every emitted file of the SDK, snapshotted: a change in generated code shows up in
//! review as a diff of exactly the files it touches. Runtime files are hand-written and
//! reviewed as ordinary source, so they are not snapshotted.

use std::path::Path;

#[test]
fn emitted_code_for_the_spec_folder() {
    let spec = Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec");
    let rendered = codegen::generate(&spec).expect("spec/ generates");
    let mut count = 0;
    for (path, text) in &rendered {
        let path = path.to_string_lossy().replace('\\', "/");
        if path.starts_with("src/runtime/") || !path.ends_with(".rs") {
            continue;
        }
        let name = path.trim_start_matches("src/").trim_end_matches(".rs").replace('/', "__");
        insta::assert_snapshot!(name, text);
        count += 1;
    }
    assert!(
        count >= 16,
        "expected a model file per feature and a file per resource, found {count}"
    );
}
