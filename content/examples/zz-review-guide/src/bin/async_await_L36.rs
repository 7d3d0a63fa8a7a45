#![allow(unused)]
#[tokio::main]
async fn main() {
    println!("running inside a tokio runtime");
}
