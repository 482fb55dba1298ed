// @generated: copied verbatim by codegen from codegen/runtime/src/request.rs.
// Do not edit here: edit that file, then run `cargo run -p codegen`.

//! What a generated operation hands to the client: a method, a path, query pairs and a body.

use std::fmt::Display;
use std::future::Future;
use std::pin::Pin;
use std::time::Duration;

use reqwest::header::HeaderMap;
use reqwest::{Method, StatusCode};
use serde::de::DeserializeOwned;
use serde::Serialize;

use super::error::{DecodeError, Error};
use super::values::QueryValue;

/// The future an awaited request builder runs: `Send` and `'static`, so it can be spawned.
pub type BoxFuture<T> = Pin<Box<dyn Future<Output = T> + Send + 'static>>;

/// Per-call settings, overriding the client's.
#[derive(Clone, Debug, Default)]
#[non_exhaustive]
pub struct RequestOptions {
    pub timeout: Option<Duration>,
    pub max_retries: Option<u32>,
    pub headers: Vec<(String, String)>,
    pub query: Vec<(String, String)>,
    pub retry_non_idempotent: Option<bool>,
}

impl RequestOptions {
    pub fn new() -> Self {
        Self::default()
    }

    /// Timeout of each attempt.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// Retries after the first attempt (0 disables retrying).
    pub fn max_retries(mut self, retries: u32) -> Self {
        self.max_retries = Some(retries);
        self
    }

    /// An extra header for this call.
    pub fn header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.headers.push((name.into(), value.into()));
        self
    }

    /// An extra query parameter for this call.
    pub fn query(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.query.push((name.into(), value.into()));
        self
    }

    /// Allow re-sending a POST or PATCH that may already have reached the server.
    pub fn retry_non_idempotent(mut self, allow: bool) -> Self {
        self.retry_non_idempotent = Some(allow);
        self
    }
}

/// One API call, as built by a generated operation.
#[derive(Debug)]
pub(crate) struct Request {
    pub method: Method,
    pub operation: &'static str,
    pub path: String,
    pub query: Vec<(String, String)>,
    pub body: Option<Vec<u8>>,
    pub authenticated: bool,
}

impl Request {
    pub fn new(method: Method, operation: &'static str, path: String) -> Self {
        Request {
            method,
            operation,
            path,
            query: Vec::new(),
            body: None,
            authenticated: true,
        }
    }

    /// For the few operations whose spec says `security: []`.
    #[allow(dead_code)]
    pub fn without_auth(&mut self) {
        self.authenticated = false;
    }

    #[allow(dead_code)]
    pub fn query(&mut self, name: &str, value: &(impl QueryValue + ?Sized)) {
        value.append_to(name, &mut self.query);
    }

    #[allow(dead_code)]
    pub fn json(&mut self, body: &impl Serialize) -> Result<(), Error> {
        let bytes = serde_json::to_vec(body).map_err(|e| Error::invalid("body", format!("cannot be encoded as JSON: {e}")))?;
        self.body = Some(bytes);
        Ok(())
    }

    pub fn idempotent(&self) -> bool {
        !matches!(self.method, Method::POST | Method::PATCH)
    }
}

/// Encodes a path parameter as exactly one path segment. Values that no encoding can keep
/// in one segment (empty, `.`, `..`) are refused rather than sent somewhere else.
pub(crate) fn path_segment(name: &str, value: &impl Display) -> Result<String, Error> {
    let text = value.to_string();
    if text.is_empty() || text == "." || text == ".." {
        return Err(Error::invalid(name, format!("{text:?} cannot be used as a path segment")));
    }
    Ok(percent_encoding::utf8_percent_encode(&text, SEGMENT).to_string())
}

/// Everything but RFC 3986 unreserved characters is percent-encoded.
const SEGMENT: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// A successful response, body read in full.
#[derive(Debug)]
pub(crate) struct Response {
    pub operation: &'static str,
    pub status: StatusCode,
    #[allow(dead_code)]
    pub headers: HeaderMap,
    pub body: Vec<u8>,
}

impl Response {
    /// Decodes the body, naming the path of the first value that does not fit.
    #[allow(dead_code)]
    pub fn json<T: DeserializeOwned>(self) -> Result<T, Error> {
        let mut deserializer = serde_json::Deserializer::from_slice(&self.body);
        let result: Result<T, _> = serde_path_to_error::deserialize(&mut deserializer);
        let value = result.map_err(|e| self.decode_error(e.path().to_string(), e.inner().to_string()))?;
        deserializer.end().map_err(|e| self.decode_error(".".into(), e.to_string()))?;
        Ok(value)
    }

    /// For operations without a response body.
    #[allow(dead_code)]
    pub fn empty(self) -> Result<(), Error> {
        Ok(())
    }

    fn decode_error(&self, path: String, message: String) -> Error {
        Error::Decode(Box::new(DecodeError {
            operation: self.operation,
            status: self.status,
            path,
            message,
            excerpt: excerpt(&self.body),
        }))
    }
}

/// At most 200 characters of a body, for error messages.
pub(crate) fn excerpt(body: &[u8]) -> String {
    let text = String::from_utf8_lossy(body);
    let mut cut: String = text.chars().take(200).collect();
    if text.chars().count() > 200 {
        cut.push('…');
    }
    cut
}
