//! `codegen` — regenerates the `gcore` crate from the OpenAPI documents in `spec/`.
//!
//! ```text
//! cargo run -p codegen                        regenerate generated/ from spec/
//! cargo run -p codegen -- --check             exit 1 (listing files) if generated/ is stale
//! cargo run -p codegen -- --deny-warnings     a spec codegen represents only loosely is an error
//! cargo run -p codegen -- --spec DIR --out DIR
//! cargo run -p codegen -- import PAGE...      store the YAML of Gcore docs pages in spec/
//! cargo run -p codegen -- bundle --spec spec/cloud --out FILE   one product's corrected 3.1 spec (for Prism)
//! cargo run -p codegen -- lower --out FILE     the same as OpenAPI 3.0 (for 3.0-only tools)
//! cargo run -p codegen -- diff OLD NEW         API changes, breaking or compatible (exit 1 if breaking)
//! cargo run -p codegen -- operations          every call of the SDK: method, path, operationId, call path, feature
//! cargo run -p codegen -- help [COMMAND]      all flags (clap); --version, --quiet
//! ```

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};
use codegen::write::fingerprints::Fingerprints;

// Generation allocates and frees millions of small token trees: with glibc's allocator a
// third of the run went to malloc and free. mimalloc halves that. Its default delay before
// it hands freed pages back to the kernel (10 ms) stays: handing them back at once cut the
// peak of the whole platform from 78 to 60 MB, but cost 0.4 s of system time (madvise, then
// zeroing the pages touched again) in a 2 s run (BENCHMARKS.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

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

/// Regenerates the `gcore` crate from the OpenAPI documents in `spec/`. With no command it
/// generates: every product folder of the spec folder into one crate.
#[derive(Parser)]
#[command(name = "codegen", version, about, long_about = None, args_conflicts_with_subcommands = true)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
    #[command(flatten)]
    generate: Generate,
}

#[derive(clap::Args)]
struct Generate {
    /// The spec folder: a folder of product folders, or one product's documents
    #[arg(long, value_name = "DIR", default_value_os_t = workspace_dir("spec"))]
    spec: PathBuf,
    /// Where the crate goes
    #[arg(long, value_name = "DIR", default_value_os_t = workspace_dir("generated"))]
    out: PathBuf,
    /// Write nothing; exit 1, listing the files, if the output folder is stale
    #[arg(long)]
    check: bool,
    /// A warning (a construct codegen represents only loosely) is an error; nothing is written
    #[arg(long)]
    deny_warnings: bool,
    /// Print errors and one line per kind of warning, nothing else
    #[arg(long, short)]
    quiet: bool,
}

#[derive(Subcommand)]
enum Command {
    /// Extract the OpenAPI YAML of Gcore docs pages into a spec folder, byte for byte
    Import {
        #[arg(long, value_name = "DIR", default_value_os_t = workspace_dir("spec"))]
        spec: PathBuf,
        /// Docs pages (text holding a ```yaml fence)
        #[arg(required = true, value_name = "PAGE")]
        pages: Vec<PathBuf>,
    },
    /// Write one product's spec, overlays applied, as one OpenAPI 3.1 document (what Prism serves)
    Bundle(BundleArgs),
    /// The same as `bundle`, lowered to OpenAPI 3.0 (what openapiv3 and 3.0-only tools read)
    Lower(BundleArgs),
    /// Every operation: method, path, operationId, call path and the cargo feature it needs
    Operations {
        #[arg(long, value_name = "DIR", default_value_os_t = workspace_dir("spec"))]
        spec: PathBuf,
        #[arg(long, value_enum, default_value_t = ListFormat::Text)]
        format: ListFormat,
    },
    /// The API changes from spec folder (or file) OLD to NEW, each breaking or compatible;
    /// exit code 1 when any is breaking
    Diff {
        old: PathBuf,
        new: PathBuf,
        #[arg(long, value_enum, default_value_t = DiffFormat::Text)]
        format: DiffFormat,
        /// Also add the changes, as a changelog entry, to this file (`generated/CHANGELOG.md`),
        /// above its earlier entries
        #[arg(long, value_name = "FILE")]
        changelog: Option<PathBuf>,
    },
}

#[derive(clap::Args)]
struct BundleArgs {
    /// One product's folder (`spec/cloud`)
    #[arg(long, value_name = "DIR", default_value_os_t = workspace_dir("spec"))]
    spec: PathBuf,
    /// The file to write: YAML if it ends in .yaml or .yml, else JSON
    #[arg(long, value_name = "FILE")]
    out: PathBuf,
}

#[derive(Clone, Copy, ValueEnum)]
enum ListFormat {
    Text,
    Tsv,
    Json,
}

#[derive(Clone, Copy, ValueEnum)]
enum DiffFormat {
    Text,
    Json,
    Changelog,
}

