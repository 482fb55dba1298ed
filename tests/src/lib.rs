//! Tests of codegen and of the generated `gcore` crate live in `tests/`; this library holds
//! what several of them share (`support`) and doctests: the README's Rust examples (so the
//! README cannot drift from the SDK), and the things the SDK's types must refuse to compile.

pub mod crates;
pub mod rng;
pub mod support;

#[doc = include_str!("../../README.md")]
#[cfg(doctest)]
pub struct ReadmeDoctests;

/// An unknown enum value only comes from decoding: user code cannot make one up, so it
/// cannot pass a typo off as a value the API sent.
///
/// ```compile_fail
/// let _ = gcore::UnknownValue::new("ACTIVE");
/// ```
///
/// ```compile_fail
/// let _ = gcore::cloud::models::InferenceInstanceStatusV3::Unknown(gcore::UnknownValue("ACTIVE".into()));
/// ```
///
/// A request body cannot be built without its required fields.
///
/// ```compile_fail
/// let _ = gcore::cloud::models::InferenceDeploymentCreateParams::new("nginx:latest", 80, "my-instance");
/// ```
///
/// Response types are `#[non_exhaustive]`: fields the API adds later are not a breaking change.
///
/// ```compile_fail
/// let _ = gcore::cloud::models::TaskIdList { tasks: vec![] };
/// ```
///
/// The same code with the arguments a caller must give does compile:
///
/// ```
/// use gcore::cloud::models::{ContainerScaleV3, InferenceDeploymentContainerParams, InferenceDeploymentCreateParams};
/// let containers = vec![InferenceDeploymentContainerParams::new(1, ContainerScaleV3::new(3, 1))];
/// let _ = InferenceDeploymentCreateParams::new(containers, "flavor", "nginx:latest", 80, "my-instance");
/// ```
#[cfg(doctest)]
pub struct MustNotCompile;
