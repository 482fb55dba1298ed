//! Stage 2: lower the merged OpenAPI 3.1 document into the OpenAPI 3.0 shape that
//! `openapiv3` reads, without losing anything the 3.1 document says.
//!
//! | 3.1                                        | 3.0 as written here                                   |
//! |--------------------------------------------|-------------------------------------------------------|
//! | `anyOf`/`oneOf: [X, {type: 'null'}]`       | X with `nullable: true` (a `$ref` X as `allOf: [X]`)  |
//! | `type: [T, 'null']`                        | `type: T`, `nullable: true`                           |
//! | numeric `exclusiveMinimum: n`              | `minimum: n`, `exclusiveMinimum: true`                |
//! | `$ref` with `description`, `default`, ...  | `allOf: [{$ref}]` beside those keys                   |
//! | `examples: [...]`                          | `x-examples: [...]`                                   |
//! | `const: v`                                 | `enum: [v]`, `x-const: v`                             |
//! | `patternProperties`, `propertyNames`,      | `x-patternProperties`, `x-propertyNames`,             |
//! | `contentMediaType`, `contentSchema`        | `x-contentMediaType`, `x-contentSchema` (lowered too) |
//! | `x-nullable: true` (3.0 leftover)          | `nullable: true`                                      |
//! | `type` beside `$ref`, `anyOf`, `oneOf`     | dropped: the composition decides (`type: object` restates it) |
//! | `prefixItems`, `items: false`              | `x-prefixItems` (lowered too), `maxItems`             |
//!
//! [`SCHEMA_KEYWORDS`] says what becomes of every keyword codegen knows. Any other is kept as
//! an `x-` extension and reported as a warning with its JSON pointer: unknown keywords are
//! annotations (JSON Schema 2020-12 §4.3.1), and a validation keyword codegen cannot apply
//! where it stands is named, so nothing is dropped unsaid.

use serde_json::{Map, Value};

use crate::error::{push_pointer, Result, WarningKind};
use crate::load::Origins;

/// What codegen does with a schema keyword.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Keyword {
    /// Describes the schema (title, description, examples): kept for the docs. May stand
    /// beside a `$ref` and wins over the same keyword of a merged `anyOf` branch.
    Annotation,
    /// Read as it is and typed or checked (`type`, `properties`, `pattern`, ...).
    Typed,
    /// Rewritten for `openapiv3` as the table above says, then typed or checked.
    Lowered,
    /// A JSON Schema keyword codegen does not apply: kept as an `x-` annotation, with a warning.
    Unapplied,
}

