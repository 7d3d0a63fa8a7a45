#![allow(unused)]
fn main() {
async fn sum_of(numbers: Vec<u32>) -> u32 {
    let slice = &numbers[..];          // a borrow of another local...
    tokio::task::yield_now().await;    // ...kept alive across an await point
    slice.iter().sum()
}
let _ = sum_of(vec![1, 2, 3]);
}
