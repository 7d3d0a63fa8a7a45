#![allow(unused)]
use std::future::Future;

fn spawn_each<F, Fut>(ids: Vec<u32>, make: F)
where
    F: Fn(u32) -> Fut,
    Fut: Future<Output = ()> + Send + 'static,
{
    for id in ids {
        tokio::spawn(make(id));
    }
}
#[tokio::main(flavor = "current_thread")]
async fn main() { spawn_each(vec![1, 2], |id| async move { let _ = id; }); }
