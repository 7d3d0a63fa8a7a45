#![allow(unused)]
use std::sync::Arc;

#[tokio::main]
async fn main() {
    let config = Arc::new(vec!["a".to_string(), "b".to_string()]);
    let mut handles = Vec::new();
    for i in 0..2 {
        let config = Arc::clone(&config); // clone before `move`
        handles.push(tokio::spawn(async move { config[i].len() }));
    }
    for h in handles {
        println!("{}", h.await.unwrap());
    }
}
