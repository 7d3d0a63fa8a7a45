#![allow(unused)]
#[tokio::main(flavor = "current_thread")]
async fn main() {
let handle = tokio::spawn(async { 1 + 1 });
let value = match handle.await {
    Ok(v) => v,
    Err(e) if e.is_panic() => std::panic::resume_unwind(e.into_panic()),
    Err(e) => panic!("task was cancelled: {e}"),
};
assert_eq!(value, 2);
}