/// Every schema keyword codegen knows, and what it does with it: the one table that
/// `lower` and the census test (`tests/tests/census.rs`) read. `x-` extensions are kept as
/// they are; anything else is unknown, an annotation with a warning.
pub const SCHEMA_KEYWORDS: &[(&str, Keyword)] = &[
    ("title", Keyword::Annotation),
    ("description", Keyword::Annotation),
    ("default", Keyword::Annotation),
    ("example", Keyword::Annotation),
    ("examples", Keyword::Lowered),
    ("deprecated", Keyword::Annotation),
    ("readOnly", Keyword::Annotation),
    ("writeOnly", Keyword::Annotation),
    ("externalDocs", Keyword::Annotation),
    ("$comment", Keyword::Lowered),
    ("xml", Keyword::Annotation),
    ("type", Keyword::Lowered),
    ("format", Keyword::Typed),
    ("pattern", Keyword::Typed),
    ("minLength", Keyword::Typed),
    ("maxLength", Keyword::Typed),
    ("enum", Keyword::Typed),
    ("const", Keyword::Lowered),
    ("minimum", Keyword::Typed),
    ("maximum", Keyword::Typed),
    ("exclusiveMinimum", Keyword::Lowered),
    ("exclusiveMaximum", Keyword::Lowered),
    ("multipleOf", Keyword::Typed),
    ("items", Keyword::Lowered),
    ("prefixItems", Keyword::Lowered),
    ("minItems", Keyword::Typed),
    ("maxItems", Keyword::Typed),
    ("uniqueItems", Keyword::Typed),
    ("properties", Keyword::Lowered),
    ("required", Keyword::Typed),
    ("additionalProperties", Keyword::Lowered),
    ("patternProperties", Keyword::Lowered),
    ("propertyNames", Keyword::Lowered),
    ("minProperties", Keyword::Typed),
    ("maxProperties", Keyword::Typed),
    ("allOf", Keyword::Lowered),
    ("anyOf", Keyword::Lowered),
    ("oneOf", Keyword::Lowered),
    ("not", Keyword::Lowered),
    ("discriminator", Keyword::Typed),
    ("$ref", Keyword::Lowered),
    ("nullable", Keyword::Typed),
    ("contentMediaType", Keyword::Lowered),
    ("contentEncoding", Keyword::Lowered),
    ("contentSchema", Keyword::Lowered),
    ("if", Keyword::Unapplied),
    ("then", Keyword::Unapplied),
    ("else", Keyword::Unapplied),
    ("contains", Keyword::Unapplied),
    ("minContains", Keyword::Unapplied),
    ("maxContains", Keyword::Unapplied),
    ("dependentRequired", Keyword::Unapplied),
    ("dependentSchemas", Keyword::Unapplied),
    ("unevaluatedItems", Keyword::Unapplied),
    ("unevaluatedProperties", Keyword::Unapplied),
    ("$defs", Keyword::Unapplied),
    ("$anchor", Keyword::Unapplied),
    ("$id", Keyword::Unapplied),
    ("$schema", Keyword::Unapplied),
];

/// What codegen does with `key`; `None` for an unknown keyword (`x-` extensions included:
/// they are kept as they are).
pub fn keyword(key: &str) -> Option<Keyword> {
    SCHEMA_KEYWORDS
        .iter()
        .find(|(k, _)| *k == key)
        .map(|(_, treatment)| *treatment)
}

fn is_annotation(key: &str) -> bool {
    keyword(key) == Some(Keyword::Annotation)
}

/// Reads a lowered document as `openapiv3` types. It is consumed, so its strings move into
/// the typed document instead of being copied: the two never both exist in full.
pub fn to_openapi(lowered: Value, origins: &Origins) -> Result<openapiv3::OpenAPI> {
    typed(lowered, "", origins)
}

/// The lowered document, for `build` to read one piece at a time. Path items and component
/// schemas, nearly all of a large document, stay JSON until each is modelled and then go;
/// read whole, the typed document and the model built from it were the peak of a run.
pub struct Document {
    /// The rest, as `openapiv3` reads it: info, servers, shared parameters, responses, ...
    pub skeleton: openapiv3::OpenAPI,
    /// Path items (lowered JSON), in document order.
    pub paths: Vec<(String, Value)>,
    /// Component schemas (lowered JSON), by name.
    pub schemas: Map<String, Value>,
}

/// Splits a lowered document into the typed skeleton and the pieces read later.
pub fn split(mut lowered: Value, origins: &Origins) -> Result<Document> {
    let root = lowered.as_object_mut().expect("the merged document is an object");
    let mut paths = Vec::new();
    if let Some(Value::Object(items)) = root.get_mut("paths") {
        // `x-` keys are extensions of the paths object, not paths: they stay with it.
        let (extensions, taken): (Map<String, Value>, Map<String, Value>) =
            std::mem::take(items).into_iter().partition(|(key, _)| key.starts_with("x-"));
        *items = extensions;
        paths = taken.into_iter().collect();
    }
    let schemas = root
        .get_mut("components")
        .and_then(Value::as_object_mut)
        .and_then(|components| components.get_mut("schemas"))
        .and_then(Value::as_object_mut)
        .map(std::mem::take)
        .unwrap_or_default();
    Ok(Document {
        skeleton: to_openapi(lowered, origins)?,
        paths,
        schemas,
    })
}

