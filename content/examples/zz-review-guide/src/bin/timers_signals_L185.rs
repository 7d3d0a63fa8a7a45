#![allow(unused)]
use std::time::Duration;
use tokio::time::{sleep, timeout};

#[tokio::main]
async fn main() {
    let slow = async {
        sleep(Duration::from_secs(10)).await;
        "done"
    };
    match timeout(Duration::from_millis(20), slow).await {
        Ok(value) => println!("finished: {value}"),
        Err(elapsed) => println!("gave up: {elapsed}"), // "deadline has elapsed"
    }
}
