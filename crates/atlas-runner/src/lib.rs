//! Runs what a book's [`Catalog`] knows: an example package by its id, or a code
//! block by its id, as a process group whose output streams back line by line.
//!
//! Independent of Tauri so it is tested without a window.
//!
//! How a run goes:
//! - Only ids the catalog knows run ([`RunRequest`]); the UI never passes a path or a
//!   command line.
//! - Nothing is built in the book: its examples folder is copied (synced) under
//!   [`RunnerConfig::work_dir`] and built there, so a read-only book runs too.
//! - [`RunRequest::Prepare`] is the one run that may use the network: it downloads
//!   the examples' crates and builds each example once ([`Runner::examples_state`]
//!   says whether it is needed).
//! - Build phase: `cargo build --offline` (a library example: `cargo test --no-run`),
//!   its rendered compiler messages streamed as [`Stream::Build`] lines. Offline, a
//!   missing dependency ends the run at once as [`Outcome::Unprepared`] with one
//!   clear line ([`NOT_PREPARED`]).
//! - Run phase: the built binary runs directly (not through `cargo run`), so its
//!   first line comes without a second cargo start-up; a library example runs
//!   `cargo test` instead (test phase).
//! - Every process runs in a process group of its own; Stop, the time limit,
//!   [`Runner::stop_all`] and the end of the run kill the whole group (cargo, rustc,
//!   the program and its children) with SIGKILL.
//! - With [`RunnerConfig::guard`] set, each process starts under `atlas-run-guard`,
//!   which leads the group, applies [`Limits`] (memory, processes, CPU time, file
//!   size) and kills the group when the app dies, even by SIGKILL. The runner itself
//!   stops a run whose output passes [`Limits::output_bytes`].
//! - Code blocks are written into a scratch crate (see [`RunnerConfig::work_dir`])
//!   and wrapped in `fn main` when they have none, as rustdoc does.
//!
//! The app should call [`Runner::stop_all`] when it exits: runs are in their own
//! process groups, so they would not die with the app otherwise.

//! Code map: [`Runner`] (`runner.rs`: starting, stopping, resolving ids),
//! `jobs.rs` (what an example run and a block run do), `guard.rs` (the guard's
//! command line and the limits), `prepare.rs` (Prepare
//! examples), `workspace.rs` (the examples' copy and target dir), `cargo.rs`
//! (cargo's command lines and messages), `outcome.rs` (how a run ended), `exec.rs`
//! (process groups and output streaming), `block.rs` (scratch crates).

mod block;
mod cargo;
mod config;
mod exec;
mod guard;
mod jobs;
mod outcome;
mod prepare;
mod runner;
mod workspace;

pub use atlas_model::{
    Catalog, ExamplesState, Outcome, Phase, RunEvent, RunId, RunRequest, Stream,
};
pub use config::{
    BLOCK_NOT_PREPARED, GUARD_PROGRAM, NO_CARGO, NO_NETWORK, NOT_PREPARED, RunError, RunnerConfig,
    default_work_dir,
};
pub use guard::Limits;
pub use runner::Runner;
