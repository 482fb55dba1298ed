//! The client: configuration, authentication, and the retry loop every call goes through.

use std::fmt;
use std::marker::PhantomData;
use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime};

use reqwest::header::{HeaderMap, HeaderName, HeaderValue, ACCEPT, AUTHORIZATION, USER_AGENT};
use reqwest::{Method, StatusCode};
use tracing::Instrument;

use super::body::ByteStream;
use super::error::{ApiError, Error, Operation, Rule};
use super::request::{RawRequest, Request, RequestOptions, Response};
use super::retry::{self, Backoff};

const DEFAULT_BASE_URL: &str = "https://api.gcore.com";
const DEFAULT_TIMEOUT: Duration = Duration::from_secs(120);
const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(5);
const DEFAULT_MAX_RETRIES: u32 = 2;
const DEFAULT_POLL_INTERVAL: Duration = Duration::from_secs(3);
const DEFAULT_POLL_TIMEOUT: Duration = Duration::from_secs(7200);
/// Responses larger than this are refused instead of filling memory.
const DEFAULT_MAX_BODY_BYTES: usize = 64 * 1024 * 1024;

/// A Gcore API client. Cheap to clone: clones share one connection pool.
#[derive(Clone)]
pub struct Client {
    inner: Arc<Inner>,
}

struct Inner {
    http: reqwest::Client,
    base_url: String,
    authorization: HeaderValue,
    project_id: Option<i64>,
    region_id: Option<i64>,
    headers: HeaderMap,
    validate_requests: bool,
    timeout: Duration,
    max_retries: u32,
    retry_non_idempotent: bool,
    backoff: Backoff,
    max_body_bytes: usize,
    poll_interval: Duration,
    poll_timeout: Duration,
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("base_url", &self.inner.base_url)
            .field("api_key", &"<redacted>")
            .field("project_id", &self.inner.project_id)
            .field("region_id", &self.inner.region_id)
            .field("timeout", &self.inner.timeout)
            .field("max_retries", &self.inner.max_retries)
            .finish_non_exhaustive()
    }
}

/// Settings for a [`Client`]; see the crate docs for the defaults.
///
/// `C` is the client it builds: this crate's [`Client`], or the `gcore` crate's, which
/// wraps it.
pub struct ClientBuilder<C = Client> {
    settings: Settings,
    output: PhantomData<fn() -> C>,
}

#[derive(Clone, Default)]
struct Settings {
    api_key: Option<String>,
    base_url: Option<String>,
    project_id: Option<i64>,
    region_id: Option<i64>,
    headers: Vec<(String, String)>,
    timeout: Option<Duration>,
    connect_timeout: Option<Duration>,
    max_retries: Option<u32>,
    retry_non_idempotent: bool,
    backoff: Option<(Duration, Duration)>,
    max_body_bytes: Option<usize>,
    poll_interval: Option<Duration>,
    poll_timeout: Option<Duration>,
    user_agent: Option<String>,
    http: Option<reqwest::Client>,
    allow_insecure_http: bool,
    /// `Some(false)` turns request validation off (`ClientBuilder::validate_requests`).
    validate_requests: Option<bool>,
    /// The first malformed environment variable, reported by `build`.
    env_error: Option<String>,
}

impl<C> Clone for ClientBuilder<C> {
    fn clone(&self) -> Self {
        ClientBuilder {
            settings: self.settings.clone(),
            output: PhantomData,
        }
    }
}

impl<C> Default for ClientBuilder<C> {
    fn default() -> Self {
        ClientBuilder {
            settings: Settings::default(),
            output: PhantomData,
        }
    }
}

impl<C> fmt::Debug for ClientBuilder<C> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("api_key", &self.settings.api_key.as_ref().map(|_| "<redacted>"))
            .field("base_url", &self.settings.base_url)
            .field("project_id", &self.settings.project_id)
            .field("region_id", &self.settings.region_id)
            .finish_non_exhaustive()
    }
}

/// What one attempt ended with, short of a response worth decoding.
/// What an attempt got: a response read whole, or a 2xx one whose body is left to stream.
enum Received {
    Read(Response),
    Open(reqwest::Response),
}

