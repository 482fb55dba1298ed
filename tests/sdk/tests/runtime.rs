//! The SDK runtime against a scripted HTTP server on loopback: retries and their delays,
//! the policy for requests that are not idempotent, timeouts, every error variant, limits,
//! redaction, raw responses, the escape hatch, tracing, task polling and create-and-wait.
//!
//! Delays are kept short through `ClientBuilder::retry_backoff`; the exact backoff and
//! `Retry-After` arithmetic is unit-tested without a clock in the runtime (`retry.rs`).

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use gcore::cloud::models::{
    ContainerScaleV3, ContainerScaleV3Required, InferenceDeploymentContainerParams, InferenceDeploymentContainerParamsRequired,
    InferenceDeploymentCreateParams, InferenceDeploymentCreateParamsRequired,
};
use gcore::{ApiErrorKind, Client, Error, RequestOptions, Rule};
use gcore_sdk_tests::support::minimal_body as body;
use serde_json::{json, Value};
use wiremock::matchers::{body_partial_json, header, method, path, query_param};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

const KEY: &str = "secret-key-never-shown";
const TASK: &str = "/cloud/v1/tasks/t1";
const CREATE: &str = "/cloud/v3/inference/1/deployments";

fn builder(server: &MockServer) -> gcore::ClientBuilder {
    Client::builder()
        .api_key(KEY)
        .base_url(server.uri())
        .project_id(1)
        .retry_backoff(Duration::from_millis(40), Duration::from_millis(200))
}

fn client(server: &MockServer) -> Client {
    builder(server).build().expect("valid configuration")
}

fn task(state: &str) -> Value {
    json!({"id": "t1", "user_id": 1, "task_type": "create_inference_instance", "state": state, "created_on": null})
}

async fn requests_to(server: &MockServer, to: &str) -> usize {
    let received = server.received_requests().await.unwrap_or_default();
    received.iter().filter(|r| r.url.path() == to).count()
}

/// Answers each request with the next template of a script; the last one repeats.
struct Script(Mutex<Vec<ResponseTemplate>>);

impl Script {
    fn new(templates: Vec<ResponseTemplate>) -> Self {
        Script(Mutex::new(templates.into_iter().rev().collect()))
    }
}

impl wiremock::Respond for Script {
    fn respond(&self, _: &Request) -> ResponseTemplate {
        let mut templates = self.0.lock().unwrap();
        if templates.len() > 1 {
            templates.pop().unwrap()
        } else {
            templates[0].clone()
        }
    }
}

async fn script(server: &MockServer, http_method: &str, at: &str, templates: Vec<ResponseTemplate>) {
    Mock::given(method(http_method))
        .and(path(at))
        .respond_with(Script::new(templates))
        .mount(server)
        .await;
}

// ---- retries ------------------------------------------------------------------------------

#[tokio::test]
async fn server_errors_are_retried_with_growing_backoff() {
    let server = MockServer::start().await;
    let ok = ResponseTemplate::new(200).set_body_json(task("FINISHED"));
    script(
        &server,
        "GET",
        TASK,
        vec![ResponseTemplate::new(503), ResponseTemplate::new(502), ok],
    )
    .await;
    let started = Instant::now();
    let task = client(&server)
        .cloud()
        .tasks()
        .get("t1")
        .await
        .expect("third attempt succeeds");
    assert_eq!(task.id, "t1");
    assert_eq!(requests_to(&server, TASK).await, 3);
    // 40 ms then 80 ms, each minus at most 25 % jitter.
    assert!(started.elapsed() >= Duration::from_millis(90), "{:?}", started.elapsed());
}

#[tokio::test]
async fn retries_stop_at_the_limit_and_the_error_counts_attempts() {
    let server = MockServer::start().await;
    script(&server, "GET", TASK, vec![ResponseTemplate::new(500)]).await;
    let error = client(&server).cloud().tasks().get("t1").await.expect_err("always 500");
    assert_eq!(
        error.as_api().map(|e| e.attempts),
        Some(3),
        "1 attempt + 2 retries by default"
    );
    assert_eq!(requests_to(&server, TASK).await, 3);

    let error = client(&server)
        .cloud()
        .tasks()
        .get("t1")
        .options(RequestOptions::new().max_retries(0))
        .await
        .expect_err("500");
    assert_eq!(error.as_api().map(|e| e.attempts), Some(1), "per-call max_retries");
}

