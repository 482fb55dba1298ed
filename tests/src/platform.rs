//! What the tests of the whole platform share: its products as the SDK has them, inputs
//! synthesised for any operation and checked against their schemas, and calls through the
//! operation table (`gcore::__operations`).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use gcore::__operations as table;
use gcore::{Client, Error};
use serde_json::{json, Value};

use crate::synth::{Inputs, Synth};

/// The repository's root.
pub fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// Each product of spec/ as the SDK has it (an operation two documents share is in one of
/// them), with its folder; `CONTRACT_PRODUCTS` (comma-separated product names) narrows them.
pub fn platform() -> Vec<(PathBuf, codegen::model::Api)> {
    let only: Option<Vec<String>> = std::env::var("CONTRACT_PRODUCTS")
        .ok()
        .map(|list| list.split(',').map(str::to_string).collect());
    let spec = repo().join("spec");
    let folders = codegen::product::folders(&spec).expect("spec/ has products");
    let apis = codegen::platform_of(&spec).expect("spec/ builds");
    folders
        .into_iter()
        .zip(apis)
        .filter(|(_, api)| only.as_ref().is_none_or(|only| only.contains(&api.product.name)))
        .collect()
}

/// Checks values against the schemas of one document, with the `jsonschema` crate: what the
/// synthesiser makes must be valid before Prism sees it.
pub struct Checker {
    registry: jsonschema::Registry<'static>,
    validators: BTreeMap<String, jsonschema::Validator>,
}

const DOCUMENT_URI: &str = "https://contract.invalid/document.json";

impl Checker {
    pub fn new(document: &Value) -> Checker {
        let registry = jsonschema::Registry::new()
            .add(DOCUMENT_URI, document.clone())
            .expect("the document is a resource")
            .prepare()
            .expect("the document's references resolve");
        Checker {
            registry,
            validators: BTreeMap::new(),
        }
    }

    /// Why `value` is not valid under the schema at `pointer`, if it is not.
    pub fn check(&mut self, pointer: &str, value: &Value) -> Result<(), String> {
        if !self.validators.contains_key(pointer) {
            let schema = json!({"$ref": format!("{DOCUMENT_URI}#{}", fragment(pointer))});
            let validator = jsonschema::options()
                .should_validate_formats(true)
                .with_registry(&self.registry)
                .build(&schema)
                .map_err(|e| format!("the validator refuses the schema at {pointer}: {e}"))?;
            self.validators.insert(pointer.to_string(), validator);
        }
        let errors: Vec<String> = self.validators[pointer]
            .iter_errors(value)
            .map(|e| format!("{} at `{}`", e, e.instance_path()))
            .collect();
        match errors.is_empty() {
            true => Ok(()),
            false => Err(errors.join("; ")),
        }
    }
}

/// A JSON pointer as a URI fragment: what is not plain ASCII, percent-encoded.
fn fragment(pointer: &str) -> String {
    pointer
        .bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'/' | b'~' | b'-' | b'.' | b'_' => (b as char).to_string(),
            other => format!("%{other:02X}"),
        })
        .collect()
}

/// The request media type the SDK sends a body in, as the document names it.
pub fn media_key(document: &Value, op: &codegen::model::Operation) -> Option<String> {
    let body = op.body.as_ref()?;
    let pointer = format!(
        "/paths/{}/{}/requestBody",
        op.path.replace('~', "~0").replace('/', "~1"),
        op.method.as_str().to_lowercase()
    );
    let mut request = document.pointer(&pointer)?;
    while let Some(target) = request.get("$ref").and_then(Value::as_str) {
        request = document.pointer(target.trim_start_matches('#'))?;
    }
    let keys: Vec<&String> = request["content"].as_object()?.keys().collect();
    let fits = |key: &str| {
        let key = key.split(';').next().unwrap_or_default().trim().to_ascii_lowercase();
        match body.media {
            codegen::model::Media::Json => key == "application/json" || key.ends_with("+json") || key == "*/*",
            codegen::model::Media::Form => key == "application/x-www-form-urlencoded",
            codegen::model::Media::Multipart => key == "multipart/form-data",
            codegen::model::Media::Text => key.starts_with("text/"),
            codegen::model::Media::Binary => true,
        }
    };
    keys.into_iter().find(|key| fits(key)).cloned()
}

