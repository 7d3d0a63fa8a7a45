#![allow(unused)]
use std::time::Duration;
use tokio::time::{Instant, sleep, sleep_until};

#[tokio::main]
async fn main() {
    let start = Instant::now();
    sleep(Duration::from_millis(20)).await;
    sleep_until(start + Duration::from_millis(50)).await; // an absolute point in time
    assert!(start.elapsed() >= Duration::from_millis(50));
}
