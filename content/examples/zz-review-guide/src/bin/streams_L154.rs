#![allow(unused)]
use async_stream::stream;
use futures::StreamExt;
use std::time::Duration;

#[tokio::main]
async fn main() {
    let countdown = stream! {
        for n in (1..=3).rev() {
            tokio::time::sleep(Duration::from_millis(5)).await;
            yield n;
        }
    };
    let mut countdown = std::pin::pin!(countdown); // stream! streams are not Unpin
    while let Some(n) = countdown.next().await {
        println!("{n}...");
    }
}