#[tokio::test]
async fn retry_after_is_honoured() {
    let server = MockServer::start().await;
    let ok = ResponseTemplate::new(200).set_body_json(task("FINISHED"));
    let limited = ResponseTemplate::new(429).insert_header("retry-after", "1");
    script(&server, "GET", TASK, vec![limited, ok]).await;
    let started = Instant::now();
    client(&server).cloud().tasks().get("t1").await.expect("second attempt");
    assert!(started.elapsed() >= Duration::from_secs(1), "waited {:?}", started.elapsed());

    let server = MockServer::start().await;
    let ok = ResponseTemplate::new(200).set_body_json(task("FINISHED"));
    let limited = ResponseTemplate::new(429).insert_header("retry-after-ms", "300");
    script(&server, "GET", TASK, vec![limited, ok]).await;
    let started = Instant::now();
    client(&server).cloud().tasks().get("t1").await.expect("second attempt");
    let waited = started.elapsed();
    // Milliseconds, not seconds (which would be 300 s): the bound leaves a loaded machine
    // a hundred times the wait.
    assert!(
        waited >= Duration::from_millis(300) && waited < Duration::from_secs(30),
        "{waited:?}"
    );
}

#[tokio::test]
async fn the_server_can_forbid_or_ask_for_a_retry() {
    let server = MockServer::start().await;
    script(
        &server,
        "GET",
        TASK,
        vec![ResponseTemplate::new(503).insert_header("x-should-retry", "false")],
    )
    .await;
    let error = client(&server).cloud().tasks().get("t1").await.expect_err("503");
    assert_eq!(error.as_api().map(|e| e.attempts), Some(1));

    let server = MockServer::start().await;
    let ok = ResponseTemplate::new(200).set_body_json(task("FINISHED"));
    script(
        &server,
        "GET",
        TASK,
        vec![ResponseTemplate::new(400).insert_header("x-should-retry", "true"), ok],
    )
    .await;
    client(&server)
        .cloud()
        .tasks()
        .get("t1")
        .await
        .expect("retried on the server's word");
}

#[tokio::test]
async fn conflicts_are_never_retried() {
    let server = MockServer::start().await;
    script(
        &server,
        "POST",
        CREATE,
        vec![ResponseTemplate::new(409).set_body_json(json!({"message": "exists"}))],
    )
    .await;
    let client = builder(&server).retry_non_idempotent(true).build().unwrap();
    let error = client
        .cloud()
        .inference()
        .deployments()
        .create(body())
        .await
        .expect_err("409");
    let api = error.as_api().expect("API error");
    assert_eq!((api.kind(), api.attempts), (ApiErrorKind::Conflict, 1));
    assert_eq!(api.message(), Some("exists"));
}

#[tokio::test]
async fn a_create_that_may_have_been_processed_is_not_sent_again() {
    let server = MockServer::start().await;
    script(&server, "POST", CREATE, vec![ResponseTemplate::new(500)]).await;
    let error = client(&server)
        .cloud()
        .inference()
        .deployments()
        .create(body())
        .await
        .expect_err("500");
    assert_eq!(error.as_api().map(|e| e.attempts), Some(1));

    // Rate limited: the server did not act on it, so it is safe to send again.
    let server = MockServer::start().await;
    let ok = ResponseTemplate::new(200).set_body_json(json!({"tasks": ["t1"]}));
    script(&server, "POST", CREATE, vec![ResponseTemplate::new(429), ok]).await;
    client(&server)
        .cloud()
        .inference()
        .deployments()
        .create(body())
        .await
        .expect("retried after 429");
    assert_eq!(requests_to(&server, CREATE).await, 2);

    // Opting in, per call or per client.
    let server = MockServer::start().await;
    script(&server, "POST", CREATE, vec![ResponseTemplate::new(500)]).await;
    let error = client(&server)
        .cloud()
        .inference()
        .deployments()
        .create(body())
        .options(RequestOptions::new().retry_non_idempotent(true))
        .await
        .expect_err("500");
    assert_eq!(error.as_api().map(|e| e.attempts), Some(3));
    let error = builder(&server)
        .retry_non_idempotent(true)
        .build()
        .unwrap()
        .cloud()
        .inference()
        .deployments()
        .create(body())
        .await
        .expect_err("500");
    assert_eq!(error.as_api().map(|e| e.attempts), Some(3));
}

#[tokio::test]
async fn timeouts_are_retried_for_reads_but_not_for_creates() {
    let server = MockServer::start().await;
    let slow = ResponseTemplate::new(200)
        .set_body_json(json!({"tasks": ["t1"]}))
        .set_delay(Duration::from_millis(600));
    script(&server, "POST", CREATE, vec![slow.clone()]).await;
    script(&server, "GET", TASK, vec![slow]).await;
    let options = RequestOptions::new().timeout(Duration::from_millis(100));

    let error = client(&server)
        .cloud()
        .inference()
        .deployments()
        .create(body())
        .options(options.clone())
        .await
        .expect_err("too slow");
    assert!(
        matches!(error, Error::Timeout { attempts: 1, timeout, .. } if timeout == Duration::from_millis(100)),
        "{error:?}"
    );
    let error = client(&server)
        .cloud()
        .tasks()
        .get("t1")
        .options(options)
        .await
        .expect_err("too slow");
    assert!(matches!(error, Error::Timeout { attempts: 3, .. }), "{error:?}");
}

