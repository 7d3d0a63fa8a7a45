#![allow(unused)]
use std::time::Duration;
use tokio::time::{sleep, timeout};

#[tokio::main(flavor = "current_thread")]
async fn main() {
let slow = async {
    sleep(Duration::from_secs(10)).await;
    println!("never printed");
};
let result = timeout(Duration::from_millis(10), slow).await;
assert!(result.is_err()); // `slow` was dropped at its await point
}
