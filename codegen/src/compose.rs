//! Stage 2a (before lowering): `allOf` with several members (the schema's own keywords
//! beside it counting as one) becomes one schema.
//!
//! Rust has no inheritance, so a schema made of several (`allOf: [$ref Base, {properties}]`)
//! is generated as one struct holding every member's properties, the way the official SDKs
//! and other generators flatten it. The merge works on the 3.1 JSON, where every member a
//! `$ref` names can still be read:
//!
//! | members (after resolving `$ref`s)             | merged schema                                      |
//! |-----------------------------------------------|----------------------------------------------------|
//! | one with content, the others annotations only | `allOf: [that one]` beside the annotations          |
//! | a `oneOf`/`anyOf` of one branch               | that branch                                         |
//! | objects (`properties`, `required`, `type: object`) | one object: properties in member order, `required` united |
//! | lists                                         | one list whose `items` are the items' `allOf`, merged too |
//! | anything else (a union beside an object, ...) | left as it is: `build` types it as any JSON, with a warning |
//!
//! Annotations of the schema itself win over its members'. A property two members define
//! differently must satisfy both: it becomes the `allOf` of the two, merged in turn (a base's
//! `results: array` narrowed to `array of Region`); two different `type`s, which no value can
//! satisfy at once, are an error naming both pointers.

use serde_json::{Map, Value};

use crate::error::{push_pointer, Result};
use crate::load::Origins;

/// Keywords that describe a schema without constraining it (or, for `nullable` and
/// `type`, restate what a member says): a member made of these only adds to the docs.
const ANNOTATIONS: [&str; 12] = [
    "title",
    "description",
    "default",
    "example",
    "examples",
    "deprecated",
    "readOnly",
    "writeOnly",
    "externalDocs",
    "nullable",
    "$comment",
    "type",
];

const SCHEMA_REF_PREFIX: &str = "#/components/schemas/";

/// Merges every `allOf` with several members in the document, in place.
pub fn merge_all_of(document: &mut Value, origins: &Origins) -> Result<()> {
    // `$ref` members read the component schemas as written while the document is merged:
    // they are taken out of it, the rest is merged in place, then each component that
    // holds an `allOf` to merge is merged into a copy. Only those are held twice.
    let mut components = document
        .pointer_mut("/components/schemas")
        .and_then(Value::as_object_mut)
        .map(std::mem::take)
        .unwrap_or_default();
    let merger = Merger {
        components: &components,
        origins,
    };
    merger.walk(document, "")?;
    let mut merged = Vec::new();
    for (name, schema) in &components {
        if needs_merging(schema) {
            let mut copy = schema.clone();
            merger.walk(&mut copy, &push_pointer("/components/schemas", name))?;
            merged.push((name.clone(), copy));
        }
    }
    for (name, copy) in merged {
        components.insert(name, copy);
    }
    if let Some(schemas) = document.pointer_mut("/components/schemas").and_then(Value::as_object_mut) {
        *schemas = components;
    }
    Ok(())
}

/// Whether `walk` would change anything below `node`.
fn needs_merging(node: &Value) -> bool {
    match node {
        Value::Object(map) => {
            composes(map)
                || map
                    .iter()
                    .any(|(key, child)| key != "example" && key != "examples" && !key.starts_with("x-") && needs_merging(child))
        }
        Value::Array(items) => items.iter().any(needs_merging),
        _ => false,
    }
}

struct Merger<'a> {
    /// The component schemas as written, which `$ref` members are read from.
    components: &'a Map<String, Value>,
    origins: &'a Origins,
}

/// One member of an `allOf`, `$ref` resolved: its keywords and where they were written.
struct Member {
    schema: Map<String, Value>,
    pointer: String,
    /// The `$ref` it was given by, if any.
    reference: Option<Value>,
}

impl Member {
    fn is_annotation_only(&self) -> bool {
        self.schema
            .keys()
            .all(|k| ANNOTATIONS.contains(&k.as_str()) || k.starts_with("x-"))
    }

    fn is_object(&self) -> bool {
        let typed = |t: &str| self.schema.get("type").and_then(Value::as_str) == Some(t);
        let structural = ["properties", "required", "additionalProperties"]
            .iter()
            .any(|k| self.schema.contains_key(*k));
        let other = ["anyOf", "oneOf", "allOf", "enum", "const", "items", "$ref"]
            .iter()
            .any(|k| self.schema.contains_key(*k));
        (typed("object") || (structural && !self.schema.contains_key("type"))) && !other
    }

