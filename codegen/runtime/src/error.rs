//! The SDK's one error type.

use std::fmt;
use std::time::Duration;

use reqwest::header::HeaderMap;
use reqwest::StatusCode;

/// Which call of the SDK something happened in: the call as Rust code names it and the
/// operationId of Gcore's API document. Shown as `cloud.tasks.list (TaskViewSet.get)`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub struct Operation {
    /// The call, dotted as in code: `cloud.tasks.list` is `client.cloud().tasks().list()`.
    pub call: &'static str,
    /// The operationId in the API document (or a method and path, where it has none).
    pub id: &'static str,
}

impl Operation {
    /// For generated code and the hand-written helpers.
    #[doc(hidden)]
    pub const fn new(call: &'static str, id: &'static str) -> Self {
        Operation { call, id }
    }
}

impl fmt::Display for Operation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} ({})", self.call, self.id)
    }
}

/// Everything that can go wrong when calling the API. Messages never contain the API key.
#[derive(Debug)]
#[non_exhaustive]
pub enum Error {
    /// The client's configuration is missing or malformed (environment variable, URL, header).
    Config { message: String },
    /// An input was rejected before anything was sent: it breaks a rule of the spec.
    InvalidRequest(Box<ValidationError>),
    /// The API answered with a status other than 2xx.
    Api(Box<ApiError>),
    /// No response arrived in time (after the retries the policy allowed).
    Timeout {
        operation: Operation,
        attempts: u32,
        timeout: Duration,
    },
    /// The connection failed (after the retries the policy allowed).
    Connection {
        operation: Operation,
        attempts: u32,
        source: reqwest::Error,
    },
    /// The response arrived but is not what the spec says it should be.
    Decode(Box<DecodeError>),
    /// The response body was larger than the client accepts (see `ClientBuilder::max_body_bytes`).
    ResponseTooLarge {
        operation: Operation,
        status: StatusCode,
        limit: usize,
    },
    /// A task the SDK was waiting for ended in state `ERROR`.
    TaskFailed(Box<TaskError>),
    /// A task did not finish within the polling timeout.
    PollTimeout {
        task_id: String,
        /// The state the task was last seen in (`None` if it was never read).
        last_state: Option<String>,
        waited: Duration,
    },
    /// The API answered successfully, but not in a way a multi-step helper can continue from
    /// (for example a create call that returned no task).
    Unexpected { operation: Operation, message: String },
}

/// A non-2xx response.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct ApiError {
    pub status: StatusCode,
    /// The call that failed.
    pub operation: Operation,
    /// The `x-request-id` response header, to quote when contacting support.
    pub request_id: Option<String>,
    pub headers: HeaderMap,
    /// The raw response body (at most the client's body limit).
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
    /// 400
    BadRequest,
    /// 401: the API key is missing, wrong or revoked.
    Unauthorized,
    /// 403
    Forbidden,
    /// 404
    NotFound,
    /// 409
    Conflict,
    /// 422: the API rejected the input; see [`ApiError::json`] for its details.
    UnprocessableEntity,
    /// 429
    RateLimited,
    /// 500 to 599
    Server,
    /// Any other status.
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

    /// The body decoded as `T`: for a status the operation declares, the type its
    /// documentation names (under "Errors the API declares").
    pub fn body_as<T: serde::de::DeserializeOwned>(&self) -> Result<T, super::JsonError> {
        super::from_json(self.body.as_bytes())
    }

    /// The API's own explanation, when the body carries one.
    pub fn message(&self) -> Option<&str> {
        let json = self.json.as_ref()?;
        ["message", "detail", "error", "title"]
            .iter()
            .find_map(|key| json.get(*key).and_then(|v| v.as_str()))
    }
}

/// A response body that does not decode into the expected type.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct DecodeError {
    pub operation: Operation,
    pub status: StatusCode,
    /// Path of the value that failed, e.g. `containers[0].scale.min` (`.` for the whole body).
    pub path: String,
    pub message: String,
    /// The start of the body, for context.
    pub excerpt: String,
}

/// An input that breaks a rule of the spec, found before the request was sent.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct ValidationError {
    /// Where the value sits: a parameter name (`deployment_name`) or a path into the body
    /// (`body.containers[0].scale.max`).
    pub path: String,
    pub rule: Rule,
    /// The offending value as text (a length or count for size rules); empty when missing.
    pub value: String,
    /// The call that was not made (`None` from [`Validate::validate`](crate::Validate::validate)).
    pub operation: Option<Operation>,
}

