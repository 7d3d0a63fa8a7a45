//! Graceful shutdown: a simulated Ctrl-C cancels a `CancellationToken`, workers finish their current job, and a `TaskTracker` waits with a timeout.
//!
//! Three workers take jobs in a loop and check for cancellation only *between* jobs, so a
//! job that has started is always finished. One worker is stuck in a job that is far too
//! long; the shutdown timeout gives up on it, and the runtime drops it when `main` returns.
//! A oneshot channel fired by a timer stands in for the real signal so the example ends on
//! its own.

use std::time::Duration;
use tokio::sync::oneshot;
use tokio::time::{sleep, timeout};
use tokio_util::sync::CancellationToken;
use tokio_util::task::TaskTracker;

// ANCHOR: worker
async fn worker(id: u32, job_ms: u64, token: CancellationToken) {
    let mut done = 0;
    loop {
        // Wait for the next job, or stop if shutdown has begun.
        tokio::select! {
            biased; // check cancellation first
            _ = token.cancelled() => break,
            _ = sleep(Duration::from_millis(50)) => {} // "a job arrived"
        }
        // The job itself is not raced against the token: once started, it runs to the end.
        println!("worker {id}: job {} started", done + 1);
        sleep(Duration::from_millis(job_ms)).await;
        done += 1;
        println!("worker {id}: job {done} finished");
    }
    println!("worker {id}: stopping after {done} job(s)");
}
// ANCHOR_END: worker

#[tokio::main]
async fn main() {
    // ANCHOR: setup
    let token = CancellationToken::new();
    let tracker = TaskTracker::new();

    tracker.spawn(worker(1, 100, token.clone()));
    tracker.spawn(worker(2, 170, token.clone()));
    tracker.spawn(worker(3, 60_000, token.clone())); // stuck in a one-minute job
    // ANCHOR_END: setup

    // ANCHOR: signal
    // Stand-in for Ctrl-C: a timer fires a oneshot after 300 ms.
    let (signal_tx, signal_rx) = oneshot::channel::<()>();
    tokio::spawn(async move {
        sleep(Duration::from_millis(300)).await;
        let _ = signal_tx.send(());
    });
    // In a real program, wait for the signal instead:
    //     tokio::signal::ctrl_c().await.expect("failed to listen for Ctrl-C");
    let _ = signal_rx.await;
    println!("main: shutdown signal received, cancelling");
    // ANCHOR_END: signal

    // ANCHOR: drain
    token.cancel(); // every clone's `cancelled()` completes now
    tracker.close(); // no new tasks; lets `wait()` complete once the set is empty
    match timeout(Duration::from_secs(1), tracker.wait()).await {
        Ok(()) => println!("main: all workers stopped cleanly"),
        Err(_) => println!(
            "main: shutdown timed out with {} task(s) still running; abandoning them",
            tracker.len()
        ),
    }
    // Returning from main drops the runtime, which cancels the tasks that are left.
    // ANCHOR_END: drain
}
