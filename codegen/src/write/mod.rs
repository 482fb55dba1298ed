//! Stage 6: format, add headers, and hand each file to a sink as soon as it is complete:
//! staged for writing, compared for `--check`, or collected in memory for tests.
//!
//! Writing stages every changed file beside its target and renames them into place only
//! when all are rendered, so a failure anywhere leaves the output folder exactly as it was.
//! Only files whose bytes changed are written, and files no longer generated are removed.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{mpsc, Mutex};

pub mod fingerprints;
pub mod spacing;

use fingerprints::{Entry, Fingerprints, Hash, Hashing};

use crate::emit::{Content, Deferred, Files};
use crate::error::{Error, Result};

const REGENERATE: &str = "run `cargo run -p codegen`";

/// What codegen leaves alone at the top of the output folder: build output, the lock file,
/// the SDK's changelog, written by people and extended by `codegen diff --changelog`,
/// and the record of what the last run wrote (`fingerprints`).
const NOT_OURS: [&str; 4] = ["target", "Cargo.lock", "CHANGELOG.md", fingerprints::FILE];

/// The final bytes of every generated file, by path relative to the crate root.
pub type Rendered = BTreeMap<PathBuf, String>;

/// Where each rendered file goes. Files arrive in no fixed order, from the threads that
/// rendered them and at the same time, so that the whole crate's text is never held at once
/// and writing (creating a thousand files costs the kernel as much as formatting them) is
/// spread over the threads with the formatting.
pub trait Sink: Sync {
    fn accept(&self, path: &Path, text: String) -> Result<()>;
}

/// A sink that keeps every file in memory.
#[derive(Debug, Default)]
pub struct Collect(Mutex<Rendered>);

impl Collect {
    pub fn new() -> Collect {
        Collect::default()
    }

    pub fn into_rendered(self) -> Rendered {
        self.0.into_inner().unwrap_or_else(|e| e.into_inner())
    }
}

impl Sink for Collect {
    fn accept(&self, path: &Path, text: String) -> Result<()> {
        lock(&self.0).insert(path.to_path_buf(), text);
        Ok(())
    }
}

/// A lock that a panicking thread left poisoned is still good: every sink's state, and every
/// work queue's, is whole between two statements. (The panic itself goes on to the caller
/// when the threads' scope ends.)
pub(crate) fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(|e| e.into_inner())
}

/// A file to render, its parts in order.
struct Job<'a> {
    index: usize,
    path: PathBuf,
    parts: Vec<Part<'a>>,
    /// The model of the one product the file is made from, if it is.
    source: Option<Hash>,
}

/// For each file made from one product's model alone, a hash of that model.
pub type Sources = BTreeMap<PathBuf, Hash>;

/// Emits and formats every file, spread over the machine's cores, and hands each to `sink`
/// once all its parts are formatted. The unit of work is a whole file, largest first; the
/// text of a file does not depend on which thread rendered it.
pub fn render(files: Files, sink: &dyn Sink) -> Result<()> {
    render_reusing(files, sink, None, &Sources::new())
}

