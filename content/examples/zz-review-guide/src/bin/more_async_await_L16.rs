#![allow(unused)]
#[tokio::main(flavor = "current_thread")]
async fn main() {
let base = 10;
let fut = async {
    tokio::task::yield_now().await;
    base * 2 // borrows `base` from the enclosing function
};
assert_eq!(fut.await, 20);
}
