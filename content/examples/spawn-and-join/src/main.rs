//! Spawns tasks, awaits their JoinHandles, collects many results with a JoinSet, and aborts a task.
//!
//! Each section prints what it observes; the output is the same on every run.

use std::time::Duration;
use tokio::task::JoinSet;
use tokio::time::sleep;

async fn square_slowly(n: u64) -> u64 {
    sleep(Duration::from_millis(10 * n)).await;
    n * n
}

#[tokio::main]
async fn main() {
    // ANCHOR: handles
    // tokio::spawn starts the task right away; the JoinHandle is how we get its result.
    let handles: Vec<_> = (1..=3).map(|n| tokio::spawn(square_slowly(n))).collect();
    let mut results = Vec::new();
    for handle in handles {
        // Awaiting a JoinHandle gives Result<T, JoinError>.
        results.push(handle.await.expect("task failed"));
    }
    println!("results from JoinHandles, in spawn order: {results:?}");
    // ANCHOR_END: handles

    // ANCHOR: joinset
    // A JoinSet owns many tasks and hands results back in completion order.
    let mut set = JoinSet::new();
    for n in 1..=5 {
        set.spawn(square_slowly(n));
    }
    let mut from_set = Vec::new();
    while let Some(res) = set.join_next().await {
        from_set.push(res.expect("task failed"));
    }
    from_set.sort_unstable();
    println!("JoinSet collected {} results: {from_set:?}", from_set.len());
    // ANCHOR_END: joinset

    // ANCHOR: abort
    let forever = tokio::spawn(async {
        sleep(Duration::from_secs(3600)).await;
        "woke up"
    });
    sleep(Duration::from_millis(20)).await;
    println!("long task finished? {}", forever.is_finished());

    forever.abort(); // request cancellation; takes effect at the task's next .await
    match forever.await {
        Ok(msg) => println!("long task returned {msg:?}"),
        Err(e) if e.is_cancelled() => println!("long task was cancelled"),
        Err(e) => println!("long task failed: {e}"),
    }
    // ANCHOR_END: abort

    // ANCHOR: detach
    // Dropping a JoinHandle does NOT stop the task; it keeps running detached.
    let (tx, rx) = tokio::sync::oneshot::channel();
    drop(tokio::spawn(async move {
        sleep(Duration::from_millis(10)).await;
        let _ = tx.send("detached task still ran");
    }));
    println!("{}", rx.await.unwrap());
    // ANCHOR_END: detach
}
