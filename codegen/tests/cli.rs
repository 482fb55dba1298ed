//! The codegen binary on bad input: a non-zero exit, a message naming the file and the JSON
//! pointer, and the output folder left exactly as it was.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn codegen(args: &[&str]) -> (bool, String, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_codegen"))
        .args(args)
        .output()
        .expect("codegen runs");
    (
        output.status.success(),
        String::from_utf8_lossy(&output.stdout).into(),
        String::from_utf8_lossy(&output.stderr).into(),
    )
}

/// A copy of the seed spec (tests/fixtures/seeds) to break, and an output folder generated from the intact spec.
struct Fixture {
    _dir: tempfile::TempDir,
    spec: PathBuf,
    out: PathBuf,
}

impl Fixture {
    /// Runs codegen on this fixture's spec and output folders, with `extra` flags first.
    fn run(&self, extra: &[&str]) -> (bool, String, String) {
        let mut args = extra.to_vec();
        args.extend(["--spec", self.spec.to_str().unwrap(), "--out", self.out.to_str().unwrap()]);
        codegen(&args)
    }
}

fn fixture() -> Fixture {
    let dir = tempfile::tempdir().unwrap();
    let spec = dir.path().join("spec");
    std::fs::create_dir(&spec).unwrap();
    for entry in std::fs::read_dir(repo().join("tests/fixtures/seeds")).unwrap() {
        let path = entry.unwrap().path();
        std::fs::copy(&path, spec.join(path.file_name().unwrap())).unwrap();
    }
    let out = dir.path().join("out");
    let (ok, _, stderr) = codegen(&["--spec", spec.to_str().unwrap(), "--out", out.to_str().unwrap()]);
    assert!(ok, "the intact spec generates: {stderr}");
    Fixture { _dir: dir, spec, out }
}

fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut files = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                files.insert(path.clone(), std::fs::read(&path).unwrap());
            }
        }
    }
    files
}

fn edit(path: &Path, from: &str, to: &str) {
    let text = std::fs::read_to_string(path).unwrap();
    assert!(text.contains(from), "{} does not contain {from:?}", path.display());
    std::fs::write(path, text.replacen(from, to, 1)).unwrap();
}

/// Runs codegen on the broken fixture and checks the failure is reported and harmless.
fn assert_refused(fixture: &Fixture, expected: &[&str]) -> String {
    let before = snapshot(&fixture.out);
    let (ok, _, stderr) = fixture.run(&[]);
    assert!(!ok, "codegen accepted a broken spec");
    for part in expected {
        assert!(stderr.contains(part), "stderr lacks {part:?}:\n{stderr}");
    }
    assert_eq!(before, snapshot(&fixture.out), "the output folder changed");
    stderr
}

#[test]
fn malformed_yaml_names_the_file() {
    let f = fixture();
    edit(&f.spec.join("TaskInstanceViewSet_get.yaml"), "paths:\n", "paths: [\n");
    assert_refused(&f, &["TaskInstanceViewSet_get.yaml", "not valid YAML", "line"]);
}

#[test]
fn conflicting_component_names_both_files_and_the_pointer() {
    let f = fixture();
    // LaasIndexRetentionPolicyPydanticSerializer is in both inference deployment specs.
    edit(
        &f.spec.join("InferenceInstancesHandlerV3_post.yaml"),
        "maximum: 1825",
        "maximum: 1826",
    );
    assert_refused(
        &f,
        &[
            "InferenceInstancesHandlerV3_post.yaml",
            "InferenceInstanceHandlerV3_get.yaml",
            "/components/schemas/LaasIndexRetentionPolicyPydanticSerializer/properties/period/anyOf/0/maximum",
        ],
    );
}

