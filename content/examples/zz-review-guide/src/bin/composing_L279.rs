#![allow(unused)]
use futures::future::select_ok;
use std::time::Duration;
use tokio::time::sleep;

async fn ask(replica: u32, delay_ms: u64) -> Result<String, String> {
    sleep(Duration::from_millis(delay_ms)).await;
    if replica == 1 {
        return Err("replica 1 is down".into());
    }
    Ok(format!("answer from replica {replica}"))
}

#[tokio::main]
async fn main() {
    let attempts = vec![Box::pin(ask(1, 5)), Box::pin(ask(2, 30)), Box::pin(ask(3, 10))];
    let (answer, _still_running) = select_ok(attempts).await.unwrap();
    println!("{answer}"); // replica 3: the fastest that succeeded
}
