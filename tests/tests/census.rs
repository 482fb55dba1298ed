//! A census of every construct in the documents codegen is given (`spec/` and the fixtures):
//! every schema keyword must be one codegen knows (`codegen::lower::SCHEMA_KEYWORDS`, which
//! says for each whether it is an annotation, typed, lowered, or not applied with a warning),
//! every media type one the media rule reads knowingly, every parameter location one codegen
//! sends. A construct a future upstream version brings fails here by name, with the file and
//! the JSON pointer, before anyone has to read generated code to find it.
//!
//! `tests/fixtures/loose` is left out: it holds an unknown keyword on purpose (see
//! `products.rs`, which checks the warning it gives).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use codegen::lower::{keyword, Keyword};
use codegen::model::Media;
use serde_json::Value;

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// Media types that are not well formed, and how codegen reads them (with a warning).
const MALFORMED_MEDIA_TYPES: &[(&str, Media)] = &[("plain/text", Media::Text), ("application", Media::Binary)];

/// What the census found, and what it could not place.
#[derive(Default)]
struct Census {
    documents: usize,
    keywords: BTreeMap<String, usize>,
    media_types: BTreeMap<String, usize>,
    locations: BTreeMap<String, usize>,
    /// `$ref` beside other keywords, by those keywords.
    ref_siblings: BTreeMap<String, usize>,
    all_of_several: usize,
    unplaced: Vec<String>,
}

impl Census {
    fn schema(&mut self, schema: &Value, at: &str) {
        let Value::Object(map) = schema else { return };
        if map.contains_key("$ref") && map.len() > 1 {
            for key in map.keys().filter(|k| *k != "$ref" && !k.starts_with("x-")) {
                *self.ref_siblings.entry(key.clone()).or_default() += 1;
            }
        }
        if map.get("allOf").and_then(Value::as_array).is_some_and(|m| m.len() > 1) {
            self.all_of_several += 1;
        }
        for (key, value) in map {
            let here = format!("{at}/{}", key.replace('~', "~0").replace('/', "~1"));
            if key.starts_with("x-") {
                continue;
            }
            *self.keywords.entry(key.clone()).or_default() += 1;
            if keyword(key).is_none() {
                self.unplaced.push(format!("schema keyword `{key}` at {here}"));
                continue;
            }
            match key.as_str() {
                "properties" | "patternProperties" | "$defs" | "dependentSchemas" => {
                    for (name, child) in value.as_object().into_iter().flatten() {
                        self.schema(child, &format!("{here}/{}", name.replace('~', "~0").replace('/', "~1")));
                    }
                }
                "allOf" | "anyOf" | "oneOf" | "prefixItems" => {
                    for (i, child) in value.as_array().into_iter().flatten().enumerate() {
                        self.schema(child, &format!("{here}/{i}"));
                    }
                }
                "items"
                | "not"
                | "additionalProperties"
                | "propertyNames"
                | "contentSchema"
                | "if"
                | "then"
                | "else"
                | "contains"
                | "unevaluatedItems"
                | "unevaluatedProperties" => self.schema(value, &here),
                _ => {}
            }
        }
    }

    /// The schemas, media types and parameters of a non-schema node (path item, operation,
    /// parameter, request body, response, media type, header, component).
    fn node(&mut self, node: &Value, at: &str) {
        match node {
            Value::Object(map) => {
                for (key, value) in map {
                    let here = format!("{at}/{}", key.replace('~', "~0").replace('/', "~1"));
                    match key.as_str() {
                        "schema" => self.schema(value, &here),
                        "example" | "examples" => {}
                        _ if key.starts_with("x-") => {}
                        "content" => {
                            for (media_type, content) in value.as_object().into_iter().flatten() {
                                self.media_type(media_type, &here);
                                self.node(content, &format!("{here}/{}", media_type.replace('/', "~1")));
                            }
                        }
                        "in" => {
                            let location = value.as_str().unwrap_or_default().to_string();
                            if !["path", "query", "header", "cookie"].contains(&location.as_str()) {
                                self.unplaced.push(format!("parameter location `{location}` at {here}"));
                            }
                            *self.locations.entry(location).or_default() += 1;
                        }
                        _ => self.node(value, &here),
                    }
                }
            }
            Value::Array(items) => {
                for (i, item) in items.iter().enumerate() {
                    self.node(item, &format!("{at}/{i}"));
                }
            }
            _ => {}
        }
    }

    fn media_type(&mut self, media_type: &str, at: &str) {
        *self.media_types.entry(media_type.to_string()).or_default() += 1;
        let well_formed = media_type.split_once('/').is_some_and(|(kind, sub)| {
            ["application", "text", "multipart", "image", "audio", "video", "font", "model"].contains(&kind) && !sub.is_empty()
        });
        if !well_formed {
            let known = MALFORMED_MEDIA_TYPES.iter().find(|(m, _)| *m == media_type);
            match known {
                Some((_, media)) => assert_eq!(codegen::build::media_of(media_type), *media, "{media_type}"),
                None => self
                    .unplaced
                    .push(format!("media type `{media_type}` at {at}: how should it be read?")),
            }
        }
    }

