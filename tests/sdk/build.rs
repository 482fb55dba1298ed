//! Two things the SDK's tests read from `$OUT_DIR`:
//!
//! - **What codegen makes of spec/** (`facts/`): each product's model and documents, written
//!   as JSON by codegen itself, a build dependency here. The tests read them back into
//!   `codegen::model` types (`src/facts.rs`) without linking the generator, whose
//!   `preserve_order` would otherwise change the `serde_json` the SDK is tested with
//!   (build dependencies do not share features with the crates the tests link).
//! - **The READMEs' Rust examples**, as modules that `tests/readme.rs` calls against a
//!   loopback server, so that the examples users copy are run, not only compiled (the doctests
//!   of `src/lib.rs` compile them). Each ```` ```rust ```` block (but `compile_fail` and
//!   `ignore` ones) of `README.md` and `generated/README.md` becomes `pub mod <readme>_<n> { .. }`
//!   in `$OUT_DIR/readme_examples.rs`, its functions made public so that the test can call them.

use std::fmt::Write as _;
use std::path::Path;

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .canonicalize()
        .expect("the repository");
    let out = Path::new(&std::env::var("OUT_DIR").expect("cargo sets OUT_DIR")).to_path_buf();
    write_facts(&root, &out.join("facts"));
    write_readme_examples(&root, &out);
}

/// For each product folder of spec/: `<name>.model.json` (`codegen::model_of`),
/// `<name>.document.json` (`codegen::document_of`, what the SDK is generated from) and
/// `<name>.published.json` (the documents merged, no overlay, as Prism can serve them: see
/// [`serve_media_types`]); `platform.json`, the products
/// as the SDK has them (`codegen::platform_of`: an operation two documents share is in one);
/// `seeds.json`, the model of tests/fixtures/seeds.
fn write_facts(root: &Path, dir: &Path) {
    let spec = root.join("spec");
    let seeds = root.join("tests/fixtures/seeds");
    for watched in [&spec, &seeds] {
        println!("cargo:rerun-if-changed={}", watched.display());
    }
    std::fs::create_dir_all(dir).expect("OUT_DIR is writable");
    let fail = |what: &str, e: codegen::Error| -> ! { panic!("{what}: {e}") };
    let folders = codegen::product::folders(&spec).unwrap_or_else(|e| fail("spec/", e));
    for folder in &folders {
        let name = folder.file_name().and_then(|n| n.to_str()).expect("a product folder's name");
        let model = codegen::model_of(folder).unwrap_or_else(|e| fail(name, e));
        write_json(&dir.join(format!("{name}.model.json")), &model);
        let corrected = codegen::document_of(folder).unwrap_or_else(|e| fail(name, e));
        write_json(&dir.join(format!("{name}.document.json")), &corrected.document);
        let mut published = codegen::load::load_dir(folder).unwrap_or_else(|e| fail(name, e)).document;
        let served = serve_media_types(&mut published, &corrected.document).unwrap_or_else(|e| panic!("{name}: {e}"));
        write_json(&dir.join(format!("{name}.published.json")), &published);
        write_json(&dir.join(format!("{name}.published.media.json")), &served);
    }
    let platform = codegen::platform_of(&spec).unwrap_or_else(|e| fail("spec/", e));
    let named: Vec<(&Path, &codegen::model::Api)> = folders.iter().map(|f| f.as_path()).zip(&platform).collect();
    write_json(&dir.join("platform.json"), &named);
    let seeds = codegen::model_of(&seeds).unwrap_or_else(|e| fail("tests/fixtures/seeds", e));
    write_json(&dir.join("seeds.json"), &seeds);
}

