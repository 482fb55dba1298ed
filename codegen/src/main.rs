//! `codegen` — regenerates the `gcore` crate from the OpenAPI documents in `spec/`.
//!
//! ```text
//! cargo run -p codegen                        regenerate generated/ from spec/
//! cargo run -p codegen -- --check             exit 1 (listing files) if generated/ is stale
//! cargo run -p codegen -- --deny-warnings     a spec codegen represents only loosely is an error
//! cargo run -p codegen -- --spec DIR --out DIR
//! cargo run -p codegen -- import PAGE...      store the YAML of Gcore docs pages in spec/
//! cargo run -p codegen -- bundle --out FILE    the merged, corrected 3.1 spec (for Prism)
//! cargo run -p codegen -- lower --out FILE     the same as OpenAPI 3.0 (for 3.0-only tools)
//! cargo run -p codegen -- diff OLD NEW         API changes, breaking or compatible (exit 1 if breaking)
//! cargo run -p codegen -- operations          every call of the SDK: method, path, operationId, call path, feature
//! ```

use std::path::PathBuf;
use std::process::ExitCode;

// Generation allocates and frees millions of small token trees: with glibc's allocator a
// third of the run went to malloc and free. mimalloc halves that, and uses less memory
// once it hands freed pages back at once (below).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// `mi_option_purge_delay` in mimalloc v2's `mi_option_e` (include/mimalloc.h), which
/// libmimalloc-sys does not name. The test below checks it against the option's default.
const MI_OPTION_PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

/// Each stage frees the previous stage's data as the next one grows: handing pages back
/// without mimalloc's default delay (10 ms) cuts peak memory by a third, for 0.1 s of system time
/// at ×50.
fn return_freed_memory_at_once() {
    // SAFETY: sets a plain integer option; mimalloc reads it on its next purge.
    unsafe { libmimalloc_sys::mi_option_set(MI_OPTION_PURGE_DELAY, 0) };
}

/// Where the kernel backs heap memory with 2 MiB pages (`madvise` mode, which mimalloc asks
/// for), every page handed back and touched again is zeroed and counted in full: 4 MiB of
/// the peak at ×50. mimalloc's own switch for this is read before `main` runs.
fn keep_pages_small() {
    #[cfg(target_os = "linux")]
    // SAFETY: sets a flag of this process; no memory is passed.
    unsafe {
        libc::prctl(libc::PR_SET_THP_DISABLE, 1, 0, 0, 0);
    }
}

const USAGE: &str = "usage:
  codegen [--spec DIR] [--out DIR] [--check] [--deny-warnings]
                                               regenerate the SDK crate (default: spec/ -> generated/);
                                               --deny-warnings: a warning is an error, nothing is written
  codegen import [--spec DIR] PAGE...          extract the OpenAPI YAML of docs pages into the spec folder
  codegen bundle [--spec DIR] --out FILE       write one product's spec (--spec spec/cloud), overlays applied, as one OpenAPI 3.1 file
  codegen lower [--spec DIR] --out FILE        write that spec lowered to OpenAPI 3.0 (what openapiv3 reads);
                                               both write YAML if FILE ends in .yaml or .yml, else JSON
  codegen operations [--spec DIR] [--format text|tsv|json]
                                               every operation: method, path, operationId, call path, feature
  codegen diff OLD NEW [--format text|json|changelog]
                                               the API changes from spec folder (or file) OLD to NEW, each
                                               breaking or compatible; exit code 1 when any is breaking";

struct Args {
    command: Command,
    spec: PathBuf,
    out: PathBuf,
}

enum Command {
    Generate { check: bool, deny_warnings: bool },
    Import { pages: Vec<PathBuf> },
    Bundle { lowered: bool },
    Diff { old: PathBuf, new: PathBuf, format: Format },
    Operations { format: Format },
}

#[derive(Clone, Copy)]
enum Format {
    Text,
    Json,
    Changelog,
    Tsv,
}

