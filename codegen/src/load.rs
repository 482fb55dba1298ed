//! Stage 1: read every file in the spec folder and merge the OpenAPI documents into one.
//!
//! Gcore publishes one self-contained document per endpoint, so the same component schema
//! appears in several files. Merging requires those copies to be identical; operations are
//! the union. Every path and component remembers the file it came from ([`Origins`]) so that
//! later stages can report errors against the right file.

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde_json::{Map, Value};

use crate::error::{push_pointer, Error, Result, Warning, WarningKind};
use crate::model::HTTP_METHODS;
use crate::naming::NameFile;
use crate::overlay::{self, Overlay};

/// The naming file: Rust names chosen for users, kept stable across upstream renames.
pub const NAMES_FILE: &str = "names.yaml";

/// Everything read from a spec folder.
#[derive(Debug)]
pub struct Loaded {
    /// The merged OpenAPI 3.1 document, still as plain JSON.
    pub document: Value,
    pub origins: Origins,
    pub names: NameFile,
    /// The product settings (`product.yaml`), when the folder has them.
    pub product: Option<crate::product::Product>,
    /// Corrections to apply to `document`, in file name order.
    pub overlays: Vec<Overlay>,
}

/// Maps JSON pointers in the merged document back to the file that defined them, and
/// collects the warnings the later stages report against them.
#[derive(Debug, Default, Clone)]
pub struct Origins {
    by_prefix: BTreeMap<String, PathBuf>,
    /// The first document read, blamed for document-level keys.
    first: Option<PathBuf>,
    /// Warnings so far, in the order found; each stage only adds.
    warnings: RefCell<Vec<Warning>>,
}

impl Origins {
    fn record(&mut self, pointer: String, file: &Path) {
        self.by_prefix.entry(pointer).or_insert_with(|| file.to_path_buf());
    }

    /// A schema brought in from another file (`refs`) is blamed on that file.
    fn record_imported(&mut self, pointer: String, file: &Path) {
        self.by_prefix.insert(pointer, file.to_path_buf());
    }

    /// Every file the document was read from.
    pub fn files(&self) -> std::collections::BTreeSet<PathBuf> {
        self.by_prefix.values().chain(&self.first).cloned().collect()
    }

    /// The file that defined the node at `pointer` (longest recorded prefix wins).
    pub fn file_for(&self, pointer: &str) -> Option<PathBuf> {
        let mut candidate = pointer;
        loop {
            if let Some(file) = self.by_prefix.get(candidate) {
                return Some(file.clone());
            }
            match candidate.rfind('/') {
                Some(cut) => candidate = &candidate[..cut],
                None => return self.first.clone(),
            }
        }
    }

    pub fn error(&self, pointer: &str, message: impl Into<String>) -> Error {
        Error::at(self.file_for(pointer), pointer, message)
    }

    /// Records a warning at `pointer`; generation goes on.
    pub fn warn(&self, kind: WarningKind, pointer: &str, message: impl Into<String>) {
        let Error { location, message } = self.error(pointer, message);
        self.warnings.borrow_mut().push(Warning { kind, location, message });
    }

    /// The warnings recorded so far, sorted by kind, file and pointer, each once.
    pub fn take_warnings(&self) -> Vec<Warning> {
        let mut warnings = std::mem::take(&mut *self.warnings.borrow_mut());
        warnings.sort();
        warnings.dedup();
        warnings
    }
}

/// An OpenAPI 3.0 document, said the 3.1 way, so that the rest of codegen reads one form:
/// boolean `exclusiveMinimum`/`exclusiveMaximum` become the numeric bounds of 3.1 (the 3.0
/// `nullable` and `example` are read as they are). Only a document that says `3.0.x` is changed.
fn upgrade_from_3_0(document: &mut Map<String, Value>) {
    fn walk(node: &mut Value) {
        match node {
            Value::Object(map) => {
                for (flag, bound) in [("exclusiveMinimum", "minimum"), ("exclusiveMaximum", "maximum")] {
                    if let Some(Value::Bool(exclusive)) = map.get(flag).cloned() {
                        map.remove(flag);
                        if exclusive {
                            if let Some(value) = map.remove(bound) {
                                map.insert(flag.into(), value);
                            }
                        }
                    }
                }
                for (key, child) in map.iter_mut() {
                    if key != "example" && key != "examples" && !key.starts_with("x-") {
                        walk(child);
                    }
                }
            }
            Value::Array(items) => items.iter_mut().for_each(walk),
            _ => {}
        }
    }
    if document
        .get("openapi")
        .and_then(Value::as_str)
        .is_some_and(|v| v.starts_with("3.0."))
    {
        document.insert("openapi".into(), Value::String("3.1.0".into()));
        for (_, part) in document.iter_mut() {
            walk(part);
        }
    }
}

