#![allow(unused)]
use std::time::Duration;
use tokio::sync::mpsc;
use tokio::time::{Instant, sleep};

#[tokio::main]
async fn main() {
    let (tx, mut rx) = mpsc::channel::<u32>(8);
    tokio::spawn(async move {
        for i in 0..3 {
            tx.send(i).await.unwrap();
            sleep(Duration::from_millis(10)).await;
        }
    });

    let quiet = Duration::from_millis(100);
    let debounce = sleep(quiet);
    tokio::pin!(debounce);
    let mut pending = Vec::new();
    loop {
        tokio::select! {
            Some(msg) = rx.recv() => {
                pending.push(msg);
                debounce.as_mut().reset(Instant::now() + quiet);
            }
            () = &mut debounce => {
                println!("flushing {pending:?}");
                break;
            }
        }
    }
}
