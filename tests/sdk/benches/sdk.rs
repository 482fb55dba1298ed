//! The SDK's runtime costs against the baselines the benchmark issue names, measured in the
//! same run and printed as ratios (`cargo bench -p gcore-sdk-tests --bench sdk`; `scripts/bench`
//! runs it too):
//!
//! - decode: `gcore::from_json::<InferenceDeployment>` (what every response goes through)
//!   against `serde_json::from_slice` into a hand-written serde struct of the same shape;
//! - call: one `deployments().get(..)` through the SDK against the same GET sent with a plain
//!   `reqwest::Client` and decoded with `serde_json`, both to a keep-alive HTTP server on
//!   loopback that answers with a fixed body.
//!
//! Each comparison runs the two sides in alternating batches, and its ratio is the median of
//! the ratios of adjacent batches, so drift in the machine's speed hits both sides alike. A
//! control row compares each baseline with itself: how far from 1 it lands is the noise.

use std::hint::black_box;
use std::time::{Duration, Instant};

use gcore::cloud::models::InferenceDeployment;
use serde::Deserialize;
use serde_json::json;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

/// Many short rounds: the shorter a round, the closer in time its two batches, and the
/// more rounds, the steadier their median ratio (the baseline against itself comes out
/// within 1 % of 1 on this machine).
const ROUNDS: usize = 301;

fn main() {
    let body = deployment_body(8);
    decode(&body);
    call(&body);
    patterns();
}

/// The SDK checks `pattern` with `regress` (ECMAScript, the dialect JSON Schema patterns
/// are written in, look-around included); `regex-lite` was the engine before, and cannot
/// compile Cloud's `Coordinate.latitude`. One check of a deployment name each, as the SDK
/// makes it before sending (the compiled expression reused).
fn patterns() {
    let pattern = "^[a-z0-9]([-a-z0-9]*[a-z0-9])?$";
    let name = "my-inference-deployment-0042";
    let lite = regex_lite::Regex::new(pattern).unwrap();
    let ecma = regress::Regex::new(pattern).unwrap();
    let checked = compare(
        2000,
        || assert!(lite.is_match(black_box(name))),
        || assert!(ecma.find(black_box(name)).is_some()),
    );
    println!(
        "pattern check        regex-lite {:>9.2?}   regress {:>9.2?}   ratio {:.3}   (no target: the cost of ECMAScript patterns)",
        checked.base, checked.ours, checked.ratio
    );
}

fn decode(body: &[u8]) {
    let baseline = || {
        let value: HandWritten = serde_json::from_slice(black_box(body)).expect("decodes");
        black_box(value);
    };
    let sdk = || {
        let value: InferenceDeployment = gcore::from_json(black_box(body)).expect("decodes");
        black_box(value);
    };
    let decoded = compare(200, baseline, sdk);
    let control = compare(200, baseline, baseline);
    let mib_s = |d: Duration| body.len() as f64 / d.as_secs_f64() / (1024.0 * 1024.0);
    println!(
        "decode ({} bytes)   hand-written {:>9.2?} ({:.0} MiB/s)   SDK {:>9.2?} ({:.0} MiB/s)   ratio {:.3}   target <= 1.10",
        body.len(),
        decoded.base,
        mib_s(decoded.base),
        decoded.ours,
        mib_s(decoded.ours),
        decoded.ratio
    );
    println!(
        "decode, control       hand-written against itself   ratio {:.3}",
        control.ratio
    );
}

fn call(body: &[u8]) {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("runtime");
    let address = runtime.block_on(serve(body.to_vec()));
    let base_url = format!("http://{address}");
    let sdk_client = gcore::Client::builder()
        .api_key("bench-key")
        .base_url(&base_url)
        .project_id(1)
        .build()
        .expect("client");
    let raw_client = reqwest::Client::new();
    let url = format!("{base_url}/cloud/v3/inference/1/deployments/my-instance");

    // The bare call, and the call as the SDK sends it: its headers and its per-request
    // timeout (a tokio timer per request, which is most of the difference between the two).
    let raw = |same_as_sdk: bool| {
        runtime.block_on(async {
            let mut request = raw_client.get(&url).header("Authorization", "APIKey bench-key");
            if same_as_sdk {
                request = request
                    .header("Accept", "application/json")
                    .header("User-Agent", "gcore-rust/0.1.0")
                    .timeout(Duration::from_secs(120));
            }
            let response = request.send().await.expect("sent").error_for_status().expect("200");
            let bytes = response.bytes().await.expect("body");
            let value: InferenceDeployment = serde_json::from_slice(&bytes).expect("decodes");
            black_box(value);
        })
    };
    let sdk = || {
        runtime.block_on(async {
            let value = sdk_client
                .cloud()
                .inference()
                .deployments()
                .get("my-instance")
                .await
                .expect("200");
            black_box(value);
        })
    };
    let bare = compare(20, || raw(false), sdk);
    let same = compare(20, || raw(true), sdk);
    let control = compare(20, || raw(true), || raw(true));
    println!(
        "call, loopback        bare reqwest {:>9.2?}   SDK {:>9.2?}   ratio {:.3}",
        bare.base, bare.ours, bare.ratio
    );
    println!(
        "call, loopback   reqwest + timeout {:>9.2?}   SDK {:>9.2?}   ratio {:.3}   target <= 1.05",
        same.base, same.ours, same.ratio
    );
    println!(
        "call, control    reqwest + timeout against itself   ratio {:.3}",
        control.ratio
    );
}