/// Reads one piece of the lowered document (at `pointer`) as its `openapiv3` type.
pub fn typed<T: serde::de::DeserializeOwned>(piece: Value, pointer: &str, origins: &Origins) -> Result<T> {
    // Tracking the path costs an allocation per key read; it is only needed for the error,
    // so a piece is read again with it only when it does not read.
    if let Ok(value) = T::deserialize(&piece) {
        return Ok(value);
    }
    serde_path_to_error::deserialize::<_, T>(piece).map_err(|e| {
        let pointer = format!("{pointer}{}", path_to_pointer(e.path()));
        origins.error(&pointer, format!("not a valid OpenAPI document here: {}", e.inner()))
    })
}

/// Lowers the merged 3.1 document to 3.0 JSON (taken by value: it is lowered in place, and
/// large). What codegen can write out for 3.0-only tools.
pub fn lower(mut lowered: Value, origins: &Origins) -> Result<Value> {
    crate::compose::merge_all_of(&mut lowered, origins)?;
    let root = lowered.as_object_mut().expect("the merged document is an object");
    root.insert("openapi".into(), Value::String("3.0.3".into()));
    if let Some(info) = root.get_mut("info").and_then(Value::as_object_mut) {
        // 3.1 added `summary` to info and `identifier` to license; 3.0 keeps them as extensions.
        if let Some(summary) = info.remove("summary") {
            info.insert("x-summary".into(), summary);
        }
        if let Some(license) = info.get_mut("license").and_then(Value::as_object_mut) {
            if let Some(identifier) = license.remove("identifier") {
                license.insert("x-identifier".into(), identifier);
            }
        }
    }
    if let Some(Value::Object(paths)) = root.get_mut("paths") {
        for (path, item) in paths.iter_mut() {
            lower_schemas_in(item, &push_pointer("/paths", path), origins)?;
        }
    }
    if let Some(Value::Object(components)) = root.get_mut("components") {
        for (kind, entries) in components.iter_mut() {
            let kind_pointer = push_pointer("/components", kind);
            let Value::Object(entries) = entries else { continue };
            for (name, entry) in entries.iter_mut() {
                let pointer = push_pointer(&kind_pointer, name);
                if kind == "schemas" {
                    *entry = lower_schema(entry, &pointer, origins)?;
                } else {
                    lower_schemas_in(entry, &pointer, origins)?;
                }
            }
        }
    }
    Ok(lowered)
}

/// Finds the schemas inside a non-schema node (path item, operation, parameter, media type,
/// header) and lowers them in place. Schemas sit under a `schema` key there.
fn lower_schemas_in(node: &mut Value, pointer: &str, origins: &Origins) -> Result<()> {
    match node {
        Value::Object(map) => {
            for (key, child) in map.iter_mut() {
                let child_pointer = push_pointer(pointer, key);
                if key == "schema" {
                    *child = lower_schema(child, &child_pointer, origins)?;
                } else if key == "example" || key == "examples" || key.starts_with("x-") {
                    // Example values and extensions are data, not schemas: leave them alone.
                } else {
                    lower_schemas_in(child, &child_pointer, origins)?;
                }
            }
        }
        Value::Array(items) => {
            for (i, child) in items.iter_mut().enumerate() {
                lower_schemas_in(child, &push_pointer(pointer, &i.to_string()), origins)?;
            }
        }
        _ => {}
    }
    Ok(())
}

