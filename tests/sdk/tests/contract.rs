//! Contract tests: the SDK against Stoplight Prism, a mock server that reads the OpenAPI
//! document itself, so that what the SDK sends and what it accepts are checked by a peer
//! nobody here wrote.
//!
//! Prism serves exactly the spec the SDK is generated from (`codegen::document_of`: spec/
//! merged, overlays applied; `cargo run -p codegen -- bundle` writes the same file). Random
//! response bodies are also drawn from the documents as Gcore published them (merged, no
//! overlay; a content key that is no media type, on which Prism crashes, served under the
//! media type the overlay gives it, as each product's line says): a correction may widen
//! what the SDK decodes, never narrow it, so every body the published document calls valid
//! must decode as well. Bodies with every optional field and
//! no other must encode back to themselves; the corrected document is also served with each
//! optional field filled or not at random and extra fields where objects allow them, which
//! must decode ([`Fill`]). Every body is drawn from a seed (`Prefer: seed=...`), printed with a failure, so
//! that Prism can draw it again. The tests need Prism installed in `tests/prism` (`npm ci`),
//! so they are `#[ignore]`d for a plain `cargo test`; `scripts/test` installs Prism and runs them.
//!
//! Prism's generator sometimes makes a body its own validator refuses: it ignores numeric
//! `exclusiveMinimum` (11–15 % of one seed operation's bodies carry a
//! `retention_policy.period` of 0 or less). With `--errors` Prism then answers 500, listing
//! the violations. Such a draw says nothing about the SDK, so the set-up accounts for it: an
//! answer whose violations are all in the response and all of a rule in
//! [`KNOWN_GENERATOR_FAULTS`] is counted, by rule, and redrawn, at most
//! [`REDRAW_CEILING_PERCENT`] times per 100 bodies of an operation; any other error fails the test, with
//! Prism's details.

use std::collections::BTreeMap;
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use futures_util::stream::{self, StreamExt};
use gcore::__operations as table;
use gcore::{ApiErrorKind, Client, Error};
use gcore_sdk_tests::facts;
use gcore_sdk_tests::platform::{platform, repo, synthesise, table_call, with_response_medium, Checker, TableResult};
use gcore_sdk_tests::support::{calls, minimal_body, operation_ids, Call, Reply};
use gcore_sdk_tests::synth::{Inputs, Synth};
use serde_json::{json, Value};

/// Random bodies drawn per operation and kind of draw; `CONTRACT_BODIES` sets another count.
fn bodies_per_operation() -> usize {
    std::env::var("CONTRACT_BODIES")
        .ok()
        .map(|n| n.parse().expect("CONTRACT_BODIES is a count"))
        .unwrap_or(500)
}

/// The rules Prism's validator reports when it refuses a body its own generator made, that
/// are known faults of that generator: it ignores numeric `exclusiveMinimum`. A refusal for
/// any other rule fails the test.
const KNOWN_GENERATOR_FAULTS: [&str; 3] = ["exclusiveMinimum", "minProperties", "oneOf"];

/// At most this many redraws per 100 bodies of one operation. Measured on the one seed
/// operation whose body has an `exclusiveMinimum` (`InferenceInstanceHandlerV3.get`), CI on
/// 2026-12-03, 500 bodies a draw: 12-13 per 100 with every optional field, 17 with optional
/// fields at random; none for the others.
const REDRAW_CEILING_PERCENT: usize = 40;

/// What Prism's generator puts in a body's objects.
#[derive(Clone, Copy, Debug)]
enum Fill {
    /// Every optional field, and no field the schema does not name: the body must encode
    /// back to itself.
    Exact,
    /// Each optional field or not, at random, and fields the schema does not name (Prism's
    /// `fillProperties`, for objects that allow them): the body must decode, its extra
    /// fields ignored, and no enum value may read as unknown.
    Loose,
    /// As `Exact`, with at most 3 items per array: Prism's generator loops for ever on some
    /// arrays of unique items (a CDN rule template's options hang it), and the platform run
    /// draws from every schema of every product.
    Bounded,
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
    /// The seed operations' product, as served to them.
    fn document(self, fill: Fill) -> Document {
        self.document_of(&repo().join("spec/cloud"), fill)
    }

    fn document_of(self, spec: &Path, fill: Fill) -> Document {
        let (mut value, text) = match self {
            Served::Corrected => (facts::document_of(spec), facts::document_text(spec)),
            Served::Published => (facts::published(spec), facts::published_text(spec)),
        };
        // Options of Prism's generator, json-schema-faker (Prism's own default is every
        // optional field, and extra fields where an object allows them).
        let faker = match fill {
            Fill::Exact => json!({"fillProperties": false}),
            Fill::Bounded => json!({"fillProperties": false, "maxItems": 1}),
            Fill::Loose => json!({"alwaysFakeOptionals": false, "optionalsProbability": 0.5}),
        };
        // Added as the first key of the text, which keeps the order of the rest.
        let rest = text.strip_prefix('{').expect("a document is a JSON object");
        let text = format!("{{\"x-json-schema-faker\":{faker},{rest}");
        value["x-json-schema-faker"] = faker;
        Document { value, text }
    }
}