#[tokio::test]
async fn a_refused_connection_is_retried_even_for_a_create() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let address = listener.local_addr().unwrap();
    drop(listener); // nothing listens there now: connections are refused
    let client = Client::builder()
        .api_key(KEY)
        .base_url(format!("http://{address}"))
        .project_id(1)
        .retry_backoff(Duration::from_millis(10), Duration::from_millis(20))
        .build()
        .unwrap();
    let error = client
        .cloud()
        .inference()
        .deployments()
        .create(body())
        .await
        .expect_err("refused");
    assert!(matches!(error, Error::Connection { attempts: 3, .. }), "{error:?}");
    assert!(!error.to_string().contains(KEY));
}

// ---- errors -------------------------------------------------------------------------------

#[tokio::test]
async fn api_errors_are_typed_by_status() {
    let server = MockServer::start().await;
    let cases = [
        (400, ApiErrorKind::BadRequest),
        (401, ApiErrorKind::Unauthorized),
        (403, ApiErrorKind::Forbidden),
        (404, ApiErrorKind::NotFound),
        (422, ApiErrorKind::UnprocessableEntity),
    ];
    for (status, kind) in cases {
        let at = format!("/cloud/v1/tasks/s{status}");
        Mock::given(path(at.as_str()))
            .respond_with(
                ResponseTemplate::new(status)
                    .insert_header("x-request-id", "req-9")
                    .set_body_json(json!({"message": format!("status {status}")})),
            )
            .mount(&server)
            .await;
        let error = client(&server)
            .cloud()
            .tasks()
            .get(format!("s{status}"))
            .await
            .expect_err("error status");
        let api = error.as_api().expect("API error");
        assert_eq!(api.kind(), kind);
        assert_eq!(api.message(), Some(format!("status {status}").as_str()));
        assert_eq!(api.request_id.as_deref(), Some("req-9"));
        assert!(error.to_string().contains("[request id req-9]"), "{error}");
    }
    Mock::given(path("/cloud/v1/tasks/html"))
        .respond_with(ResponseTemplate::new(502).set_body_raw("<html>Bad gateway</html>", "text/html"))
        .mount(&server)
        .await;
    let error = client(&server)
        .cloud()
        .tasks()
        .get("html")
        .options(RequestOptions::new().max_retries(0))
        .await
        .expect_err("502");
    let api = error.as_api().unwrap();
    assert_eq!(
        (api.kind(), api.json.is_none(), api.body.as_str()),
        (ApiErrorKind::Server, true, "<html>Bad gateway</html>")
    );
    assert!(error.to_string().contains("HTTP 502"), "{error}");
}

#[tokio::test]
async fn errors_name_the_call_first_then_the_operation_id() {
    let server = MockServer::start().await;
    Mock::given(path("/cloud/v1/tasks"))
        .respond_with(ResponseTemplate::new(422).set_body_json(json!({"message": "bad filter"})))
        .mount(&server)
        .await;
    let error = client(&server).cloud().tasks().list().await.expect_err("422");
    assert!(
        error
            .to_string()
            .starts_with("cloud.tasks.list (TaskViewSet.get) failed with HTTP 422"),
        "{error}"
    );
    let api = error.as_api().unwrap();
    assert_eq!(
        (api.operation.call, api.operation.id),
        ("cloud.tasks.list", "TaskViewSet.get")
    );

    // Refused before sending: the call, then what to fix.
    let mut bad = body();
    bad.listening_port = 0;
    let error = client(&server)
        .cloud()
        .inference()
        .deployments()
        .create(bad)
        .await
        .expect_err("refused");
    assert!(
        error
            .to_string()
            .starts_with("cloud.inference.deployments.create (InferenceInstancesHandlerV3.post): invalid request"),
        "{error}"
    );

    assert!(server
        .received_requests()
        .await
        .unwrap()
        .iter()
        .all(|r| r.url.path() == "/cloud/v1/tasks"));
}

#[tokio::test]
async fn validation_can_be_turned_off_per_client_and_per_call() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(CREATE))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"tasks": ["t1"]})))
        .mount(&server)
        .await;
    // An image reference the spec's pattern is stricter about than the API.
    let mut unusual = body();
    unusual.name = "My_Instance".into();
    let deployments = client(&server).cloud().inference().deployments();
    // The name's pattern refuses it, naming the field and the value (quoted, as text is).
    let refused = deployments.create(unusual.clone()).await;
    assert!(
        matches!(&refused, Err(Error::InvalidRequest(e))
            if e.path == "body.name" && matches!(e.rule, gcore::Rule::Pattern(_)) && e.value == "\"My_Instance\""),
        "{refused:?}"
    );
    let per_call = deployments
        .create(unusual.clone())
        .options(RequestOptions::new().validate_requests(false))
        .await;
    assert!(per_call.is_ok(), "{per_call:?}");
    let lenient = builder(&server).validate_requests(false).build().unwrap();
    let per_client = lenient.cloud().inference().deployments().create(unusual.clone()).await;
    assert!(per_client.is_ok(), "{per_client:?}");
    // A call can turn it back on.
    let strict_call = lenient
        .cloud()
        .inference()
        .deployments()
        .create(unusual)
        .options(RequestOptions::new().validate_requests(true))
        .await;
    assert!(
        matches!(&strict_call, Err(Error::InvalidRequest(e)) if e.path == "body.name" && matches!(e.rule, gcore::Rule::Pattern(_))),
        "{strict_call:?}"
    );
    let sent = server.received_requests().await.unwrap();
    assert_eq!(sent.len(), 2, "only the two unchecked calls were sent");
    assert_eq!(client(&server).project_id(), Some(1));
}

