//! Spec evolution: regenerating after an upstream update must give a small diff that the
//! update explains, and `codegen diff` must say what it means for users.
//!
//! The fixtures are the seed endpoints (tests/fixtures/seeds) as Gcore published them on
//! 2025-07-07 and 2026-01-27 (tests/fixtures/history), each generated with today's naming
//! file, overlays and product settings, then today's seeds themselves; and once, the whole
//! platform (spec/) against the 2025-07-07 Cloud document.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use codegen::model::{Api, TypeKey};
use codegen::write::Rendered;
use serde_json::Value;

const VERSIONS: [&str; 3] = ["2025-07-07", "2026-01-27", "current"];

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// A spec folder for a version: the upstream files of the fixture with today's naming file
/// and overlays (what a user updating from that version would have), or spec/ itself.
fn spec_of(version: &str) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    if version == "current" {
        let path = repo().join("tests/fixtures/seeds");
        return (dir, path);
    }
    for entry in std::fs::read_dir(repo().join("tests/fixtures/history").join(version)).unwrap() {
        let path = entry.unwrap().path();
        std::fs::copy(&path, dir.path().join(path.file_name().unwrap())).unwrap();
    }
    for entry in std::fs::read_dir(repo().join("tests/fixtures/seeds")).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        if name == "names.yaml" || name == "product.yaml" || name.ends_with(".overlay.yaml") {
            std::fs::copy(&path, dir.path().join(&name)).unwrap();
        }
    }
    let path = dir.path().to_path_buf();
    (dir, path)
}

/// The emitted files (not the hand-written runtime, client and helpers, which no spec changes).
fn emitted(rendered: &Rendered) -> BTreeMap<String, &String> {
    rendered
        .iter()
        .map(|(path, text)| (path.to_string_lossy().replace('\\', "/"), text))
        .filter(|(path, _)| {
            path.ends_with(".rs")
                && !path.starts_with("crates/runtime/")
                && !path.contains("/helpers/")
                && path != "src/client.rs"
        })
        .collect()
}

/// The model file of a group's crate or of `gcore-shared` (`crates/cloud-ai/src/models.rs`);
/// `gcore`'s own `src/models.rs` only re-exports them.
fn is_model_file(path: &str) -> bool {
    path.starts_with("crates/") && path.ends_with("/src/models.rs")
}

/// The resource a file of the resource tree is for (`cloud/ai/regions`), in `gcore` or in
/// the crate of its group.
fn resource_of(path: &str) -> Option<&str> {
    let inside = match path.strip_prefix("crates/") {
        Some(rest) => rest.split_once("/src/")?.1,
        None => path.strip_prefix("src/")?,
    };
    inside.strip_prefix("resources/")?.strip_suffix(".rs")
}

/// The emitted files with each model file split into its types
/// (`crates/cloud-ai/src/models.rs#AiRegion`):
/// a model file holds many types, and a change to one must not be blamed on the others.
fn emitted_items(rendered: &Rendered) -> BTreeMap<String, String> {
    let mut items = BTreeMap::new();
    for (path, text) in emitted(rendered) {
        if is_model_file(&path) {
            for (name, unit) in split_types(text) {
                items.insert(format!("{path}#{name}"), unit);
            }
        } else {
            items.insert(path, text.clone());
        }
    }
    items
}

/// Splits a formatted model file into its types. A type starts with its definition
/// (`pub struct`, `pub enum`, `pub type`, or `mod` for a shared type) and goes on with its
/// impls; the file's opening (header and module docs) is the unit named "".
fn split_types(text: &str) -> Vec<(String, String)> {
    let definition = regex_lite::Regex::new(r"^(?:pub (?:struct|enum|type)|mod) (\w+)").unwrap();
    let mut units = vec![(String::new(), String::new())];
    let mut item = String::new();
    for line in text.lines() {
        let opening = units.len() == 1 && item.is_empty();
        if opening && (line.is_empty() || (line.starts_with("//") && !line.starts_with("///"))) {
            units[0].1.push_str(line);
            units[0].1.push('\n');
            continue;
        }
        if let Some(name) = definition.captures(line) {
            // A type's `...Required` struct (its constructor's named inputs) is part of it.
            let previous = &units.last().unwrap().0;
            if previous.is_empty() || !name[1].starts_with(&format!("{previous}Required")) {
                units.push((name[1].to_string(), String::new()));
            }
        }
        item.push_str(line);
        item.push('\n');
        if line == "}" || (!line.starts_with(' ') && line.ends_with(';')) {
            units.last_mut().unwrap().1.push_str(&std::mem::take(&mut item));
        }
    }
    units.last_mut().unwrap().1.push_str(&item);
    units
}