impl Received {
    fn status(&self) -> Option<StatusCode> {
        Some(match self {
            Received::Read(response) => response.status,
            Received::Open(response) => response.status(),
        })
    }
}

enum Failure {
    Transport(reqwest::Error),
    TooLarge(StatusCode),
    /// The body could not be put into the request (a file part's content type, say).
    Body(Error),
}

impl Client {
    /// A client configured from `GCORE_API_KEY`, `GCORE_BASE_URL`, `GCORE_CLOUD_PROJECT_ID`,
    /// `GCORE_CLOUD_REGION_ID` and `GCORE_CUSTOM_HEADERS`.
    pub fn from_env() -> Result<Client, Error> {
        ClientBuilder::from_env().build()
    }

    /// A builder with nothing set.
    pub fn builder() -> ClientBuilder {
        ClientBuilder::default()
    }

    /// The base URL requests go to.
    pub fn base_url(&self) -> &str {
        &self.inner.base_url
    }

    /// A request to an endpoint this SDK does not cover (yet), with the same
    /// authentication, retries and errors. `path` starts with `/` and is sent as given:
    /// encode parameters in it with [`path_segment`](crate::path_segment).
    pub fn request(&self, method: Method, path: impl Into<String>) -> RawRequest {
        RawRequest::new(self.clone(), method, path.into())
    }

    /// The project calls use when they are not given one (`.with_project_id(..)`): set by
    /// [`ClientBuilder::project_id`] or `GCORE_CLOUD_PROJECT_ID`.
    pub fn project_id(&self) -> Option<i64> {
        self.inner.project_id
    }

    /// The region calls use when they are not given one (`.with_region_id(..)`): set by
    /// [`ClientBuilder::region_id`] or `GCORE_CLOUD_REGION_ID`.
    pub fn region_id(&self) -> Option<i64> {
        self.inner.region_id
    }

    /// The project of a call: the one given for it, else the client's. For generated code.
    #[doc(hidden)]
    pub fn resolve_project_id(&self, per_call: Option<i64>) -> Result<i64, Error> {
        per_call.or(self.inner.project_id).ok_or_else(|| {
            let hint =
                "give the call `.with_project_id(..)`, or the client `ClientBuilder::project_id` or `GCORE_CLOUD_PROJECT_ID`";
            Error::invalid("project_id", Rule::NoDefault { hint }, "")
        })
    }

    /// The region of a call: the one given for it, else the client's. For generated code.
    #[doc(hidden)]
    pub fn resolve_region_id(&self, per_call: Option<i64>) -> Result<i64, Error> {
        per_call.or(self.inner.region_id).ok_or_else(|| {
            let hint = "give the call `.with_region_id(..)`, or the client `ClientBuilder::region_id` or `GCORE_CLOUD_REGION_ID`";
            Error::invalid("region_id", Rule::NoDefault { hint }, "")
        })
    }

    /// Whether a call checks its inputs against the spec before sending: the call's
    /// [`RequestOptions::validate_requests`], else the client's. For generated code.
    #[doc(hidden)]
    pub fn validates(&self, options: &RequestOptions) -> bool {
        options.validate_requests.unwrap_or(self.inner.validate_requests)
    }

    /// The client's task polling interval and timeout. For the generated helpers.
    #[doc(hidden)]
    pub fn poll_settings(&self) -> (Duration, Duration) {
        (self.inner.poll_interval, self.inner.poll_timeout)
    }

    /// Sends a request, retrying as the policy allows, and reads the body of a 2xx response.
    /// Each call is one `tracing` span (`gcore.request`) with the operation, method, path
    /// template, attempts, final status and duration; never headers, bodies or the key.
    pub(crate) async fn execute(&self, request: Request, options: RequestOptions) -> Result<Response, Error> {
        let operation = request.operation;
        match self.execute_as(request, options, false).await? {
            Received::Read(response) => Ok(response),
            // Not asked for; read it all the same.
            Received::Open(response) => self.read_whole(operation, response).await.map_err(|failure| match failure {
                Failure::TooLarge(status) => Error::ResponseTooLarge {
                    operation,
                    status,
                    limit: self.inner.max_body_bytes,
                },
                Failure::Transport(source) => Error::Connection {
                    operation,
                    attempts: 1,
                    source: source.without_url(),
                },
                Failure::Body(error) => error,
            }),
        }
    }

