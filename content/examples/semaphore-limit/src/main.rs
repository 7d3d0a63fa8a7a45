//! Limits how many jobs run at once with a `Semaphore`, and prints the highest concurrency observed.
//!
//! Twelve jobs are started, but a permit is acquired before each spawn and moved into the task
//! (`acquire_owned`), so at most three run at any moment. The permit is released when the task
//! drops it at the end, whether the job succeeded, failed or panicked.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;
use tokio::sync::Semaphore;
use tokio::task::JoinSet;
use tokio::time::sleep;

const LIMIT: usize = 3;
const JOBS: usize = 12;

#[tokio::main]
async fn main() {
    let running = Arc::new(AtomicUsize::new(0));
    let max_seen = Arc::new(AtomicUsize::new(0));

    // ANCHOR: limit
    let semaphore = Arc::new(Semaphore::new(LIMIT));
    let mut jobs = JoinSet::new();
    for job in 0..JOBS {
        // Waits here while LIMIT jobs are already running.
        let permit = Arc::clone(&semaphore)
            .acquire_owned()
            .await
            .expect("semaphore is never closed");
        let running = Arc::clone(&running);
        let max_seen = Arc::clone(&max_seen);
        jobs.spawn(async move {
            let now = running.fetch_add(1, Ordering::SeqCst) + 1;
            max_seen.fetch_max(now, Ordering::SeqCst);
            sleep(Duration::from_millis(20)).await; // the actual work
            running.fetch_sub(1, Ordering::SeqCst);
            drop(permit); // explicit for clarity; dropping at the end of the task is the same
            job
        });
    }
    let done = jobs.join_all().await;
    // ANCHOR_END: limit

    println!("jobs finished: {}", done.len());
    println!(
        "limit: {LIMIT}, highest concurrency observed: {}",
        max_seen.load(Ordering::SeqCst)
    );
    println!("permits available again: {}", semaphore.available_permits());
}
