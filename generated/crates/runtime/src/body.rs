// @generated: copied verbatim by codegen from codegen/runtime/src/body.rs.
// Do not edit here: edit that file, then run `cargo run -p codegen`.

//! Bodies that are not JSON. Requests: `multipart/form-data`, form-encoded, raw bytes or a
//! file, each kept as it will be sent, so that a retried request sends the same body again
//! (a file is opened again). Responses: bytes handed over as they arrive ([`ByteStream`]).

use std::fmt;
use std::path::{Path, PathBuf};
use std::time::Duration;

use reqwest::header::{HeaderMap, CONTENT_LENGTH, CONTENT_TYPE};
use reqwest::StatusCode;
use serde::Serialize;

use crate::error::{Error, Operation, Rule};

/// A request body of bytes (`application/octet-stream`): in memory, or a file read from disk
/// as it is sent, so that a large one is never held whole. A retried request reads the file
/// again.
///
/// ```
/// # use gcore_runtime as gcore; // this example runs in the runtime's crate
/// let in_memory = gcore::Upload::from(b"\0asm".to_vec());
/// let from_disk = gcore::Upload::file("app.wasm");
/// assert_eq!(format!("{from_disk:?}"), r#"Upload::File("app.wasm")"#);
/// # let _ = in_memory;
/// ```
#[derive(Clone, PartialEq, Eq)]
pub struct Upload(Source);

#[derive(Clone, PartialEq, Eq)]
enum Source {
    Bytes(Vec<u8>),
    File(PathBuf),
}

impl Upload {
    /// The file at `path`, streamed from disk when the request is sent.
    pub fn file(path: impl AsRef<Path>) -> Self {
        Upload(Source::File(path.as_ref().to_path_buf()))
    }

    /// A reqwest body and its length: the bytes, or the file opened now.
    fn body(&self, part: &str) -> Result<(reqwest::Body, u64), Error> {
        match &self.0 {
            Source::Bytes(bytes) => Ok((bytes.clone().into(), bytes.len() as u64)),
            Source::File(path) => {
                let unreadable = |e: std::io::Error| Error::invalid(part, Rule::Encodable, format!("{}: {e}", path.display()));
                let file = std::fs::File::open(path).map_err(unreadable)?;
                let length = file.metadata().map_err(unreadable)?.len();
                let stream = tokio_util::io::ReaderStream::new(tokio::fs::File::from_std(file));
                Ok((reqwest::Body::wrap_stream(stream), length))
            }
        }
    }
}

impl From<Vec<u8>> for Upload {
    fn from(bytes: Vec<u8>) -> Self {
        Upload(Source::Bytes(bytes))
    }
}

impl From<&[u8]> for Upload {
    fn from(bytes: &[u8]) -> Self {
        Upload(Source::Bytes(bytes.to_vec()))
    }
}

/// The bytes are not printed.
impl fmt::Debug for Upload {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.0 {
            Source::Bytes(bytes) => write!(f, "Upload::Bytes(<{} bytes>)", bytes.len()),
            Source::File(path) => write!(f, "Upload::File({path:?})"),
        }
    }
}

/// A 2xx response body handed over as it arrives, for downloads too large to hold
/// (`send_streaming()` of an operation that answers with bytes). The request's timeout
/// covers the whole download: give a longer one per call (`RequestOptions::timeout`) for a
/// large file.
#[derive(Debug)]
pub struct ByteStream {
    operation: Operation,
    timeout: Duration,
    status: StatusCode,
    headers: HeaderMap,
    body: Stream,
}

#[derive(Debug)]
enum Stream {
    Open(reqwest::Response),
    Read(Option<Vec<u8>>),
}

impl ByteStream {
    pub(crate) fn open(operation: Operation, timeout: Duration, mut response: reqwest::Response) -> Self {
        ByteStream {
            operation,
            timeout,
            status: response.status(),
            headers: std::mem::take(response.headers_mut()),
            body: Stream::Open(response),
        }
    }

    pub(crate) fn read(timeout: Duration, response: crate::request::Response) -> Self {
        ByteStream {
            operation: response.operation,
            timeout,
            status: response.status,
            headers: response.headers,
            body: Stream::Read(Some(response.body)),
        }
    }

    pub fn status(&self) -> StatusCode {
        self.status
    }

    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// The next part of the body, `None` at its end.
    pub async fn chunk(&mut self) -> Result<Option<Vec<u8>>, Error> {
        match &mut self.body {
            Stream::Open(response) => match response.chunk().await {
                Ok(chunk) => Ok(chunk.map(|bytes| bytes.to_vec())),
                Err(source) if source.is_timeout() => Err(Error::Timeout {
                    operation: self.operation,
                    attempts: 1,
                    timeout: self.timeout,
                }),
                Err(source) => Err(Error::Connection {
                    operation: self.operation,
                    attempts: 1,
                    source: source.without_url(),
                }),
            },
            Stream::Read(body) => Ok(body.take()),
        }
    }
}

/// How a body the operation takes in several media is sent (JSON unless the caller picks
/// another the operation offers).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Encoding {
    Json,
    Form,
    Multipart,
}

/// What a request carries, encoded for the wire.
#[derive(Clone, Debug)]
pub enum Payload {
    /// An encoded body and its `Content-Type`.
    Encoded { content_type: &'static str, bytes: Vec<u8> },
    /// A `multipart/form-data` body, turned into reqwest's form for each attempt.
    Multipart(Multipart),
    /// Bytes, or a file streamed from disk for each attempt (`application/octet-stream`).
    Upload(Upload),
}

impl Payload {
    pub(crate) fn json(body: &impl Serialize) -> Result<Payload, Error> {
        let bytes = serde_json::to_vec(body).map_err(|e| Error::invalid("body", Rule::Encodable, e.to_string()))?;
        Ok(Payload::Encoded {
            content_type: "application/json",
            bytes,
        })
    }

