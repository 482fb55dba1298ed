//! What the tests of the whole platform share: its products as the SDK has them, inputs
//! synthesised for any operation and checked against their schemas, and calls through the
//! operation table (`gcore::__operations`).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use gcore::__operations as table;
use gcore::{Client, Error};
use serde_json::{json, Value};

use crate::synth::{escape, Inputs, Synth};

/// The repository's root.
pub fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// Each product of spec/ as the SDK has it (an operation two documents share is in one of
/// them), with its folder; `CONTRACT_PRODUCTS` (comma-separated product names) narrows them.
pub fn platform() -> Vec<(PathBuf, codegen::model::Api)> {
    let only: Option<Vec<String>> = std::env::var("CONTRACT_PRODUCTS")
        .ok()
        .map(|list| list.split(',').map(str::to_string).collect());
    crate::facts::platform()
        .into_iter()
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

/// Where `op` is in its document: `/paths/~1dns~1v2~1zones/get`.
fn operation_pointer(op: &codegen::model::Operation) -> String {
    format!("/paths/{}/{}", escape(&op.path), op.method.as_str().to_lowercase())
}

/// The request media type the SDK sends a body in, as the document names it.
pub fn media_key(document: &Value, op: &codegen::model::Operation) -> Option<String> {
    let body = op.body.as_ref()?;
    let pointer = format!("{}/requestBody", operation_pointer(op));
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

/// For an operation whose response comes in several media, which one the table asks for
/// (`"response"`): the one an `Accept` parameter names where the inputs set it (the SDK's
/// `send` reads JSON only), else the first other medium with the full inputs.
pub fn with_response_medium(mut inputs: Value, op: &codegen::model::Operation, kind: Inputs) -> Value {
    let Some(first) = op.response_alternatives.first() else {
        return inputs;
    };
    let accept = inputs["header"]
        .as_object()
        .and_then(|header| header.iter().find(|(name, _)| name.eq_ignore_ascii_case("accept")))
        .map(|(_, value)| value.as_str().unwrap_or_default().to_string());
    let chosen = match (&accept, kind) {
        (Some(accept), _) => op.response_alternatives.iter().find(|a| &a.media_type == accept),
        (None, Inputs::Full) => Some(first),
        (None, Inputs::Minimal) => None,
    };
    if let Some(alternative) = chosen {
        inputs["response"] = json!(alternative.name());
    }
    inputs
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
/// then any other); `None` when there is none, or it has no schema.
pub fn response_schema(document: &Value, op: &codegen::model::Operation) -> Option<(String, String)> {
    let operation = operation_pointer(op);
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
    let mut pointer = format!("{operation}/responses/{}", escape(status));
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
    content[media].get("schema")?;
    let schema = format!("{pointer}/content/{}/schema", escape(media));
    Some((schema, media.clone()))
}

/// Each product's document as the SDK reads it, and its checker, made when first needed.
pub type Documents = BTreeMap<String, (Value, Checker)>;

/// A valid answer of an operation, as a server would send it.
#[derive(Clone, Debug)]
pub struct Answer {
    pub status: u16,
    pub content_type: String,
    pub body: Vec<u8>,
    /// The body, when the operation answers with JSON.
    pub json: Option<Value>,
}

/// An operation picked to be called, with valid inputs and a valid answer.
pub struct Picked {
    pub product: String,
    pub op: codegen::model::Operation,
    /// Every optional input set, the body included; `encoding` as asked.
    pub inputs: Value,
    pub answer: Answer,
}

/// The first operation of `platform` (products in order, then operations) that `fits` and
/// for which valid inputs (every optional one set, the body included) and a valid answer
/// are made; its inputs name the encoding `encoding` gives it (`form`, `multipart`: a JSON
/// body the operation takes in that media too, sent in it).
pub fn pick(
    platform: &[(PathBuf, codegen::model::Api)],
    documents: &mut Documents,
    fits: impl Fn(&codegen::model::Operation) -> bool,
    encoding: impl Fn(&codegen::model::Operation) -> Option<&'static str>,
) -> Option<Picked> {
    for (folder, api) in platform {
        let product = &api.product.name;
        for op in api.operations.iter().filter(|op| fits(op)) {
            let (document, checker) = documents.entry(product.clone()).or_insert_with(|| {
                let document = crate::facts::document_of(folder);
                let checker = Checker::new(&document);
                (document, checker)
            });
            let Ok(mut inputs) = synthesise(&mut Synth::new(document), checker, document, op, Inputs::Full) else {
                continue;
            };
            if let Some(encoding) = encoding(op) {
                inputs["encoding"] = json!(encoding);
            }
            if let Some(answer) = valid_answer(document, checker, op) {
                return Some(Picked {
                    product: product.clone(),
                    op: op.clone(),
                    inputs,
                    answer,
                });
            }
        }
    }
    None
}

/// A valid answer of `op`: a body drawn from its success response's schema (every optional
/// field set) and checked against it, text, bytes, or none (`204`).
pub fn valid_answer(document: &Value, checker: &mut Checker, op: &codegen::model::Operation) -> Option<Answer> {
    let Some((schema, media)) = response_schema(document, op) else {
        if op.response.is_some() {
            // A media type without a schema: any value of it.
            return Some(Answer {
                status: 200,
                content_type: "application/json".into(),
                body: b"{\"any\": [1]}".to_vec(),
                json: Some(json!({"any": [1]})),
            });
        }
        return Some(Answer {
            status: 204,
            content_type: "text/plain".into(),
            body: Vec::new(),
            json: None,
        });
    };
    let (body, json) = match op.response_media {
        codegen::model::Media::Json => {
            let mut synth = Synth::for_responses(document);
            let json = (0..8).find_map(|attempt| {
                synth.attempt(attempt);
                let value = synth.value_at(&schema, Inputs::Full);
                checker.check(&schema, &value).is_ok().then_some(value)
            })?;
            (json.to_string().into_bytes(), Some(json))
        }
        codegen::model::Media::Text => (b"plain text, as the server sends it".to_vec(), None),
        _ => (vec![0, 1, 2, 254, 255], None),
    };
    Some(Answer {
        status: 200,
        content_type: media,
        body,
        json,
    })
}

/// Whether a request line (`get /dns/v2/zones/x?limit=1 http/1.1`, lower-cased) is `op`'s:
/// its method, and its path matching the template segment by segment.
pub fn is_request_of(line: &str, op: &codegen::model::Operation) -> bool {
    let mut words = line.split(' ');
    let (Some(method), Some(target)) = (words.next(), words.next()) else {
        return false;
    };
    let path = target.split('?').next().unwrap_or_default();
    let (got, want): (Vec<&str>, Vec<&str>) = (path.split('/').collect(), op.path.split('/').collect());
    method == op.method.as_str().to_lowercase()
        && got.len() == want.len()
        && got
            .iter()
            .zip(&want)
            .all(|(got, want)| (want.starts_with('{') && !got.is_empty()) || *got == want.to_lowercase())
}
