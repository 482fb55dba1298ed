// @generated: copied verbatim by codegen from codegen/runtime/src/request.rs.
// Do not edit here: edit that file, then run `cargo run -p codegen`.

//! What a generated operation hands to the client (a method, a path, query pairs and a
//! body), what comes back ([`ApiResponse`]), and [`RawRequest`] for endpoints the SDK does
//! not cover.

use std::fmt::Display;
use std::future::Future;
use std::pin::Pin;
use std::time::Duration;

use reqwest::header::HeaderMap;
use reqwest::{Method, StatusCode};
use serde::de::DeserializeOwned;
use serde::Serialize;

use super::body::{ByteStream, Multipart, Payload, Upload};
use super::error::{DecodeError, Error, Operation, Rule};
use super::values::QueryValue;
use super::Client;

/// The future an awaited request builder runs: `Send` and `'static`, so it can be spawned.
pub type BoxFuture<T> = Pin<Box<dyn Future<Output = T> + Send + 'static>>;

/// Per-call settings, overriding the client's.
///
/// These are options of the call, not of the API: a body field that happens to be named
/// `timeout` (as a deployment's is) is set on the body, and never clashes with
/// [`RequestOptions::timeout`].
#[derive(Clone, Debug, Default)]
#[non_exhaustive]
pub struct RequestOptions {
    pub timeout: Option<Duration>,
    pub max_retries: Option<u32>,
    pub headers: Vec<(String, String)>,
    pub query: Vec<(String, String)>,
    pub retry_non_idempotent: Option<bool>,
    /// Whether to check this call's inputs before sending (the client decides when `None`).
    pub validate_requests: Option<bool>,
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

    /// Whether to check this call's inputs against the spec's rules before sending (see
    /// [`ClientBuilder::validate_requests`](crate::ClientBuilder::validate_requests), the
    /// escape hatch for a rule stricter than the API).
    pub fn validate_requests(mut self, validate: bool) -> Self {
        self.validate_requests = Some(validate);
        self
    }
}

/// One API call, as built by a generated operation.
#[derive(Debug, Clone)]
pub struct Request {
    pub method: Method,
    /// The call, or `client.request` for [`RawRequest`].
    pub operation: Operation,
    /// The path as the spec writes it (`/cloud/v1/tasks/{task_id}`), for tracing.
    pub template: &'static str,
    pub path: String,
    pub query: Vec<(String, String)>,
    pub headers: Vec<(String, String)>,
    pub body: Option<Payload>,
    pub authenticated: bool,
    /// The medium the call reads, sent as `Accept` in place of the client's
    /// `application/json` unless the caller names one (a parameter or an option).
    pub accept: Option<&'static str>,
}

impl Request {
    pub fn new(method: Method, operation: Operation, template: &'static str, path: String) -> Self {
        Request {
            method,
            operation,
            template,
            path,
            query: Vec::new(),
            headers: Vec::new(),
            body: None,
            authenticated: true,
            accept: None,
        }
    }