    fn is_list(&self) -> bool {
        let typed = self.schema.get("type").and_then(Value::as_str);
        typed == Some("array") || (typed.is_none() && self.schema.contains_key("items"))
    }
}

impl Merger<'_> {
    /// Merges the `allOf`s below `node` first, then `node`'s own.
    fn walk(&self, node: &mut Value, pointer: &str) -> Result<()> {
        match node {
            Value::Object(map) => {
                for (key, child) in map.iter_mut() {
                    // Example values and extensions are data, not schemas.
                    if key == "example" || key == "examples" || key.starts_with("x-") {
                        continue;
                    }
                    self.walk(child, &push_pointer(pointer, key))?;
                }
                if composes(map) {
                    if let Some(mut merged) = self.merge(map, pointer, &mut Vec::new())? {
                        // Properties copied from `$ref` members may hold `allOf`s of their own.
                        self.walk(&mut merged, pointer)?;
                        *node = merged;
                    }
                }
            }
            Value::Array(items) => {
                for (i, child) in items.iter_mut().enumerate() {
                    self.walk(child, &push_pointer(pointer, &i.to_string()))?;
                }
            }
            _ => {}
        }
        Ok(())
    }

    /// The one schema `schema`'s `allOf` stands for, or `None` when its members do not merge.
    /// `seen` holds the components being merged, so a cycle of `allOf`s stops.
    fn merge(&self, schema: &Map<String, Value>, pointer: &str, seen: &mut Vec<String>) -> Result<Option<Value>> {
        let all_of_pointer = push_pointer(pointer, "allOf");
        let mut own = schema.clone();
        let Some(Value::Array(written)) = own.remove("allOf") else {
            return Ok(None);
        };
        let mut members = Vec::with_capacity(written.len() + 1);
        // The schema's own keywords beside `allOf` are a member too (annotations aside).
        let (annotations, constraints): (Map<String, Value>, Map<String, Value>) = own
            .into_iter()
            .partition(|(k, _)| ANNOTATIONS.contains(&k.as_str()) || k.starts_with("x-"));
        if !constraints.is_empty() {
            members.push(Member {
                schema: constraints,
                pointer: pointer.to_string(),
                reference: None,
            });
        }
        for (i, member) in written.iter().enumerate() {
            let member_pointer = push_pointer(&all_of_pointer, &i.to_string());
            match self.resolve(member, &member_pointer, seen)? {
                Some(member) => members.push(member),
                None => return Ok(None),
            }
        }
        let (docs, content): (Vec<Member>, Vec<Member>) = members.into_iter().partition(Member::is_annotation_only);
        let mut merged = match content.as_slice() {
            [] => Map::new(),
            [single] => match &single.reference {
                Some(reference) => {
                    let mut wrapper = Map::new();
                    let mut target = Map::new();
                    target.insert("$ref".into(), reference.clone());
                    wrapper.insert("allOf".into(), Value::Array(vec![Value::Object(target)]));
                    wrapper
                }
                None => single.schema.clone(),
            },
            _ if content.iter().all(Member::is_object) => self.merge_objects(&content)?,
            _ if content.iter().all(Member::is_list) => match self.merge_lists(&content, pointer, seen)? {
                Some(list) => list,
                None => return Ok(None),
            },
            _ => return Ok(None),
        };
        // Annotations: the schema's own first, then the members' where it says nothing.
        for (key, value) in annotations.into_iter().chain(docs.into_iter().flat_map(|m| m.schema)) {
            if key == "type" && (merged.contains_key("allOf") || merged.contains_key("type")) {
                continue;
            }
            merged.entry(key).or_insert(value);
        }
        Ok(Some(Value::Object(merged)))
    }

    /// A member as a schema: a `$ref` reads the component (merged first if it is an `allOf`).
    fn resolve(&self, member: &Value, pointer: &str, seen: &mut Vec<String>) -> Result<Option<Member>> {
        let Value::Object(map) = member else {
            return Err(self.origins.error(pointer, "an `allOf` member must be a schema mapping"));
        };
        // A union of one branch is that branch (`{type: object, oneOf: [$ref]}`).
        for keyword in ["oneOf", "anyOf"] {
            let restates = map
                .keys()
                .all(|k| k == keyword || ANNOTATIONS.contains(&k.as_str()) || k.starts_with("x-"));
            if let (Some(Value::Array(branches)), true) = (map.get(keyword), restates) {
                if let [single] = branches.as_slice() {
                    let branch_pointer = push_pointer(&push_pointer(pointer, keyword), "0");
                    return self.resolve(single, &branch_pointer, seen);
                }
            }
        }
        let Some(reference) = map.get("$ref") else {
            return Ok(Some(Member {
                schema: map.clone(),
                pointer: pointer.to_string(),
                reference: None,
            }));
        };
        let name = reference
            .as_str()
            .and_then(|r| r.strip_prefix(SCHEMA_REF_PREFIX))
            .map(|n| n.replace("~1", "/").replace("~0", "~"));
        let Some(name) = name else {
            return Ok(None); // not a component: left for `lower` to report
        };
        let Some(Value::Object(target)) = self.components.get(&name) else {
            return Ok(None); // a reference to nothing: `build` reports it where it is used
        };
        if seen.contains(&name) {
            return Ok(None);
        }
        let target_pointer = push_pointer("/components/schemas", &name);
        let mut schema = if composes(target) {
            seen.push(name.clone());
            let merged = self.merge(target, &target_pointer, seen)?;
            seen.pop();
            match merged {
                Some(Value::Object(merged)) => merged,
                _ => return Ok(None),
            }
        } else {
            target.clone()
        };
        // Keywords beside the `$ref` describe this use of it.
        for (key, value) in map.iter().filter(|(k, _)| *k != "$ref") {
            schema.insert(key.clone(), value.clone());
        }
        Ok(Some(Member {
            schema,
            pointer: target_pointer,
            reference: Some(reference.clone()),
        }))
    }

    /// Objects: properties in member order, `required` united, the first map of extra
    /// properties that is a schema (`additionalProperties: false` of one member does not
    /// forbid the properties of the others).
    fn merge_objects(&self, members: &[Member]) -> Result<Map<String, Value>> {
        let mut properties: Map<String, Value> = Map::new();
        let mut defined_at: Map<String, Value> = Map::new();
        let mut required: Vec<Value> = Vec::new();
        let mut additional: Option<Value> = None;
        for member in members {
            if let Some(Value::Object(own)) = member.schema.get("properties") {
                for (name, property) in own {
                    let at = push_pointer(&push_pointer(&member.pointer, "properties"), name);
                    match properties.get(name) {
                        None => {
                            properties.insert(name.clone(), property.clone());
                            defined_at.insert(name.clone(), Value::String(at));
                        }
                        Some(earlier) if same_constraints(earlier, property) => {}
                        Some(earlier) if is_annotations(property) => {
                            let _ = earlier; // the later one only re-describes it
                        }
                        Some(earlier) if is_annotations(earlier) => {
                            properties.insert(name.clone(), property.clone());
                        }
                        Some(earlier) if contradicts(earlier, property) => {
                            let first = defined_at[name].as_str().unwrap_or_default().to_string();
                            return Err(self.origins.error(
                                &at,
                                format!(
                                    "`allOf` members give property `{name}` types no value can have at once (also at {first})"
                                ),
                            ));
                        }
                        Some(earlier) => {
                            // Both apply (a member narrowing a base's property): their `allOf`,
                            // which the walk after this merge merges in turn.
                            let both = serde_json::json!({"allOf": [earlier, property]});
                            properties.insert(name.clone(), both);
                        }
                    }
                }
            }
            if let Some(Value::Array(names)) = member.schema.get("required") {
                for name in names {
                    if !required.contains(name) {
                        required.push(name.clone());
                    }
                }
            }
            match member.schema.get("additionalProperties") {
                Some(Value::Bool(false)) | None => {}
                Some(value) => {
                    additional.get_or_insert_with(|| value.clone());
                }
            }
        }
        let mut merged = Map::new();
        merged.insert("type".into(), Value::String("object".into()));
        if !properties.is_empty() {
            merged.insert("properties".into(), Value::Object(properties));
        }
        if !required.is_empty() {
            merged.insert("required".into(), Value::Array(required));
        }
        if let Some(additional) = additional {
            merged.insert("additionalProperties".into(), additional);
        }
        Ok(merged)
    }

    /// Lists: one list whose items are all members' items together (an `allOf`, merged),
    /// with the tightest bounds on its length.
    fn merge_lists(&self, members: &[Member], pointer: &str, seen: &mut Vec<String>) -> Result<Option<Map<String, Value>>> {
        let mut merged = Map::new();
        merged.insert("type".into(), Value::String("array".into()));
        let items: Vec<Value> = members.iter().filter_map(|m| m.schema.get("items").cloned()).collect();
        match items.len() {
            0 => {}
            1 => {
                merged.insert("items".into(), items[0].clone());
            }
            _ => {
                let mut wrapper = Map::new();
                wrapper.insert("allOf".into(), Value::Array(items));
                match self.merge(&wrapper, &push_pointer(pointer, "items"), seen)? {
                    Some(items) => merged.insert("items".into(), items),
                    None => return Ok(None),
                };
            }
        }
        let bound = |key: &str, pick: fn(u64, u64) -> u64| {
            members
                .iter()
                .filter_map(|m| m.schema.get(key).and_then(Value::as_u64))
                .reduce(pick)
        };
        if let Some(min) = bound("minItems", u64::max) {
            merged.insert("minItems".into(), min.into());
        }
        if let Some(max) = bound("maxItems", u64::min) {
            merged.insert("maxItems".into(), max.into());
        }
        Ok(Some(merged))
    }
}

