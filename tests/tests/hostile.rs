//! The generator under hostile input: it never panics, and always ends in either a crate
//! that compiles or an error naming the file and the JSON pointer.
//!
//! - An awkward fixture (recursion, Rust keywords, names colliding after case conversion,
//!   non-ASCII) must generate and compile, wire names intact.
//! - A seeded fuzzer mutates the files of spec/, tests/fixtures/media and tests/fixtures/loose (deleting keys, changing types, breaking
//!   `$ref`s, making cycles, huge, keyword and non-ASCII names, duplicate operationIds, empty
//!   documents) and runs codegen on each mutant. A sample of the crates it produces is
//!   compiled. Each mutant runs in a child process (this test binary, `child_generates`) with
//!   a one-minute limit, its seed printed first: a panic, a stack overflow or a hang fails
//!   the test naming the mutant, and never ends the run unexplained.
//!   `HOSTILE_SPECS=N` tries N mutants of spec/ and N/3 of each fixture (default
//!   300), `HOSTILE_COMPILE=all` compiles every crate produced (the longer run in the README),
//!   and `HOSTILE_SEED=0x...` replays one mutant, kept in target/hostile-replay.
//! - A second fuzzer mutates the seed pages' YAML text (truncation, tabs, duplicate keys,
//!   anchors and an alias bomb, tags, a 1 MiB scalar, bytes that are not UTF-8, stray
//!   punctuation, whole documents replaced): `HOSTILE_SPECS / 2` mutants, each run in a child
//!   process the same way.

use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use gcore_tests::crates;
use gcore_tests::rng::Rng;
use serde_json::{json, Value};

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

#[test]
fn awkward_names_and_recursive_types_generate_compiling_code() {
    let out = tempfile::tempdir().unwrap();
    crates::generate_into(&repo().join("tests/fixtures/awkward"), out.path()).expect("the fixture generates");
    // The model file of a group's crate (`cloud-nodes`), or of `gcore-cloud-shared` (`cloud-shared`).
    let models = |krate: &str| std::fs::read_to_string(out.path().join("crates").join(krate).join("src/models.rs")).unwrap();
    let node = type_text(&models("cloud-nodes"), "Node");
    for wire in ["type", "self", "match", "crate", "Name", "NAME", "naïve", "日本", "1st"] {
        assert!(node.contains(&format!("(\"{wire}\", &self.")), "wire name {wire:?} is kept");
    }
    assert!(node.contains("pub name: String"), "the exact match keeps the plain name");
    assert!(node.contains("Box<crate::models::Node>"), "direct recursion is boxed");
    assert!(
        node.contains("pub envs: Option<::std::collections::BTreeMap<String, String>>"),
        "patternProperties is a map"
    );
    assert!(node.contains("pub price: Option<f64>"), "integer | number is a number");
    let shape = type_text(&models("cloud-nodes"), "NodeShape");
    assert!(
        shape.contains("Unknown(::serde_json::Value)") && shape.contains("Some(\"circle\")"),
        "a tagged union:\n{shape}"
    );
    let size = type_text(&models("cloud-nodes"), "NodeSize");
    assert!(
        size.contains("#[serde(untagged)]") && size.contains("List(Vec<i64>)"),
        "an untagged union:\n{size}"
    );
    let nodes = std::fs::read_to_string(out.path().join("crates/cloud-nodes/src/resources/cloud/nodes.rs")).unwrap();
    assert!(
        nodes.contains("request.query_json(\"tags\", value)?"),
        "a JSON query parameter is sent as JSON"
    );
    for declared in [
        "/// - `400`: Bad request\n",
        "/// - `404`: Node not found; its body decodes into [`NotFoundError`](crate::models::NotFoundError)",
        "/// - `409`: Conflict; its body decodes into [`CloudNodesGetError409`](crate::models::CloudNodesGetError409)",
        "/// - `default`: Anything else, as the proxy in front of the API writes it\n",
    ] {
        assert!(
            nodes.contains(declared),
            "declared errors are documented with their body types: {declared}"
        );
    }
    let conflict = type_text(&models("cloud-nodes"), "CloudNodesGetError409");
    assert!(
        conflict.contains("pub conflicting_id: Option<String>"),
        "an inline error schema is a type:\n{conflict}"
    );
    let things = models("cloud-things");
    for upstream in ["thing", "Thing", "THING"] {
        assert!(
            things.contains(&format!("/// Upstream schema: `{upstream}`.\n")),
            "thing, Thing and THING all get a type:\n{things}"
        );
    }
    let shared = models("cloud-shared");
    assert!(
        shared.contains("#[cfg(any(feature = \"cloud-nodes\", feature = \"cloud-things\"))]\nmod not_found_error {")
            && shared.contains("pub use not_found_error::NotFoundError;"),
        "a type two features use is compiled for either:\n{shared}"
    );
    for features in [&["cloud-nodes"][..], &["cloud-things"], &[]] {
        crates::check_features(out.path(), features)
            .unwrap_or_else(|errors| panic!("the awkward fixture does not compile with features {features:?}:\n{errors}"));
    }
    crates::check(out.path()).unwrap_or_else(|errors| panic!("the awkward fixture does not compile:\n{errors}"));
    let rules = repo().join("tests/fixtures/awkward-tests/rules.rs");
    crates::run_test(out.path(), &rules).unwrap_or_else(|output| panic!("{}:\n{output}", rules.display()));
}