    /// Asks for `media_type` (`text/csv`): the call reads that medium. The last one asked
    /// for counts; an `Accept` the caller sets wins over it.
    #[allow(dead_code)]
    pub fn accept(&mut self, media_type: &'static str) {
        self.accept = Some(media_type);
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

    /// A query parameter whose value is JSON text (`contentMediaType: application/json`).
    #[allow(dead_code)]
    pub fn query_json(&mut self, name: &str, value: &impl Serialize) -> Result<(), Error> {
        let text = serde_json::to_string(value).map_err(|e| Error::invalid(name, Rule::Encodable, e.to_string()))?;
        self.query.push((name.to_owned(), text));
        Ok(())
    }

    /// An object-valued query parameter: each field a parameter of its own (`field=value`),
    /// or with `deep`, `name[field]=value` (OpenAPI's `deepObject`). A list field repeats its
    /// name; a field that is itself an object is sent as JSON text; null fields are left out.
    #[allow(dead_code)]
    pub fn query_object(&mut self, name: &str, value: &impl Serialize, deep: bool) -> Result<(), Error> {
        use serde_json::Value;
        let encoded = serde_json::to_value(value).map_err(|e| Error::invalid(name, Rule::Encodable, e.to_string()))?;
        let Value::Object(fields) = encoded else {
            return Err(Error::invalid(name, Rule::Encodable, "not an object"));
        };
        for (field, value) in fields {
            let key = if deep { format!("{name}[{field}]") } else { field };
            value.append_to(&key, &mut self.query);
        }
        Ok(())
    }

    /// A list parameter sent as one value, its items joined by `separator` (OpenAPI's `form`
    /// style not exploded: `,`; `spaceDelimited`; `pipeDelimited`).
    #[allow(dead_code)]
    pub fn query_joined(&mut self, name: &str, value: &(impl QueryValue + ?Sized), separator: &str) {
        let mut pairs = Vec::new();
        value.append_to(name, &mut pairs);
        if !pairs.is_empty() {
            let joined: Vec<String> = pairs.into_iter().map(|(_, v)| v).collect();
            self.query.push((name.to_owned(), joined.join(separator)));
        }
    }

    /// A header parameter (lists are sent as one comma-separated value, OpenAPI's `simple` style).
    #[allow(dead_code)]
    pub fn header(&mut self, name: &str, value: &(impl QueryValue + ?Sized)) {
        let mut pairs = Vec::new();
        value.append_to(name, &mut pairs);
        let joined: Vec<String> = pairs.into_iter().map(|(_, v)| v).collect();
        self.headers.push((name.to_owned(), joined.join(",")));
    }

    #[allow(dead_code)]
    pub fn json(&mut self, body: &impl Serialize) -> Result<(), Error> {
        self.body = Some(Payload::json(body)?);
        Ok(())
    }

    /// An `application/x-www-form-urlencoded` body.
    #[allow(dead_code)]
    pub fn form(&mut self, body: &impl Serialize) -> Result<(), Error> {
        self.body = Some(Payload::form(body)?);
        Ok(())
    }

    /// An `application/octet-stream` body: bytes, or a file streamed from disk.
    #[allow(dead_code)]
    pub fn upload(&mut self, body: &Upload) {
        self.body = Some(Payload::Upload(body.clone()));
    }

    /// A `multipart/form-data` body.
    #[allow(dead_code)]
    pub fn multipart(&mut self, body: &Multipart) {
        self.body = Some(Payload::Multipart(body.clone()));
    }

    /// A typed body sent as `multipart/form-data`: each field a text part.
    #[allow(dead_code)]
    pub fn multipart_fields(&mut self, body: &impl Serialize) -> Result<(), Error> {
        self.body = Some(Payload::Multipart(Multipart::from_fields(body)?));
        Ok(())
    }

    /// Whether sending the request twice has the same effect as sending it once.
    pub fn idempotent(&self) -> bool {
        !matches!(self.method, Method::POST | Method::PATCH)
    }
}

/// Encodes a path parameter as exactly one path segment: everything but RFC 3986
/// unreserved characters is percent-encoded, so `../x` or `a/b?c` cannot reach another
/// path. Values that no encoding keeps in one segment (empty, `.`, `..`) are refused.
pub fn path_segment(name: &str, value: &impl Display) -> Result<String, Error> {
    let text = value.to_string();
    if text.is_empty() || text == "." || text == ".." {
        return Err(Error::invalid(name, Rule::PathSegment, format!("{text:?}")));
    }
    Ok(percent_encoding::utf8_percent_encode(&text, SEGMENT).to_string())
}

const SEGMENT: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// Decodes JSON the way the SDK decodes response bodies: strictly, naming the path of the
/// first value that does not fit. For bodies that reach you another way: stored, or sent by
/// a webhook.
///
/// ```
/// # use gcore_runtime as gcore; // this example runs in the runtime's crate
/// let error = gcore::from_json::<Vec<u32>>(b"[1, -2]").unwrap_err();
/// assert_eq!(error.path, "[1]");
/// ```
pub fn from_json<T: DeserializeOwned>(body: &[u8]) -> Result<T, JsonError> {
    // The plain decoder is the fast path (tracking the path costs on every value); only a
    // body that fails pays for a second pass that finds where.
    serde_json::from_slice(body).map_err(|plain| {
        let mut deserializer = serde_json::Deserializer::from_slice(body);
        match serde_path_to_error::deserialize::<_, T>(&mut deserializer) {
            Err(e) => {
                let message = e.inner().to_string();
                JsonError {
                    path: missing_field_path(e.path().to_string(), &message),
                    message,
                }
            }
            Ok(_) => JsonError {
                path: ".".into(),
                message: plain.to_string(),
            },
        }
    })
}

/// JSON that does not decode into the expected type: where, and why.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct JsonError {
    /// Path of the value that failed, e.g. `containers[0].scale.min` (`.` for the whole body).
    pub path: String,
    pub message: String,
}

impl Display for JsonError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "at `{}`: {}", self.path, self.message)
    }
}

impl std::error::Error for JsonError {}

