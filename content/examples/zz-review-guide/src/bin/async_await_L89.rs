#![allow(unused)]
use std::time::Duration;

async fn fetch_number() -> u32 {
    tokio::time::sleep(Duration::from_millis(10)).await;
    42
}
#[tokio::main(flavor = "current_thread")]
async fn main() { assert_eq!(fetch_number().await, 42); }
