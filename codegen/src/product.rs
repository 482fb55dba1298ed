//! Products: where each API document goes in the SDK. This is the one place that knows
//! what a product is called (`client.cloud()`, `gcore::cloud`, crates `gcore-cloud-*`,
//! features `cloud` and `cloud-*`) and which of its parameters the client fills in.
//!
//! A spec folder is either one product (API documents, overlays, a naming file and an
//! optional `product.yaml` side by side) or a platform: a folder of product folders, each
//! generated into the same `gcore` crate (`spec/cloud/`, `spec/dns/`, ...).
//!
//! `product.yaml` is optional. Without it the settings are read off the document: the
//! product is named after the first segment of its paths (`/dns/v2/zones` → `dns`), titled
//! by `info.title`, and has no client defaults. So a folder holding nothing but one
//! upstream document generates. Every key:
//!
//! ```yaml
//! name: cloud              # client.cloud(), gcore::cloud, crates gcore-cloud-*, features cloud-*
//! title: Cloud             # how docs name it ("Gcore's Cloud API")
//! scope:                   # path parameters the client fills in when a call does not
//!   project_id: { default: project_id, env: GCORE_CLOUD_PROJECT_ID }
//!   region_id: { default: region_id, env: GCORE_CLOUD_REGION_ID }
//! defers_to: cdn           # operations also in product `cdn` (same method and path) are
//!                          # calls of `client.cdn()` only
//! tasks:                   # calls answering with component schema `schema` start tasks,
//!   schema: TaskIDsSerializer   # whose ids are its array property `property`: each such
//!   property: tasks        # call gets `.and_poll()`, which waits for them with the
//!                          # `tasks.poll` helper (codegen/runtime/helpers/tasks.rs)
//! ```

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::error::{Error, Result};
use crate::model::ClientDefault;

/// The settings file of a product folder.
pub const PRODUCT_FILE: &str = "product.yaml";

#[derive(serde::Serialize, serde::Deserialize, Debug, Clone, PartialEq, Eq)]
pub struct Product {
    /// A snake_case identifier, unique in the platform.
    pub name: String,
    /// How documentation names the product.
    pub title: String,
    /// Path parameters the client fills in, by wire name.
    pub scope: BTreeMap<String, Scope>,
    /// The product that owns the operations this one shares with it.
    pub defers_to: Option<String>,
    /// The response that says a call started tasks.
    pub tasks: Option<TaskIds>,
}

/// The response schema of calls that start tasks, and its property listing their ids.
#[derive(serde::Serialize, serde::Deserialize, Debug, Clone, PartialEq, Eq)]
pub struct TaskIds {
    /// A component schema, by its name in the document.
    pub schema: String,
    /// Its array-of-strings property holding the ids.
    pub property: String,
    /// The settings file, for warnings when the document has no such schema.
    pub file: PathBuf,
}

/// A path parameter filled from the client's settings when a call leaves it out.
#[derive(serde::Serialize, serde::Deserialize, Debug, Clone, PartialEq, Eq)]
pub struct Scope {
    pub default: ClientDefault,
    /// The environment variable `Client::from_env` reads it from, for the docs.
    pub env: String,
}

impl Product {
    /// Reads `product.yaml`. Unknown keys are errors: a typo must not silently lose a setting.
    pub fn from_value(path: &Path, value: &Value) -> Result<Product> {
        let at = |pointer: &str, message: String| Error::at(path.to_path_buf(), pointer, message);
        let map = value
            .as_object()
            .ok_or_else(|| at("", "the product settings must be a mapping".into()))?;
        for key in map.keys() {
            if !["name", "title", "scope", "defers_to", "tasks"].contains(&key.as_str()) {
                return Err(at(
                    &format!("/{key}"),
                    format!("unknown setting `{key}` (known: name, title, scope, defers_to, tasks)"),
                ));
            }
        }
        let text = |key: &str| -> Result<Option<String>> {
            match map.get(key) {
                None => Ok(None),
                Some(Value::String(s)) => Ok(Some(s.clone())),
                Some(_) => Err(at(&format!("/{key}"), format!("`{key}` must be a string"))),
            }
        };
        let name = text("name")?.ok_or_else(|| at("", "`name` is required".into()))?;
        check_name(&name).map_err(|message| at("/name", message))?;
        let mut scope = BTreeMap::new();
        for (param, entry) in map.get("scope").and_then(Value::as_object).into_iter().flatten() {
            let pointer = format!("/scope/{param}");
            let field = |key: &str| entry.get(key).and_then(Value::as_str);
            let default = match field("default") {
                Some("project_id") => ClientDefault::ProjectId,
                Some("region_id") => ClientDefault::RegionId,
                _ => {
                    return Err(at(
                        &pointer,
                        "`default` must be one of the client's defaults: `project_id` or `region_id`".into(),
                    ))
                }
            };
            let env = field("env").ok_or_else(|| at(&pointer, "`env` (the variable the client reads) is required".into()))?;
            scope.insert(
                param.clone(),
                Scope {
                    default,
                    env: env.to_string(),
                },
            );
        }
        let defers_to = text("defers_to")?;
        let tasks = match map.get("tasks") {
            None => None,
            Some(entry) => {
                let field = |key: &str| {
                    entry
                        .get(key)
                        .and_then(Value::as_str)
                        .map(str::to_string)
                        .ok_or_else(|| at(&format!("/tasks/{key}"), format!("`tasks.{key}` (a string) is required")))
                };
                Some(TaskIds {
                    schema: field("schema")?,
                    property: field("property")?,
                    file: path.to_path_buf(),
                })
            }
        };
        Ok(Product {
            title: text("title")?.unwrap_or_else(|| name.clone()),
            name,
            scope,
            defers_to,
            tasks,
        })
    }