    /// Like [`execute`](Self::execute), but a 2xx body is left unread, for the caller to
    /// take as it arrives (error bodies are still read, for `Error::Api`).
    pub(crate) async fn execute_streaming(&self, request: Request, options: RequestOptions) -> Result<ByteStream, Error> {
        let operation = request.operation;
        let timeout = options.timeout.unwrap_or(self.inner.timeout);
        Ok(match self.execute_as(request, options, true).await? {
            Received::Open(response) => ByteStream::open(operation, timeout, response),
            Received::Read(response) => ByteStream::read(timeout, response),
        })
    }

    async fn execute_as(&self, request: Request, options: RequestOptions, stream: bool) -> Result<Received, Error> {
        let span = tracing::info_span!(
            "gcore.request",
            call = request.operation.call,
            operation = request.operation.id,
            method = %request.method,
            path = request.template,
            attempts = tracing::field::Empty,
            status = tracing::field::Empty,
            duration_ms = tracing::field::Empty,
        );
        let started = Instant::now();
        let result = self
            .execute_with_retries(&request, &options, stream)
            .instrument(span.clone())
            .await;
        span.record("duration_ms", started.elapsed().as_millis() as u64);
        if let Some(status) = result.as_ref().map(Received::status).unwrap_or_else(Error::status) {
            span.record("status", status.as_u16());
        }
        result
    }

    async fn execute_with_retries(&self, request: &Request, options: &RequestOptions, stream: bool) -> Result<Received, Error> {
        let inner = &self.inner;
        let max_retries = options.max_retries.unwrap_or(inner.max_retries);
        let timeout = options.timeout.unwrap_or(inner.timeout);
        let may_resend = request.idempotent() || options.retry_non_idempotent.unwrap_or(inner.retry_non_idempotent);
        let mut attempts = 0;
        loop {
            attempts += 1;
            tracing::Span::current().record("attempts", attempts);
            let retries_left = attempts <= max_retries;
            let outcome = self.attempt(request, options, timeout, stream).await;
            let (error, delay) = match outcome {
                Ok(Received::Open(response)) => return Ok(Received::Open(response)),
                Ok(Received::Read(response)) if response.status.is_success() => return Ok(Received::Read(response)),
                Ok(Received::Read(response)) => {
                    let retry = retries_left && retry::should_retry_status(response.status, &response.headers, may_resend);
                    let delay = retry::retry_delay(
                        &response.headers,
                        attempts,
                        &inner.backoff,
                        SystemTime::now(),
                        retry::jitter(),
                    );
                    let error = api_error(request.operation, response, attempts);
                    if !retry {
                        return Err(error);
                    }
                    (error, delay)
                }
                Err(Failure::Body(error)) => return Err(error),
                Err(Failure::TooLarge(status)) => {
                    return Err(Error::ResponseTooLarge {
                        operation: request.operation,
                        status,
                        limit: inner.max_body_bytes,
                    })
                }
                Err(Failure::Transport(source)) => {
                    let connect_failed = source.is_connect();
                    let error = if source.is_timeout() {
                        Error::Timeout {
                            operation: request.operation,
                            attempts,
                            timeout,
                        }
                    } else {
                        Error::Connection {
                            operation: request.operation,
                            attempts,
                            source: source.without_url(),
                        }
                    };
                    if !(retries_left && retry::should_retry_failure(connect_failed, may_resend)) {
                        return Err(error);
                    }
                    (error, retry::exponential(attempts, &inner.backoff, retry::jitter()))
                }
            };
            tracing::debug!(attempt = attempts, delay_ms = delay.as_millis() as u64, %error, "retrying");
            tokio::time::sleep(delay).await;
        }
    }