struct Version {
    name: &'static str,
    rendered: Rendered,
    api: Api,
    document: Value,
    _dir: tempfile::TempDir,
}

fn version(name: &'static str) -> Version {
    let (dir, spec) = spec_of(name);
    Version {
        name,
        rendered: codegen::generate(&spec).unwrap_or_else(|e| panic!("{name}: {e}")),
        api: codegen::model_of(&spec).unwrap(),
        document: codegen::document_of(&spec).unwrap().document,
        _dir: dir,
    }
}

#[test]
fn generated_output_of_each_version_is_snapshotted() {
    for name in VERSIONS {
        let v = version(name);
        let mut all = String::new();
        for (path, text) in emitted(&v.rendered) {
            all.push_str(&format!("==> {path}\n{text}\n"));
        }
        insta::assert_snapshot!(format!("history__{name}"), all);
    }
}

/// A unified diff of the emitted files, one section per changed file.
fn output_diff(old: &Rendered, new: &Rendered) -> String {
    let (old, new) = (emitted(old), emitted(new));
    let paths: BTreeSet<&String> = old.keys().chain(new.keys()).collect();
    let mut out = String::new();
    for path in paths {
        let (a, b) = (
            old.get(path).map(|s| s.as_str()).unwrap_or(""),
            new.get(path).map(|s| s.as_str()).unwrap_or(""),
        );
        if a != b {
            let diff = similar::TextDiff::from_lines(a, b);
            out.push_str(&diff.unified_diff().context_radius(2).header(path, path).to_string());
        }
    }
    out
}

#[test]
fn the_change_from_each_version_to_the_next_is_snapshotted() {
    let versions: Vec<Version> = VERSIONS.iter().map(|v| version(v)).collect();
    for pair in versions.windows(2) {
        let diff = output_diff(&pair[0].rendered, &pair[1].rendered);
        insta::assert_snapshot!(format!("history__{}__to__{}", pair[0].name, pair[1].name), diff);
    }
}

// ---- no unexplained churn -------------------------------------------------------------------

/// What a generated file is made from: component schemas (`#Name`), operations
/// (`GET /path`) and whether a type is sent or received (`usage Name`). A change to the
/// file is explained when one of them changed upstream.
fn sources(api: &Api, path: &str) -> Option<BTreeSet<String>> {
    let operation = |op: &codegen::model::Operation| format!("{} {}", op.method.as_str(), op.path);
    if let Some((_, unit)) = path
        .split_once(".rs#")
        .filter(|(file, _)| is_model_file(&format!("{file}.rs")))
    {
        if unit.is_empty() {
            return None; // the file's opening
        }
        // A type is its definition (by name) or, in `shared.rs`, its module.
        let def = api
            .types
            .values()
            .find(|t| t.name == unit || codegen::naming::module_name(&t.name) == unit)?;
        // Its schema and the schemas it reaches (their names, boxing, validation), and
        // whether it is sent (constructor, setters, validation) or received.
        let mut reached = BTreeSet::new();
        codegen::model::reach(&api.types, &codegen::model::TypeRef::Named(def.key.clone()), &mut reached);
        let mut found: BTreeSet<String> = reached.iter().map(root_of).collect();
        found.insert(format!("usage {}", def.name));
        return Some(found);
    }
    if path == "API.md" {
        // Every call: its operation and the types it names.
        return Some(
            api.operations
                .iter()
                .map(operation)
                .chain(api.types.values().map(|t| root_of(&t.key)))
                .collect(),
        );
    }
    if let Some(resource) = resource_of(path) {
        if resource == "mod" {
            return None;
        }
        let segments: Vec<&str> = resource.split('/').collect();
        return Some(
            api.operations
                .iter()
                .filter(|op| {
                    op.rust.resource.len() >= segments.len() && op.rust.resource.iter().zip(&segments).all(|(a, b)| a == b)
                })
                .map(operation)
                .collect(),
        );
    }
    None
}

