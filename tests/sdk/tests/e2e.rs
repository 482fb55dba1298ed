//! End-to-end: each seed operation of the SDK against a real HTTP server on loopback,
//! checking what goes on the wire (method, path, auth, body) and what comes back (decoded
//! types), response bodies made of the spec's own examples; then one operation of every
//! resource group and of every media type each product uses, through the operation table.

use gcore::cloud::models::{
    ContainerScaleV3, ContainerScaleV3Required, InferenceDeploymentContainerParams, InferenceDeploymentContainerParamsRequired,
    InferenceDeploymentCreateParams, InferenceDeploymentCreateParamsRequired, InferenceInstanceStatusV3, TaskState, Zone,
};
use gcore::{Client, Error, Maybe};
use std::collections::{BTreeMap, BTreeSet};
use std::sync::atomic::Ordering;

use codegen::model::{Media, Operation};
use gcore::__operations as table;
use gcore_sdk_tests::platform::{is_request_of, pick, platform, table_call, Documents, Picked};
use gcore_sdk_tests::scripted::{serve, Fault};
use serde_json::{json, Value};
use wiremock::matchers::{body_json, header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const KEY: &str = "test-key-123";

async fn client(server: &MockServer) -> Client {
    Client::builder()
        .api_key(KEY)
        .base_url(server.uri())
        .project_id(1)
        .build()
        .expect("valid configuration")
}

fn deployment_example() -> serde_json::Value {
    json!({
        "project_id": 1,
        "name": "my-instance",
        "description": "My first instance",
        "image": "nginx:latest",
        "listening_port": 8080,
        "created_at": "2023-08-22T11:21:00Z",
        "status": "ACTIVE",
        "auth_enabled": false,
        "address": "https://example.com",
        "containers": [{
            "region_id": 1,
            "address": "https://example.com",
            "deploy_status": {"ready": 1, "total": 3},
            "error_message": null,
            "scale": {
                "cooldown_period": 60, "max": 3, "min": 1, "polling_interval": 30,
                "triggers": {
                    "cpu": {"threshold": 80}, "memory": {"threshold": 70},
                    "gpu_utilization": null, "gpu_memory": null, "http": {"rate": 1, "window": 60}, "sqs": null
                }
            }
        }],
        "timeout": 120,
        "envs": {"DEBUG_MODE": "False", "KEY": "12345"},
        "flavor_name": "inference-16vcpu-232gib-1xh100-80gb",
        // The published spec types this `string | null` while its examples are arrays;
        // spec/corrections.overlay.yaml makes the SDK decode what the API really sends.
        "command": ["nginx", "-g", "daemon off;"],
        "credentials_name": "dockerhub",
        "logging": {"destination_region_id": 1, "enabled": true, "retention_policy": {"period": 45}, "topic_name": "my-log-name"},
        "probes": null,
        "ingress_opts": {"disable_response_buffering": true},
        "object_references": [{"kind": "AppDeployment", "name": "my-inference-app"}],
        "api_keys": ["key1", "key2"]
    })
}

#[tokio::test]
async fn get_capacity_by_region() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/cloud/v3/inference/capacity"))
        .and(header("authorization", format!("APIKey {KEY}").as_str()))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "count": 1,
            "results": [{"region_id": 4, "capacity": [{"capacity": 42, "flavor_name": "inference-16vcpu-232gib-1xh100-80gb"}]}]
        })))
        .expect(1)
        .mount(&server)
        .await;

    let list = client(&server)
        .await
        .cloud()
        .inference()
        .get_capacity_by_region()
        .await
        .expect("decodes");
    assert_eq!(list.count, 1);
    assert_eq!(list.results[0].region_id, 4);
    assert_eq!(list.results[0].capacity[0].capacity, 42);
    assert_eq!(list.results[0].capacity[0].flavor_name, "inference-16vcpu-232gib-1xh100-80gb");
}