    /// One attempt: send, then read the body within the size limit (a 2xx body, with
    /// `stream`, is left for the caller).
    async fn attempt(
        &self,
        request: &Request,
        options: &RequestOptions,
        timeout: Duration,
        stream: bool,
    ) -> Result<Received, Failure> {
        let inner = &self.inner;
        let url = format!("{}{}", inner.base_url, request.path);
        // A header the call sets (a parameter such as `Accept`, or an option) replaces the
        // client's own of that name rather than joining it.
        let mut headers = inner.headers.clone();
        for (name, _) in request.headers.iter().chain(&options.headers) {
            headers.remove(name.as_str());
        }
        // The medium the call reads, unless the caller asks for another itself.
        let caller_accepts = || {
            request
                .headers
                .iter()
                .chain(&options.headers)
                .any(|(name, _)| name.eq_ignore_ascii_case("accept"))
        };
        let accept = request.accept.filter(|_| !caller_accepts());
        if let Some(value) = accept.and_then(|media_type| HeaderValue::from_str(media_type).ok()) {
            headers.insert(ACCEPT, value);
        }
        let mut builder = inner
            .http
            .request(request.method.clone(), url)
            .timeout(timeout)
            .headers(headers);
        if request.authenticated {
            builder = builder.header(AUTHORIZATION, inner.authorization.clone());
        }
        if !request.query.is_empty() {
            builder = builder.query(&request.query);
        }
        if !options.query.is_empty() {
            builder = builder.query(&options.query);
        }
        for (name, value) in request.headers.iter().chain(&options.headers) {
            builder = builder.header(name.as_str(), value.as_str());
        }
        if let Some(body) = &request.body {
            builder = body.attach(builder).map_err(Failure::Body)?;
        }
        let response = builder.send().await.map_err(Failure::Transport)?;
        let status = response.status();
        if stream && status.is_success() {
            return Ok(Received::Open(response));
        }
        self.read_whole(request.operation, response).await.map(Received::Read)
    }

    /// Reads a body whole, within the size limit.
    async fn read_whole(&self, operation: Operation, mut response: reqwest::Response) -> Result<Response, Failure> {
        let status = response.status();
        let headers = std::mem::take(response.headers_mut());
        let limit = self.inner.max_body_bytes;
        let length = response.content_length();
        if length.is_some_and(|n| n > limit as u64) {
            return Err(Failure::TooLarge(status));
        }
        let mut body = Vec::with_capacity(length.unwrap_or(0) as usize);
        while let Some(chunk) = response.chunk().await.map_err(Failure::Transport)? {
            if body.len() + chunk.len() > limit {
                return Err(Failure::TooLarge(status));
            }
            body.extend_from_slice(&chunk);
        }
        Ok(Response {
            operation,
            status,
            headers,
            body,
        })
    }
}

fn api_error(operation: Operation, response: Response, attempts: u32) -> Error {
    let json = serde_json::from_slice(&response.body).ok();
    let request_id = response
        .headers
        .get("x-request-id")
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    Error::Api(Box::new(ApiError {
        status: response.status,
        operation,
        request_id,
        headers: response.headers,
        body: String::from_utf8_lossy(&response.body).into_owned(),
        json,
        attempts,
    }))
}

impl<C> ClientBuilder<C> {
    /// A builder filled from the environment variables (see [`Client::from_env`]).
    pub fn from_env() -> Self {
        Self::from_lookup(|name| std::env::var(name).ok())
    }

    /// A builder filled from any source of `GCORE_*` settings, looked up by variable name.
    pub fn from_lookup(lookup: impl Fn(&str) -> Option<String>) -> Self {
        let mut builder = Self::default();
        let note = |error: String, builder: &mut Self| {
            builder.settings.env_error.get_or_insert(error);
        };
        builder.settings.api_key = lookup("GCORE_API_KEY").filter(|k| !k.trim().is_empty());
        builder.settings.base_url = lookup("GCORE_BASE_URL").filter(|u| !u.trim().is_empty());
        for (name, slot) in [("GCORE_CLOUD_PROJECT_ID", 0), ("GCORE_CLOUD_REGION_ID", 1)] {
            if let Some(value) = lookup(name).filter(|v| !v.trim().is_empty()) {
                match value.trim().parse::<i64>() {
                    Ok(id) if slot == 0 => builder.settings.project_id = Some(id),
                    Ok(id) => builder.settings.region_id = Some(id),
                    Err(_) => note(format!("{name} must be an integer, found {value:?}"), &mut builder),
                }
            }
        }
        if let Some(headers) = lookup("GCORE_CUSTOM_HEADERS") {
            for line in headers.lines().filter(|l| !l.trim().is_empty()) {
                match line.split_once(':') {
                    Some((name, value)) => builder
                        .settings
                        .headers
                        .push((name.trim().to_owned(), value.trim().to_owned())),
                    None => note(
                        format!("GCORE_CUSTOM_HEADERS lines must be `Name: value`, found {line:?}"),
                        &mut builder,
                    ),
                }
            }
        }
        builder
    }

