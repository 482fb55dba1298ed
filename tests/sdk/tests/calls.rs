//! The SDK's calls on the wire: its runtime against a scripted server, end to end against
//! a real HTTP server, and the fault matrix. One test binary (each links the whole SDK,
//! about 300 MB unoptimized, so one binary instead of three keeps CI's disk and link time
//! down); each module is a suite of its own: `cargo test -p gcore-sdk-tests --test calls faults::`.

mod e2e;
mod faults;
mod runtime;
