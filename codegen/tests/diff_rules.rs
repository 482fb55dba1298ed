//! `codegen diff` against the rules table of the README ("API changes between specs"): for
//! each row, a small old spec and a new one that differs by exactly that change, on the
//! request side and the response side, for parameters and for fields. Each case states the
//! changes the report must hold, no more and no fewer (types the edit adds aside), and the
//! exit code follows: 1 when one of them is breaking, 0 otherwise.

use std::path::Path;
use std::process::Command;

use serde_json::{json, Value};

const BREAKING: &str = "breaking";
const COMPATIBLE: &str = "compatible";

/// A pet shop: one read (`get_pet`, response `Pet`) and one write (`update_pet`, request
/// `PetUpdate`), each type with a required field, an optional one, a constrained one and an
/// enum, so every row has a field or parameter to change on either side.
fn base() -> Value {
    let pet = json!({"$ref": "#/components/schemas/Pet"});
    json!({
        "openapi": "3.1.0",
        "info": {"title": "Zoo API", "version": "1"},
        "servers": [{"url": "https://api.example.com"}],
        "paths": {
            "/zoo/v1/pets/{pet_id}": {
                "parameters": [
                    {"name": "pet_id", "in": "path", "required": true, "schema": {"type": "integer"}}
                ],
                "get": {
                    "operationId": "get_pet",
                    "tags": ["Pets"],
                    "parameters": [
                        {"name": "verbose", "in": "query", "schema": {"type": "boolean"}},
                        {"name": "label", "in": "query", "schema": {"type": "string", "maxLength": 10}}
                    ],
                    "responses": {"200": {"description": "The pet", "content": {"application/json": {"schema": pet}}}}
                },
                "patch": {
                    "operationId": "update_pet",
                    "tags": ["Pets"],
                    "requestBody": {
                        "required": true,
                        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/PetUpdate"}}}
                    },
                    "responses": {"200": {"description": "The pet", "content": {"application/json": {"schema": pet}}}}
                }
            }
        },
        "components": {"schemas": {
            "Pet": {
                "type": "object",
                "required": ["id", "name"],
                "properties": {
                    "id": {"type": "integer"},
                    "name": {"type": "string"},
                    "kind": {"$ref": "#/components/schemas/Kind"},
                    "nickname": {"type": "string"}
                }
            },
            "PetUpdate": {
                "type": "object",
                "required": ["name"],
                "properties": {
                    "name": {"type": "string", "maxLength": 20},
                    "color": {"type": "string"},
                    "mood": {"$ref": "#/components/schemas/Mood"}
                }
            },
            "Kind": {"type": "string", "enum": ["cat", "dog"]},
            "Mood": {"type": "string", "enum": ["calm", "wild"]}
        }}
    })
}

/// The value at a JSON pointer, to edit in place.
fn at<'a>(spec: &'a mut Value, pointer: &str) -> &'a mut Value {
    spec.pointer_mut(pointer)
        .unwrap_or_else(|| panic!("{pointer} is in the base spec"))
}

/// Sets the key a JSON pointer ends in, whether or not it is there already.
fn set(spec: &mut Value, pointer: &str, value: Value) {
    let (parent, key) = pointer.rsplit_once('/').expect("a pointer");
    at(spec, parent).as_object_mut().expect("an object").insert(key.into(), value);
}

fn push(spec: &mut Value, pointer: &str, item: Value) {
    at(spec, pointer).as_array_mut().expect("an array").push(item);
}

fn remove(spec: &mut Value, pointer: &str, key: &str) {
    assert!(
        at(spec, pointer).as_object_mut().expect("an object").remove(key).is_some(),
        "{pointer}/{key}"
    );
}

fn unrequire(spec: &mut Value, pointer: &str, name: &str) {
    at(spec, pointer).as_array_mut().expect("an array").retain(|v| v != name);
}

/// Upstream renames the schema `Pet` to `Animal`, references included.
fn rename_pet_to_animal(spec: &mut Value) {
    let schemas = at(spec, "/components/schemas").as_object_mut().unwrap();
    let pet = schemas.remove("Pet").unwrap();
    schemas.insert("Animal".into(), pet);
    let text = serde_json::to_string(spec)
        .unwrap()
        .replace("schemas/Pet\"", "schemas/Animal\"");
    *spec = serde_json::from_str(&text).unwrap();
}

const GET: &str = "/paths/~1zoo~1v1~1pets~1{pet_id}/get";
const PATCH: &str = "/paths/~1zoo~1v1~1pets~1{pet_id}/patch";
const PET: &str = "/components/schemas/Pet";
const UPDATE: &str = "/components/schemas/PetUpdate";