/// Prism crashes on a content key that is no media type (web security's `application`),
/// and codegen reads one only with a warning. So the published document is served with each
/// such key given the media type the corrected document has there instead (the one its
/// overlay adds), its schema as published. Returns what was changed, `pointer: key -> media
/// type`, for the tests to say.
fn serve_media_types(published: &mut serde_json::Value, corrected: &serde_json::Value) -> Result<Vec<String>, String> {
    let mut contents = Vec::new();
    for (path, item) in published["paths"].as_object().into_iter().flatten() {
        for (method, op) in item.as_object().into_iter().flatten() {
            let pointer = format!("/paths/{}/{method}", path.replace('~', "~0").replace('/', "~1"));
            if op.pointer("/requestBody/content").is_some() {
                contents.push(format!("{pointer}/requestBody/content"));
            }
            for status in op["responses"].as_object().into_iter().flatten().map(|(status, _)| status) {
                if op["responses"][status].get("content").is_some() {
                    contents.push(format!("{pointer}/responses/{status}/content"));
                }
            }
        }
    }
    let mut changed = Vec::new();
    for pointer in contents {
        let keys: Vec<String> = published
            .pointer(&pointer)
            .and_then(|c| c.as_object())
            .into_iter()
            .flatten()
            .map(|(k, _)| k.clone())
            .collect();
        let content = published
            .pointer_mut(&pointer)
            .and_then(|c| c.as_object_mut())
            .expect("listed above");
        for key in keys.into_iter().filter(|key| !key.contains('/')) {
            let added: Vec<&String> = corrected
                .pointer(&pointer)
                .and_then(|c| c.as_object())
                .into_iter()
                .flat_map(|c| c.keys())
                .filter(|k| !content.contains_key(*k))
                .collect();
            let [media_type] = added[..] else {
                return Err(format!(
                    "{pointer}: `{key}` is no media type, and the corrected document does not give one instead (it adds {added:?})"
                ));
            };
            let value = content.remove(&key).expect("a key of content");
            content.insert(media_type.clone(), value);
            changed.push(format!("{pointer}: `{key}` served as {media_type}"));
        }
    }
    Ok(changed)
}

fn write_json(path: &Path, value: &impl serde::Serialize) {
    let json = serde_json::to_vec(value).expect("the model serializes");
    std::fs::write(path, json).expect("OUT_DIR is writable");
}

fn write_readme_examples(root: &Path, dest: &Path) {
    let mut out = String::new();
    for (module, file) in [("readme", "README.md"), ("generated_readme", "generated/README.md")] {
        let path = root.join(file);
        println!("cargo:rerun-if-changed={}", path.display());
        let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        for (n, (line, block)) in rust_blocks(&text).into_iter().enumerate() {
            writeln!(out, "/// `{file}`, the block at line {line}.\npub mod {module}_{} {{", n + 1).unwrap();
            for code in block.lines() {
                let public = match code {
                    _ if code.starts_with("async fn ") || code.starts_with("fn ") => "pub ",
                    _ => "",
                };
                writeln!(out, "{public}{code}").unwrap();
            }
            out.push_str("}\n\n");
        }
    }
    std::fs::write(dest.join("readme_examples.rs"), out).expect("OUT_DIR is writable");
}

/// The runnable Rust blocks of a Markdown text: (line of the opening fence, code).
fn rust_blocks(text: &str) -> Vec<(usize, String)> {
    enum State {
        Outside,
        /// In a block of another language, or one not to run.
        Skipped,
        Rust(usize, String),
    }
    let mut blocks = Vec::new();
    let mut state = State::Outside;
    for (i, line) in text.lines().enumerate() {
        let fence = line.trim_start().strip_prefix("```");
        state = match (state, fence) {
            (State::Outside, Some(info)) => {
                let tags: Vec<&str> = info.split(',').map(str::trim).collect();
                match tags.first() == Some(&"rust") && !tags.iter().any(|t| ["compile_fail", "ignore"].contains(t)) {
                    true => State::Rust(i + 1, String::new()),
                    false => State::Skipped,
                }
            }
            (State::Rust(at, code), Some(_)) => {
                blocks.push((at, code));
                State::Outside
            }
            (State::Skipped, Some(_)) => State::Outside,
            (State::Rust(at, mut code), None) => {
                code.push_str(line);
                code.push('\n');
                State::Rust(at, code)
            }
            (state, None) => state,
        };
    }
    blocks
}