/// Whether two schemas state different `type`s, so that no value is valid under both.
/// Whether a schema's `allOf` has several members to merge: several written, or one beside
/// keywords of the schema's own that constrain it (`properties`, `required`, ...), which are
/// a member too. One member beside annotations only is that member with docs: left as it is.
fn composes(schema: &Map<String, Value>) -> bool {
    let Some(Value::Array(members)) = schema.get("allOf") else {
        return false;
    };
    let own = schema
        .keys()
        .any(|k| k != "allOf" && !ANNOTATIONS.contains(&k.as_str()) && !k.starts_with("x-"));
    members.len() + usize::from(own) > 1
}

fn contradicts(a: &Value, b: &Value) -> bool {
    let ty = |v: &Value| v.get("type").and_then(Value::as_str).map(str::to_owned);
    let numeric = |t: &str| t == "integer" || t == "number";
    match (ty(a), ty(b)) {
        (Some(a), Some(b)) => a != b && !(numeric(&a) && numeric(&b)),
        _ => false,
    }
}

/// Whether a keyword only describes a property (`type` does not: it constrains).
fn describes(key: &str) -> bool {
    key.starts_with("x-") || (key != "type" && ANNOTATIONS.contains(&key))
}

/// Whether a property schema only describes (no type, no rules).
fn is_annotations(schema: &Value) -> bool {
    schema.as_object().is_some_and(|m| m.keys().all(|k| describes(k)))
}