fn root_of(key: &TypeKey) -> String {
    match key {
        TypeKey::Component(name) => format!("#{name}"),
        TypeKey::Inline(pointer) => {
            if let Some(rest) = pointer.strip_prefix("/components/schemas/") {
                format!(
                    "#{}",
                    rest.split('/')
                        .next()
                        .unwrap_or_default()
                        .replace("~1", "/")
                        .replace("~0", "~")
                )
            } else {
                let mut parts = pointer.trim_start_matches("/paths/").splitn(3, '/');
                let path = parts.next().unwrap_or_default().replace("~1", "/").replace("~0", "~");
                let method = parts.next().unwrap_or_default().to_uppercase();
                format!("{method} {path}")
            }
        }
    }
}

/// An operation or schema as codegen reads it: without what only the docs site shows
/// (`x-codeSamples`) and the operation's `tags`, which name nothing in the SDK (resources are
/// named from paths and `names.yaml`).
fn as_read(value: &Value) -> Value {
    match value {
        Value::Object(map) => Value::Object(
            map.iter()
                .filter(|(key, _)| *key != "x-codeSamples" && *key != "tags")
                .map(|(key, value)| (key.clone(), as_read(value)))
                .collect(),
        ),
        Value::Array(items) => Value::Array(items.iter().map(as_read).collect()),
        other => other.clone(),
    }
}

/// Components and operations whose definition, as codegen reads it, differs between the two
/// documents, and the types whose usage (sent, received) differs between the two models.
fn changed_upstream(old: &Version, new: &Version) -> BTreeSet<String> {
    let mut changed = BTreeSet::new();
    let schemas = |doc: &Value| doc["components"]["schemas"].as_object().cloned().unwrap_or_default();
    let (a, b) = (schemas(&old.document), schemas(&new.document));
    for name in a.keys().chain(b.keys()) {
        if a.get(name).map(as_read) != b.get(name).map(as_read) {
            changed.insert(format!("#{name}"));
        }
    }
    let operations = |doc: &Value| -> BTreeMap<String, Value> {
        let mut found = BTreeMap::new();
        for (path, item) in doc["paths"].as_object().into_iter().flatten() {
            for (method, op) in item.as_object().into_iter().flatten() {
                found.insert(format!("{} {path}", method.to_uppercase()), as_read(op));
            }
        }
        found
    };
    let (a, b) = (operations(&old.document), operations(&new.document));
    for key in a.keys().chain(b.keys()) {
        if a.get(key) != b.get(key) {
            changed.insert(key.clone());
        }
    }
    let usage = |api: &Api| -> BTreeMap<String, (bool, bool)> {
        api.types
            .values()
            .map(|t| (t.name.clone(), (t.usage.request, t.usage.response)))
            .collect()
    };
    let (a, b) = (usage(&old.api), usage(&new.api));
    for name in a.keys().chain(b.keys()) {
        if a.get(name) != b.get(name) {
            changed.insert(format!("usage {name}"));
        }
    }
    changed
}

