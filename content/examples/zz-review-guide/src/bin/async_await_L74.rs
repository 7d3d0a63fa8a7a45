#![allow(unused)]
#[tokio::main(flavor = "current_thread")]
async fn main() {}