/// [`render`], reading back instead of formatting each file whose input `fingerprints`
/// recorded as unchanged (and instead of emitting it, when its `sources` entry is as
/// recorded), and recording every file's input, text and source in it.
pub fn render_reusing(files: Files, sink: &dyn Sink, fingerprints: Option<&mut Fingerprints>, sources: &Sources) -> Result<()> {
    let workers = std::thread::available_parallelism().map_or(1, |n| n.get()).clamp(1, 8);
    let mut jobs: Vec<Job> = files
        .into_iter()
        .enumerate()
        .map(|(index, (path, content))| Job {
            parts: parts_of(&path, content),
            source: sources.get(&path).copied(),
            index,
            path,
        })
        .collect();
    // Largest first, so that no thread is left with a big file at the end.
    jobs.sort_by_key(|job| std::cmp::Reverse(job.parts.len()));
    let jobs = Mutex::new(jobs.into_iter());
    // Set by the first error: no file is handed on after it, and after the sink's own
    // (a full disk) nothing more is rendered either.
    let (failed, stop) = (AtomicBool::new(false), AtomicBool::new(false));
    let (done, finished) = mpsc::channel::<(usize, Result<Option<(PathBuf, Entry)>>)>();
    let mut failure: Option<(usize, Error)> = None;
    let mut records: Vec<(PathBuf, Entry)> = Vec::new();
    let previous: Option<&Fingerprints> = fingerprints.as_deref();
    std::thread::scope(|scope| {
        for _ in 0..workers {
            let (jobs, failed, stop, done) = (&jobs, &failed, &stop, done.clone());
            scope.spawn(move || {
                while !stop.load(Ordering::Relaxed) {
                    let Some(job) = lock(jobs).next() else {
                        break;
                    };
                    let rendered = match previous {
                        Some(previous) => {
                            render_file_reusing(&job.path, job.parts, previous, job.source).map(|(t, h)| (t, Some(h)))
                        }
                        None => render_file(&job.path, job.parts).map(|t| (t, None)),
                    };
                    let outcome = rendered.and_then(|(text, input)| {
                        let record = input.map(|input| {
                            let output = fingerprints::hash(text.as_bytes());
                            let source = job.source;
                            (job.path.clone(), Entry { input, output, source })
                        });
                        if failed.load(Ordering::Relaxed) {
                            return Ok(None);
                        }
                        sink.accept(&job.path, text)
                            .inspect_err(|_| stop.store(true, Ordering::Relaxed))?;
                        Ok(record)
                    });
                    if outcome.is_err() {
                        failed.store(true, Ordering::Relaxed);
                    }
                    if done.send((job.index, outcome)).is_err() {
                        break;
                    }
                }
            });
        }
        drop(done);
        for (index, outcome) in finished {
            match outcome {
                Ok(record) => records.extend(record),
                // The error reported is the first file's in path order, whichever thread
                // met it first: rendering goes on after a bug in emission.
                Err(error) => {
                    if failure.as_ref().is_none_or(|(first, _)| index < *first) {
                        failure = Some((index, error));
                    }
                }
            }
        }
    });
    if let Some((_, error)) = failure {
        return Err(error);
    }
    if let Some(fingerprints) = fingerprints {
        for (path, entry) in records {
            fingerprints.record(&path, entry);
        }
    }
    Ok(())
}

fn parts_of<'a>(path: &Path, content: Content<'a>) -> Vec<Part<'a>> {
    match content {
        Content::Rust(parts) => std::iter::once(Part::Done(rust_header()))
            .chain(parts.into_iter().map(Part::Rust))
            .collect(),
        Content::Copied { source, text } => vec![Part::Done(copied(path, source, text))],
        Content::Text(text) => {
            let note = format!("@generated by codegen. Do not edit by hand: {REGENERATE}.");
            vec![Part::Done(match path.extension().and_then(|e| e.to_str()) {
                Some("md") => format!("<!-- {note} -->\n\n{text}"),
                _ => format!("# {note}\n\n{text}"),
            })]
        }
    }
}

fn render_file(path: &Path, parts: Vec<Part>) -> Result<String> {
    let rust = parts.iter().any(|part| matches!(part, Part::Rust(_)));
    let mut text = String::new();
    for part in parts {
        text.push_str(&part.render(path)?);
    }
    Ok(if rust { spacing::space_items(&text) } else { text })
}

/// [`render_file`], unless `previous` holds the text of the same input: every part is
/// emitted and hashed first, and formatted only if the file's input changed; nothing is
/// emitted if the file's `source` is as recorded. Returns the text and the input's hash.
fn render_file_reusing(path: &Path, parts: Vec<Part>, previous: &Fingerprints, source: Option<Hash>) -> Result<(String, Hash)> {
    if let Some(reused) = source.and_then(|source| previous.reusable_from(path, source)) {
        return Ok(reused);
    }
    let rust = parts.iter().any(|part| matches!(part, Part::Rust(_)));
    let mut hashing = Hashing::new();
    let emitted: Vec<Result<proc_macro2::TokenStream, String>> = parts
        .into_iter()
        .map(|part| match part {
            Part::Rust(emit) => {
                let tokens = emit();
                hashing.add(tokens.to_string().as_bytes());
                Ok(tokens)
            }
            Part::Done(text) => {
                hashing.add(text.as_bytes());
                Err(text)
            }
        })
        .collect();
    let input = hashing.finish();
    if let Some(text) = previous.reusable(path, input) {
        return Ok((text, input));
    }
    let mut text = String::new();
    for part in emitted {
        match part {
            Ok(tokens) => text.push_str(&format_rust(path, tokens)?),
            Err(done) => text.push_str(&done),
        }
    }
    Ok((if rust { spacing::space_items(&text) } else { text }, input))
}

