// @generated: copied verbatim by codegen from codegen/runtime/src/body.rs.
// Do not edit here: edit that file, then run `cargo run -p codegen`.

//! Request bodies that are not JSON: `multipart/form-data`, form-encoded, raw bytes. Each
//! is kept as it will be sent, so that a retried request sends the same body again.

use std::fmt;

use serde::Serialize;

use crate::error::{Error, Rule};

/// What a request carries, encoded for the wire.
#[derive(Clone, Debug)]
pub enum Payload {
    /// An encoded body and its `Content-Type`.
    Encoded { content_type: &'static str, bytes: Vec<u8> },
    /// A `multipart/form-data` body, turned into reqwest's form for each attempt.
    Multipart(Multipart),
}

impl Payload {
    pub(crate) fn json(body: &impl Serialize) -> Result<Payload, Error> {
        let bytes = serde_json::to_vec(body).map_err(|e| Error::invalid("body", Rule::Encodable, e.to_string()))?;
        Ok(Payload::Encoded {
            content_type: "application/json",
            bytes,
        })
    }

    /// `application/x-www-form-urlencoded`: the body's top-level fields as `name=value` pairs.
    pub(crate) fn form(body: &impl Serialize) -> Result<Payload, Error> {
        let text = serde_urlencoded::to_string(body).map_err(|e| Error::invalid("body", Rule::Encodable, e.to_string()))?;
        Ok(Payload::Encoded {
            content_type: "application/x-www-form-urlencoded",
            bytes: text.into_bytes(),
        })
    }

    pub(crate) fn bytes(body: &[u8]) -> Payload {
        Payload::Encoded {
            content_type: "application/octet-stream",
            bytes: body.to_vec(),
        }
    }

    /// Adds the body to a request being built.
    pub(crate) fn attach(&self, builder: reqwest::RequestBuilder) -> Result<reqwest::RequestBuilder, Error> {
        Ok(match self {
            Payload::Encoded { content_type, bytes } => builder
                .header(reqwest::header::CONTENT_TYPE, *content_type)
                .body(bytes.clone()),
            Payload::Multipart(multipart) => builder.multipart(multipart.to_form()?),
        })
    }
}

/// A `multipart/form-data` request body: named parts, each text or a file with a file name
/// and a content type. Parts are sent in the order they are added.
///
/// ```
/// # use gcore_runtime as gcore; // this example runs in the runtime's crate
/// let body = gcore::Multipart::new()
///     .text("comment", "office network")
///     .file("files", "allow.txt", "text/plain", b"192.0.2.0/24\n".to_vec());
/// assert_eq!(body.part_names().collect::<Vec<_>>(), ["comment", "files"]);
/// ```
#[derive(Clone, Default, PartialEq)]
pub struct Multipart {
    parts: Vec<Part>,
}

#[derive(Clone, PartialEq)]
struct Part {
    name: String,
    content: Content,
}

#[derive(Clone, PartialEq)]
enum Content {
    Text(String),
    File {
        file_name: String,
        content_type: String,
        bytes: Vec<u8>,
    },
}

impl Multipart {
    pub fn new() -> Self {
        Multipart::default()
    }

    /// A text part.
    pub fn text(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.parts.push(Part {
            name: name.into(),
            content: Content::Text(value.into()),
        });
        self
    }

    /// A file part: its file name, its content type (`application/octet-stream` when
    /// unknown) and its bytes.
    pub fn file(
        mut self,
        name: impl Into<String>,
        file_name: impl Into<String>,
        content_type: impl Into<String>,
        bytes: impl Into<Vec<u8>>,
    ) -> Self {
        self.parts.push(Part {
            name: name.into(),
            content: Content::File {
                file_name: file_name.into(),
                content_type: content_type.into(),
                bytes: bytes.into(),
            },
        });
        self
    }

    /// The names of the parts, in order.
    pub fn part_names(&self) -> impl Iterator<Item = &str> {
        self.parts.iter().map(|p| p.name.as_str())
    }

    fn to_form(&self) -> Result<reqwest::multipart::Form, Error> {
        let mut form = reqwest::multipart::Form::new();
        for part in &self.parts {
            let built = match &part.content {
                Content::Text(text) => reqwest::multipart::Part::text(text.clone()),
                Content::File {
                    file_name,
                    content_type,
                    bytes,
                } => reqwest::multipart::Part::bytes(bytes.clone())
                    .file_name(file_name.clone())
                    .mime_str(content_type)
                    .map_err(|e| Error::invalid(format!("body.{}", part.name), Rule::Encodable, e.to_string()))?,
            };
            form = form.part(part.name.clone(), built);
        }
        Ok(form)
    }
}

/// File contents are not printed: a part shows its name, file name, type and size.
impl fmt::Debug for Multipart {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut list = f.debug_list();
        for part in &self.parts {
            match &part.content {
                Content::Text(text) => list.entry(&format_args!("{}={text:?}", part.name)),
                Content::File {
                    file_name,
                    content_type,
                    bytes,
                } => list.entry(&format_args!(
                    "{}=<file {file_name:?}, {content_type}, {} bytes>",
                    part.name,
                    bytes.len()
                )),
            };
        }
        list.finish()
    }
}
