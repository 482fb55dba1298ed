// @generated: copied verbatim by codegen from codegen/runtime/src/lib.rs.
// Do not edit here: edit that file, then run `cargo run -p codegen`.

//! The runtime of the `gcore` SDK: the client, errors, and what every generated operation
//! and type calls. Hand-written; codegen copies it into `generated/crates/runtime`.
//!
//! Use it through the `gcore` crate, which re-exports its public items; the generated
//! crates of the resource groups depend on it.

mod body;
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

pub use body::{ByteStream, Multipart, Upload};
pub use client::{Client, ClientBuilder};
pub use datetime::{DateTime, DateTimeError};
pub use error::{ApiError, ApiErrorKind, DecodeError, Error, Operation, Rule, TaskError, ValidationError};
pub use paging::Page;
pub use request::{from_json, path_segment, ApiResponse, BoxFuture, JsonError, RawRequest, RequestOptions, UnknownField};
pub use validate::{FieldPath, Validate};
pub use values::{Maybe, ParseEnumError, QueryValue, UnknownValue};

/// HTTP types that appear in this crate's API, re-exported so that no direct `reqwest`
/// dependency is needed.
pub use reqwest::{header::HeaderMap, Method, StatusCode};

/// The `Stream` trait that paginated `stream()` calls return (from `futures-core`, the one
/// `futures::StreamExt` extends), and the extension traits that read one
/// (`use gcore::TryStreamExt;` then `.try_next().await?`), so no other crate is needed.
pub use futures_util::stream::{Stream, StreamExt, TryStreamExt};

/// What generated code calls: `crate::runtime::…` in every generated crate, which imports
/// this crate's root. Public only because the generated crates are separate crates; not
/// part of the API, and free to change with the generator.
#[doc(hidden)]
pub mod runtime {
    pub use crate::body::Encoding;
    pub use crate::objects::{
        decode_object, decode_object_and_rest, encode_object, Always, Defaulted, IfSet, Required, Undeclared,
    };
    pub use crate::paging::{collect_all, paginate};
    pub use crate::request::{path_segment, send, send_for_value, send_streaming, BoxFuture, Request, Response};
    pub use crate::string_enum;
    pub use crate::validate::{
        count_fields, max_items, max_length, max_properties, maximum, min_items, min_length, min_properties, minimum, pattern,
        unique_items,
    };
    pub use crate::values::{
        decode_str, decode_untagged, decode_variant, union_variant, unknown_value, unknown_values_made, Misses, Redacted,
        WireEnum,
    };
}