/// The part of a model file that is the type `name`: its docs, definition and impls, up to
/// the next type's docs.
fn type_text(file: &str, name: &str) -> String {
    let lines: Vec<&str> = file.lines().collect();
    let is_definition = |line: &str| ["pub struct ", "pub enum ", "pub type "].iter().any(|d| line.starts_with(d));
    // A definition's docs and attributes come first.
    let head = |mut i: usize| {
        while i > 0 && (lines[i - 1].starts_with("#[") || lines[i - 1].starts_with("///")) {
            i -= 1;
        }
        i
    };
    let defined = |line: &str| line.split([' ', '<', '(', ';']).nth(2) == Some(name);
    let at = (0..lines.len())
        .find(|&i| is_definition(lines[i]) && defined(lines[i]))
        .unwrap_or_else(|| panic!("no type {name} in:\n{file}"));
    let next = (at + 1..lines.len())
        .find(|&i| is_definition(lines[i]))
        .map_or(lines.len(), head);
    lines[head(at)..next].join("\n")
}

// ---- the fuzzer -----------------------------------------------------------------------------

/// JSON pointers of every node of `value` (objects and arrays included).
fn pointers(value: &Value, at: String, out: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            for (key, child) in map {
                pointers(child, format!("{at}/{}", key.replace('~', "~0").replace('/', "~1")), out);
            }
        }
        Value::Array(items) => {
            for (i, child) in items.iter().enumerate() {
                pointers(child, format!("{at}/{i}"), out);
            }
        }
        _ => {}
    }
    out.push(at);
}

const NASTY_NAMES: [&str; 12] = [
    "type",
    "self",
    "Self",
    "match",
    "日本語",
    "a b",
    "",
    "123",
    "Option",
    "r#type",
    "x-y",
    "ß",
];

