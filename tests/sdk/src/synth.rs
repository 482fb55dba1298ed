//! Request inputs made from an OpenAPI document, for the contract tests: for an operation, a
//! **minimal** set of inputs (required ones only) and a **full** one (every optional input
//! too), each value valid under its schema: formats, patterns, bounds, enums and `const`.
//!
//! The synthesiser reads the document as Prism serves it (JSON Schema draft 2020-12 inside
//! OpenAPI 3.1), not codegen's model, so that it is a second reading of the spec. Where a
//! schema offers a choice (an enum, a union), the full inputs take the next value each
//! time the same schema is met, so that across operations every value and branch is sent.
//! A value that does not satisfy its schema is a fault of the synthesiser: the caller
//! checks each with an independent validator and asks for another draw ([`Synth::attempt`]).

use std::collections::BTreeMap;

use rand::rngs::StdRng;
use rand::{RngExt, SeedableRng};
use serde_json::{json, Map, Value};

/// Which inputs to make.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Inputs {
    /// Required parameters and required fields only.
    Minimal,
    /// Every parameter and every field a request may send.
    Full,
}

/// How deep the full inputs follow optional fields of recursive schemas.
const MAX_DEPTH: usize = 8;

pub struct Synth<'a> {
    document: &'a Value,
    /// How many times each schema (by pointer) offered a choice: the full inputs take the
    /// next option each time.
    turns: BTreeMap<String, usize>,
    /// Which draw this is: a draw after the first changes the choices and the samples.
    attempt: usize,
    /// The fewest items of an array where its bounds allow: 2 in a query, where one value
    /// cannot be told from a scalar (Prism reads `?a=1` as a string when `a` is
    /// `array | null`), 0 elsewhere.
    min_items: usize,
    /// Whether values are made for responses (fields the client sends only are left out)
    /// rather than requests (fields the server sets are left out).
    responses: bool,
    rng: StdRng,
}