#[tokio::test]
#[allow(deprecated)] // reads `ddos_endpoint`, which the API deprecates: users get the same warning
async fn list_ai_regions() {
    let server = MockServer::start().await;
    let region = json!({
        "id": 1, "display_name": "Luxembourg 1", "keystone_name": "ED-8", "slug": "luxembourg-1", "state": "ACTIVE",
        "country": "LU", "zone": "RUSSIA_AND_CIS", "endpoint_type": "public",
        "external_network_id": "c843c3e6-ef4d-4b92-8db2-e16ac05c5650",
        "novnc_proxy_url": "http://example.com:6080/", "serial_proxy_url": "wss://example.com:6083/",
        "created_on": "2019-12-31T23:59:59", "keystone_id": 1,
        "keystone": {
            "url": "https://10.100.167.20:5000/v3", "state": "NEW", "keystone_federated_domain_id": "2b2798cc-eb87-475e-8eab-1e711e5dbe46",
            "username": "admin", "password": "******", "created_on": "2019-12-31 23:59:59", "id": 1
        },
        "has_kvm": true, "has_baremetal": false, "has_basic_vm": false, "has_sfs": false, "has_ddos": true,
        "vlan_physical_network": "br-ex", "metrics_database": null, "access_level": "core",
        "has_k8s": true, "has_ai": true, "has_ai_gpu": true,
        "available_volume_types": ["standard", "ssd_hiiops", "cold"], "task_id": null,
        "ddos_endpoint": {
            "region_id": 2, "service": "laas", "version": "v1.2.3", "created_on": "2021-11-09T12:05:50",
            "updated_at": "2022-12-10T13:06:41", "id": 1, "url": "https://example.com", "client_ids": [1, 22, 333]
        }
    });
    Mock::given(method("GET"))
        .and(path("/cloud/v1/ai/regions"))
        .and(header("authorization", format!("APIKey {KEY}").as_str()))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"count": 1, "results": [region]})))
        .expect(1)
        .mount(&server)
        .await;

    let regions = client(&server).await.cloud().ai().regions().list().await.expect("decodes");
    let region = &regions.results[0];
    assert_eq!(region.display_name, "Luxembourg 1");
    assert_eq!(region.zone, Some(Zone::RussiaAndCis));
    assert_eq!(
        region.available_volume_types.as_deref(),
        Some(&["standard".to_string(), "ssd_hiiops".into(), "cold".into()][..])
    );
    assert_eq!(
        region.ddos_endpoint.as_ref().map(|e| e.client_ids.clone()),
        Some(vec![1, 22, 333])
    );
    assert!(region.metrics_database.is_none());
}

#[tokio::test]
async fn get_deployment() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/cloud/v3/inference/7/deployments/my-instance"))
        .and(header("authorization", format!("APIKey {KEY}").as_str()))
        .respond_with(ResponseTemplate::new(200).set_body_json(deployment_example()))
        .expect(1)
        .mount(&server)
        .await;

    let deployment = client(&server)
        .await
        .cloud()
        .inference()
        .deployments()
        .get("my-instance")
        .with_project_id(7)
        .await
        .expect("decodes");
    assert_eq!(deployment.name, "my-instance");
    assert_eq!(deployment.status, InferenceInstanceStatusV3::Active);
    assert_eq!(deployment.timeout, Some(120));
    assert_eq!(
        deployment.containers[0].scale.triggers.http.as_ref().map(|h| h.window),
        Some(60)
    );
    assert_eq!(
        deployment.envs.as_ref().and_then(|e| e.get("KEY")).map(String::as_str),
        Some("12345")
    );
    assert_eq!(deployment.api_keys, Some(vec!["key1".to_string(), "key2".to_string()]));
    assert_eq!(
        deployment.command,
        Some(gcore::cloud::models::InferenceDeploymentCommand::List(vec![
            "nginx".into(),
            "-g".into(),
            "daemon off;".into()
        ]))
    );
    let created_at = deployment.created_at.expect("present");
    assert_eq!(created_at.to_string(), "2023-08-22T11:21:00Z");
}

