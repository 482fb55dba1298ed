//! The fault matrix: every operation of the SDK against a scripted HTTP server on loopback
//! that misbehaves in every way a real one can — refuses, resets mid-body, stalls, fails,
//! rate-limits, answers in HTML, truncates, floods — and against bodies that drift from the
//! spec (unknown enum value, unknown field, missing field). Each case asserts the exact
//! result, the number of attempts the server saw, and that nothing panicked; the matrix is
//! printed at the end.
//!
//! The server speaks raw HTTP/1.1 over a `TcpListener` so that it can do what a mock server
//! cannot: cut a connection halfway through a body, or stream one without end.

use std::collections::BTreeMap;
use std::sync::atomic::Ordering;
use std::time::Duration;

use codegen::model::{Media, Method, Operation};
use gcore::__operations as table;
use gcore::{ApiErrorKind, Client, Error};
use gcore_sdk_tests::platform::{is_request_of, pick, platform, table_call, Answer};
use gcore_sdk_tests::scripted::{json_body, serve, Fault};
use gcore_sdk_tests::support::{calls, operation_ids, Call};
use serde_json::{json, Value};

const TIMEOUT: Duration = Duration::from_millis(300);
const BODY_LIMIT: usize = 256 * 1024;

/// What a case must end in.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Expect {
    Decoded,
    Connection,
    Timeout,
    Api(ApiErrorKind, bool),
    Decode,
    TooLarge,
}

/// Attempts expected: `all` for faults every request may retry, `reads` for those only
/// idempotent requests retry (a create is sent once).
#[derive(Clone, Copy, Debug)]
enum Attempts {
    Once,
    Retried,
    RetriedUnlessCreate,
}

fn client(base_url: &str) -> Client {
    Client::builder()
        .api_key("fault-test-key")
        .base_url(base_url)
        .project_id(1)
        .timeout(TIMEOUT)
        .retry_backoff(Duration::from_millis(1), Duration::from_millis(5))
        .max_body_bytes(BODY_LIMIT)
        .build()
        .unwrap()
}

fn call(client: &Client, operation: &str) -> Call {
    calls(client)
        .into_iter()
        .find(|(id, inputs, _)| *id == operation && *inputs == "minimal")
        .map(|(_, _, call)| call)
        .expect("a minimal call of every operation")
}

/// A valid body for each operation, and where its drift cases apply: a required scalar to
/// remove, and an enum field to give an unknown value (`None` where the type has none).
fn valid_body(operation: &str) -> (Value, &'static str, Option<&'static str>) {
    let task = json!({"id": "t1", "user_id": 1, "task_type": "x", "state": "RUNNING", "created_on": "2019-12-31T23:59:59"});
    match operation {
        "AIRegionsHandler.get" => (
            json!({"count": 1, "results": [{
                "id": 1, "display_name": "Luxembourg 1", "keystone_name": "ED-8", "slug": "luxembourg-1", "state": "ACTIVE",
                "country": "LU", "endpoint_type": "public", "external_network_id": "n", "created_on": "2019-12-31 23:59:59",
                "keystone_id": 1, "keystone": {"url": "https://k", "state": "NEW", "keystone_federated_domain_id": "d",
                "username": "admin", "password": null, "created_on": null, "id": 1}, "has_kvm": true, "has_baremetal": false,
                "has_basic_vm": false, "has_sfs": false, "has_ddos": true, "has_k8s": true, "has_ai": true, "has_ai_gpu": true,
                "vlan_physical_network": "br-ex", "metrics_database": null, "access_level": "core", "task_id": null,
                "zone": "EUROPE", "available_volume_types": null, "ddos_endpoint": null, "file_share_types": null,
                "metrics_database_id": null, "spice_proxy_url": null, "novnc_proxy_url": null, "serial_proxy_url": null
            }]}),
            "/results/0/id",
            Some("/results/0/state"),
        ),
        "InferenceCapacityHandlerV3.get" => (
            json!({"count": 1, "results": [{"region_id": 4, "capacity": [{"capacity": 42, "flavor_name": "f"}]}]}),
            "/results/0/region_id",
            None,
        ),
        "InferenceInstanceHandlerV3.get" => (
            json!({
                "project_id": 1, "name": "my-instance", "image": "nginx:latest", "listening_port": 80, "status": "ACTIVE",
                "address": null, "auth_enabled": false, "containers": [], "flavor_name": "f", "command": null,
                "credentials_name": "", "description": "", "envs": {}, "logging": null, "probes": null, "timeout": 120,
                "ingress_opts": null, "object_references": [], "api_keys": [], "created_at": "2023-08-22T11:21:00Z"
            }),
            "/listening_port",
            Some("/status"),
        ),
        "InferenceInstancesHandlerV3.post" => (json!({"tasks": ["t1"]}), "/tasks", None),
        "TaskInstanceViewSet.get" => (task, "/user_id", Some("/state")),
        "TaskViewSet.get" => (json!({"count": 1, "results": [task]}), "/count", Some("/results/0/state")),
        other => panic!("no valid body for {other}: add one here"),
    }
}

