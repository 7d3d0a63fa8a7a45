#![allow(unused)]
#[tokio::main(flavor = "current_thread")]
async fn main() {
let names = vec!["a".to_string(), "b".to_string()];
let task = tokio::spawn(async move {
    names.len() // `names` now belongs to the task
});
assert_eq!(task.await.unwrap(), 2);
}
