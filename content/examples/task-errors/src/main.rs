//! A task that returns Err, one that panics and one that is aborted, and what JoinError says.
//!
//! A task's own error arrives as `Ok(Err(..))`; a panic or an abort arrives as
//! `Err(JoinError)`, told apart by `is_panic()` and `is_cancelled()`.

use std::error::Error;
use std::time::Duration;
use tokio::task::JoinError;

type BoxError = Box<dyn Error + Send + Sync>;

async fn parse_port(text: &str) -> Result<u16, std::num::ParseIntError> {
    text.parse::<u16>()
}

// ANCHOR: describe
fn describe<T: std::fmt::Debug, E: std::fmt::Display>(res: Result<Result<T, E>, JoinError>) {
    match res {
        Ok(Ok(value)) => println!("  task returned Ok({value:?})"),
        Ok(Err(e)) => println!("  task returned its own error: {e}"),
        Err(e) if e.is_panic() => {
            // into_panic gives back the payload passed to panic!.
            let payload = e.into_panic();
            let msg = payload
                .downcast_ref::<&str>()
                .copied()
                .or_else(|| payload.downcast_ref::<String>().map(String::as_str))
                .unwrap_or("<non-string payload>");
            println!("  task panicked: {msg}");
        }
        Err(e) if e.is_cancelled() => println!("  task was cancelled"),
        Err(e) => println!("  other join error: {e}"),
    }
}
// ANCHOR_END: describe

// ANCHOR: propagate
// Two `?`s: the first for the JoinError, the second for the task's own error.
async fn port_from_task(text: &'static str) -> Result<u16, BoxError> {
    let port = tokio::spawn(parse_port(text)).await??;
    Ok(port)
}
// ANCHOR_END: propagate

#[tokio::main]
async fn main() {
    // Keep the demo output tidy: the default hook would print the panic to stderr.
    std::panic::set_hook(Box::new(|_| {}));

    // ANCHOR: three
    println!("1. a task that returns Err:");
    describe(tokio::spawn(parse_port("eighty")).await);

    println!("2. a task that panics:");
    let panicky = tokio::spawn(async {
        let v: Vec<u16> = Vec::new();
        if v.is_empty() {
            panic!("no ports configured");
        }
        Ok::<u16, std::num::ParseIntError>(v[0])
    });
    describe(panicky.await);

    println!("3. a task that is aborted:");
    let sleepy = tokio::spawn(async {
        tokio::time::sleep(Duration::from_secs(60)).await;
        Ok::<u16, std::num::ParseIntError>(1)
    });
    sleepy.abort();
    describe(sleepy.await);
    // ANCHOR_END: three

    println!("4. propagating with ?:");
    match port_from_task("8080").await {
        Ok(port) => println!("  got port {port}"),
        Err(e) => println!("  error: {e}"),
    }
    match port_from_task("99999").await {
        Ok(port) => println!("  got port {port}"),
        Err(e) => println!("  error: {e}"),
    }

    println!("the runtime and main survived all of it");
}