/// One row of the table: its name, the edit from the base, the names file of the new side
/// (for renames), and the changes expected as `(item, rule, severity)`.
struct Case {
    row: &'static str,
    /// Applied to both sides first, where the base lacks what the row changes.
    setup: fn(&mut Value),
    edit: fn(&mut Value),
    names: Option<&'static str>,
    expected: &'static [(&'static str, &'static str, &'static str)],
}

fn cases() -> Vec<Case> {
    let case = |row, edit, expected| Case {
        row,
        setup: |_| {},
        edit,
        names: None,
        expected,
    };
    vec![
        case(
            "operation added",
            |s| {
                let get = at(s, GET).clone();
                at(s, "/paths").as_object_mut().unwrap().insert(
                    "/zoo/v1/pets".into(),
                    json!({"post": {"operationId": "create_pet", "tags": ["Pets"], "responses": get["responses"]}}),
                );
            },
            &[("zoo.pets.create", "operation-added", COMPATIBLE)],
        ),
        case(
            "operation removed",
            |s| remove(s, "/paths/~1zoo~1v1~1pets~1{pet_id}", "patch"),
            // Types only that operation used are generated no more.
            &[
                ("zoo.pets.update", "operation-removed", BREAKING),
                ("PetUpdate", "type-removed", BREAKING),
                ("Mood", "type-removed", BREAKING),
            ],
        ),
        case(
            "required parameter added",
            |s| {
                push(
                    s,
                    &format!("{GET}/parameters"),
                    json!({"name": "owner", "in": "query", "required": true, "schema": {"type": "string"}}),
                )
            },
            &[("zoo.pets.get(owner)", "parameter-added-required", BREAKING)],
        ),
        case(
            "required request field added",
            |s| {
                set(s, &format!("{UPDATE}/properties/age"), json!({"type": "integer"}));
                push(s, &format!("{UPDATE}/required"), json!("age"));
            },
            &[("PetUpdate.age", "request-field-added-required", BREAKING)],
        ),
        case(
            "optional parameter added",
            |s| {
                push(
                    s,
                    &format!("{GET}/parameters"),
                    json!({"name": "owner", "in": "query", "schema": {"type": "string"}}),
                )
            },
            &[("zoo.pets.get(owner)", "parameter-added-optional", COMPATIBLE)],
        ),
        case(
            "optional request field added",
            |s| {
                set(s, &format!("{UPDATE}/properties/age"), json!({"type": "integer"}));
            },
            &[("PetUpdate.age", "request-field-added-optional", COMPATIBLE)],
        ),
        case(
            "request field removed",
            |s| remove(s, &format!("{UPDATE}/properties"), "color"),
            &[("PetUpdate.color", "request-field-removed", BREAKING)],
        ),
        case(
            "parameter removed",
            |s| {
                at(s, &format!("{GET}/parameters")).as_array_mut().unwrap().remove(0);
            },
            &[("zoo.pets.get(verbose)", "parameter-removed", BREAKING)],
        ),
        case(
            "response field added",
            |s| {
                set(s, &format!("{PET}/properties/age"), json!({"type": "integer"}));
            },
            &[("Pet.age", "response-field-added", COMPATIBLE)],
        ),
        case(
            "response field removed (optional)",
            |s| remove(s, &format!("{PET}/properties"), "nickname"),
            &[("Pet.nickname", "response-field-removed", BREAKING)],
        ),
        case(
            "response field removed (required)",
            |s| {
                remove(s, &format!("{PET}/properties"), "name");
                unrequire(s, &format!("{PET}/required"), "name");
            },
            &[("Pet.name", "response-field-removed", BREAKING)],
        ),
        case(
            "request field became required",
            |s| push(s, &format!("{UPDATE}/required"), json!("color")),
            &[("PetUpdate.color", "field-optionality-changed", BREAKING)],
        ),
        case(
            "parameter became required",
            |s| set(s, &format!("{GET}/parameters/0/required"), json!(true)),
            &[("zoo.pets.get(verbose)", "parameter-became-required", BREAKING)],
        ),
        case(
            "response field became optional: `T` to `Option<T>`",
            |s| unrequire(s, &format!("{PET}/required"), "name"),
            &[("Pet.name", "field-optionality-changed", BREAKING)],
        ),
        case(
            "response field became nullable while already an `Option`",
            |s| set(s, &format!("{PET}/properties/nickname/type"), json!(["string", "null"])),
            &[("Pet.nickname", "response-field-may-be-absent", COMPATIBLE)],
        ),
        case(
            "response field became required: `Option<T>` to `T`",
            |s| push(s, &format!("{PET}/required"), json!("nickname")),
            &[("Pet.nickname", "field-optionality-changed", BREAKING)],
        ),
        case(
            "response field type changed",
            |s| set(s, &format!("{PET}/properties/id/type"), json!("string")),
            &[("Pet.id", "field-type-changed", BREAKING)],
        ),
        case(
            "request field type changed",
            |s| set(s, &format!("{UPDATE}/properties/color"), json!({"type": "integer"})),
            &[("PetUpdate.color", "field-type-changed", BREAKING)],
        ),
        case(
            "parameter type changed",
            |s| set(s, &format!("{GET}/parameters/0/schema/type"), json!("integer")),
            &[("zoo.pets.get(verbose)", "parameter-type-changed", BREAKING)],
        ),
        case(
            "enum value added, response",
            |s| push(s, "/components/schemas/Kind/enum", json!("fish")),
            &[("Kind::fish", "enum-value-added", COMPATIBLE)],
        ),
        case(
            "enum value added, request",
            |s| push(s, "/components/schemas/Mood/enum", json!("sleepy")),
            &[("Mood::sleepy", "enum-value-added", COMPATIBLE)],
        ),
        case(
            "enum value removed, request",
            |s| unrequire(s, "/components/schemas/Mood/enum", "wild"),
            &[("Mood::wild", "enum-value-removed", BREAKING)],
        ),
        case(
            "enum value removed, response",
            |s| unrequire(s, "/components/schemas/Kind/enum", "dog"),
            &[("Kind::dog", "enum-value-removed", BREAKING)],
        ),
        case(
            "request field constraints changed",
            |s| set(s, &format!("{UPDATE}/properties/name/maxLength"), json!(5)),
            &[("PetUpdate.name", "request-constraints-changed", COMPATIBLE)],
        ),
        case(
            "parameter constraints changed",
            |s| remove(s, &format!("{GET}/parameters/1/schema"), "maxLength"),
            &[("zoo.pets.get(label)", "parameter-constraints-changed", COMPATIBLE)],
        ),
        case(
            "response field constraints changed (nothing to report: responses are not validated)",
            |s| {
                set(s, &format!("{PET}/properties/name/maxLength"), json!(3));
            },
            &[],
        ),
        Case {
            row: "schema renamed upstream, absorbed by names.yaml",
            setup: |_| {},
            edit: rename_pet_to_animal,
            names: Some("types:\n  Animal: Pet\n"),
            expected: &[("Pet", "schema-renamed", COMPATIBLE)],
        },
        case(
            "schema renamed upstream, not in names.yaml",
            rename_pet_to_animal,
            &[
                ("Pet", "type-removed", BREAKING),
                ("Animal", "type-added", COMPATIBLE),
                ("zoo.pets.get", "response-changed", BREAKING),
                ("zoo.pets.update", "response-changed", BREAKING),
            ],
        ),
        case(
            "type no longer sent in any request",
            |s| {
                // Still generated: a response carries it now.
                set(
                    s,
                    &format!("{PET}/properties/pending"),
                    json!({"$ref": "#/components/schemas/PetUpdate"}),
                );
                remove(s, PATCH, "requestBody");
            },
            &[
                ("Pet.pending", "response-field-added", COMPATIBLE),
                ("PetUpdate", "type-no-longer-sent", BREAKING),
                ("Mood", "type-no-longer-sent", BREAKING),
                ("zoo.pets.update", "body-changed", BREAKING),
            ],
        ),
        case(
            "response medium added",
            add_csv_response,
            &[("zoo.pets.get", "response-medium-added", COMPATIBLE)],
        ),
        Case {
            row: "response medium removed",
            setup: add_csv_response,
            edit: |s| remove(s, &format!("{GET}/responses/200/content"), "text/csv"),
            names: None,
            expected: &[("zoo.pets.get", "response-medium-removed", BREAKING)],
        },
        case(
            "operation deprecated",
            |s| set(s, &format!("{GET}/deprecated"), json!(true)),
            &[("zoo.pets.get", "operation-deprecated", COMPATIBLE)],
        ),
        case(
            "field deprecated",
            |s| {
                set(s, &format!("{PET}/properties/nickname/deprecated"), json!(true));
            },
            &[("Pet.nickname", "field-deprecated", COMPATIBLE)],
        ),
        case(
            "parameter deprecated",
            |s| set(s, &format!("{GET}/parameters/0/deprecated"), json!(true)),
            &[("zoo.pets.get(verbose)", "parameter-deprecated", COMPATIBLE)],
        ),
        case(
            "type deprecated",
            |s| set(s, "/components/schemas/Kind/deprecated", json!(true)),
            &[("Kind", "type-deprecated", COMPATIBLE)],
        ),
    ]
}