fn main() -> ExitCode {
    keep_pages_small();
    // Usage errors exit 2 with a hint, `--help` and `--version` print to stdout and exit 0.
    let cli = Cli::parse();
    let result = match cli.command {
        None => generate(&cli.generate),
        Some(command) => run(command),
    };
    match result {
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

/// The document as YAML when `out` is named `.yaml` or `.yml`, else as JSON. Some 3.0-only
/// tools read JSON slowly (cargo-progenitor reads it unbuffered, a system call per byte).
/// The YAML is 1.2: date-like strings stay unquoted, which YAML 1.1 readers take for dates.
fn document_text(document: &serde_json::Value, out: &std::path::Path) -> String {
    match out.extension().and_then(|e| e.to_str()) {
        Some("yaml" | "yml") => serde_yaml::to_string(document).expect("JSON values serialize as YAML"),
        _ => serde_json::to_string_pretty(document).expect("JSON values serialize") + "\n",
    }
}

fn generate(args: &Generate) -> Result<ExitCode, codegen::Error> {
    if args.check {
        let staleness = codegen::write::Staleness::new(&args.out);
        // What the last run recorded spares formatting files whose input is unchanged: their
        // bytes on disk are checked against the record instead.
        let mut fingerprints = Fingerprints::load(&args.out);
        let warnings = codegen::generate_reusing(&args.spec, &staleness, args.deny_warnings, Some(&mut fingerprints))?;
        print_warnings(&warnings, args.quiet);
        let (files, stale) = (staleness.files(), staleness.finish()?);
        if stale.is_empty() {
            if !args.quiet {
                println!("{} is up to date ({files} files)", args.out.display());
            }
            return Ok(ExitCode::SUCCESS);
        }
        eprintln!("{} is stale; run `cargo run -p codegen` to regenerate:", args.out.display());
        for line in stale {
            eprintln!("  {line}");
        }
        return Ok(ExitCode::FAILURE);
    }
    let staging = codegen::write::Staging::new(&args.out)?;
    let mut fingerprints = Fingerprints::load(&args.out);
    let warnings = codegen::generate_reusing(&args.spec, &staging, args.deny_warnings, Some(&mut fingerprints))?;
    let files = staging.files();
    let (written, removed) = staging.commit()?;
    // A record that cannot be written only costs the next run its shortcut.
    if let Err(error) = fingerprints.save() {
        eprintln!("codegen: warning: cannot record what was written ({error}): the next run formats every file");
    }
    print_warnings(&warnings, args.quiet);
    if !args.quiet {
        println!(
            "{}: {files} files ({} unchanged since the last run, not formatted again, {} of them not emitted either), {written} written, {removed} removed, {} warnings",
            args.out.display(),
            fingerprints.reused(),
            fingerprints.not_emitted(),
            warnings.len()
        );
    }
    Ok(ExitCode::SUCCESS)
}

fn run(command: Command) -> Result<ExitCode, codegen::Error> {
    match command {
        Command::Import { spec, pages } => {
            for path in codegen::import::import(&pages, &spec)? {
                println!("wrote {}", path.display());
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Diff {
            old,
            new,
            format,
            changelog,
        } => {
            let report = codegen::diff(&old, &new)?;
            if let Some(file) = changelog {
                codegen::diff::extend_changelog(&file, &report)?;
            }
            let text = match format {
                DiffFormat::Text => codegen::diff::text(&report),
                DiffFormat::Json => serde_json::to_string_pretty(&report).expect("the report serializes") + "\n",
                DiffFormat::Changelog => codegen::diff::changelog(&report),
            };
            print!("{text}");
            Ok(if report.has_breaking() {
                ExitCode::FAILURE
            } else {
                ExitCode::SUCCESS
            })
        }
        Command::Operations { spec, format } => {
            let rows = codegen::operations(&spec)?;
            let text = match format {
                ListFormat::Json => serde_json::to_string_pretty(&rows).expect("the rows serialize") + "\n",
                ListFormat::Tsv => {
                    let mut text = String::from("method\tpath\toperationId\tcall\tfeature\n");
                    for row in &rows {
                        let cells = [&row.method, &row.path, &row.operation_id, &row.call, &row.feature];
                        text.push_str(&cells.map(|c| c.as_str()).join("\t"));
                        text.push('\n');
                    }
                    text
                }
                ListFormat::Text => {
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
        Command::Bundle(args) => bundle(&args, false),
        Command::Lower(args) => bundle(&args, true),
    }
}

fn bundle(args: &BundleArgs, lowered: bool) -> Result<ExitCode, codegen::Error> {
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
    std::fs::write(&args.out, text).map_err(|e| codegen::Error::plain(format!("cannot write {}: {e}", args.out.display())))?;
    println!("wrote {}", args.out.display());
    Ok(ExitCode::SUCCESS)
}

/// Each warning once, grouped by kind, each kind headed by what users lose by it (stderr);
/// with `quiet`, the heading alone.
fn print_warnings(warnings: &[codegen::Warning], quiet: bool) {
    // Each kind once, in the order it first comes: each product's warnings come sorted by
    // kind, the platform's one product after another.
    let mut kinds: Vec<codegen::WarningKind> = Vec::new();
    for warning in warnings {
        if !kinds.contains(&warning.kind) {
            kinds.push(warning.kind);
        }
    }
    for kind in kinds {
        let of_kind: Vec<&codegen::Warning> = warnings.iter().filter(|w| w.kind == kind).collect();
        eprintln!("codegen: warning: {} {}", of_kind.len(), kind.what_is_lost());
        for warning in of_kind.into_iter().filter(|_| !quiet) {
            eprintln!("  {warning}");
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    #[cfg(target_os = "linux")]
    fn huge_pages_are_turned_off() {
        super::keep_pages_small();
        // SAFETY: reads a flag of this process.
        assert_eq!(unsafe { libc::prctl(libc::PR_GET_THP_DISABLE, 0, 0, 0, 0) }, 1);
    }
}
