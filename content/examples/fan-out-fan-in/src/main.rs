//! Fan-out/fan-in: N workers pull jobs from one shared queue and send results into one channel.
//!
//! Results arrive in whatever order the workers finish, so the program sorts them before
//! printing; the summary is the same on every run even though the schedule is not.

use std::sync::Arc;
use std::time::Duration;

use tokio::sync::{Mutex, mpsc};

const WORKERS: usize = 4;
const JOBS: u64 = 20;

/// The "work": the number of Collatz steps from `n` down to 1, plus a short simulated delay.
async fn collatz_steps(n: u64) -> u32 {
    tokio::time::sleep(Duration::from_millis(n % 7 * 3)).await;
    let (mut n, mut steps) = (n, 0);
    while n != 1 {
        n = if n % 2 == 0 { n / 2 } else { 3 * n + 1 };
        steps += 1;
    }
    steps
}

// ANCHOR: worker
/// One worker (all of them run this): take a job, do it, send the result, repeat until the queue is closed and empty.
async fn worker(jobs: Arc<Mutex<mpsc::Receiver<u64>>>, results: mpsc::Sender<(u64, u32)>) {
    loop {
        // The lock is held only while waiting for the next job, not while working on it.
        let job = jobs.lock().await.recv().await;
        let Some(n) = job else { break };
        let steps = collatz_steps(n).await;
        if results.send((n, steps)).await.is_err() {
            break; // nobody is collecting results any more
        }
    }
}
// ANCHOR_END: worker

// ANCHOR: main
#[tokio::main]
async fn main() {
    // Small bounded queues: the producer waits when the workers fall behind.
    let (job_tx, job_rx) = mpsc::channel::<u64>(4);
    let (result_tx, mut result_rx) = mpsc::channel(4);
    let job_rx = Arc::new(Mutex::new(job_rx));

    // Fan out: every worker shares the one job receiver and owns a clone of the result sender.
    for _ in 0..WORKERS {
        tokio::spawn(worker(Arc::clone(&job_rx), result_tx.clone()));
    }
    // Keep no sender ourselves, or `result_rx.recv()` below would never return `None`.
    drop(result_tx);

    tokio::spawn(async move {
        for n in 1..=JOBS {
            job_tx.send(n).await.expect("workers alive");
        }
        // job_tx dropped here: workers see `None` once the queue is drained.
    });

    // Fan in: one loop receives from every worker, ending when the last worker exits.
    let mut results = Vec::new();
    while let Some((n, steps)) = result_rx.recv().await {
        results.push((n, steps));
    }
    results.sort_unstable();
    // ANCHOR_END: main

    for (n, steps) in &results {
        println!("collatz({n:>2}) = {steps:>3} steps");
    }
    let most = results.iter().map(|(_, steps)| *steps).max().unwrap_or(0);
    let longest: Vec<u64> = results
        .iter()
        .filter(|r| r.1 == most)
        .map(|r| r.0)
        .collect();
    println!("longest: {most} steps, for n in {longest:?}");
    let every_job_once = results.iter().map(|r| r.0).eq(1..=JOBS);
    println!(
        "{} results, every job exactly once: {every_job_once}",
        results.len()
    );
}