#[tokio::test]
async fn bodies_over_the_limit_are_refused() {
    let server = MockServer::start().await;
    let mut huge = task("FINISHED");
    huge["error"] = json!("x".repeat(10_000));
    script(&server, "GET", TASK, vec![ResponseTemplate::new(200).set_body_json(huge)]).await;
    let client = builder(&server).max_body_bytes(4096).build().unwrap();
    let error = client.cloud().tasks().get("t1").await.expect_err("too large");
    assert!(matches!(error, Error::ResponseTooLarge { limit: 4096, .. }), "{error:?}");
}

#[tokio::test]
async fn html_instead_of_json_is_a_decode_error_with_an_excerpt() {
    let server = MockServer::start().await;
    script(
        &server,
        "GET",
        TASK,
        vec![ResponseTemplate::new(200).set_body_raw("<html>maintenance</html>", "text/html")],
    )
    .await;
    match client(&server).cloud().tasks().get("t1").await {
        Err(Error::Decode(decode)) => {
            assert_eq!(decode.excerpt, "<html>maintenance</html>");
            assert_eq!(decode.status.as_u16(), 200);
        }
        other => panic!("expected a decode error, got {other:?}"),
    }
}

// ---- validation ---------------------------------------------------------------------------

#[tokio::test]
async fn invalid_requests_are_refused_before_anything_is_sent() {
    let server = MockServer::start().await;
    let deployments = client(&server).cloud().inference().deployments();
    let refused = |body: InferenceDeploymentCreateParams| {
        let request = deployments.create(body);
        async move {
            match request.await {
                Err(Error::InvalidRequest(error)) => *error,
                other => panic!("expected a validation error, got {other:?}"),
            }
        }
    };
    let mut bad_name = body();
    bad_name.name = "My_Instance".into();
    let error = refused(bad_name).await;
    assert_eq!(error.path, "body.name");
    assert_eq!(error.rule, Rule::Pattern("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$"));
    assert_eq!(error.value, "\"My_Instance\"");

    let mut short_name = body();
    short_name.name = "abc".into();
    assert_eq!(refused(short_name).await.rule, Rule::MinLength(4));

    let mut port = body();
    port.listening_port = 65536;
    let error = refused(port).await;
    assert_eq!((error.path.as_str(), error.value.as_str()), ("body.listening_port", "65536"));

    let mut no_containers = body();
    no_containers.containers.clear();
    assert_eq!(refused(no_containers).await.rule, Rule::MinItems(1));

    let nested = InferenceDeploymentCreateParams::new(InferenceDeploymentCreateParamsRequired {
        containers: vec![InferenceDeploymentContainerParams::new(
            InferenceDeploymentContainerParamsRequired {
                region_id: 1,
                scale: ContainerScaleV3::new(ContainerScaleV3Required { max: 3, min: 1 }).cooldown_period(4000),
            },
        )],
        flavor_name: "inference-16vcpu-232gib-1xh100-80gb".into(),
        image: "nginx:latest".into(),
        listening_port: 80,
        name: "my-instance".into(),
    });
    let error = refused(nested).await;
    assert_eq!(error.path, "body.containers[0].scale.cooldown_period");
    assert!(error.to_string().contains("must be <= 3600"), "{error}");

    assert!(server.received_requests().await.unwrap_or_default().is_empty());
}

// ---- what users see -----------------------------------------------------------------------

#[tokio::test]
async fn raw_responses_keep_status_headers_and_unknown_fields() {
    let server = MockServer::start().await;
    let mut body = task("FINISHED");
    body["brand_new_field"] = json!({"nested": true});
    body["created_resources"] = json!({"inference_instances": ["x"], "new_kind": [1]});
    script(
        &server,
        "GET",
        TASK,
        vec![ResponseTemplate::new(200)
            .insert_header("x-request-id", "req-7")
            .set_body_json(body)],
    )
    .await;
    let response = client(&server)
        .cloud()
        .tasks()
        .get("t1")
        .send_with_response()
        .await
        .expect("decodes");
    assert_eq!(response.status().as_u16(), 200);
    assert_eq!(response.request_id(), Some("req-7"));
    assert_eq!(response.value().id, "t1");
    let unknown: Vec<(String, Value)> = response.unknown_fields().into_iter().map(|f| (f.pointer, f.value)).collect();
    assert_eq!(
        unknown,
        vec![
            ("/brand_new_field".to_string(), json!({"nested": true})),
            ("/created_resources/new_kind".to_string(), json!([1])),
        ]
    );
    assert_eq!(response.json().unwrap()["brand_new_field"]["nested"], json!(true));
}

