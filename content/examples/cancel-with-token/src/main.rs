//! Stops groups of worker tasks with a CancellationToken and child tokens.
//!
//! Cancelling a child token stops only its group; cancelling the parent stops every
//! child too. Workers notice cancellation in a `select!` loop and clean up before exiting.

use std::time::Duration;
use tokio::task::JoinHandle;
use tokio_util::sync::CancellationToken;

// ANCHOR: worker
async fn worker(name: &'static str, token: CancellationToken) -> &'static str {
    let mut ticks = tokio::time::interval(Duration::from_millis(10));
    loop {
        tokio::select! {
            // cancelled() is cancel safe: if the other branch wins, nothing is lost.
            _ = token.cancelled() => break,
            _ = ticks.tick() => {
                // One unit of work per tick. A real worker would do something here.
            }
        }
    }
    // Clean-up runs here, because the worker left the loop on its own.
    name
}
// ANCHOR_END: worker

fn spawn_group(
    names: [&'static str; 2],
    token: &CancellationToken,
) -> Vec<JoinHandle<&'static str>> {
    names
        .into_iter()
        .map(|name| tokio::spawn(worker(name, token.clone())))
        .collect()
}

#[tokio::main]
async fn main() {
    // ANCHOR: tree
    let shutdown = CancellationToken::new();
    let group_a = shutdown.child_token();
    let group_b = shutdown.child_token();

    let a_workers = spawn_group(["a1", "a2"], &group_a);
    let b_workers = spawn_group(["b1", "b2"], &group_b);
    tokio::time::sleep(Duration::from_millis(50)).await;

    group_a.cancel(); // stops a1 and a2 only
    for handle in a_workers {
        println!("{} stopped", handle.await.unwrap());
    }
    println!("parent cancelled? {}", shutdown.is_cancelled());
    println!(
        "group b still running? {}",
        b_workers.iter().all(|h| !h.is_finished())
    );

    shutdown.cancel(); // cancels every child token too
    for handle in b_workers {
        println!("{} stopped", handle.await.unwrap());
    }
    println!("group b token cancelled? {}", group_b.is_cancelled());
    // ANCHOR_END: tree

    // A token cancelled before anyone waits still works: cancelled() completes at once.
    let late = shutdown.child_token();
    println!(
        "child made after cancel is cancelled? {}",
        late.is_cancelled()
    );
}
