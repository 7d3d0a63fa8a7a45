//! A producer and a slow consumer on a bounded `mpsc` channel: backpressure, then a clean close.
//!
//! The channel holds two messages. Once it is full, `send().await` waits until the consumer
//! makes room, so the producer is slowed to the consumer's pace. When every `Sender` has been
//! dropped and the buffer is drained, `recv()` returns `None` and the consumer loop ends.
//! The runtime is single-threaded so the interleaving of the printed lines is always the same.

use std::time::Duration;
use tokio::sync::mpsc;
use tokio::time::sleep;

// ANCHOR: producer
async fn produce(name: &'static str, tx: mpsc::Sender<String>, count: u32) {
    for i in 1..=count {
        let msg = format!("{name}-{i}");
        if tx.capacity() == 0 {
            println!("{name}: channel full, waiting to send {msg}");
        }
        // Waits while the channel is full; fails only if the receiver is gone.
        if tx.send(msg).await.is_err() {
            println!("{name}: receiver dropped, stopping");
            return;
        }
    }
    println!("{name}: done, dropping its sender");
    // `tx` is dropped here.
}
// ANCHOR_END: producer

#[tokio::main(flavor = "current_thread")]
async fn main() {
    // ANCHOR: main
    let (tx, mut rx) = mpsc::channel::<String>(2);

    let a = tokio::spawn(produce("alpha", tx.clone(), 3));
    let b = tokio::spawn(produce("beta", tx, 2)); // the original sender moves here

    // The consumer is slower than the producers: 30 ms per message.
    let mut received = 0;
    while let Some(msg) = rx.recv().await {
        println!("consumer: got {msg}");
        received += 1;
        sleep(Duration::from_millis(30)).await;
    }
    println!("consumer: recv() returned None after {received} messages, channel closed");
    // ANCHOR_END: main

    a.await.unwrap();
    b.await.unwrap();
}