    /// The settings of a document that has no settings file: named after the first segment
    /// most of its paths share (after the server's base path), titled by `info.title`.
    #[cfg(feature = "generate")]
    pub fn derived(document: &Value) -> Product {
        let base = document
            .pointer("/servers/0/url")
            .and_then(Value::as_str)
            .map(base_path_segments)
            .unwrap_or_default();
        let mut counts: BTreeMap<String, usize> = BTreeMap::new();
        for path in document
            .get("paths")
            .and_then(Value::as_object)
            .into_iter()
            .flatten()
            .map(|(p, _)| p)
        {
            let first = base.iter().map(String::as_str).chain(path.split('/')).find(|s| !s.is_empty());
            if let Some(first) = first.filter(|s| !s.starts_with('{')) {
                *counts.entry(crate::naming::snake_ident(first)).or_default() += 1;
            }
        }
        // The most common first segment; of those equally common, the first in order.
        let name = counts
            .iter()
            .max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0)))
            .map(|(name, _)| name.clone())
            .unwrap_or_else(|| "api".to_string());
        let title = document
            .pointer("/info/title")
            .and_then(Value::as_str)
            .map(str::to_owned)
            .unwrap_or_else(|| name.clone());
        Product {
            name,
            title,
            scope: BTreeMap::new(),
            defers_to: None,
            tasks: None,
        }
    }
}

/// The segments of a server URL's path (`https://api.gcore.com/fastedge` → `["fastedge"]`).
fn base_path_segments(url: &str) -> Vec<String> {
    let after_host = url.split_once("://").map_or(url, |(_, rest)| rest);
    let path = after_host.split_once('/').map_or("", |(_, path)| path);
    path.split('/').filter(|s| !s.is_empty()).map(str::to_owned).collect()
}

fn check_name(name: &str) -> std::result::Result<(), String> {
    let valid = name.starts_with(|c: char| c.is_ascii_lowercase())
        && name.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
    if valid {
        Ok(())
    } else {
        Err(format!(
            "`{name}` is not a snake_case name (a-z, 0-9, _; starting with a letter)"
        ))
    }
}

/// The product folders of a spec folder: its sub-folders holding spec files, in name order,
/// or the folder itself (or file) when it is one product.
pub fn folders(spec: &Path) -> Result<Vec<PathBuf>> {
    if !spec.is_dir() {
        return Ok(vec![spec.to_path_buf()]);
    }
    let entries = std::fs::read_dir(spec).map_err(|e| Error::in_file(spec, format!("cannot read the spec folder: {e}")))?;
    let (mut dirs, mut has_files) = (Vec::new(), false);
    for entry in entries {
        let path = entry
            .map_err(|e| Error::in_file(spec, format!("cannot read the spec folder: {e}")))?
            .path();
        if path.is_dir() {
            dirs.push(path);
        } else if matches!(path.extension().and_then(|e| e.to_str()), Some("yaml" | "yml" | "json")) {
            has_files = true;
        }
    }
    match (has_files, dirs.is_empty()) {
        (true, _) | (false, true) => Ok(vec![spec.to_path_buf()]),
        (false, false) => {
            dirs.sort();
            Ok(dirs)
        }
    }
}

