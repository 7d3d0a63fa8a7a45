#![allow(unused)]
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use tokio::sync::Notify;

#[tokio::main]
async fn main() {
    let ready = Arc::new(AtomicBool::new(false));
    let notify = Arc::new(Notify::new());

    let waiter = {
        let (ready, notify) = (ready.clone(), notify.clone());
        tokio::spawn(async move {
            while !ready.load(Ordering::Acquire) {
                notify.notified().await;
            }
            println!("ready!");
        })
    };

    ready.store(true, Ordering::Release);
    notify.notify_one(); // stores a permit if the waiter is not waiting yet
    waiter.await.unwrap();
}