/// One unit of rendering work.
enum Part<'a> {
    /// Emitted Rust, to format.
    Rust(Deferred<'a>),
    /// Text that needs no formatting: a header, a copied or an emitted text file.
    Done(String),
}

impl Part<'_> {
    fn render(self, path: &Path) -> Result<String> {
        match self {
            Part::Rust(emit) => format_rust(path, emit()),
            Part::Done(text) => Ok(text),
        }
    }
}

/// prettyplease ends every item with a newline and puts no blank line between items, so
/// parts formatted one by one join into exactly what the whole file formats to; the blank
/// lines are added to the joined file (`spacing`).
fn format_rust(path: &Path, tokens: proc_macro2::TokenStream) -> Result<String> {
    let file: syn::File = syn::parse2(tokens).map_err(|e| {
        Error::plain(format!(
            "internal error: emitted code for {} does not parse: {e}",
            path.display()
        ))
    })?;
    Ok(prettyplease::unparse(&file))
}

fn rust_header() -> String {
    format!("// @generated by codegen from the OpenAPI documents in spec/.\n// Do not edit by hand: change spec/ or codegen/, then {REGENERATE}.\n\n")
}

fn copied(path: &Path, source: &str, text: &str) -> String {
    let note = format!("@generated: copied verbatim by codegen from {source}.");
    let edit = format!("Do not edit here: edit that file, then {REGENERATE}.");
    match path.extension().and_then(|e| e.to_str()) {
        Some("md") => format!("<!-- {note} {edit} -->\n\n{text}"),
        _ => format!("// {note}\n// {edit}\n\n{text}"),
    }
}

/// Compares each file with what `out` holds, for `--check`.
pub struct Staleness<'a> {
    out: &'a Path,
    seen: Mutex<Seen>,
}

#[derive(Default)]
struct Seen {
    /// (path, what is wrong with it).
    stale: Vec<(PathBuf, &'static str)>,
    generated: BTreeSet<PathBuf>,
}

impl<'a> Staleness<'a> {
    pub fn new(out: &'a Path) -> Self {
        Self {
            out,
            seen: Mutex::default(),
        }
    }

    /// How many files it was given.
    pub fn files(&self) -> usize {
        lock(&self.seen).generated.len()
    }

    /// Differences between `out` and what codegen would write, one line each, in path order.
    pub fn finish(self) -> Result<Vec<String>> {
        let Seen { mut stale, generated } = self.seen.into_inner().unwrap_or_else(|e| e.into_inner());
        for path in existing_files(self.out)? {
            if !generated.contains(&path) {
                stale.push((path, "not generated"));
            }
        }
        stale.sort();
        Ok(stale
            .into_iter()
            .map(|(path, what)| format!("{what}: {}", path.display()))
            .collect())
    }
}

impl Sink for Staleness<'_> {
    fn accept(&self, path: &Path, text: String) -> Result<()> {
        let stale = match std::fs::read(self.out.join(path)) {
            Ok(bytes) if bytes == text.as_bytes() => None,
            Ok(_) => Some("changed"),
            Err(_) => Some("missing"),
        };
        let mut seen = lock(&self.seen);
        seen.stale.extend(stale.map(|what| (path.to_path_buf(), what)));
        seen.generated.insert(path.to_path_buf());
        Ok(())
    }
}

/// Differences between `out` and `rendered`, one line each.
pub fn stale_files(out: &Path, rendered: &Rendered) -> Result<Vec<String>> {
    let staleness = Staleness::new(out);
    for (path, text) in rendered {
        staleness.accept(path, text.clone())?;
    }
    staleness.finish()
}

/// Writes each file as it arrives: a file `out` did not hold goes straight into place, a
/// changed one is staged beside its target. [`commit`](Self::commit) renames the staged
/// files into place and removes files no longer generated. Dropped without a commit (an
/// error anywhere), it removes what it wrote and staged, leaving `out` as it was.
///
/// Into an empty folder, then, each file costs one `open` and one `write`: creating a
/// thousand files is most of the system time of a clean run (BENCHMARKS.md).
pub struct Staging<'a> {
    out: &'a Path,
    /// The files `out` held when staging began, but what codegen leaves alone.
    existing: BTreeSet<PathBuf>,
    written: Mutex<Written>,
}

