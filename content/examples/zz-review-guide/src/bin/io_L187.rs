#![allow(unused)]
#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
let data = vec![3u64, 1, 2];
let total: u64 = tokio::task::block_in_place(|| {
    data.iter().sum() // borrows `data`; no move, no 'static
});
assert_eq!(total, 6);
}
