#![allow(unused)]
use std::time::Duration;
async fn step(name: &str) -> usize {
    tokio::time::sleep(Duration::from_millis(5)).await;
    name.len()
}

async fn pipeline() -> usize {
    let a = step("read").await;  // finishes before the next line starts
    let b = step("parse").await; // so these two run one after another
    a + b
}
#[tokio::main(flavor = "current_thread")]
async fn main() { assert_eq!(pipeline().await, 9); }