/// What a [`Staging`] has written so far. Each file is listed before it is written, so that
/// one whose writing fails half-way is removed too.
#[derive(Default)]
struct Written {
    /// (temporary file, target), for files that were there.
    staged: Vec<(PathBuf, PathBuf)>,
    /// Files written in place, which were not there.
    added: Vec<PathBuf>,
    /// Folders known to exist.
    folders: BTreeSet<PathBuf>,
    generated: BTreeSet<PathBuf>,
}

impl<'a> Staging<'a> {
    pub fn new(out: &'a Path) -> Result<Self> {
        Ok(Self {
            out,
            existing: existing_files(out)?.into_iter().collect(),
            written: Mutex::default(),
        })
    }

    /// How many files it was given.
    pub fn files(&self) -> usize {
        lock(&self.written).generated.len()
    }

    /// Returns how many files were written and removed.
    pub fn commit(mut self) -> Result<(usize, usize)> {
        let written = self.written.get_mut().unwrap_or_else(|e| e.into_inner());
        let staged = std::mem::take(&mut written.staged);
        let generated = std::mem::take(&mut written.generated);
        let count = staged.len() + std::mem::take(&mut written.added).len();
        for (temporary, path) in &staged {
            std::fs::rename(temporary, path).map_err(|e| cannot_write(path, e))?;
        }
        let mut removed = 0;
        for relative in self.existing.difference(&generated) {
            let path = self.out.join(relative);
            std::fs::remove_file(&path).map_err(|e| cannot_write(&path, e))?;
            removed += 1;
        }
        if removed > 0 {
            remove_empty_dirs(self.out);
        }
        Ok((count, removed))
    }

    /// Makes the folder of `path` unless it is known to exist. Two threads may make the
    /// same one: `create_dir_all` takes a folder another made meanwhile as made.
    fn folder_for(&self, path: &Path) -> Result<()> {
        if let Some(parent) = path.parent() {
            if !lock(&self.written).folders.contains(parent) {
                std::fs::create_dir_all(parent).map_err(|e| cannot_write(parent, e))?;
                lock(&self.written).folders.extend(parent.ancestors().map(Path::to_path_buf));
            }
        }
        Ok(())
    }
}

impl Sink for Staging<'_> {
    fn accept(&self, relative: &Path, text: String) -> Result<()> {
        lock(&self.written).generated.insert(relative.to_path_buf());
        let path = self.out.join(relative);
        if !self.existing.contains(relative) {
            lock(&self.written).added.push(path.clone());
            self.folder_for(&path)?;
            return std::fs::write(&path, text).map_err(|e| cannot_write(&path, e));
        }
        if std::fs::read(&path).is_ok_and(|bytes| bytes == text.as_bytes()) {
            return Ok(());
        }
        let temporary = path.with_extension("codegen-tmp");
        lock(&self.written).staged.push((temporary.clone(), path));
        std::fs::write(&temporary, text).map_err(|e| cannot_write(&temporary, e))
    }
}

impl Drop for Staging<'_> {
    fn drop(&mut self) {
        let written = self.written.get_mut().unwrap_or_else(|e| e.into_inner());
        if written.staged.is_empty() && written.added.is_empty() {
            return;
        }
        for file in written.staged.iter().map(|(temporary, _)| temporary).chain(&written.added) {
            let _ = std::fs::remove_file(file);
        }
        remove_empty_dirs(self.out);
    }
}

/// Writes `rendered` into `out` (see [`Staging`]); returns how many files were written and
/// removed.
pub fn write(out: &Path, rendered: &Rendered) -> Result<(usize, usize)> {
    let staging = Staging::new(out)?;
    for (path, text) in rendered {
        staging.accept(path, text.clone())?;
    }
    staging.commit()
}

fn cannot_write(path: &Path, e: std::io::Error) -> Error {
    Error::plain(format!("cannot write {}: {e}", path.display()))
}

fn existing_files(out: &Path) -> Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    if out.exists() {
        collect(out, Path::new(""), &mut files)
            .map_err(|e| Error::plain(format!("cannot read the output folder {}: {e}", out.display())))?;
    }
    files.sort();
    Ok(files)
}

