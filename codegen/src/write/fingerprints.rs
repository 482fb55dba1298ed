//! What the last run wrote into an output folder, so that a run after a small spec change
//! formats only the files whose tokens changed.
//!
//! For each file, two hashes: of its input (the emitted tokens of each part, as text, and
//! its other text) and of the bytes written. A file whose input hashes as recorded, and
//! whose bytes on disk still hash as recorded, is read back instead of formatted: the same
//! codegen build formats the same tokens into the same bytes.
//!
//! A file made from one product's model alone also records a hash of that model (its
//! source). When the product's model is as recorded, such a file is read back without its
//! tokens being emitted at all: after a change to one product, the others cost only their
//! model and the reading of their files.
//!
//! The record names the build (a hash of the codegen executable), and one from another
//! build is not used. It lives in the output folder ([`FILE`]), is not part of the output
//! (`--check` and stale-file removal leave it alone), and is written only after the files
//! are.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::OnceLock;

/// The record's name in the output folder.
pub const FILE: &str = ".codegen-fingerprints";

/// A 128-bit hash of some text (XXH3). Stable for one codegen build, which is all the
/// record needs (it names the build).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Hash(u64, u64);

/// A hash fed piece by piece.
pub struct Hashing(xxhash_rust::xxh3::Xxh3);

impl Hashing {
    pub fn new() -> Hashing {
        Hashing(xxhash_rust::xxh3::Xxh3::new())
    }

    pub fn add(&mut self, text: &[u8]) {
        // The length first, so that pieces cannot shift into one another.
        self.0.update(&(text.len() as u64).to_le_bytes());
        self.0.update(text);
    }

    pub fn finish(&self) -> Hash {
        let hash = self.0.digest128();
        Hash((hash >> 64) as u64, hash as u64)
    }
}

impl Default for Hashing {
    fn default() -> Self {
        Hashing::new()
    }
}

pub fn hash(text: &[u8]) -> Hash {
    let mut hashing = Hashing::new();
    hashing.add(text);
    hashing.finish()
}

impl std::fmt::Display for Hash {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:016x}{:016x}", self.0, self.1)
    }
}

impl std::str::FromStr for Hash {
    type Err = ();
    fn from_str(text: &str) -> Result<Hash, ()> {
        let (a, b) = (text.get(..16).ok_or(())?, text.get(16..).ok_or(())?);
        Ok(Hash(
            u64::from_str_radix(a, 16).map_err(|_| ())?,
            u64::from_str_radix(b, 16).map_err(|_| ())?,
        ))
    }
}

/// One file's record: its input, the bytes written for it, and the model of the one
/// product it was made from, if it was.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Entry {
    pub input: Hash,
    pub output: Hash,
    pub source: Option<Hash>,
}