/// Lowers one schema object (and, recursively, the schemas inside it).
pub fn lower_schema(schema: &Value, pointer: &str, origins: &Origins) -> Result<Value> {
    let map = match schema {
        Value::Object(map) => map,
        Value::Bool(true) => return Ok(Value::Object(Map::new())),
        _ => return Err(origins.error(pointer, "a schema must be a mapping (or `true`)")),
    };
    if let Some(target) = map.get("$ref") {
        return lower_reference(map, target, pointer, origins);
    }
    for key in ["anyOf", "oneOf"] {
        if let Some(branches) = map.get(key) {
            return lower_union(map, key, branches, pointer, origins);
        }
    }

    let mut out = Map::new();
    for (key, value) in map {
        lower_keyword(key, value, &push_pointer(pointer, key), &mut out, origins)?;
    }
    // `items: false`, no items beyond `prefixItems`: at most that many.
    if map.get("items") == Some(&Value::Bool(false)) {
        let prefix = map.get("prefixItems").and_then(Value::as_array).map_or(0, Vec::len) as u64;
        let max = map.get("maxItems").and_then(Value::as_u64).map_or(prefix, |m| m.min(prefix));
        out.insert("maxItems".into(), max.into());
    }
    lower_exclusive_bound(
        map,
        "exclusiveMinimum",
        "minimum",
        |bound, other| bound >= other,
        &mut out,
        pointer,
        origins,
    )?;
    lower_exclusive_bound(
        map,
        "exclusiveMaximum",
        "maximum",
        |bound, other| bound <= other,
        &mut out,
        pointer,
        origins,
    )?;
    Ok(Value::Object(out))
}

/// Lowers one keyword of a schema object (its value at `child`) into `out`: passed on,
/// renamed to an `x-` extension openapiv3 keeps, rewritten into the 3.0 form, or warned
/// about (`SCHEMA_KEYWORDS`).
fn lower_keyword(key: &str, value: &Value, child: &str, out: &mut Map<String, Value>, origins: &Origins) -> Result<()> {
    match key {
        "type" => lower_type(value, child, out, origins)?,
        "exclusiveMinimum" | "exclusiveMaximum" => {} // folded into minimum/maximum by lower_schema
        "properties" | "patternProperties" => {
            let Value::Object(properties) = value else {
                return Err(origins.error(child, format!("`{key}` must be a mapping")));
            };
            let mut lowered = Map::new();
            for (name, property) in properties {
                lowered.insert(name.clone(), lower_schema(property, &push_pointer(child, name), origins)?);
            }
            let key = if key == "properties" {
                "properties".to_string()
            } else {
                format!("x-{key}")
            };
            out.insert(key, Value::Object(lowered));
        }
        "items" if *value == Value::Bool(false) => {} // a bound, set by lower_schema
        "items" | "not" => {
            out.insert(key.to_string(), lower_schema(value, child, origins)?);
        }
        "additionalProperties" => {
            let lowered = match value {
                Value::Bool(_) => value.clone(),
                _ => lower_schema(value, child, origins)?,
            };
            out.insert(key.to_string(), lowered);
        }
        "propertyNames" | "contentSchema" => {
            out.insert(format!("x-{key}"), lower_schema(value, child, origins)?);
        }
        "allOf" => {
            out.insert(key.to_string(), lower_branches(value, child, origins)?);
        }
        "const" => {
            out.insert("enum".into(), Value::Array(vec![value.clone()]));
            out.insert("x-const".into(), value.clone());
        }
        "examples" | "contentMediaType" | "contentEncoding" | "$comment" => {
            out.insert(format!("x-{}", key.trim_start_matches('$')), value.clone());
        }
        "x-nullable" if *value == Value::Bool(true) => {
            out.insert("nullable".into(), Value::Bool(true));
        }
        "prefixItems" => {
            out.insert("x-prefixItems".into(), lower_branches(value, child, origins)?);
        }
        _ if key.starts_with("x-") => {
            out.insert(key.to_string(), value.clone());
        }
        _ => match keyword(key) {
            Some(Keyword::Annotation | Keyword::Typed) => {
                out.insert(key.to_string(), value.clone());
            }
            Some(Keyword::Lowered | Keyword::Unapplied) | None => keep_unknown(key, value, child, out, origins),
        },
    }
    Ok(())
}