/// The emitted files (model files split into their types) that differ between two versions
/// although nothing they are made from changed upstream, each with what it is made from.
fn unexplained_changes(old: &Version, new: &Version) -> Vec<String> {
    let changed = changed_upstream(old, new);
    let (a, b) = (emitted_items(&old.rendered), emitted_items(&new.rendered));
    let types_found = b.keys().filter(|k| k.contains(".rs#") && !k.ends_with('#')).count();
    assert_eq!(types_found, new.api.types.len(), "every type is a unit of its model file");
    let names = |api: &Api| -> BTreeSet<String> {
        api.types
            .values()
            .map(|t| t.name.clone())
            .chain(api.operations.iter().map(|o| o.operation_id.clone()))
            .collect()
    };
    let items_changed = names(&old.api) != names(&new.api);
    let mut unexplained = Vec::new();
    for path in a.keys().chain(b.keys()).collect::<BTreeSet<_>>() {
        if a.get(path) == b.get(path) {
            continue;
        }
        let from: BTreeSet<String> = [&old.api, &new.api]
            .iter()
            .filter_map(|api| sources(api, path))
            .flatten()
            .collect();
        let explained = if from.is_empty() && sources(&new.api, path).is_none() && sources(&old.api, path).is_none() {
            items_changed // an index (lib.rs, models.rs, ...) changes with the set of items
        } else {
            !from.is_disjoint(&changed)
        };
        if !explained {
            unexplained.push(format!("{path} (made from {from:?})"));
        }
    }
    unexplained
}

#[test]
fn every_changed_file_is_explained_by_an_upstream_change() {
    let versions: Vec<Version> = VERSIONS.iter().map(|v| version(v)).collect();
    for pair in versions.windows(2) {
        let (old, new) = (&pair[0], &pair[1]);
        let unexplained = unexplained_changes(old, new);
        assert!(
            unexplained.is_empty(),
            "{} → {}: files changed although nothing they are made from changed upstream:\n{}",
            old.name,
            new.name,
            unexplained.join("\n")
        );
    }
}

/// The churn check can fail: today's seeds against themselves with only code samples and
/// tags edited upstream explain nothing, so a type or a resource file changed on top is
/// reported, and an edit to one schema explains the types made from it and no other.
#[test]
fn the_churn_check_reports_changes_nothing_upstream_explains() {
    let old = version("current");
    let mut new = version("current");
    for (_, item) in new.document["paths"].as_object_mut().unwrap().iter_mut() {
        for (_, op) in item.as_object_mut().unwrap().iter_mut() {
            op["x-codeSamples"] = serde_json::json!([{"lang": "Rust", "source": "changed"}]);
            op["tags"] = serde_json::json!(["Renamed tag"]);
        }
    }
    assert!(changed_upstream(&old, &new).is_empty(), "code samples and tags are not read");
    assert!(unexplained_changes(&old, &new).is_empty());

    let edit = |version: &mut Version, suffix: &str| {
        let key = version.rendered.keys().find(|p| p.ends_with(suffix)).unwrap().clone();
        let text = version.rendered.get_mut(&key).unwrap();
        *text = text.replacen("\n}\n", "\n}\n// churn\n", 1);
    };
    // `InferenceRegionCapacityList` is the first type of the AI group's models; its schema
    // is `RegionCapacityOutSerializerV3List`.
    edit(&mut new, "cloud-inference/src/models.rs");
    edit(&mut new, "resources/cloud/tasks.rs");
    let unexplained = unexplained_changes(&old, &new);
    assert_eq!(unexplained.len(), 2, "{unexplained:#?}");
    assert!(unexplained[1].contains("resources/cloud/tasks.rs"), "{unexplained:#?}");

    let first_type = unexplained[0]
        .split_once('#')
        .unwrap()
        .1
        .split(' ')
        .next()
        .unwrap()
        .to_string();
    let schema = match &new.api.types.values().find(|t| t.name == first_type).unwrap().key {
        TypeKey::Component(name) => name.clone(),
        TypeKey::Inline(pointer) => panic!("{first_type} is inline at {pointer}"),
    };
    new.document["components"]["schemas"][&schema]["description"] = Value::String("Edited.".into());
    let unexplained = unexplained_changes(&old, &new);
    assert_eq!(unexplained.len(), 1, "the schema's edit explains its type: {unexplained:#?}");
    assert!(unexplained[0].contains("resources/cloud/tasks.rs"), "{unexplained:#?}");
}

