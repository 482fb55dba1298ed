//! Regeneration into an existing output folder formats only the files whose input changed
//! since the last run (`codegen::write::fingerprints`); what it leaves in the folder must
//! be exactly what a clean generation writes. Shown over every ordered pair of the history
//! fixtures and over a chain of seeded edits of the seed pages, each compared with a clean
//! generation of the same spec.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use codegen::write::fingerprints::{Fingerprints, FILE};
use codegen::write::Staging;
use gcore_tests::rng::Rng;
use serde_json::{json, Value};

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// What `cargo run -p codegen -- --spec SPEC --out OUT` does: generate into `out`, reusing
/// and then replacing its record. Returns how many files were read back, not formatted.
fn regenerate(spec: &Path, out: &Path) -> codegen::Result<usize> {
    Ok(regenerate_counting(spec, out)?.0)
}

/// [`regenerate`], returning how many files were read back, and how many of them were not
/// emitted either (their product's inputs unchanged).
fn regenerate_counting(spec: &Path, out: &Path) -> codegen::Result<(usize, usize)> {
    let staging = Staging::new(out)?;
    let mut fingerprints = Fingerprints::load(out);
    codegen::generate_reusing(spec, &staging, false, Some(&mut fingerprints))?;
    staging.commit()?;
    fingerprints.save().expect("the record is written");
    Ok((fingerprints.reused(), fingerprints.not_emitted()))
}

/// Every file of a folder but the record, with its bytes.
fn tree(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    fn walk(root: &Path, dir: &Path, files: &mut BTreeMap<PathBuf, Vec<u8>>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(root, &path, files);
            } else if path.file_name().is_some_and(|name| name != FILE) {
                files.insert(path.strip_prefix(root).unwrap().to_path_buf(), std::fs::read(&path).unwrap());
            }
        }
    }
    let mut files = BTreeMap::new();
    walk(dir, dir, &mut files);
    files
}

/// The clean generation of `spec`, as files.
fn clean(spec: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    codegen::generate(spec)
        .expect("the spec generates")
        .into_iter()
        .map(|(path, text)| (path, text.into_bytes()))
        .collect()
}

fn assert_same(incremental: &Path, spec: &Path, what: &str) {
    let (got, want) = (tree(incremental), clean(spec));
    let differing: Vec<&PathBuf> = want
        .keys()
        .chain(got.keys())
        .filter(|path| got.get(*path) != want.get(*path))
        .collect();
    assert!(
        differing.is_empty(),
        "{what}: the regenerated folder differs from a clean generation in {differing:?}"
    );
}

#[test]
fn regeneration_after_every_history_step_equals_a_clean_generation() {
    let versions = [
        repo().join("tests/fixtures/history/2025-07-07"),
        repo().join("tests/fixtures/history/2026-01-27"),
        repo().join("tests/fixtures/seeds"),
    ];
    for old in &versions {
        for new in versions.iter().filter(|new| *new != old) {
            let out = tempfile::tempdir().unwrap();
            assert_eq!(regenerate(old, out.path()).unwrap(), 0, "a fresh folder has no record");
            let files = tree(out.path()).len();
            // The same spec again: every file is read back, none formatted.
            assert_eq!(regenerate(old, out.path()).unwrap(), files, "{old:?} again");
            let reused = regenerate(new, out.path()).unwrap();
            let what = format!("{} then {}", old.display(), new.display());
            assert_same(out.path(), new, &what);
            assert!(reused > 0 && reused < files, "{what}: {reused} of {files} files read back");
        }
    }
}

/// The object schemas of a document, by pointer.
fn objects(value: &Value, at: String, found: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            if map.get("properties").is_some_and(Value::is_object) {
                found.push(at.clone());
            }
            for (key, child) in map {
                objects(child, codegen::error::push_pointer(&at, key), found);
            }
        }
        Value::Array(items) => {
            for (i, child) in items.iter().enumerate() {
                objects(child, format!("{at}/{i}"), found);
            }
        }
        _ => {}
    }
}

