//! Stage 2: apply OpenAPI Overlay 1.0 documents to the merged spec.
//!
//! Upstream spec bugs are corrected here, never by editing the published files: an overlay
//! in `spec/` is a list of actions, each a JSONPath `target` with an `update` (merged into
//! every node the target selects) or `remove: true`. Every action must say why in its
//! `description`, and a target that selects nothing is an error, so that a correction the
//! upstream spec no longer needs is noticed and dropped rather than silently kept.

use std::path::{Path, PathBuf};

use serde_json::{Map, Value};
use serde_json_path::JsonPath;

use crate::error::{push_pointer, Error, Result};

/// One overlay document, checked.
#[derive(Debug, Clone)]
pub struct Overlay {
    pub file: PathBuf,
    pub actions: Vec<Action>,
}

#[derive(Debug, Clone)]
pub struct Action {
    /// Pointer of the action inside the overlay file, for errors.
    pub pointer: String,
    pub target: String,
    pub description: String,
    pub change: Change,
}

#[derive(Debug, Clone)]
pub enum Change {
    Update(Value),
    Remove,
}

/// Whether a parsed YAML file is an overlay rather than an OpenAPI document.
pub fn is_overlay(document: &Value) -> bool {
    document.get("overlay").is_some()
}

/// Checks an overlay document against the Overlay 1.0 shape (and our rule that every action
/// explains itself).
pub fn parse(file: &Path, document: &Value) -> Result<Overlay> {
    let err = |pointer: &str, message: String| Error::at(file.to_path_buf(), pointer, message);
    match document.get("overlay").and_then(Value::as_str) {
        Some(version) if version.starts_with("1.0.") => {}
        other => {
            return Err(err(
                "/overlay",
                format!("overlay version {other:?} is not supported; expected 1.0.x"),
            ))
        }
    }
    if let Some(extends) = document.get("extends") {
        return Err(err(
            "/extends",
            format!("`extends` ({extends}) is not supported: an overlay applies to the whole spec folder"),
        ));
    }
    let Some(actions) = document.get("actions").and_then(Value::as_array) else {
        return Err(err("/actions", "an overlay needs a list of `actions`".into()));
    };
    let mut parsed = Vec::with_capacity(actions.len());
    for (i, action) in actions.iter().enumerate() {
        let pointer = push_pointer("/actions", &i.to_string());
        parsed.push(parse_action(action, &pointer).map_err(|(at, message)| err(&at, message))?);
    }
    Ok(Overlay {
        file: file.to_path_buf(),
        actions: parsed,
    })
}

fn parse_action(action: &Value, pointer: &str) -> Result<Action, (String, String)> {
    let field = |key: &str| push_pointer(pointer, key);
    let Value::Object(map) = action else {
        return Err((pointer.to_string(), "an action must be a mapping".into()));
    };
    if let Some(key) = map
        .keys()
        .find(|k| !["target", "description", "update", "remove"].contains(&k.as_str()) && !k.starts_with("x-"))
    {
        return Err((field(key), format!("unknown action key `{key}`")));
    }
    let target = map
        .get("target")
        .and_then(Value::as_str)
        .filter(|t| t.starts_with('$'))
        .ok_or_else(|| {
            (
                field("target"),
                "`target` must be a JSONPath expression starting with `$`".to_string(),
            )
        })?;
    JsonPath::parse(target).map_err(|e| (field("target"), format!("invalid JSONPath: {e}")))?;
    let description = map
        .get("description")
        .and_then(Value::as_str)
        .filter(|d| !d.trim().is_empty())
        .ok_or_else(|| {
            (
                field("description"),
                "every action must say why it is needed in `description`".to_string(),
            )
        })?;
    let change = match (map.get("update"), map.get("remove")) {
        (None, Some(Value::Bool(true))) => Change::Remove,
        (Some(update), None | Some(Value::Bool(false))) => Change::Update(update.clone()),
        (Some(_), Some(Value::Bool(true))) => {
            return Err((
                pointer.to_string(),
                "an action has either `update` or `remove: true`, not both".into(),
            ))
        }
        _ => return Err((pointer.to_string(), "an action needs `update` or `remove: true`".into())),
    };
    Ok(Action {
        pointer: pointer.to_string(),
        target: target.to_string(),
        description: description.to_string(),
        change,
    })
}

