#![allow(unused)]
#[tokio::main]
async fn main() {
    println!("working; press ctrl-c to stop");
    tokio::signal::ctrl_c().await.expect("failed to listen for ctrl-c");
    println!("ctrl-c received, cleaning up");
}
