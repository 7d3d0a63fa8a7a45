//! Spawns tasks into a `JoinSet`, collects their results in completion order, and aborts the rest.
//!
//! Part 1 collects three results as they finish (not in spawn order). Part 2 shows that a
//! panicking task turns into a `JoinError` instead of crashing the program. Part 3 takes the
//! first two results of four, then cancels the stragglers with `abort_all`.

use std::collections::HashMap;
use std::time::Duration;
use tokio::task::JoinSet;
use tokio::time::sleep;

#[tokio::main]
async fn main() {
    // Keep the expected panic in part 2 to one line on stderr (no backtrace).
    std::panic::set_hook(Box::new(|info| eprintln!("panic hook: {info}")));

    // ANCHOR: collect
    println!("1. collect in completion order");
    let mut set = JoinSet::new();
    for (id, ms) in [(1, 300), (2, 100), (3, 200)] {
        set.spawn(async move {
            sleep(Duration::from_millis(ms)).await;
            (id, ms)
        });
    }
    while let Some(result) = set.join_next().await {
        let (id, ms) = result.expect("task panicked or was aborted");
        println!("  task {id} finished after {ms} ms");
    }
    // ANCHOR_END: collect

    // ANCHOR: panic
    println!("2. a panicking task becomes a JoinError");
    let mut set = JoinSet::new();
    set.spawn(async { 21 * 2 });
    set.spawn(async {
        sleep(Duration::from_millis(50)).await;
        panic!("boom (this message goes to stderr)");
    });
    while let Some(result) = set.join_next().await {
        match result {
            Ok(value) => println!("  ok: {value}"),
            Err(e) if e.is_panic() => println!("  a task panicked; the others are unaffected"),
            Err(e) => println!("  other error: {e}"),
        }
    }
    // ANCHOR_END: panic

    // ANCHOR: abort
    println!("3. take the first two results, abort the rest");
    let mut set = JoinSet::new();
    let mut names = HashMap::new();
    for (name, ms) in [("A", 50), ("B", 100), ("C", 5_000), ("D", 8_000)] {
        let handle = set.spawn(async move {
            sleep(Duration::from_millis(ms)).await;
            name
        });
        names.insert(handle.id(), name);
    }
    for _ in 0..2 {
        if let Some(Ok(name)) = set.join_next().await {
            println!("  got {name}");
        }
    }
    set.abort_all();
    let mut cancelled = Vec::new();
    // Aborted tasks still have to be reaped; each one yields a cancelled JoinError.
    while let Some(result) = set.join_next().await {
        match result {
            Ok(name) => println!("  {name} finished before the abort took effect"),
            Err(e) if e.is_cancelled() => cancelled.push(names[&e.id()]),
            Err(e) => println!("  unexpected: {e}"),
        }
    }
    cancelled.sort();
    println!("  cancelled: {cancelled:?}");
    println!("  set is empty: {}", set.is_empty());
    // ANCHOR_END: abort
}
