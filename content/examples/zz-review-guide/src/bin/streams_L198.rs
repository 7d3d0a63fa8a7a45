#![allow(unused)]
use std::pin::Pin;
use std::task::{Context, Poll, ready};
use std::time::Duration;
use futures::{Stream, StreamExt};
use tokio::time::{Interval, interval};

struct Ticks {
    interval: Interval,
    emitted: u32,
    limit: u32,
}

impl Stream for Ticks {
    type Item = u32;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<u32>> {
        if self.emitted == self.limit {
            return Poll::Ready(None);
        }
        ready!(self.interval.poll_tick(cx)); // Pending propagates, waker is registered
        self.emitted += 1;
        Poll::Ready(Some(self.emitted))
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        let left = (self.limit - self.emitted) as usize;
        (left, Some(left))
    }
}

#[tokio::main]
async fn main() {
    let ticks = Ticks { interval: interval(Duration::from_millis(5)), emitted: 0, limit: 3 };
    let seen: Vec<u32> = ticks.collect().await;
    assert_eq!(seen, vec![1, 2, 3]);
}
