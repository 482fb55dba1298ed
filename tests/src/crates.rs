//! Generating a crate from a spec folder and compiling it, for tests that must show that
//! what codegen writes builds (hostile specs, fixtures).
//!
//! Crates are checked with `cargo check` outside the workspace, with the workspace's
//! `Cargo.lock` (same dependency versions, no network needed) and one shared target folder
//! (`target/fixture-crates`), so dependencies are compiled once per machine, not per crate.

use std::path::{Path, PathBuf};
use std::process::Command;

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// Writes the crate codegen renders from `spec` into `out`; the warnings.
pub fn generate_into(spec: &Path, out: &Path) -> Result<Vec<codegen::Warning>, codegen::Error> {
    let rendered = codegen::write::Collect::new();
    let warnings = codegen::generate_into(spec, &rendered, false)?;
    codegen::write::write(out, &rendered.into_rendered())?;
    Ok(warnings)
}

/// `cargo check`s the crate in `dir`, warnings denied; the compiler's output on failure.
pub fn check(dir: &Path) -> Result<(), String> {
    cargo(dir, &["check", "--offline", "--quiet", "--all-targets"])
}

/// `cargo check`s the crate in `dir` with every feature on (every resource group, and the
/// schema registry), warnings denied.
///
/// The crates of one product share names with another's (`gcore`, `gcore-runtime`,
/// `gcore-cdn-statistics` in both CDN documents) and, as workspace members, build under the
/// same hashes in the shared target folder: cargo tells them apart by modification time
/// only, so check a crate right after writing it, never one written before another's check.
pub fn check_all_features(dir: &Path) -> Result<(), String> {
    cargo(dir, &["check", "--offline", "--quiet", "--all-features"])
}

/// `cargo check`s the crate in `dir` with only `features` on (none: no resource group).
pub fn check_features(dir: &Path, features: &[&str]) -> Result<(), String> {
    let features = features.join(",");
    let mut args = vec!["check", "--offline", "--quiet", "--lib", "--no-default-features"];
    if !features.is_empty() {
        args.extend(["--features", &features]);
    }
    cargo(dir, &args)
}

/// `cargo check`s `test` (a file copied into the crate in `dir` as an integration test)
/// with only `features` on; the compiler's output on failure.
pub fn check_test_with_features(dir: &Path, test: &str, source: &str, features: &[&str]) -> Result<(), String> {
    std::fs::create_dir_all(dir.join("tests")).map_err(|e| e.to_string())?;
    std::fs::write(dir.join("tests").join(format!("{test}.rs")), source).map_err(|e| e.to_string())?;
    let features = features.join(",");
    cargo(
        dir,
        &[
            "check",
            "--offline",
            "--quiet",
            "--no-default-features",
            "--features",
            &features,
            "--test",
            test,
        ],
    )
}

/// Adds `[dev-dependencies]` lines (`name = "version"` or `name = { ... }`) to the crate in
/// `dir`, for a test copied in by [`run_test`]; each must be in the workspace's `Cargo.lock`.
pub fn add_dev_dependencies(dir: &Path, lines: &[&str]) -> std::io::Result<()> {
    let manifest = dir.join("Cargo.toml");
    let text = std::fs::read_to_string(&manifest)?;
    let extra: String = lines.iter().map(|line| format!("{line}\n")).collect();
    let text = match text.find("[dev-dependencies]\n") {
        Some(at) => {
            let end = at + "[dev-dependencies]\n".len();
            format!("{}{extra}{}", &text[..end], &text[end..])
        }
        None => format!("{text}\n[dev-dependencies]\n{extra}"),
    };
    std::fs::write(manifest, text)
}

/// Copies `test` into the crate in `dir` as an integration test and runs it; the compiler's
/// or the test's output on failure.
pub fn run_test(dir: &Path, test: &Path) -> Result<(), String> {
    let name = test.file_stem().and_then(|s| s.to_str()).ok_or("a test file name")?;
    std::fs::create_dir_all(dir.join("tests")).map_err(|e| e.to_string())?;
    std::fs::copy(test, dir.join("tests").join(format!("{name}.rs"))).map_err(|e| e.to_string())?;
    cargo(dir, &["test", "--offline", "--quiet", "--test", name])
}

/// Copies a crate folder (its files, not its build products) to `to`.
pub fn copy_crate(from: &Path, to: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(to)?;
    for entry in std::fs::read_dir(from)? {
        let entry = entry?;
        let name = entry.file_name();
        if name == "target" || name == "Cargo.lock" {
            continue;
        }
        if entry.file_type()?.is_dir() {
            copy_crate(&entry.path(), &to.join(&name))?;
        } else {
            std::fs::copy(entry.path(), to.join(&name))?;
        }
    }
    Ok(())
}

/// `cargo doc`s the SDK in `dir`: `gcore` and the crates of `crates/`, not third-party
/// dependencies; rustdoc warnings denied.
pub fn doc(dir: &Path) -> Result<(), String> {
    let mut args: Vec<String> = ["doc", "--offline", "--quiet", "--no-deps", "-p", "gcore"]
        .map(String::from)
        .to_vec();
    for entry in std::fs::read_dir(dir.join("crates")).map_err(|e| e.to_string())? {
        let manifest =
            std::fs::read_to_string(entry.map_err(|e| e.to_string())?.path().join("Cargo.toml")).map_err(|e| e.to_string())?;
        let name = manifest
            .lines()
            .find_map(|line| line.strip_prefix("name = "))
            .ok_or("a crate without a name")?;
        args.extend(["-p".to_string(), name.trim_matches('"').to_string()]);
    }
    cargo(dir, &args.iter().map(String::as_str).collect::<Vec<_>>())
}

fn cargo(dir: &Path, args: &[&str]) -> Result<(), String> {
    std::fs::copy(workspace().join("Cargo.lock"), dir.join("Cargo.lock")).map_err(|e| e.to_string())?;
    let output = Command::new(env!("CARGO"))
        .args(args)
        .current_dir(dir)
        .env("CARGO_TARGET_DIR", workspace().join("target/fixture-crates"))
        .env("RUSTFLAGS", "-D warnings")
        .env("RUSTDOCFLAGS", "-D warnings")
        // As the workspace's own profile: nobody steps through these, and debug info would
        // be most of the folder's size.
        .env("CARGO_PROFILE_DEV_DEBUG", "0")
        .output()
        .map_err(|e| format!("cannot run cargo: {e}"))?;
    if output.status.success() {
        Ok(())
    } else {
        // A failing test reports on stdout, the compiler on stderr.
        Err(String::from_utf8_lossy(&output.stdout).into_owned() + &String::from_utf8_lossy(&output.stderr))
    }
}