/// Whether two property schemas say the same once their annotations are set aside.
fn same_constraints(a: &Value, b: &Value) -> bool {
    let strip = |v: &Value| -> Value {
        match v {
            Value::Object(m) => Value::Object(
                m.iter()
                    .filter(|(k, _)| !describes(k))
                    .map(|(k, v)| (k.clone(), v.clone()))
                    .collect(),
            ),
            other => other.clone(),
        }
    };
    strip(a) == strip(b)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn merged(schemas: Value) -> Value {
        let mut document = json!({ "components": { "schemas": schemas } });
        merge_all_of(&mut document, &Origins::default()).unwrap();
        document["components"]["schemas"].clone()
    }

    #[test]
    fn one_member_beside_properties_of_its_own_is_merged_with_them() {
        // Streaming's `directory_item`: a base's fields and one of its own.
        let schemas = merged(json!({
            "Base": {"type": "object", "properties": {"id": {"type": "integer"}}, "required": ["id"]},
            "Item": {
                "type": "object",
                "description": "An item.",
                "properties": {"kind": {"type": "string"}},
                "allOf": [{"$ref": "#/components/schemas/Base"}]
            }
        }));
        let item = &schemas["Item"];
        assert_eq!(
            item["properties"],
            json!({"kind": {"type": "string"}, "id": {"type": "integer"}})
        );
        assert_eq!(
            (&item["required"], &item["description"]),
            (&json!(["id"]), &json!("An item."))
        );
        assert!(item.get("allOf").is_none(), "{item}");
    }

    #[test]
    fn one_member_beside_annotations_only_stays_a_reference() {
        let use_of_base =
            json!({"description": "The base, here.", "type": "object", "allOf": [{"$ref": "#/components/schemas/Base"}]});
        let schemas = merged(json!({
            "Base": {"type": "object", "properties": {"id": {"type": "integer"}}},
            "Use": use_of_base.clone()
        }));
        assert_eq!(schemas["Use"], use_of_base);
    }
}