fn collect(root: &Path, relative: &Path, files: &mut Vec<PathBuf>) -> std::io::Result<()> {
    for entry in std::fs::read_dir(root.join(relative))? {
        let entry = entry?;
        let name = entry.file_name();
        if relative.as_os_str().is_empty() && NOT_OURS.iter().any(|n| name == *n) {
            continue;
        }
        let path = relative.join(&name);
        if entry.file_type()?.is_dir() {
            collect(root, &path, files)?;
        } else {
            files.push(path);
        }
    }
    Ok(())
}

fn remove_empty_dirs(dir: &Path) {
    if let Ok(entries) = std::fs::read_dir(dir) {
        for entry in entries.flatten() {
            if entry.file_type().is_ok_and(|t| t.is_dir()) {
                let path = entry.path();
                remove_empty_dirs(&path);
                let _ = std::fs::remove_dir(&path); // fails, as intended, when not empty
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use quote::quote;

    use super::*;

    fn contents(dir: &Path) -> BTreeMap<PathBuf, String> {
        existing_files(dir)
            .unwrap()
            .into_iter()
            .map(|path| (path.clone(), std::fs::read_to_string(dir.join(path)).unwrap()))
            .collect()
    }

    #[test]
    fn staged_files_are_removed_unless_committed() {
        let out = tempfile::tempdir().unwrap();
        std::fs::write(out.path().join("kept.rs"), "old").unwrap();
        let before = contents(out.path());
        let staging = Staging::new(out.path()).unwrap();
        staging.accept(Path::new("kept.rs"), "new".into()).unwrap();
        staging.accept(Path::new("src/models/a.rs"), "a".into()).unwrap();
        // A file that was there is staged beside itself; a new one goes into place.
        assert_eq!(std::fs::read_to_string(out.path().join("kept.rs")).unwrap(), "old");
        assert!(out.path().join("kept.codegen-tmp").exists());
        assert!(out.path().join("src/models/a.rs").exists());
        drop(staging);
        assert_eq!(contents(out.path()), before);
        assert!(!out.path().join("src").exists());

        // The changelog is the people's, and `codegen diff --changelog`'s.
        std::fs::write(out.path().join("CHANGELOG.md"), "# Changelog").unwrap();
        let staging = Staging::new(out.path()).unwrap();
        staging.accept(Path::new("src/models/a.rs"), "a".into()).unwrap();
        assert_eq!(staging.commit().unwrap(), (1, 1), "a.rs written, kept.rs no longer generated");
        assert_eq!(
            contents(out.path()),
            BTreeMap::from([(PathBuf::from("src/models/a.rs"), "a".to_string())])
        );
        assert_eq!(
            std::fs::read_to_string(out.path().join("CHANGELOG.md")).unwrap(),
            "# Changelog"
        );
    }

    #[test]
    fn a_file_that_fails_to_render_leaves_the_folder_as_it_was() {
        let out = tempfile::tempdir().unwrap();
        std::fs::write(out.path().join("kept.rs"), "old").unwrap();
        let before = contents(out.path());
        let mut files = Files::new();
        for name in ["a.rs", "kept.rs", "b.rs"] {
            files.insert(name.into(), Content::Rust(vec![Box::new(|| quote! { pub struct A; })]));
        }
        files.insert("broken.rs".into(), Content::Rust(vec![Box::new(|| quote! { pub struct })]));
        files.insert("c.rs".into(), Content::Rust(vec![Box::new(|| quote! { pub fn })]));
        let staging = Staging::new(out.path()).unwrap();
        let error = render(files, &staging).unwrap_err().to_string();
        drop(staging);
        assert!(
            error.contains("broken.rs does not parse"),
            "the first broken file in path order: {error}"
        );
        assert_eq!(contents(out.path()), before);
    }

    #[test]
    fn parts_formatted_one_by_one_join_into_the_whole_file() {
        let parts = [
            quote! { #![doc = " A file."] },
            quote! {
                /// A type.
                #[derive(Debug)]
                pub struct A { pub a: i64 }
                impl A { pub fn new(a: i64) -> Self { Self { a } } }
            },
            quote! {
                #[cfg(any(feature = "a", feature = "b"))]
                mod b { pub enum B { X, Y } }
                #[cfg(any(feature = "a", feature = "b"))]
                pub use b::B;
            },
        ];
        let path = Path::new("src/models/a.rs");
        let one_by_one: String = parts.iter().map(|part| format_rust(path, part.clone()).unwrap()).collect();
        let whole = format_rust(path, parts.into_iter().collect()).unwrap();
        assert_eq!(one_by_one, whole);
    }
}