/// Applies one random mutation to one of the documents; returns what it did.
fn mutate(files: &mut [(String, Value)], rng: &mut Rng) -> String {
    let index = rng.below(files.len());
    let (name, document) = &mut files[index];
    let mut all = Vec::new();
    pointers(document, String::new(), &mut all);
    if all.is_empty() {
        return format!("{name}: nothing left to mutate");
    }
    let target = rng.pick(&all).clone();
    match rng.below(9) {
        0 => {
            if let Some((parent, key)) = target.rsplit_once('/') {
                let key = key.replace("~1", "/").replace("~0", "~");
                match document.pointer_mut(parent) {
                    Some(Value::Object(map)) => drop(map.remove(&key)),
                    Some(Value::Array(items)) => {
                        if let Ok(i) = key.parse::<usize>() {
                            if i < items.len() {
                                items.remove(i);
                            }
                        }
                    }
                    _ => {}
                }
            }
            format!("{name}: deleted {target}")
        }
        1 => {
            let replacement = rng
                .pick(&[
                    json!(42),
                    json!("text"),
                    json!(null),
                    json!(true),
                    json!([]),
                    json!({}),
                    json!([1, "a"]),
                ])
                .clone();
            if let Some(node) = document.pointer_mut(&target) {
                *node = replacement.clone();
            }
            format!("{name}: {target} = {replacement}")
        }
        2 => {
            let broken = rng
                .pick(&["#/components/schemas/Nope", "other.yaml#/x", "#/definitions/x", "#", ""])
                .to_string();
            let refs: Vec<&String> = all.iter().filter(|p| p.ends_with("/$ref")).collect();
            if let Some(at) = refs.get(rng.below(refs.len())).map(|s| s.to_string()) {
                *document.pointer_mut(&at).unwrap() = json!(broken);
                format!("{name}: {at} = {broken:?}")
            } else {
                format!("{name}: no $ref to break")
            }
        }
        3 => {
            // A cycle: a schema referring to itself directly, or as a property.
            let schemas: Vec<String> = document["components"]["schemas"]
                .as_object()
                .map(|m| m.keys().cloned().collect())
                .unwrap_or_default();
            if schemas.is_empty() {
                return format!("{name}: no schema to loop");
            }
            let schema = rng.pick(&schemas).clone();
            let reference = json!({"$ref": format!("#/components/schemas/{schema}")});
            let node = &mut document["components"]["schemas"][&schema];
            if rng.below(2) == 0 {
                *node = reference;
                format!("{name}: {schema} = $ref to itself")
            } else {
                node["properties"]["again"] = reference;
                format!("{name}: {schema}.again = $ref to itself")
            }
        }
        4 | 5 => {
            // Rename a schema, or a property, to something hard.
            let huge = "VeryLong".repeat(40);
            let new_name = if rng.below(3) == 0 {
                huge.as_str()
            } else {
                *rng.pick(&NASTY_NAMES)
            }
            .to_string();
            let renamed = if rng.below(2) == 0 {
                rename_key(document, "/components/schemas", &new_name, rng)
            } else {
                let properties: Vec<&String> = all.iter().filter(|p| p.ends_with("/properties")).collect();
                match properties.get(rng.below(properties.len())).map(|s| s.to_string()) {
                    Some(at) => rename_key(document, &at, &new_name, rng),
                    None => None,
                }
            };
            let text = serde_json::to_string(document).unwrap();
            if let Some(old) = &renamed {
                // Keep references pointing at a renamed schema.
                let from = format!("\"#/components/schemas/{old}\"");
                let to = format!("\"#/components/schemas/{}\"", new_name.replace('~', "~0").replace('/', "~1"));
                *document = serde_json::from_str(&text.replace(&from, &to)).unwrap();
            }
            format!("{name}: renamed {renamed:?} to {new_name:?}")
        }
        6 => {
            // Duplicate operationId: take the one of another file.
            let other = files
                .iter()
                .flat_map(|(_, d)| {
                    d["paths"]
                        .as_object()
                        .into_iter()
                        .flat_map(|p| p.values())
                        .flat_map(|i| i.as_object().into_iter().flat_map(|o| o.values()))
                })
                .filter_map(|op| op["operationId"].as_str().map(str::to_owned))
                .collect::<Vec<_>>();
            if other.is_empty() {
                return "no operationId left to copy".to_string();
            }
            let id = rng.pick(&other).clone();
            let (name, document) = &mut files[index];
            let ops: Vec<&String> = all.iter().filter(|p| p.ends_with("/operationId")).collect();
            match ops.first() {
                Some(at) => {
                    *document.pointer_mut(at).unwrap() = json!(id);
                    format!("{name}: operationId = {id}")
                }
                None => format!("{name}: no operation"),
            }
        }
        7 => {
            let empty = rng.pick(&[json!(null), json!({}), json!([]), json!("")]).clone();
            *document = empty.clone();
            format!("{name}: whole document = {empty}")
        }
        _ => {
            let kinds = [
                json!("null"),
                json!(["string", "integer"]),
                json!("object"),
                json!("array"),
                json!("bogus"),
            ];
            let types: Vec<&String> = all.iter().filter(|p| p.ends_with("/type")).collect();
            match types.get(rng.below(types.len())).map(|s| s.to_string()) {
                Some(at) => {
                    let kind = rng.pick(&kinds).clone();
                    *document.pointer_mut(&at).unwrap() = kind.clone();
                    format!("{name}: {at} = {kind}")
                }
                None => format!("{name}: no type"),
            }
        }
    }
}