/// `type: T` passes through; `type: [T, 'null']` becomes `T` + `nullable`.
fn lower_type(value: &Value, pointer: &str, out: &mut Map<String, Value>, origins: &Origins) -> Result<()> {
    match value {
        Value::String(t) if t == "null" => {
            origins.warn(
                WarningKind::UntypedSchema,
                pointer,
                "a schema that only allows `null`: typed as any JSON value",
            );
            out.insert("nullable".into(), Value::Bool(true));
            Ok(())
        }
        Value::String(_) => {
            out.insert("type".into(), value.clone());
            Ok(())
        }
        Value::Array(types) => {
            let non_null: Vec<&Value> = types.iter().filter(|t| t.as_str() != Some("null")).collect();
            match non_null.as_slice() {
                [single] if single.is_string() => {
                    out.insert("type".into(), (*single).clone());
                    if non_null.len() < types.len() {
                        out.insert("nullable".into(), Value::Bool(true));
                    }
                    Ok(())
                }
                _ => {
                    // Several types: no one Rust type states it; the value is any JSON.
                    origins.warn(
                        WarningKind::UntypedSchema,
                        pointer,
                        format!("a `type` list of several types ({value}) is typed as any JSON value"),
                    );
                    if non_null.len() < types.len() {
                        out.insert("nullable".into(), Value::Bool(true));
                    }
                    Ok(())
                }
            }
        }
        _ => Err(origins.error(pointer, "`type` must be a string or a list of strings")),
    }
}

/// 3.1 makes `exclusiveMinimum` a number; 3.0 a flag on `minimum`. When both bounds are
/// given, the tighter one is kept, so the lowered schema accepts exactly the same values.
fn lower_exclusive_bound(
    map: &Map<String, Value>,
    exclusive_key: &str,
    inclusive_key: &str,
    exclusive_is_tighter: impl Fn(f64, f64) -> bool,
    out: &mut Map<String, Value>,
    pointer: &str,
    origins: &Origins,
) -> Result<()> {
    let Some(bound) = map.get(exclusive_key) else { return Ok(()) };
    let child = push_pointer(pointer, exclusive_key);
    let exclusive = match bound {
        // The 3.0 form left in a 3.1 document: a flag on the inclusive bound.
        Value::Bool(flag) => {
            if let (true, Some(inclusive)) = (*flag, map.get(inclusive_key)) {
                out.insert(inclusive_key.into(), inclusive.clone());
                out.insert(exclusive_key.into(), Value::Bool(true));
            }
            return Ok(());
        }
        _ => match bound.as_f64() {
            Some(exclusive) => exclusive,
            None => return Err(origins.error(&child, format!("`{exclusive_key}` must be a number"))),
        },
    };
    let tighter = match map.get(inclusive_key).and_then(Value::as_f64) {
        Some(inclusive) => exclusive_is_tighter(exclusive, inclusive),
        None => true,
    };
    if tighter {
        out.insert(inclusive_key.into(), bound.clone());
        out.insert(exclusive_key.into(), Value::Bool(true));
    }
    Ok(())
}

/// `$ref` alone stays a reference. With annotation siblings it becomes `allOf: [{$ref}]`
/// beside them, the 3.0 idiom that keeps the field's own description and default.
fn lower_reference(map: &Map<String, Value>, target: &Value, pointer: &str, origins: &Origins) -> Result<Value> {
    match target.as_str() {
        Some(t) if t.starts_with("#/components/schemas/") => {}
        _ => {
            return Err(origins.error(
                &push_pointer(pointer, "$ref"),
                format!("only references to `#/components/schemas/...` are supported, found {target}"),
            ))
        }
    }
    let mut reference = Map::new();
    reference.insert("$ref".into(), target.clone());
    if map.len() == 1 {
        return Ok(Value::Object(reference));
    }
    let mut out = Map::new();
    out.insert("allOf".into(), Value::Array(vec![Value::Object(reference)]));
    for (key, value) in map.iter().filter(|(k, _)| *k != "$ref") {
        lower_annotation(key, value, &push_pointer(pointer, key), &mut out, origins)?;
    }
    Ok(Value::Object(out))
}

