//! A first async program: two async functions run concurrently on the tokio runtime.
//!
//! Calling an async function only builds a future; `tokio::join!` then drives both
//! futures at once, so the faster one finishes first even though it was listed second.

use std::time::Duration;

// ANCHOR: hello
async fn greet(name: &str, delay_ms: u64) -> String {
    // `.await` suspends this function until the timer fires; the thread is free meanwhile.
    tokio::time::sleep(Duration::from_millis(delay_ms)).await;
    println!("{name} finished after {delay_ms} ms");
    format!("Hello from {name}!")
}

#[tokio::main]
async fn main() {
    // Calling an async fn runs none of its body yet: it returns a future.
    let slow = greet("slow", 200);
    let fast = greet("fast", 100);
    println!("two futures created, nothing has run yet");

    // join! polls both futures until both are done: about 200 ms in total, not 300.
    let (a, b) = tokio::join!(slow, fast);
    println!("{a}");
    println!("{b}");
}
// ANCHOR_END: hello