/// Renames a random key of the object at `at`; returns the old key.
fn rename_key(document: &mut Value, at: &str, new_name: &str, rng: &mut Rng) -> Option<String> {
    let map = document.pointer_mut(at)?.as_object_mut()?;
    let keys: Vec<String> = map.keys().cloned().collect();
    let old = keys.get(rng.below(keys.len()))?.clone();
    let value = map.remove(&old)?;
    map.insert(new_name.to_string(), value);
    Some(old)
}

/// What codegen made of a mutant in the child process.
enum Outcome {
    /// A crate: a hash of every file it rendered.
    Crate(u64),
    Error(ChildError),
}

/// An error codegen reported in the child process: its file, pointer and message.
struct ChildError {
    file: Option<PathBuf>,
    pointer: String,
    message: String,
}

impl std::fmt::Display for ChildError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:?} at {:?}: {}", self.file, self.pointer, self.message)
    }
}

fn fingerprint(rendered: &codegen::write::Rendered) -> u64 {
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    rendered.hash(&mut hasher);
    hasher.finish()
}

/// Not a test of its own: the body of the child process [`generate_in_child`] starts, which
/// runs codegen on the spec folder `HOSTILE_CHILD_SPEC` and prints the outcome on one line.
#[test]
#[ignore = "run by the hostile tests in a child process, one mutant each"]
fn child_generates() {
    let Ok(spec) = std::env::var("HOSTILE_CHILD_SPEC") else {
        return;
    };
    let line = match codegen::generate(Path::new(&spec)) {
        Ok(rendered) => json!({ "crate": format!("{:x}", fingerprint(&rendered)) }),
        Err(error) => json!({
            "file": error.location.file,
            "pointer": error.location.pointer,
            "message": error.to_string(),
        }),
    };
    println!("hostile-child: {line}");
}

/// Runs codegen on `spec` in a child process with a one-minute limit. A panic, a crash (a
/// stack overflow aborts a process) or a hang fails the test, naming `what`.
fn generate_in_child(spec: &Path, what: &str) -> Outcome {
    let mut child = Command::new(std::env::current_exe().expect("the test binary"))
        .args([
            "child_generates",
            "--exact",
            "--ignored",
            "--nocapture",
            "--test-threads=1",
            "--quiet",
        ])
        .env("HOSTILE_CHILD_SPEC", spec)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the test binary starts again");
    let started = Instant::now();
    // The child prints a line or two (a panic a few more): the pipes never fill.
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if started.elapsed() > Duration::from_secs(60) {
            let _ = child.kill();
            let _ = child.wait();
            panic!("codegen ran over a minute on {what}");
        }
        std::thread::sleep(Duration::from_millis(2));
    };
    let output = child.wait_with_output().unwrap();
    let (stdout, stderr) = (
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr),
    );
    let line = stdout.lines().find_map(|line| line.strip_prefix("hostile-child: "));
    let Some(line) = line.filter(|_| status.success()) else {
        panic!("codegen panicked or crashed ({status}) on {what}:\n{stdout}\n{stderr}");
    };
    let value: Value = serde_json::from_str(line).expect("the child's line is JSON");
    match value.get("crate").and_then(Value::as_str) {
        Some(hash) => Outcome::Crate(u64::from_str_radix(hash, 16).expect("a hexadecimal hash")),
        None => Outcome::Error(ChildError {
            file: value["file"].as_str().map(PathBuf::from),
            pointer: value["pointer"].as_str().unwrap_or_default().to_string(),
            message: value["message"].as_str().unwrap_or_default().to_string(),
        }),
    }
}