impl<'a> Synth<'a> {
    pub fn new(document: &'a Value) -> Synth<'a> {
        Synth {
            document,
            turns: BTreeMap::new(),
            attempt: 0,
            min_items: 0,
            responses: false,
            rng: StdRng::seed_from_u64(0),
        }
    }

    /// The same, making response bodies: `readOnly` fields kept, `writeOnly` ones left out
    /// unless required.
    pub fn for_responses(document: &'a Value) -> Synth<'a> {
        Synth {
            responses: true,
            ..Synth::new(document)
        }
    }

    /// Starts draw `attempt` (0 first): each draw of the same value makes other choices.
    pub fn attempt(&mut self, attempt: usize) {
        self.attempt = attempt;
        self.rng = StdRng::seed_from_u64(attempt as u64);
    }

    /// A value for the schema at `pointer` (a JSON pointer into the document).
    pub fn value_at(&mut self, pointer: &str, inputs: Inputs) -> Value {
        let schema = self.resolve(pointer).clone();
        self.value(&schema, pointer, inputs, 0)
    }

    /// The inputs of the operation `method path`, as the operation table takes them:
    /// `{"path": .., "query": .., "header": .., "body": ..}`, the body in `media` (the
    /// request media type the SDK sends). Each value is paired with the pointer of its
    /// schema in `schemas`, for the caller to check.
    pub fn operation(
        &mut self,
        path: &str,
        method: &str,
        media: Option<&str>,
        inputs: Inputs,
        schemas: &mut Vec<(String, String)>,
    ) -> Value {
        let item = format!("/paths/{}", escape(path));
        let operation = format!("{item}/{method}");
        let mut params: BTreeMap<(String, String), String> = BTreeMap::new();
        for owner in [&item, &operation] {
            let Some(list) = self
                .document
                .pointer(&format!("{owner}/parameters"))
                .and_then(Value::as_array)
            else {
                continue;
            };
            for index in 0..list.len() {
                let mut pointer = format!("{owner}/parameters/{index}");
                while let Some(target) = self.resolve(&pointer).get("$ref").and_then(Value::as_str) {
                    pointer = target.trim_start_matches('#').to_string();
                }
                let param = self.resolve(&pointer);
                let (Some(name), Some(location)) = (param["name"].as_str(), param["in"].as_str()) else {
                    continue;
                };
                params.insert((location.to_string(), name.to_string()), pointer);
            }
        }
        let mut out = json!({"path": {}, "query": {}, "header": {}});
        for ((location, name), pointer) in params {
            let param = self.resolve(&pointer);
            let required = param["required"] == json!(true) || location == "path";
            if !matches!(location.as_str(), "path" | "query" | "header") || (!required && inputs == Inputs::Minimal) {
                continue;
            }
            let schema = match param.get("schema") {
                Some(_) => format!("{pointer}/schema"),
                None => match param["content"].as_object().and_then(|c| c.keys().next()) {
                    Some(media) => format!("{pointer}/content/{}/schema", escape(media)),
                    None => continue,
                },
            };
            self.min_items = if location == "query" { 2 } else { 0 };
            let value = self.value_at(&schema, inputs);
            self.min_items = 0;
            // JSON text in a string: the SDK takes (and the check reads) the value itself.
            let schema = match self.resolve(&schema).get("contentSchema") {
                Some(_) => format!("{schema}/contentSchema"),
                None => schema,
            };
            schemas.push((format!("{location}.{name}"), schema));
            out[&location][&name] = value;
        }
        // A `{name}` of the path the spec does not declare: codegen takes it as a string.
        for segment in path.split('{').skip(1) {
            let name = segment.split('}').next().unwrap_or_default();
            if out["path"].get(name).is_none() {
                out["path"][name] = json!("1");
            }
        }
        let mut body = format!("{operation}/requestBody");
        while let Some(target) = self
            .document
            .pointer(&body)
            .and_then(|b| b.get("$ref"))
            .and_then(Value::as_str)
        {
            body = target.trim_start_matches('#').to_string();
        }
        if let (Some(media), Some(request)) = (media, self.document.pointer(&body)) {
            let required = request["required"] == json!(true);
            let schema = format!("{body}/content/{}/schema", escape(media));
            // The SDK takes a body whose schema has required fields as an argument, even
            // where the spec calls the body optional: minimal inputs send it then too.
            let needed = required || self.has_required_fields(&schema);
            if (needed || inputs == Inputs::Full) && self.document.pointer(&schema).is_some() {
                // A list in a form is repeated parts: one part reads as a single value.
                self.min_items = if media.starts_with("multipart/") { 2 } else { 0 };
                out["body"] = self.value_at(&schema, inputs);
                self.min_items = 0;
                schemas.push(("body".to_string(), schema));
            }
        }
        out
    }

    /// Whether the schema at `pointer` (or a part of its `allOf`) requires a field.
    fn has_required_fields(&self, pointer: &str) -> bool {
        self.document
            .pointer(pointer)
            .is_some_and(|schema| self.requires_fields(schema))
    }

    fn requires_fields(&self, mut schema: &'a Value) -> bool {
        while let Some(target) = schema.get("$ref").and_then(Value::as_str) {
            schema = self.resolve(target.trim_start_matches('#'));
        }
        let own = schema["required"].as_array().is_some_and(|r| !r.is_empty());
        own || schema["allOf"]
            .as_array()
            .into_iter()
            .flatten()
            .any(|part| self.requires_fields(part))
    }

    fn resolve(&self, pointer: &str) -> &'a Value {
        self.document
            .pointer(pointer)
            .unwrap_or_else(|| panic!("no schema at {pointer}"))
    }

    /// The option to take of `count` at a choice point: the first in minimal inputs, in full
    /// ones the next each time the schema is met, and another one on each further draw.
    fn choose(&mut self, pointer: &str, count: usize, inputs: Inputs) -> usize {
        let turn = match inputs {
            Inputs::Minimal => 0,
            Inputs::Full => {
                let turn = self.turns.entry(pointer.to_string()).or_default();
                *turn += 1;
                *turn - 1
            }
        };
        (turn + self.attempt) % count.max(1)
    }

    fn value(&mut self, schema: &Value, pointer: &str, inputs: Inputs, depth: usize) -> Value {
        let Some(object) = schema.as_object() else {
            // `true` or `{}`-like: anything.
            return json!("any");
        };
        if let Some(target) = object.get("$ref").and_then(Value::as_str) {
            let target = target.trim_start_matches('#').to_string();
            let resolved = self.resolve(&target).clone();
            let value = self.value(&resolved, &target, inputs, depth + 1);
            // 3.1 allows keywords beside `$ref`: fold in those that constrain the value.
            let mut rest = object.clone();
            rest.remove("$ref");
            return match constrains(&rest) {
                true => merge(value, self.value(&Value::Object(rest), pointer, inputs, depth)),
                false => value,
            };
        }
        if let Some(value) = object.get("const") {
            return value.clone();
        }
        if let Some(values) = object.get("enum").and_then(Value::as_array) {
            let values: Vec<&Value> = values.iter().filter(|v| !v.is_null()).collect();
            if values.is_empty() {
                return Value::Null;
            }
            let index = self.choose(pointer, values.len(), inputs);
            return values[index].clone();
        }
        for keyword in ["oneOf", "anyOf"] {
            if let Some(branches) = object.get(keyword).and_then(Value::as_array) {
                // A `null` branch is the absence of a value: take the others.
                let branches: Vec<(usize, &Value)> = branches
                    .iter()
                    .enumerate()
                    .filter(|(_, b)| b.get("type") != Some(&json!("null")))
                    .collect();
                if branches.is_empty() {
                    return Value::Null;
                }
                let (index, branch) = branches[self.choose(pointer, branches.len(), inputs)];
                let value = self.value(branch, &format!("{pointer}/{keyword}/{index}"), inputs, depth + 1);
                let mut rest = object.clone();
                rest.remove(keyword);
                rest.remove("discriminator");
                return match has_shape(&rest) {
                    true => merge(self.value(&Value::Object(rest), pointer, inputs, depth), value),
                    false => value,
                };
            }
        }
        if object.contains_key("allOf") {
            // The parts as one schema: their properties and required names together.
            let merged = self.flatten(object);
            return self.value(&Value::Object(merged), pointer, inputs, depth);
        }
        // JSON text in a string: the SDK takes the value itself and encodes it.
        if let Some(content) = object.get("contentSchema") {
            return self.value(content, &format!("{pointer}/contentSchema"), inputs, depth + 1);
        }
        match type_of(object).as_str() {
            "object" => self.object(object, pointer, inputs, depth),
            "array" => self.array(object, pointer, inputs, depth),
            "string" => self.string(object),
            "integer" => integer(object, self.attempt),
            "number" => number(object, self.attempt),
            "boolean" => Value::Bool(inputs == Inputs::Full),
            "null" => Value::Null,
            _ => json!("any"),
        }
    }

    /// A schema with `allOf` as one schema without it: the parts' (and their references')
    /// properties merged, their `required` lists joined, any other keyword from the first
    /// part that has it.
    fn flatten(&self, object: &Map<String, Value>) -> Map<String, Value> {
        let mut merged = object.clone();
        let parts = merged.remove("allOf").and_then(|p| p.as_array().cloned()).unwrap_or_default();
        for part in parts {
            let mut part = part;
            while let Some(target) = part.get("$ref").and_then(Value::as_str) {
                let mut resolved = self.resolve(target.trim_start_matches('#')).clone();
                if let (Some(resolved), Some(beside)) = (resolved.as_object_mut(), part.as_object()) {
                    for (key, value) in beside.iter().filter(|(k, _)| *k != "$ref") {
                        resolved.entry(key.clone()).or_insert(value.clone());
                    }
                }
                part = resolved;
            }
            let Some(mut part) = part.as_object().cloned() else { continue };
            if part.contains_key("allOf") {
                part = self.flatten(&part);
            }
            for (key, value) in part {
                match (key.as_str(), merged.get_mut(&key)) {
                    ("properties", Some(Value::Object(properties))) => {
                        for (name, schema) in value.as_object().cloned().unwrap_or_default() {
                            properties.entry(name).or_insert(schema);
                        }
                    }
                    ("required", Some(Value::Array(required))) => {
                        for name in value.as_array().cloned().unwrap_or_default() {
                            if !required.contains(&name) {
                                required.push(name);
                            }
                        }
                    }
                    (_, Some(_)) => {}
                    (_, None) => {
                        merged.insert(key, value);
                    }
                }
            }
        }
        merged
    }

    fn object(&mut self, object: &Map<String, Value>, pointer: &str, inputs: Inputs, depth: usize) -> Value {
        let required: Vec<&str> = object
            .get("required")
            .and_then(Value::as_array)
            .map(|r| r.iter().filter_map(Value::as_str).collect())
            .unwrap_or_default();
        let mut out = Map::new();
        let empty = Map::new();
        let properties = object.get("properties").and_then(Value::as_object).unwrap_or(&empty);
        let min_properties = object.get("minProperties").and_then(Value::as_u64).unwrap_or(0) as usize;
        for (name, schema) in properties {
            let needed = required.contains(&name.as_str());
            // What the server sets is not sent, and what the client sends is not returned.
            let one_way = self.has_flag(schema, if self.responses { "writeOnly" } else { "readOnly" });
            let wanted = needed || (inputs == Inputs::Full && depth < MAX_DEPTH) || out.len() < min_properties;
            if !wanted || (one_way && !needed) {
                continue;
            }
            let child = format!("{pointer}/properties/{}", escape(name));
            out.insert(name.clone(), self.value(schema, &child, inputs, depth + 1));
        }
        // Required names no property describes, and maps without properties.
        for name in required {
            if !out.contains_key(name) {
                out.insert(name.to_string(), json!("any"));
            }
        }
        if out.len() < min_properties.max(usize::from(inputs == Inputs::Full && properties.is_empty())) {
            if let Some(additional) = object.get("additionalProperties").filter(|a| a.is_object()) {
                let child = format!("{pointer}/additionalProperties");
                let key = self.key(object.get("propertyNames"));
                let value = self.value(additional, &child, inputs, depth + 1);
                out.insert(key, value);
            }
        }
        Value::Object(out)
    }

    fn has_flag(&self, schema: &Value, flag: &str) -> bool {
        if schema.get(flag) == Some(&json!(true)) {
            return true;
        }
        match schema.get("$ref").and_then(Value::as_str) {
            Some(target) => self.resolve(target.trim_start_matches('#')).get(flag) == Some(&json!(true)),
            None => false,
        }
    }

    /// A key for a map, valid under its `propertyNames`.
    fn key(&mut self, names: Option<&Value>) -> String {
        match names.and_then(Value::as_object) {
            Some(names) => match self.string(names) {
                Value::String(key) => key,
                other => other.to_string(),
            },
            None => "key".to_string(),
        }
    }

    fn array(&mut self, object: &Map<String, Value>, pointer: &str, inputs: Inputs, depth: usize) -> Value {
        let (min, max) = (
            count(object, "minItems").unwrap_or(0),
            count(object, "maxItems").unwrap_or(usize::MAX),
        );
        if let Some(prefix) = object.get("prefixItems").and_then(Value::as_array) {
            return prefix
                .iter()
                .enumerate()
                .map(|(i, item)| self.value(item, &format!("{pointer}/prefixItems/{i}"), inputs, depth + 1))
                .collect();
        }
        let wanted = match inputs {
            Inputs::Minimal => min,
            Inputs::Full if depth < MAX_DEPTH => min.max(1),
            Inputs::Full => min,
        }
        .max(self.min_items)
        .min(max);
        let item = object.get("items").cloned().unwrap_or(json!({}));
        let child = format!("{pointer}/items");
        let unique = object.get("uniqueItems") == Some(&json!(true));
        let mut items: Vec<Value> = Vec::new();
        for _ in 0..wanted * 4 {
            if items.len() == wanted {
                break;
            }
            let value = self.value(&item, &child, inputs, depth + 1);
            if !(unique && items.contains(&value)) {
                items.push(value);
            }
        }
        Value::Array(items)
    }

    fn string(&mut self, object: &Map<String, Value>) -> Value {
        let (min, max) = (
            count(object, "minLength").unwrap_or(0),
            count(object, "maxLength").unwrap_or(usize::MAX),
        );
        let fits = |s: &str| (min..=max).contains(&s.chars().count());
        if let Some(pattern) = object.get("pattern").and_then(Value::as_str) {
            let examples = examples(object).into_iter().filter_map(|e| e.as_str().map(str::to_string));
            let mut candidates: Vec<String> = examples.collect();
            candidates.extend(self.samples(pattern, 40));
            candidates.extend(GENERIC.iter().map(|s| s.to_string()));
            let pattern = regress::Regex::new(pattern).expect("patterns are ECMAScript");
            let matching: Vec<String> = candidates
                .into_iter()
                .filter(|c| fits(c) && pattern.find(c).is_some())
                .collect();
            // Another draw takes another candidate.
            return match matching.is_empty() {
                true => Value::String(String::new()),
                false => Value::String(matching[self.attempt % matching.len()].clone()),
            };
        }
        let format = object.get("format").and_then(Value::as_str).unwrap_or("");
        let text = format_sample(format).unwrap_or("text").to_string();
        Value::String(fit(text, min, max))
    }

    /// Strings matching `pattern`, printable ASCII where the pattern allows it.
    fn samples(&mut self, pattern: &str, count: usize) -> Vec<String> {
        let Ok(hir) = regex_syntax::Parser::new().parse(pattern) else {
            return Vec::new();
        };
        let Ok(generator) = rand_regex::Regex::with_hir(ascii(hir), 12) else {
            return Vec::new();
        };
        (0..count).map(|_| self.rng.sample(&generator)).collect()
    }
}

/// A count keyword (`minItems`, `maxLength`...).
fn count(object: &Map<String, Value>, keyword: &str) -> Option<usize> {
    object.get(keyword).and_then(Value::as_u64).map(|n| n as usize)
}

/// Strings tried against a pattern the generator cannot read (look-arounds).
const GENERIC: [&str; 8] = ["1", "10", "a", "abc", "abc-1", "a1", "ABC", "1.5"];

/// Narrows each character class of `hir` to printable ASCII where that leaves some, and
/// drops anchors, which the generator refuses.
fn ascii(hir: regex_syntax::hir::Hir) -> regex_syntax::hir::Hir {
    use regex_syntax::hir::{Class, ClassUnicode, ClassUnicodeRange, Hir, HirKind, Repetition};
    match hir.into_kind() {
        HirKind::Class(Class::Unicode(class)) => {
            let mut narrowed = class.clone();
            narrowed.intersect(&ClassUnicode::new([ClassUnicodeRange::new(' ', '~')]));
            Hir::class(Class::Unicode(if narrowed.ranges().is_empty() { class } else { narrowed }))
        }
        HirKind::Repetition(rep) => Hir::repetition(Repetition {
            sub: Box::new(ascii(*rep.sub)),
            ..rep
        }),
        HirKind::Capture(capture) => Hir::capture(regex_syntax::hir::Capture {
            sub: Box::new(ascii(*capture.sub)),
            ..capture
        }),
        HirKind::Concat(items) => Hir::concat(items.into_iter().map(ascii).collect()),
        HirKind::Alternation(items) => Hir::alternation(items.into_iter().map(ascii).collect()),
        HirKind::Class(class) => Hir::class(class),
        HirKind::Literal(literal) => Hir::literal(literal.0),
        // The generator makes whole strings, which anchors (`^`, `$`) do not change.
        HirKind::Look(_) => Hir::empty(),
        HirKind::Empty => Hir::empty(),
    }
}

/// A sample of a `format`, when it is one the validators know.
fn format_sample(format: &str) -> Option<&'static str> {
    Some(match format {
        "uuid" | "uuid4" => "3fa85f64-5717-4562-b3fc-2c963f66afa6",
        "date-time" => "2026-01-02T03:04:05Z",
        "date" => "2026-01-02",
        "time" => "03:04:05Z",
        "duration" => "P1D",
        "email" => "user@example.com",
        "uri" | "url" | "iri" => "https://example.com/path",
        "uri-reference" | "iri-reference" => "/path",
        "hostname" | "idn-hostname" | "domain" => "example.com",
        "ipv4" | "ipvanyaddress" => "192.0.2.1",
        "ipv6" => "2001:db8::1",
        "ipv4network" | "ipvanynetwork" | "ipv4net or ipv6net" => "192.0.2.0/24",
        "ipv6network" => "2001:db8::/32",
        "ipvanyinterface" | "ipv4interface" => "192.0.2.1/24",
        "ipv6interface" => "2001:db8::1/64",
        "binary" => "binary content",
        _ => return None,
    })
}