#[tokio::test]
async fn create_deployment_sends_the_body_and_keeps_null_apart_from_absent() {
    let server = MockServer::start().await;
    // Exactly what the SDK must send: required fields, `timeout: null` (never scale down),
    // and nothing for the optional fields left unset.
    let expected = json!({
        "containers": [{"region_id": 1, "scale": {"max": 3, "min": 1}}],
        "flavor_name": "inference-16vcpu-232gib-1xh100-80gb",
        "image": "nginx:latest",
        "listening_port": 80,
        "name": "my-instance",
        "timeout": null
    });
    Mock::given(method("POST"))
        .and(path("/cloud/v3/inference/1/deployments"))
        .and(header("authorization", format!("APIKey {KEY}").as_str()))
        .and(header("content-type", "application/json"))
        .and(body_json(&expected))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"tasks": ["d478ae29-dedc-4869-82f0-96104425f565"]})))
        .expect(1)
        .mount(&server)
        .await;

    let body = InferenceDeploymentCreateParams::new(InferenceDeploymentCreateParamsRequired {
        containers: vec![InferenceDeploymentContainerParams::new(
            InferenceDeploymentContainerParamsRequired {
                region_id: 1,
                scale: ContainerScaleV3::new(ContainerScaleV3Required { max: 3, min: 1 }),
            },
        )],
        flavor_name: "inference-16vcpu-232gib-1xh100-80gb".into(),
        image: "nginx:latest".into(),
        listening_port: 80,
        name: "my-instance".into(),
    })
    .timeout(Maybe::Null);
    let tasks = client(&server)
        .await
        .cloud()
        .inference()
        .deployments()
        .create(body)
        .await
        .expect("decodes");
    assert_eq!(tasks.tasks, vec!["d478ae29-dedc-4869-82f0-96104425f565".to_string()]);
}

#[tokio::test]
async fn get_task() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/cloud/v1/tasks/26986bc0-748a-4448-b836-0a2aa465eb06"))
        .and(header("authorization", format!("APIKey {KEY}").as_str()))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "id": "26986bc0-748a-4448-b836-0a2aa465eb06", "user_id": 123, "task_type": "create_vm", "state": "FINISHED",
            "created_on": "2019-06-25T08:42:42Z", "acknowledged_by": 123, "project_id": 123, "region_id": 123,
            "created_resources": {"inference_instances": ["my-instance"]},
            "detailed_state": "SOMETHING_NEW",
            "data": {"flavor_name": "g1s-shared-1-0.5", "keypair_name": null}
        })))
        .expect(1)
        .mount(&server)
        .await;

    let task = client(&server)
        .await
        .cloud()
        .tasks()
        .get("26986bc0-748a-4448-b836-0a2aa465eb06")
        .await
        .expect("decodes");
    assert_eq!(task.state, TaskState::Finished);
    assert_eq!(
        task.created_resources.and_then(|r| r.inference_instances),
        Some(vec!["my-instance".to_string()])
    );
    // A detailed state this SDK does not know is kept, not an error, and re-encodes unchanged.
    let detailed = task.detailed_state.expect("present");
    assert!(detailed.is_unknown());
    assert_eq!(serde_json::to_value(&detailed).unwrap(), json!("SOMETHING_NEW"));
    assert_eq!(
        task.data,
        Some(json!({"flavor_name": "g1s-shared-1-0.5", "keypair_name": null}))
    );
}

#[tokio::test]
async fn path_parameters_stay_one_segment() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/cloud/v3/inference/1/deployments/..%2F..%2Fv1%2Fx%3Fa%3D1"))
        .respond_with(ResponseTemplate::new(404))
        .expect(1)
        .mount(&server)
        .await;
    let client = client(&server).await;
    let error = client
        .cloud()
        .inference()
        .deployments()
        .get("../../v1/x?a=1")
        .await
        .expect_err("404");
    assert_eq!(error.status().map(|s| s.as_u16()), Some(404));

    // A value that would be a dot-segment cannot be sent as one segment at all.
    let error = client.cloud().inference().deployments().get("..").await.expect_err("refused");
    assert!(
        matches!(error, Error::InvalidRequest(ref e) if e.path == "deployment_name" && e.rule == gcore::Rule::PathSegment),
        "{error}"
    );
}

#[tokio::test]
async fn missing_project_is_an_error_before_any_request() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200))
        .expect(0)
        .mount(&server)
        .await;
    let client = Client::builder().api_key(KEY).base_url(server.uri()).build().unwrap();
    let error = client
        .cloud()
        .inference()
        .deployments()
        .get("my-instance")
        .await
        .expect_err("no project");
    assert!(
        matches!(error, Error::InvalidRequest(ref e) if e.path == "project_id" && matches!(e.rule, gcore::Rule::NoDefault { .. })),
        "{error}"
    );
    // The message names the call, then where to set a project.
    let text = error.to_string();
    assert!(text.starts_with("cloud.inference.deployments.get ("), "{text}");
    for hint in [".with_project_id(", "ClientBuilder::project_id", "GCORE_CLOUD_PROJECT_ID"] {
        assert!(text.contains(hint), "{text} names {hint}");
    }
    assert_eq!(client.project_id(), None);
}