/// A rule from the spec that a request value must follow.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum Rule {
    /// A value the call cannot be made without.
    Required,
    /// A value the call takes from the client when not given for it, and neither has:
    /// `hint` says where to set it.
    NoDefault { hint: &'static str },
    /// `pattern`: the regular expression the text must match.
    Pattern(&'static str),
    /// `minLength`, in characters.
    MinLength(u64),
    /// `maxLength`, in characters.
    MaxLength(u64),
    /// `minimum`, or `exclusiveMinimum` when `exclusive`.
    Minimum { bound: f64, exclusive: bool },
    /// `maximum`, or `exclusiveMaximum` when `exclusive`.
    Maximum { bound: f64, exclusive: bool },
    /// `minItems`.
    MinItems(u64),
    /// `maxItems`.
    MaxItems(u64),
    /// `uniqueItems`.
    UniqueItems,
    /// `minProperties`, of a map.
    MinProperties(u64),
    /// `maxProperties`, of a map.
    MaxProperties(u64),
    /// A path parameter that cannot stay one path segment (empty, `.` or `..`).
    PathSegment,
    /// The body cannot be encoded as JSON.
    Encodable,
}

impl fmt::Display for Rule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let bound = |f: &mut fmt::Formatter<'_>, word: &str, bound: f64| {
            if bound.fract() == 0.0 && bound.abs() < 1e15 {
                write!(f, "{word} {}", bound as i64)
            } else {
                write!(f, "{word} {bound}")
            }
        };
        match self {
            Rule::Required => f.write_str("is required"),
            Rule::NoDefault { hint } => write!(f, "is required: {hint}"),
            Rule::Pattern(pattern) => write!(f, "must match `{pattern}`"),
            Rule::MinLength(n) => write!(f, "must be at least {n} characters long"),
            Rule::MaxLength(n) => write!(f, "must be at most {n} characters long"),
            Rule::Minimum { bound: b, exclusive } => bound(f, if *exclusive { "must be >" } else { "must be >=" }, *b),
            Rule::Maximum { bound: b, exclusive } => bound(f, if *exclusive { "must be <" } else { "must be <=" }, *b),
            Rule::MinItems(n) => write!(f, "must have at least {n} items"),
            Rule::MaxItems(n) => write!(f, "must have at most {n} items"),
            Rule::UniqueItems => f.write_str("must not hold an item twice"),
            Rule::MinProperties(n) => write!(f, "must have at least {n} entries"),
            Rule::MaxProperties(n) => write!(f, "must have at most {n} entries"),
            Rule::PathSegment => f.write_str("cannot be sent as one path segment"),
            Rule::Encodable => f.write_str("must be encodable as JSON"),
        }
    }
}

impl fmt::Display for ValidationError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "`{}` {}", self.path, self.rule)?;
        if !self.value.is_empty() {
            write!(f, " (got {})", self.value)?;
        }
        Ok(())
    }
}

impl std::error::Error for ValidationError {}

/// A task that ended in state `ERROR`.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct TaskError {
    pub task_id: String,
    /// The task's own `error` text, when it has one.
    pub error: Option<String>,
    /// The task as the API last returned it.
    pub task: serde_json::Value,
}

impl TaskError {
    /// For the task polling helper, which lives in the crate of the tasks resource.
    #[doc(hidden)]
    pub fn new(task_id: String, error: Option<String>, task: serde_json::Value) -> Self {
        TaskError { task_id, error, task }
    }
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
            Error::ResponseTooLarge { status, .. } => Some(*status),
            _ => None,
        }
    }

    /// Whether the API answered 404: handy for "get or create" logic.
    pub fn is_not_found(&self) -> bool {
        self.as_api().is_some_and(|e| e.kind() == ApiErrorKind::NotFound)
    }

    pub(crate) fn config(message: impl Into<String>) -> Self {
        Error::Config { message: message.into() }
    }

    pub(crate) fn invalid(path: impl Into<String>, rule: Rule, value: impl Into<String>) -> Self {
        Error::InvalidRequest(Box::new(ValidationError {
            path: path.into(),
            rule,
            value: value.into(),
            operation: None,
        }))
    }

    /// The error, saying which call it comes from if it does not yet. For generated code.
    #[doc(hidden)]
    pub fn in_operation(self, operation: Operation) -> Self {
        match self {
            Error::InvalidRequest(mut error) => {
                error.operation.get_or_insert(operation);
                Error::InvalidRequest(error)
            }
            other => other,
        }
    }
}

impl From<ValidationError> for Error {
    fn from(error: ValidationError) -> Self {
        Error::InvalidRequest(Box::new(error))
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Config { message } => write!(f, "configuration error: {message}"),
            Error::InvalidRequest(error) => {
                if let Some(operation) = error.operation {
                    write!(f, "{operation}: ")?;
                }
                write!(f, "invalid request, nothing was sent: {error}")
            }
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
                if error.attempts > 1 {
                    write!(f, " after {} attempts", error.attempts)?;
                }
                Ok(())
            }
            Error::Timeout {
                operation,
                attempts,
                timeout,
            } => write!(
                f,
                "{operation} timed out after {attempts} attempt(s) of {timeout:?} each (raise it with RequestOptions::timeout)"
            ),
            Error::Connection {
                operation,
                attempts,
                source,
            } => write!(f, "{operation} could not reach the API after {attempts} attempt(s): {source}"),
            Error::Decode(error) => write!(
                f,
                "{} returned a body that does not match the spec at `{}`: {} (body starts: {})",
                error.operation, error.path, error.message, error.excerpt
            ),
            Error::ResponseTooLarge { operation, limit, .. } => {
                write!(f, "{operation} returned a body larger than the limit of {limit} bytes")
            }
            Error::TaskFailed(error) => {
                write!(f, "task {} failed", error.task_id)?;
                if let Some(message) = &error.error {
                    write!(f, ": {message}")?;
                }
                Ok(())
            }
            Error::PollTimeout {
                task_id,
                last_state,
                waited,
            } => {
                write!(f, "task {task_id} did not finish within {waited:?}")?;
                if let Some(state) = last_state {
                    write!(f, " (last state {state})")?;
                }
                Ok(())
            }
            Error::Unexpected { operation, message } => write!(f, "{operation}: {message}"),
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Connection { source, .. } => Some(source),
            Error::InvalidRequest(error) => Some(error.as_ref()),
            _ => None,
        }
    }
}
