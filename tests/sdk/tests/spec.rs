//! The SDK against what the spec says: every example and generated value decodes and
//! encodes back (`models`), validation agrees with an independent JSON Schema validator
//! (`validation`), and every operation against Prism (`contract`, its Prism runs
//! `#[ignore]`d). One test binary, as `calls.rs` is: each module is a suite of its own
//! (`cargo test -p gcore-sdk-tests --test spec models::`).

mod contract;
mod models;
mod validation;
