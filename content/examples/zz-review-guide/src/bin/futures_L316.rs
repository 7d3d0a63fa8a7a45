#![allow(unused)]
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll, ready};

/// Doubles the output of an inner future.
struct Double<F> {
    inner: F,
}

impl<F: Future<Output = u32> + Unpin> Future for Double<F> {
    type Output = u32;
    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<u32> {
        let n = ready!(Pin::new(&mut self.inner).poll(cx));
        Poll::Ready(n * 2)
    }
}

#[tokio::main]
async fn main() {
    let doubled = Double { inner: std::future::ready(21) }.await;
    assert_eq!(doubled, 42);
}