/// The file an error names, which must be a file of the spec folder `dir`, or the folder
/// itself when it holds no document.
fn file_of<'a>(error: &'a ChildError, dir: &Path, what: &str) -> &'a Path {
    let file = error
        .file
        .as_ref()
        .unwrap_or_else(|| panic!("error without a file on {what}: {error}"));
    assert!(
        file.starts_with(dir) && (file.is_file() || file == dir),
        "{what}: the error names {}, neither a file of the folder nor the folder",
        file.display()
    );
    file
}

fn spec_files(folder: &str) -> Vec<(String, Value)> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(repo().join(folder)).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let value = codegen::load::read_yaml(&path).unwrap();
        files.push((name, value));
    }
    files.sort_by(|a, b| a.0.cmp(&b.0));
    files
}

#[test]
fn mutated_specs_give_a_crate_or_an_error_naming_file_and_pointer() {
    let tries: usize = std::env::var("HOSTILE_SPECS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(300);
    let compile_all = std::env::var("HOSTILE_COMPILE").is_ok_and(|v| v == "all");
    // `HOSTILE_SEED=0x5eed0042` runs that mutant alone and keeps it in target/hostile-replay.
    let replay: Option<u64> = std::env::var("HOSTILE_SEED")
        .ok()
        .map(|s| u64::from_str_radix(s.trim_start_matches("0x"), 16).expect("HOSTILE_SEED is hexadecimal"));
    let (mut crates_made, mut errors, mut compiled) = (0, 0, 0);
    let mut to_compile: Vec<(u64, String, tempfile::TempDir)> = Vec::new();
    // spec/, and the fixtures holding the constructs that are not plain JSON or that codegen
    // represents only loosely (a third as many mutants each).
    let corpora = [
        ("tests/fixtures/seeds", tries),
        ("tests/fixtures/media", tries / 3),
        ("tests/fixtures/loose", tries / 3),
    ];
    for (corpus, (folder, count)) in corpora.into_iter().enumerate() {
        let original = spec_files(folder);
        let baseline = fingerprint(&codegen::generate(&repo().join(folder)).unwrap());
        for case in 0..count as u64 {
            let seed = 0x5eed_0000 + ((corpus as u64) << 20) + case;
            if replay.is_some_and(|wanted| wanted != seed) {
                continue;
            }
            // Named before the call, so that a hang or a crash can be replayed from the log.
            eprintln!("hostile: {folder}, seed {seed:#x}");
            let mut rng = Rng(seed);
            let mut files = original.clone();
            let mutations: Vec<String> = (0..1 + rng.below(3)).map(|_| mutate(&mut files, &mut rng)).collect();
            let dir = tempfile::tempdir().unwrap();
            for (name, value) in &files {
                std::fs::write(dir.path().join(name), serde_json::to_string_pretty(value).unwrap()).unwrap();
            }
            if replay.is_some() {
                let kept = repo().join("target/hostile-replay");
                let _ = std::fs::remove_dir_all(&kept);
                crates::copy_crate(dir.path(), &kept).unwrap();
                eprintln!("hostile: the mutated spec is in {}", kept.display());
            }
            let what = format!("{folder}, seed {seed:#x}: {}", mutations.join("; "));
            match generate_in_child(dir.path(), &what) {
                Outcome::Error(error) => {
                    let file = file_of(&error, dir.path(), &what);
                    // The empty pointer is the whole document: only right when a mutation replaced
                    // that file's whole document.
                    let name = file.file_name().unwrap_or_default().to_string_lossy();
                    // Without `openapi`, a file is one of schemas only: a folder left with no
                    // document is named as the folder.
                    let whole_document = what.contains(&format!("{name}: whole document"))
                        || (file == dir.path() && (what.contains(": whole document") || what.contains(": deleted /openapi")));
                    assert!(
                        error.pointer.starts_with('/') || (error.pointer.is_empty() && whole_document),
                        "{what}: the error names no JSON pointer into the document: {error}"
                    );
                    errors += 1;
                }
                Outcome::Crate(hash) => {
                    crates_made += 1;
                    if hash != baseline && (compile_all || to_compile.len() < 2 * (corpus + 1)) {
                        // It ran to its end in the child: run it here again to write it.
                        let rendered = codegen::generate(dir.path()).unwrap();
                        let out = tempfile::tempdir().unwrap();
                        codegen::write::write(out.path(), &rendered).unwrap();
                        to_compile.push((seed, what, out));
                    }
                }
            }
        }
    }
    let tries = if replay.is_some() {
        1
    } else {
        corpora.iter().map(|(_, n)| n).sum::<usize>()
    };
    // Every mutant gave a crate or an error, and both outcomes occur: a fuzzer whose
    // mutants all fail (or all pass) early would test little.
    assert_eq!(crates_made + errors, tries, "every mutant is accounted for");
    if replay.is_none() {
        assert!(crates_made > 0 && errors > 0, "{crates_made} crates, {errors} errors");
        assert!(!to_compile.is_empty(), "no mutant changed the generated crate");
    }
    for (_, what, out) in &to_compile {
        crates::check(out.path()).unwrap_or_else(|errors| panic!("the crate generated for {what} does not compile:\n{errors}"));
        compiled += 1;
    }
    println!(
        "hostile specs: {tries} mutated specs tried: {crates_made} crates, {errors} errors naming file and pointer, 0 panics; {compiled} crates compiled"
    );
}

/// One change to a YAML file's text that the parsed-value mutations above cannot make:
/// syntax errors, anchors and aliases (an alias bomb among them), tags, duplicate keys,
/// huge scalars, bytes that are not UTF-8. Returns what it did.
fn mutate_text(text: &mut Vec<u8>, rng: &mut Rng) -> String {
    let lines: Vec<usize> = std::iter::once(0)
        .chain(text.iter().enumerate().filter(|(_, b)| **b == b'\n').map(|(i, _)| i + 1))
        .filter(|at| *at < text.len())
        .collect();
    let line = *rng.pick(&lines);
    let end = text[line..].iter().position(|b| *b == b'\n').map_or(text.len(), |n| line + n);
    let at = rng.below(text.len());
    let insert = |text: &mut Vec<u8>, at: usize, bytes: &[u8]| {
        text.splice(at..at, bytes.iter().copied());
    };
    match rng.below(10) {
        0 => {
            text.truncate(at);
            format!("truncated at byte {at}")
        }
        1 => {
            insert(text, line, b"\t");
            format!("a tab indents line at byte {line}")
        }
        2 => {
            let copy = text[line..end].to_vec();
            insert(text, end, &[b"\n".as_slice(), &copy].concat());
            format!("line at byte {line} repeated (a duplicate key)")
        }
        3 => {
            let bomb = b"x-bomb:\n  a: &a [x, x, x, x, x, x, x, x, x, x]\n  b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\n  c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\n  d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\n  e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]\n  f: [*e, *e, *e, *e, *e, *e, *e, *e, *e, *e]\n";
            text.extend_from_slice(b"\n");
            text.extend_from_slice(bomb);
            "an alias bomb appended".into()
        }
        4 => {
            let tag = rng.pick(&["!!binary ", "!custom ", "!!int ", "!!map "]);
            let colon = text[line..end].iter().position(|b| *b == b':').map(|n| line + n + 2);
            match colon.filter(|c| *c <= end) {
                Some(value) => {
                    insert(text, value, tag.as_bytes());
                    format!("tag {tag}on the value at byte {value}")
                }
                None => {
                    insert(text, line, tag.as_bytes());
                    format!("tag {tag}at byte {line}")
                }
            }
        }
        5 => {
            let huge = format!("x-huge: \"{}\"\n", "y".repeat(1 << 20));
            insert(text, 0, huge.as_bytes());
            "a 1 MiB scalar first".into()
        }
        6 => {
            insert(text, at, &[0xff, 0xfe]);
            format!("bytes that are not UTF-8 at {at}")
        }
        7 => {
            insert(text, end, b" &anchor");
            insert(text, text.len(), b"\nx-again: *anchor\nx-missing: *nowhere\n");
            format!("an anchor at byte {end}, its alias and an undefined one")
        }
        8 => {
            let replacement = *rng.pick(b"{[\"':-#|>%@`");
            if !text.is_empty() {
                let at = at.min(text.len() - 1);
                text[at] = replacement;
            }
            format!("byte {at} is {:?}", replacement as char)
        }
        _ => {
            text.clear();
            let documents: [&[u8]; 6] = [b"", b"---\n---\n", b"~\n", b"[]\n", b"- a\n- b\n", b"\0"];
            let document: &[u8] = documents[rng.below(documents.len())];
            text.extend_from_slice(document);
            "whole document replaced".into()
        }
    }
}

/// YAML text, mutated: codegen never panics and never hangs (each run has a time limit),
/// and ends in a crate or an error naming a file of the folder. A syntax error has no JSON
/// pointer to name (there is no document yet), so only the file is required; the line and
/// column are in the message.
#[test]
fn mutated_yaml_text_gives_a_crate_or_an_error_naming_the_file() {
    let tries: usize = std::env::var("HOSTILE_SPECS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(300)
        / 2;
    let folder = repo().join("tests/fixtures/seeds");
    let mut originals: Vec<(String, Vec<u8>)> = std::fs::read_dir(&folder)
        .unwrap()
        .map(|entry| {
            let path = entry.unwrap().path();
            (
                path.file_name().unwrap().to_string_lossy().into_owned(),
                std::fs::read(&path).unwrap(),
            )
        })
        .collect();
    originals.sort();
    let (mut crates_made, mut errors) = (0, 0);
    for case in 0..tries as u64 {
        let seed = 0x7e47_0000 + case;
        eprintln!("hostile text: seed {seed:#x}");
        let mut rng = Rng(seed);
        let mut files = originals.clone();
        let target = rng.below(files.len());
        let change = mutate_text(&mut files[target].1, &mut rng);
        let what = format!("seed {seed:#x}: {}: {change}", files[target].0);
        let dir = tempfile::tempdir().unwrap();
        for (name, bytes) in &files {
            std::fs::write(dir.path().join(name), bytes).unwrap();
        }
        match generate_in_child(dir.path(), &what) {
            Outcome::Crate(_) => crates_made += 1,
            Outcome::Error(error) => {
                file_of(&error, dir.path(), &what);
                assert!(error.pointer.is_empty() || error.pointer.starts_with('/'), "{what}: {error}");
                errors += 1;
            }
        }
    }
    assert_eq!(crates_made + errors, tries, "every mutant is accounted for");
    assert!(crates_made > 0 && errors > 0, "{crates_made} crates, {errors} errors");
    println!("hostile text: {tries} mutated YAML texts: {crates_made} crates, {errors} errors naming the file, 0 panics, none over a minute");
}
