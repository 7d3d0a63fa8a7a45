#![allow(unused)]
use std::time::Duration;
use tokio::sync::watch;

#[tokio::main]
async fn main() {
    let (tx, mut rx) = watch::channel("starting");
    tokio::spawn(async move {
        for state in ["loading", "ready"] {
            tokio::time::sleep(Duration::from_millis(10)).await;
            tx.send(state).unwrap();
        }
        // `tx` dropped: once "ready" has been seen, `changed()` returns Err
    });
    while rx.changed().await.is_ok() {
        println!("state is now {}", *rx.borrow_and_update());
    }
    println!("final: {}", *rx.borrow());
}
