//! Compares the cost of 200 OS threads, 200 tokio tasks and 10,000 tokio tasks that each sleep 100 ms.
//!
//! Every unit sleeps the same 100 ms, and all sleeps in a batch overlap, so a batch takes
//! "100 ms plus overhead". The overhead (spawning, waking, joining) divided by the batch
//! size is the fair per-unit figure, and comparing equal batch sizes keeps the comparison
//! honest. Timings vary per run and per machine.

use std::time::{Duration, Instant};

const SMALL: usize = 200;
const LARGE: usize = 10_000;
const NAP: Duration = Duration::from_millis(100);

// ANCHOR: tasks
async fn napper(i: usize) -> usize {
    tokio::time::sleep(NAP).await; // yields to the runtime while waiting
    i
}

async fn many_tasks(count: usize) -> Duration {
    let start = Instant::now();
    let mut handles = Vec::with_capacity(count);
    for i in 0..count {
        handles.push(tokio::spawn(napper(i)));
    }
    let mut sum = 0;
    for handle in handles {
        sum += handle.await.expect("task panicked");
    }
    assert_eq!(sum, count * (count - 1) / 2);
    start.elapsed()
}
// ANCHOR_END: tasks

// ANCHOR: threads
fn many_threads(count: usize) -> Duration {
    let start = Instant::now();
    let handles: Vec<_> = (0..count)
        .map(|i| {
            std::thread::spawn(move || {
                std::thread::sleep(NAP); // blocks this OS thread
                i
            })
        })
        .collect();
    let sum: usize = handles.into_iter().map(|h| h.join().unwrap()).sum();
    assert_eq!(sum, count * (count - 1) / 2);
    start.elapsed()
}
// ANCHOR_END: threads

// ANCHOR: report
/// Prints the batch time and the part of it that is not the shared 100 ms nap.
fn report(what: &str, count: usize, elapsed: Duration) {
    let overhead = elapsed.saturating_sub(NAP);
    let per_unit = overhead / count as u32;
    println!(
        "{count:>6} {what}: {elapsed:.1?} in total, {overhead:.1?} above the nap, {per_unit:.1?} each"
    );
}
// ANCHOR_END: report

#[tokio::main]
async fn main() {
    let cpus = std::thread::available_parallelism().map_or(1, |n| n.get());
    println!("machine reports {cpus} CPU(s); every task and thread sleeps {NAP:?}");

    // Spawning threads blocks, so do it off the runtime's worker threads.
    let threads = tokio::task::spawn_blocking(|| many_threads(SMALL))
        .await
        .unwrap();
    report("OS threads ", SMALL, threads);
    report("tokio tasks", SMALL, many_tasks(SMALL).await);
    report("tokio tasks", LARGE, many_tasks(LARGE).await);

    // Memory is the other cost: a task stores only its future's state machine.
    let future_bytes = std::mem::size_of_val(&napper(0));
    println!(
        "one task's future is {future_bytes} bytes (plus a small task header); \
         one thread reserves a 2 MiB stack by default"
    );
}
