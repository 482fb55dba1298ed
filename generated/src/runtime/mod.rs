// @generated: copied verbatim by codegen from codegen/runtime/src/mod.rs.
// Do not edit here: edit that file, then run `cargo run -p codegen`.

//! The SDK runtime: hand-written, shared by every generated operation. Everything `pub`
//! here is re-exported at the crate root.

mod client;
mod datetime;
mod error;
#[allow(dead_code)] // parts go unused when a spec (or a build's features) has no such objects
mod objects;
mod paging;
mod request;
mod retry;
mod validate;
mod values;

pub use client::{Client, ClientBuilder};
pub use datetime::{DateTime, DateTimeError};
pub use error::{ApiError, ApiErrorKind, DecodeError, Error, Rule, TaskError, ValidationError};
pub use paging::Page;
pub use request::{from_json, path_segment, ApiResponse, BoxFuture, JsonError, RawRequest, RequestOptions, UnknownField};
pub use validate::{FieldPath, Validate};
pub use values::{Maybe, QueryValue, UnknownValue};

/// HTTP types that appear in this crate's API, re-exported so that no direct `reqwest`
/// dependency is needed.
pub use reqwest::{header::HeaderMap, Method, StatusCode};

/// The `Stream` trait that paginated `stream()` calls return (from `futures-core`, the one
/// `futures::StreamExt` extends).
pub use futures_util::stream::Stream;

#[allow(unused_imports)] // used when the spec has objects
pub(crate) use objects::{decode_object, decode_object_and_rest, encode_object, Always, Defaulted, IfSet, Required, Undeclared};
#[allow(unused_imports)]
pub(crate) use paging::paginate;
#[allow(unused_imports)] // no operation is compiled without any feature on
pub(crate) use request::{send, send_for_value, Request, Response};
#[allow(unused_imports)]
pub(crate) use validate::{max_items, max_length, maximum, min_items, min_length, minimum, pattern};
#[allow(unused_imports)]
pub(crate) use values::{decode_str, string_enum};
#[allow(unused_imports)]
pub(crate) use values::{decode_variant, Redacted};
