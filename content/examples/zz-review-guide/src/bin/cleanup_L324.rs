#![allow(unused)]
use std::time::Duration;

fn main() {
    let rt = tokio::runtime::Runtime::new().unwrap();
    rt.spawn(async {
        loop {
            tokio::time::sleep(Duration::from_millis(10)).await; // dropped at shutdown
        }
    });
    rt.spawn_blocking(|| std::thread::sleep(Duration::from_secs(2))); // cannot be stopped
    std::thread::sleep(Duration::from_millis(50)); // let both start

    rt.shutdown_timeout(Duration::from_millis(100)); // returns after about 100 ms
    println!("runtime shut down; the blocking thread was left running");
}
