// @generated: copied verbatim by codegen from codegen/runtime/src/retry.rs.
// Do not edit here: edit that file, then run `cargo run -p codegen`.

//! The retry policy, as pure functions of what a response or failure says, so that every
//! rule can be tested without a server or a clock.
//!
//! What is retried: connection failures, timeouts, 408, 429 and 5xx, unless the server says
//! otherwise with `x-should-retry`. A request that is not idempotent (POST, PATCH) is only
//! re-sent when the server cannot have acted on it (no connection was made, 408, 429) or
//! says it is safe, unless the caller opts in. 409 is a conflict, never retried.

use std::time::{Duration, SystemTime};

use reqwest::header::{HeaderMap, RETRY_AFTER};
use reqwest::StatusCode;

/// Backoff settings of a client.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct Backoff {
    pub initial: Duration,
    pub max: Duration,
    /// A server asking for a longer wait than this is not waited for: backoff applies instead.
    pub max_retry_after: Duration,
}

impl Default for Backoff {
    fn default() -> Self {
        Backoff {
            initial: Duration::from_millis(500),
            max: Duration::from_secs(8),
            max_retry_after: Duration::from_secs(60),
        }
    }
}

/// Whether a non-2xx response is worth another attempt.
pub(crate) fn should_retry_status(status: StatusCode, headers: &HeaderMap, may_resend: bool) -> bool {
    match headers.get("x-should-retry").and_then(|v| v.to_str().ok()) {
        Some("true") => return true,
        Some("false") => return false,
        _ => {}
    }
    match status {
        StatusCode::REQUEST_TIMEOUT | StatusCode::TOO_MANY_REQUESTS => true,
        StatusCode::CONFLICT => false,
        status if status.is_server_error() => may_resend,
        _ => false,
    }
}

/// Whether a failure without a response is worth another attempt. A request that never
/// connected cannot have been processed, so it is always safe to send again.
pub(crate) fn should_retry_failure(connect_failed: bool, may_resend: bool) -> bool {
    connect_failed || may_resend
}

/// How long to wait before attempt `attempts + 1`: what the server asks for in
/// `retry-after-ms` or `Retry-After` (seconds or an HTTP date) when that is reasonable,
/// else exponential backoff with jitter.
pub(crate) fn retry_delay(headers: &HeaderMap, attempts: u32, backoff: &Backoff, now: SystemTime, jitter: f64) -> Duration {
    match asked_delay(headers, now) {
        Some(delay) if delay <= backoff.max_retry_after => delay,
        _ => exponential(attempts, backoff, jitter),
    }
}

fn asked_delay(headers: &HeaderMap, now: SystemTime) -> Option<Duration> {
    let header = |name: &str| headers.get(name).and_then(|v| v.to_str().ok()).map(str::trim);
    let seconds = |text: &str, scale: f64| {
        text.parse::<f64>()
            .ok()
            .filter(|n| n.is_finite() && *n >= 0.0)
            .map(|n| Duration::from_secs_f64(n / scale))
    };
    if let Some(delay) = header("retry-after-ms").and_then(|ms| seconds(ms, 1000.0)) {
        return Some(delay);
    }
    let value = header(RETRY_AFTER.as_str())?;
    seconds(value, 1.0).or_else(|| {
        let at = httpdate::parse_http_date(value).ok()?;
        Some(at.duration_since(now).unwrap_or_default())
    })
}

/// `initial` doubling per attempt up to `max`, minus `jitter` (0 to 0.25) of it so that
/// clients do not retry in step.
pub(crate) fn exponential(attempts: u32, backoff: &Backoff, jitter: f64) -> Duration {
    let doubled = backoff.initial.saturating_mul(1 << attempts.saturating_sub(1).min(16));
    doubled.min(backoff.max).mul_f64(1.0 - jitter.clamp(0.0, 0.25))
}

