//! The checked-in `generated/` must be exactly what codegen writes from `spec/`
//! (the same check as `cargo run -p codegen -- --check`).

use std::path::Path;

#[test]
fn generated_crate_is_fresh() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let rendered = codegen::generate(&root.join("spec")).expect("spec/ generates");
    let stale = codegen::write::stale_files(&root.join("generated"), &rendered).expect("generated/ is readable");
    assert!(
        stale.is_empty(),
        "generated/ is stale; run `cargo run -p codegen`:\n{}",
        stale.join("\n")
    );
}

#[test]
fn generation_is_deterministic() {
    let spec = Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec");
    let first = codegen::generate(&spec).expect("spec/ generates");
    let second = codegen::generate(&spec).expect("spec/ generates");
    assert_eq!(first, second);
}
