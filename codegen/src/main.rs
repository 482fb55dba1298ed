//! `codegen` — regenerates the `gcore` crate from the OpenAPI documents in `spec/`.
//!
//! ```text
//! cargo run -p codegen                        regenerate generated/ from spec/
//! cargo run -p codegen -- --check             exit 1 (listing files) if generated/ is stale
//! cargo run -p codegen -- --spec DIR --out DIR
//! cargo run -p codegen -- import PAGE...      store the YAML of Gcore docs pages in spec/
//! ```

use std::path::PathBuf;
use std::process::ExitCode;

const USAGE: &str = "usage:
  codegen [--spec DIR] [--out DIR] [--check]   regenerate the SDK crate (default: spec/ -> generated/)
  codegen import [--spec DIR] PAGE...          extract the OpenAPI YAML of docs pages into the spec folder";

struct Args {
    command: Command,
    spec: PathBuf,
    out: PathBuf,
}

enum Command {
    Generate { check: bool },
    Import { pages: Vec<PathBuf> },
}

fn main() -> ExitCode {
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
        command: Command::Generate { check: false },
        spec: workspace_dir("spec"),
        out: workspace_dir("generated"),
    };
    let mut rest = raw.into_iter();
    let mut pages = Vec::new();
    let mut importing = false;
    while let Some(arg) = rest.next() {
        match arg.as_str() {
            "import" if !importing && pages.is_empty() => importing = true,
            "--spec" => args.spec = rest.next().ok_or("--spec needs a folder")?.into(),
            "--out" if !importing => args.out = rest.next().ok_or("--out needs a folder")?.into(),
            "--check" if !importing => args.command = Command::Generate { check: true },
            "-h" | "--help" => return Err("help".into()),
            _ if importing && !arg.starts_with("--") => pages.push(PathBuf::from(arg)),
            _ => return Err(format!("unexpected argument `{arg}`")),
        }
    }
    if importing {
        if pages.is_empty() {
            return Err("import needs at least one page".into());
        }
        args.command = Command::Import { pages };
    }
    Ok(args)
}

fn run(args: Args) -> Result<ExitCode, codegen::Error> {
    match args.command {
        Command::Import { pages } => {
            for path in codegen::import::import(&pages, &args.spec)? {
                println!("wrote {}", path.display());
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Generate { check } => {
            let rendered = codegen::generate(&args.spec)?;
            if check {
                let stale = codegen::write::stale_files(&args.out, &rendered)?;
                if stale.is_empty() {
                    println!("{} is up to date ({} files)", args.out.display(), rendered.len());
                    return Ok(ExitCode::SUCCESS);
                }
                eprintln!("{} is stale; run `cargo run -p codegen` to regenerate:", args.out.display());
                for line in stale {
                    eprintln!("  {line}");
                }
                return Ok(ExitCode::FAILURE);
            }
            let (written, removed) = codegen::write::write(&args.out, &rendered)?;
            println!(
                "{}: {} files, {written} written, {removed} removed",
                args.out.display(),
                rendered.len()
            );
            Ok(ExitCode::SUCCESS)
        }
    }
}