#[test]
fn an_unknown_keyword_is_a_warning_with_its_pointer_and_deny_warnings_refuses_it() {
    let f = fixture();
    // An older upstream Cloud document nests a property one level too deep, so that its
    // name reads as a keyword: an annotation (JSON Schema 2020-12 §4.3.1), not an error.
    edit(
        &f.spec.join("TaskInstanceViewSet_get.yaml"),
        "        task_type:\n",
        "        task_type:\n          field_value: {type: string}\n",
    );
    let pointer = "/components/schemas/TaskSerializer/properties/task_type/field_value";
    let (ok, stdout, stderr) = f.run(&[]);
    assert!(ok, "a warning does not stop generation: {stderr}");
    for part in [
        "warning",
        "TaskInstanceViewSet_get.yaml",
        pointer,
        "`field_value`",
        "annotation",
    ] {
        assert!(stderr.contains(part), "stderr lacks {part:?}:\n{stderr}");
    }
    assert!(stdout.contains("1 warnings"), "the summary counts it: {stdout}");

    let f = fixture();
    edit(
        &f.spec.join("TaskInstanceViewSet_get.yaml"),
        "        task_type:\n",
        "        task_type:\n          field_value: {type: string}\n",
    );
    let before = snapshot(&f.out);
    let (ok, _, stderr) = f.run(&["--deny-warnings"]);
    assert!(!ok, "--deny-warnings makes it an error");
    assert!(stderr.contains(pointer) && stderr.contains("--deny-warnings"), "{stderr}");
    assert_eq!(before, snapshot(&f.out), "the output folder changed");
}

#[test]
fn a_tuple_is_typed_as_json_values_with_a_warning() {
    let f = fixture();
    edit(
        &f.spec.join("TaskInstanceViewSet_get.yaml"),
        "        task_type:\n",
        "        tuple:\n          type: array\n          prefixItems: [{type: string}, {type: integer}]\n        task_type:\n",
    );
    let (ok, _, stderr) = f.run(&[]);
    assert!(ok, "{stderr}");
    assert!(
        stderr.contains("/components/schemas/TaskSerializer/properties/tuple/prefixItems") && stderr.contains("any JSON value"),
        "{stderr}"
    );
    let models = std::fs::read_to_string(f.out.join("crates/cloud-tasks/src/models.rs")).unwrap();
    assert!(
        models.contains("pub tuple: Option<Vec<::serde_json::Value>>"),
        "widest correct type"
    );
}

#[test]
fn broken_reference_names_the_pointer() {
    let f = fixture();
    edit(
        &f.spec.join("TaskInstanceViewSet_get.yaml"),
        "#/components/schemas/TaskState'",
        "#/components/schemas/NoSuchThing'",
    );
    assert_refused(
        &f,
        &[
            "TaskInstanceViewSet_get.yaml",
            "/components/schemas/TaskSerializer/properties/state",
            "NoSuchThing",
        ],
    );
}

#[test]
fn check_reports_stale_files_and_writes_nothing() {
    let f = fixture();
    let lib = f.out.join("src/lib.rs");
    std::fs::write(&lib, "// edited by hand\n").unwrap();
    let before = snapshot(&f.out);
    let (ok, _, stderr) = f.run(&["--check"]);
    assert!(!ok);
    assert!(stderr.contains("changed: src/lib.rs"), "{stderr}");
    assert_eq!(before, snapshot(&f.out));

    let (ok, _, _) = f.run(&[]);
    assert!(ok);
    let (ok, stdout, _) = f.run(&["--check"]);
    assert!(ok && stdout.contains("up to date"));
}

#[test]
fn import_stores_the_fenced_yaml_byte_for_byte() {
    let dir = tempfile::tempdir().unwrap();
    let seeds = repo().join("../shared/seeds");
    let page = seeds.join("002_8c31188cb8525690.txt");
    if !page.exists() {
        eprintln!("skipped: {} is not beside this checkout", page.display());
        return;
    }
    let (ok, _, stderr) = codegen(&["import", "--spec", dir.path().to_str().unwrap(), page.to_str().unwrap()]);
    assert!(ok, "{stderr}");
    let imported = std::fs::read_to_string(dir.path().join("InferenceInstanceHandlerV3_get.yaml")).unwrap();
    assert_eq!(
        imported,
        std::fs::read_to_string(repo().join("tests/fixtures/seeds/InferenceInstanceHandlerV3_get.yaml")).unwrap()
    );
}