/// Reads `dir` (or one file and the naming file beside it): `names.yaml` is the naming file,
/// `product.yaml` the product settings, a file with a top-level `overlay` key an overlay, every other `*.yaml`/`*.yml`/`*.json` file an OpenAPI 3.1 document. Files are
/// read in name order so that output never depends on the order a file system lists them in.
pub fn load_dir(dir: &Path) -> Result<Loaded> {
    let mut documents = Vec::new();
    let mut names = NameFile::default();
    let mut product = None;
    let mut overlays = Vec::new();
    // Files without `openapi`: schemas other files refer to (or a mistake, reported below).
    let mut fragments = BTreeMap::new();
    for path in spec_files(dir)? {
        let value = read_yaml(&path)?;
        if path.file_name().is_some_and(|n| n == NAMES_FILE) {
            names = NameFile::from_value(&path, value)?;
        } else if path.file_name().is_some_and(|n| n == crate::product::PRODUCT_FILE) {
            product = Some(crate::product::Product::from_value(&path, &value)?);
        } else if overlay::is_overlay(&value) {
            overlays.push(overlay::parse(&path, &value)?);
        } else if value.get("openapi").is_none() && value.is_object() {
            fragments.insert(path, value);
        } else {
            documents.push((path, value));
        }
    }
    if documents.is_empty() {
        return Err(Error::in_file(
            dir,
            "no OpenAPI documents (*.yaml, *.yml, *.json) in this folder",
        ));
    }
    let in_folder: Vec<PathBuf> = fragments.keys().cloned().collect();
    let mut imported = Vec::new();
    for (path, document) in &mut documents {
        imported.extend(crate::refs::import_external(path, document, &mut fragments)?);
    }
    if let Some(stray) = in_folder.iter().find(|f| !imported.iter().any(|i| &i.file == *f)) {
        return Err(Error::at(
            stray.clone(),
            "/openapi",
            "missing `openapi` version, and no document refers to this file: is this an OpenAPI document?",
        ));
    }
    let (document, mut origins) = merge(documents)?;
    for import in imported {
        origins.record_imported(import.pointer, &import.file);
    }
    Ok(Loaded {
        document,
        origins,
        names,
        product,
        overlays,
    })
}

fn spec_files(dir: &Path) -> Result<Vec<PathBuf>> {
    if dir.is_file() {
        // One document, with the naming file and product settings beside it, if there are any.
        let mut files = vec![dir.to_path_buf()];
        for beside in [NAMES_FILE, crate::product::PRODUCT_FILE] {
            let beside = dir.with_file_name(beside);
            if beside.is_file() && beside != dir {
                files.push(beside);
            }
        }
        files.sort();
        return Ok(files);
    }
    let entries = std::fs::read_dir(dir).map_err(|e| Error::in_file(dir, format!("cannot read the spec folder: {e}")))?;
    let mut files = Vec::new();
    for entry in entries {
        let path = entry
            .map_err(|e| Error::in_file(dir, format!("cannot read the spec folder: {e}")))?
            .path();
        let is_spec = matches!(path.extension().and_then(|e| e.to_str()), Some("yaml" | "yml" | "json"));
        if is_spec && path.is_file() {
            files.push(path);
        }
    }
    files.sort();
    Ok(files)
}

/// Parses a YAML (or JSON) file into JSON values.
pub fn read_yaml(path: &Path) -> Result<Value> {
    let text = std::fs::read_to_string(path).map_err(|e| Error::in_file(path, format!("cannot read: {e}")))?;
    parse_yaml(path, &text)
}

