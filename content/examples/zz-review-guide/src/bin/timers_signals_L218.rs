#![allow(unused)]
use std::time::Duration;
use tokio::time::{Instant, sleep, timeout_at};

#[tokio::main]
async fn main() {
    let deadline = Instant::now() + Duration::from_millis(50);
    let step1 = timeout_at(deadline, sleep(Duration::from_millis(30))).await;
    let step2 = timeout_at(deadline, sleep(Duration::from_millis(30))).await;
    assert!(step1.is_ok());
    assert!(step2.is_err()); // only about 20 ms were left for step 2
}