/// The HTTP method of a seed operation, as the spec gives it.
fn method_of(operation: &str) -> Method {
    let api = gcore_sdk_tests::facts::seeds();
    api.operations
        .iter()
        .find(|op| op.operation_id == operation)
        .expect("a seed operation")
        .method
}

/// A JSON pointer (`/results/0/id`) as the path a decode error names (`results[0].id`).
fn body_path(pointer: &str) -> String {
    let mut path = String::new();
    for segment in pointer.split('/').skip(1) {
        match segment.parse::<usize>() {
            Ok(index) => path.push_str(&format!("[{index}]")),
            Err(_) if path.is_empty() => path.push_str(segment),
            Err(_) => path.push_str(&format!(".{segment}")),
        }
    }
    path
}

fn remove_at(value: &mut Value, pointer: &str) {
    let (parent, key) = pointer.rsplit_once('/').unwrap();
    value.pointer_mut(parent).and_then(Value::as_object_mut).unwrap().remove(key);
}

/// A valid answer of an operation, and where the cases that make it drift from the spec
/// apply.
struct Valid {
    status: u16,
    content_type: String,
    body: Vec<u8>,
    /// The body, when the operation answers with JSON: the drift cases apply to it.
    json: Option<Value>,
    /// A required field to remove (`None`: no such case).
    required: Option<&'static str>,
    /// An enum field to give an unknown value (`None`: no such case).
    enum_field: Option<&'static str>,
}

impl Valid {
    /// A synthesised valid answer: no drift cases but an unknown field.
    fn of(answer: &Answer) -> Valid {
        Valid {
            status: answer.status,
            content_type: answer.content_type.clone(),
            body: answer.body.clone(),
            json: answer.json.clone(),
            required: None,
            enum_field: None,
        }
    }

    /// The valid answer of a seed operation (see [`valid_body`]).
    fn seed(operation: &str) -> Valid {
        let (json, required, enum_field) = valid_body(operation);
        Valid {
            status: 200,
            content_type: "application/json".into(),
            body: json.to_string().into_bytes(),
            json: Some(json),
            required: Some(required),
            enum_field,
        }
    }
}