/// A [`Hashing`] that values can be written into (`serde_json::to_writer`).
impl std::io::Write for Hashing {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.add(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// The record of an output folder: read at the start of a run, filled during it, saved
/// after the files are written.
#[derive(Debug)]
pub struct Fingerprints {
    out: PathBuf,
    /// What the last run recorded, if by this build.
    previous: BTreeMap<PathBuf, Entry>,
    /// What this run made.
    current: BTreeMap<PathBuf, Entry>,
    /// How many files this run read back instead of formatting.
    reused: AtomicUsize,
    /// How many of those it read back without emitting them either.
    not_emitted: AtomicUsize,
}

/// This codegen build: a hash of the running executable, read once.
fn build() -> Option<Hash> {
    static BUILD: OnceLock<Option<Hash>> = OnceLock::new();
    *BUILD.get_or_init(|| {
        let exe = std::env::current_exe().ok()?;
        Some(hash(&std::fs::read(exe).ok()?))
    })
}

impl Fingerprints {
    /// The record of `out`; empty when there is none, it does not parse, or another build
    /// wrote it.
    pub fn load(out: &Path) -> Fingerprints {
        let previous = std::fs::read_to_string(out.join(FILE))
            .ok()
            .and_then(|text| parse(&text))
            .unwrap_or_default();
        Fingerprints {
            out: out.to_path_buf(),
            previous,
            current: BTreeMap::new(),
            reused: AtomicUsize::new(0),
            not_emitted: AtomicUsize::new(0),
        }
    }

    /// How many files this run read back instead of formatting them.
    pub fn reused(&self) -> usize {
        self.reused.load(Ordering::Relaxed)
    }

    /// The text of `path` as the last run wrote it, if its input is still `input` and the
    /// file still holds those bytes.
    pub fn reusable(&self, path: &Path, input: Hash) -> Option<String> {
        let entry = self.previous.get(path).filter(|entry| entry.input == input)?;
        self.read_back(path, entry)
    }

    /// The text and the input of `path` as the last run wrote them, if it was made from the
    /// model `source` and the file still holds those bytes: its tokens need not be emitted.
    pub fn reusable_from(&self, path: &Path, source: Hash) -> Option<(String, Hash)> {
        let entry = self.previous.get(path).filter(|entry| entry.source == Some(source))?;
        let text = self.read_back(path, entry)?;
        self.not_emitted.fetch_add(1, Ordering::Relaxed);
        Some((text, entry.input))
    }

    /// How many of the files read back were not emitted either (see [`reusable_from`](Self::reusable_from)).
    pub fn not_emitted(&self) -> usize {
        self.not_emitted.load(Ordering::Relaxed)
    }

    fn read_back(&self, path: &Path, entry: &Entry) -> Option<String> {
        let text = std::fs::read_to_string(self.out.join(path)).ok()?;
        let unchanged = hash(text.as_bytes()) == entry.output;
        if unchanged {
            self.reused.fetch_add(1, Ordering::Relaxed);
        }
        unchanged.then_some(text)
    }

    pub fn record(&mut self, path: &Path, entry: Entry) {
        self.current.insert(path.to_path_buf(), entry);
    }

    /// Writes this run's record (replacing the last), once the files it describes are in
    /// place. Without a build to name, nothing is written.
    pub fn save(&self) -> std::io::Result<()> {
        let Some(build) = build() else {
            return Ok(());
        };
        let mut text = format!("codegen-fingerprints 3 {build}\n");
        for (path, entry) in &self.current {
            let source = entry.source.map_or_else(|| "-".to_string(), |source| source.to_string());
            text.push_str(&format!("{} {} {source} {}\n", entry.input, entry.output, path.display()));
        }
        let target = self.out.join(FILE);
        let temporary = target.with_extension("codegen-tmp");
        std::fs::write(&temporary, text)?;
        std::fs::rename(&temporary, &target)
    }
}

/// The entries of a record written by this build, or `None`.
fn parse(text: &str) -> Option<BTreeMap<PathBuf, Entry>> {
    let mut lines = text.lines();
    let header = lines.next()?.strip_prefix("codegen-fingerprints 3 ")?;
    if header.parse::<Hash>().ok()? != build()? {
        return None;
    }
    lines
        .map(|line| {
            let mut fields = line.splitn(4, ' ');
            let input = fields.next()?.parse().ok()?;
            let output = fields.next()?.parse().ok()?;
            let source = match fields.next()? {
                "-" => None,
                source => Some(source.parse().ok()?),
            };
            Some((PathBuf::from(fields.next()?), Entry { input, output, source }))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_is_reused_only_when_its_input_and_its_bytes_are_as_recorded() {
        let out = tempfile::tempdir().unwrap();
        let path = Path::new("src/a.rs");
        std::fs::create_dir_all(out.path().join("src")).unwrap();
        std::fs::write(out.path().join(path), "pub struct A;\n").unwrap();
        let (input, other) = (hash(b"tokens"), hash(b"other tokens"));
        let (model, other_model) = (hash(b"model"), hash(b"other model"));
        let mut record = Fingerprints::load(out.path());
        assert_eq!(record.reusable(path, input), None, "no record yet");
        record.record(
            path,
            Entry {
                input,
                output: hash(b"pub struct A;\n"),
                source: Some(model),
            },
        );
        record.save().unwrap();

        let record = Fingerprints::load(out.path());
        assert_eq!(record.reusable(path, input).as_deref(), Some("pub struct A;\n"));
        assert_eq!(record.reusable(path, other), None, "another input");
        assert_eq!(
            record.reusable_from(path, model),
            Some(("pub struct A;\n".to_string(), input))
        );
        assert_eq!(record.reusable_from(path, other_model), None, "another model");
        assert_eq!((record.reused(), record.not_emitted()), (2, 1));
        std::fs::write(out.path().join(path), "pub struct B;\n").unwrap();
        assert_eq!(record.reusable(path, input), None, "edited by hand since");
        assert_eq!(record.reusable_from(path, model), None, "edited by hand since");

        // A record this build did not write, or that does not parse, is not used.
        let text = std::fs::read_to_string(out.path().join(FILE)).unwrap();
        std::fs::write(out.path().join(FILE), text.replacen(' ', " 0", 2)).unwrap();
        assert!(Fingerprints::load(out.path()).previous.is_empty());
        std::fs::write(out.path().join(FILE), "not a record").unwrap();
        assert!(Fingerprints::load(out.path()).previous.is_empty());
    }
}
