// @generated: copied verbatim by codegen from codegen/runtime/src/mod.rs.
// Do not edit here: edit that file, then run `cargo run -p codegen`.

//! The SDK runtime: hand-written, shared by every generated operation. Everything `pub`
//! here is re-exported at the crate root.

mod client;
mod error;
mod request;
mod values;

pub use client::{Client, ClientBuilder};
pub use error::{ApiError, ApiErrorKind, DecodeError, Error};
pub use request::{BoxFuture, RequestOptions};
pub use values::{Maybe, QueryValue, UnknownValue};

pub(crate) use request::{path_segment, Request};
pub(crate) use values::string_enum;
