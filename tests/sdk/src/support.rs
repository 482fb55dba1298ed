//! One call per seed operation of the SDK (the Cloud calls of tests/fixtures/seeds, whose
//! behaviour the README documents), for the tests that run every one of them (contract tests
//! against Prism, the fault matrix). Kept in one place so that none of those tests misses one:
//! `operation_ids()` lists what the seed pages have.

use std::collections::BTreeMap;
use std::future::Future;
use std::pin::Pin;

use gcore::cloud::models::*;
use gcore::{ApiResponse, Client, DateTime, Error, Maybe};
use serde_json::Value;

/// The operationIds of the seed pages, sorted.
pub fn operation_ids() -> Vec<String> {
    let api = crate::facts::seeds();
    api.operations.iter().map(|op| op.operation_id.clone()).collect()
}

pub type Call = Pin<Box<dyn Future<Output = Result<Reply, Error>> + Send>>;

/// A decoded response, in one type for every call: the body as received, and the typed
/// value encoded again.
#[derive(Debug)]
pub struct Reply {
    /// The body as received, when it is JSON.
    pub body: Option<Value>,
    /// The decoded value encoded again.
    pub encoded: Value,
    /// Whether an enum in the decoded value holds a value its type does not list.
    pub has_unknown_values: bool,
}

impl Reply {
    fn of<T: serde::Serialize + serde::de::DeserializeOwned>(response: ApiResponse<T>) -> Reply {
        let body = response.json().ok();
        // The body decoded again, here and now, between two readings of the thread's count
        // of unknown enum values: the call's own decode ran on whichever thread polled it.
        let has_unknown_values = body.as_ref().is_some_and(|body| {
            let before = gcore::runtime::unknown_values_made();
            let again = serde_json::from_value::<T>(body.clone());
            again.is_ok() && gcore::runtime::unknown_values_made() != before
        });
        Reply {
            body,
            encoded: serde_json::to_value(response.value()).expect("decoded values encode"),
            has_unknown_values,
        }
    }

    /// Where encoding the decoded value does not give back the body received
    /// (`wire::differences`), and an enum value read as unknown to its type.
    pub fn losses(&self) -> Vec<String> {
        let mut found = match &self.body {
            Some(body) => crate::wire::differences(body, &self.encoded),
            None => Vec::new(),
        };
        if self.has_unknown_values {
            found.push("an enum value decodes as unknown to its type".into());
        }
        found
    }
}

pub fn minimal_body() -> InferenceDeploymentCreateParams {
    InferenceDeploymentCreateParams::new(InferenceDeploymentCreateParamsRequired {
        containers: vec![container(ContainerScaleV3::new(ContainerScaleV3Required { max: 3, min: 1 }))],
        flavor_name: "inference-16vcpu-232gib-1xh100-80gb".into(),
        image: "nginx:latest".into(),
        listening_port: 80,
        name: "my-instance".into(),
    })
}

/// A container in region 1 with the given scale.
pub fn container(scale: ContainerScaleV3) -> InferenceDeploymentContainerParams {
    InferenceDeploymentContainerParams::new(InferenceDeploymentContainerParamsRequired { region_id: 1, scale })
}

