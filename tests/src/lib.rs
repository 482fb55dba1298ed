//! Tests of codegen live in `tests/tests/`: snapshots of what it emits, across spec versions
//! and constructs, freshness, naming, hostile specs. This library holds what several of them
//! share. The SDK's own tests are in `tests/sdk/`, a package of their own (its Cargo.toml
//! says why).

pub mod crates;
pub mod rng;
