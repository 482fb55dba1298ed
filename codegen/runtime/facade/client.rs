//! The client users hold: the runtime's client, with the resource tree on it
//! (`client.cloud()`), which only this crate can add since it alone depends on every
//! resource group.

use std::fmt;

use gcore_runtime::{Error, Method, RawRequest};

/// A Gcore API client. Cheap to clone: clones share one connection pool.
///
/// Build one with [`Client::from_env`] or [`Client::builder`], then reach the API through
/// the resource tree: `client.cloud().inference().deployments().get(name)`.
#[derive(Clone)]
pub struct Client {
    pub(crate) inner: gcore_runtime::Client,
}

/// Settings for a [`Client`]; see the crate docs for the defaults.
pub type ClientBuilder = gcore_runtime::ClientBuilder<Client>;

impl Client {
    /// A client configured from `GCORE_API_KEY`, `GCORE_BASE_URL`, `GCORE_CLOUD_PROJECT_ID`,
    /// `GCORE_CLOUD_REGION_ID` and `GCORE_CUSTOM_HEADERS`.
    pub fn from_env() -> Result<Client, Error> {
        ClientBuilder::from_env().build()
    }

    /// A builder with nothing set.
    pub fn builder() -> ClientBuilder {
        ClientBuilder::default()
    }

    /// The base URL requests go to.
    pub fn base_url(&self) -> &str {
        self.inner.base_url()
    }

    /// The project calls use when they are not given one (`.with_project_id(..)`), from
    /// [`ClientBuilder::project_id`] or `GCORE_CLOUD_PROJECT_ID`: for paths of your own in
    /// [`request`](Self::request).
    pub fn project_id(&self) -> Option<i64> {
        self.inner.project_id()
    }

    /// The region calls use when they are not given one (`.with_region_id(..)`), from
    /// [`ClientBuilder::region_id`] or `GCORE_CLOUD_REGION_ID`.
    pub fn region_id(&self) -> Option<i64> {
        self.inner.region_id()
    }

    /// A request to an endpoint this SDK does not cover (yet), with the same
    /// authentication, retries and errors. `path` starts with `/` and is sent as given:
    /// encode parameters in it with [`path_segment`](crate::path_segment).
    pub fn request(&self, method: Method, path: impl Into<String>) -> RawRequest {
        self.inner.request(method, path)
    }
}

impl From<gcore_runtime::Client> for Client {
    fn from(inner: gcore_runtime::Client) -> Self {
        Client { inner }
    }
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.inner.fmt(f)
    }
}
