// @generated: copied verbatim by codegen from codegen/runtime/helpers/inference_deployments.rs.
// Do not edit here: edit that file, then run `cargo run -p codegen`.

//! Creating a deployment and waiting for it: `deployments().create_and_poll(body)`.
//!
//! Hand-written; codegen copies it into the crate of `cloud.inference` when the spec has
//! `cloud.inference.deployments.create`, `cloud.inference.deployments.get` and
//! `cloud.tasks.get`, and compiles it when `gcore` has the `cloud-tasks` feature on too.

use std::future::IntoFuture;
use std::time::Duration;

use crate::models::{InferenceDeployment, InferenceDeploymentCreateParams};
use crate::resources::cloud::inference::deployments::Deployments;
use crate::{BoxFuture, Error, Operation, RequestOptions};

const OPERATION: Operation = Operation::new(
    "cloud.inference.deployments.create_and_poll",
    "create, then tasks.poll, then get",
);

impl Deployments {
    /// Creates a deployment and waits until it exists: create → the one task it returns →
    /// poll that task to `FINISHED` → read the deployment it created. Every way this can
    /// go wrong is a typed error: the create call's own errors, [`Error::TaskFailed`],
    /// [`Error::PollTimeout`], and [`Error::Unexpected`] when the API answers with no task,
    /// several, or a finished task that names no deployment.
    ///
    /// The create request is not re-sent after it may have reached the server (see the
    /// crate's retry policy), so one call never creates two deployments.
    pub fn create_and_poll(&self, body: InferenceDeploymentCreateParams) -> CreateAndPollRequest {
        CreateAndPollRequest {
            deployments: self.clone(),
            body,
            project_id: None,
            interval: None,
            timeout: None,
            options: RequestOptions::default(),
        }
    }
}

/// A running [`Deployments::create_and_poll`]: set the project, polling or options, then `.await` it.
#[derive(Clone, Debug)]
#[must_use = "a request does nothing until it is awaited"]
pub struct CreateAndPollRequest {
    deployments: Deployments,
    body: InferenceDeploymentCreateParams,
    project_id: Option<i64>,
    interval: Option<Duration>,
    timeout: Option<Duration>,
    options: RequestOptions,
}

impl CreateAndPollRequest {
    /// The project (defaults to the client's).
    pub fn with_project_id(mut self, project_id: i64) -> Self {
        self.project_id = Some(project_id);
        self
    }

    /// How long to wait between two reads of the task.
    pub fn poll_interval(mut self, interval: Duration) -> Self {
        self.interval = Some(interval);
        self
    }

    /// How long to wait for the task in all.
    pub fn poll_timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// Options for every request made (timeout, retries, headers).
    pub fn options(mut self, options: RequestOptions) -> Self {
        self.options = options;
        self
    }

    /// Creates the deployment, waits for its task and reads it back (what `.await` does).
    pub async fn send(self) -> Result<InferenceDeployment, Error> {
        let client = self.deployments.inner_client();
        let project_id = client
            .resolve_project_id(self.project_id)
            .map_err(|e| e.in_operation(OPERATION))?;
        let created = self
            .deployments
            .create(self.body)
            .with_project_id(project_id)
            .options(self.options.clone())
            .await?;
        let task_id = match created.tasks.as_slice() {
            [task_id] => task_id.clone(),
            tasks => {
                return Err(Error::Unexpected {
                    operation: OPERATION,
                    message: format!("expected the create call to return one task, got {}", tasks.len()),
                })
            }
        };
        let tasks = gcore_cloud_tasks::resources::cloud::tasks::Tasks::new(client.clone());
        let mut poll = tasks.poll(task_id.clone()).options(self.options.clone());
        if let Some(interval) = self.interval {
            poll = poll.poll_interval(interval);
        }
        if let Some(timeout) = self.timeout {
            poll = poll.poll_timeout(timeout);
        }
        let task = poll.await?;
        let name = task
            .created_resources
            .and_then(|resources| resources.inference_instances)
            .and_then(|names| names.into_iter().next())
            .ok_or_else(|| Error::Unexpected {
                operation: OPERATION,
                message: format!("task {task_id} finished without naming the deployment it created"),
            })?;
        self.deployments
            .get(name)
            .with_project_id(project_id)
            .options(self.options)
            .await
    }
}

impl IntoFuture for CreateAndPollRequest {
    type Output = Result<InferenceDeployment, Error>;
    type IntoFuture = BoxFuture<Self::Output>;

    fn into_future(self) -> Self::IntoFuture {
        Box::pin(self.send())
    }
}
