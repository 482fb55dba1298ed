//! Contract tests: the SDK against Stoplight Prism, a mock server that reads the OpenAPI
//! document itself, so that what the SDK sends and what it accepts are checked by a peer
//! nobody here wrote.
//!
//! Prism serves exactly the spec the SDK is generated from (`codegen::document_of`: spec/
//! merged, overlays applied; `cargo run -p codegen -- bundle` writes the same file). Random
//! response bodies are also drawn from the documents as Gcore published them (merged, no
//! overlay): a correction may widen what the SDK decodes, never narrow it, so every body the
//! published document calls valid must decode as well. The tests
//! need Prism installed in `tests/prism` (`npm ci`), so they are `#[ignore]`d for a plain
//! `cargo test`; `scripts/test` installs Prism and runs them.
//!
//! Prism's generator sometimes makes a body its own validator refuses: it ignores numeric
//! `exclusiveMinimum` (10–17 % of some operations' bodies carry, say, a
//! `retention_policy.period` of 0 or less), and its format generators have known misses
//! (stoplightio/prism#2650). With `--errors` Prism then answers 500, listing the violations.
//! Such a draw says nothing about the SDK, so the set-up accounts for it: an answer whose
//! violations are all in the response is counted, by rule, and redrawn; any other error fails
//! the test, with Prism's details.

use std::collections::BTreeMap;
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use futures_util::stream::{self, StreamExt};
use gcore::{ApiErrorKind, Client, Error};
use gcore_tests::support::{calls, minimal_body, operation_ids, Call};
use serde_json::{json, Value};

/// Random bodies drawn per operation and document; `CONTRACT_BODIES` sets another count.
fn bodies_per_operation() -> usize {
    std::env::var("CONTRACT_BODIES")
        .ok()
        .map(|n| n.parse().expect("CONTRACT_BODIES is a count"))
        .unwrap_or(1000)
}

/// Which form of spec/ Prism serves.
#[derive(Clone, Copy, Debug)]
enum Served {
    /// What the SDK is generated from: merged, overlays applied.
    Corrected,
    /// As Gcore published it: merged, no overlay.
    Published,
}

impl Served {
    fn document(self) -> Value {
        let spec = repo().join("spec/cloud");
        match self {
            Served::Corrected => codegen::document_of(&spec).expect("spec/ loads").document,
            Served::Published => codegen::load::load_dir(&spec).expect("spec/ loads").document,
        }
    }
}

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// A Prism process on a free loopback port, stopped when dropped (test passed or not).
struct Prism {
    child: Child,
    url: String,
    log: PathBuf,
    _dir: tempfile::TempDir,
}

impl Prism {
    fn start(dynamic: bool, served: Served) -> Prism {
        let bin = repo().join("tests/prism/node_modules/.bin/prism");
        assert!(
            bin.exists(),
            "Prism is not installed: run scripts/test, or `npm ci --prefix tests/prism`"
        );
        let dir = tempfile::tempdir().unwrap();
        let spec = dir.path().join("spec.json");
        std::fs::write(&spec, serde_json::to_vec_pretty(&served.document()).unwrap()).unwrap();
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let log = dir.path().join("prism.log");
        let mut command = Command::new(bin);
        command
            .args([
                "mock",
                spec.to_str().unwrap(),
                "-h",
                "127.0.0.1",
                "-p",
                &port.to_string(),
                "--errors",
            ])
            .stdin(Stdio::null())
            .stdout(std::fs::File::create(&log).unwrap())
            .stderr(std::fs::File::create(dir.path().join("prism.err")).unwrap());
        if dynamic {
            command.arg("--dynamic");
        }
        let child = command.spawn().expect("Prism starts");
        let mut prism = Prism {
            child,
            url: format!("http://127.0.0.1:{port}"),
            log,
            _dir: dir,
        };
        prism.wait_until_ready(port);
        prism
    }