/// Every optional field of the body set, nested types included.
#[allow(deprecated)] // `auth_enabled` is deprecated by the API, but still accepted
pub fn full_body() -> InferenceDeploymentCreateParams {
    let probe = |kind: u8| {
        let probe = ContainerProbeV2::new()
            .failure_threshold(3)
            .initial_delay_seconds(5)
            .period_seconds(10)
            .success_threshold(1)
            .timeout_seconds(2);
        let probe = match kind {
            0 => probe.http_get(
                ContainerProbeHttpGetConfigV2::new(80)
                    .headers(BTreeMap::from([("X-Probe".to_string(), "1".to_string())]))
                    .host("localhost")
                    .path("/healthz")
                    .schema("HTTP"),
            ),
            1 => probe.exec(ContainerProbeExecConfigV2::new(vec!["ls".into(), "-l".into()])),
            _ => probe.tcp_socket(ContainerProbeTcpSocketConfigV2::new(80)),
        };
        InferenceInstanceContainerProbeConfigurationV2::new(true).probe(probe)
    };
    let triggers = ContainerScaleTriggers::new()
        .cpu(ContainerScaleTriggersThreshold::new(80))
        .memory(ContainerScaleTriggersThreshold::new(70))
        .gpu_memory(ContainerScaleTriggersThreshold::new(60))
        .gpu_utilization(ContainerScaleTriggersThreshold::new(50))
        .http(ContainerScaleTriggersRate::new(ContainerScaleTriggersRateRequired {
            rate: 1,
            window: 60,
        }))
        .sqs(
            ContainerScaleTriggersSqs::new(ContainerScaleTriggersSqsRequired {
                activation_queue_length: 30,
                aws_region: "us-east-1".into(),
                queue_length: 2,
                queue_url: "https://sqs.us-east-1.amazonaws.com/1/queue".into(),
                secret_name: "secret".into(),
            })
            .aws_endpoint("https://sqs.us-east-1.amazonaws.com")
            .scale_on_delayed(true)
            .scale_on_flight(false),
        );
    let scale = ContainerScaleV3::new(ContainerScaleV3Required { max: 3, min: 1 })
        .cooldown_period(60)
        .polling_interval(30)
        .triggers(triggers);
    InferenceDeploymentCreateParams::new(InferenceDeploymentCreateParamsRequired {
        containers: vec![container(scale)],
        flavor_name: "inference-16vcpu-232gib-1xh100-80gb".into(),
        image: "nginx:latest".into(),
        listening_port: 8080,
        name: "my-full-instance".into(),
    })
    .api_keys(vec!["key1".into()])
    .auth_enabled(false)
    .command(vec!["nginx".into(), "-g".into(), "daemon off;".into()])
    .credentials_name("dockerhub")
    .description("everything set")
    .envs(BTreeMap::from([("DEBUG".to_string(), "1".to_string())]))
    .ingress_opts(IngressOpts::new().disable_response_buffering(true))
    .logging(
        LoggingIn::new()
            .destination_region_id(1)
            .enabled(true)
            .retention_policy(LaasIndexRetentionPolicy::new(Some(45)))
            .topic_name("my-log-name"),
    )
    .probes(
        InferenceInstanceProbesV2::new()
            .liveness_probe(probe(0))
            .readiness_probe(probe(1))
            .startup_probe(probe(2)),
    )
    .timeout(Maybe::Null)
}

/// Every operation of the SDK, called with minimal and with fully populated inputs,
/// by operationId. A test fails if the spec has an operation missing here.
#[allow(deprecated)] // `sorting` is a deprecated query parameter, still accepted
pub fn calls(client: &Client) -> Vec<(&'static str, &'static str, Call)> {
    let c = client.clone();
    let tasks = || c.cloud().tasks();
    let deployments = || c.cloud().inference().deployments();
    let when = |text: &str| text.parse::<DateTime>().unwrap();
    vec![
        (
            "AIRegionsHandler.get",
            "minimal",
            c.cloud().ai().regions().list().send_with_response().into_call(),
        ),
        (
            "InferenceCapacityHandlerV3.get",
            "minimal",
            c.cloud()
                .inference()
                .get_capacity_by_region()
                .send_with_response()
                .into_call(),
        ),
        (
            "InferenceInstanceHandlerV3.get",
            "minimal",
            deployments().get("my-instance").send_with_response().into_call(),
        ),
        (
            "InferenceInstanceHandlerV3.get",
            "full",
            deployments()
                .get("my-instance")
                .with_project_id(7)
                .send_with_response()
                .into_call(),
        ),
        (
            "InferenceInstancesHandlerV3.post",
            "minimal",
            deployments().create(minimal_body()).send_with_response().into_call(),
        ),
        (
            "InferenceInstancesHandlerV3.post",
            "full",
            deployments()
                .create(full_body())
                .with_project_id(7)
                .send_with_response()
                .into_call(),
        ),
        (
            "TaskInstanceViewSet.get",
            "minimal",
            tasks()
                .get("d478ae29-dedc-4869-82f0-96104425f565")
                .send_with_response()
                .into_call(),
        ),
        ("TaskViewSet.get", "minimal", tasks().list().send_with_response().into_call()),
        (
            "TaskViewSet.get",
            "full",
            tasks()
                .list()
                .from_timestamp(when("2024-01-01T00:00:00Z"))
                .to_timestamp(when("2024-12-31T23:59:59Z"))
                .is_acknowledged(false)
                .limit(100)
                .offset(10)
                .order_by(TaskOrderByChoices::Asc)
                .sorting(TaskOrderByChoices::Desc)
                .project_id(vec![1, 2])
                // Two items: Prism reads a lone `region_id=3` under `anyOf: [array, null]` as a
                // scalar, although form/explode encoding makes it a one-item list.
                .region_id(vec![3, 4])
                .state(vec![TaskState::Running, TaskState::Error])
                .task_type("create_inference_instance")
                .send_with_response()
                .into_call(),
        ),
    ]
}

/// A request's `send_with_response()`, as a [`Call`].
pub trait IntoCall {
    fn into_call(self) -> Call;
}

impl<F, T> IntoCall for F
where
    F: Future<Output = Result<ApiResponse<T>, Error>> + Send + 'static,
    T: serde::Serialize + serde::de::DeserializeOwned,
{
    fn into_call(self) -> Call {
        Box::pin(async move { self.await.map(Reply::of) })
    }
}