/// A keyword beside `$ref`, `anyOf` or `oneOf`: annotations describe the field and are kept;
/// `type` restates what the composition says; `nullable` (or `x-nullable`) still allows null.
/// Anything else is kept as an extension, with a warning that it is not applied.
fn lower_annotation(key: &str, value: &Value, pointer: &str, out: &mut Map<String, Value>, origins: &Origins) -> Result<()> {
    let empty_schema = matches!(value, Value::Bool(true)) || value.as_object().is_some_and(Map::is_empty);
    match key {
        "examples" => {
            out.insert("x-examples".into(), value.clone());
        }
        "type" => {}
        "nullable" | "x-nullable" => {
            if *value == Value::Bool(true) {
                out.insert("nullable".into(), Value::Bool(true));
            }
        }
        // `additionalProperties: {}` allows what is allowed anyway.
        "additionalProperties" if empty_schema => {}
        _ if is_annotation(key) || key.starts_with("x-") => {
            out.insert(key.into(), value.clone());
        }
        _ if keyword(key).is_some() => {
            origins.warn(
                WarningKind::IgnoredKeyword,
                pointer,
                format!("`{key}` beside `$ref`, `anyOf` or `oneOf` is not applied"),
            );
            out.insert(format!("x-{}", key.trim_start_matches('$')), value.clone());
        }
        _ => keep_unknown(key, value, pointer, out, origins),
    }
    Ok(())
}

/// A keyword codegen does not apply here (or does not know): kept as an `x-` extension and
/// reported.
fn keep_unknown(key: &str, value: &Value, pointer: &str, out: &mut Map<String, Value>, origins: &Origins) {
    let (kind, what) = match keyword(key) {
        Some(_) => (WarningKind::IgnoredKeyword, "is not applied"),
        None => (
            WarningKind::UnknownKeyword,
            "is not a JSON Schema keyword: kept as an annotation",
        ),
    };
    origins.warn(kind, pointer, format!("`{key}` {what}"));
    out.insert(format!("x-{}", key.trim_start_matches('$')), value.clone());
}

fn is_null_schema(schema: &Value) -> bool {
    schema
        .as_object()
        .is_some_and(|m| m.get("type").and_then(Value::as_str) == Some("null"))
}

/// `anyOf`/`oneOf` with a `{type: 'null'}` branch means "nullable". With one other branch
/// the union disappears; with several it stays a union, marked nullable.
fn lower_union(map: &Map<String, Value>, key: &str, branches: &Value, pointer: &str, origins: &Origins) -> Result<Value> {
    let union_pointer = push_pointer(pointer, key);
    let Value::Array(items) = branches else {
        return Err(origins.error(&union_pointer, format!("`{key}` must be a list")));
    };
    if map.contains_key("anyOf") && map.contains_key("oneOf") {
        origins.warn(
            WarningKind::UntypedSchema,
            pointer,
            "`anyOf` and `oneOf` in one schema: typed as any JSON value",
        );
        return Ok(Value::Object(Map::new()));
    }
    let nullable = items.iter().any(is_null_schema);
    let mut non_null = Vec::new();
    for (i, branch) in items.iter().enumerate() {
        if is_null_schema(branch) {
            // `{type: 'null', description: ...}` is null all the same.
            let constrained = branch
                .as_object()
                .is_some_and(|m| m.keys().any(|k| k != "type" && !is_annotation(k) && !k.starts_with("x-")));
            if constrained {
                origins.warn(
                    WarningKind::IgnoredKeyword,
                    &push_pointer(&union_pointer, &i.to_string()),
                    "keywords beside `type: 'null'` are not applied",
                );
            }
            continue;
        }
        non_null.push(lower_schema(branch, &push_pointer(&union_pointer, &i.to_string()), origins)?);
    }

    let mut out = match non_null.len() {
        0 => {
            origins.warn(
                WarningKind::UntypedSchema,
                &union_pointer,
                "a union whose only branch is `null`: typed as any JSON value",
            );
            Map::new()
        }
        1 => {
            let branch = non_null.pop().expect("one branch");
            match branch {
                Value::Object(m) if m.contains_key("$ref") => {
                    let mut out = Map::new();
                    out.insert("allOf".into(), Value::Array(vec![Value::Object(m)]));
                    out
                }
                Value::Object(m) => m,
                _ => unreachable!("lower_schema returns objects"),
            }
        }
        _ => {
            let mut out = Map::new();
            out.insert(key.into(), Value::Array(non_null));
            out
        }
    };
    if nullable {
        out.insert("nullable".into(), Value::Bool(true));
    }
    // The outer keywords describe the field (title, description, default, examples) and
    // win over the branch's own.
    for (outer_key, value) in map.iter().filter(|(k, _)| k.as_str() != key) {
        let child = push_pointer(pointer, outer_key);
        if outer_key == "discriminator" {
            out.insert(outer_key.clone(), value.clone());
            continue;
        }
        lower_annotation(outer_key, value, &child, &mut out, origins)?;
    }
    Ok(Value::Object(out))
}