    fn wait_until_ready(&mut self, port: u16) {
        let started = Instant::now();
        while TcpStream::connect(("127.0.0.1", port)).is_err() {
            if let Ok(Some(status)) = self.child.try_wait() {
                panic!(
                    "Prism exited with {status}:\n{}",
                    std::fs::read_to_string(&self.log).unwrap_or_default()
                );
            }
            assert!(started.elapsed() < Duration::from_secs(60), "Prism did not start within 60 s");
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    fn client(&self) -> Client {
        Client::builder()
            .api_key("contract-test-key")
            .base_url(&self.url)
            .project_id(1)
            .max_retries(0)
            // A fresh connection per request: Prism (Node's HTTP server) may close a kept-alive
            // connection just as the next request goes out on it, which failed 1 of 1000 reads
            // in one CI run. Retries stay off, so every answer Prism gives is counted as given.
            .http_client(
                reqwest::Client::builder()
                    .pool_max_idle_per_host(0)
                    .build()
                    .expect("a plain reqwest client builds"),
            )
            .build()
            .unwrap()
    }
}

impl Drop for Prism {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The rules broken when Prism refuses a response body its own generator made (a 500 whose
/// violations are all in the response), or `None` for any other outcome.
fn prism_refused_its_own_body(error: &Error) -> Option<String> {
    let json = error
        .as_api()
        .filter(|e| e.status.as_u16() == 500)
        .and_then(|e| e.json.as_ref())?;
    let violations = json["validation"].as_array().filter(|v| !v.is_empty())?;
    if !violations.iter().all(|v| v["location"][0] == "response") {
        return None;
    }
    let mut rules: Vec<&str> = violations
        .iter()
        .filter_map(|v| v["code"].as_str())
        .filter(|code| !matches!(*code, "anyOf" | "oneOf" | "type"))
        .collect();
    rules.sort_unstable();
    rules.dedup();
    Some(if rules.is_empty() {
        "type".to_string()
    } else {
        rules.join("+")
    })
}

/// Draws Prism answers to the calls `make` builds until one is not a body Prism itself refused.
/// Refused draws are tallied in `redrawn` by the rules they broke.
async fn call_redrawing(make: impl Fn() -> Call, redrawn: &mut Redrawn) -> Result<Value, Error> {
    for _ in 0..50 {
        match make().await {
            Err(error) => match prism_refused_its_own_body(&error) {
                Some(rules) => *redrawn.entry(rules).or_default() += 1,
                None => return Err(error),
            },
            ok => return ok,
        }
    }
    panic!("Prism refused 50 of its own bodies in a row ({redrawn:?}): not a generator slip");
}

/// How many of Prism's bodies were redrawn, by the rules they broke.
type Redrawn = BTreeMap<String, usize>;

fn describe_redrawn(redrawn: &Redrawn) -> String {
    if redrawn.is_empty() {
        return "none redrawn".to_string();
    }
    let parts: Vec<String> = redrawn.iter().map(|(rules, n)| format!("{n} broke {rules}")).collect();
    format!("redrawn: {}", parts.join(", "))
}

/// An error with Prism's details, for a failure message.
fn detailed(error: &Error) -> String {
    let body = error.as_api().map(|e| e.body.as_str()).unwrap_or_default();
    format!("{error}\n{body}")
}

fn call_of(client: &Client, operation: &str, inputs: &str) -> Call {
    calls(client)
        .into_iter()
        .find(|(id, kind, _)| *id == operation && *kind == inputs)
        .map(|(_, _, call)| call)
        .expect("a call of that operation")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs Prism: scripts/test installs it and runs this"]
async fn every_request_the_sdk_builds_is_valid_against_the_spec() {
    let prism = Prism::start(true, Served::Corrected);
    let client = prism.client();
    let calls = calls(&client);
    let mut covered: Vec<String> = calls.iter().map(|(id, _, _)| id.to_string()).collect();
    covered.dedup();
    assert_eq!(covered, operation_ids(), "every operation of the SDK is called here");
    let mut report = Vec::new();
    let mut redrawn = Redrawn::new();
    for (operation, inputs, _) in calls {
        match call_redrawing(|| call_of(&client, operation, inputs), &mut redrawn).await {
            Ok(_) => report.push(format!("  {operation} ({inputs} inputs): accepted")),
            Err(error) => panic!("Prism rejected {operation} with {inputs} inputs: {}", detailed(&error)),
        }
    }
    println!(
        "contract: {} operations, {} requests validated by Prism ({})\n{}",
        covered.len(),
        report.len(),
        describe_redrawn(&redrawn),
        report.join("\n")
    );
}

#[tokio::test]
#[ignore = "needs Prism: scripts/test installs it and runs this"]
async fn prism_rejections_surface_as_typed_errors_with_their_details() {
    let prism = Prism::start(false, Served::Corrected);
    let client = prism.client();
    // Past the SDK's own validation (the escape hatch sends what it is given).
    let mut body = serde_json::to_value(minimal_body()).unwrap();
    body["listening_port"] = json!(70000);
    let error = client
        .request(gcore::Method::POST, "/cloud/v3/inference/1/deployments")
        .json(&body)
        .send::<Value>()
        .await
        .expect_err("invalid body");
    let api = error.as_api().expect("an API error");
    assert_eq!(api.kind(), ApiErrorKind::UnprocessableEntity);
    let validation = api
        .json
        .as_ref()
        .and_then(|j| j["validation"].as_array())
        .expect("validation details");
    assert!(
        validation
            .iter()
            .any(|v| v["location"] == json!(["body", "listening_port"]) && v["code"] == "maximum"),
        "{validation:?}"
    );
    assert!(error.to_string().contains("HTTP 422"), "{error}");

    // The SDK itself refuses the same value before sending anything.
    let mut invalid = minimal_body();
    invalid.listening_port = 70000;
    let error = client
        .cloud()
        .inference()
        .deployments()
        .create(invalid)
        .await
        .expect_err("refused");
    assert!(
        matches!(&error, Error::InvalidRequest(e) if e.path == "body.listening_port"),
        "{error}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs Prism: scripts/test installs it and runs this"]
async fn random_bodies_valid_against_the_spec_all_decode() {
    let bodies = bodies_per_operation();
    let mut summary = Vec::new();
    let mut total = 0;
    let mut redrawn_total = Redrawn::new();
    for served in [Served::Corrected, Served::Published] {
        let prism = Prism::start(true, served);
        let client = prism.client();
        for (operation, inputs, _) in calls(&client) {
            if inputs != "minimal" {
                continue;
            }
            let redrawn = decode_random_bodies(&client, operation, bodies, served).await;
            for (rules, n) in &redrawn {
                *redrawn_total.entry(rules.clone()).or_default() += n;
            }
            summary.push(format!(
                "  {operation} ({served:?} document): {bodies} bodies decoded ({})",
                describe_redrawn(&redrawn)
            ));
            total += bodies;
        }
    }
    println!(
        "contract: {total} random bodies decoded ({})\n{}",
        describe_redrawn(&redrawn_total),
        summary.join("\n")
    );
}

/// Calls `operation` `bodies` times, each answered with a fresh random body from Prism's
/// generator, and fails with examples unless every body decodes. Returns the redraws.
async fn decode_random_bodies(client: &Client, operation: &str, bodies: usize, served: Served) -> Redrawn {
    let results: Vec<(Result<Value, Error>, Redrawn)> = stream::iter(0..bodies)
        .map(|_| async {
            let mut redrawn = Redrawn::new();
            let result = call_redrawing(|| call_of(client, operation, "minimal"), &mut redrawn).await;
            (result, redrawn)
        })
        .buffer_unordered(8)
        .collect()
        .await;
    let mut redrawn = Redrawn::new();
    for (rules, n) in results.iter().flat_map(|(_, r)| r) {
        *redrawn.entry(rules.clone()).or_default() += n;
    }
    let failures: Vec<String> = results.iter().filter_map(|(r, _)| r.as_ref().err()).map(detailed).collect();
    assert!(
        failures.is_empty(),
        "{operation} ({served:?} document): {} of {bodies} bodies did not decode, e.g.:\n{}",
        failures.len(),
        failures.iter().take(3).cloned().collect::<Vec<_>>().join("\n")
    );
    redrawn
}
