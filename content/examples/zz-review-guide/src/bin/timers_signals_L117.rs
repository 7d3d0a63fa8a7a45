#![allow(unused)]
use std::time::Duration;
use tokio::time::{Instant, interval};

#[tokio::main]
async fn main() {
    let start = Instant::now();
    let mut every_10ms = interval(Duration::from_millis(10));
    for _ in 0..3 {
        every_10ms.tick().await; // completes at about 0, 10 and 20 ms
        println!("tick at {:?}", start.elapsed());
    }
}