pub fn parse_yaml(path: &Path, text: &str) -> Result<Value> {
    // Parsed straight into JSON values: no intermediate YAML tree, which doubled the peak
    // memory and half the load time on large specs.
    let parsed = if path.extension().is_some_and(|e| e == "json") {
        serde_json::from_str::<Json>(text).map_err(|e| {
            Error::in_file(
                path,
                format!("not valid JSON (line {}, column {}): {e}", e.line(), e.column()),
            )
        })
    } else if let Some(value) = parse_in_halves(text) {
        return Ok(value);
    } else {
        serde_yaml::from_str::<Json>(text).map_err(|e| {
            let at = e
                .location()
                .map(|l| format!(" (line {}, column {})", l.line(), l.column()))
                .unwrap_or_default();
            Error::in_file(path, format!("not valid YAML{at}: {e}"))
        })
    };
    parsed.map(|json| json.0)
}

/// Below this size a YAML document is parsed in one go (see [`parse_in_halves`]).
const HALVES_FROM: usize = 512 * 1024;

/// A large YAML document parsed as two halves at once, on two threads: YAML parsing is
/// serial and the largest of Gcore's documents (Cloud, 2.9 MB) takes most of a run's first
/// tenth to read. Returns `None`, for the whole text to be parsed instead (and to report
/// any error with its own line), unless both halves parse on their own into mappings with
/// no key in common, which then merge into exactly what the whole text gives. See [`halves`]
/// for where the text splits.
fn parse_in_halves(text: &str) -> Option<Value> {
    if text.len() < HALVES_FROM {
        return None;
    }
    parse_halves(text)
}

fn parse_halves(text: &str) -> Option<Value> {
    let (first, second) = halves(text)?;
    let parse = |half: &str| match serde_yaml::from_str::<Json>(half) {
        Ok(Json(Value::Object(map))) => Some(map),
        _ => None,
    };
    let (mut first, second) = std::thread::scope(|scope| {
        let first = scope.spawn(|| parse(first));
        let second = parse(second);
        (first.join().ok().flatten(), second)
    });
    let (first_map, second) = (first.as_mut()?, second?);
    if second.keys().any(|key| first_map.contains_key(key)) {
        return None;
    }
    first_map.extend(second);
    first.map(Value::Object)
}

/// The text split at the line nearest its middle that starts a key of the top-level
/// mapping: a line at column 0 that is no comment, sequence item, flow collection or
/// document marker (`---`, `...`, `%` directives make the text unsplittable).
///
/// In a block mapping at the top level, nothing else starts at column 0: a key's block
/// scalar, plain text and nested collections are indented. A line at column 0 inside a
/// quoted scalar or a flow collection would leave the first half unterminated, which then
/// fails to parse, and an alias to an anchor of the other half fails too: [`parse_in_halves`]
/// then parses the whole text.
fn halves(text: &str) -> Option<(&str, &str)> {
    let mut keys = Vec::new();
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let starts_key = match line.as_bytes().first() {
            Some(b'%') => return None,
            _ if line.starts_with("---") || line.starts_with("...") => return None,
            Some(b' ' | b'\t' | b'\r' | b'\n' | b'#' | b'-' | b'[' | b'{' | b'?' | b'&' | b'*' | b'!' | b'|' | b'>') | None => {
                false
            }
            Some(_) => offset > 0 && line.contains(':'),
        };
        if starts_key {
            keys.push(offset);
        }
        offset += line.len();
    }
    let middle = text.len() / 2;
    let split = keys.into_iter().min_by_key(|&at| at.abs_diff(middle))?;
    Some(text.split_at(split))
}

/// A JSON value read from YAML (or JSON), refusing what JSON cannot hold instead of
/// quietly changing it: non-finite numbers, tags, and mapping keys that are not scalars.
/// Scalar keys become strings (an unquoted `200:` response code), as in JSON.
struct Json(Value);

impl<'de> serde::Deserialize<'de> for Json {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> std::result::Result<Self, D::Error> {
        deserializer.deserialize_any(JsonVisitor).map(Json)
    }
}

struct JsonVisitor;