#[test]
fn import_refuses_a_page_without_a_yaml_fence() {
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("page.txt");
    std::fs::write(&page, "# Some page\n\nno spec here\n").unwrap();
    let (ok, _, stderr) = codegen(&["import", "--spec", dir.path().to_str().unwrap(), page.to_str().unwrap()]);
    assert!(!ok);
    assert!(stderr.contains("page.txt") && stderr.contains("yaml fence"), "{stderr}");

    std::fs::write(&page, "# Page\n\n```yaml\nopenapi: [\n```\n").unwrap();
    let (ok, _, stderr) = codegen(&["import", "--spec", dir.path().to_str().unwrap(), page.to_str().unwrap()]);
    assert!(!ok);
    assert!(stderr.contains("page.txt") && stderr.contains("not valid YAML"), "{stderr}");
}

#[test]
fn generated_crate_in_another_folder_is_complete() {
    let f = fixture();
    for file in [
        "Cargo.toml",
        "README.md",
        "src/lib.rs",
        "src/client.rs",
        "src/cloud/mod.rs",
        "src/cloud/models.rs",
        "crates/runtime/Cargo.toml",
        "crates/runtime/src/client.rs",
        "crates/cloud-inference/Cargo.toml",
        "crates/cloud-inference/src/models.rs",
    ] {
        assert!(f.out.join(file).is_file(), "{file} missing from --out");
    }
}

#[test]
fn lower_writes_yaml_or_json_by_the_file_name() {
    let dir = tempfile::tempdir().unwrap();
    let spec = repo().join("tests/fixtures/seeds");
    let mut documents = Vec::new();
    for name in ["lowered.json", "lowered.yaml"] {
        let out = dir.path().join(name);
        let (ok, _, stderr) = codegen(&["lower", "--spec", spec.to_str().unwrap(), "--out", out.to_str().unwrap()]);
        assert!(ok, "{stderr}");
        documents.push(std::fs::read_to_string(out).unwrap());
    }
    assert!(documents[0].starts_with('{'), "JSON for .json");
    assert!(documents[1].starts_with("openapi: 3.0"), "YAML for .yaml");
    let json: serde_json::Value = serde_json::from_str(&documents[0]).unwrap();
    let yaml: serde_json::Value = serde_yaml::from_str(&documents[1]).unwrap();
    assert_eq!(json, yaml, "the same document either way");
}

#[test]
fn an_overlay_target_matching_nothing_names_the_overlay_and_the_action() {
    let f = fixture();
    edit(
        &f.spec.join("corrections.overlay.yaml"),
        "InferenceInstanceOutSerializerV3.properties.command.anyOf\"",
        "NoSuchSchema.properties.command.anyOf\"",
    );
    assert_refused(&f, &["corrections.overlay.yaml", "/actions/0/target", "matches nothing"]);
}

#[test]
fn an_overlay_action_without_a_reason_is_refused() {
    let f = fixture();
    let overlay = f.spec.join("corrections.overlay.yaml");
    let text = std::fs::read_to_string(&overlay).unwrap();
    let start = text.find("    description: >-").unwrap();
    let end = start + text[start..].find("    update:").unwrap();
    std::fs::write(&overlay, format!("{}{}", &text[..start], &text[end..])).unwrap();
    assert_refused(&f, &["corrections.overlay.yaml", "/actions/0/description", "why"]);
}

#[test]
fn an_unsupported_pattern_names_its_pointer() {
    let f = fixture();
    edit(
        &f.spec.join("InferenceInstancesHandlerV3_post.yaml"),
        "pattern: ^[a-z0-9]([-a-z0-9]*[a-z0-9])?$",
        "pattern: ^([a-z]$",
    );
    assert_refused(
        &f,
        &[
            "InferenceInstancesHandlerV3_post.yaml",
            "/pattern",
            "not an ECMAScript regular expression",
        ],
    );
}

