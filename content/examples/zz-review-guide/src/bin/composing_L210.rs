#![allow(unused)]
use tokio::sync::mpsc;

#[tokio::main]
async fn main() {
    let (tx_a, mut rx_a) = mpsc::channel::<u32>(4);
    let (tx_b, mut rx_b) = mpsc::channel::<&str>(4);
    tx_a.send(1).await.unwrap();
    tx_b.send("one").await.unwrap();
    drop((tx_a, tx_b)); // both channels will report `None` once drained

    loop {
        tokio::select! {
            Some(n) = rx_a.recv() => println!("number {n}"),
            Some(s) = rx_b.recv() => println!("string {s}"),
            else => break, // both branches disabled: everything is closed
        }
    }
    println!("both channels closed");
}
