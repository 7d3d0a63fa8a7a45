//! Structured logging for async code with `tracing`: `#[instrument]` on async fns and `.instrument()` on spawned tasks.
//!
//! Two requests run concurrently with `join!`, so their log lines interleave; the span prefix
//! (`handle_request{request_id=1}:fetch_user{user_id=1}:`) still says which request each
//! line belongs to, even across `.await` points. A spawned task gets its own span through
//! `Instrument::instrument`. Timestamps are turned off so the output is the same on every run.

use std::time::Duration;
use tokio::time::sleep;
use tracing::{Instrument, info, info_span, instrument, warn};

// ANCHOR: instrument
/// `#[instrument]` wraps the whole future in a span named after the function,
/// with the arguments recorded as fields. The span is entered on every poll.
#[instrument]
async fn fetch_user(user_id: u32) -> String {
    info!("looking up user");
    sleep(Duration::from_millis(20 * u64::from(user_id))).await;
    let name = format!("user-{user_id}");
    info!(%name, "found");
    name
}

#[instrument(skip(payload), fields(payload_len = payload.len()))]
async fn handle_request(request_id: u32, user_id: u32, payload: Vec<u8>) {
    info!("handling request");
    let name = fetch_user(user_id).await;
    if payload.is_empty() {
        warn!(%name, "empty payload");
    }
    info!("request done");
}
// ANCHOR_END: instrument

#[tokio::main(flavor = "current_thread")]
async fn main() {
    // ANCHOR: subscriber
    tracing_subscriber::fmt()
        .without_time() // stable output for this example
        .with_target(false)
        .with_ansi(false)
        .init();
    // ANCHOR_END: subscriber

    // ANCHOR: spawn
    // A spawned task does not inherit the caller's span: attach one explicitly.
    let job = tokio::spawn(
        async {
            info!("background job started");
            sleep(Duration::from_millis(10)).await;
            info!("background job finished");
        }
        .instrument(info_span!("background", job_id = 7)),
    );
    job.await.unwrap();
    // ANCHOR_END: spawn

    tokio::join!(
        handle_request(1, 1, b"hello".to_vec()),
        handle_request(2, 2, Vec::new()),
    );
    info!("all requests served");
}
