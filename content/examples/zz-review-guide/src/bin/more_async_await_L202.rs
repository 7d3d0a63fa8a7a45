#![allow(unused)]
async fn sum_to(n: u64) -> u64 {
    if n == 0 {
        return 0;
    }
    n + Box::pin(sum_to(n - 1)).await
}
#[tokio::main(flavor = "current_thread")]
async fn main() { assert_eq!(sum_to(10).await, 55); }
