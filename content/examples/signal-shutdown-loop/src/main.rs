//! A `select!` loop that shuts down on ctrl-c, or on a simulated signal from a channel.
//!
//! The main loop does periodic work and watches three things: `tokio::signal::ctrl_c()`,
//! a channel that stands in for a signal (so the example ends by itself after 350 ms of
//! tokio time), and its interval. On shutdown it cancels the workers through a
//! `CancellationToken`, waits for them with a `JoinSet`, and prints each step. Time is
//! paused and auto-advances, so the output is deterministic and the whole run takes only
//! milliseconds of real time. The ctrl-c branch is real: to try it, remove
//! `start_paused = true` and raise the 350 ms delay, then press ctrl-c while it runs.

use std::time::Duration;
use tokio::sync::mpsc;
use tokio::task::JoinSet;
use tokio::time::{self, Instant};
use tokio_util::sync::CancellationToken;

// ANCHOR: worker
async fn worker(id: u32, token: CancellationToken) -> u32 {
    let mut done = 0;
    loop {
        tokio::select! {
            _ = token.cancelled() => {
                println!("  worker {id}: cancelled after {done} jobs, flushing");
                time::sleep(Duration::from_millis(20)).await; // simulated clean-up
                return done;
            }
            // A new 120 ms sleep each turn is fine here: the only other branch ends
            // the loop. (If other branches could win, it would restart every turn.)
            _ = time::sleep(Duration::from_millis(120)) => done += 1,
        }
    }
}
// ANCHOR_END: worker

// ANCHOR: main
#[tokio::main(flavor = "current_thread", start_paused = true)]
async fn main() {
    let start = Instant::now();
    let token = CancellationToken::new();
    let mut workers = JoinSet::new();
    for id in 1..=2 {
        workers.spawn(worker(id, token.child_token()));
    }

    // Stand-in for a signal: a task sends on a channel after 350 ms.
    let (signal_tx, mut signal_rx) = mpsc::channel::<&'static str>(1);
    tokio::spawn(async move {
        time::sleep(Duration::from_millis(350)).await;
        let _ = signal_tx.send("simulated SIGTERM").await;
    });

    // The real thing. Create the future once, outside the loop, so no ctrl-c can
    // slip through between two iterations. It is not Unpin, so pin it to poll it
    // by `&mut` from several iterations.
    let mut ctrl_c = std::pin::pin!(tokio::signal::ctrl_c());

    let mut tick = time::interval(Duration::from_millis(100));
    let reason = loop {
        tokio::select! {
            res = &mut ctrl_c => {
                res.expect("failed to listen for ctrl-c");
                break "ctrl-c";
            }
            Some(name) = signal_rx.recv() => break name,
            _ = tick.tick() => {
                println!("{:>4} ms: main loop tick", start.elapsed().as_millis());
            }
        }
    };

    println!(
        "{:>4} ms: got {reason}, shutting down",
        start.elapsed().as_millis()
    );
    token.cancel();
    while let Some(res) = workers.join_next().await {
        let jobs = res.expect("worker panicked");
        println!("  a worker finished ({jobs} jobs)");
    }
    println!(
        "{:>4} ms: all workers stopped, exiting",
        start.elapsed().as_millis()
    );
}
// ANCHOR_END: main