#[test]
fn a_schema_openapi_cannot_read_names_the_pointer() {
    let f = fixture();
    edit(
        &f.spec.join("TaskInstanceViewSet_get.yaml"),
        "        acknowledged_at:\n          anyOf:\n            - type: string\n",
        "        acknowledged_at:\n          anyOf:\n            - type: string\n              minLength: several\n",
    );
    assert_refused(
        &f,
        &[
            "TaskInstanceViewSet_get.yaml",
            // openapiv3 reads a schema through untagged enums, which hide the deeper path.
            "at /components/schemas/TaskSerializer:",
            "not a valid OpenAPI document here",
            "\"several\"",
        ],
    );
}

#[test]
fn a_schema_no_operation_uses_is_still_checked() {
    let f = fixture();
    // Unreferenced schemas are not modelled, but a broken one is still an error.
    edit(
        &f.spec.join("TaskInstanceViewSet_get.yaml"),
        "components:\n  schemas:\n",
        "components:\n  schemas:\n    Unused:\n      type: string\n      maxLength: long\n",
    );
    assert_refused(
        &f,
        &[
            "TaskInstanceViewSet_get.yaml",
            "/components/schemas/Unused",
            "not a valid OpenAPI document here",
        ],
    );
}

/// The exit code and both outputs of a run.
fn codegen_status(args: &[&str]) -> (i32, String, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_codegen"))
        .args(args)
        .output()
        .expect("codegen runs");
    (
        output.status.code().expect("an exit code"),
        String::from_utf8_lossy(&output.stdout).into(),
        String::from_utf8_lossy(&output.stderr).into(),
    )
}

#[test]
fn help_and_version_go_to_stdout_and_usage_errors_exit_2_with_a_hint() {
    for args in [
        &["--help"][..],
        &["-h"],
        &["help"],
        &["diff", "--help"],
        &["operations", "-h"],
        &["bundle", "--help"],
    ] {
        let (code, stdout, _) = codegen_status(args);
        assert_eq!(code, 0, "{args:?}");
        assert!(stdout.contains("Usage: codegen"), "{args:?}: {stdout}");
    }
    let (code, stdout, _) = codegen_status(&["--version"]);
    assert_eq!((code, stdout.trim()), (0, concat!("codegen ", env!("CARGO_PKG_VERSION"))));
    for args in [
        &["--bogus"][..],
        &["diff", "only-one"],
        &["bundle"],
        &["operations", "--format", "xml"],
        &["frobnicate"],
    ] {
        let (code, stdout, stderr) = codegen_status(args);
        assert_eq!(code, 2, "{args:?}");
        assert!(
            stdout.is_empty() && stderr.contains("--help"),
            "{args:?}: a hint on stderr: {stderr}"
        );
    }
}

#[test]
fn quiet_prints_only_the_kinds_of_warnings() {
    let f = fixture();
    let (code, stdout, stderr) = codegen_status(&[
        "--quiet",
        "--spec",
        repo().join("tests/fixtures/loose").to_str().unwrap(),
        "--out",
        f.out.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.is_empty(), "{stdout}");
    assert!(stderr.lines().count() > 1, "a line per kind of warning: {stderr}");
    assert!(stderr.lines().all(|line| line.starts_with("codegen: warning: ")), "{stderr}");
}

#[test]
fn operations_lists_every_call_with_its_feature() {
    let (code, stdout, stderr) = codegen_status(&[
        "operations",
        "--format",
        "tsv",
        "--spec",
        repo().join("tests/fixtures/seeds").to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{stderr}");
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines[0], "method\tpath\toperationId\tcall\tfeature");
    assert!(
        lines.contains(&"GET\t/cloud/v1/tasks\tTaskViewSet.get\tcloud.tasks.list\tcloud-tasks"),
        "{stdout}"
    );
    assert_eq!(lines.len(), 1 + 6);
}
