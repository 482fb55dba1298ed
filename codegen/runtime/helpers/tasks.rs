//! Waiting for tasks: `client.cloud().tasks().poll(task_id)`, and `.and_poll()` on every
//! call that starts tasks (`tasks` in `spec/cloud/product.yaml`).
//!
//! Hand-written; codegen copies it into the crate of `cloud.tasks` when the spec has
//! `cloud.tasks.get`.

use std::future::IntoFuture;
use std::time::Duration;

use crate::models::{Task, TaskState};
use crate::resources::cloud::tasks::Tasks;
use crate::{BoxFuture, Error, RequestOptions, TaskError};

impl Tasks {
    /// Waits for a task to finish: reads it every `poll_interval` (default 3 s, see
    /// `ClientBuilder::poll_interval`) until its state is `FINISHED` (the task is returned)
    /// or `ERROR` ([`Error::TaskFailed`]), for `poll_timeout` in all (default 7200 s, see
    /// `ClientBuilder::poll_timeout`): the last read is made when that budget is spent, and
    /// only then is it [`Error::PollTimeout`]. Any other state, including ones this SDK does
    /// not know yet, means "not yet". Each read is a normal `tasks().get()` call, with the
    /// client's retry policy and the per-call options given here.
    pub fn poll(&self, task_id: impl Into<String>) -> PollRequest {
        PollRequest {
            tasks: self.clone(),
            task_id: task_id.into(),
            interval: None,
            timeout: None,
            options: RequestOptions::default(),
        }
    }
}

/// A running [`Tasks::poll`]: set the polling interval, budget or options, then `.await` it.
#[derive(Clone, Debug)]
#[must_use = "polling does nothing until it is awaited"]
pub struct PollRequest {
    tasks: Tasks,
    task_id: String,
    interval: Option<Duration>,
    timeout: Option<Duration>,
    options: RequestOptions,
}

impl PollRequest {
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

    /// Options for each read of the task (timeout, retries, headers).
    pub fn options(mut self, options: RequestOptions) -> Self {
        self.options = options;
        self
    }

    /// Polls until the task finishes, fails or the polling budget is spent.
    pub async fn send(self) -> Result<Task, Error> {
        let (default_interval, default_timeout) = self.tasks.inner_client().poll_settings();
        let interval = self.interval.unwrap_or(default_interval);
        let timeout = self.timeout.unwrap_or(default_timeout);
        let started = tokio::time::Instant::now();
        loop {
            let task = self.tasks.get(self.task_id.clone()).options(self.options.clone()).await?;
            match task.state {
                TaskState::Finished => return Ok(task),
                TaskState::Error => return Err(task_failed(task)),
                _ => {}
            }
            let waited = started.elapsed();
            if waited >= timeout {
                return Err(Error::PollTimeout {
                    task_id: self.task_id,
                    last_state: Some(task.state.to_string()),
                    waited,
                });
            }
            tracing::debug!(task_id = %self.task_id, state = %task.state, "task not finished yet");
            // The last read falls when the budget is spent, not an interval before it.
            tokio::time::sleep(interval.min(timeout - waited)).await;
        }
    }
}

impl IntoFuture for PollRequest {
    type Output = Result<Task, Error>;
    type IntoFuture = BoxFuture<Self::Output>;

    fn into_future(self) -> Self::IntoFuture {
        Box::pin(self.send())
    }
}

/// What `.and_poll()` returns on every call that starts tasks: the call is sent, then each
/// task it started is waited for as [`Tasks::poll`] does, one after another, within one
/// polling budget for all of them (it starts when the call has answered). `.await` it for
/// the finished tasks, in the order the call listed them; a call that started none gives
/// none. Errors are the call's own, then [`Error::TaskFailed`] or [`Error::PollTimeout`] of
/// the first task that fails or outlasts the budget.
#[must_use = "a request does nothing until it is awaited"]
pub struct AndPollRequest {
    tasks: Tasks,
    start: BoxFuture<Result<Vec<String>, Error>>,
    interval: Option<Duration>,
    timeout: Option<Duration>,
    options: RequestOptions,
}

impl AndPollRequest {
    /// For the generated `.and_poll()`: `start` sends the call and gives the ids of the
    /// tasks it started.
    #[doc(hidden)]
    pub fn new(client: crate::Client, start: BoxFuture<Result<Vec<String>, Error>>) -> Self {
        Self {
            tasks: Tasks::new(client),
            start,
            interval: None,
            timeout: None,
            options: RequestOptions::default(),
        }
    }

    /// How long to wait between two reads of a task.
    pub fn poll_interval(mut self, interval: Duration) -> Self {
        self.interval = Some(interval);
        self
    }

    /// How long to wait for all the tasks.
    pub fn poll_timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// Options for each read of a task (timeout, retries, headers); the call's own are set
    /// on its request before `.and_poll()`.
    pub fn options(mut self, options: RequestOptions) -> Self {
        self.options = options;
        self
    }

    /// Sends the call and waits for its tasks (what `.await` does).
    pub async fn send(self) -> Result<Vec<Task>, Error> {
        let task_ids = self.start.await?;
        let timeout = self.timeout.unwrap_or(self.tasks.inner_client().poll_settings().1);
        let started = tokio::time::Instant::now();
        let mut finished = Vec::with_capacity(task_ids.len());
        for task_id in task_ids {
            let mut poll = self
                .tasks
                .poll(task_id)
                .poll_timeout(timeout.saturating_sub(started.elapsed()))
                .options(self.options.clone());
            if let Some(interval) = self.interval {
                poll = poll.poll_interval(interval);
            }
            finished.push(poll.await?);
        }
        Ok(finished)
    }
}

impl std::fmt::Debug for AndPollRequest {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AndPollRequest")
            .field("interval", &self.interval)
            .field("timeout", &self.timeout)
            .field("options", &self.options)
            .finish_non_exhaustive()
    }
}

impl IntoFuture for AndPollRequest {
    type Output = Result<Vec<Task>, Error>;
    type IntoFuture = BoxFuture<Self::Output>;

    fn into_future(self) -> Self::IntoFuture {
        Box::pin(self.send())
    }
}

fn task_failed(task: Task) -> Error {
    let json = serde_json::to_value(&task).unwrap_or_default();
    Error::TaskFailed(Box::new(TaskError::new(task.id, task.error, json)))
}