/// A successful response, body read in full, not decoded yet.
#[derive(Debug)]
pub struct Response {
    pub operation: Operation,
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: Vec<u8>,
}

/// What every generated operation does once it has built its request: send it, then read
/// the response with `read` (`Response::decode` or `Response::empty`). Generic, so it is
/// checked once for the whole crate instead of once per operation.
#[allow(dead_code)] // no operation is compiled without any feature on
pub fn send<T: Send + 'static>(
    client: Client,
    operation: Operation,
    request: Result<Request, Error>,
    options: RequestOptions,
    read: fn(Response) -> Result<ApiResponse<T>, Error>,
) -> BoxFuture<Result<ApiResponse<T>, Error>> {
    Box::pin(async move {
        let request = request.map_err(|e| e.in_operation(operation))?;
        read(client.execute(request, options).await?)
    })
}

/// [`send`] for a body of bytes, handed over as it arrives instead of held whole.
#[allow(dead_code)] // no operation is compiled without any feature on
pub fn send_streaming(
    client: Client,
    operation: Operation,
    request: Result<Request, Error>,
    options: RequestOptions,
) -> BoxFuture<Result<ByteStream, Error>> {
    Box::pin(async move {
        let request = request.map_err(|e| e.in_operation(operation))?;
        client.execute_streaming(request, options).await
    })
}

/// [`send`], keeping only the decoded value.
#[allow(dead_code)] // no operation is compiled without any feature on
pub fn send_for_value<T: Send + 'static>(
    client: Client,
    operation: Operation,
    request: Result<Request, Error>,
    options: RequestOptions,
    read: fn(Response) -> Result<ApiResponse<T>, Error>,
) -> BoxFuture<Result<T, Error>> {
    Box::pin(async move {
        let request = request.map_err(|e| e.in_operation(operation))?;
        read(client.execute(request, options).await?).map(ApiResponse::into_value)
    })
}

impl Response {
    /// Decodes the body, naming the path of the first value that does not fit. An empty
    /// body decodes as JSON `null` (so `()` and `Option<T>` accept a 204).
    pub fn decode<T: DeserializeOwned>(self) -> Result<ApiResponse<T>, Error> {
        let text: &[u8] = if self.body.iter().all(u8::is_ascii_whitespace) {
            b"null"
        } else {
            &self.body
        };
        let value = from_json(text).map_err(|e| self.decode_error(e.path, e.message))?;
        Ok(self.with_value(value))
    }

    /// The response, its body read as `value`.
    fn with_value<T>(self, value: T) -> ApiResponse<T> {
        ApiResponse {
            status: self.status,
            headers: self.headers,
            body: self.body,
            value,
        }
    }

    /// A text body (`text/plain`, `text/csv`, ...), which must be UTF-8.
    #[allow(dead_code)]
    pub fn text(self) -> Result<ApiResponse<String>, Error> {
        let value = match std::str::from_utf8(&self.body) {
            Ok(text) => text.to_owned(),
            Err(e) => return Err(self.decode_error(String::new(), format!("the text body is not UTF-8: {e}"))),
        };
        Ok(self.with_value(value))
    }

    /// A body of bytes (`application/pdf`, `application/zip`, ...), as it came.
    #[allow(dead_code)]
    pub fn bytes(self) -> Result<ApiResponse<Vec<u8>>, Error> {
        let value = self.body.clone();
        Ok(self.with_value(value))
    }

