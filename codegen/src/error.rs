//! The one error type of the generator: every failure names the file and the JSON pointer
//! it comes from, so that a user can find the offending spot in a 2 MB spec.

use std::fmt;
use std::path::{Path, PathBuf};

/// Where in the input a problem was found.
#[derive(serde::Serialize, serde::Deserialize, Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
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

/// Something the spec says that codegen represents more loosely than the spec means it:
/// generation goes on with the widest correct type, and the user is told what is lost.
#[derive(serde::Serialize, serde::Deserialize, Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Warning {
    pub kind: WarningKind,
    pub location: Location,
    pub message: String,
}

/// The kinds of warning, each with what a user of the SDK loses by it.
#[derive(serde::Serialize, serde::Deserialize, Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum WarningKind {
    /// A keyword JSON Schema does not define: an annotation (2020-12 §4.3.1).
    UnknownKeyword,
    /// A validation keyword where the spec's own structure makes it meaningless to codegen
    /// (beside `$ref`, beside a union).
    IgnoredKeyword,
    /// A schema whose shape no Rust type here states exactly: typed as any JSON value.
    UntypedSchema,
    /// A media type that is not JSON, text or bytes as written (`plain/text`, `application`).
    MediaType,
    /// An operation without `operationId`: named from its method and path.
    NoOperationId,
    /// Two operations the naming rules give one name: the later is named after its operationId.
    Renamed,
    /// A product setting that names what the document does not have.
    UnmatchedSetting,
    /// A `204`/`205` response that declares a body, which HTTP never sends.
    NoContentBody,
}

impl WarningKind {
    /// One line for the summary: what the kind is and what users lose by it.
    pub fn what_is_lost(self) -> &'static str {
        match self {
            WarningKind::UnknownKeyword => {
                "unknown schema keywords, kept as annotations: nothing the SDK types or checks depends on them"
            }
            WarningKind::IgnoredKeyword => {
                "keywords codegen cannot apply where they stand: the SDK does not check or type what they say"
            }
            WarningKind::UntypedSchema => {
                "schemas typed as `serde_json::Value`: no typed fields, no validation, no docs for their parts"
            }
            WarningKind::MediaType => "malformed media types, read by the rule in the README: check the calls named",
            WarningKind::NoOperationId => {
                "operations without `operationId`, named from method and path: the name changes if the path does"
            }
            WarningKind::UnmatchedSetting => "product settings the document does not match: what they turn on is left out",
            WarningKind::NoContentBody => "`204`/`205` responses declaring a body HTTP never sends: those calls return `()`",
            WarningKind::Renamed => {
                "operations the naming rules named alike, the later named after its operationId: name them in names.yaml"
            }
        }
    }
}

impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let error = Error {
            location: self.location.clone(),
            message: self.message.clone(),
        };
        error.fmt(f)
    }
}

/// Appends one reference token to a JSON pointer, escaping it as RFC 6901 requires.
/// Lowering and reference rewriting call it for every node of a document, so it makes one
/// allocation of the right size and escapes in the same pass.
pub fn push_pointer(pointer: &str, token: &str) -> String {
    let escapes = token.bytes().filter(|b| matches!(b, b'~' | b'/')).count();
    let mut pushed = String::with_capacity(pointer.len() + 1 + token.len() + escapes);
    pushed.push_str(pointer);
    pushed.push('/');
    if escapes == 0 {
        pushed.push_str(token);
    } else {
        for c in token.chars() {
            match c {
                '~' => pushed.push_str("~0"),
                '/' => pushed.push_str("~1"),
                c => pushed.push(c),
            }
        }
    }
    pushed
}

#[cfg(test)]
mod tests {
    use super::push_pointer;

    #[test]
    fn pointer_tokens_are_escaped_as_rfc_6901_says() {
        assert_eq!(push_pointer("", "paths"), "/paths");
        assert_eq!(push_pointer("/paths", "/v1/{id}"), "/paths/~1v1~1{id}");
        // `~` first, so that the `~1` an escaped `/` becomes is not escaped again.
        assert_eq!(push_pointer("/a", "~/~1é"), "/a/~0~1~01é");
    }
}