    /// The API key, sent as `Authorization: APIKey <key>`.
    pub fn api_key(mut self, key: impl Into<String>) -> Self {
        self.settings.api_key = Some(key.into());
        self
    }

    /// Where requests go (default `https://api.gcore.com`).
    pub fn base_url(mut self, url: impl Into<String>) -> Self {
        self.settings.base_url = Some(url.into());
        self
    }

    /// The project used when a call does not name one.
    pub fn project_id(mut self, id: i64) -> Self {
        self.settings.project_id = Some(id);
        self
    }

    /// The region used when a call does not name one.
    pub fn region_id(mut self, id: i64) -> Self {
        self.settings.region_id = Some(id);
        self
    }

    /// Whether calls check their inputs against the spec's rules (patterns, bounds,
    /// lengths) before sending, and refuse with [`Error::InvalidRequest`] instead: on by
    /// default. Turn it off where an upstream rule is stricter than the API itself; the API
    /// still answers a bad input with its own error. [`RequestOptions::validate_requests`]
    /// does the same for one call.
    pub fn validate_requests(mut self, validate: bool) -> Self {
        self.settings.validate_requests = Some(validate);
        self
    }

    /// A header sent with every request.
    pub fn header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.settings.headers.push((name.into(), value.into()));
        self
    }

    /// Timeout of each attempt (default 120 s).
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.settings.timeout = Some(timeout);
        self
    }

    /// Timeout for establishing a connection (default 5 s). Ignored with [`http_client`](Self::http_client).
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.settings.connect_timeout = Some(timeout);
        self
    }

    /// Retries after the first attempt (default 2).
    pub fn max_retries(mut self, retries: u32) -> Self {
        self.settings.max_retries = Some(retries);
        self
    }

    /// Allow re-sending POST and PATCH requests that may already have reached the server.
    pub fn retry_non_idempotent(mut self, allow: bool) -> Self {
        self.settings.retry_non_idempotent = allow;
        self
    }

    /// Backoff between retries: `initial` doubling per attempt up to `max` (default 0.5 s
    /// and 8 s), minus up to 25 % jitter. A server's `Retry-After` wins when it asks for at
    /// most 60 s.
    pub fn retry_backoff(mut self, initial: Duration, max: Duration) -> Self {
        self.settings.backoff = Some((initial, max.max(initial)));
        self
    }

    /// The largest response body accepted (default 64 MiB); a larger one is
    /// [`Error::ResponseTooLarge`] instead of a memory spike.
    pub fn max_body_bytes(mut self, limit: usize) -> Self {
        self.settings.max_body_bytes = Some(limit);
        self
    }

    /// How often task polling asks for the task's state (default 3 s).
    pub fn poll_interval(mut self, interval: Duration) -> Self {
        self.settings.poll_interval = Some(interval);
        self
    }

    /// How long task polling waits for a task to finish (default 7200 s).
    pub fn poll_timeout(mut self, timeout: Duration) -> Self {
        self.settings.poll_timeout = Some(timeout);
        self
    }

    /// The `User-Agent` header (default `gcore-rust/<version>`).
    pub fn user_agent(mut self, agent: impl Into<String>) -> Self {
        self.settings.user_agent = Some(agent.into());
        self
    }

    /// Use this `reqwest::Client` (proxies, TLS settings, ...) instead of building one.
    pub fn http_client(mut self, client: reqwest::Client) -> Self {
        self.settings.http = Some(client);
        self
    }

    /// Allow a plain `http://` base URL that is not loopback. The API key would travel unencrypted.
    pub fn allow_insecure_http(mut self, allow: bool) -> Self {
        self.settings.allow_insecure_http = allow;
        self
    }
}

