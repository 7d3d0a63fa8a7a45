//! Runtime metrics without `tokio_unstable`: `Handle::metrics()`, and `tokio-metrics`' `TaskMonitor` and `RuntimeMonitor`.
//!
//! A two-worker runtime runs a batch of well-behaved tasks and one task that blocks its
//! worker for 30 ms in a single poll. The program reads tokio's stable counters directly
//! (`num_workers`, `num_alive_tasks`, `global_queue_depth`, per-worker busy time and park
//! count), then shows what `tokio-metrics` derives from them: per-group task statistics
//! from a `TaskMonitor` (polls, slow polls, scheduling delay) and interval deltas from a
//! `RuntimeMonitor` (busy ratio). Durations depend on the machine, so the output varies.
//! Workers publish their counters in batches, so the program lets them go idle before
//! it reads the totals.

use std::time::Duration;
use tokio::runtime::{Builder, Handle};
use tokio_metrics::{RuntimeMonitor, TaskMonitor};

// ANCHOR: handle_metrics
fn print_runtime_counters(label: &str) {
    let m = Handle::current().metrics();
    println!(
        "{label}: {} workers, {} alive tasks, {} in the global queue",
        m.num_workers(),
        m.num_alive_tasks(),
        m.global_queue_depth()
    );
    for w in 0..m.num_workers() {
        // Both counters grow for the life of the runtime; compare two readings.
        println!(
            "  worker {w}: busy {:>4} ms in total, parked {} times",
            m.worker_total_busy_duration(w).as_millis(),
            m.worker_park_count(w)
        );
    }
}
// ANCHOR_END: handle_metrics

// ANCHOR: monitors
async fn observe_with_tokio_metrics() {
    // One monitor per group of tasks you want to tell apart, e.g. per endpoint.
    // A poll slower than the threshold counts as "slow" (default 50 µs).
    let requests = TaskMonitor::with_slow_poll_threshold(Duration::from_millis(10));
    let runtime = RuntimeMonitor::new(&Handle::current());
    let mut runtime_intervals = runtime.intervals(); // each next() covers the time since the last

    let mut handles = Vec::new();
    for i in 0..20u64 {
        handles.push(tokio::spawn(requests.instrument(async move {
            tokio::time::sleep(Duration::from_millis(5 + i % 3)).await;
        })));
    }
    // The bad citizen: blocks its worker thread inside one poll.
    handles.push(tokio::spawn(requests.instrument(async {
        std::thread::sleep(Duration::from_millis(30));
    })));
    for handle in handles {
        handle.await.unwrap();
    }
    // Workers publish their counters in batches, when they park or every few dozen
    // polls. Give them a moment to go idle, so the readings below are complete.
    tokio::time::sleep(Duration::from_millis(20)).await;

    let t = requests.cumulative();
    println!(
        "TaskMonitor: {} instrumented, {} dropped, {} polls, {} slow (mean slow poll {} ms)",
        t.instrumented_count,
        t.dropped_count,
        t.total_poll_count,
        t.total_slow_poll_count,
        t.mean_slow_poll_duration().as_millis()
    );
    println!(
        "  mean delay from spawn to first poll: {:?}",
        t.mean_first_poll_delay()
    );

    let r = runtime_intervals.next().expect("the iterator never ends");
    println!(
        "RuntimeMonitor: {} workers, {} live tasks, busy ratio {:.2} over {} ms",
        r.workers_count,
        r.live_tasks_count,
        r.busy_ratio(),
        r.elapsed.as_millis()
    );
}
// ANCHOR_END: monitors

fn main() {
    let rt = Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("build runtime");
    rt.block_on(async {
        print_runtime_counters("at start");
        observe_with_tokio_metrics().await;
        print_runtime_counters("at the end");
    });
}