fn main() -> ExitCode {
    return_freed_memory_at_once();
    keep_pages_small();
    let args = match parse_args(std::env::args().skip(1).collect()) {
        Ok(args) => args,
        Err(message) => {
            eprintln!("codegen: {message}\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    match run(args) {
        Ok(code) => code,
        Err(error) => {
            eprintln!("codegen: error: {error}");
            ExitCode::FAILURE
        }
    }
}

/// Default folders are the workspace's, wherever `cargo run` is started from.
fn workspace_dir(name: &str) -> PathBuf {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let root = root.parent().map(PathBuf::from).unwrap_or(root);
    root.join(name)
}

fn parse_args(raw: Vec<String>) -> Result<Args, String> {
    let mut args = Args {
        command: Command::Generate {
            check: false,
            deny_warnings: false,
        },
        spec: workspace_dir("spec"),
        out: workspace_dir("generated"),
    };
    let mut rest = raw.into_iter().peekable();
    let subcommand = rest.peek().cloned().filter(|a| !a.starts_with('-'));
    if subcommand.is_some() {
        rest.next();
    }
    let mut pages = Vec::new();
    let mut out_given = false;
    let mut format = Format::Text;
    let (mut check, mut deny_warnings) = (false, false);
    while let Some(arg) = rest.next() {
        match (subcommand.as_deref(), arg.as_str()) {
            (_, "--spec") => args.spec = rest.next().ok_or("--spec needs a folder")?.into(),
            (None | Some("bundle" | "lower"), "--out") => {
                args.out = rest.next().ok_or("--out needs a path")?.into();
                out_given = true;
            }
            (None, "--check") => check = true,
            (None, "--deny-warnings") => deny_warnings = true,
            (_, "-h" | "--help") => return Err("help".into()),
            (Some("import" | "diff"), page) if !page.starts_with("--") => pages.push(PathBuf::from(page)),
            (Some("diff"), "--format") => {
                format = match rest.next().as_deref() {
                    Some("text") => Format::Text,
                    Some("json") => Format::Json,
                    Some("changelog") => Format::Changelog,
                    _ => return Err("--format takes text, json or changelog".into()),
                }
            }
            (Some("operations"), "--format") => {
                format = match rest.next().as_deref() {
                    Some("text") => Format::Text,
                    Some("tsv") => Format::Tsv,
                    Some("json") => Format::Json,
                    _ => return Err("--format takes text, tsv or json".into()),
                }
            }
            _ => return Err(format!("unexpected argument `{arg}`")),
        }
    }
    match subcommand.as_deref() {
        None => args.command = Command::Generate { check, deny_warnings },
        Some("import") if pages.is_empty() => return Err("import needs at least one page".into()),
        Some("import") => args.command = Command::Import { pages },
        Some(name @ ("bundle" | "lower")) if !out_given => return Err(format!("{name} needs --out FILE")),
        Some("diff") => match <[PathBuf; 2]>::try_from(pages) {
            Ok([old, new]) => args.command = Command::Diff { old, new, format },
            Err(_) => return Err("diff needs two spec folders or files: OLD NEW".into()),
        },
        Some("operations") => args.command = Command::Operations { format },
        Some("bundle") => args.command = Command::Bundle { lowered: false },
        Some("lower") => args.command = Command::Bundle { lowered: true },
        Some(other) => return Err(format!("unknown command `{other}`")),
    }
    Ok(args)
}

/// The document as YAML when `out` is named `.yaml` or `.yml`, else as JSON. Some 3.0-only
/// tools read JSON slowly (cargo-progenitor reads it unbuffered, a system call per byte).
/// The YAML is 1.2: date-like strings stay unquoted, which YAML 1.1 readers take for dates.
fn document_text(document: &serde_json::Value, out: &std::path::Path) -> String {
    match out.extension().and_then(|e| e.to_str()) {
        Some("yaml" | "yml") => serde_yaml::to_string(document).expect("JSON values serialize as YAML"),
        _ => serde_json::to_string_pretty(document).expect("JSON values serialize") + "\n",
    }
}

fn run(args: Args) -> Result<ExitCode, codegen::Error> {
    match args.command {
        Command::Import { pages } => {
            for path in codegen::import::import(&pages, &args.spec)? {
                println!("wrote {}", path.display());
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Diff { old, new, format } => {
            let report = codegen::diff(&old, &new)?;
            let text = match format {
                Format::Text => codegen::diff::text(&report),
                Format::Json => serde_json::to_string_pretty(&report).expect("the report serializes") + "\n",
                Format::Changelog | Format::Tsv => codegen::diff::changelog(&report),
            };
            print!("{text}");
            Ok(if report.has_breaking() {
                ExitCode::FAILURE
            } else {
                ExitCode::SUCCESS
            })
        }
        Command::Operations { format } => {
            let rows = codegen::operations(&args.spec)?;
            let text = match format {
                Format::Json => serde_json::to_string_pretty(&rows).expect("the rows serialize") + "\n",
                Format::Tsv => {
                    let mut text = String::from("method\tpath\toperationId\tcall\tfeature\n");
                    for row in &rows {
                        let cells = [&row.method, &row.path, &row.operation_id, &row.call, &row.feature];
                        text.push_str(&cells.map(|c| c.as_str()).join("\t"));
                        text.push('\n');
                    }
                    text
                }
                Format::Text | Format::Changelog => {
                    let width = rows.iter().map(|r| r.call.len()).max().unwrap_or(0).min(60);
                    let mut text = String::new();
                    for row in &rows {
                        let line = format!("{:width$}  {} {}  [{}]", row.call, row.method, row.path, row.feature);
                        text.push_str(&line);
                        text.push('\n');
                    }
                    text
                }
            };
            // A closed pipe (`| head`) ends the listing, quietly.
            let _ = std::io::Write::write_all(&mut std::io::stdout(), text.as_bytes());
            Ok(ExitCode::SUCCESS)
        }
        Command::Bundle { lowered } => {
            let products = codegen::product::folders(&args.spec)?;
            if products.len() > 1 {
                return Err(codegen::Error::in_file(
                    &args.spec,
                    format!(
                        "this folder holds {} products, each its own document: bundle one (--spec {})",
                        products.len(),
                        products[0].display()
                    ),
                ));
            }
            let loaded = codegen::document_of(&args.spec)?;
            let document = if lowered {
                let lowered = codegen::lower::lower(loaded.document, &loaded.origins)?;
                codegen::lower::to_openapi(lowered.clone(), &loaded.origins)?; // it must also read as 3.0
                lowered
            } else {
                loaded.document
            };
            let text = document_text(&document, &args.out);
            std::fs::write(&args.out, text)
                .map_err(|e| codegen::Error::plain(format!("cannot write {}: {e}", args.out.display())))?;
            println!("wrote {}", args.out.display());
            Ok(ExitCode::SUCCESS)
        }
        Command::Generate { check, deny_warnings } => {
            if check {
                let mut staleness = codegen::write::Staleness::new(&args.out);
                let warnings = codegen::generate_into(&args.spec, &mut staleness, deny_warnings)?;
                print_warnings(&warnings);
                let (files, stale) = (staleness.files(), staleness.finish()?);
                if stale.is_empty() {
                    println!("{} is up to date ({files} files)", args.out.display());
                    return Ok(ExitCode::SUCCESS);
                }
                eprintln!("{} is stale; run `cargo run -p codegen` to regenerate:", args.out.display());
                for line in stale {
                    eprintln!("  {line}");
                }
                return Ok(ExitCode::FAILURE);
            }
            let mut staging = codegen::write::Staging::new(&args.out);
            let warnings = codegen::generate_into(&args.spec, &mut staging, deny_warnings)?;
            let files = staging.files();
            let (written, removed) = staging.commit()?;
            print_warnings(&warnings);
            println!(
                "{}: {files} files, {written} written, {removed} removed, {} warnings",
                args.out.display(),
                warnings.len()
            );
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// Each warning once, grouped by kind, each kind headed by what users lose by it (stderr).
fn print_warnings(warnings: &[codegen::Warning]) {
    let mut kinds: Vec<codegen::WarningKind> = warnings.iter().map(|w| w.kind).collect();
    kinds.dedup(); // warnings come sorted by kind
    for kind in kinds {
        let of_kind: Vec<&codegen::Warning> = warnings.iter().filter(|w| w.kind == kind).collect();
        eprintln!("codegen: warning: {} {}", of_kind.len(), kind.what_is_lost());
        for warning in of_kind {
            eprintln!("  {warning}");
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_purge_delay_option_is_the_one_named() {
        // SAFETY: reads an integer option.
        let default = unsafe { libmimalloc_sys::mi_option_get(super::MI_OPTION_PURGE_DELAY) };
        assert_eq!(default, 10, "mimalloc v2 documents a 10 ms default purge delay");
        super::return_freed_memory_at_once();
        assert_eq!(unsafe { libmimalloc_sys::mi_option_get(super::MI_OPTION_PURGE_DELAY) }, 0);
    }

    #[test]
    #[cfg(target_os = "linux")]
    fn huge_pages_are_turned_off() {
        super::keep_pages_small();
        // SAFETY: reads a flag of this process.
        assert_eq!(unsafe { libc::prctl(libc::PR_GET_THP_DISABLE, 0, 0, 0, 0) }, 1);
    }
}
