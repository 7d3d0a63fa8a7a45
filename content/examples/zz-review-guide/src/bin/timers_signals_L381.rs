#![allow(unused)]
use std::time::Duration;

async fn graceful_shutdown() {
    // stand-in for waiting on workers
    tokio::time::sleep(Duration::from_secs(30)).await;
}

#[tokio::main]
async fn main() {
    tokio::signal::ctrl_c().await.expect("listen for ctrl-c");
    println!("shutting down; press ctrl-c again to force");
    tokio::select! {
        _ = graceful_shutdown() => println!("clean exit"),
        _ = tokio::signal::ctrl_c() => {
            eprintln!("forced exit");
            std::process::exit(130); // 128 + SIGINT, the shell convention
        }
    }
}
