#![allow(unused)]
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

static IN_FLIGHT: AtomicUsize = AtomicUsize::new(0);

/// Runs a closure when dropped, like `defer` in other languages.
struct Defer<F: FnOnce()>(Option<F>);

impl<F: FnOnce()> Drop for Defer<F> {
    fn drop(&mut self) {
        if let Some(f) = self.0.take() {
            f();
        }
    }
}

async fn handle_request() {
    IN_FLIGHT.fetch_add(1, Ordering::SeqCst);
    let _done = Defer(Some(|| {
        IN_FLIGHT.fetch_sub(1, Ordering::SeqCst);
    }));
    tokio::time::sleep(Duration::from_secs(10)).await; // cancelled here below
}

#[tokio::main]
async fn main() {
    let _ = tokio::time::timeout(Duration::from_millis(10), handle_request()).await;
    // The timeout dropped the future; the guard still ran.
    assert_eq!(IN_FLIGHT.load(Ordering::SeqCst), 0);
    println!("in flight after cancellation: 0");
}