impl<'de> serde::de::Visitor<'de> for JsonVisitor {
    type Value = Value;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a JSON-compatible value")
    }
    fn visit_unit<E>(self) -> std::result::Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_none<E>(self) -> std::result::Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_bool<E>(self, b: bool) -> std::result::Result<Value, E> {
        Ok(Value::Bool(b))
    }
    fn visit_i64<E>(self, i: i64) -> std::result::Result<Value, E> {
        Ok(Value::from(i))
    }
    fn visit_u64<E>(self, u: u64) -> std::result::Result<Value, E> {
        Ok(Value::from(u))
    }
    fn visit_f64<E: serde::de::Error>(self, f: f64) -> std::result::Result<Value, E> {
        serde_json::Number::from_f64(f)
            .map(Value::Number)
            .ok_or_else(|| E::custom(format!("the number {f} cannot be represented in JSON")))
    }
    fn visit_str<E>(self, s: &str) -> std::result::Result<Value, E> {
        Ok(Value::String(s.to_owned()))
    }
    fn visit_string<E>(self, s: String) -> std::result::Result<Value, E> {
        Ok(Value::String(s))
    }
    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> std::result::Result<Value, A::Error> {
        let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0));
        while let Some(Json(item)) = seq.next_element()? {
            items.push(item);
        }
        // The whole document stays in memory until it is modelled: no spare capacity.
        items.shrink_to_fit();
        Ok(Value::Array(items))
    }
    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> std::result::Result<Value, A::Error> {
        let mut entries = Vec::with_capacity(map.size_hint().unwrap_or(0));
        while let Some(Key(key)) = map.next_key()? {
            let Json(value) = map.next_value()?;
            entries.push((key, value));
        }
        // Collected first so that the map is allocated at its final size (growing it left
        // up to half of every map's capacity unused). A repeated key keeps its first place
        // and its last value, as inserting did.
        Ok(Value::Object(entries.into_iter().collect::<Map<String, Value>>()))
    }
    fn visit_enum<A: serde::de::EnumAccess<'de>>(self, _: A) -> std::result::Result<Value, A::Error> {
        Err(serde::de::Error::custom("YAML tags are not supported in OpenAPI documents"))
    }
}

/// A mapping key: any scalar, as its text.
struct Key(String);

impl<'de> serde::Deserialize<'de> for Key {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> std::result::Result<Self, D::Error> {
        deserializer.deserialize_any(KeyVisitor).map(Key)
    }
}

struct KeyVisitor;

impl serde::de::Visitor<'_> for KeyVisitor {
    type Value = String;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a string, number or boolean mapping key")
    }
    fn visit_bool<E>(self, b: bool) -> std::result::Result<String, E> {
        Ok(b.to_string())
    }
    fn visit_i64<E>(self, i: i64) -> std::result::Result<String, E> {
        Ok(i.to_string())
    }
    fn visit_u64<E>(self, u: u64) -> std::result::Result<String, E> {
        Ok(u.to_string())
    }
    fn visit_f64<E>(self, f: f64) -> std::result::Result<String, E> {
        Ok(f.to_string())
    }
    fn visit_str<E>(self, s: &str) -> std::result::Result<String, E> {
        Ok(s.to_owned())
    }
    fn visit_string<E>(self, s: String) -> std::result::Result<String, E> {
        Ok(s)
    }
}

/// Document-level keys merged explicitly below; anything else at the top level is refused
/// rather than silently lost.
const TOP_LEVEL_KEYS: [&str; 8] = [
    "openapi",
    "info",
    "servers",
    "security",
    "tags",
    "paths",
    "components",
    "externalDocs",
];

/// Merges documents read in name order. The first document supplies `info` and `servers`;
/// a document's global `security` is pushed down into its operations (so each keeps the
/// requirement it was published with), and so are path-level `parameters`.
fn merge(documents: Vec<(PathBuf, Value)>) -> Result<(Value, Origins)> {
    let mut origins = Origins {
        first: documents.first().map(|(p, _)| p.clone()),
        ..Origins::default()
    };
    let mut merged = Map::new();
    let mut paths = Map::new();
    let mut components: Map<String, Value> = Map::new();
    let mut tags: Vec<Value> = Vec::new();

    for (file, document) in documents {
        let Value::Object(mut document) = document else {
            return Err(Error::in_file(&file, "an OpenAPI document must be a mapping"));
        };
        check_version(&file, &document)?;
        upgrade_from_3_0(&mut document);
        if let Some(key) = document
            .keys()
            .find(|k| !TOP_LEVEL_KEYS.contains(&k.as_str()) && !k.starts_with("x-"))
        {
            return Err(Error::at(
                file.clone(),
                push_pointer("", key),
                format!("top-level key `{key}` is not supported"),
            ));
        }
        // Paths and components are moved, not copied: they are nearly all of a document.
        let doc_paths = document.remove("paths");
        let doc_components = document.remove("components");
        for key in ["openapi", "info", "servers", "externalDocs"] {
            if let Some(value) = document.get(key) {
                merged.entry(key.to_string()).or_insert_with(|| value.clone());
            }
        }
        for (key, value) in document.iter().filter(|(k, _)| k.starts_with("x-")) {
            merged.entry(key.clone()).or_insert_with(|| value.clone());
        }
        for tag in document.get("tags").and_then(Value::as_array).into_iter().flatten() {
            if !tags.iter().any(|t| t.get("name") == tag.get("name")) {
                tags.push(tag.clone());
            }
        }
        let security = document.get("security");
        if let Some(doc_paths) = doc_paths {
            merge_paths(&file, doc_paths, security, &mut paths, &mut origins)?;
        }
        if let Some(doc_components) = doc_components {
            merge_components(&file, doc_components, &mut components, &mut origins)?;
        }
    }

    if !tags.is_empty() {
        merged.insert("tags".into(), Value::Array(tags));
    }
    merged.insert("paths".into(), Value::Object(paths));
    if !components.is_empty() {
        merged.insert("components".into(), Value::Object(components));
    }
    Ok((Value::Object(merged), origins))
}