/// A jitter fraction in `[0, 0.25)`. Not cryptographic: it only spreads retries apart.
pub(crate) fn jitter() -> f64 {
    use std::hash::{BuildHasher, Hasher};
    let mut hasher = std::collections::hash_map::RandomState::new().build_hasher();
    hasher.write_u128(
        SystemTime::now()
            .duration_since(SystemTime::UNIX_EPOCH)
            .map(|d| d.as_nanos())
            .unwrap_or(0),
    );
    (hasher.finish() % 1_000_000) as f64 / 1_000_000.0 * 0.25
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::header::HeaderValue;

    fn headers(pairs: &[(&'static str, &str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in pairs {
            map.insert(*name, HeaderValue::from_str(value).unwrap());
        }
        map
    }

    #[test]
    fn backoff_doubles_from_half_a_second_to_eight() {
        let b = Backoff::default();
        let secs: Vec<f64> = (1..=7).map(|n| exponential(n, &b, 0.0).as_secs_f64()).collect();
        assert_eq!(secs, [0.5, 1.0, 2.0, 4.0, 8.0, 8.0, 8.0]);
        assert_eq!(exponential(1, &b, 0.25), Duration::from_millis(375));
        assert_eq!(
            exponential(1, &b, 0.9),
            Duration::from_millis(375),
            "jitter is capped at 25 %"
        );
        assert_eq!(exponential(u32::MAX, &b, 0.0), Duration::from_secs(8));
    }

    #[test]
    fn jitter_stays_below_a_quarter() {
        assert!((0..1000).map(|_| jitter()).all(|j| (0.0..0.25).contains(&j)));
    }

    #[test]
    fn server_asked_delays_win_when_reasonable() {
        let b = Backoff::default();
        let now = SystemTime::UNIX_EPOCH + Duration::from_secs(1_700_000_000);
        let delay = |pairs: &[(&'static str, &str)]| retry_delay(&headers(pairs), 1, &b, now, 0.0);
        assert_eq!(delay(&[("retry-after-ms", "250")]), Duration::from_millis(250));
        assert_eq!(delay(&[("retry-after", "3")]), Duration::from_secs(3));
        assert_eq!(
            delay(&[("retry-after-ms", "100"), ("retry-after", "3")]),
            Duration::from_millis(100),
            "retry-after-ms is more precise and wins"
        );
        let in_ten_seconds = httpdate::fmt_http_date(now + Duration::from_secs(10));
        assert_eq!(delay(&[("retry-after", &in_ten_seconds)]), Duration::from_secs(10));
        let in_the_past = httpdate::fmt_http_date(now - Duration::from_secs(10));
        assert_eq!(delay(&[("retry-after", &in_the_past)]), Duration::ZERO);
        // Unreasonable or unreadable requests fall back to backoff.
        assert_eq!(delay(&[("retry-after", "3600")]), Duration::from_millis(500));
        assert_eq!(delay(&[("retry-after", "soon")]), Duration::from_millis(500));
        assert_eq!(delay(&[("retry-after-ms", "-5")]), Duration::from_millis(500));
        assert_eq!(delay(&[]), Duration::from_millis(500));
    }

    #[test]
    fn statuses_worth_retrying() {
        let none = HeaderMap::new();
        let retry = |code: u16, may_resend| should_retry_status(StatusCode::from_u16(code).unwrap(), &none, may_resend);
        for code in [408, 429] {
            assert!(retry(code, false), "{code} means the request was not processed");
        }
        for code in [500, 502, 503, 504] {
            assert!(retry(code, true));
            assert!(!retry(code, false), "{code} may come after the server acted on a POST");
        }
        for code in [400, 401, 403, 404, 409, 422] {
            assert!(!retry(code, true), "{code} will not change by retrying");
        }
        let told = |value: &str, code: u16| {
            should_retry_status(
                StatusCode::from_u16(code).unwrap(),
                &headers(&[("x-should-retry", value)]),
                false,
            )
        };
        assert!(told("true", 400));
        assert!(told("true", 500), "the server says a POST is safe to resend");
        assert!(!told("false", 503));
    }

    #[test]
    fn failures_without_a_response() {
        assert!(should_retry_failure(true, false), "never connected: safe for any method");
        assert!(should_retry_failure(false, true));
        assert!(
            !should_retry_failure(false, false),
            "a POST that may have arrived is not re-sent"
        );
    }
}