/// What one comparison measured: the median time per iteration of each side, and the
/// median of the ratios of adjacent batches.
struct Compared {
    base: Duration,
    ours: Duration,
    ratio: f64,
}

/// Runs the two sides in batches of `batch` iterations, alternating which goes first. The
/// ratio is the median over rounds of ours / baseline within a round: the machine is
/// shared, and its speed changes from one second to the next, but two adjacent batches
/// run at nearly the same speed, while the two sides' medians can fall in different spells.
fn compare(batch: u32, mut baseline: impl FnMut(), mut ours: impl FnMut()) -> Compared {
    let time = |f: &mut dyn FnMut()| {
        let start = Instant::now();
        for _ in 0..batch {
            f();
        }
        start.elapsed() / batch
    };
    time(&mut baseline); // warm-up: connections, caches, lazy statics
    time(&mut ours);
    let (mut base, mut sdk, mut ratios) = (Vec::new(), Vec::new(), Vec::new());
    for round in 0..ROUNDS {
        let (b, o) = if round % 2 == 0 {
            let b = time(&mut baseline);
            (b, time(&mut ours))
        } else {
            let o = time(&mut ours);
            (time(&mut baseline), o)
        };
        ratios.push(ratio(o, b));
        base.push(b);
        sdk.push(o);
    }
    ratios.sort_by(f64::total_cmp);
    Compared {
        base: median(base),
        ours: median(sdk),
        ratio: ratios[ratios.len() / 2],
    }
}

fn median(mut samples: Vec<Duration>) -> Duration {
    samples.sort();
    samples[samples.len() / 2]
}

fn ratio(ours: Duration, base: Duration) -> f64 {
    ours.as_secs_f64() / base.as_secs_f64()
}

/// A minimal keep-alive HTTP/1.1 server: reads a request head (the benchmark sends no
/// bodies) and answers 200 with `body`, so the server's own cost is small and equal for both.
async fn serve(body: Vec<u8>) -> std::net::SocketAddr {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let address = listener.local_addr().expect("address");
    let mut response = format!(
        "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n",
        body.len()
    )
    .into_bytes();
    response.extend_from_slice(&body);
    tokio::spawn(async move {
        loop {
            let Ok((mut socket, _)) = listener.accept().await else {
                return;
            };
            let response = response.clone();
            tokio::spawn(async move {
                let mut buffer = Vec::with_capacity(4096);
                let mut chunk = [0u8; 4096];
                loop {
                    while let Some(end) = buffer.windows(4).position(|w| w == b"\r\n\r\n") {
                        buffer.drain(..end + 4);
                        if socket.write_all(&response).await.is_err() {
                            return;
                        }
                    }
                    match socket.read(&mut chunk).await {
                        Ok(0) | Err(_) => return,
                        Ok(n) => buffer.extend_from_slice(&chunk[..n]),
                    }
                }
            });
        }
    });
    address
}

/// A deployment as the API returns it, with `containers` regions.
fn deployment_body(containers: usize) -> Vec<u8> {
    let container = |region: usize| {
        json!({
            "region_id": region,
            "address": format!("https://region-{region}.example.com"),
            "deploy_status": {"ready": 1, "total": 3},
            "error_message": null,
            "scale": {
                "cooldown_period": 60, "max": 3, "min": 1, "polling_interval": 30,
                "triggers": {
                    "cpu": {"threshold": 80}, "memory": {"threshold": 70},
                    "gpu_utilization": {"threshold": 90}, "gpu_memory": null,
                    "http": {"rate": 1, "window": 60},
                    "sqs": {
                        "activation_queue_length": 1, "aws_endpoint": null, "aws_region": "us-east-1",
                        "queue_length": 10, "queue_url": "https://sqs.us-east-1.amazonaws.com/1/q",
                        "scale_on_delayed": true, "scale_on_flight": false, "secret_name": "aws"
                    }
                }
            }
        })
    };
    let body = json!({
        "project_id": 1,
        "name": "my-instance",
        "description": "My first instance",
        "image": "nginx:latest",
        "listening_port": 8080,
        "created_at": "2023-08-22T11:21:00Z",
        "status": "ACTIVE",
        "auth_enabled": false,
        "address": "https://example.com",
        "containers": (0..containers).map(container).collect::<Vec<_>>(),
        "timeout": 120,
        "envs": {"DEBUG_MODE": "False", "KEY": "12345", "MODEL": "llama-3-8b"},
        "flavor_name": "inference-16vcpu-232gib-1xh100-80gb",
        "command": ["nginx", "-g", "daemon off;"],
        "credentials_name": "dockerhub",
        "logging": {"destination_region_id": 1, "enabled": true, "retention_policy": {"period": 45}, "topic_name": "my-log-name"},
        "probes": null,
        "ingress_opts": {"disable_response_buffering": true},
        "object_references": [{"kind": "AppDeployment", "name": "my-inference-app"}],
        "api_keys": ["key1", "key2"]
    });
    serde_json::to_vec(&body).expect("encodes")
}