/// One edit an upstream update makes to an object schema: a property added, one removed,
/// a description reworded, an enum value added, a property made required or optional.
fn edit(schema: &mut Value, at: &str, rng: &mut Rng, step: usize) -> String {
    let names: Vec<String> = schema["properties"].as_object().unwrap().keys().cloned().collect();
    match rng.below(5) {
        0 => {
            let property = rng
                .pick(&[
                    json!({"type": "string", "maxLength": 10, "description": "Added."}),
                    json!({"type": "integer", "minimum": 0}),
                    json!({"type": "array", "items": {"type": "string"}}),
                    json!({"type": "object", "properties": {"inner": {"type": "boolean"}}}),
                ])
                .clone();
            schema["properties"][format!("added_{step}")] = property;
            format!("added a property to {at}")
        }
        1 if !names.is_empty() => {
            let name = rng.pick(&names).clone();
            schema["properties"].as_object_mut().unwrap().remove(&name);
            if let Some(required) = schema.get_mut("required").and_then(Value::as_array_mut) {
                required.retain(|r| r != &json!(name));
            }
            format!("removed {at}/properties/{name}")
        }
        2 if !names.is_empty() => {
            let name = rng.pick(&names).clone();
            schema["properties"][&name]["description"] = json!(format!("Reworded in step {step}."));
            format!("reworded {at}/properties/{name}")
        }
        3 if !names.is_empty() => {
            let name = rng.pick(&names).clone();
            let property = &mut schema["properties"][&name];
            match property.get_mut("enum").and_then(Value::as_array_mut) {
                Some(values) => values.push(json!(format!("VALUE_{step}"))),
                None => property["description"] = json!(format!("Touched in step {step}.")),
            }
            format!("an enum value for {at}/properties/{name}")
        }
        _ if !names.is_empty() => {
            let name = rng.pick(&names).clone();
            let required = schema.as_object_mut().unwrap().entry("required").or_insert_with(|| json!([]));
            let list = required.as_array_mut().unwrap();
            match list.iter().position(|r| r == &json!(name)) {
                Some(i) => drop(list.remove(i)),
                None => list.push(json!(name)),
            }
            format!("toggled whether {at}/properties/{name} is required")
        }
        _ => format!("nothing to edit at {at}"),
    }
}

/// How many edits the chain makes; `INCREMENTAL_EDITS` sets another count.
fn edits() -> usize {
    std::env::var("INCREMENTAL_EDITS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(200)
}

#[test]
fn regeneration_after_each_of_a_chain_of_seeded_edits_equals_a_clean_generation() {
    let spec = tempfile::tempdir().unwrap();
    let mut documents: Vec<(PathBuf, Value)> = std::fs::read_dir(repo().join("tests/fixtures/seeds"))
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|e| e == "yaml"))
        .map(|path| {
            let document = codegen::load::read_yaml(&path).unwrap();
            (spec.path().join(path.file_name().unwrap()), document)
        })
        .collect();
    documents.sort_by(|a, b| a.0.cmp(&b.0));
    let out = tempfile::tempdir().unwrap();
    let mut rng = Rng(0x1ce_c0de);
    let (mut compared, mut refused, mut reused) = (0, 0, 0);
    for step in 0..edits() {
        // An object schema of one document, edited in every document that holds the same
        // schema at the same place (the seed pages repeat the components they share, and
        // codegen refuses two different shapes under one name).
        let mut found = Vec::new();
        while found.is_empty() {
            objects(&documents[rng.below(documents.len())].1, String::new(), &mut found);
        }
        let at = rng.pick(&found).clone();
        let original = documents
            .iter()
            .find_map(|(_, document)| document.pointer(&at).filter(|s| s["properties"].is_object()))
            .unwrap()
            .clone();
        let mut edited = original.clone();
        let what = edit(&mut edited, &at, &mut rng, step);
        for (_, document) in &mut documents {
            if let Some(schema) = document.pointer_mut(&at).filter(|schema| **schema == original) {
                *schema = edited.clone();
            }
        }
        for (path, document) in &documents {
            // JSON is YAML: the folder's files stay `.yaml`.
            std::fs::write(path, serde_json::to_string_pretty(document).unwrap()).unwrap();
        }
        match regenerate(spec.path(), out.path()) {
            Ok(n) => {
                assert_same(out.path(), spec.path(), &format!("edit {step} ({what})"));
                compared += 1;
                reused += n;
            }
            // An edit codegen refuses (a required name no property describes, say) leaves
            // the folder and its record as they were; the next edit goes on from there.
            Err(_) => refused += 1,
        }
    }
    println!("incremental: {compared} edits regenerated as a clean run would ({refused} refused), {reused} files read back");
    assert!(compared > edits() / 2, "{compared} of {} edits compared", edits());
    assert!(reused > compared, "files were read back, not formatted again");
}