/// `get_pet` answers in CSV too (`Accept: text/csv`).
fn add_csv_response(spec: &mut Value) {
    let content = at(spec, &format!("{GET}/responses/200/content"));
    let csv = json!({"schema": {"type": "string"}});
    content.as_object_mut().expect("an object").insert("text/csv".into(), csv);
}

fn write_side(dir: &Path, spec: &Value, names: Option<&str>) {
    std::fs::create_dir(dir).unwrap();
    std::fs::write(dir.join("zoo.json"), serde_json::to_string_pretty(spec).unwrap()).unwrap();
    if let Some(names) = names {
        std::fs::write(dir.join("names.yaml"), names).unwrap();
    }
}

#[test]
fn each_row_of_the_rules_table_is_reported_with_its_severity_and_exit_code() {
    let mut failures = Vec::new();
    for case in cases() {
        let dir = tempfile::tempdir().unwrap();
        let (old, new) = (dir.path().join("old"), dir.path().join("new"));
        let mut spec = base();
        (case.setup)(&mut spec);
        write_side(&old, &spec, case.names);
        (case.edit)(&mut spec);
        write_side(&new, &spec, case.names);
        let output = Command::new(env!("CARGO_BIN_EXE_codegen"))
            .args(["diff", old.to_str().unwrap(), new.to_str().unwrap(), "--format", "json"])
            .output()
            .expect("codegen runs");
        let report: Value = serde_json::from_slice(&output.stdout).unwrap_or_else(|e| {
            panic!(
                "{}: no JSON report ({e}): {}",
                case.row,
                String::from_utf8_lossy(&output.stderr)
            )
        });
        let mut got: Vec<(String, String, String)> = report["changes"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| {
                let field = |k: &str| c[k].as_str().unwrap().to_string();
                (field("item"), field("rule"), field("severity"))
            })
            // A type the edit brings in is reported too; the rows are about the rest.
            .filter(|(item, rule, _)| rule != "type-added" || case.expected.iter().any(|e| e.0 == item))
            .collect();
        got.sort();
        let mut expected: Vec<(String, String, String)> = case
            .expected
            .iter()
            .map(|(i, r, s)| (i.to_string(), r.to_string(), s.to_string()))
            .collect();
        expected.sort();
        let breaking = expected.iter().any(|(_, _, s)| s == BREAKING);
        let code = output.status.code();
        if got != expected || code != Some(i32::from(breaking)) {
            failures.push(format!(
                "{}:\n  expected {expected:?}, exit {}\n  got      {got:?}, exit {code:?}",
                case.row,
                i32::from(breaking)
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} rows differ:\n{}",
        failures.len(),
        cases().len(),
        failures.join("\n")
    );
}

#[test]
fn the_changelog_gets_each_entry_above_the_earlier_ones() {
    let dir = tempfile::tempdir().unwrap();
    let mut spec = base();
    write_side(&dir.path().join("v1"), &spec, None);
    set(&mut spec, "/info/version", json!("2"));
    set(&mut spec, &format!("{PET}/properties/age"), json!({"type": "integer"}));
    write_side(&dir.path().join("v2"), &spec, None);
    set(&mut spec, "/info/version", json!("3"));
    remove(&mut spec, &format!("{PET}/properties"), "nickname");
    write_side(&dir.path().join("v3"), &spec, None);
    let changelog = dir.path().join("CHANGELOG.md");
    std::fs::write(&changelog, "# Changelog\n\nWhat changed in the SDK.\n").unwrap();
    for (old, new, exit) in [("v1", "v2", 0), ("v2", "v3", 1)] {
        let (old, new) = (dir.path().join(old), dir.path().join(new));
        let status = Command::new(env!("CARGO_BIN_EXE_codegen"))
            .args(["diff", old.to_str().unwrap(), new.to_str().unwrap(), "--changelog"])
            .arg(&changelog)
            .output()
            .expect("codegen runs")
            .status;
        assert_eq!(status.code(), Some(exit));
    }
    let text = std::fs::read_to_string(&changelog).unwrap();
    let (newest, oldest) = (text.find("## Spec 3").unwrap(), text.find("## Spec 2").unwrap());
    assert!(
        text.starts_with("# Changelog\n\nWhat changed in the SDK.\n\n## Spec 3\n"),
        "{text}"
    );
    assert!(newest < oldest, "{text}");
    assert!(
        text[newest..oldest].contains("**breaking: a new minor version while the SDK is 0.x"),
        "{text}"
    );
    assert!(text[newest..oldest].contains("`Pet.nickname`: field removed"), "{text}");
    assert!(
        text[oldest..].contains("**compatible: a new patch version while the SDK is 0.x"),
        "{text}"
    );
}
