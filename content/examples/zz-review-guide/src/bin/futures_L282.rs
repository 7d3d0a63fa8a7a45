#![allow(unused)]
use std::future::poll_fn;
use std::task::Poll;
use tokio::sync::mpsc;

#[tokio::main]
async fn main() {
    let (high_tx, mut high) = mpsc::channel::<&str>(4);
    let (low_tx, mut low) = mpsc::channel::<&str>(4);
    low_tx.send("low").await.unwrap();
    high_tx.send("high").await.unwrap();

    let first = poll_fn(|cx| {
        if let Poll::Ready(msg) = high.poll_recv(cx) {
            return Poll::Ready(msg);
        }
        low.poll_recv(cx)
    })
    .await;
    assert_eq!(first, Some("high"));
}