#[tokio::test]
async fn the_escape_hatch_has_auth_retries_and_typed_errors() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/cloud/v1/projects"))
        .and(query_param("limit", "5"))
        .and(header("authorization", format!("APIKey {KEY}").as_str()))
        .respond_with(Script::new(vec![
            ResponseTemplate::new(503),
            ResponseTemplate::new(200).set_body_json(json!({"count": 0, "results": []})),
        ]))
        .mount(&server)
        .await;
    let client = client(&server);
    let response = client
        .request(gcore::Method::GET, "/cloud/v1/projects")
        .query("limit", 5_i64)
        .send::<Value>()
        .await
        .expect("second attempt");
    assert_eq!(response.value()["count"], json!(0));

    let error = client
        .request(gcore::Method::DELETE, "/cloud/v1/nothing")
        .send::<()>()
        .await
        .expect_err("404");
    assert!(error.is_not_found(), "{error}");
    let error = client
        .request(gcore::Method::GET, "no-slash")
        .send::<Value>()
        .await
        .expect_err("refused");
    assert!(
        matches!(&error, Error::InvalidRequest(e) if e.path == "path" && e.rule == gcore::Rule::Pattern("^/") && e.value == "no-slash"),
        "{error}"
    );
}

#[tokio::test]
async fn per_call_options_and_the_body_timeout_field_do_not_clash() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/cloud/v3/inference/42/deployments"))
        .and(header("x-trace", "abc"))
        .and(query_param("dry_run", "true"))
        .and(body_partial_json(json!({"timeout": 300})))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"tasks": ["t1"]})))
        .expect(1)
        .mount(&server)
        .await;
    let tasks = client(&server)
        .cloud()
        .inference()
        .deployments()
        .create(body().timeout(300)) // the deployment's scale-down timeout, in the body
        .with_project_id(42)
        .options(
            RequestOptions::new()
                .timeout(Duration::from_secs(5)) // the HTTP timeout of this call
                .header("x-trace", "abc")
                .query("dry_run", "true"),
        )
        .await
        .expect("accepted");
    assert_eq!(tasks.tasks, ["t1"]);
}

#[tokio::test]
async fn secrets_stay_out_of_debug_errors_and_traces() {
    let server = MockServer::start().await;
    script(
        &server,
        "GET",
        TASK,
        vec![ResponseTemplate::new(401).set_body_json(json!({"message": "bad key"}))],
    )
    .await;
    let client = client(&server);
    let traces = Capture::default();
    let subscriber = tracing_subscriber::fmt()
        .with_writer(traces.clone())
        .with_max_level(tracing::Level::DEBUG)
        .with_span_events(tracing_subscriber::fmt::format::FmtSpan::CLOSE)
        .with_ansi(false)
        .finish();
    let error = {
        let _guard = tracing::subscriber::set_default(subscriber);
        client.cloud().tasks().get("t1").await.expect_err("401")
    };
    assert!(error.to_string().contains("check GCORE_API_KEY"), "{error}");
    let traces = traces.text();
    assert!(traces.contains("gcore.request"), "{traces}");
    assert!(traces.contains("path=\"/cloud/v1/tasks/{task_id}\""), "{traces}");
    assert!(traces.contains("status=401"), "{traces}");
    assert!(traces.contains("attempts=1"), "{traces}");
    for text in [format!("{client:?}"), format!("{error:?}"), error.to_string(), traces] {
        assert!(!text.contains(KEY), "the key leaked into {text}");
    }

    let keystone: gcore::cloud::models::KeystoneAi = serde_json::from_value(json!({
        "keystone_federated_domain_id": "d", "state": "NEW", "url": "https://k", "username": "admin",
        "password": "hunter2"
    }))
    .unwrap();
    let shown = format!("{keystone:?}");
    assert!(
        shown.contains("password: Some(<redacted>)") && !shown.contains("hunter2"),
        "{shown}"
    );
}

/// A `tracing` writer that keeps what it is given.
#[derive(Clone, Default)]
struct Capture(Arc<Mutex<Vec<u8>>>);

impl Capture {
    fn text(&self) -> String {
        String::from_utf8_lossy(&self.0.lock().unwrap()).into_owned()
    }
}

impl std::io::Write for Capture {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl<'a> tracing_subscriber::fmt::MakeWriter<'a> for Capture {
    type Writer = Capture;

