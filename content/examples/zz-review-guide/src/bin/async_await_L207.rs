#![allow(unused)]
#[tokio::main(flavor = "current_thread")]
async fn main() {
let name = String::from("worker");
let handle = tokio::spawn(async move {
    // `name` was moved in, so the task owns it.
    format!("{name} done")
});
assert_eq!(handle.await.unwrap(), "worker done");
}
