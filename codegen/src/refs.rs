//! Part of stage 1 (load): `$ref`s to other files (`./schemas.yaml#/components/schemas/Zone`)
//! are brought into the document that makes them, so that every later stage reads one
//! self-contained document.
//!
//! The schema a reference names is copied into the document's `components/schemas` under
//! its own name (the last segment of its pointer) and the reference becomes a local one.
//! References inside the copied schema are read relative to the file it came from, so a
//! schema file may refer to its own components (`#/components/schemas/Record`) and to other
//! files. Two different schemas that would land under one name are an error naming both. A
//! file that only holds referenced schemas (no `openapi` key) may sit in the spec folder.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde_json::{Map, Value};

use crate::error::{push_pointer, Error, Result};
use crate::load::read_yaml;

/// A schema brought in from another file: where it landed and where it came from.
pub struct Imported {
    pub pointer: String,
    pub file: PathBuf,
}

/// Brings every schema `document` (read from `file`) refers to in other files into it.
/// `fragments` are files already read (the spec folder's files without `openapi`); others
/// are read as needed and kept there. Returns what was brought in.
pub fn import_external(file: &Path, document: &mut Value, fragments: &mut BTreeMap<PathBuf, Value>) -> Result<Vec<Imported>> {
    let mut importer = Importer {
        fragments,
        landed: BTreeMap::new(),
        schemas: Map::new(),
    };
    importer.rewrite(document, file, "")?;
    let imported: Vec<Imported> = importer
        .landed
        .values()
        .map(|(name, source)| Imported {
            pointer: push_pointer("/components/schemas", name),
            file: source.clone(),
        })
        .collect();
    if importer.schemas.is_empty() {
        return Ok(imported);
    }
    let Value::Object(root) = document else {
        return Err(Error::in_file(file, "an OpenAPI document must be a mapping"));
    };
    let components = root.entry("components").or_insert_with(|| Value::Object(Map::new()));
    let schemas = components
        .as_object_mut()
        .ok_or_else(|| Error::at(file.to_path_buf(), "/components", "`components` must be a mapping"))?
        .entry("schemas")
        .or_insert_with(|| Value::Object(Map::new()))
        .as_object_mut()
        .ok_or_else(|| Error::at(file.to_path_buf(), "/components/schemas", "`schemas` must be a mapping"))?;
    for (name, schema) in importer.schemas {
        match schemas.get(&name) {
            Some(existing) if *existing != schema => {
                return Err(Error::at(
                    file.to_path_buf(),
                    push_pointer("/components/schemas", &name),
                    "a schema of this name is also brought in from another file, and differs: rename one",
                ));
            }
            _ => {
                schemas.insert(name, schema);
            }
        }
    }
    Ok(imported)
}

struct Importer<'a> {
    fragments: &'a mut BTreeMap<PathBuf, Value>,
    /// (file, pointer) of each schema brought in → its name here and its file.
    landed: BTreeMap<(PathBuf, String), (String, PathBuf)>,
    /// The schemas brought in, by name.
    schemas: Map<String, Value>,
}

impl Importer<'_> {
    /// Rewrites the references in `node` (read from `file`) to other files into local ones,
    /// bringing in what they name.
    fn rewrite(&mut self, node: &mut Value, file: &Path, pointer: &str) -> Result<()> {
        self.rewrite_in(node, file, pointer, false)
    }

    /// With `local_is_external`, `node` came from `file` into the document: its `#...`
    /// references mean `file` too.
    fn rewrite_in(&mut self, node: &mut Value, file: &Path, pointer: &str, local_is_external: bool) -> Result<()> {
        match node {
            Value::Object(map) => {
                let target = map.get("$ref").and_then(Value::as_str).map(str::to_owned);
                if let Some(target) = target {
                    let external = !target.starts_with('#') || local_is_external;
                    if external {
                        let (path, inner) = target.split_once('#').unwrap_or((target.as_str(), ""));
                        let source = if path.is_empty() {
                            file.to_path_buf()
                        } else {
                            file.parent().unwrap_or(Path::new(".")).join(path)
                        };
                        let name = self.bring(&source, inner, file, &push_pointer(pointer, "$ref"))?;
                        map.insert("$ref".into(), Value::String(format!("#/components/schemas/{name}")));
                    }
                }
                for (key, child) in map.iter_mut() {
                    if key == "example" || key == "examples" || key.starts_with("x-") || key == "$ref" {
                        continue;
                    }
                    self.rewrite_in(child, file, &push_pointer(pointer, key), local_is_external)?;
                }
            }
            Value::Array(items) => {
                for (i, item) in items.iter_mut().enumerate() {
                    self.rewrite_in(item, file, &push_pointer(pointer, &i.to_string()), local_is_external)?;
                }
            }
            _ => {}
        }
        Ok(())
    }

    /// Brings in the schema at `inner` (a JSON pointer) of `source`, referred to from `at` in
    /// `file`; returns its name here.
    fn bring(&mut self, source: &Path, inner: &str, file: &Path, at: &str) -> Result<String> {
        let key = (source.to_path_buf(), inner.to_string());
        if let Some((name, _)) = self.landed.get(&key) {
            return Ok(name.clone());
        }
        if !self.fragments.contains_key(source) {
            let value = read_yaml(source).map_err(|e| {
                Error::at(
                    file.to_path_buf(),
                    at,
                    format!("`$ref` to {}: {}", source.display(), e.message),
                )
            })?;
            self.fragments.insert(source.to_path_buf(), value);
        }
        let Some(mut schema) = self.fragments[source].pointer(inner).cloned() else {
            return Err(Error::at(
                source.to_path_buf(),
                inner,
                format!("a `$ref` (at {at}) names this, which is not in the file"),
            ));
        };
        let name = inner
            .rsplit('/')
            .next()
            .filter(|n| !n.is_empty())
            .map(|n| n.replace("~1", "/").replace("~0", "~"))
            .or_else(|| source.file_stem().map(|s| s.to_string_lossy().into_owned()))
            .unwrap_or_else(|| "Imported".into());
        self.landed.insert(key, (name.clone(), source.to_path_buf()));
        self.rewrite_in(&mut schema, source, inner, true)?;
        if self.schemas.get(&name).is_some_and(|other| *other != schema) {
            return Err(Error::at(
                source.to_path_buf(),
                inner,
                format!("another file's schema is also named `{name}`, and differs: the two cannot share the document"),
            ));
        }
        self.schemas.insert(name.clone(), schema);
        Ok(name)
    }
}
