#![allow(unused)]
use tokio::sync::broadcast::{self, error::RecvError};

#[tokio::main]
async fn main() {
    let (tx, mut rx) = broadcast::channel::<u32>(2);
    for i in 1..=5 {
        tx.send(i).unwrap();
    }
    drop(tx);
    loop {
        match rx.recv().await {
            Ok(v) => println!("got {v}"),
            Err(RecvError::Lagged(n)) => println!("missed {n} messages"),
            Err(RecvError::Closed) => break,
        }
    }
    // missed 3 messages, got 4, got 5
}