/// Every case: name, fault, expected result, expected attempts.
fn cases(valid: &Valid) -> Vec<(String, Fault, Expect, Attempts)> {
    let html = |status| Fault::Respond {
        status,
        content_type: "text/html".into(),
        body: b"<html>oops</html>".to_vec(),
        headers: vec![],
    };
    let mut cases = vec![
        (
            "reset mid-body".to_string(),
            Fault::ResetMidBody,
            Expect::Connection,
            Attempts::RetriedUnlessCreate,
        ),
        (
            "slow past timeout".into(),
            Fault::Stall,
            Expect::Timeout,
            Attempts::RetriedUnlessCreate,
        ),
        (
            "500".into(),
            json_body(500, &json!({"message": "boom"})),
            Expect::Api(ApiErrorKind::Server, true),
            Attempts::RetriedUnlessCreate,
        ),
        (
            "502 html".into(),
            html(502),
            Expect::Api(ApiErrorKind::Server, false),
            Attempts::RetriedUnlessCreate,
        ),
        (
            "503".into(),
            json_body(503, &json!({"message": "busy"})),
            Expect::Api(ApiErrorKind::Server, true),
            Attempts::RetriedUnlessCreate,
        ),
        (
            "429 Retry-After".into(),
            Fault::Respond {
                status: 429,
                content_type: "application/json".into(),
                body: b"{}".to_vec(),
                headers: vec![("retry-after", "0")],
            },
            Expect::Api(ApiErrorKind::RateLimited, true),
            Attempts::Retried,
        ),
        (
            "enormous body".into(),
            Fault::Respond {
                status: valid.status,
                content_type: valid.content_type.clone(),
                body: vec![b' '; BODY_LIMIT * 4],
                headers: vec![],
            },
            Expect::TooLarge,
            Attempts::Once,
        ),
        ("endless body".into(), Fault::Endless, Expect::TooLarge, Attempts::Once),
        (
            "valid body".into(),
            Fault::Respond {
                status: valid.status,
                content_type: valid.content_type.clone(),
                body: valid.body.clone(),
                headers: vec![],
            },
            Expect::Decoded,
            Attempts::Once,
        ),
    ];
    for (status, kind) in [
        (401, ApiErrorKind::Unauthorized),
        (403, ApiErrorKind::Forbidden),
        (404, ApiErrorKind::NotFound),
        (409, ApiErrorKind::Conflict),
        (422, ApiErrorKind::UnprocessableEntity),
    ] {
        cases.push((
            format!("{status} JSON"),
            json_body(status, &json!({"message": "no"})),
            Expect::Api(kind, true),
            Attempts::Once,
        ));
        cases.push((
            format!("{status} empty"),
            Fault::Respond {
                status,
                content_type: "text/plain".into(),
                body: vec![],
                headers: vec![],
            },
            Expect::Api(kind, false),
            Attempts::Once,
        ));
    }
    let Some(valid_json) = &valid.json else {
        // Text and bytes are taken as they come, whatever the content type says.
        cases.push((
            "HTML instead of the media type".into(),
            html(200),
            Expect::Decoded,
            Attempts::Once,
        ));
        return cases;
    };
    cases.push(("HTML instead of JSON".into(), html(200), Expect::Decode, Attempts::Once));
    cases.push((
        "truncated JSON".into(),
        Fault::Respond {
            status: valid.status,
            content_type: "application/json".into(),
            body: valid_json.to_string().as_bytes()[..8.min(valid_json.to_string().len() - 1)].to_vec(),
            headers: vec![],
        },
        Expect::Decode,
        Attempts::Once,
    ));
    cases.push((
        "JSON as text/plain".into(),
        Fault::Respond {
            status: valid.status,
            content_type: "text/plain".into(),
            body: valid_json.to_string().into_bytes(),
            headers: vec![],
        },
        Expect::Decoded,
        Attempts::Once,
    ));
    if valid_json.is_object() {
        let mut unknown_field = valid_json.clone();
        unknown_field["field_from_the_future"] = json!({"x": 1});
        cases.push((
            "unknown field".into(),
            json_body(valid.status, &unknown_field),
            Expect::Decoded,
            Attempts::Once,
        ));
    }
    if let Some(pointer) = valid.enum_field {
        let mut unknown_enum = valid_json.clone();
        *unknown_enum.pointer_mut(pointer).unwrap() = json!("STATE_FROM_THE_FUTURE");
        cases.push((
            "unknown enum value".into(),
            json_body(valid.status, &unknown_enum),
            Expect::Decoded,
            Attempts::Once,
        ));
    }
    if let Some(required) = valid.required {
        let mut missing = valid_json.clone();
        remove_at(&mut missing, required);
        // A missing list decodes as empty (lenient); a missing scalar is an error naming it.
        let expect = if valid_json.pointer(required).is_some_and(Value::is_array) {
            Expect::Decoded
        } else {
            Expect::Decode
        };
        cases.push((
            "missing required field".into(),
            json_body(valid.status, &missing),
            expect,
            Attempts::Once,
        ));
    }
    cases
}

fn short(expect: Expect) -> String {
    match expect {
        Expect::Api(kind, true) => format!("{kind:?}+json"),
        Expect::Api(kind, false) => format!("{kind:?}"),
        other => format!("{other:?}"),
    }
}

fn outcome(result: &Result<gcore_sdk_tests::support::Reply, Error>) -> Expect {
    match result {
        Ok(_) => Expect::Decoded,
        Err(error) => failure(error),
    }
}

