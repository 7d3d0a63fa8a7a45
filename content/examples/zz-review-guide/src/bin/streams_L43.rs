#![allow(unused)]
use futures::stream::{self, StreamExt};

#[tokio::main]
async fn main() {
    let mut words = stream::iter(["alpha", "beta", "gamma"]);
    while let Some(word) = words.next().await {
        println!("{word}");
    }
}