/// Applies the actions of `overlay` in order.
pub fn apply(document: &mut Value, overlay: &Overlay) -> Result<()> {
    for action in &overlay.actions {
        let error = |message: String| Error::at(overlay.file.clone(), push_pointer(&action.pointer, "target"), message);
        let path = JsonPath::parse(&action.target).map_err(|e| error(format!("invalid JSONPath: {e}")))?;
        let mut pointers: Vec<String> = path
            .query_located(document)
            .locations()
            .map(|location| location.to_json_pointer())
            .collect();
        if pointers.is_empty() {
            return Err(error(format!(
                "`{}` matches nothing in the spec: the correction may no longer be needed",
                action.target
            )));
        }
        match &action.change {
            Change::Remove => {
                // Later array elements first, so that earlier indices stay valid.
                pointers.sort_by(|a, b| b.cmp(a));
                for pointer in pointers {
                    if pointer.is_empty() {
                        return Err(error("the whole document cannot be removed".into()));
                    }
                    remove(document, &pointer);
                }
            }
            Change::Update(update) => {
                for pointer in pointers {
                    let node = document.pointer_mut(&pointer).expect("JSONPath located this node");
                    merge(node, update);
                }
            }
        }
    }
    Ok(())
}

/// Overlay 1.0 `update`: an object is merged key by key (recursively), an array target
/// gets the update appended (its items, if it is an array), anything else is replaced.
fn merge(target: &mut Value, update: &Value) {
    match (target, update) {
        (Value::Object(target), Value::Object(update)) => merge_objects(target, update),
        (Value::Array(target), Value::Array(items)) => target.extend(items.iter().cloned()),
        (Value::Array(target), item) => target.push(item.clone()),
        (target, update) => *target = update.clone(),
    }
}

fn merge_objects(target: &mut Map<String, Value>, update: &Map<String, Value>) {
    for (key, value) in update {
        match target.get_mut(key) {
            Some(existing @ Value::Object(_)) if value.is_object() => merge(existing, value),
            _ => {
                target.insert(key.clone(), value.clone());
            }
        }
    }
}

fn remove(document: &mut Value, pointer: &str) {
    let (parent, last) = pointer.rsplit_once('/').expect("a non-empty pointer has a parent");
    let key = last.replace("~1", "/").replace("~0", "~");
    match document.pointer_mut(parent) {
        Some(Value::Object(map)) => {
            map.shift_remove(&key);
        }
        Some(Value::Array(items)) => {
            if let Ok(index) = key.parse::<usize>() {
                if index < items.len() {
                    items.remove(index);
                }
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn overlay(actions: Value) -> Overlay {
        parse(
            Path::new("fix.yaml"),
            &json!({"overlay": "1.0.0", "info": {"title": "t", "version": "1"}, "actions": actions}),
        )
        .expect("valid overlay")
    }

    #[test]
    fn updates_merge_removes_remove_and_arrays_append() {
        let mut doc = json!({"a": {"b": 1, "c": {"d": 2}}, "list": [{"type": "string"}, {"type": "null"}]});
        let fix = overlay(json!([
            {"target": "$.a", "description": "why", "update": {"c": {"e": 3}, "f": 4}},
            {"target": "$.list[?@.type == 'string']", "description": "why", "remove": true},
            {"target": "$.list", "description": "why", "update": [{"type": "array"}]},
            {"target": "$.a.b", "description": "why", "update": 5}
        ]));
        apply(&mut doc, &fix).unwrap();
        assert_eq!(
            doc,
            json!({"a": {"b": 5, "c": {"d": 2, "e": 3}, "f": 4}, "list": [{"type": "null"}, {"type": "array"}]})
        );
    }

    #[test]
    fn a_target_matching_nothing_is_an_error_naming_the_action() {
        let mut doc = json!({"a": 1});
        let fix = overlay(json!([{"target": "$.b", "description": "why", "remove": true}]));
        let error = apply(&mut doc, &fix).unwrap_err();
        assert_eq!(error.location.pointer, "/actions/0/target");
        assert!(error.message.contains("matches nothing"), "{error}");
        assert_eq!(doc, json!({"a": 1}));
    }

    #[test]
    fn actions_must_explain_themselves_and_be_well_formed() {
        let bad = |actions: Value| {
            parse(
                Path::new("fix.yaml"),
                &json!({"overlay": "1.0.0", "info": {"title": "t", "version": "1"}, "actions": actions}),
            )
            .unwrap_err()
        };
        assert_eq!(
            bad(json!([{"target": "$.a", "remove": true}])).location.pointer,
            "/actions/0/description"
        );
        assert_eq!(
            bad(json!([{"target": "a.b", "description": "x", "remove": true}]))
                .location
                .pointer,
            "/actions/0/target"
        );
        assert_eq!(
            bad(json!([{"target": "$[", "description": "x", "remove": true}]))
                .location
                .pointer,
            "/actions/0/target"
        );
        assert_eq!(
            bad(json!([{"target": "$.a", "description": "x"}])).location.pointer,
            "/actions/0"
        );
        let wrong_version = parse(Path::new("fix.yaml"), &json!({"overlay": "2.0.0", "actions": []})).unwrap_err();
        assert_eq!(wrong_version.location.pointer, "/overlay");
    }
}
