#![allow(unused)]
use std::sync::Arc;
use tokio::sync::Barrier;

#[tokio::main]
async fn main() {
    let barrier = Arc::new(Barrier::new(3));
    let mut handles = Vec::new();
    for id in 0..3 {
        let barrier = barrier.clone();
        handles.push(tokio::spawn(async move {
            // ... phase 1 work ...
            let result = barrier.wait().await;
            if result.is_leader() {
                println!("task {id}: everyone finished phase 1");
            }
            // ... phase 2 work ...
        }));
    }
    for h in handles {
        h.await.unwrap();
    }
}