#[test]
fn unrelated_additions_and_reordering_change_no_other_line() {
    let before = codegen::generate(&repo().join("tests/fixtures/seeds")).unwrap();
    let dir = tempfile::tempdir().unwrap();
    for entry in std::fs::read_dir(repo().join("tests/fixtures/seeds")).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let mut value = codegen::load::read_yaml(&path).unwrap();
        // Reverse the order of every component and path: nothing may depend on it.
        for section in ["/components/schemas", "/paths"] {
            if let Some(Value::Object(map)) = value.pointer_mut(section) {
                let reversed: serde_json::Map<String, Value> = std::mem::take(map).into_iter().rev().collect();
                *map = reversed;
            }
        }
        std::fs::write(dir.path().join(name), serde_json::to_string(&value).unwrap()).unwrap();
    }
    std::fs::write(
        dir.path().join("Unrelated.yaml"),
        r##"{"openapi": "3.1.0", "info": {"title": "t", "version": "1"},
            "paths": {"/cloud/v1/zzz/{zzz_id}": {"get": {"operationId": "Zzz.get",
              "parameters": [{"in": "path", "name": "zzz_id", "required": true, "schema": {"type": "string"}}],
              "responses": {"200": {"description": "OK", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Zzz"}}}}}}}},
            "components": {"schemas": {"Zzz": {"type": "object", "properties": {"inline": {"type": "object", "properties": {"a": {"type": "string"}}}}}}}}"##,
    )
    .unwrap();
    let after = codegen::generate(dir.path()).unwrap();
    let index = [
        "Cargo.toml", // the feature list
        "API.md",     // every call
        "src/lib.rs",
        "src/cloud/mod.rs",
        "src/cloud/models.rs",
        "src/cloud/__registry.rs",
        "src/cloud/__operations.rs", // a lookup per resource group
    ];
    let mut churned = Vec::new();
    for (path, text) in &before {
        let path_text = path.to_string_lossy();
        if after.get(path) != Some(text) && !index.contains(&path_text.as_ref()) {
            churned.push(path_text.into_owned());
        }
    }
    assert!(churned.is_empty(), "unrelated changes touched: {churned:?}");
    let added: Vec<String> = after
        .keys()
        .filter(|p| !before.contains_key(*p))
        .map(|p| p.to_string_lossy().into_owned())
        .collect();
    assert_eq!(
        added,
        [
            "crates/cloud-zzz/Cargo.toml",
            "crates/cloud-zzz/src/lib.rs",
            "crates/cloud-zzz/src/models.rs",
            "crates/cloud-zzz/src/resources/cloud/zzz.rs"
        ]
    );
}

// ---- codegen diff ---------------------------------------------------------------------------

#[test]
fn api_change_reports_for_each_pair_are_snapshotted() {
    for pair in VERSIONS.windows(2) {
        let ((_a, old), (_b, new)) = (spec_of(pair[0]), spec_of(pair[1]));
        let report = codegen::diff(&old, &new).unwrap();
        insta::assert_snapshot!(format!("diff__{}__to__{}", pair[0], pair[1]), codegen::diff::text(&report));
        insta::assert_json_snapshot!(format!("diff__{}__to__{}__json", pair[0], pair[1]), report);
    }
    // The changelog entry for the latest update.
    let ((_a, old), (_b, new)) = (spec_of("2026-01-27"), spec_of("current"));
    insta::assert_snapshot!(
        "changelog__2026-01-27__to__current",
        codegen::diff::changelog(&codegen::diff(&old, &new).unwrap())
    );
}

/// Code written against the SDK generated from the oldest fixture keeps compiling against the
/// SDK of today, using what `codegen diff` calls compatible (the report for the pair is printed).
#[test]
fn code_written_against_the_oldest_sdk_compiles_against_the_current_one() {
    let ((_a, old), (_b, new)) = (spec_of("2025-07-07"), spec_of("current"));
    let report = codegen::diff(&old, &new).unwrap();
    println!("{}", codegen::diff::text(&report));
    let removed: Vec<&str> = report
        .changes
        .iter()
        .filter(|c| c.severity == codegen::diff::Severity::Breaking)
        .map(|c| c.item.as_str())
        .collect();
    let user_code = std::fs::read_to_string(repo().join("tests/fixtures/compat/lib.rs")).unwrap();
    for item in &removed {
        let field = item.rsplit(['.', ':']).next().unwrap();
        assert!(
            !user_code.contains(&format!(".{field}")),
            "the compatibility crate must not use {item}, which the report calls breaking"
        );
    }

    let root = tempfile::tempdir().unwrap();
    let oldest = root.path().join("gcore-2025-07-07");
    gcore_tests::crates::generate_into(&old, &oldest).unwrap();
    for (label, sdk) in [("2025-07-07", oldest.clone()), ("current", repo().join("generated"))] {
        let user = root.path().join(format!("user-{label}"));
        std::fs::create_dir_all(user.join("src")).unwrap();
        std::fs::write(user.join("src/lib.rs"), &user_code).unwrap();
        std::fs::write(
            user.join("Cargo.toml"),
            format!(
                "[package]\nname = \"compat-check\"\nversion = \"0.0.0\"\nedition = \"2021\"\n\n[dependencies]\ngcore = {{ path = {:?} }}\n\n[workspace]\n",
                sdk.to_string_lossy()
            ),
        )
        .unwrap();
        gcore_tests::crates::check(&user)
            .unwrap_or_else(|errors| panic!("code written for 2025-07-07 does not compile against {label}:\n{errors}"));
    }
}

#[test]
fn diff_of_the_platform_reports_each_product() {
    // The 2025-07-07 Cloud document alone, as the platform was before the other products.
    let old = tempfile::tempdir().unwrap();
    let cloud = old.path().join("cloud");
    std::fs::create_dir(&cloud).unwrap();
    std::fs::copy(
        repo().join("tests/fixtures/full/cloud_api.2025-07-07.yaml"),
        cloud.join("cloud_api.2025-07-07.yaml"),
    )
    .unwrap();
    // Not today's overlay: its corrections target today's document, and one that matches
    // nothing in the old one is an error.
    for name in ["names.yaml", "product.yaml"] {
        std::fs::copy(repo().join("spec/cloud").join(name), cloud.join(name)).unwrap();
    }
    let report = codegen::diff(old.path(), &repo().join("spec")).unwrap();
    let added: Vec<&str> = report
        .changes
        .iter()
        .filter(|c| c.rule == "product-added")
        .map(|c| c.item.as_str())
        .collect();
    assert_eq!(added.len(), 16, "{added:?}");
    assert!(added.contains(&"dns") && added.contains(&"cdn_reseller"));
    // Cloud's own changes, types named with their product.
    let cloud_types = report.changes.iter().filter(|c| c.item.starts_with("cloud::")).count();
    let cloud_calls = report.changes.iter().filter(|c| c.item.starts_with("cloud.")).count();
    assert!(
        cloud_types > 100 && cloud_calls > 100,
        "{cloud_types} type and {cloud_calls} call changes"
    );
    assert!(
        report.has_breaking(),
        "2025's Cloud API to today's removes and retypes fields"
    );
    assert_eq!(report.title, "API documents");
}

/// A snapshot no test of this file writes any more (of a version taken out of `VERSIONS`)
/// would pass unnoticed: every `evolution__*` snapshot is one the tests above write.
#[test]
fn every_snapshot_of_this_file_is_one_its_tests_write() {
    let mut expected: BTreeSet<String> = VERSIONS.iter().map(|v| format!("history__{v}")).collect();
    for pair in VERSIONS.windows(2) {
        let (a, b) = (pair[0], pair[1]);
        expected.extend([
            format!("history__{a}__to__{b}"),
            format!("diff__{a}__to__{b}"),
            format!("diff__{a}__to__{b}__json"),
        ]);
    }
    expected.insert("changelog__2026-01-27__to__current".to_string());
    let found: BTreeSet<String> = std::fs::read_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/snapshots"))
        .unwrap()
        .filter_map(|entry| {
            let file = entry.unwrap().file_name().to_string_lossy().into_owned();
            Some(file.strip_prefix("evolution__")?.strip_suffix(".snap")?.to_string())
        })
        .collect();
    assert_eq!(found, expected, "snapshots written and snapshots kept differ");
}
