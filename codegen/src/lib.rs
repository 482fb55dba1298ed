//! The generator of the `gcore` SDK crate. One linear pipeline, one module per stage:
//!
//! ```text
//! spec/*.yaml ─load─▶ merged 3.1 document ─overlay─▶ corrected ─compose, lower─▶ 3.0 document
//!             ─build─▶ model::Api (reading the document as openapiv3 types piece by piece)
//!             ─naming─▶ Api with Rust names ─emit─▶ token streams ─write─▶ generated/
//! ```
//!
//! Each stage takes plain data and returns plain data; every error names the spec file and
//! the JSON pointer it comes from.

pub mod build;
pub mod compose;
pub mod diff;
pub mod emit;
pub mod error;
pub mod import;
pub mod load;
pub mod lower;
pub mod model;
pub mod naming;
pub mod overlay;
pub mod refs;
pub mod write;

use std::path::Path;

pub use error::{Error, Result, Warning, WarningKind};

/// Runs the whole pipeline on a spec folder and returns the crate's files, rendered.
pub fn generate(spec_dir: &Path) -> Result<write::Rendered> {
    let mut rendered = write::Rendered::new();
    generate_into(spec_dir, &mut rendered, false)?;
    Ok(rendered)
}

/// Runs the whole pipeline on a spec folder, handing each file to `sink` as it is rendered.
/// Returns the warnings (see [`Warning`]); with `deny_warnings`, any warning is an error
/// before a file is rendered.
pub fn generate_into(spec_dir: &Path, sink: &mut dyn write::Sink, deny_warnings: bool) -> Result<Vec<Warning>> {
    let api = model_of(spec_dir)?;
    if deny_warnings {
        if let Some(first) = api.warnings.first() {
            return Err(Error {
                location: first.location.clone(),
                message: format!(
                    "{} (and {} more warnings; --deny-warnings makes them errors)",
                    first.message,
                    api.warnings.len() - 1
                ),
            });
        }
    }
    render(&api, sink)?;
    Ok(api.warnings)
}

/// Renders the crate of a named model, handing each file to `sink`.
pub fn render(api: &model::Api, sink: &mut dyn write::Sink) -> Result<()> {
    write::render(emit::emit(api)?, sink)
}

/// The spec folder as one OpenAPI 3.1 document: merged, overlays applied. This is what
/// the SDK is generated from, and what a spec-driven test server should serve.
pub fn document_of(spec_dir: &Path) -> Result<load::Loaded> {
    let mut loaded = load::load_dir(spec_dir)?;
    for overlay in &loaded.overlays {
        overlay::apply(&mut loaded.document, overlay)?;
    }
    Ok(loaded)
}

/// The API changes from one spec folder (or file) to another.
pub fn diff(old: &Path, new: &Path) -> Result<diff::Report> {
    let version = |path: &Path| -> Result<Option<String>> {
        let loaded = document_of(path)?;
        Ok(loaded
            .document
            .pointer("/info/version")
            .and_then(|v| v.as_str())
            .map(str::to_owned))
    };
    let (old_api, new_api) = (model_of(old)?, model_of(new)?);
    Ok(diff::diff(
        diff::Side {
            api: &old_api,
            version: version(old)?,
        },
        diff::Side {
            api: &new_api,
            version: version(new)?,
        },
    ))
}

/// The named model of a spec folder: everything up to (not including) emission.
pub fn model_of(spec_dir: &Path) -> Result<model::Api> {
    let load::Loaded {
        document,
        origins,
        names,
        overlays: _,
    } = document_of(spec_dir)?;
    // Each form of the document is consumed by the next, so that only one is held in full;
    // `build` reads the lowered document as `openapiv3` types one piece at a time.
    let document = lower::split(lower::lower(document, &origins)?, &origins)?;
    let mut api = build::build(document, &origins)?;
    naming::assign(&mut api, &names)?;
    // Warnings found while naming know their pointer; the file is the origins'.
    for warning in &mut api.warnings {
        if warning.location.file.is_none() {
            warning.location.file = origins.file_for(&warning.location.pointer);
        }
    }
    api.warnings.extend(origins.take_warnings());
    api.warnings.sort();
    api.warnings.dedup();
    Ok(api)
}