    fn make_writer(&'a self) -> Self::Writer {
        self.clone()
    }
}

// ---- tasks ----------------------------------------------------------------------------------

#[tokio::test]
async fn polling_waits_through_known_and_unknown_states() {
    let server = MockServer::start().await;
    let states = ["NEW", "RUNNING", "SOMETHING_NEW", "FINISHED"];
    let templates = states
        .iter()
        .map(|s| ResponseTemplate::new(200).set_body_json(task(s)))
        .collect();
    script(&server, "GET", TASK, templates).await;
    let task = client(&server)
        .cloud()
        .tasks()
        .poll("t1")
        .poll_interval(Duration::from_millis(10))
        .await
        .expect("finishes");
    assert_eq!(task.state, gcore::cloud::models::TaskState::Finished);
    assert_eq!(requests_to(&server, TASK).await, 4);
}

#[tokio::test]
async fn polling_reports_failures_and_timeouts() {
    let server = MockServer::start().await;
    let mut failed = task("ERROR");
    failed["error"] = json!("no capacity in region");
    script(
        &server,
        "GET",
        TASK,
        vec![
            ResponseTemplate::new(200).set_body_json(task("RUNNING")),
            ResponseTemplate::new(200).set_body_json(failed),
        ],
    )
    .await;
    let client = builder(&server).poll_interval(Duration::from_millis(10)).build().unwrap();
    match client.cloud().tasks().poll("t1").await {
        Err(Error::TaskFailed(failure)) => {
            assert_eq!(failure.task_id, "t1");
            assert_eq!(failure.error.as_deref(), Some("no capacity in region"));
            assert_eq!(failure.task["state"], json!("ERROR"));
        }
        other => panic!("expected a task failure, got {other:?}"),
    }

    let server = MockServer::start().await;
    script(
        &server,
        "GET",
        TASK,
        vec![ResponseTemplate::new(200).set_body_json(task("RUNNING"))],
    )
    .await;
    let client = builder(&server).poll_interval(Duration::from_millis(30)).build().unwrap();
    let error = client
        .cloud()
        .tasks()
        .poll("t1")
        .poll_timeout(Duration::from_millis(100))
        .await
        .expect_err("never finishes");
    match error {
        Error::PollTimeout {
            task_id,
            last_state,
            waited,
        } => {
            assert_eq!((task_id.as_str(), last_state.as_deref()), ("t1", Some("RUNNING")));
            // The whole budget is spent: the last read is made when it runs out (0, 30, 60,
            // 90 and 100 ms), not an interval before (a loaded machine may take it past).
            assert!(waited >= Duration::from_millis(100), "{waited:?}");
        }
        other => panic!("expected a poll timeout, got {other:?}"),
    }
    // It stopped when the budget ran out: at most those five reads, however slow the
    // machine (a slow one makes fewer, never more).
    let reads = requests_to(&server, TASK).await;
    assert!((2..=5).contains(&reads), "{reads} reads");
}

#[tokio::test]
async fn polling_uses_the_retry_policy_for_each_read() {
    let server = MockServer::start().await;
    let ok = ResponseTemplate::new(200).set_body_json(task("FINISHED"));
    script(&server, "GET", TASK, vec![ResponseTemplate::new(503), ok]).await;
    client(&server)
        .cloud()
        .tasks()
        .poll("t1")
        .poll_interval(Duration::from_millis(10))
        .await
        .expect("503 retried");
    assert_eq!(requests_to(&server, TASK).await, 2);
}

#[tokio::test]
async fn create_and_poll_returns_the_deployment() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/cloud/v3/inference/5/deployments"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"tasks": ["t1"]})))
        .expect(1)
        .mount(&server)
        .await;
    let mut finished = task("FINISHED");
    finished["created_resources"] = json!({"inference_instances": ["my-instance"]});
    script(
        &server,
        "GET",
        TASK,
        vec![
            ResponseTemplate::new(200).set_body_json(task("RUNNING")),
            ResponseTemplate::new(200).set_body_json(finished),
        ],
    )
    .await;
    Mock::given(method("GET"))
        .and(path("/cloud/v3/inference/5/deployments/my-instance"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "project_id": 5, "name": "my-instance", "image": "nginx:latest", "listening_port": 80, "status": "DEPLOYING",
            "address": null, "auth_enabled": false, "containers": [], "flavor_name": "f", "command": null,
            "credentials_name": "", "description": "", "envs": {}, "logging": null, "probes": null, "timeout": 120,
            "ingress_opts": null, "object_references": [], "api_keys": [], "created_at": "2023-08-22T11:21:00Z"
        })))
        .expect(1)
        .mount(&server)
        .await;
    let deployment = client(&server)
        .cloud()
        .inference()
        .deployments()
        .create_and_poll(body())
        .with_project_id(5)
        .poll_interval(Duration::from_millis(10))
        .await
        .expect("created");
    assert_eq!(deployment.name, "my-instance");
}

