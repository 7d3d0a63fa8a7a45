#![allow(unused)]
use futures::stream::{self, StreamExt};

#[tokio::main]
async fn main() {
    let squares: Vec<u64> = stream::iter(1..=10u64)
        .filter(|n| std::future::ready(n % 2 == 1)) // odd numbers
        .map(|n| n * n)
        .then(|sq| async move {
            tokio::task::yield_now().await; // stand-in for async work
            sq + 1
        })
        .take(3)
        .collect()
        .await;
    assert_eq!(squares, vec![2, 10, 26]);
}
