// @generated: copied verbatim by codegen from codegen/runtime/src/error.rs.
// Do not edit here: edit that file, then run `cargo run -p codegen`.

//! The SDK's one error type.

use std::fmt;
use std::time::Duration;

use reqwest::header::HeaderMap;
use reqwest::StatusCode;

/// Everything that can go wrong when calling the API. Messages never contain the API key.
#[derive(Debug)]
#[non_exhaustive]
pub enum Error {
    /// The client's configuration is missing or malformed (environment variable, URL, header).
    Config { message: String },
    /// An input was rejected before anything was sent.
    InvalidRequest { parameter: String, message: String },
    /// The API answered with a status other than 2xx.
    Api(Box<ApiError>),
    /// No response arrived in time (after the retries the policy allowed).
    Timeout {
        operation: &'static str,
        attempts: u32,
        timeout: Duration,
    },
    /// The connection failed (after the retries the policy allowed).
    Connection {
        operation: &'static str,
        attempts: u32,
        source: reqwest::Error,
    },
    /// The response arrived but is not what the spec says it should be.
    Decode(Box<DecodeError>),
}

/// A non-2xx response.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct ApiError {
    pub status: StatusCode,
    /// The operationId of the call that failed.
    pub operation: &'static str,
    /// The `x-request-id` response header, to quote when contacting support.
    pub request_id: Option<String>,
    pub headers: HeaderMap,
    /// The raw response body.
    pub body: String,
    /// The body parsed as JSON, when it is JSON.
    pub json: Option<serde_json::Value>,
    /// How many attempts were made.
    pub attempts: u32,
}

/// The kind of an [`ApiError`], to `match` on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum ApiErrorKind {
    BadRequest,
    Unauthorized,
    Forbidden,
    NotFound,
    Conflict,
    UnprocessableEntity,
    RateLimited,
    Server,
    Other,
}

impl ApiError {
    pub fn kind(&self) -> ApiErrorKind {
        match self.status.as_u16() {
            400 => ApiErrorKind::BadRequest,
            401 => ApiErrorKind::Unauthorized,
            403 => ApiErrorKind::Forbidden,
            404 => ApiErrorKind::NotFound,
            409 => ApiErrorKind::Conflict,
            422 => ApiErrorKind::UnprocessableEntity,
            429 => ApiErrorKind::RateLimited,
            500..=599 => ApiErrorKind::Server,
            _ => ApiErrorKind::Other,
        }
    }

    /// The API's own explanation, when the body carries one.
    pub fn message(&self) -> Option<&str> {
        let json = self.json.as_ref()?;
        ["message", "detail", "error"]
            .iter()
            .find_map(|key| json.get(*key).and_then(|v| v.as_str()))
    }
}

/// A response body that does not decode into the expected type.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct DecodeError {
    pub operation: &'static str,
    pub status: StatusCode,
    /// Path of the value that failed, e.g. `containers[0].scale.min` (`.` for the whole body).
    pub path: String,
    pub message: String,
    /// The start of the body, for context.
    pub excerpt: String,
}

impl Error {
    /// The API error, if this is one.
    pub fn as_api(&self) -> Option<&ApiError> {
        match self {
            Error::Api(error) => Some(error),
            _ => None,
        }
    }

    /// The HTTP status, if the API answered.
    pub fn status(&self) -> Option<StatusCode> {
        match self {
            Error::Api(error) => Some(error.status),
            Error::Decode(error) => Some(error.status),
            _ => None,
        }
    }

    pub(crate) fn config(message: impl Into<String>) -> Self {
        Error::Config { message: message.into() }
    }

    pub(crate) fn invalid(parameter: impl Into<String>, message: impl Into<String>) -> Self {
        Error::InvalidRequest {
            parameter: parameter.into(),
            message: message.into(),
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Config { message } => write!(f, "configuration error: {message}"),
            Error::InvalidRequest { parameter, message } => write!(f, "invalid `{parameter}`: {message}"),
            Error::Api(error) => {
                write!(f, "{} failed with HTTP {}", error.operation, error.status)?;
                if let Some(message) = error.message() {
                    write!(f, ": {message}")?;
                }
                match error.kind() {
                    ApiErrorKind::Unauthorized => write!(f, " (check GCORE_API_KEY)")?,
                    ApiErrorKind::Forbidden => write!(f, " (the API key lacks permission for this)")?,
                    _ => {}
                }
                if let Some(id) = &error.request_id {
                    write!(f, " [request id {id}]")?;
                }
                Ok(())
            }
            Error::Timeout {
                operation,
                attempts,
                timeout,
            } => {
                write!(f, "{operation} timed out after {attempts} attempt(s) of {timeout:?} each")
            }
            Error::Connection {
                operation,
                attempts,
                source,
            } => {
                write!(f, "{operation} could not connect after {attempts} attempt(s): {source}")
            }
            Error::Decode(error) => write!(
                f,
                "{} returned a body that does not match the spec at `{}`: {} (body starts: {})",
                error.operation, error.path, error.message, error.excerpt
            ),
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Connection { source, .. } => Some(source),
            _ => None,
        }
    }
}
