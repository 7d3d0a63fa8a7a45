//! Compares Burst, Delay and Skip, the `MissedTickBehavior`s of `tokio::time::interval`.
//!
//! Each run uses a 100 ms interval whose handler is fast (10 ms) except on tick 2, where
//! it takes 250 ms and so misses two deadlines. The program prints, for every tick, the
//! time (since the interval was created) at which the tick completed. Time is paused
//! (`start_paused = true`), so the sleeps advance a virtual clock and the numbers are
//! exact and identical on every run.

use std::time::Duration;
use tokio::time::{self, Instant, MissedTickBehavior};

// ANCHOR: run
async fn run(behavior: MissedTickBehavior) {
    let start = Instant::now();
    let mut interval = time::interval(Duration::from_millis(100));
    interval.set_missed_tick_behavior(behavior);

    let mut line = String::new();
    for tick in 1..=7 {
        interval.tick().await; // the first tick completes immediately
        let at = start.elapsed().as_millis();
        line.push_str(&format!(" {at:>4}"));

        // Simulated work: slow on tick 2, fast otherwise.
        let work = if tick == 2 { 250 } else { 10 };
        time::sleep(Duration::from_millis(work)).await;
    }
    println!("{:<6}{line}", format!("{behavior:?}"));
}
// ANCHOR_END: run

// ANCHOR: main
#[tokio::main(flavor = "current_thread", start_paused = true)]
async fn main() {
    println!("ticks completed at (ms since start); tick 2's handler takes 250 ms");
    println!("tick:    1    2    3    4    5    6    7");
    run(MissedTickBehavior::Burst).await; // the default
    run(MissedTickBehavior::Delay).await;
    run(MissedTickBehavior::Skip).await;
}
// ANCHOR_END: main