/// The first object schema of a product's document gains a property, as upstream updates do.
fn add_property(product: &Path) {
    let path = std::fs::read_dir(product)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .find(|path| path.file_name().unwrap().to_string_lossy().contains("_api."))
        .unwrap();
    let mut document = codegen::load::read_yaml(&path).unwrap();
    let schema = document["components"]["schemas"]
        .as_object_mut()
        .unwrap()
        .values_mut()
        .find(|schema| schema["properties"].is_object())
        .unwrap();
    schema["properties"]["added_by_the_test"] = json!({"type": "string", "description": "Added."});
    // JSON is YAML: the file keeps its name.
    std::fs::write(&path, serde_json::to_string_pretty(&document).unwrap()).unwrap();
}

/// The files of the products whose names start with `prefix`: their crates and their
/// module of `gcore`.
fn files_of(tree: &BTreeMap<PathBuf, Vec<u8>>, prefix: &str) -> usize {
    tree.keys()
        .filter(|path| path.starts_with("crates") || path.starts_with("src"))
        .filter(|path| {
            path.components()
                .nth(1)
                .is_some_and(|c| c.as_os_str().to_string_lossy().starts_with(prefix))
        })
        .count()
}

#[test]
fn after_a_change_to_one_product_the_others_are_not_emitted_again() {
    // Three products of the platform; the reseller's calls depend on billing's document
    // (`defers_to`), so a change to billing is a change to both.
    let spec = tempfile::tempdir().unwrap();
    for product in ["billing", "billing_reseller", "dns"] {
        let folder = spec.path().join(product);
        std::fs::create_dir(&folder).unwrap();
        for entry in std::fs::read_dir(repo().join("spec").join(product)).unwrap() {
            let path = entry.unwrap().path();
            std::fs::copy(&path, folder.join(path.file_name().unwrap())).unwrap();
        }
    }
    let out = tempfile::tempdir().unwrap();
    assert_eq!(regenerate_counting(spec.path(), out.path()).unwrap(), (0, 0));
    let written = tree(out.path());
    let (billing, dns) = (files_of(&written, "billing"), files_of(&written, "dns"));
    assert!(billing > 10 && dns > 10, "{billing} billing files, {dns} DNS files");

    add_property(&spec.path().join("dns"));
    let (reused, not_emitted) = regenerate_counting(spec.path(), out.path()).unwrap();
    assert_same(out.path(), spec.path(), "a property added to DNS");
    assert_eq!(
        not_emitted, billing,
        "billing's and the reseller's files are read back unemitted"
    );
    assert!(
        reused > not_emitted,
        "most of DNS's files are emitted but not formatted again"
    );

    add_property(&spec.path().join("billing"));
    let (_, not_emitted) = regenerate_counting(spec.path(), out.path()).unwrap();
    assert_same(out.path(), spec.path(), "a property added to billing");
    assert_eq!(not_emitted, dns, "only DNS's files are read back unemitted");
}