    fn document(&mut self, file: &Path) {
        let document = codegen::load::read_yaml(file).unwrap();
        if document.get("openapi").is_none() {
            return; // names.yaml, an overlay
        }
        let name = file.strip_prefix(repo()).unwrap_or(file).display().to_string();
        self.read(&name, &document);
    }

    fn read(&mut self, name: &str, document: &Value) {
        self.documents += 1;
        let before = self.unplaced.len();
        if let Some(schemas) = document.pointer("/components/schemas").and_then(Value::as_object) {
            for (schema_name, schema) in schemas {
                self.schema(schema, &format!("/components/schemas/{schema_name}"));
            }
        }
        for (kind, entries) in document
            .pointer("/components")
            .and_then(Value::as_object)
            .into_iter()
            .flatten()
        {
            if kind != "schemas" {
                self.node(entries, &format!("/components/{kind}"));
            }
        }
        if let Some(paths) = document.get("paths") {
            self.node(paths, "/paths");
        }
        for found in &mut self.unplaced[before..] {
            *found = format!("{name}: {found}");
        }
    }
}

fn documents() -> Vec<PathBuf> {
    let mut files = Vec::new();
    for folder in [
        "spec",
        "tests/fixtures/seeds",
        "tests/fixtures/media",
        "tests/fixtures/awkward",
        "tests/fixtures/full",
        "tests/fixtures/split",
    ] {
        files.extend(yaml_files(&repo().join(folder)));
    }
    for version in std::fs::read_dir(repo().join("tests/fixtures/history")).unwrap() {
        let version = version.unwrap().path();
        if version.is_dir() {
            files.extend(yaml_files(&version));
        }
    }
    files.sort();
    files
}

/// The YAML and JSON files of a folder and of its sub-folders (spec/ has one per product).
fn yaml_files(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for path in std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().path()) {
        if path.is_dir() {
            files.extend(yaml_files(&path));
        } else if path.extension().is_some_and(|e| e == "yaml" || e == "yml" || e == "json") {
            files.push(path);
        }
    }
    files.sort();
    files
}

#[test]
fn every_construct_in_the_documents_is_one_codegen_knows() {
    let mut census = Census::default();
    for file in documents() {
        census.document(&file);
    }
    assert!(census.documents >= 17 + 6, "the products, spec/ and the fixtures were read");
    let by_treatment = |treatment: Keyword| -> Vec<String> {
        census
            .keywords
            .iter()
            .filter(|(k, _)| keyword(k) == Some(treatment))
            .map(|(k, n)| format!("{k} {n}"))
            .collect()
    };
    println!(
        "census: {} documents\n  annotations: {}\n  typed: {}\n  lowered: {}\n  not applied (warned): {}\n  \
         media types: {:?}\n  parameter locations: {:?}\n  $ref beside: {:?}\n  allOf with several members: {}",
        census.documents,
        by_treatment(Keyword::Annotation).join(", "),
        by_treatment(Keyword::Typed).join(", "),
        by_treatment(Keyword::Lowered).join(", "),
        by_treatment(Keyword::Unapplied).join(", "),
        census.media_types,
        census.locations,
        census.ref_siblings,
        census.all_of_several,
    );
    assert!(
        census.unplaced.is_empty(),
        "constructs codegen does not know yet (add each to codegen::lower::SCHEMA_KEYWORDS, the media rule \
         or the parameter locations, with how it is handled):\n{}",
        census.unplaced.join("\n")
    );
    for common in [
        "type",
        "properties",
        "$ref",
        "anyOf",
        "allOf",
        "pattern",
        "prefixItems",
        "discriminator",
    ] {
        assert!(census.keywords.contains_key(common), "the census saw `{common}`");
    }
}

#[test]
fn the_census_names_what_it_does_not_know() {
    let document = serde_json::json!({
        "openapi": "3.1.0",
        "paths": {"/x": {"get": {
            "parameters": [{"name": "a", "in": "body", "schema": {"type": "string"}}],
            "responses": {"200": {"description": "", "content": {"foo": {"schema": {
                "type": "object",
                "properties": {"b": {"type": "string", "field_value": {}}}
            }}}}}
        }}}
    });
    let mut census = Census::default();
    census.read("doc.yaml", &document);
    assert_eq!(
        census.unplaced,
        [
            "doc.yaml: parameter location `body` at /paths/~1x/get/parameters/0/in",
            "doc.yaml: media type `foo` at /paths/~1x/get/responses/200/content: how should it be read?",
            "doc.yaml: schema keyword `field_value` at /paths/~1x/get/responses/200/content/foo/schema/properties/b/field_value",
        ]
    );
}