fn failure(error: &Error) -> Expect {
    match error {
        Error::Connection { .. } => Expect::Connection,
        Error::Timeout { .. } => Expect::Timeout,
        Error::Api(api) => Expect::Api(api.kind(), api.json.is_some()),
        Error::Decode(_) => Expect::Decode,
        Error::ResponseTooLarge { .. } => Expect::TooLarge,
        other => panic!("unexpected error variant: {other:?}"),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_operation_against_every_fault() {
    // case → operation → result, printed as a table at the end.
    let mut matrix: BTreeMap<String, BTreeMap<String, String>> = BTreeMap::new();
    let mut passed = 0;
    for operation in operation_ids() {
        // POST and PATCH are not idempotent (RFC 9110): once sent, the SDK does not resend them.
        let is_create = matches!(method_of(&operation), Method::Post | Method::Patch);
        // Nothing listens: refused before any byte is sent, so even a create is retried.
        let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap();
        let result = tokio::spawn(call(&client(&format!("http://{closed}")), &operation))
            .await
            .expect("no panic");
        assert_eq!(outcome(&result), Expect::Connection, "{operation}: connection refused");
        assert!(
            matches!(result, Err(Error::Connection { attempts: 3, .. })),
            "{operation}: {result:?}"
        );
        matrix
            .entry("connection refused".into())
            .or_default()
            .insert(operation.clone(), "Connection ×3".into());
        passed += 1;

        for (case, fault, expected, attempts) in cases(&Valid::seed(&operation)) {
            let server = serve(fault).await;
            let result = tokio::spawn(call(&client(&server.address), &operation)).await;
            let result = result.unwrap_or_else(|panic| panic!("{operation} / {case}: the SDK panicked: {panic}"));
            let got = outcome(&result);
            assert_eq!(got, expected, "{operation} / {case}: {result:?}");
            if let (true, Err(Error::Decode(error))) = (case == "missing required field", &result) {
                // The error names the field that is missing, as a path into the body.
                let (_, required, _) = valid_body(&operation);
                assert_eq!(error.path, body_path(required), "{operation} / {case}: {error:?}");
            }
            let seen = server.attempts.load(Ordering::SeqCst);
            let want = match attempts {
                Attempts::Once => 1,
                Attempts::Retried => 3,
                Attempts::RetriedUnlessCreate if is_create => 1,
                Attempts::RetriedUnlessCreate => 3,
            };
            assert_eq!(seen, want, "{operation} / {case}: attempts");
            if let Err(error) = &result {
                assert!(!error.to_string().is_empty() && !error.to_string().contains("fault-test-key"));
            }
            matrix
                .entry(case)
                .or_default()
                .insert(operation.clone(), format!("{} ×{seen}", short(got)));
            passed += 1;
        }
    }
    let operations = operation_ids();
    println!(
        "fault matrix ({} operations × {} cases; result ×attempts):",
        operations.len(),
        matrix.len()
    );
    for (i, operation) in operations.iter().enumerate() {
        println!("  [{i}] {operation}");
    }
    let columns: Vec<String> = (0..operations.len()).map(|i| format!("{:<27}", format!("[{i}]"))).collect();
    println!("  {:<24} {}", "case", columns.join(""));
    for (case, results) in &matrix {
        let row: Vec<String> = operations
            .iter()
            .map(|op| format!("{:<27}", results.get(op).map(String::as_str).unwrap_or("n/a")))
            .collect();
        println!("  {case:<24} {}", row.join(""));
    }
    println!("fault cases: {passed} passed, 0 failed");
}

/// A kind of operation the platform's documents have, by what it sends and receives.
struct Shape {
    name: &'static str,
    fits: fn(&Operation) -> bool,
    /// The content type its request must carry, when it sends a body.
    sends: Option<&'static str>,
}

fn json_response(op: &Operation) -> bool {
    op.response.is_some() && op.response_media == Media::Json
}

/// One of each kind the fault matrix must cover: every request and response media type the
/// SDK handles, a call that sends no key, a paginated list, and each method's retry rule.
const SHAPES: [Shape; 9] = [
    Shape {
        name: "JSON body, POST",
        fits: |op| op.method == Method::Post && op.body.as_ref().is_some_and(|b| b.media == Media::Json) && json_response(op),
        sends: Some("application/json"),
    },
    Shape {
        name: "multipart body",
        fits: |op| op.body.as_ref().is_some_and(|b| b.media == Media::Multipart),
        sends: Some("multipart/form-data"),
    },
    Shape {
        name: "form body",
        // Also a JSON body the operation takes as a form too, sent as one (`.as_form()`).
        fits: |op| {
            op.body
                .as_ref()
                .is_some_and(|b| b.media == Media::Form || b.alternatives.contains(&Media::Form))
        },
        sends: Some("application/x-www-form-urlencoded"),
    },
    Shape {
        name: "JSON body, PUT",
        fits: |op| op.method == Method::Put && op.body.as_ref().is_some_and(|b| b.media == Media::Json) && json_response(op),
        sends: Some("application/json"),
    },
    Shape {
        name: "JSON body, PATCH",
        fits: |op| op.method == Method::Patch && op.body.as_ref().is_some_and(|b| b.media == Media::Json) && json_response(op),
        sends: Some("application/json"),
    },
    Shape {
        name: "text response",
        fits: |op| op.response.is_some() && op.response_media == Media::Text,
        sends: None,
    },
    Shape {
        name: "bytes response",
        fits: |op| op.response.is_some() && op.response_media == Media::Binary,
        sends: None,
    },
    Shape {
        name: "no key (security: [])",
        fits: |op| !op.authenticated && json_response(op),
        sends: None,
    },
    Shape {
        name: "paginated list",
        fits: |op| op.pagination.is_some(),
        sends: None,
    },
];

/// The fault matrix on the whole platform: one operation of each shape (`SHAPES`), called
/// through the operation table with synthesised inputs, against every fault. Each case
/// asserts the error variant and the attempts the server saw (a POST or PATCH, once sent, is
/// never sent again); the valid answer also asserts the request line and that the API key
/// is sent exactly when the operation asks for it.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn one_operation_of_each_shape_against_every_fault() {
    let platform = platform();
    let mut documents = BTreeMap::new();
    let mut lines = Vec::new();
    let mut passed = 0;
    for shape in &SHAPES {
        // A JSON body the operation also takes as a form is sent as one (`.as_form()`).
        let encoding = |op: &Operation| {
            let alternative = op.body.as_ref().is_some_and(|b| b.alternatives.contains(&Media::Form));
            (shape.name == "form body" && alternative).then_some("form")
        };
        let picked = pick(&platform, &mut documents, shape.fits, encoding)
            .unwrap_or_else(|| panic!("no operation of the platform is a `{}`", shape.name));
        let op = &picked.op;
        let what = format!("{} ({} {})", shape.name, picked.product, op.operation_id);
        let call = table::call(&picked.product, &op.operation_id).expect("every operation is in the table");
        let is_create = matches!(op.method, Method::Post | Method::Patch);
        let mut results = Vec::new();
        let mut cases = cases(&Valid::of(&picked.answer));
        cases.push((
            "connection refused".into(),
            Fault::Refused,
            Expect::Connection,
            Attempts::Retried,
        ));
        for (case, fault, expected, attempts) in cases {
            let (address, server) = match fault {
                Fault::Refused => {
                    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap();
                    (format!("http://{closed}"), None)
                }
                fault => {
                    let server = serve(fault).await;
                    (server.address.clone(), Some(server))
                }
            };
            let result = tokio::spawn(table_call(call, client(&address), picked.inputs.clone()))
                .await
                .unwrap_or_else(|panic| panic!("{what} / {case}: the SDK panicked: {panic}"));
            let result = match result {
                Ok(Err(refused)) => panic!("{what} / {case}: the table refused the inputs: {refused}"),
                Ok(Ok(reply)) => Ok(reply),
                Err(error) => Err(error),
            };
            let got = match &result {
                Ok(_) => Expect::Decoded,
                Err(error) => failure(error),
            };
            assert_eq!(got, expected, "{what} / {case}: {result:?}\n    inputs: {}", picked.inputs);
            let seen = match &server {
                Some(server) => server.attempts.load(Ordering::SeqCst),
                None => match &result {
                    Err(Error::Connection { attempts, .. }) => *attempts as usize,
                    other => panic!("{what} / {case}: {other:?}"),
                },
            };
            let want = match attempts {
                Attempts::Once => 1,
                Attempts::Retried => 3,
                Attempts::RetriedUnlessCreate if is_create => 1,
                Attempts::RetriedUnlessCreate => 3,
            };
            assert_eq!(seen, want, "{what} / {case}: attempts");
            if case == "valid body" {
                let heads = server.as_ref().expect("a server").heads.lock().unwrap().clone();
                let head = &heads[0];
                let line = head.lines().next().unwrap_or_default();
                assert!(
                    is_request_of(line, op),
                    "{what}: the request was `{line}`, not {} {}",
                    op.method.as_str(),
                    op.path
                );
                let sent = head.lines().find_map(|l| l.strip_prefix("content-type: "));
                match shape.sends {
                    Some(media) => assert!(
                        sent.is_some_and(|sent| sent.starts_with(media)),
                        "{what}: sent as {sent:?}, not {media}"
                    ),
                    None => assert!(sent.is_none() || op.body.is_some(), "{what}: a content type without a body"),
                }
                let keyed = head.lines().any(|l| l.starts_with("authorization: apikey "));
                assert_eq!(keyed, op.authenticated, "{what}: the API key sent or not:\n{head}");
            }
            results.push(format!("{case}: {} ×{seen}", short(got)));
            passed += 1;
        }
        lines.push(format!("  {what}:\n    {}", results.join(", ")));
    }
    println!(
        "fault matrix of the platform ({} shapes):\n{}",
        SHAPES.len(),
        lines.join("\n")
    );
    println!("platform fault cases: {passed} passed, 0 failed");
}