/// A document as Prism serves it: JSON text in the order codegen wrote it (Prism routes a
/// request that several paths match to the first of them, so the order is part of what is
/// served), and the same as a value, for the tests to read.
struct Document {
    value: Value,
    text: String,
}

impl Document {
    /// The document with one operation as its only one (its path item keeps its parameters),
    /// every component kept.
    fn with_only(&self, path: &str, method: &str) -> Document {
        let mut value = self.value.clone();
        let mut item = value["paths"][path].clone();
        if let Value::Object(fields) = &mut item {
            fields.retain(|key, _| key == method || !codegen::model::HTTP_METHODS.contains(&key.as_str()));
        }
        value["paths"] = json!({ path: item });
        let text = value.to_string();
        Document { value, text }
    }
}

/// The (path, method) of each operation whose route another operation of `document` has
/// too: the same method, and the same path but for the names of its parameters
/// (`/cdn/resources/{id}` and `/cdn/resources/{resource_id}`). OpenAPI forbids such paths;
/// Gcore's CDN document has three, which Prism routes to the first.
fn sharing_a_route(document: &Value) -> std::collections::BTreeSet<(String, String)> {
    let route = |path: &str| -> String {
        let segments: Vec<&str> = path.split('/').map(|s| if s.starts_with('{') { "{}" } else { s }).collect();
        segments.join("/")
    };
    let mut by_route: BTreeMap<(String, String), Vec<(String, String)>> = BTreeMap::new();
    for (path, item) in document["paths"].as_object().into_iter().flatten() {
        for method in codegen::model::HTTP_METHODS.iter().filter(|m| item.get(**m).is_some()) {
            by_route
                .entry((route(path), method.to_string()))
                .or_default()
                .push((path.clone(), method.to_string()));
        }
    }
    by_route.into_values().filter(|ops| ops.len() > 1).flatten().collect()
}

/// A Prism process on a free loopback port, stopped when dropped (test passed or not).
struct Prism {
    child: Child,
    url: String,
    log: PathBuf,
    http: reqwest::Client,
    _dir: tempfile::TempDir,
}

impl Prism {
    fn start(dynamic: bool, served: Served, fill: Fill) -> Prism {
        Prism::serve(dynamic, &served.document(fill))
    }

    /// Prism serving `document`.
    fn serve(dynamic: bool, document: &Document) -> Prism {
        let bin = repo().join("tests/prism/node_modules/.bin/prism");
        assert!(
            bin.exists(),
            "Prism is not installed: run scripts/test, or `npm ci --prefix tests/prism`"
        );
        let dir = tempfile::tempdir().unwrap();
        let spec = dir.path().join("spec.json");
        std::fs::write(&spec, &document.text).unwrap();
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
            // A fresh connection per request: Prism (Node's HTTP server) may close a kept-alive
            // connection just as the next request goes out on it, which failed 1 of 1000 reads
            // in one CI run. Retries stay off, so every answer Prism gives is counted as given.
            http: reqwest::Client::builder()
                .pool_max_idle_per_host(0)
                .build()
                .expect("a plain reqwest client builds"),
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
        self.builder().build().unwrap()
    }

    /// A client whose requests ask Prism to generate from `seed` (`Prefer: seed=...`), so
    /// that a body can be drawn again.
    fn seeded_client(&self, seed: &str) -> Client {
        self.builder().header("Prefer", format!("seed={seed}")).build().unwrap()
    }

    /// A seeded client for the platform run, which gives up on an answer after
    /// [`PLATFORM_TIMEOUT`].
    fn platform_client(&self, seed: &str) -> Client {
        self.builder()
            .header("Prefer", format!("seed={seed}"))
            .timeout(PLATFORM_TIMEOUT)
            .build()
            .unwrap()
    }

    fn builder(&self) -> gcore::ClientBuilder {
        Client::builder()
            .api_key("contract-test-key")
            .base_url(&self.url)
            .project_id(1)
            .max_retries(0)
            .http_client(self.http.clone())
    }
}

impl Prism {
    /// The violations Prism logged last: when the operation declares a `422`, Prism answers
    /// with that response's example and says why only in its log.
    /// How much Prism has logged so far, to read what one request adds.
    fn log_mark(&self) -> usize {
        std::fs::metadata(&self.log).map_or(0, |m| m.len() as usize)
    }

    /// The violations Prism logged after `mark`, each as `request.body.files Request body
    /// property files must be array`.
    fn violations_since(&self, mark: usize) -> Vec<String> {
        let log = std::fs::read(&self.log).unwrap_or_default();
        let added = String::from_utf8_lossy(log.get(mark..).unwrap_or_default()).into_owned();
        added
            .lines()
            .filter_map(|line| line.split_once("Violation: ").map(|(_, v)| v.trim().to_string()))
            .collect()
    }

