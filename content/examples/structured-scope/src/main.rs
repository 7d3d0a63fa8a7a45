//! Uses a JoinSet as a scope where the first error aborts the other children and reaches the parent, then stops workers with a TaskTracker.
//!
//! Part 1 runs a "scope" twice: once where every child succeeds, once where
//! one child fails and its still-running siblings are aborted and awaited.
//! Part 2 cancels tracked workers with a CancellationToken and waits for all
//! of them with `TaskTracker::close` + `wait`.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use tokio::task::JoinSet;
use tokio::time::sleep;
use tokio_util::sync::CancellationToken;
use tokio_util::task::TaskTracker;

static CLEANED_UP: AtomicUsize = AtomicUsize::new(0);

/// Runs its code when dropped, also when the task is aborted.
struct CleanupGuard;

impl Drop for CleanupGuard {
    fn drop(&mut self) {
        CLEANED_UP.fetch_add(1, Ordering::SeqCst);
    }
}

// ANCHOR: child
/// A child task: works for `ms` milliseconds, then succeeds or fails.
async fn child(id: u64, ms: u64, fail: bool) -> Result<u64, String> {
    let _guard = CleanupGuard;
    sleep(Duration::from_millis(ms)).await;
    if fail {
        return Err(format!("child {id} failed"));
    }
    Ok(id * 10)
}
// ANCHOR_END: child

// ANCHOR: scope
/// Runs one child per `(milliseconds, fails)` entry as a scope. Returns all
/// results, or the first error after every other child has been aborted
/// *and* has finished.
async fn scope(plan: &[(u64, bool)]) -> Result<Vec<u64>, String> {
    let mut set = JoinSet::new();
    for (id, &(ms, fail)) in (1..).zip(plan) {
        set.spawn(child(id, ms, fail));
    }

    let mut results = Vec::new();
    while let Some(joined) = set.join_next().await {
        match joined {
            Ok(Ok(value)) => results.push(value),
            Ok(Err(err)) => {
                set.abort_all();
                // Drain so the aborted children have really stopped
                // (their destructors ran) before we return.
                let mut cancelled = 0;
                while let Some(rest) = set.join_next().await {
                    if rest.is_err_and(|e| e.is_cancelled()) {
                        cancelled += 1;
                    }
                }
                println!("  {err}: aborted {cancelled} running siblings");
                return Err(err);
            }
            // A child panicked or was cancelled from outside. Same rule as
            // above: stop the siblings and wait for them before leaving.
            Err(e) => {
                set.shutdown().await; // abort_all + drain in one call
                if e.is_panic() {
                    // Re-raise the child's panic in the parent.
                    std::panic::resume_unwind(e.into_panic());
                }
                return Err(format!("child was cancelled: {e}"));
            }
        }
    }
    results.sort();
    Ok(results)
}
// ANCHOR_END: scope

// ANCHOR: tracker
async fn tracked_workers() {
    let tracker = TaskTracker::new();
    let token = CancellationToken::new();
    let stopped = std::sync::Arc::new(AtomicUsize::new(0));

    for id in 1..=3u64 {
        let token = token.clone();
        let stopped = stopped.clone();
        tracker.spawn(async move {
            tokio::select! {
                _ = token.cancelled() => {
                    // Clean-up that needs `.await` can run here.
                    sleep(Duration::from_millis(id * 5)).await;
                    stopped.fetch_add(1, Ordering::SeqCst);
                }
                _ = sleep(Duration::from_secs(60)) => unreachable!("cancelled long before"),
            }
        });
    }

    tracker.close(); // no more tasks will be added; `wait` can now finish
    sleep(Duration::from_millis(30)).await;
    println!("  tracked tasks still running: {}", tracker.len());
    token.cancel(); // ask every worker to stop
    tracker.wait().await; // returns once closed *and* empty
    println!(
        "  after wait: {} tasks left, {} workers stopped cleanly",
        tracker.len(),
        stopped.load(Ordering::SeqCst)
    );
}
// ANCHOR_END: tracker

#[tokio::main]
async fn main() {
    println!("scope where every child succeeds:");
    let all_ok = [(20, false), (40, false), (60, false), (80, false)];
    println!("  result: {:?}", scope(&all_ok).await);

    CLEANED_UP.store(0, Ordering::SeqCst);
    println!("scope where child 2 fails:");
    let second_fails = [(10, false), (200, true), (5_000, false), (5_000, false)];
    println!("  result: {:?}", scope(&second_fails).await);
    println!(
        "  children whose clean-up ran: {}",
        CLEANED_UP.load(Ordering::SeqCst)
    );

    println!("TaskTracker with a CancellationToken:");
    tracked_workers().await;
}