fn check_version(file: &Path, document: &Map<String, Value>) -> Result<()> {
    match document.get("openapi").and_then(Value::as_str) {
        Some(v) if v.starts_with("3.1.") || v.starts_with("3.0.") => Ok(()),
        Some(v) => Err(Error::at(
            file.to_path_buf(),
            "/openapi",
            format!("OpenAPI version {v} is not supported; expected 3.0.x or 3.1.x"),
        )),
        None => Err(Error::at(
            file.to_path_buf(),
            "/openapi",
            "missing `openapi` version: is this an OpenAPI document?",
        )),
    }
}

fn merge_paths(
    file: &Path,
    doc_paths: Value,
    security: Option<&Value>,
    paths: &mut Map<String, Value>,
    origins: &mut Origins,
) -> Result<()> {
    let Value::Object(doc_paths) = doc_paths else {
        return Err(Error::at(file.to_path_buf(), "/paths", "`paths` must be a mapping"));
    };
    for (path, item) in doc_paths {
        let item_pointer = push_pointer("/paths", &path);
        let Value::Object(item) = item else {
            return Err(Error::at(file.to_path_buf(), item_pointer, "a path item must be a mapping"));
        };
        let shared_parameters = item.get("parameters").and_then(Value::as_array).cloned().unwrap_or_default();
        let target = paths.entry(path).or_insert_with(|| Value::Object(Map::new()));
        let target = target.as_object_mut().expect("path items are created as objects");
        for (key, value) in item {
            let pointer = push_pointer(&item_pointer, &key);
            if key == "parameters" || key == "summary" || key == "description" || key.starts_with("x-") {
                continue; // pushed into each operation below, or documentation only
            }
            if !HTTP_METHODS.contains(&key.as_str()) {
                return Err(Error::at(
                    file.to_path_buf(),
                    pointer,
                    format!("path item key `{key}` is not supported"),
                ));
            }
            let operation = push_down(value, &shared_parameters, security);
            if let Some(existing) = target.get(&key) {
                if *existing != operation {
                    let other = origins.file_for(&pointer);
                    return Err(conflict(file, other.as_deref(), &pointer, existing, &operation));
                }
                continue;
            }
            target.insert(key, operation);
            origins.record(pointer, file);
        }
    }
    Ok(())
}

/// Gives an operation the path-level parameters it inherits (unless it overrides them by
/// name and location) and the document's global security (unless it declares its own).
fn push_down(mut operation: Value, shared_parameters: &[Value], security: Option<&Value>) -> Value {
    let Value::Object(op) = &mut operation else { return operation };
    if !shared_parameters.is_empty() {
        let own = op.get("parameters").and_then(Value::as_array).cloned().unwrap_or_default();
        let key = |p: &Value| (p.get("name").cloned(), p.get("in").cloned(), p.get("$ref").cloned());
        let mut all: Vec<Value> = shared_parameters
            .iter()
            .filter(|p| !own.iter().any(|o| key(o) == key(p)))
            .cloned()
            .collect();
        all.extend(own);
        op.insert("parameters".into(), Value::Array(all));
    }
    if let Some(security) = security {
        op.entry("security").or_insert_with(|| security.clone());
    }
    operation
}