#[tokio::test]
async fn api_errors_are_typed_and_server_errors_retried() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/cloud/v1/tasks/t1"))
        .respond_with(
            ResponseTemplate::new(503)
                .insert_header("x-request-id", "req-1")
                .set_body_json(json!({"message": "busy"})),
        )
        .expect(2)
        .mount(&server)
        .await;
    let client = Client::builder()
        .api_key(KEY)
        .base_url(server.uri())
        .max_retries(1)
        .build()
        .unwrap();
    let error = client.cloud().tasks().get("t1").await.expect_err("503");
    let api = error.as_api().expect("an API error");
    assert_eq!(api.kind(), gcore::ApiErrorKind::Server);
    assert_eq!(api.attempts, 2);
    assert_eq!(api.request_id.as_deref(), Some("req-1"));
    assert_eq!(api.message(), Some("busy"));
    assert!(!error.to_string().contains(KEY));
}

#[tokio::test]
async fn an_error_body_decodes_into_the_type_its_status_declares() {
    #[derive(Debug, serde::Deserialize, PartialEq)]
    struct NotFound {
        message: String,
        resource_id: Option<String>,
    }
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/cloud/v1/tasks/t404"))
        .respond_with(ResponseTemplate::new(404).set_body_json(json!({"message": "no such task", "resource_id": "t404"})))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/cloud/v1/tasks/html"))
        .respond_with(ResponseTemplate::new(404).set_body_string("<html>gateway</html>"))
        .mount(&server)
        .await;
    let client = client(&server).await;
    let error = client.cloud().tasks().get("t404").await.expect_err("404");
    let api = error.as_api().expect("an API error");
    assert_eq!(api.kind(), gcore::ApiErrorKind::NotFound);
    assert_eq!(
        api.body_as::<NotFound>(),
        Ok(NotFound {
            message: "no such task".into(),
            resource_id: Some("t404".into())
        })
    );
    let error = client.cloud().tasks().get("html").await.expect_err("404");
    let not_json = error
        .as_api()
        .expect("an API error")
        .body_as::<NotFound>()
        .expect_err("not JSON");
    assert_eq!(not_json.path, ".");
}

#[tokio::test]
async fn decode_errors_name_the_failing_field() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/cloud/v3/inference/capacity"))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(json!({"count": 1, "results": [{"region_id": "four", "capacity": []}]})),
        )
        .mount(&server)
        .await;
    let error = client(&server)
        .await
        .cloud()
        .inference()
        .get_capacity_by_region()
        .await
        .expect_err("wrong type");
    match error {
        Error::Decode(decode) => assert_eq!(decode.path, "results[0].region_id"),
        other => panic!("expected a decode error, got {other}"),
    }
}

