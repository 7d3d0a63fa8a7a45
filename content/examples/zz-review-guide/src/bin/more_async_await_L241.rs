#![allow(unused)]
use std::sync::Arc;

async fn count(words: Arc<Vec<String>>) -> usize {
    words.len()
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
let words = Arc::new(vec!["a".to_string()]);
let handle = tokio::spawn(count(Arc::clone(&words)));
assert_eq!(handle.await.unwrap(), 1);
}
