//! The generator of the `gcore` SDK crate. One linear pipeline, one module per stage:
//!
//! ```text
//! spec/*.yaml ─load─▶ merged 3.1 document ─overlay─▶ corrected ─compose, lower─▶ 3.0 document
//!             ─build─▶ model::Api (reading the document as openapiv3 types piece by piece)
//!             ─naming─▶ Api with Rust names ─analysis─▶ with where each type is used
//!             ─emit─▶ token streams ─write─▶ generated/
//! ```
//!
//! Each stage takes plain data and returns plain data; every error names the spec file and
//! the JSON pointer it comes from.

// Without the `generate` feature, the crate is the model's types and nothing else (what the
// SDK's tests read codegen's output into; see the feature in Cargo.toml).
#[cfg(feature = "generate")]
pub mod analysis;
#[cfg(feature = "generate")]
pub mod build;
#[cfg(feature = "generate")]
pub mod compose;
#[cfg(feature = "generate")]
pub mod diff;
#[cfg(feature = "generate")]
pub mod emit;
pub mod error;
#[cfg(feature = "generate")]
pub mod import;
#[cfg(feature = "generate")]
pub mod load;
#[cfg(feature = "generate")]
pub mod lower;
pub mod model;
#[cfg(feature = "generate")]
pub mod naming;
#[cfg(feature = "generate")]
pub mod overlay;
pub mod product;
#[cfg(feature = "generate")]
pub mod refs;
#[cfg(feature = "generate")]
pub mod write;

pub use error::{Error, Result, Warning, WarningKind};

#[cfg(feature = "generate")]
mod pipeline;
#[cfg(feature = "generate")]
pub use pipeline::*;
