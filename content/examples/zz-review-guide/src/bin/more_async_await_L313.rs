#![allow(unused)]
use std::sync::{Arc, Mutex};

async fn bump(counter: Arc<Mutex<u64>>) -> u64 {
    let value = {
        let mut guard = counter.lock().unwrap();
        *guard += 1;
        *guard
    }; // guard dropped here, before the await
    tokio::task::yield_now().await;
    value
}
#[tokio::main]
async fn main() {
let c = Arc::new(Mutex::new(0));
assert_eq!(tokio::spawn(bump(c)).await.unwrap(), 1);
}
