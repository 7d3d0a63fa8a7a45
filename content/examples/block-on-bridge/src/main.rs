//! Sync code calling async code: `Runtime::block_on`, `Handle::block_on` from `spawn_blocking`, and the nested-runtime panic.
//!
//! The program starts as plain synchronous `main`, builds a tokio runtime and
//! drives futures with `Runtime::block_on`. It then calls a blocking "legacy"
//! function from async code through `spawn_blocking`, and that function calls
//! back into async code with `Handle::block_on`. Finally it provokes the
//! "Cannot start a runtime from within a runtime" panic on a separate thread,
//! catches it with `catch_unwind`, prints the message, and shows two fixes:
//! awaiting, and `block_in_place` inside a spawned task, where it runs on a
//! worker thread and hands that worker's other tasks to another thread.

use std::panic::{self, AssertUnwindSafe};
use std::thread;
use std::time::Duration;

use tokio::runtime::{Builder, Handle, Runtime};

/// Some async work, e.g. a database query.
async fn lookup(id: u32) -> String {
    tokio::time::sleep(Duration::from_millis(20)).await;
    format!("user-{id}")
}

// ANCHOR: legacy
/// A synchronous function (think: a callback from a sync library) that needs
/// async results. It blocks its thread, so it must not run on a runtime worker.
fn legacy_report(handle: &Handle, ids: &[u32]) -> Vec<String> {
    ids.iter().map(|&id| handle.block_on(lookup(id))).collect()
}
// ANCHOR_END: legacy

fn main() {
    // ANCHOR: block_on
    // 1. Plain sync code owns a runtime and blocks on futures.
    let rt: Runtime = Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("build runtime");
    let name = rt.block_on(lookup(1));
    println!("1. Runtime::block_on from sync main: {name}");
    // ANCHOR_END: block_on

    // ANCHOR: spawn_blocking
    // 2. Async code calls the blocking function on the blocking pool; the
    //    function re-enters the runtime through a Handle.
    let report = rt.block_on(async {
        let handle = Handle::current();
        tokio::task::spawn_blocking(move || legacy_report(&handle, &[2, 3]))
            .await
            .expect("blocking task panicked")
    });
    println!("2. Handle::block_on inside spawn_blocking: {report:?}");
    // ANCHOR_END: spawn_blocking

    // ANCHOR: panic
    // 3. The mistake: blocking on a runtime from a thread that is already
    //    driving one. Run it on its own thread and catch the panic.
    let previous_hook = panic::take_hook();
    panic::set_hook(Box::new(|_| {})); // keep the demo's stderr quiet
    let caught = thread::spawn(|| {
        let rt = Builder::new_current_thread().enable_all().build().unwrap();
        rt.block_on(async {
            panic::catch_unwind(AssertUnwindSafe(|| {
                // Wrong: we are inside an async task on this runtime.
                Handle::current().block_on(lookup(4))
            }))
        })
    })
    .join()
    .expect("thread itself did not panic");
    panic::set_hook(previous_hook);

    let payload = caught.expect_err("nested block_on must panic");
    let message = payload
        .downcast_ref::<String>()
        .map(String::as_str)
        .or_else(|| payload.downcast_ref::<&str>().copied())
        .unwrap_or("<non-string panic>");
    let first_sentence = message.split(". ").next().unwrap_or(message);
    println!("3. caught panic: \"{first_sentence}.\"");
    // ANCHOR_END: panic

    // ANCHOR: fixes
    // 4a. Fix: we are already in async code, so simply await.
    let fixed = rt.block_on(async { lookup(5).await });
    println!("4a. fix by awaiting: {fixed}");

    // 4b. Fix (multi-thread runtime only): block_in_place, called on a worker
    //     thread, i.e. inside a spawned task. The worker hands its queued tasks
    //     to a fresh thread, then runs the closure, where blocking is allowed.
    let (thread_name, user, sibling) = rt.block_on(async {
        tokio::spawn(async {
            let (tx, rx) = std::sync::mpsc::channel();
            // Queued on this very worker, behind the code that is about to block.
            tokio::spawn(async move { tx.send(lookup(7).await).unwrap() });
            tokio::task::block_in_place(move || {
                let here = thread::current().name().unwrap_or("unnamed").to_owned();
                let user = Handle::current().block_on(lookup(6));
                // Only arrives if the sibling task ran on another thread meanwhile.
                let sibling = rx
                    .recv_timeout(Duration::from_secs(5))
                    .expect("sibling ran");
                (here, user, sibling)
            })
        })
        .await
        .expect("task panicked")
    });
    println!("4b. fix with block_in_place on {thread_name:?}: {user}, sibling task got {sibling}");
    // ANCHOR_END: fixes

    // 5. Dropping a Runtime blocks until its workers stop; do it from sync code.
    rt.shutdown_timeout(Duration::from_secs(1));
    println!("5. runtime shut down from sync code");
}