// ---- the hand-written baseline: InferenceDeployment's shape, written the usual serde way ----

#[allow(dead_code)]
#[derive(Deserialize)]
struct HandWritten {
    #[serde(default)]
    address: Option<String>,
    #[serde(default)]
    api_keys: Option<Vec<String>>,
    auth_enabled: bool,
    #[serde(default)]
    command: Option<Vec<String>>,
    #[serde(default)]
    containers: Vec<Container>,
    #[serde(default)]
    created_at: Option<String>,
    credentials_name: String,
    description: String,
    #[serde(default)]
    envs: Option<std::collections::BTreeMap<String, String>>,
    flavor_name: String,
    image: String,
    #[serde(default)]
    ingress_opts: Option<IngressOpts>,
    listening_port: i64,
    #[serde(default)]
    logging: Option<Logging>,
    name: String,
    #[serde(default)]
    object_references: Vec<ObjectReference>,
    /// Null in the benchmark's body, so its inner shape costs nothing on either side.
    #[serde(default)]
    probes: Option<serde_json::Value>,
    project_id: i64,
    status: Status,
    #[serde(default)]
    timeout: Option<i64>,
}

#[allow(dead_code)]
#[derive(Deserialize)]
#[serde(rename_all = "UPPERCASE")]
enum Status {
    Active,
    Deleting,
    Deploying,
    Disabled,
    PartiallyDeployed,
    Pending,
    #[serde(other)]
    Unknown,
}

#[allow(dead_code)]
#[derive(Deserialize)]
struct Container {
    #[serde(default)]
    address: Option<String>,
    deploy_status: DeployStatus,
    #[serde(default)]
    error_message: Option<String>,
    region_id: i64,
    scale: Scale,
}

#[allow(dead_code)]
#[derive(Deserialize)]
struct DeployStatus {
    ready: i64,
    total: i64,
}

#[allow(dead_code)]
#[derive(Deserialize)]
struct Scale {
    #[serde(default)]
    cooldown_period: Option<i64>,
    max: i64,
    min: i64,
    #[serde(default)]
    polling_interval: Option<i64>,
    triggers: Triggers,
}

#[allow(dead_code)]
#[derive(Deserialize)]
struct Triggers {
    #[serde(default)]
    cpu: Option<Threshold>,
    #[serde(default)]
    gpu_memory: Option<Threshold>,
    #[serde(default)]
    gpu_utilization: Option<Threshold>,
    #[serde(default)]
    http: Option<Rate>,
    #[serde(default)]
    memory: Option<Threshold>,
    #[serde(default)]
    sqs: Option<Sqs>,
}

#[allow(dead_code)]
#[derive(Deserialize)]
struct Threshold {
    threshold: i64,
}

#[allow(dead_code)]
#[derive(Deserialize)]
struct Rate {
    rate: i64,
    window: i64,
}

#[allow(dead_code)]
#[derive(Deserialize)]
struct Sqs {
    activation_queue_length: i64,
    #[serde(default)]
    aws_endpoint: Option<String>,
    aws_region: String,
    queue_length: i64,
    queue_url: String,
    scale_on_delayed: bool,
    scale_on_flight: bool,
    secret_name: String,
}

#[allow(dead_code)]
#[derive(Deserialize)]
struct Logging {
    #[serde(default)]
    destination_region_id: Option<i64>,
    enabled: bool,
    #[serde(default)]
    retention_policy: Option<RetentionPolicy>,
    #[serde(default)]
    topic_name: Option<String>,
}

#[allow(dead_code)]
#[derive(Deserialize)]
struct RetentionPolicy {
    #[serde(default)]
    period: Option<i64>,
}

#[allow(dead_code)]
#[derive(Deserialize)]
struct IngressOpts {
    disable_response_buffering: bool,
}

#[allow(dead_code)]
#[derive(Deserialize)]
struct ObjectReference {
    kind: Kind,
    name: String,
}

#[allow(dead_code)]
#[derive(Deserialize)]
enum Kind {
    AppDeployment,
    #[serde(other)]
    Unknown,
}
