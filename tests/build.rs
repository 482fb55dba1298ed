//! Turns the Rust examples of the READMEs into modules that `tests/readme.rs` calls against a
//! loopback server, so that the examples users copy are run, not only compiled (the doctests
//! of `src/lib.rs` compile them).
//!
//! Each ```` ```rust ```` block (but `compile_fail` and `ignore` ones) of `README.md` and
//! `generated/README.md` becomes `pub mod <readme>_<n> { .. }` in `$OUT_DIR/readme_examples.rs`,
//! its functions made public so that the test can call them.

use std::fmt::Write as _;
use std::path::Path;

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
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
    let dest = Path::new(&std::env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("readme_examples.rs");
    std::fs::write(dest, out).expect("OUT_DIR is writable");
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
