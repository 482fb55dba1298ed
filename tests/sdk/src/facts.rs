//! What codegen makes of spec/, read back as data: each product's model and documents,
//! written by `build.rs` with the generator itself. The tests link only `codegen::model`'s
//! types (the generator's feature `generate` off), so they build the SDK with the
//! `serde_json` its users get, sorted maps and all (`tests/sdk/Cargo.toml` says why).

use std::path::{Path, PathBuf};

use codegen::model::Api;
use serde::de::DeserializeOwned;
use serde_json::Value;

fn text(name: &str) -> String {
    let path = Path::new(env!("OUT_DIR")).join("facts").join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e} (build.rs writes it)", path.display()))
}

fn read<T: DeserializeOwned>(name: &str) -> T {
    serde_json::from_str(&text(name)).unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn product(folder: &Path) -> &str {
    folder
        .file_name()
        .and_then(|n| n.to_str())
        .expect("a product folder of spec/")
}

/// Each product of spec/ as the SDK has it (an operation two documents share is in one of
/// them), with its folder: `codegen::platform_of`.
pub fn platform() -> Vec<(PathBuf, Api)> {
    read("platform.json")
}

/// The model of one product folder of spec/ on its own: `codegen::model_of`.
pub fn model_of(folder: &Path) -> Api {
    read(&format!("{}.model.json", product(folder)))
}

/// One product folder of spec/ as one document, overlays applied: what the SDK is generated
/// from (`codegen::document_of`, `codegen bundle`).
pub fn document_of(folder: &Path) -> Value {
    read(&format!("{}.document.json", product(folder)))
}

/// [`document_of`] as JSON text, its keys in the order codegen wrote them (a [`Value`] here
/// sorts them): what a server that reads the document in order, as Prism routes a request
/// several paths match to the first, must be given.
pub fn document_text(folder: &Path) -> String {
    text(&format!("{}.document.json", product(folder)))
}

/// One product folder of spec/ as Gcore publishes it: its documents merged, no overlay; but
/// a content key that is no media type, on which Prism crashes, is given the one the
/// corrected document has there ([`published_media`] lists them).
pub fn published(folder: &Path) -> Value {
    read(&format!("{}.published.json", product(folder)))
}

/// [`published`] as JSON text, in the order codegen wrote it (see [`document_text`]).
pub fn published_text(folder: &Path) -> String {
    text(&format!("{}.published.json", product(folder)))
}

/// What [`published`] serves under another media type than Gcore's document gives:
/// `pointer: key -> media type`.
pub fn published_media(folder: &Path) -> Vec<String> {
    read(&format!("{}.published.media.json", product(folder)))
}

/// The model of the seed pages (tests/fixtures/seeds).
pub fn seeds() -> Api {
    read("seeds.json")
}
