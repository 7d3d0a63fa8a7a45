#![allow(unused)]
async fn score_all(items: &[u64]) -> u64 {
    let mut total = 0;
    for (i, item) in items.iter().enumerate() {
        total += item.count_ones() as u64; // pretend this is expensive
        if i % 1_000 == 999 {
            tokio::task::yield_now().await; // let other tasks run now and then
        }
    }
    total
}
#[tokio::main(flavor = "current_thread")]
async fn main() { assert_eq!(score_all(&[1, 3, 7]).await, 6); }
