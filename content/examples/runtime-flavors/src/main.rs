//! Builds a current_thread and a multi_thread tokio runtime by hand and shows where tasks run.
//!
//! Prints the name of the thread each task runs on: with `current_thread` everything runs
//! on the thread that calls `block_on`; with `multi_thread` tasks run on named worker
//! threads. Also spawns onto a runtime from a plain std thread through a `Handle`, enters
//! a runtime context with `Runtime::enter`, and runs blocking work with `spawn_blocking`.
//! Which worker runs which task varies from run to run.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::thread;
use std::time::Duration;
use tokio::runtime::{Builder, Handle, Runtime};

fn thread_name() -> String {
    thread::current().name().unwrap_or("<unnamed>").to_string()
}

// ANCHOR: current_thread
fn current_thread_demo() {
    let rt = Builder::new_current_thread()
        .enable_all() // turn on the IO and time drivers
        .build()
        .expect("failed to build runtime");

    // block_on runs the future on *this* thread; spawned tasks run here too,
    // whenever the block_on future is waiting.
    let names = rt.block_on(async {
        let handles: Vec<_> = (0..3)
            .map(|i| tokio::spawn(async move { format!("task {i} on {}", thread_name()) }))
            .collect();
        let mut names = Vec::new();
        for handle in handles {
            names.push(handle.await.unwrap());
        }
        names
    });
    for name in names {
        println!("  {name}");
    }
}
// ANCHOR_END: current_thread

// ANCHOR: multi_thread
fn multi_thread_demo() -> Runtime {
    let next_id = AtomicUsize::new(0);
    let rt = Builder::new_multi_thread()
        .worker_threads(2)
        .thread_name_fn(move || {
            let id = next_id.fetch_add(1, Ordering::Relaxed);
            format!("atlas-rt-{id}")
        })
        .enable_all()
        .build()
        .expect("failed to build runtime");

    rt.block_on(async {
        println!("  block_on future itself runs on {}", thread_name());
        let mut set = tokio::task::JoinSet::new();
        for i in 0..4 {
            set.spawn(async move {
                tokio::time::sleep(Duration::from_millis(10)).await;
                format!("task {i} on {}", thread_name())
            });
        }
        while let Some(res) = set.join_next().await {
            println!("  {}", res.unwrap());
        }

        // Blocking work goes to a separate pool of threads (same name function).
        let blocking = tokio::task::spawn_blocking(|| {
            thread::sleep(Duration::from_millis(20)); // fine here, not on a worker
            format!("spawn_blocking closure on {}", thread_name())
        });
        println!("  {}", blocking.await.unwrap());
    });
    rt
}
// ANCHOR_END: multi_thread

// ANCHOR: handle
fn handle_demo(rt: Runtime) {
    // A Handle is a cheap, cloneable reference to the runtime. A std thread can
    // use it to spawn tasks, or to block on a future.
    let handle: Handle = rt.handle().clone();
    let from_std = thread::spawn(move || {
        let join = handle.spawn(async { format!("spawned via Handle, ran on {}", thread_name()) });
        handle.block_on(join).unwrap()
    });
    println!("  {}", from_std.join().unwrap());

    // `enter` sets the runtime as the current one for this thread, so functions
    // like tokio::spawn and Handle::current work outside of async code.
    {
        let _guard = rt.enter();
        let join = tokio::spawn(async { Handle::current().runtime_flavor() });
        let flavor = rt.block_on(join).unwrap();
        println!("  tokio::spawn inside rt.enter(): flavor {flavor:?}");
    }

    // Dropping the runtime shuts it down; do it from sync code, not inside a task.
    rt.shutdown_timeout(Duration::from_secs(1));
    println!("  runtime shut down");
}
// ANCHOR_END: handle

fn main() {
    println!("current_thread runtime, block_on from {}:", thread_name());
    current_thread_demo();
    println!("multi_thread runtime with 2 workers:");
    let rt = multi_thread_demo();
    println!("using the runtime from outside:");
    handle_demo(rt);
}
