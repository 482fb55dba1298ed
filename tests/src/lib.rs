//! Tests of codegen and of the generated `gcore` crate live in `tests/`; this library only
//! compiles the README's Rust examples as doctests, so the README cannot drift from the SDK.

#[doc = include_str!("../../README.md")]
#[cfg(doctest)]
pub struct ReadmeDoctests;
