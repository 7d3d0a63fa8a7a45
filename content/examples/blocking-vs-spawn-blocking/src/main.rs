//! A current_thread runtime stalled by std::thread::sleep in a task, then the same work in spawn_blocking.
//!
//! A heartbeat task wants to tick every 50 ms. While a task blocks the only runtime
//! thread, no other task can run, so the heartbeat stalls. Moved to spawn_blocking, the
//! same 300 ms of blocking work runs on a separate thread and the heartbeat keeps time.
//! Timings vary slightly from run to run.

use std::time::{Duration, Instant};

const BEAT: Duration = Duration::from_millis(50);
const BLOCKING_WORK: Duration = Duration::from_millis(300);

/// Ticks 10 times and reports the longest gap between two ticks.
async fn heartbeat() -> Duration {
    let mut longest = Duration::ZERO;
    let mut last = Instant::now();
    for _ in 0..10 {
        tokio::time::sleep(BEAT).await;
        longest = longest.max(last.elapsed());
        last = Instant::now();
    }
    longest
}

// ANCHOR: bad
async fn blocking_in_a_task() -> Duration {
    let beats = tokio::spawn(heartbeat());
    tokio::task::yield_now().await; // let the heartbeat start
    tokio::spawn(async {
        std::thread::sleep(BLOCKING_WORK); // blocks the runtime's only thread
    })
    .await
    .unwrap();
    beats.await.unwrap()
}
// ANCHOR_END: bad

// ANCHOR: good
async fn blocking_in_spawn_blocking() -> Duration {
    let beats = tokio::spawn(heartbeat());
    tokio::task::yield_now().await;
    tokio::task::spawn_blocking(|| {
        std::thread::sleep(BLOCKING_WORK); // runs on tokio's blocking thread pool
    })
    .await
    .unwrap();
    beats.await.unwrap()
}
// ANCHOR_END: good

#[tokio::main(flavor = "current_thread")]
async fn main() {
    println!("heartbeat wants a tick every {BEAT:?}; blocking work takes {BLOCKING_WORK:?}");

    let start = Instant::now();
    let gap = blocking_in_a_task().await;
    println!(
        "std::thread::sleep inside a task: longest gap {} ms, total {} ms",
        gap.as_millis(),
        start.elapsed().as_millis()
    );

    let start = Instant::now();
    let gap = blocking_in_spawn_blocking().await;
    println!(
        "same work in spawn_blocking:      longest gap {} ms, total {} ms",
        gap.as_millis(),
        start.elapsed().as_millis()
    );
}