fn fit(mut text: String, min: usize, max: usize) -> String {
    while text.chars().count() < min {
        text.push('x');
    }
    text.chars().take(max).collect()
}

fn examples(object: &Map<String, Value>) -> Vec<Value> {
    let mut found: Vec<Value> = object.get("example").cloned().into_iter().collect();
    if let Some(Value::Array(list)) = object.get("examples") {
        found.extend(list.iter().cloned());
    }
    found
}

/// The type a schema describes: `type` (the first that is not `null`), or what its
/// keywords imply.
fn type_of(object: &Map<String, Value>) -> String {
    match object.get("type") {
        Some(Value::String(ty)) => return ty.clone(),
        Some(Value::Array(types)) => {
            if let Some(ty) = types.iter().filter_map(Value::as_str).find(|t| *t != "null") {
                return ty.to_string();
            }
        }
        _ => {}
    }
    if object.contains_key("properties") || object.contains_key("additionalProperties") {
        "object".into()
    } else if object.contains_key("items") || object.contains_key("prefixItems") {
        "array".into()
    } else if ["pattern", "format", "minLength", "maxLength"]
        .iter()
        .any(|k| object.contains_key(*k))
    {
        "string".into()
    } else if ["minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"]
        .iter()
        .any(|k| object.contains_key(*k))
    {
        "number".into()
    } else {
        String::new()
    }
}