fn merge_components(
    file: &Path,
    doc_components: Value,
    components: &mut Map<String, Value>,
    origins: &mut Origins,
) -> Result<()> {
    let Value::Object(doc_components) = doc_components else {
        return Err(Error::at(file.to_path_buf(), "/components", "`components` must be a mapping"));
    };
    for (kind, entries) in doc_components {
        let kind_pointer = push_pointer("/components", &kind);
        let Value::Object(entries) = entries else {
            return Err(Error::at(
                file.to_path_buf(),
                kind_pointer,
                "a components section must be a mapping",
            ));
        };
        let target = components.entry(kind).or_insert_with(|| Value::Object(Map::new()));
        let target = target.as_object_mut().expect("component sections are created as objects");
        for (name, value) in entries {
            let pointer = push_pointer(&kind_pointer, &name);
            match target.get(&name) {
                Some(existing) if *existing != value => {
                    let other = origins.file_for(&pointer);
                    return Err(conflict(file, other.as_deref(), &pointer, existing, &value));
                }
                Some(_) => {}
                None => {
                    target.insert(name, value);
                    origins.record(pointer, file);
                }
            }
        }
    }
    Ok(())
}

/// Two files define the same thing differently: name both, and the first pointer where
/// the two definitions part, so the user sees the actual difference.
fn conflict(file: &Path, other: Option<&Path>, pointer: &str, existing: &Value, new: &Value) -> Error {
    let at = first_difference(existing, new, pointer);
    let other = other
        .map(|p| p.display().to_string())
        .unwrap_or_else(|| "another file".into());
    Error::at(
        file.to_path_buf(),
        at.clone(),
        format!("conflicts with the definition in {other}: `{pointer}` must be identical in every file that defines it (they differ at {at})"),
    )
}

