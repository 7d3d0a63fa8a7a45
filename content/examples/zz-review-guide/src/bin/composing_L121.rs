#![allow(unused)]
use std::time::Duration;
use tokio::sync::oneshot;
use tokio::time::sleep;

#[tokio::main]
async fn main() {
    let (tx, rx) = oneshot::channel::<u32>();
    tokio::spawn(async move {
        sleep(Duration::from_millis(20)).await;
        let _ = tx.send(42);
    });

    let outcome = tokio::select! {
        Ok(value) = rx => format!("got {value}"),
        _ = sleep(Duration::from_secs(1)) => "timed out".to_string(),
    };
    println!("{outcome}");
}
