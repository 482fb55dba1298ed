//! `codegen import PAGE...`: takes the OpenAPI document out of a Gcore docs page (a
//! markdown header, then a ```` ```yaml ```` fence) and stores it in the spec folder,
//! byte for byte, named after its operation.

use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::error::{Error, Result};

/// Extracts the YAML inside the page's yaml fence (any fence of three or more backticks).
pub fn extract_yaml(page: &Path, text: &str) -> Result<String> {
    let mut lines = text.split_inclusive('\n');
    let fence = loop {
        let Some(line) = lines.next() else {
            return Err(Error::in_file(
                page,
                "no ```yaml fence found: is this a Gcore API reference page?",
            ));
        };
        let trimmed = line.trim_end();
        let ticks = trimmed.len() - trimmed.trim_start_matches('`').len();
        if ticks >= 3 && trimmed[ticks..].starts_with("yaml") {
            break &trimmed[..ticks];
        }
    };
    let mut yaml = String::new();
    for line in lines {
        if line.trim_end() == fence {
            return Ok(yaml);
        }
        yaml.push_str(line);
    }
    Err(Error::in_file(
        page,
        format!("the yaml fence is never closed (expected a line `{fence}`)"),
    ))
}

/// The spec file name for a document: its single operationId with dots as underscores
/// (`InferenceInstanceHandlerV3.get` → `InferenceInstanceHandlerV3_get.yaml`).
pub fn file_name(page: &Path, document: &Value) -> Result<String> {
    let mut ids = Vec::new();
    for item in document
        .get("paths")
        .and_then(Value::as_object)
        .into_iter()
        .flat_map(|p| p.values())
    {
        for op in item.as_object().into_iter().flat_map(|o| o.values()) {
            if let Some(id) = op.get("operationId").and_then(Value::as_str) {
                ids.push(id.to_string());
            }
        }
    }
    match ids.as_slice() {
        [id] => {
            let name: String = id
                .chars()
                .map(|c| {
                    if c.is_ascii_alphanumeric() || c == '_' || c == '-' {
                        c
                    } else {
                        '_'
                    }
                })
                .collect();
            Ok(format!("{name}.yaml"))
        }
        [] => Err(Error::in_file(page, "the document has no operation with an operationId")),
        _ => Err(Error::in_file(
            page,
            format!("the document has {} operations; expected one per page", ids.len()),
        )),
    }
}

/// Imports each page into `spec_dir`; returns the files written. Nothing is written unless
/// every page is valid.
pub fn import(pages: &[PathBuf], spec_dir: &Path) -> Result<Vec<PathBuf>> {
    let mut outputs = Vec::new();
    for page in pages {
        let text = std::fs::read_to_string(page).map_err(|e| Error::in_file(page, format!("cannot read: {e}")))?;
        let yaml = extract_yaml(page, &text)?;
        let document = crate::load::parse_yaml(page, &yaml)?;
        if document.get("openapi").is_none() {
            return Err(Error::in_file(
                page,
                "the yaml fence does not hold an OpenAPI document (no `openapi` key)",
            ));
        }
        outputs.push((spec_dir.join(file_name(page, &document)?), yaml));
    }
    let mut written = Vec::new();
    for (path, yaml) in outputs {
        std::fs::write(&path, yaml).map_err(|e| Error::in_file(&path, format!("cannot write: {e}")))?;
        written.push(path);
    }
    Ok(written)
}