fn first_difference(a: &Value, b: &Value, pointer: &str) -> String {
    match (a, b) {
        (Value::Object(x), Value::Object(y)) => {
            for (key, value) in x {
                match y.get(key) {
                    Some(other) if other == value => {}
                    Some(other) => return first_difference(value, other, &push_pointer(pointer, key)),
                    None => return push_pointer(pointer, key),
                }
            }
            y.keys()
                .find(|k| !x.contains_key(*k))
                .map(|k| push_pointer(pointer, k))
                .unwrap_or_else(|| pointer.to_string())
        }
        (Value::Array(x), Value::Array(y)) if x.len() == y.len() => x
            .iter()
            .zip(y)
            .enumerate()
            .find(|(_, (p, q))| p != q)
            .map(|(i, (p, q))| first_difference(p, q, &push_pointer(pointer, &i.to_string())))
            .unwrap_or_else(|| pointer.to_string()),
        _ => pointer.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    #[test]
    fn a_3_0_document_reads_as_3_1() {
        let mut document = json!({
            "openapi": "3.0.3",
            "components": {"schemas": {
                "Port": {"type": "integer", "minimum": 0, "exclusiveMinimum": true, "maximum": 9, "exclusiveMaximum": false},
                "Tag": {"type": "string", "nullable": true, "example": {"exclusiveMinimum": true}}
            }}
        });
        super::upgrade_from_3_0(document.as_object_mut().unwrap());
        assert_eq!(document["openapi"], "3.1.0");
        assert_eq!(
            document["components"]["schemas"]["Port"],
            json!({"type": "integer", "exclusiveMinimum": 0, "maximum": 9})
        );
        assert_eq!(
            document["components"]["schemas"]["Tag"]["example"],
            json!({"exclusiveMinimum": true}),
            "examples are data"
        );

        let mut newer = json!({"openapi": "3.1.0", "x": {"exclusiveMinimum": true}});
        super::upgrade_from_3_0(newer.as_object_mut().unwrap());
        assert_eq!(newer["x"]["exclusiveMinimum"], true, "a 3.1 document is left as it is");
    }

    /// Parsed in halves, or `None`; in one go; as JSON text, which keeps the order of keys.
    fn halves_and_whole(text: &str) -> (Option<String>, String) {
        let whole = serde_yaml::from_str::<super::Json>(text).unwrap().0;
        (super::parse_halves(text).map(|v| v.to_string()), whole.to_string())
    }

    #[test]
    fn every_document_of_spec_parses_in_halves_into_what_it_parses_to_whole() {
        let spec = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec");
        let mut documents = 0;
        for folder in std::fs::read_dir(&spec).unwrap().flatten().filter(|e| e.path().is_dir()) {
            for file in std::fs::read_dir(folder.path()).unwrap().flatten() {
                let text = std::fs::read_to_string(file.path()).unwrap();
                let value = serde_yaml::from_str::<super::Json>(&text).unwrap().0;
                if value.get("openapi").is_none() {
                    continue;
                }
                let (halves, whole) = halves_and_whole(&text);
                assert_eq!(halves.as_deref(), Some(whole.as_str()), "{}", file.path().display());
                documents += 1;
            }
        }
        assert!(documents >= 17, "{documents} documents");
    }

    #[test]
    fn a_document_that_does_not_split_cleanly_is_parsed_whole() {
        // An alias to an anchor of the other half; a key in both halves (the whole text keeps
        // its first place and last value); a sequence at the top; several documents.
        for text in [
            "a: &x [1]\nb: *x\n",
            "a: 1\nb: 2\na: 3\nc: 4\n",
            "- a: 1\n- b: 2\n",
            "a: 1\n---\nb: 2\n",
            "%YAML 1.2\n---\na: 1\nb: 2\n",
        ] {
            assert_eq!(super::parse_halves(text), None, "{text}");
        }
        // A line at column 0 inside quoted text or a flow collection: the first half does not
        // parse when the split falls there, and the halves agree with the whole otherwise.
        for text in [
            "a: \"x\nb: y\"\nc: 1\nd: 2\n",
            "a: [1,\nb: 2]\nc: 1\n",
            "a: 'x\n\nb: y'\n",
            "a: |\n  b: 1\nc: 2\n",
        ] {
            let (halves, whole) = halves_and_whole(text);
            assert!(
                halves.is_none() || halves.as_deref() == Some(whole.as_str()),
                "{text}: {halves:?}"
            );
        }
        let (halves, whole) = halves_and_whole("a: 1\n# note\nb:\n  c: [1, 2]\nd: x\n");
        assert_eq!(halves.as_deref(), Some(whole.as_str()));
    }

    /// A spec folder holding `files` (name, JSON text).
    fn folder(files: &[(&str, serde_json::Value)]) -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        for (name, value) in files {
            std::fs::write(dir.path().join(name), value.to_string()).unwrap();
        }
        dir
    }

    fn document(schemas: serde_json::Value, paths: serde_json::Value) -> serde_json::Value {
        json!({"openapi": "3.1.0", "info": {"title": "t", "version": "1"}, "paths": paths, "components": {"schemas": schemas}})
    }

    #[test]
    fn documents_of_a_folder_merge_and_each_part_is_blamed_on_its_file() {
        let dir = folder(&[
            ("a.json", document(json!({"A": {"type": "string"}}), json!({"/a": {}}))),
            (
                "b.json",
                document(json!({"A": {"type": "string"}, "B": {"type": "integer"}}), json!({"/b": {}})),
            ),
        ]);
        let loaded = super::load_dir(dir.path()).unwrap();
        assert_eq!(loaded.document["components"]["schemas"].as_object().unwrap().len(), 2);
        assert_eq!(loaded.document["paths"].as_object().unwrap().len(), 2);
        let file = |pointer: &str| loaded.origins.file_for(pointer).unwrap();
        assert_eq!(file("/components/schemas/B/type"), dir.path().join("b.json"));
        assert_eq!(file("/paths/~1a"), dir.path().join("a.json"));
    }

    #[test]
    fn a_component_two_files_define_differently_is_an_error_naming_both() {
        let dir = folder(&[
            ("a.json", document(json!({"A": {"type": "string"}}), json!({}))),
            ("b.json", document(json!({"A": {"type": "integer"}}), json!({}))),
        ]);
        let error = super::load_dir(dir.path()).unwrap_err().to_string();
        assert!(error.contains("a.json") && error.contains("b.json"), "{error}");
        assert!(error.contains("/components/schemas/A"), "{error}");
    }

    #[test]
    fn a_folder_without_documents_or_with_a_stray_file_is_an_error() {
        let empty = folder(&[]);
        let error = super::load_dir(empty.path()).unwrap_err().to_string();
        assert!(error.contains("no OpenAPI documents"), "{error}");
        let stray = folder(&[
            ("a.json", document(json!({}), json!({}))),
            ("notes.json", json!({"title": "not a document"})),
        ]);
        let error = super::load_dir(stray.path()).unwrap_err().to_string();
        assert!(error.contains("notes.json") && error.contains("missing `openapi`"), "{error}");
    }
}
