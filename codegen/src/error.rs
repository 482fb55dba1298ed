//! The one error type of the generator: every failure names the file and the JSON pointer
//! it comes from, so that a user can find the offending spot in a 2 MB spec.

use std::fmt;
use std::path::{Path, PathBuf};

/// Where in the input a problem was found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    /// The spec (or docs page, naming file, overlay) the problem is in, when known.
    pub file: Option<PathBuf>,
    /// RFC 6901 JSON pointer inside that file; empty for the whole document.
    pub pointer: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error {
    pub location: Location,
    pub message: String,
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    pub fn at(file: impl Into<Option<PathBuf>>, pointer: impl Into<String>, message: impl Into<String>) -> Self {
        Error {
            location: Location {
                file: file.into(),
                pointer: pointer.into(),
            },
            message: message.into(),
        }
    }

    /// An error about a file as a whole (unreadable, not YAML, ...).
    pub fn in_file(file: &Path, message: impl Into<String>) -> Self {
        Error::at(file.to_path_buf(), "", message)
    }

    /// An error that is not tied to any input file (I/O on the output folder, for example).
    pub fn plain(message: impl Into<String>) -> Self {
        Error::at(None, "", message)
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(file) = &self.location.file {
            write!(f, "{}", file.display())?;
            if !self.location.pointer.is_empty() {
                write!(f, " at {}", self.location.pointer)?;
            }
            write!(f, ": ")?;
        } else if !self.location.pointer.is_empty() {
            write!(f, "at {}: ", self.location.pointer)?;
        }
        f.write_str(&self.message)
    }
}

impl std::error::Error for Error {}

/// Appends one reference token to a JSON pointer, escaping it as RFC 6901 requires.
pub fn push_pointer(pointer: &str, token: &str) -> String {
    let escaped = token.replace('~', "~0").replace('/', "~1");
    format!("{pointer}/{escaped}")
}
