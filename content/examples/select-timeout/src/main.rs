//! Races work against a timer with `tokio::select!` and `tokio::time::timeout`, and shows the loser being dropped.
//!
//! Each piece of "work" owns a `Noisy` value that prints when it is dropped, so you can see
//! exactly when a future that lost a race is cancelled: it stops at its current `.await`
//! and its locals are dropped, before the winning branch's handler runs.

use std::pin::pin;
use std::time::Duration;
use tokio::time::{sleep, timeout};

// ANCHOR: noisy
/// Prints a line when dropped, so cancellation becomes visible.
struct Noisy(&'static str);

impl Drop for Noisy {
    fn drop(&mut self) {
        println!("  [drop] {} dropped", self.0);
    }
}

async fn work(name: &'static str, ms: u64) -> &'static str {
    let _guard = Noisy(name);
    sleep(Duration::from_millis(ms)).await;
    println!("  {name} finished its work");
    name
}
// ANCHOR_END: noisy

#[tokio::main]
async fn main() {
    // ANCHOR: select
    println!("1. select!: a 500 ms job against a 100 ms timer");
    tokio::select! {
        name = work("slow job", 500) => println!("  job won: {name}"),
        _ = sleep(Duration::from_millis(100)) => println!("  timer won, the job was cancelled"),
    }

    println!("2. select!: a 50 ms job against a 1 s timer");
    tokio::select! {
        name = work("fast job", 50) => println!("  job won: {name}"),
        _ = sleep(Duration::from_secs(1)) => println!("  timer won"),
    }
    // ANCHOR_END: select

    // ANCHOR: timeout
    println!("3. timeout: 100 ms for a 500 ms job");
    match timeout(Duration::from_millis(100), work("timed job", 500)).await {
        Ok(name) => println!("  completed: {name}"),
        Err(elapsed) => println!("  gave up: {elapsed}"),
    }

    println!("4. timeout: 1 s for a 50 ms job");
    match timeout(Duration::from_secs(1), work("quick job", 50)).await {
        Ok(name) => println!("  completed: {name}"),
        Err(elapsed) => println!("  gave up: {elapsed}"),
    }
    // ANCHOR_END: timeout

    // ANCHOR: loop
    println!("5. select! in a loop, keeping one future alive with &mut");
    // Created once, outside the loop; pinned so `&mut long` is a future select! can poll.
    let mut long = pin!(work("long job", 250));
    let mut ticks = 0;
    loop {
        tokio::select! {
            name = &mut long => {
                println!("  {name} done after {ticks} ticks");
                break;
            }
            // A fresh 100 ms timer each iteration: an idle timer that starts again every
            // turn, not a deadline. It fires only after 100 ms in which `long` did not win.
            _ = sleep(Duration::from_millis(100)) => {
                ticks += 1;
                println!("  tick {ticks}: long job still running");
            }
        }
    }
    // ANCHOR_END: loop
}
