#![allow(unused)]
use std::time::Duration;
use tokio::time::sleep;

#[tokio::main]
async fn main() {
    // On the stack: the future cannot outlive this scope.
    let mut deadline = std::pin::pin!(sleep(Duration::from_millis(50)));
    // On the heap: a Pin<Box<...>> can be stored, returned or moved.
    let mut ticker = Box::pin(async {
        sleep(Duration::from_millis(10)).await;
        "tick"
    });
    tokio::select! {
        _ = &mut deadline => println!("deadline first"),
        msg = &mut ticker => println!("{msg} first"),
    }
}
