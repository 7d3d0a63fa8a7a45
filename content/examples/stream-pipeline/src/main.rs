//! A stream pipeline: jobs mapped to async work, run N at a time with `buffer_unordered`.
//!
//! Compares `buffer_unordered` (results in completion order) with `buffered` (results in
//! input order), limits concurrency with `for_each_concurrent`, and turns a tokio mpsc
//! receiver into a stream with `ReceiverStream`. Time is paused (`start_paused = true`),
//! so the simulated work finishes in the same order on every run.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use futures::stream::{self, StreamExt};
use tokio::sync::mpsc;
use tokio::time::{Instant, sleep};
use tokio_stream::wrappers::ReceiverStream;

/// Pretend to do some IO for a job: the duration depends on the job id.
async fn fetch(id: u64) -> String {
    let ms = [300, 100, 200, 50, 170, 250][(id as usize - 1) % 6];
    sleep(Duration::from_millis(ms)).await;
    format!("job{id}({ms}ms)")
}

// ANCHOR: unordered
async fn unordered() {
    let start = Instant::now();
    let results: Vec<String> = stream::iter(1..=6)
        .map(fetch) // a stream of futures, none of them started yet
        .buffer_unordered(3) // run up to 3 at once, yield each as it finishes
        .collect()
        .await;
    println!("buffer_unordered(3): {results:?}");
    println!("  took {} ms", start.elapsed().as_millis());
}
// ANCHOR_END: unordered

// ANCHOR: ordered
async fn ordered() {
    let start = Instant::now();
    let results: Vec<String> = stream::iter(1..=6).map(fetch).buffered(3).collect().await;
    println!("buffered(3):         {results:?}");
    println!("  took {} ms", start.elapsed().as_millis());
}
// ANCHOR_END: ordered

// ANCHOR: for_each_concurrent
async fn concurrent_for_each() {
    let in_flight = AtomicUsize::new(0);
    let peak = AtomicUsize::new(0);
    stream::iter(1..=6)
        .for_each_concurrent(2, |id| {
            let (in_flight, peak) = (&in_flight, &peak);
            async move {
                let now = in_flight.fetch_add(1, Ordering::SeqCst) + 1;
                peak.fetch_max(now, Ordering::SeqCst);
                let _ = fetch(id).await;
                in_flight.fetch_sub(1, Ordering::SeqCst);
            }
        })
        .await;
    println!(
        "for_each_concurrent(2): peak in flight = {}",
        peak.into_inner()
    );
}
// ANCHOR_END: for_each_concurrent

// ANCHOR: receiver_stream
async fn from_channel() {
    // A bounded channel: the producer waits whenever 2 items are queued (backpressure).
    let (tx, rx) = mpsc::channel::<u64>(2);
    tokio::spawn(async move {
        for id in 1..=5 {
            if tx.send(id).await.is_err() {
                break; // the consumer went away
            }
        }
        // tx is dropped here, which ends the stream
    });

    let evens: Vec<u64> = ReceiverStream::new(rx)
        .filter(|id| std::future::ready(id % 2 == 0))
        .map(|id| id * 10)
        .collect()
        .await;
    println!("ReceiverStream -> filter -> map: {evens:?}");
}
// ANCHOR_END: receiver_stream

#[tokio::main(flavor = "current_thread", start_paused = true)]
async fn main() {
    unordered().await;
    ordered().await;
    concurrent_for_each().await;
    from_channel().await;
}
