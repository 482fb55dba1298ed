//! The READMEs' Rust examples, run against a loopback server that answers each call they
//! make: what users copy does what the README says (`build.rs` turns the examples into the
//! modules called here; a changed example signature fails to compile here, on purpose).

#![allow(dead_code)]

use serde_json::{json, Value};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

mod examples {
    include!(concat!(env!("OUT_DIR"), "/readme_examples.rs"));
}

fn deployment(name: &str) -> Value {
    json!({
        "project_id": 1, "name": name, "image": "nginx:latest", "listening_port": 80, "status": "ACTIVE",
        "address": null, "auth_enabled": false, "containers": [], "flavor_name": "f", "command": null,
        "credentials_name": "", "description": "", "envs": {}, "logging": null, "probes": null, "timeout": 120,
        "ingress_opts": null, "object_references": [], "api_keys": [], "created_at": "2023-08-22T11:21:00Z"
    })
}

fn task(id: &str) -> Value {
    json!({
        "id": id, "user_id": 1, "task_type": "create_inference_instance", "state": "FINISHED", "created_on": null,
        "created_resources": {"inference_instances": ["my-instance"]}
    })
}

async fn answer(server: &MockServer, verb: &str, at: &str, status: u16, body: Value) {
    Mock::given(method(verb))
        .and(path(at))
        .respond_with(ResponseTemplate::new(status).set_body_json(body))
        .mount(server)
        .await;
}

/// How many requests `verb at` the server got.
async fn calls(server: &MockServer, verb: &str, at: &str) -> usize {
    let received = server.received_requests().await.unwrap_or_default();
    received
        .iter()
        .filter(|r| r.method.as_str() == verb && r.url.path() == at)
        .count()
}

/// One server for every example: the calls they make, answered as the API would.
async fn server() -> MockServer {
    let server = MockServer::start().await;
    let capacity = json!({"count": 1, "results": [{"region_id": 4, "capacity": [{"capacity": 2, "flavor_name": "f"}]}]});
    answer(&server, "GET", "/cloud/v3/inference/capacity", 200, capacity).await;
    for name in ["my-instance", "my-other-instance"] {
        let at = format!("/cloud/v3/inference/1/deployments/{name}");
        answer(&server, "GET", &at, 200, deployment(name)).await;
    }
    answer(
        &server,
        "POST",
        "/cloud/v3/inference/1/deployments",
        200,
        json!({"tasks": ["t1"]}),
    )
    .await;
    answer(&server, "GET", "/cloud/v1/tasks/t1", 200, task("t1")).await;
    answer(
        &server,
        "GET",
        "/cloud/v1/tasks/task-id",
        404,
        json!({"message": "Task task-id not found"}),
    )
    .await;
    let page = json!({"count": 2, "results": [task("t1"), task("t2")]});
    answer(&server, "GET", "/cloud/v1/tasks", 200, page).await;
    server
}

#[tokio::test]
async fn the_readme_examples_run_and_make_their_calls() {
    let server = server().await;
    // The examples read their settings as users' programs do; the binary's other test (README.md's
    // "Testing your code", `readme_2`) builds its client without the environment.
    std::env::set_var("GCORE_API_KEY", "readme-key");
    std::env::set_var("GCORE_BASE_URL", server.uri());
    std::env::set_var("GCORE_CLOUD_PROJECT_ID", "1");

    // README.md, "A first program": a read, a create with `.and_poll()`, a `create_and_poll`.
    examples::readme_1::example().await.expect("README.md's example runs");
    assert_eq!(calls(&server, "POST", "/cloud/v3/inference/1/deployments").await, 2);
    assert_eq!(
        calls(&server, "GET", "/cloud/v1/tasks/t1").await,
        2,
        "each create's task was read"
    );
    assert_eq!(
        calls(&server, "GET", "/cloud/v3/inference/1/deployments/my-instance").await,
        2
    );

    // generated/README.md: the first program, the declared error body, pagination.
    let server = server_again(server).await;
    examples::generated_readme_1::example()
        .await
        .expect("generated/README.md's first example runs");
    assert_eq!(calls(&server, "GET", "/cloud/v3/inference/capacity").await, 1);
    assert_eq!(calls(&server, "GET", "/cloud/v1/tasks/t1").await, 1);
    let client = gcore::Client::from_env().expect("configured above");
    examples::generated_readme_2::example(client.clone())
        .await
        .expect("a 404 is handled");
    assert_eq!(calls(&server, "GET", "/cloud/v1/tasks/task-id").await, 1);
    examples::generated_readme_3::all_tasks(&client)
        .await
        .expect("every page read");
    assert_eq!(
        calls(&server, "GET", "/cloud/v1/tasks").await,
        2,
        "one page streamed, one collected"
    );
}

/// The server with its requests forgotten and its answers mounted again.
async fn server_again(server: MockServer) -> MockServer {
    drop(server);
    let fresh = self::server().await;
    std::env::set_var("GCORE_BASE_URL", fresh.uri());
    fresh
}