#[tokio::test]
async fn configuration_comes_from_the_environment_and_is_checked() {
    let env = |vars: Vec<(&'static str, String)>| move |name: &str| vars.iter().find(|(k, _)| *k == name).map(|(_, v)| v.clone());
    let missing_key = gcore::ClientBuilder::from_lookup(env(vec![])).build().expect_err("no key");
    assert!(missing_key.to_string().contains("GCORE_API_KEY"), "{missing_key}");

    let bad_project = gcore::ClientBuilder::from_lookup(env(vec![
        ("GCORE_API_KEY", "k".into()),
        ("GCORE_CLOUD_PROJECT_ID", "abc".into()),
    ]))
    .build();
    assert!(matches!(bad_project, Err(Error::Config { .. })));

    // Every setting read from the environment shows on the wire: the key, the base URL, the
    // project filled into the path, the custom headers.
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/cloud/v3/inference/5/deployments/my-instance"))
        .and(header("authorization", "APIKey secret-key"))
        .and(header("x-a", "1"))
        .and(header("x-b", "two"))
        .respond_with(ResponseTemplate::new(200).set_body_json(deployment_example()))
        .expect(1)
        .mount(&server)
        .await;
    let client = gcore::ClientBuilder::from_lookup(env(vec![
        ("GCORE_API_KEY", "secret-key".into()),
        ("GCORE_BASE_URL", format!("{}/", server.uri())),
        ("GCORE_CLOUD_PROJECT_ID", "5".into()),
        ("GCORE_CUSTOM_HEADERS", "X-A: 1\nX-B: two".into()),
    ]))
    .build()
    .expect("valid");
    assert_eq!(client.base_url(), server.uri(), "the trailing slash is dropped");
    assert!(!format!("{client:?}").contains("secret-key"));
    let deployment = client.cloud().inference().deployments().get("my-instance").await;
    assert!(deployment.is_ok(), "{deployment:?}");

    let insecure = Client::builder().api_key("k").base_url("http://api.example.com").build();
    assert!(matches!(insecure, Err(Error::Config { .. })));
}

/// What a request of `op` with these inputs carries as its content type.
fn sent_media(op: &Operation, inputs: &Value) -> Option<&'static str> {
    let body = op.body.as_ref()?;
    if inputs.get("body").is_none_or(Value::is_null) {
        return None;
    }
    let media = match inputs.get("encoding").and_then(Value::as_str) {
        Some("form") => Media::Form,
        Some("multipart") => Media::Multipart,
        _ => body.media,
    };
    Some(match media {
        Media::Json => "application/json",
        Media::Form => "application/x-www-form-urlencoded",
        Media::Multipart => "multipart/form-data",
        Media::Text => "text/plain",
        Media::Binary => "application/octet-stream",
    })
}

/// The encoding to ask for to send a body in `media`: none when it is the body's own.
fn encoding_for(op: &Operation, media: Media) -> Option<&'static str> {
    let body = op.body.as_ref()?;
    match media {
        _ if body.media == media => None,
        Media::Form => Some("form"),
        Media::Multipart => Some("multipart"),
        _ => None,
    }
}

/// What a call of `op` covers: its resource group, the media type its body goes in (its
/// own, or `sent` when asked for), and the media type of its answer.
fn covered_by(product: &str, op: &Operation, sent: Option<Media>) -> Vec<String> {
    let mut reasons = vec![format!(
        "group {}",
        op.rust.resource[..2.min(op.rust.resource.len())].join(".")
    )];
    if let Some(body) = &op.body {
        reasons.push(format!("{product} sends {:?}", sent.unwrap_or(body.media)));
    }
    if op.response.is_some() {
        reasons.push(format!("{product} receives {:?}", op.response_media));
    }
    reasons
}

/// What the operations of a product can cover: every resource group, every media type a
/// body may go in (alternatives included), every media type of an answer.
fn coverable(product: &str, op: &Operation) -> Vec<(String, Option<Media>)> {
    let mut reasons: Vec<(String, Option<Media>)> = covered_by(product, op, None).into_iter().map(|r| (r, None)).collect();
    if let Some(body) = &op.body {
        for media in &body.alternatives {
            reasons.push((format!("{product} sends {media:?}"), Some(*media)));
        }
    }
    reasons
}