fn lower_branches(value: &Value, pointer: &str, origins: &Origins) -> Result<Value> {
    let Value::Array(items) = value else {
        return Err(origins.error(pointer, "expected a list of schemas"));
    };
    items
        .iter()
        .enumerate()
        .map(|(i, item)| lower_schema(item, &push_pointer(pointer, &i.to_string()), origins))
        .collect::<Result<Vec<_>>>()
        .map(Value::Array)
}

fn path_to_pointer(path: &serde_path_to_error::Path) -> String {
    use serde_path_to_error::Segment;
    let mut pointer = String::new();
    for segment in path.iter() {
        match segment {
            Segment::Seq { index } => pointer = push_pointer(&pointer, &index.to_string()),
            Segment::Map { key } => pointer = push_pointer(&pointer, key),
            Segment::Enum { variant } => pointer = push_pointer(&pointer, variant),
            Segment::Unknown => {}
        }
    }
    pointer
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn lowered(schema: Value) -> Value {
        lower_schema(&schema, "/components/schemas/S", &Origins::default()).unwrap()
    }

    #[test]
    fn null_in_a_union_or_a_type_list_becomes_nullable() {
        let expected = json!({"type": "string", "nullable": true});
        assert_eq!(lowered(json!({"anyOf": [{"type": "string"}, {"type": "null"}]})), expected);
        assert_eq!(lowered(json!({"type": ["string", "null"]})), expected);
    }

    #[test]
    fn numeric_exclusive_bounds_become_the_3_0_flags() {
        assert_eq!(
            lowered(json!({"type": "integer", "exclusiveMinimum": 0, "exclusiveMaximum": 10})),
            json!({"type": "integer", "minimum": 0, "exclusiveMinimum": true, "maximum": 10, "exclusiveMaximum": true})
        );
    }

    #[test]
    fn a_reference_with_siblings_keeps_them_beside_an_all_of() {
        let schema = json!({"$ref": "#/components/schemas/T", "description": "This use of T."});
        let lowered = lowered(schema);
        assert_eq!(lowered["allOf"], json!([{"$ref": "#/components/schemas/T"}]));
        assert_eq!(lowered["description"], json!("This use of T."));
    }

    #[test]
    fn keywords_3_0_lacks_travel_as_extensions() {
        let lowered = lowered(json!({"type": "string", "const": "on", "examples": ["on"]}));
        assert_eq!((&lowered["x-const"], &lowered["x-examples"]), (&json!("on"), &json!(["on"])));
        assert!(
            lowered.get("const").is_none() && lowered.get("examples").is_none(),
            "{lowered}"
        );
    }

    #[test]
    fn a_malformed_schema_is_an_error_naming_the_keyword_s_pointer() {
        let origins = Origins::default();
        let error = lower_schema(&json!({"type": 5}), "/components/schemas/S", &origins).unwrap_err();
        assert!(error.to_string().contains("/components/schemas/S/type"), "{error}");
        let error = lower_schema(&json!({"properties": {"a": 5}}), "/components/schemas/S", &origins).unwrap_err();
        assert!(error.to_string().contains("/components/schemas/S/properties/a"), "{error}");
    }
}
