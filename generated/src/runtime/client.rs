// @generated: copied verbatim by codegen from codegen/runtime/src/client.rs.
// Do not edit here: edit that file, then run `cargo run -p codegen`.

//! The client: configuration, authentication, and the retry loop every call goes through.

use std::fmt;
use std::sync::Arc;
use std::time::{Duration, SystemTime};

use reqwest::header::{HeaderMap, HeaderName, HeaderValue, AUTHORIZATION, CONTENT_TYPE, RETRY_AFTER, USER_AGENT};
use reqwest::StatusCode;

use super::error::{ApiError, Error};
use super::request::{Request, RequestOptions, Response};

const DEFAULT_BASE_URL: &str = "https://api.gcore.com";
const DEFAULT_TIMEOUT: Duration = Duration::from_secs(120);
const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(5);
const DEFAULT_MAX_RETRIES: u32 = 2;
const INITIAL_BACKOFF: Duration = Duration::from_millis(500);
const MAX_BACKOFF: Duration = Duration::from_secs(8);
/// A server asking for a longer wait than this is not waited for.
const MAX_RETRY_AFTER: Duration = Duration::from_secs(60);
/// Responses larger than this are refused instead of filling memory.
const MAX_BODY_BYTES: usize = 64 * 1024 * 1024;

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
    timeout: Duration,
    max_retries: u32,
    retry_non_idempotent: bool,
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
#[derive(Clone, Default)]
pub struct ClientBuilder {
    api_key: Option<String>,
    base_url: Option<String>,
    project_id: Option<i64>,
    region_id: Option<i64>,
    headers: Vec<(String, String)>,
    timeout: Option<Duration>,
    connect_timeout: Option<Duration>,
    max_retries: Option<u32>,
    retry_non_idempotent: bool,
    user_agent: Option<String>,
    http: Option<reqwest::Client>,
    allow_insecure_http: bool,
    /// The first malformed environment variable, reported by `build`.
    env_error: Option<String>,
}

impl fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("api_key", &self.api_key.as_ref().map(|_| "<redacted>"))
            .field("base_url", &self.base_url)
            .field("project_id", &self.project_id)
            .field("region_id", &self.region_id)
            .finish_non_exhaustive()
    }
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

    pub(crate) fn project_id(&self, per_call: Option<i64>) -> Result<i64, Error> {
        per_call.or(self.inner.project_id).ok_or_else(|| {
            Error::invalid(
                "project_id",
                "not given for this call and the client has no default (set GCORE_CLOUD_PROJECT_ID or ClientBuilder::project_id)",
            )
        })
    }

    #[allow(dead_code)]
    pub(crate) fn region_id(&self, per_call: Option<i64>) -> Result<i64, Error> {
        per_call.or(self.inner.region_id).ok_or_else(|| {
            Error::invalid(
                "region_id",
                "not given for this call and the client has no default (set GCORE_CLOUD_REGION_ID or ClientBuilder::region_id)",
            )
        })
    }

    /// Sends a request, retrying as the policy allows, and reads the body of a 2xx response.
    pub(crate) async fn execute(&self, request: Request, options: RequestOptions) -> Result<Response, Error> {
        let inner = &self.inner;
        let max_retries = options.max_retries.unwrap_or(inner.max_retries);
        let timeout = options.timeout.unwrap_or(inner.timeout);
        let may_resend = request.idempotent() || options.retry_non_idempotent.unwrap_or(inner.retry_non_idempotent);
        let mut attempts = 0;
        loop {
            attempts += 1;
            let retries_left = attempts <= max_retries;
            match self.attempt(&request, &options, timeout).await {
                Ok(response) if response.status().is_success() => {
                    return read_success(request.operation, response).await;
                }
                Ok(response) => {
                    let retry = retries_left && should_retry_response(&response, may_resend);
                    let delay = retry_delay(response.headers(), attempts);
                    let error = api_error(request.operation, response, attempts).await;
                    if !retry {
                        return Err(error);
                    }
                    tokio::time::sleep(delay).await;
                }
                Err(error) => {
                    // A request that never connected cannot have been processed: always safe to resend.
                    let retry = retries_left && (may_resend || error.is_connect());
                    if !retry {
                        return Err(if error.is_timeout() {
                            Error::Timeout {
                                operation: request.operation,
                                attempts,
                                timeout,
                            }
                        } else {
                            Error::Connection {
                                operation: request.operation,
                                attempts,
                                source: error.without_url(),
                            }
                        });
                    }
                    tokio::time::sleep(backoff(attempts)).await;
                }
            }
        }
    }

    async fn attempt(
        &self,
        request: &Request,
        options: &RequestOptions,
        timeout: Duration,
    ) -> Result<reqwest::Response, reqwest::Error> {
        let inner = &self.inner;
        let url = format!("{}{}", inner.base_url, request.path);
        let mut builder = inner
            .http
            .request(request.method.clone(), url)
            .timeout(timeout)
            .headers(inner.headers.clone());
        if request.authenticated {
            builder = builder.header(AUTHORIZATION, inner.authorization.clone());
        }
        let mut query = request.query.clone();
        query.extend(options.query.iter().cloned());
        if !query.is_empty() {
            builder = builder.query(&query);
        }
        for (name, value) in &options.headers {
            builder = builder.header(name.as_str(), value.as_str());
        }
        if let Some(body) = &request.body {
            builder = builder.header(CONTENT_TYPE, "application/json").body(body.clone());
        }
        builder.send().await
    }
}

