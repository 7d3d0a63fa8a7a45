#![allow(unused)]
async fn say(msg: &str) {
    println!("{msg}");
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
let fut = say("second"); // nothing printed yet
println!("first");
fut.await; // now "second" is printed
}
