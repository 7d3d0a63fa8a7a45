#![allow(unused)]
fn main() {}
use std::time::Duration;
use tokio::time::{self, Instant};

#[tokio::test(start_paused = true)]
async fn retries_wait_between_attempts() {
    let start = Instant::now();
    for _ in 0..3 {
        time::sleep(Duration::from_secs(60)).await; // virtual minutes
    }
    assert_eq!(start.elapsed(), Duration::from_secs(180)); // exact, and instant
}