impl<C: From<Client>> ClientBuilder<C> {
    /// Checks the settings and builds the client. Every problem is an [`Error::Config`].
    pub fn build(self) -> Result<C, Error> {
        self.settings.build().map(C::from)
    }
}

impl Settings {
    fn build(self) -> Result<Client, Error> {
        if let Some(error) = self.env_error {
            return Err(Error::config(error));
        }
        let api_key = self
            .api_key
            .ok_or_else(|| Error::config("no API key: set GCORE_API_KEY or call ClientBuilder::api_key"))?;
        let mut authorization = HeaderValue::from_str(&format!("APIKey {}", api_key.trim()))
            .map_err(|_| Error::config("the API key contains characters that cannot be sent in a header"))?;
        authorization.set_sensitive(true);
        let base_url = check_base_url(self.base_url.as_deref().unwrap_or(DEFAULT_BASE_URL), self.allow_insecure_http)?;
        let mut headers = HeaderMap::new();
        let agent = self
            .user_agent
            .unwrap_or_else(|| format!("gcore-rust/{}", env!("CARGO_PKG_VERSION")));
        headers.insert(
            USER_AGENT,
            HeaderValue::from_str(&agent).map_err(|_| Error::config(format!("invalid user agent {agent:?}")))?,
        );
        headers.insert(ACCEPT, HeaderValue::from_static("application/json"));
        for (name, value) in &self.headers {
            let header_name =
                HeaderName::from_bytes(name.as_bytes()).map_err(|_| Error::config(format!("invalid header name {name:?}")))?;
            let header_value =
                HeaderValue::from_str(value).map_err(|_| Error::config(format!("invalid value for header {name:?}")))?;
            headers.append(header_name, header_value);
        }
        let http = match self.http {
            Some(http) => http,
            None => reqwest::Client::builder()
                .connect_timeout(self.connect_timeout.unwrap_or(DEFAULT_CONNECT_TIMEOUT))
                .build()
                .map_err(|e| Error::config(format!("cannot build the HTTP client: {e}")))?,
        };
        Ok(Client {
            inner: Arc::new(Inner {
                http,
                base_url,
                authorization,
                project_id: self.project_id,
                region_id: self.region_id,
                headers,
                validate_requests: self.validate_requests.unwrap_or(true),
                timeout: self.timeout.unwrap_or(DEFAULT_TIMEOUT),
                max_retries: self.max_retries.unwrap_or(DEFAULT_MAX_RETRIES),
                retry_non_idempotent: self.retry_non_idempotent,
                backoff: match self.backoff {
                    Some((initial, max)) => Backoff {
                        initial,
                        max,
                        ..Backoff::default()
                    },
                    None => Backoff::default(),
                },
                max_body_bytes: self.max_body_bytes.unwrap_or(DEFAULT_MAX_BODY_BYTES),
                poll_interval: self.poll_interval.unwrap_or(DEFAULT_POLL_INTERVAL),
                poll_timeout: self.poll_timeout.unwrap_or(DEFAULT_POLL_TIMEOUT),
            }),
        })
    }
}

/// Accepts `https://` URLs, and `http://` only to loopback (tests, local proxies) unless allowed.
fn check_base_url(url: &str, allow_insecure_http: bool) -> Result<String, Error> {
    let parsed = reqwest::Url::parse(url).map_err(|e| Error::config(format!("invalid base URL {url:?}: {e}")))?;
    match parsed.scheme() {
        "https" => {}
        "http" => {
            let host = parsed
                .host_str()
                .unwrap_or_default()
                .trim_start_matches('[')
                .trim_end_matches(']');
            let loopback = host == "localhost" || host.parse::<std::net::IpAddr>().is_ok_and(|ip| ip.is_loopback());
            if !loopback && !allow_insecure_http {
                return Err(Error::config(format!(
                    "refusing to send the API key over plain http to {url:?}; use https or ClientBuilder::allow_insecure_http"
                )));
            }
        }
        scheme => return Err(Error::config(format!("base URL {url:?} must be http(s), not {scheme}"))),
    }
    if parsed.query().is_some() || parsed.fragment().is_some() {
        return Err(Error::config(format!("base URL {url:?} must not have a query or fragment")));
    }
    Ok(url.trim_end_matches('/').to_owned())
}