/// 408, 429 and 5xx are worth another attempt, as the server may say with
/// `x-should-retry`. A request that is not idempotent is only re-sent when the server
/// cannot have acted on it (408, 429) or says so itself. 409 is a conflict, not a glitch.
fn should_retry_response(response: &reqwest::Response, may_resend: bool) -> bool {
    match response.headers().get("x-should-retry").and_then(|v| v.to_str().ok()) {
        Some("true") => return true,
        Some("false") => return false,
        _ => {}
    }
    match response.status() {
        StatusCode::REQUEST_TIMEOUT | StatusCode::TOO_MANY_REQUESTS => true,
        status if status.is_server_error() => may_resend,
        _ => false,
    }
}

/// The server's `retry-after-ms` or `Retry-After` (seconds or an HTTP date) when it is
/// reasonable, else exponential backoff.
fn retry_delay(headers: &HeaderMap, attempts: u32) -> Duration {
    let header = |name: &str| headers.get(name).and_then(|v| v.to_str().ok()).map(str::trim);
    let asked = header("retry-after-ms")
        .and_then(|ms| ms.parse::<f64>().ok())
        .map(|ms| Duration::from_secs_f64(ms.max(0.0) / 1000.0))
        .or_else(|| {
            let value = header(RETRY_AFTER.as_str())?;
            match value.parse::<f64>() {
                Ok(seconds) => Some(Duration::from_secs_f64(seconds.max(0.0))),
                Err(_) => httpdate::parse_http_date(value)
                    .ok()
                    .map(|at| at.duration_since(SystemTime::now()).unwrap_or_default()),
            }
        });
    match asked {
        Some(delay) if delay <= MAX_RETRY_AFTER => delay,
        _ => backoff(attempts),
    }
}

/// 0.5 s doubling per attempt up to 8 s, minus up to 25 % jitter so clients do not retry in step.
fn backoff(attempts: u32) -> Duration {
    let exponential = INITIAL_BACKOFF.saturating_mul(1 << attempts.saturating_sub(1).min(16));
    let capped = exponential.min(MAX_BACKOFF);
    let nanos = SystemTime::now()
        .duration_since(SystemTime::UNIX_EPOCH)
        .map(|d| d.subsec_nanos())
        .unwrap_or(0);
    let jitter = f64::from(nanos % 1000) / 1000.0 * 0.25;
    capped.mul_f64(1.0 - jitter)
}