/// Whether a schema constrains a value at all (not only annotates it).
fn constrains(object: &Map<String, Value>) -> bool {
    has_shape(object)
        || [
            "$ref",
            "allOf",
            "oneOf",
            "anyOf",
            "additionalProperties",
            "format",
            "pattern",
            "minimum",
            "maximum",
        ]
        .iter()
        .any(|k| object.contains_key(*k))
}

/// Whether a schema says anything about the shape of a value, beside its union.
fn has_shape(object: &Map<String, Value>) -> bool {
    ["type", "properties", "required", "items", "enum", "const"]
        .iter()
        .any(|k| object.contains_key(*k))
}

/// The lowest integer within the bounds (the next one on a further draw, when allowed).
fn integer(object: &Map<String, Value>, attempt: usize) -> Value {
    let (low, high) = bounds(object);
    let low = match low {
        Some((value, exclusive)) => (if exclusive { value.floor() + 1.0 } else { value.ceil() }) as i64,
        None => 1.min(high.map_or(1, |(h, _)| h as i64)),
    };
    let mut value = low + attempt as i64;
    if let Some((high, exclusive)) = high {
        let top = if exclusive {
            high.ceil() as i64 - 1
        } else {
            high.floor() as i64
        };
        value = value.min(top);
    }
    json!(value)
}

