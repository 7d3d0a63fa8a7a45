#![allow(unused)]
#[tokio::main(flavor = "current_thread")]
async fn main() {
let data = vec![1, 2, 3];
let sum = async { data.iter().sum::<i32>() };
let len = async { data.len() };
let (sum, len) = tokio::join!(sum, len); // both borrow `data`: no spawn needed
assert_eq!((sum, len), (6, 3));
}
