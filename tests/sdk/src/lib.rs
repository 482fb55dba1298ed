//! Tests of the generated `gcore` crate, as its users build it: this library holds what
//! several of them share, and doctests: the README's Rust examples (so the README cannot
//! drift from the SDK), and the things the SDK's types must refuse to compile.

pub mod facts;
pub mod platform;
#[path = "../../src/rng.rs"]
pub mod rng;
pub mod scripted;
pub mod support;
pub mod synth;
pub mod wire;

#[doc = include_str!("../../../README.md")]
#[cfg(doctest)]
pub struct ReadmeDoctests;

/// An unknown enum value only comes from decoding: user code cannot make one up, so it
/// cannot pass a typo off as a value the API sent. Parsing text is an error instead.
///
/// ```
/// use gcore::cloud::models::InferenceInstanceStatusV3 as Status;
/// let typo: Result<Status, gcore::ParseEnumError> = "ACTIV".parse();
/// assert_eq!(typo.unwrap_err().value(), "ACTIV");
/// ```
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
/// use gcore::cloud::models::{InferenceDeploymentCreateParams, InferenceDeploymentCreateParamsRequired};
/// let _ = InferenceDeploymentCreateParams::new(InferenceDeploymentCreateParamsRequired {
///     containers: vec![],
///     flavor_name: "flavor".into(),
///     image: "nginx:latest".into(),
///     name: "my-instance".into(),
/// });
/// ```
///
/// Two required inputs of one type cannot be given by position, where they could be
/// swapped unnoticed (`(max, min)` read as `(min, max)`): they are named.
///
/// ```compile_fail
/// let _ = gcore::cloud::models::ContainerScaleV3::new(3, 1);
/// ```
///
/// ```compile_fail
/// use gcore::cloud::models::{ContainerScaleV3, ContainerScaleV3Required};
/// let _ = ContainerScaleV3::new(ContainerScaleV3Required { 3, 1 });
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
/// use gcore::cloud::models::*;
/// let scale = ContainerScaleV3::new(ContainerScaleV3Required { max: 3, min: 1 });
/// let container = InferenceDeploymentContainerParams::new(InferenceDeploymentContainerParamsRequired { region_id: 1, scale });
/// let _ = InferenceDeploymentCreateParams::new(InferenceDeploymentCreateParamsRequired {
///     containers: vec![container],
///     flavor_name: "flavor".into(),
///     image: "nginx:latest".into(),
///     listening_port: 80,
///     name: "my-instance".into(),
/// });
/// ```
#[cfg(doctest)]
pub struct MustNotCompile;