    /// For operations whose spec declares no response body: whatever came is kept raw.
    /// (A `Result` to read like [`decode`](Self::decode), for [`send`].)
    #[allow(dead_code)]
    pub fn empty(self) -> Result<ApiResponse<()>, Error> {
        Ok(self.with_value(()))
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

/// A decoded response with everything else that came with it: status, headers and the raw
/// body (`send_with_response()` on any request returns one).
#[derive(Clone, Debug)]
pub struct ApiResponse<T> {
    status: StatusCode,
    headers: HeaderMap,
    body: Vec<u8>,
    value: T,
}

impl<T> ApiResponse<T> {
    pub fn status(&self) -> StatusCode {
        self.status
    }

    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// The `x-request-id` header, to quote when contacting support.
    pub fn request_id(&self) -> Option<&str> {
        self.headers.get("x-request-id").and_then(|v| v.to_str().ok())
    }

    /// The body exactly as received.
    pub fn body(&self) -> &[u8] {
        &self.body
    }

    /// The body as untyped JSON, including fields this SDK does not model.
    pub fn json(&self) -> Result<serde_json::Value, serde_json::Error> {
        serde_json::from_slice(&self.body)
    }

    pub fn value(&self) -> &T {
        &self.value
    }

    pub fn into_value(self) -> T {
        self.value
    }
}

/// A value in a response that the SDK's types do not model (yet).
#[derive(Clone, Debug, PartialEq)]
pub struct UnknownField {
    /// JSON pointer of the field in the body, e.g. `/containers/0/new_flag`.
    pub pointer: String,
    pub value: serde_json::Value,
}

impl<T: Serialize> ApiResponse<T> {
    /// The fields of the body that the typed value does not hold: what the API sends that
    /// this version of the SDK does not know. Decoding ignores them; this finds them by
    /// comparing the raw body with the typed value encoded again.
    pub fn unknown_fields(&self) -> Vec<UnknownField> {
        let (Ok(raw), Ok(typed)) = (self.json(), serde_json::to_value(&self.value)) else {
            return Vec::new();
        };
        let mut found = Vec::new();
        collect_unknown(&raw, &typed, String::new(), &mut found);
        found
    }
}

/// How many fields of `raw` the typed value (`typed`, encoded again) does not hold: the
/// number [`ApiResponse::unknown_fields`] would list.
pub(crate) fn count_unknown(raw: &serde_json::Value, typed: &serde_json::Value) -> usize {
    let mut found = Vec::new();
    collect_unknown(raw, typed, String::new(), &mut found);
    found.len()
}

fn collect_unknown(raw: &serde_json::Value, typed: &serde_json::Value, pointer: String, found: &mut Vec<UnknownField>) {
    use serde_json::Value;
    match (raw, typed) {
        (Value::Object(raw), Value::Object(typed)) => {
            for (key, value) in raw {
                let child = format!("{pointer}/{}", key.replace('~', "~0").replace('/', "~1"));
                match typed.get(key) {
                    Some(known) => collect_unknown(value, known, child, found),
                    // A null the typed value leaves out is the same as absent, not news.
                    None if value.is_null() => {}
                    None => found.push(UnknownField {
                        pointer: child,
                        value: value.clone(),
                    }),
                }
            }
        }
        (Value::Array(raw), Value::Array(typed)) => {
            for (i, (value, known)) in raw.iter().zip(typed).enumerate() {
                collect_unknown(value, known, format!("{pointer}/{i}"), found);
            }
        }
        _ => {}
    }
}

/// serde reports a missing field at the object that lacks it, naming the field in the
/// message (``missing field `id` ``): the path then names the field itself (`results[0].id`).
fn missing_field_path(path: String, message: &str) -> String {
    let field = message.strip_prefix("missing field `").and_then(|rest| rest.split_once('`'));
    match field {
        Some((field, _)) if path == "." || path.is_empty() => field.to_string(),
        Some((field, _)) => format!("{path}.{field}"),
        None => path,
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

/// A request to an endpoint the SDK does not cover, with the client's authentication,
/// retries, timeouts and errors: `client.request(Method::GET, "/cloud/v1/projects")`.
#[derive(Debug)]
#[must_use = "a request does nothing until it is sent"]
pub struct RawRequest {
    client: Client,
    request: Request,
    options: RequestOptions,
    body_error: Option<Error>,
}

impl RawRequest {
    pub(crate) fn new(client: Client, method: Method, path: String) -> Self {
        RawRequest {
            client,
            request: Request::new(method, Operation::new("client.request", "custom"), "custom", path),
            options: RequestOptions::default(),
            body_error: None,
        }
    }

    /// A query parameter (lists add one pair per item).
    pub fn query(mut self, name: &str, value: impl QueryValue) -> Self {
        self.request.query(name, &value);
        self
    }

    /// A JSON body.
    pub fn json(mut self, body: &impl Serialize) -> Self {
        if let Err(error) = self.request.json(body) {
            self.body_error = Some(error);
        }
        self
    }

    /// Per-call options: timeout, retries, extra headers and query parameters.
    pub fn options(mut self, options: RequestOptions) -> Self {
        self.options = options;
        self
    }

    /// Sends the request and decodes a 2xx body as `T` (`serde_json::Value` for anything,
    /// `()` for no body).
    pub async fn send<T: DeserializeOwned>(self) -> Result<ApiResponse<T>, Error> {
        if let Some(error) = self.body_error {
            return Err(error);
        }
        if !self.request.path.starts_with('/') {
            return Err(Error::invalid("path", Rule::Pattern("^/"), self.request.path));
        }
        self.client.execute(self.request, self.options).await?.decode()
    }
}