/// Checks that the products of a platform can share one crate: distinct names, and every
/// `defers_to` naming another product.
pub fn check_platform(products: &[(PathBuf, Product)]) -> Result<()> {
    let mut seen: BTreeMap<&str, &Path> = BTreeMap::new();
    for (folder, product) in products {
        if let Some(other) = seen.insert(&product.name, folder) {
            return Err(Error::in_file(
                folder,
                format!(
                    "product `{}` is also the name of {}: set another `name` in {PRODUCT_FILE}",
                    product.name,
                    other.display()
                ),
            ));
        }
    }
    let names: BTreeSet<&str> = products.iter().map(|(_, p)| p.name.as_str()).collect();
    for (folder, product) in products {
        if let Some(target) = &product.defers_to {
            if !names.contains(target.as_str()) || target == &product.name {
                return Err(Error::at(
                    folder.join(PRODUCT_FILE),
                    "/defers_to",
                    format!("`defers_to: {target}` names no other product of this spec folder"),
                ));
            }
        }
    }
    Ok(())
}

/// The operations of a document, as (method, full path): the server's base path and the
/// path, as `defers_to` compares them.
pub fn operation_keys(document: &Value) -> BTreeSet<(String, String)> {
    let base = server_base(document);
    let mut keys = BTreeSet::new();
    for (path, item) in document.get("paths").and_then(Value::as_object).into_iter().flatten() {
        for method in item
            .as_object()
            .into_iter()
            .flat_map(|item| item.keys())
            .filter(|m| is_method(m))
        {
            keys.insert((method.clone(), format!("{base}{path}")));
        }
    }
    keys
}

/// Removes the operations `owned` lists from a document; a path left with none goes too.
pub fn drop_operations(document: &mut Value, owned: &BTreeSet<(String, String)>) {
    let base = server_base(document);
    let Some(paths) = document.get_mut("paths").and_then(Value::as_object_mut) else {
        return;
    };
    paths.retain(|path, item| {
        let full = format!("{base}{path}");
        if let Some(item) = item.as_object_mut() {
            item.retain(|method, _| !(is_method(method) && owned.contains(&(method.clone(), full.clone()))));
            item.keys().any(|key| is_method(key))
        } else {
            true
        }
    });
}

fn server_base(document: &Value) -> String {
    let segments = document
        .pointer("/servers/0/url")
        .and_then(Value::as_str)
        .map(base_path_segments)
        .unwrap_or_default();
    segments.iter().map(|s| format!("/{s}")).collect()
}

fn is_method(key: &str) -> bool {
    crate::model::HTTP_METHODS.contains(&key)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_document_without_settings_is_named_after_its_paths() {
        let document = json!({
            "info": {"title": "DNS API"},
            "servers": [{"url": "https://api.gcore.com"}],
            "paths": {"/dns/v2/zones": {}, "/dns/v2/zones/{name}": {}, "/other": {}},
        });
        let product = Product::derived(&document);
        assert_eq!((product.name.as_str(), product.title.as_str()), ("dns", "DNS API"));
        let under_base = json!({"servers": [{"url": "https://api.gcore.com/fast-edge"}], "paths": {"/v1/apps": {}}});
        assert_eq!(Product::derived(&under_base).name, "fast_edge");
    }

    #[test]
    fn settings_are_checked_key_by_key() {
        let path = Path::new("product.yaml");
        let good = json!({"name": "cloud", "title": "Cloud", "scope": {"project_id": {"default": "project_id", "env": "E"}}});
        let product = Product::from_value(path, &good).unwrap();
        assert_eq!(product.scope["project_id"].default, ClientDefault::ProjectId);
        let tasks = json!({"name": "cloud", "tasks": {"schema": "TaskIDs", "property": "tasks"}});
        let tasks = Product::from_value(path, &tasks).unwrap().tasks.unwrap();
        assert_eq!((tasks.schema.as_str(), tasks.property.as_str()), ("TaskIDs", "tasks"));
        for (bad, pointer) in [
            (json!({"name": "Cloud"}), "/name"),
            (json!({"name": "cloud", "scopes": {}}), "/scopes"),
            (
                json!({"name": "cloud", "scope": {"x": {"default": "zone", "env": "E"}}}),
                "/scope/x",
            ),
            (json!({"title": "Cloud"}), ""),
            (json!({"name": "cloud", "tasks": {"schema": "TaskIDs"}}), "/tasks/property"),
        ] {
            let error = Product::from_value(path, &bad).unwrap_err();
            assert_eq!(error.location.pointer, pointer, "{bad}: {error}");
        }
    }
}