/// Every resource group of every product, and every request and response media type each
/// product uses, end to end: for each, the first operation valid inputs and a valid answer
/// can be synthesised for, called through the operation table against a server on loopback
/// that answers with that answer. Asserts the method and the path (with the server's base
/// path), the API key sent exactly when the operation asks for it, the content type of the
/// body, and the answer decoded: JSON encodes back to the body sent, no enum value unknown;
/// text and bytes as sent.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn one_operation_of_every_resource_group_and_media_type_end_to_end() {
    let platform = platform();
    let mut documents = Documents::new();
    // (product, operationId, encoding asked for) → the call.
    let mut picked: BTreeMap<(String, String, String), Picked> = BTreeMap::new();
    let mut covered: BTreeSet<String> = BTreeSet::new();
    let mut uncovered = Vec::new();
    for entry in &platform {
        let product = entry.1.product.name.clone();
        let wanted: BTreeMap<String, Option<Media>> = entry.1.operations.iter().flat_map(|op| coverable(&product, op)).collect();
        for (reason, sent) in wanted {
            if covered.contains(&reason) {
                continue;
            }
            let fits = |op: &Operation| coverable(&product, op).iter().any(|(r, _)| r == &reason);
            let encoding = |op: &Operation| sent.and_then(|media| encoding_for(op, media));
            match pick(std::slice::from_ref(entry), &mut documents, fits, encoding) {
                Some(chosen) => {
                    let media = sent.filter(|media| encoding_for(&chosen.op, *media).is_some());
                    covered.extend(covered_by(&product, &chosen.op, media));
                    covered.insert(reason);
                    let encoding = chosen.inputs["encoding"].as_str().unwrap_or("its own media").to_string();
                    picked.insert((product.clone(), chosen.op.operation_id.clone(), encoding), chosen);
                }
                None => uncovered.push(format!("{product}: {reason}")),
            }
        }
    }
    let mut failures = Vec::new();
    for ((product, id, encoding), chosen) in &picked {
        let (op, answer) = (&chosen.op, &chosen.answer);
        let what = match op.body {
            Some(_) => format!("{product} {id} ({}, body as {encoding})", op.rust.dotted()),
            None => format!("{product} {id} ({})", op.rust.dotted()),
        };
        let server = serve(Fault::Respond {
            status: answer.status,
            content_type: answer.content_type.clone(),
            body: answer.body.clone(),
            headers: vec![],
        })
        .await;
        let client = Client::builder()
            .api_key(KEY)
            .base_url(&server.address)
            .project_id(1)
            .max_retries(0)
            .build()
            .unwrap();
        let call = table::call(product, id).expect("every operation is in the table");
        let reply = match table_call(call, client, chosen.inputs.clone()).await {
            Ok(Ok(reply)) => reply,
            Ok(Err(refused)) => {
                failures.push(format!("{what}: the table refused the inputs: {refused}"));
                continue;
            }
            Err(error) => {
                failures.push(format!("{what}: {error}\n    inputs: {}", chosen.inputs));
                continue;
            }
        };
        let heads = server.heads.lock().unwrap().clone();
        let head = &heads[0];
        let line = head.lines().next().unwrap_or_default();
        if !is_request_of(line, op) {
            failures.push(format!(
                "{what}: the request was `{line}`, not {} {}",
                op.method.as_str(),
                op.path
            ));
        }
        let keyed = head
            .lines()
            .any(|l| l.starts_with(&format!("authorization: apikey {}", KEY.to_lowercase())));
        if keyed != op.authenticated {
            failures.push(format!(
                "{what}: API key sent: {keyed}, the operation asks for one: {}",
                op.authenticated
            ));
        }
        let sent = head.lines().find_map(|l| l.strip_prefix("content-type: "));
        if let Some(media) = sent_media(op, &chosen.inputs) {
            if !sent.is_some_and(|sent| sent.starts_with(media)) {
                failures.push(format!("{what}: the body went as {sent:?}, not {media}"));
            }
        }
        let losses = match &answer.json {
            Some(json) => {
                let mut losses = gcore_sdk_tests::wire::differences(json, &reply.encoded);
                if reply.has_unknown_values {
                    losses.push("an enum value decodes as unknown to its type".into());
                }
                losses
            }
            None if op.response.is_none() => Vec::new(),
            None if op.response_media == Media::Text => match reply.encoded.as_str() {
                Some(text) if text.as_bytes() == answer.body.as_slice() => Vec::new(),
                _ => vec![format!("text decoded as {}", reply.encoded)],
            },
            None => match serde_json::from_value::<Vec<u8>>(reply.encoded.clone()) {
                Ok(bytes) if bytes == answer.body => Vec::new(),
                _ => vec![format!("bytes decoded as {}", reply.encoded)],
            },
        };
        if !losses.is_empty() {
            failures.push(format!("{what}: the answer decoded with losses: {}", losses.join("; ")));
        }
        assert_eq!(server.attempts.load(Ordering::SeqCst), 1, "{what}: one request");
    }
    let groups = covered.iter().filter(|r| r.starts_with("group ")).count();
    println!(
        "end to end: {} operations of {} products, covering {groups} resource groups and {} product media types",
        picked.len(),
        platform.len(),
        covered.len() - groups
    );
    assert!(
        uncovered.is_empty(),
        "no operation with valid inputs and answer for:\n{}",
        uncovered.join("\n")
    );
    assert!(failures.is_empty(), "{} failures:\n{}", failures.len(), failures.join("\n"));
}