#[tokio::test]
async fn create_and_poll_explains_answers_it_cannot_continue_from() {
    let server = MockServer::start().await;
    script(
        &server,
        "POST",
        CREATE,
        vec![ResponseTemplate::new(200).set_body_json(json!({"tasks": []}))],
    )
    .await;
    let error = client(&server)
        .cloud()
        .inference()
        .deployments()
        .create_and_poll(body())
        .await
        .expect_err("no task");
    assert!(
        matches!(&error, Error::Unexpected { message, .. } if message.contains("got 0")),
        "{error}"
    );

    let server = MockServer::start().await;
    script(
        &server,
        "POST",
        CREATE,
        vec![ResponseTemplate::new(200).set_body_json(json!({"tasks": ["t1"]}))],
    )
    .await;
    script(
        &server,
        "GET",
        TASK,
        vec![ResponseTemplate::new(200).set_body_json(task("FINISHED"))],
    )
    .await;
    let error = client(&server)
        .cloud()
        .inference()
        .deployments()
        .create_and_poll(body())
        .await
        .expect_err("no name");
    assert!(
        matches!(&error, Error::Unexpected { message, .. } if message.contains("without naming")),
        "{error}"
    );
}

/// A task of the given id and state.
fn task_of(id: &str, state: &str) -> Value {
    let mut task = task(state);
    task["id"] = json!(id);
    task
}

#[tokio::test]
async fn and_poll_waits_for_every_task_the_call_started() {
    let server = MockServer::start().await;
    const DELETE: &str = "/cloud/v3/inference/1/deployments/old";
    script(
        &server,
        "DELETE",
        DELETE,
        vec![ResponseTemplate::new(200).set_body_json(json!({"tasks": ["t1", "t2"]}))],
    )
    .await;
    script(
        &server,
        "GET",
        TASK,
        vec![
            ResponseTemplate::new(200).set_body_json(task_of("t1", "RUNNING")),
            ResponseTemplate::new(200).set_body_json(task_of("t1", "FINISHED")),
        ],
    )
    .await;
    script(
        &server,
        "GET",
        "/cloud/v1/tasks/t2",
        vec![ResponseTemplate::new(200).set_body_json(task_of("t2", "FINISHED"))],
    )
    .await;
    let tasks = client(&server)
        .cloud()
        .inference()
        .deployments()
        .delete("old")
        .and_poll()
        .poll_interval(Duration::from_millis(10))
        .await
        .expect("both tasks finish");
    let ids: Vec<&str> = tasks.iter().map(|task| task.id.as_str()).collect();
    assert_eq!(ids, ["t1", "t2"]);
    assert_eq!(
        (
            requests_to(&server, TASK).await,
            requests_to(&server, "/cloud/v1/tasks/t2").await
        ),
        (2, 1)
    );

    // A call that started no task: nothing to wait for.
    let server = MockServer::start().await;
    script(
        &server,
        "DELETE",
        DELETE,
        vec![ResponseTemplate::new(200).set_body_json(json!({"tasks": []}))],
    )
    .await;
    let tasks = client(&server)
        .cloud()
        .inference()
        .deployments()
        .delete("old")
        .and_poll()
        .await;
    assert!(tasks.expect("no task").is_empty());
}

#[tokio::test]
async fn and_poll_spends_one_budget_on_all_tasks_and_stops_at_the_first_failure() {
    let server = MockServer::start().await;
    const DELETE: &str = "/cloud/v3/inference/1/deployments/old";
    script(
        &server,
        "DELETE",
        DELETE,
        vec![ResponseTemplate::new(200).set_body_json(json!({"tasks": ["t1", "t2"]}))],
    )
    .await;
    script(
        &server,
        "GET",
        TASK,
        vec![ResponseTemplate::new(200).set_body_json(task_of("t1", "RUNNING"))],
    )
    .await;
    let started = std::time::Instant::now();
    let error = client(&server)
        .cloud()
        .inference()
        .deployments()
        .delete("old")
        .and_poll()
        .poll_interval(Duration::from_millis(20))
        .poll_timeout(Duration::from_millis(150))
        .await
        .expect_err("t1 never finishes");
    assert!(
        matches!(&error, Error::PollTimeout { task_id, .. } if task_id == "t1"),
        "{error}"
    );
    assert!(started.elapsed() >= Duration::from_millis(150), "the budget was spent");
    assert_eq!(
        requests_to(&server, "/cloud/v1/tasks/t2").await,
        0,
        "t2 is not waited for after t1 failed"
    );

    let server = MockServer::start().await;
    script(
        &server,
        "DELETE",
        DELETE,
        vec![ResponseTemplate::new(200).set_body_json(json!({"tasks": ["t1"]}))],
    )
    .await;
    let mut failed = task_of("t1", "ERROR");
    failed["error"] = json!("no capacity");
    script(&server, "GET", TASK, vec![ResponseTemplate::new(200).set_body_json(failed)]).await;
    let error = client(&server)
        .cloud()
        .inference()
        .deployments()
        .delete("old")
        .and_poll()
        .await;
    assert!(matches!(error, Err(Error::TaskFailed(_))), "{error:?}");
}

// ---- pagination -----------------------------------------------------------------------------

/// Serves `/cloud/v1/tasks` from a list of `total` tasks, honouring `limit` (default 10) and
/// `offset`; fails with 500 for offsets listed in `fail_at`.
struct TaskPages {
    total: usize,
    fail_at: Vec<usize>,
}

