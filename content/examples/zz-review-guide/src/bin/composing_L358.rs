#![allow(unused)]
use futures::stream::{FuturesUnordered, StreamExt};
use std::time::Duration;
use tokio::time::sleep;

#[tokio::main]
async fn main() {
    let names = vec!["slow", "fast", "medium"];
    let delays = [30, 10, 20];

    let mut pending: FuturesUnordered<_> = names
        .iter()
        .zip(delays)
        .map(|(name, ms)| async move {
            sleep(Duration::from_millis(ms)).await;
            *name // borrows from `names`: fine, nothing is spawned
        })
        .collect();

    while let Some(name) = pending.next().await {
        println!("{name} finished"); // fast, medium, slow
    }
}