    fn last_violations(&self) -> String {
        let log = std::fs::read_to_string(&self.log).unwrap_or_default();
        let lines: Vec<&str> = log.lines().filter(|line| line.contains("Violation:")).collect();
        lines[lines.len().saturating_sub(3)..].join("\n")
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
    let mut codes: Vec<&str> = violations.iter().filter_map(|v| v["code"].as_str()).collect();
    codes.sort_unstable();
    codes.dedup();
    // A value that breaks a rule inside a union breaks the union too (and the other
    // branches' `type`): the rule is what says why. A union alone (a value valid under two
    // branches of a `oneOf`) is its own rule.
    let specific: Vec<&str> = codes
        .iter()
        .copied()
        .filter(|code| !matches!(*code, "anyOf" | "oneOf" | "type"))
        .collect();
    Some(match specific.is_empty() {
        true => codes.join("+"),
        false => specific.join("+"),
    })
}

/// Why Prism, having accepted a request, gave no valid response: it refused every body its
/// generator drew (the rules they broke), or the response declares JSON without a schema
/// to draw from. `None` for any other outcome.
fn prism_drew_no_response(error: &Error) -> Option<String> {
    let api = error.as_api().filter(|e| e.status.as_u16() == 500)?;
    let title = api.json.as_ref().and_then(|json| json["title"].as_str()).unwrap_or_default();
    if title.starts_with("Tried to force a dynamic response") {
        Some("no schema".to_string())
    } else if title.starts_with("missing items for") {
        // Its generator does not know `prefixItems` (tuples).
        Some("prefixItems".to_string())
    } else {
        prism_refused_its_own_body(error)
    }
}

/// Draws Prism answers to the calls `make` builds (given the draw's seed) until one is not a
/// body Prism itself refused for a known fault of its generator. Refused draws are tallied in
/// `redrawn` by the rules they broke. Returns the seed of the answer with it; after
/// [`MAX_DRAWS`] refused draws, the last refusal.
async fn call_redrawing<T, F>(make: impl Fn(&str) -> F, seed: &str, redrawn: &mut Redrawn) -> (String, Result<T, Error>)
where
    F: std::future::Future<Output = Result<T, Error>>,
{
    let mut attempt = 0;
    loop {
        let seed = format!("{seed}r{attempt}");
        attempt += 1;
        match make(&seed).await {
            Err(error) => match prism_refused_its_own_body(&error) {
                Some(rules) if rules.split('+').all(|rule| KNOWN_GENERATOR_FAULTS.contains(&rule)) && attempt < MAX_DRAWS => {
                    *redrawn.entry(rules).or_default() += 1
                }
                _ => return (seed, Err(error)),
            },
            ok => return (seed, ok),
        }
    }
}

/// Draws of one answer before its last refusal is returned: a response schema Prism's
/// generator never fills validly is not a slip.
const MAX_DRAWS: usize = 20;

/// How many of Prism's bodies were redrawn, by the rules they broke.
type Redrawn = BTreeMap<String, usize>;

fn describe_redrawn(redrawn: &Redrawn) -> String {
    if redrawn.is_empty() {
        return "none redrawn".to_string();
    }
    let parts: Vec<String> = redrawn.iter().map(|(rules, n)| format!("{n} broke {rules}")).collect();
    format!("redrawn: {}", parts.join(", "))
}

/// How many answers Prism could not draw validly, by why.
fn describe_undrawn(undrawn: &Redrawn) -> String {
    match undrawn.is_empty() {
        true => "every answer drawn".to_string(),
        false => format!("{} with no valid body drawn: {undrawn:?}", undrawn.values().sum::<usize>()),
    }
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

/// The synthesiser's strings match their patterns, in printable ASCII (Prism reads the
/// query and the headers as such).
#[test]
fn strings_match_their_patterns_in_ascii() {
    for pattern in [r"^[0-9a-fA-F]{32}$", r"^\d{1,3}\.\d{12}$", r"^[^\s=]+$", r"^\w{2}$"] {
        let document = json!({"s": {"type": "string", "pattern": pattern}});
        let value = Synth::new(&document).value_at("/s", Inputs::Full);
        let text = value.as_str().unwrap();
        assert!(
            regress::Regex::new(pattern).unwrap().find(text).is_some(),
            "{pattern}: {text:?}"
        );
        assert!(text.chars().all(|c| c.is_ascii_graphic() || c == ' '), "{pattern}: {text:?}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs Prism: scripts/test installs it and runs this"]
async fn every_request_the_sdk_builds_is_valid_against_the_spec() {
    let prism = Prism::start(true, Served::Corrected, Fill::Exact);
    let calls = calls(&prism.client());
    let mut covered: Vec<String> = calls.iter().map(|(id, _, _)| id.to_string()).collect();
    covered.dedup();
    assert_eq!(covered, operation_ids(), "every operation of the SDK is called here");
    let mut report = Vec::new();
    let mut redrawn = Redrawn::new();
    for (operation, inputs, _) in calls {
        let make = |seed: &str| call_of(&prism.seeded_client(seed), operation, inputs);
        match call_redrawing(make, "0", &mut redrawn).await {
            (_, Ok(_)) => report.push(format!("  {operation} ({inputs} inputs): accepted")),
            (_, Err(error)) => panic!("Prism rejected {operation} with {inputs} inputs: {}", detailed(&error)),
        }
    }
    println!(
        "contract, seed calls: {} operations, {} requests validated by Prism ({})\n{}",
        covered.len(),
        report.len(),
        describe_redrawn(&redrawn),
        report.join("\n")
    );
}

#[tokio::test]
#[ignore = "needs Prism: scripts/test installs it and runs this"]
async fn prism_rejections_surface_as_typed_errors_with_their_details() {
    let prism = Prism::start(false, Served::Corrected, Fill::Exact);
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
    let draws = [
        (Served::Corrected, Fill::Exact),
        (Served::Corrected, Fill::Loose),
        (Served::Published, Fill::Exact),
    ];
    for (served, fill) in draws {
        let prism = Prism::start(true, served, fill);
        for (operation, inputs, _) in calls(&prism.client()) {
            if inputs != "minimal" {
                continue;
            }
            let draw = Draw {
                prism: &prism,
                operation,
                served,
                fill,
            };
            let redrawn = draw.decode_random_bodies(bodies).await;
            let times: usize = redrawn.values().sum();
            assert!(
                times * 100 <= bodies * REDRAW_CEILING_PERCENT,
                "{operation} ({served:?} document, {fill:?} fill): {times} of {bodies} draws redrawn ({}), more than {REDRAW_CEILING_PERCENT} %",
                describe_redrawn(&redrawn)
            );
            for (rules, n) in &redrawn {
                *redrawn_total.entry(rules.clone()).or_default() += n;
            }
            summary.push(format!(
                "  {operation} ({served:?} document, {fill:?} fill): {bodies} bodies decoded ({})",
                describe_redrawn(&redrawn)
            ));
            total += bodies;
        }
    }
    println!(
        "contract, seed calls: {total} random bodies decoded ({})\n{}",
        describe_redrawn(&redrawn_total),
        summary.join("\n")
    );
}

/// The random bodies of one operation from one Prism.
struct Draw<'a> {
    prism: &'a Prism,
    operation: &'static str,
    served: Served,
    fill: Fill,
}

impl Draw<'_> {
    /// Calls the operation `bodies` times, each answered with a random body from Prism's
    /// generator (body `i` seeded `ir0`, then `ir1`, `ir2`... when redrawn), and fails with
    /// examples and their seeds unless every body decodes as its [`Fill`] requires.
    /// Returns the redraws.
    async fn decode_random_bodies(&self, bodies: usize) -> Redrawn {
        let results: Vec<(String, Result<Reply, Error>, Redrawn)> = stream::iter(0..bodies)
            .map(|i| async move {
                let mut redrawn = Redrawn::new();
                let make = |seed: &str| call_of(&self.prism.seeded_client(seed), self.operation, "minimal");
                let (seed, result) = call_redrawing(make, &i.to_string(), &mut redrawn).await;
                (seed, result, redrawn)
            })
            .buffer_unordered(8)
            .collect()
            .await;
        let mut redrawn = Redrawn::new();
        for (rules, n) in results.iter().flat_map(|(_, _, r)| r) {
            *redrawn.entry(rules.clone()).or_default() += n;
        }
        // Each body decodes, and encoding what it decoded into gives the body back: no field
        // dropped or misnamed, no enum value read as unknown.
        let failures: Vec<String> = results
            .iter()
            .filter_map(|(seed, result, _)| {
                let losses = match (result, self.fill) {
                    (Err(error), _) => return Some(format!("[Prefer: seed={seed}] {}", detailed(error))),
                    (Ok(reply), Fill::Exact | Fill::Bounded) => reply.losses(),
                    (Ok(reply), Fill::Loose) if reply.has_unknown_values => {
                        vec!["an enum value decodes as unknown to its type".to_string()]
                    }
                    (Ok(_), Fill::Loose) => Vec::new(),
                };
                if losses.is_empty() {
                    return None;
                }
                let body = result.as_ref().ok().and_then(|reply| reply.body.as_ref());
                Some(format!(
                    "[Prefer: seed={seed}] decoded, but {}\nbody: {body:?}",
                    losses.join("; ")
                ))
            })
            .collect();
        assert!(
            failures.is_empty(),
            "{} ({:?} document, {:?} fill): {} of {bodies} bodies did not decode, e.g.:\n{}",
            self.operation,
            self.served,
            self.fill,
            failures.len(),
            failures.iter().take(3).cloned().collect::<Vec<_>>().join("\n")
        );
        redrawn
    }
}

/// Requests that fail for a reason outside the SDK, each with its place in the document and
/// why; the goal is none.
const KNOWN_FAILURES: &str = "tests/fixtures/contract/known-failures.tsv";

/// The known failures, by (product, operationId, inputs), with their reasons.
fn known_failures() -> BTreeMap<(String, String, String), String> {
    let text = std::fs::read_to_string(repo().join(KNOWN_FAILURES)).expect("the known failures are readable");
    text.lines()
        .filter(|line| !line.starts_with('#') && !line.trim().is_empty())
        .map(|line| {
            let fields: Vec<&str> = line.split('\t').collect();
            assert!(
                fields.len() == 5 && !fields[4].is_empty(),
                "{KNOWN_FAILURES}: five fields, a reason last: {line}"
            );
            ((fields[0].into(), fields[1].into(), fields[2].into()), fields[4].into())
        })
        .collect()
}

/// How long a call of the platform run waits for Prism. Its answers take milliseconds; one
/// that does not come means its generator hangs, and every later call would wait too.
const PLATFORM_TIMEOUT: Duration = Duration::from_secs(20);

/// What the request run gave: the totals, each product's figures, and what failed.
struct Requested {
    operations: usize,
    accepted: usize,
    faulted: usize,
    known: usize,
    /// Each product's figures, for its summary line.
    lines: BTreeMap<String, String>,
    failures: Vec<String>,
}

/// Sends a minimal and a full request of each operation of every product to Prism serving
/// the corrected document, with `--errors`: every request must be accepted.
async fn request_platform() -> Requested {
    let (mut operations, mut requests, mut faulted) = (0, 0, 0);
    let mut lines = BTreeMap::new();
    // (product, operationId, inputs) → what went wrong.
    let mut failures: BTreeMap<(String, String, String), String> = BTreeMap::new();
    for (folder, api) in platform() {
        let product = api.product.name.clone();
        let document = Served::Corrected.document_of(&folder, Fill::Bounded);
        let prism = Prism::serve(true, &document);
        let sharing = sharing_a_route(&document.value);
        let mut checker = Checker::new(&document.value);
        let mut synth = Synth::new(&document.value);
        let (mut accepted, mut redrawn, mut undrawable) = (0, Redrawn::new(), Redrawn::new());
        let (mut served_alone, mut prism_faults) = (0, Redrawn::new());
        let started = Instant::now();
        for op in &api.operations {
            let call = table::call(&product, &op.operation_id).expect("every operation is in the table");
            // Prism takes a request that several operations' routes match for the first of
            // them: an operation that shares its route is checked against a Prism serving it
            // alone.
            let method = op.method.as_str().to_lowercase();
            let alone = sharing
                .contains(&(op.path.clone(), method.clone()))
                .then(|| Prism::serve(true, &document.with_only(&op.path, &method)));
            let prism = match &alone {
                Some(alone) => {
                    served_alone += 1;
                    alone
                }
                None => &prism,
            };
            for kind in [Inputs::Minimal, Inputs::Full] {
                let what = format!("{product} {} ({kind:?} inputs)", op.operation_id);
                let key = (product.clone(), op.operation_id.clone(), format!("{kind:?}"));
                let inputs = match synthesise(&mut synth, &mut checker, &document.value, op, kind) {
                    Ok(inputs) => with_response_medium(inputs, op, kind),
                    Err(reasons) => {
                        failures.insert(key, format!("{what}: no valid inputs made:\n    {reasons}"));
                        continue;
                    }
                };
                // `CONTRACT_TRACE=1` prints each request's inputs as it goes (to find a hang).
                if std::env::var_os("CONTRACT_TRACE").is_some() {
                    eprintln!("{what}: {inputs}");
                }
                let make = |seed: &str| table_call(call, prism.platform_client(seed), inputs.clone());
                let mark = prism.log_mark();
                let (seed, result) = call_redrawing(make, "0", &mut redrawn).await;
                if result.is_err() {
                    if let Some(rule) = prism_request_fault(&prism.violations_since(mark), op, &inputs) {
                        *prism_faults.entry(rule.to_string()).or_default() += 1;
                        continue;
                    }
                }
                // Past the request's validation: Prism could not draw a valid response.
                let undrawn = result.as_ref().err().and_then(prism_drew_no_response);
                match (seed, result) {
                    (_, Err(_)) if undrawn.is_some() => {
                        accepted += 1;
                        *undrawable.entry(undrawn.unwrap_or_default()).or_default() += 1;
                    }
                    (seed, Err(Error::Timeout { .. })) => {
                        panic!("{what} [seed {seed}]: Prism gave no answer within {PLATFORM_TIMEOUT:?}: its generator hangs on the response schema\n    inputs: {inputs}")
                    }
                    (_, Ok(Ok(_))) => accepted += 1,
                    (_, Ok(Err(fault))) => {
                        failures.insert(key, format!("{what}: {fault}\n    inputs: {inputs}"));
                    }
                    (seed, Err(error)) => {
                        let failure = format!(
                            "{what} [seed {seed}]: {}\n    Prism's log: {}\n    inputs: {inputs}",
                            detailed(&error),
                            prism.last_violations()
                        );
                        failures.insert(key, failure);
                    }
                }
            }
        }
        operations += api.operations.len();
        requests += accepted;
        let alone = match served_alone {
            0 => String::new(),
            n => format!("{n} sharing a route with another, each served alone; "),
        };
        let faults = match prism_faults.is_empty() {
            true => String::new(),
            false => format!("refused by a fault of Prism's: {prism_faults:?}; "),
        };
        faulted += prism_faults.values().sum::<usize>();
        // `models::every_example_in_the_spec_decodes_into_its_type` fails on any that does not.
        let (examples, of_examples) = crate::models::examples_decoded(&api);
        let line = format!(
            "{} operations, {accepted} of {} requests accepted, {examples} of {of_examples} examples decoded (requests: {alone}{faults}{}; {}; {:.1} s)",
            api.operations.len(),
            api.operations.len() * 2,
            describe_redrawn(&redrawn),
            describe_undrawn(&undrawable),
            started.elapsed().as_secs_f64()
        );
        lines.insert(product, line);
    }
    let known = known_failures();
    let stale = known
        .keys()
        .filter(|(product, ..)| lines.contains_key(product))
        .filter(|key| !failures.contains_key(*key))
        .map(|(product, id, inputs)| {
            format!("listed in {KNOWN_FAILURES}, and now accepted: drop it: {product} {id} ({inputs} inputs)")
        });
    let mut unknown: Vec<String> = failures
        .iter()
        .filter(|(key, _)| !known.contains_key(*key))
        .map(|(_, f)| f.clone())
        .collect();
    let known_failed = failures.len() - unknown.len();
    unknown.extend(stale);
    Requested {
        operations,
        accepted: requests,
        faulted,
        known: known_failed,
        lines,
        failures: unknown,
    }
}

/// The fault of Prism's that made it refuse a request, recognised exactly: every violation
/// it logged for the request is of that fault. Only one is known: Prism reads the repeated
/// parts of a multipart body, the encoding OpenAPI gives a list (style `form`, exploded), as
/// one value, and says the list "must be array" (with two parts as with one).
fn prism_request_fault(violations: &[String], op: &codegen::model::Operation, inputs: &Value) -> Option<&'static str> {
    let multipart = op
        .body
        .as_ref()
        .is_some_and(|body| body.media == codegen::model::Media::Multipart);
    let sent_as_parts = |violation: &String| {
        let Some(name) = violation.strip_prefix("request.body.").and_then(|v| v.split(' ').next()) else {
            return false;
        };
        *violation == format!("request.body.{name} Request body property {name} must be array") && inputs["body"][name].is_array()
    };
    (multipart && !violations.is_empty() && violations.iter().all(sent_as_parts))
        .then_some("a list sent as repeated parts read as one value")
}

/// Random response bodies per operation in the platform run; `CONTRACT_PLATFORM_BODIES`
/// sets another count (the README gives the time of a longer run).
fn platform_bodies() -> usize {
    std::env::var("CONTRACT_PLATFORM_BODIES")
        .ok()
        .map(|n| n.parse().expect("CONTRACT_PLATFORM_BODIES is a count"))
        .unwrap_or(20)
}

/// Every operation of every product against Prism: its requests (minimal and full inputs,
/// the corrected document) must be accepted, and random response bodies (from the corrected
/// and the published documents) must decode. The three runs go at once, a Prism each (Prism
/// uses one core); each product gets one summary line of all three, and the two total lines
/// keep the shape tooling reads.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs Prism: scripts/test installs it and runs this"]
async fn every_operation_of_every_product_is_accepted_by_prism() {
    let bodies = platform_bodies();
    // A task of its own, so that a Prism starting for the requests does not hold up the draws.
    let requests = tokio::spawn(request_platform());
    let (corrected, published) = tokio::join!(
        draw_platform(Served::Corrected, bodies),
        draw_platform(Served::Published, bodies)
    );
    let requested = requests.await.expect("the request run");
    println!(
        "contract: {} operations, {} requests validated by Prism ({} known failures, {KNOWN_FAILURES}; {} refused by a fault of Prism's)",
        requested.operations, requested.accepted, requested.known, requested.faulted
    );
    println!(
        "contract: {} random bodies decoded ({bodies} per operation and document; {} draws Prism could not make valid)",
        corrected.decoded + published.decoded,
        corrected.undrawn + published.undrawn,
    );
    for (product, line) in &requested.lines {
        let drawn = |drawn: &Drawn| drawn.lines.get(product).cloned().unwrap_or_default();
        println!(
            "  {product}: {line}; corrected document: {}; published document: {}",
            drawn(&corrected),
            drawn(&published)
        );
    }
    assert!(
        requested.failures.is_empty(),
        "{} requests failed:\n{}",
        requested.failures.len(),
        requested.failures.join("\n")
    );
    let failures: Vec<&String> = corrected.failures.iter().chain(&published.failures).collect();
    assert!(
        failures.is_empty(),
        "{} bodies did not decode, e.g.:\n{}",
        failures.len(),
        failures.iter().take(20).map(|f| f.as_str()).collect::<Vec<_>>().join("\n")
    );
}

/// What one document's random bodies gave.
struct Drawn {
    /// Each product's figures, for its summary line.
    lines: BTreeMap<String, String>,
    failures: Vec<String>,
    decoded: usize,
    undrawn: usize,
}

/// Draws `bodies` random responses for each operation of every product, from Prism serving
/// the `served` documents, and decodes them.
async fn draw_platform(served: Served, bodies: usize) -> Drawn {
    let known = known_failures();
    let mut drawn = Drawn {
        lines: BTreeMap::new(),
        failures: Vec::new(),
        decoded: 0,
        undrawn: 0,
    };
    for (folder, api) in platform() {
        let product = api.product.name.clone();
        let document = served.document_of(&folder, Fill::Bounded);
        let prism = Prism::serve(true, &document);
        let sharing = sharing_a_route(&document.value);
        let mut checker = Checker::new(&document.value);
        let mut synth = Synth::new(&document.value);
        let (mut decoded, mut redrawn, mut undrawn) = (0, Redrawn::new(), Redrawn::new());
        let mut prism_faults = Redrawn::new();
        let started = Instant::now();
        for op in &api.operations {
            if known.contains_key(&(product.clone(), op.operation_id.clone(), "Minimal".to_string())) {
                continue;
            }
            let what = format!("{product} {} ({served:?} document)", op.operation_id);
            // The request test reports inputs that cannot be made.
            let Ok(inputs) = synthesise(&mut synth, &mut checker, &document.value, op, Inputs::Minimal) else {
                continue;
            };
            let call = table::call(&product, &op.operation_id).expect("every operation is in the table");
            // As in the request test: an operation sharing its route is served alone.
            let method = op.method.as_str().to_lowercase();
            let alone = sharing
                .contains(&(op.path.clone(), method.clone()))
                .then(|| Prism::serve(true, &document.with_only(&op.path, &method)));
            let prism = alone.as_ref().unwrap_or(&prism);
            // A request Prism refuses for its own fault (only a multipart one can be) gets no
            // body to decode: one call finds out, and the operation is tallied apart.
            if op
                .body
                .as_ref()
                .is_some_and(|body| body.media == codegen::model::Media::Multipart)
            {
                let mark = prism.log_mark();
                let refused = !matches!(table_call(call, prism.platform_client("0"), inputs.clone()).await, Ok(Ok(_)));
                if let Some(rule) = refused
                    .then(|| prism_request_fault(&prism.violations_since(mark), op, &inputs))
                    .flatten()
                {
                    *prism_faults.entry(rule.to_string()).or_default() += 1;
                    continue;
                }
            }
            let results: Vec<(String, TableResult, Redrawn)> = stream::iter(0..bodies)
                .map(|i| {
                    let inputs = inputs.clone();
                    async move {
                        let mut redrawn = Redrawn::new();
                        let make = |seed: &str| table_call(call, prism.platform_client(seed), inputs.clone());
                        let (seed, result) = call_redrawing(make, &i.to_string(), &mut redrawn).await;
                        (seed, result, redrawn)
                    }
                })
                .buffer_unordered(8)
                .collect()
                .await;
            for (seed, result, draws) in results {
                for (rules, n) in draws {
                    *redrawn.entry(rules).or_default() += n;
                }
                let losses = match result {
                    // Every optional field and no other: the body encodes back to itself.
                    Ok(Ok(reply)) => {
                        let mut losses = reply
                            .body
                            .as_ref()
                            .map(|body| gcore_sdk_tests::wire::differences(body, &reply.encoded))
                            .unwrap_or_default();
                        if reply.has_unknown_values {
                            losses.push("an enum value decodes as unknown to its type".into());
                        }
                        losses
                    }
                    Ok(Err(fault)) => vec![fault],
                    Err(Error::Timeout { .. }) => {
                        panic!("{what} [Prefer: seed={seed}]: Prism gave no answer within {PLATFORM_TIMEOUT:?}: its generator hangs on the response schema")
                    }
                    Err(error) => match prism_drew_no_response(&error) {
                        Some(rules) => {
                            *undrawn.entry(rules).or_default() += 1;
                            continue;
                        }
                        None => vec![detailed(&error)],
                    },
                };
                match losses.is_empty() {
                    true => decoded += 1,
                    false => drawn
                        .failures
                        .push(format!("{what} [Prefer: seed={seed}]: {}", losses.join("; "))),
                }
            }
        }
        drawn.decoded += decoded;
        drawn.undrawn += undrawn.values().sum::<usize>();
        let faults = match prism_faults.is_empty() {
            true => String::new(),
            false => format!("operations whose request Prism refuses for a fault of its own: {prism_faults:?}; "),
        };
        // Said, as the document is not served quite as published there.
        let media = match served {
            Served::Published => facts::published_media(&folder)
                .iter()
                .map(|changed| format!("{changed}; "))
                .collect(),
            Served::Corrected => String::new(),
        };
        let line = format!(
            "{decoded} bodies decoded ({media}{faults}{}; {}; {:.1} s)",
            describe_redrawn(&redrawn),
            describe_undrawn(&undrawn),
            started.elapsed().as_secs_f64()
        );
        drawn.lines.insert(product, line);
    }
    drawn
}

// The examples users run (`cargo run -p gcore --example NAME`), as modules: their `run`
// is called against Prism below. Their `main` reads the environment and is not called here.
#[allow(dead_code)]
#[path = "../../../generated/examples/billing_expenses.rs"]
mod billing_expenses;
#[allow(dead_code)]
#[path = "../../../generated/examples/cdn_resource.rs"]
mod cdn_resource;
#[allow(dead_code)]
#[path = "../../../generated/examples/ddos_events.rs"]
mod ddos_events;
#[allow(dead_code)]
#[path = "../../../generated/examples/dns_zone.rs"]
mod dns_zone;
#[allow(dead_code)]
#[path = "../../../generated/examples/fastedge_app.rs"]
mod fastedge_app;
#[allow(dead_code)]
#[path = "../../../generated/examples/iam_api_token.rs"]
mod iam_api_token;
#[allow(dead_code)]
#[path = "../../../generated/examples/inference_deploy.rs"]
mod inference_deploy;
#[allow(dead_code)]
#[path = "../../../generated/examples/regions_and_capacity.rs"]
mod regions_and_capacity;
#[allow(dead_code)]
#[path = "../../../generated/examples/storage_bucket_key.rs"]
mod storage_bucket_key;
#[allow(dead_code)]
#[path = "../../../generated/examples/streaming_upload.rs"]
mod streaming_upload;
#[allow(dead_code)]
#[path = "../../../generated/examples/waap_custom_rule.rs"]
mod waap_custom_rule;

/// Each example, run against Prism serving its product's document: every request it makes
/// must be valid, and every answer decode. Answers are drawn from the schemas, seeded (the
/// documents' own examples contradict their schemas in places, `models.rs`); a seed whose
/// draw Prism's generator cannot make valid is followed by the next, up to 10, and so is one
/// whose answer an example passes on (an id) and the document allows there but not in the
/// request (`passed_on`: the request's paths that take answers). The deploy example is only
/// built: its polling waits for a task state a random draw rarely gives.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs Prism: scripts/test installs it and runs this"]
async fn the_examples_run_against_prism() {
    let serve_as = |product: &str, dynamic: bool| {
        let document = Served::Corrected.document_of(&repo().join("spec").join(product), Fill::Exact);
        Prism::serve(dynamic, &document)
    };
    let serve = |product: &str| serve_as(product, true);
    async fn first_seed_that_draws<F, Fut>(what: &str, prism: &Prism, passed_on: &[&str], run: F)
    where
        F: Fn(Client) -> Fut,
        Fut: std::future::Future<Output = Result<(), Error>>,
    {
        let mut last = None;
        for seed in 0..10 {
            match run(prism.seeded_client(&seed.to_string())).await {
                Ok(()) => return,
                Err(error) if prism_refused_its_own_body(&error).is_some() => last = Some(error),
                Err(Error::InvalidRequest(invalid)) if passed_on.contains(&invalid.path.as_str()) => {
                    last = Some(Error::InvalidRequest(invalid))
                }
                Err(error) => panic!("{what} [seed {seed}]: {}", detailed(&error)),
            }
        }
        panic!("{what}: no seed gave a valid answer: {last:?}");
    }
    let cloud = serve("cloud");
    first_seed_that_draws("regions_and_capacity", &cloud, &[], |client| async move {
        regions_and_capacity::run(&client).await
    })
    .await;
    let dns = serve("dns");
    first_seed_that_draws("dns_zone", &dns, &[], |client| async move {
        dns_zone::run(&client, "example.com", "192.0.2.1").await
    })
    .await;
    let security = serve("security");
    first_seed_that_draws("ddos_events", &security, &[], |client| async move {
        ddos_events::run(&client).await
    })
    .await;
    let cdn = serve("cdn");
    first_seed_that_draws("cdn_resource", &cdn, &[], |client| async move {
        cdn_resource::run(&client, "cdn.example.com", "origin.example.com").await
    })
    .await;
    let waap = serve("waap");
    first_seed_that_draws("waap_custom_rule", &waap, &[], |client| async move {
        waap_custom_rule::run(&client, 1, "/admin").await
    })
    .await;
    let fastedge = serve("fastedge");
    first_seed_that_draws("fastedge_app", &fastedge, &["body.binary"], |client| async move {
        // The smallest WebAssembly module: its magic number and version.
        fastedge_app::run(&client, "example-app", b"\0asm\x01\0\0\0".to_vec()).await
    })
    .await;
    let streaming = serve("streaming");
    for url in [None, Some("https://example.com/video.mp4")] {
        first_seed_that_draws("streaming_upload", &streaming, &[], |client| async move {
            streaming_upload::run(&client, "Example video", url).await
        })
        .await;
    }
    let storage = serve("storage");
    first_seed_that_draws("storage_bucket_key", &storage, &[], |client| async move {
        storage_bucket_key::run(&client, 1, "example-bucket").await
    })
    .await;
    let iam = serve("iam");
    first_seed_that_draws("iam_api_token", &iam, &["client_id"], |client| async move {
        iam_api_token::run(&client, "ci-deploy", "2027-12-31T00:00:00Z").await
    })
    .await;
    // Static answers: a random `count` (millions) would have the example read page after
    // page; the document's own answer has a count its page reaches.
    let billing = serve_as("billing", false);
    first_seed_that_draws("billing_expenses", &billing, &[], |client| async move {
        billing_expenses::run(&client, "2026-11-01").await
    })
    .await;
}