async fn read_body(response: &mut reqwest::Response) -> Result<Vec<u8>, reqwest::Error> {
    let mut body = Vec::new();
    while let Some(chunk) = response.chunk().await? {
        if body.len() + chunk.len() > MAX_BODY_BYTES {
            break;
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body)
}

async fn read_success(operation: &'static str, mut response: reqwest::Response) -> Result<Response, Error> {
    let status = response.status();
    let headers = response.headers().clone();
    let body = read_body(&mut response).await.map_err(|source| Error::Connection {
        operation,
        attempts: 1,
        source: source.without_url(),
    })?;
    Ok(Response {
        operation,
        status,
        headers,
        body,
    })
}

async fn api_error(operation: &'static str, mut response: reqwest::Response, attempts: u32) -> Error {
    let status = response.status();
    let headers = response.headers().clone();
    let body = read_body(&mut response).await.unwrap_or_default();
    let json = serde_json::from_slice(&body).ok();
    let request_id = headers.get("x-request-id").and_then(|v| v.to_str().ok()).map(str::to_owned);
    Error::Api(Box::new(ApiError {
        status,
        operation,
        request_id,
        headers,
        body: String::from_utf8_lossy(&body).into_owned(),
        json,
        attempts,
    }))
}

impl ClientBuilder {
    /// A builder filled from the environment variables (see [`Client::from_env`]).
    pub fn from_env() -> ClientBuilder {
        ClientBuilder::from_lookup(|name| std::env::var(name).ok())
    }

    /// A builder filled from any source of `GCORE_*` settings, looked up by variable name.
    pub fn from_lookup(lookup: impl Fn(&str) -> Option<String>) -> ClientBuilder {
        let mut builder = ClientBuilder::default();
        let note = |error: String, builder: &mut ClientBuilder| {
            builder.env_error.get_or_insert(error);
        };
        builder.api_key = lookup("GCORE_API_KEY").filter(|k| !k.trim().is_empty());
        builder.base_url = lookup("GCORE_BASE_URL").filter(|u| !u.trim().is_empty());
        for (name, slot) in [("GCORE_CLOUD_PROJECT_ID", 0), ("GCORE_CLOUD_REGION_ID", 1)] {
            if let Some(value) = lookup(name).filter(|v| !v.trim().is_empty()) {
                match value.trim().parse::<i64>() {
                    Ok(id) if slot == 0 => builder.project_id = Some(id),
                    Ok(id) => builder.region_id = Some(id),
                    Err(_) => note(format!("{name} must be an integer, found {value:?}"), &mut builder),
                }
            }
        }
        if let Some(headers) = lookup("GCORE_CUSTOM_HEADERS") {
            for line in headers.lines().filter(|l| !l.trim().is_empty()) {
                match line.split_once(':') {
                    Some((name, value)) => builder.headers.push((name.trim().to_owned(), value.trim().to_owned())),
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
        self.api_key = Some(key.into());
        self
    }

    /// Where requests go (default `https://api.gcore.com`).
    pub fn base_url(mut self, url: impl Into<String>) -> Self {
        self.base_url = Some(url.into());
        self
    }

    /// The project used when a call does not name one.
    pub fn project_id(mut self, id: i64) -> Self {
        self.project_id = Some(id);
        self
    }

    /// The region used when a call does not name one.
    pub fn region_id(mut self, id: i64) -> Self {
        self.region_id = Some(id);
        self
    }

    /// A header sent with every request.
    pub fn header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.headers.push((name.into(), value.into()));
        self
    }

    /// Timeout of each attempt (default 120 s).
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// Timeout for establishing a connection (default 5 s). Ignored with [`http_client`](Self::http_client).
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = Some(timeout);
        self
    }

    /// Retries after the first attempt (default 2).
    pub fn max_retries(mut self, retries: u32) -> Self {
        self.max_retries = Some(retries);
        self
    }

    /// Allow re-sending POST and PATCH requests that may already have reached the server.
    pub fn retry_non_idempotent(mut self, allow: bool) -> Self {
        self.retry_non_idempotent = allow;
        self
    }

    /// The `User-Agent` header (default `gcore-rust/<version>`).
    pub fn user_agent(mut self, agent: impl Into<String>) -> Self {
        self.user_agent = Some(agent.into());
        self
    }

    /// Use this `reqwest::Client` (proxies, TLS settings, ...) instead of building one.
    pub fn http_client(mut self, client: reqwest::Client) -> Self {
        self.http = Some(client);
        self
    }

    /// Allow a plain `http://` base URL that is not loopback. The API key would travel unencrypted.
    pub fn allow_insecure_http(mut self, allow: bool) -> Self {
        self.allow_insecure_http = allow;
        self
    }

    pub fn build(self) -> Result<Client, Error> {
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
        headers.insert(reqwest::header::ACCEPT, HeaderValue::from_static("application/json"));
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
                timeout: self.timeout.unwrap_or(DEFAULT_TIMEOUT),
                max_retries: self.max_retries.unwrap_or(DEFAULT_MAX_RETRIES),
                retry_non_idempotent: self.retry_non_idempotent,
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
