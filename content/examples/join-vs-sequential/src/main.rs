//! Awaits three sleeps one after another, then runs the same three with `tokio::join!`.
//!
//! Sequential awaits add the durations up (100 + 200 + 300 ms); `join!` polls all three
//! futures concurrently inside the current task, so the total is the longest one (300 ms).
//! Elapsed times are rounded down to whole 100 ms so the printed output is stable.

use std::time::Duration;
use tokio::time::{Instant, sleep};

// ANCHOR: step
/// Pretends to do some I/O that takes `ms` milliseconds.
async fn step(name: &'static str, ms: u64) -> &'static str {
    sleep(Duration::from_millis(ms)).await;
    println!("  {name} done");
    name
}
// ANCHOR_END: step

/// Rounds down to a multiple of 100 ms: a sleep never ends early, only a little late.
fn hundreds(d: Duration) -> u128 {
    d.as_millis() / 100 * 100
}

#[tokio::main]
async fn main() {
    // ANCHOR: sequential
    println!("sequential awaits:");
    let start = Instant::now();
    let a = step("a (300 ms)", 300).await;
    let b = step("b (200 ms)", 200).await;
    let c = step("c (100 ms)", 100).await;
    println!("  results: {a}, {b}, {c}");
    println!("  took about {} ms", hundreds(start.elapsed()));
    // ANCHOR_END: sequential

    // ANCHOR: joined
    println!("tokio::join!:");
    let start = Instant::now();
    let (a, b, c) = tokio::join!(
        step("a (300 ms)", 300),
        step("b (200 ms)", 200),
        step("c (100 ms)", 100),
    );
    // Results come back in argument order, whatever order the futures finished in.
    println!("  results: {a}, {b}, {c}");
    println!("  took about {} ms", hundreds(start.elapsed()));
    // ANCHOR_END: joined
}