    /// `application/x-www-form-urlencoded`: the body's top-level fields as `name=value`
    /// pairs, as OpenAPI encodes a form by default (style `form`, exploded): a list of
    /// plain values is one pair per value, an object or a list holding one is its JSON
    /// text (the Encoding Object's default content type for objects), an absent or `null`
    /// field is left out.
    pub(crate) fn form(body: &impl Serialize) -> Result<Payload, Error> {
        // Through JSON text, which keeps the fields in the order the type declares them.
        let json = serde_json::to_vec(body).map_err(|e| Error::invalid("body", Rule::Encodable, e.to_string()))?;
        let Ok(Fields(fields)) = serde_json::from_slice::<Fields>(&json) else {
            return Err(Error::invalid(
                "body",
                Rule::Encodable,
                "a form is an object's fields, and this body is not an object",
            ));
        };
        let mut pairs: Vec<(String, String)> = Vec::new();
        for (name, value) in fields {
            match value {
                serde_json::Value::Null => {}
                serde_json::Value::Array(items) if items.iter().all(is_plain) => {
                    pairs.extend(items.iter().map(|item| (name.clone(), plain_text(item))));
                }
                value @ (serde_json::Value::Array(_) | serde_json::Value::Object(_)) => {
                    pairs.push((name, value.to_string()));
                }
                plain => pairs.push((name, plain_text(&plain))),
            }
        }
        let text = serde_urlencoded::to_string(&pairs).map_err(|e| Error::invalid("body", Rule::Encodable, e.to_string()))?;
        Ok(Payload::Encoded {
            content_type: "application/x-www-form-urlencoded",
            bytes: text.into_bytes(),
        })
    }

    /// Adds the body to a request being built.
    pub(crate) fn attach(&self, builder: reqwest::RequestBuilder) -> Result<reqwest::RequestBuilder, Error> {
        Ok(match self {
            Payload::Encoded { content_type, bytes } => builder.header(CONTENT_TYPE, *content_type).body(bytes.clone()),
            Payload::Multipart(multipart) => builder.multipart(multipart.to_form()?),
            Payload::Upload(upload) => {
                let (body, length) = upload.body("body")?;
                builder
                    .header(CONTENT_TYPE, "application/octet-stream")
                    .header(CONTENT_LENGTH, length)
                    .body(body)
            }
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
        data: Upload,
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
    /// unknown) and its contents: bytes, or an [`Upload::file`] streamed from disk.
    pub fn file(
        mut self,
        name: impl Into<String>,
        file_name: impl Into<String>,
        content_type: impl Into<String>,
        data: impl Into<Upload>,
    ) -> Self {
        self.parts.push(Part {
            name: name.into(),
            content: Content::File {
                file_name: file_name.into(),
                content_type: content_type.into(),
                data: data.into(),
            },
        });
        self
    }

    /// A typed body's fields as text parts, in name order: a string as it is, anything else
    /// as JSON text; null fields are left out.
    pub(crate) fn from_fields(body: &impl Serialize) -> Result<Multipart, Error> {
        let encoded = serde_json::to_value(body).map_err(|e| Error::invalid("body", Rule::Encodable, e.to_string()))?;
        let serde_json::Value::Object(fields) = encoded else {
            return Err(Error::invalid("body", Rule::Encodable, "not an object"));
        };
        let mut multipart = Multipart::new();
        for (name, value) in fields {
            multipart = match value {
                serde_json::Value::Null => multipart,
                serde_json::Value::String(text) => multipart.text(name, text),
                other => multipart.text(name, other.to_string()),
            };
        }
        Ok(multipart)
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
                    data,
                } => {
                    let path = format!("body.{}", part.name);
                    let (body, length) = data.body(&path)?;
                    reqwest::multipart::Part::stream_with_length(body, length)
                        .file_name(file_name.clone())
                        .mime_str(content_type)
                        .map_err(|e| Error::invalid(path, Rule::Encodable, e.to_string()))?
                }
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
                    data,
                } => list.entry(&format_args!("{}=<file {file_name:?}, {content_type}, {data:?}>", part.name)),
            };
        }
        list.finish()
    }
}

/// An object's fields in the order they come.
struct Fields(Vec<(String, serde_json::Value)>);

impl<'de> serde::Deserialize<'de> for Fields {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl<'de> serde::de::Visitor<'de> for Visitor {
            type Value = Fields;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("an object")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Fields, A::Error> {
                let mut fields = Vec::new();
                while let Some(field) = map.next_entry()? {
                    fields.push(field);
                }
                Ok(Fields(fields))
            }
        }
        deserializer.deserialize_map(Visitor)
    }
}

/// A value a form sends as text of its own: a string, a number or a boolean.
fn is_plain(value: &serde_json::Value) -> bool {
    matches!(
        value,
        serde_json::Value::String(_) | serde_json::Value::Number(_) | serde_json::Value::Bool(_)
    )
}

/// A plain value as a form sends it: a string as it is, anything else as its JSON text.
fn plain_text(value: &serde_json::Value) -> String {
    match value {
        serde_json::Value::String(text) => text.clone(),
        other => other.to_string(),
    }
}