impl wiremock::Respond for TaskPages {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        let param = |name: &str| {
            request
                .url
                .query_pairs()
                .find(|(k, _)| k == name)
                .and_then(|(_, v)| v.parse::<usize>().ok())
        };
        let (limit, offset) = (param("limit").unwrap_or(10), param("offset").unwrap_or(0));
        if self.fail_at.contains(&offset) {
            return ResponseTemplate::new(500);
        }
        let results: Vec<Value> = (offset..self.total.min(offset + limit))
            .map(|i| {
                let mut task = task("FINISHED");
                task["id"] = json!(format!("t{i}"));
                task
            })
            .collect();
        ResponseTemplate::new(200).set_body_json(json!({"count": self.total, "results": results}))
    }
}

async fn paged_server(total: usize, fail_at: Vec<usize>) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/cloud/v1/tasks"))
        .respond_with(TaskPages { total, fail_at })
        .mount(&server)
        .await;
    server
}

#[tokio::test]
async fn paginated_lists_stream_every_item_across_pages() {
    use gcore::TryStreamExt;
    let server = paged_server(5, vec![]).await;
    let client = builder(&server).max_retries(0).build().unwrap();

    let page = client.cloud().tasks().list().limit(2).await.expect("one page");
    assert_eq!((page.count, page.results.len()), (5, 2));

    let ids: Vec<String> = client
        .cloud()
        .tasks()
        .list()
        .limit(2)
        .stream()
        .map_ok(|task| task.id)
        .try_collect()
        .await
        .expect("all pages");
    assert_eq!(ids, ["t0", "t1", "t2", "t3", "t4"]);
    assert_eq!(requests_to(&server, "/cloud/v1/tasks").await, 1 + 3, "pages of 2, 2 and 1");

    let from_three: Vec<String> = client
        .cloud()
        .tasks()
        .list()
        .offset(3)
        .stream()
        .map_ok(|task| task.id)
        .try_collect()
        .await
        .unwrap();
    assert_eq!(from_three, ["t3", "t4"]);

    let empty = paged_server(0, vec![]).await;
    let none: Vec<_> = builder(&empty)
        .build()
        .unwrap()
        .cloud()
        .tasks()
        .list()
        .stream()
        .try_collect()
        .await
        .unwrap();
    assert!(none.is_empty());
}

#[tokio::test]
async fn a_failing_page_ends_the_stream_with_its_error() {
    use gcore::StreamExt;
    let server = paged_server(5, vec![2]).await;
    let client = builder(&server).max_retries(0).build().unwrap();
    let items: Vec<Result<gcore::cloud::models::Task, Error>> = client.cloud().tasks().list().limit(2).stream().collect().await;
    assert_eq!(items.len(), 3, "two items, then the error");
    assert!(items[..2].iter().all(Result::is_ok));
    assert_eq!(items[2].as_ref().err().and_then(Error::status).map(|s| s.as_u16()), Some(500));
}

#[tokio::test]
async fn query_parameters_are_validated_and_encoded() {
    use gcore::cloud::models::TaskState;
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/cloud/v1/tasks"))
        .and(query_param("state", "RUNNING"))
        .and(query_param("from_timestamp", "2024-01-01T00:00:00Z"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"count": 0, "results": []})))
        .expect(1)
        .mount(&server)
        .await;
    let client = client(&server);
    client
        .cloud()
        .tasks()
        .list()
        .state(vec![TaskState::Running, TaskState::Error])
        .from_timestamp("2024-01-01T00:00:00Z".parse::<gcore::DateTime>().unwrap())
        .await
        .expect("sent");
    let received = server.received_requests().await.unwrap();
    let query = received[0].url.query().unwrap_or_default().to_string();
    assert!(query.contains("state=RUNNING&state=ERROR"), "{query}");

    let error = client.cloud().tasks().list().limit(0).await.expect_err("limit must be > 0");
    assert!(
        matches!(&error, Error::InvalidRequest(e) if e.path == "limit" && e.rule == Rule::Minimum { bound: 0.0, exclusive: true }),
        "{error}"
    );
}

/// The SDK is tested with the `serde_json` its users get: maps sorted by key, not in
/// insertion order (`preserve_order`, which codegen needs, is not linked here; see
/// tests/sdk/Cargo.toml). Should a change link it again, this fails.
#[test]
fn serde_json_is_what_users_get() {
    let map: serde_json::Map<String, serde_json::Value> = serde_json::from_str(r#"{"b": 1, "a": 2}"#).unwrap();
    let keys: Vec<&str> = map.keys().map(String::as_str).collect();
    assert_eq!(
        keys,
        ["a", "b"],
        "serde_json's `preserve_order` is on in the SDK's tests: run them in a cargo invocation without codegen's \
         package (`cargo test -p gcore-sdk-tests`, as scripts/test does), not with `cargo test --workspace`"
    );
}