fn number(object: &Map<String, Value>, attempt: usize) -> Value {
    let (low, high) = bounds(object);
    let mut value = match low {
        Some((value, true)) => value + 0.5,
        Some((value, false)) => value,
        None => 1.5_f64.min(high.map_or(1.5, |(h, _)| h - 0.5)),
    } + attempt as f64;
    if let Some((high, exclusive)) = high {
        if value > high || (exclusive && value >= high) {
            value = low.map_or(high - 0.5, |(l, _)| (l + high) / 2.0);
        }
    }
    json!(value)
}

/// A bound of a number, and whether it is exclusive.
type Bound = Option<(f64, bool)>;

/// The lower and upper bounds (3.1's exclusive numbers, or 3.0's booleans beside
/// `minimum`/`maximum`).
fn bounds(object: &Map<String, Value>) -> (Bound, Bound) {
    let bound = |inclusive: &str, exclusive: &str| match (object.get(inclusive).and_then(Value::as_f64), object.get(exclusive)) {
        (_, Some(Value::Number(n))) => n.as_f64().map(|n| (n, true)),
        (Some(value), Some(Value::Bool(true))) => Some((value, true)),
        (Some(value), _) => Some((value, false)),
        (None, _) => None,
    };
    (bound("minimum", "exclusiveMinimum"), bound("maximum", "exclusiveMaximum"))
}

/// Two values of one schema merged: objects by field, otherwise the later one.
fn merge(base: Value, more: Value) -> Value {
    match (base, more) {
        (Value::Object(mut base), Value::Object(more)) => {
            for (key, value) in more {
                let merged = match base.remove(&key) {
                    Some(old) => merge(old, value),
                    None => value,
                };
                base.insert(key, merged);
            }
            Value::Object(base)
        }
        (base, Value::Null) => base,
        // "any" stands for a value nothing constrains: what the other part says wins.
        (base, more) if more == json!("any") => base,
        (_, more) => more,
    }
}

/// A name (a property, a path, a media type) as a JSON pointer token.
pub fn escape(name: &str) -> String {
    name.replace('~', "~0").replace('/', "~1")
}