/// Inputs for `op`, each value checked against its schema; another draw when one is not
/// valid, up to 8, then the reasons.
pub fn synthesise(
    synth: &mut Synth,
    checker: &mut Checker,
    document: &Value,
    op: &codegen::model::Operation,
    kind: Inputs,
) -> Result<Value, String> {
    let media = media_key(document, op);
    let mut reasons = Vec::new();
    for attempt in 0..8 {
        synth.attempt(attempt);
        let mut schemas = Vec::new();
        let inputs = synth.operation(
            &op.path,
            &op.method.as_str().to_lowercase(),
            media.as_deref(),
            kind,
            &mut schemas,
        );
        reasons.clear();
        for (what, pointer) in &schemas {
            let (location, name) = what.split_once('.').unwrap_or((what.as_str(), ""));
            let value = match name {
                "" => &inputs[location],
                name => &inputs[location][name],
            };
            if let Err(reason) = checker.check(pointer, value) {
                reasons.push(format!("{what} ({pointer}): {reason}: {value}"));
            }
        }
        if reasons.is_empty() {
            return Ok(inputs);
        }
    }
    Err(reasons.join("\n    "))
}

/// What a call through the operation table gives: `Ok(Err(..))` when the table refuses the
/// inputs.
pub type TableResult = Result<Result<table::Reply, String>, Error>;

/// A call through the operation table.
pub async fn table_call(call: table::Call, client: Client, inputs: Value) -> TableResult {
    let inputs = match table::Inputs::from_json(inputs) {
        Ok(inputs) => inputs,
        Err(failure) => return Ok(Err(failure.to_string())),
    };
    match call(client, inputs).await {
        Ok(reply) => Ok(Ok(reply)),
        Err(table::Failure::Call(error)) => Err(error),
        Err(failure) => Ok(Err(failure.to_string())),
    }
}

/// The pointer of the schema of `op`'s success response in `document`, and its media type:
/// the first `2xx` status with content, the media type the SDK reads first (JSON, then text,
/// then any other).
pub fn response_schema(document: &Value, op: &codegen::model::Operation) -> Option<(String, String)> {
    let operation = format!(
        "/paths/{}/{}",
        op.path.replace('~', "~0").replace('/', "~1"),
        op.method.as_str().to_lowercase()
    );
    let responses = document.pointer(&format!("{operation}/responses"))?.as_object()?;
    let (status, mut response) = responses
        .iter()
        .filter(|(status, response)| status.starts_with('2') && !response.is_null())
        .find(|(_, response)| {
            let mut response = *response;
            while let Some(target) = response.get("$ref").and_then(Value::as_str) {
                match document.pointer(target.trim_start_matches('#')) {
                    Some(next) => response = next,
                    None => return false,
                }
            }
            response
                .get("content")
                .and_then(Value::as_object)
                .is_some_and(|c| !c.is_empty())
        })?;
    let mut pointer = format!("{operation}/responses/{}", status.replace('~', "~0").replace('/', "~1"));
    while let Some(target) = response.get("$ref").and_then(Value::as_str) {
        pointer = target.trim_start_matches('#').to_string();
        response = document.pointer(&pointer)?;
    }
    let content = response["content"].as_object()?;
    let rank = |key: &str| {
        let key = key.split(';').next().unwrap_or_default().trim().to_ascii_lowercase();
        match key {
            _ if key == "application/json" || key.ends_with("+json") => 0,
            _ if key.starts_with("text/") => 1,
            _ => 2,
        }
    };
    let media = content.keys().min_by_key(|key| rank(key))?;
    let schema = format!("{pointer}/content/{}/schema", media.replace('~', "~0").replace('/', "~1"));
    Some((schema, media.clone()))
}
