//! Times 10,000 tokio tasks that each sleep 100 ms against 200 OS threads doing the same.
//!
//! The tasks share a small pool of worker threads, so all 10,000 sleeps overlap and the
//! whole batch takes little more than 100 ms. Each OS thread costs a kernel thread and a
//! stack, which is why programs rarely start thousands of them. Timings vary per run.

use std::time::{Duration, Instant};

const TASKS: usize = 10_000;
const THREADS: usize = 200;
const NAP: Duration = Duration::from_millis(100);

// ANCHOR: tasks
async fn many_tasks() -> Duration {
    let start = Instant::now();
    let mut handles = Vec::with_capacity(TASKS);
    for i in 0..TASKS {
        handles.push(tokio::spawn(async move {
            tokio::time::sleep(NAP).await; // yields to the runtime while waiting
            i
        }));
    }
    let mut sum = 0;
    for handle in handles {
        sum += handle.await.expect("task panicked");
    }
    assert_eq!(sum, TASKS * (TASKS - 1) / 2);
    start.elapsed()
}
// ANCHOR_END: tasks

// ANCHOR: threads
fn many_threads() -> Duration {
    let start = Instant::now();
    let handles: Vec<_> = (0..THREADS)
        .map(|i| {
            std::thread::spawn(move || {
                std::thread::sleep(NAP); // blocks this OS thread
                i
            })
        })
        .collect();
    let sum: usize = handles.into_iter().map(|h| h.join().unwrap()).sum();
    assert_eq!(sum, THREADS * (THREADS - 1) / 2);
    start.elapsed()
}
// ANCHOR_END: threads

#[tokio::main]
async fn main() {
    let workers = std::thread::available_parallelism().map_or(1, |n| n.get());
    println!("machine reports {workers} CPU(s); every task and thread sleeps {NAP:?}");

    let tasks = many_tasks().await;
    println!("{TASKS} tokio tasks finished in {tasks:?}");

    // Spawning threads blocks, so do it off the runtime's worker threads.
    let threads = tokio::task::spawn_blocking(many_threads).await.unwrap();
    println!("{THREADS} OS threads finished in {threads:?}");

    println!(
        "per unit: {:?} per task vs {:?} per thread (spawn + sleep + join, amortised)",
        tasks / TASKS as u32,
        threads / THREADS as u32
    );
}
