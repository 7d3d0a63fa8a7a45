//! A Stream implemented by hand: a countdown whose `poll_next` waits on an inner tokio `Sleep`.
//!
//! `Countdown` pins its `Sleep` in place with pin-project-lite, so the stream
//! itself is `!Unpin` and must be pinned before calling `StreamExt::next`.
//! `BoxedCountdown` keeps the `Sleep` in a `Pin<Box<_>>` instead, which makes
//! the stream `Unpin` at the cost of one allocation. Both report an exact
//! `size_hint`, and both are consumed with ordinary `StreamExt` combinators.

use std::pin::{Pin, pin};
use std::task::{Context, Poll, ready};
use std::time::Duration;

use futures::{Stream, StreamExt};
use pin_project_lite::pin_project;
use tokio::time::{Instant, Sleep, sleep};

// ANCHOR: countdown
pin_project! {
    /// Yields `from`, `from - 1`, ..., `1`, one item per `period`, then ends.
    pub struct Countdown {
        remaining: u32,
        period: Duration,
        #[pin]
        sleep: Sleep,
    }
}

impl Countdown {
    pub fn new(from: u32, period: Duration) -> Self {
        Countdown {
            remaining: from,
            period,
            sleep: sleep(period),
        }
    }
}

impl Stream for Countdown {
    type Item = u32;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<u32>> {
        let mut this = self.project();
        if *this.remaining == 0 {
            return Poll::Ready(None); // finished; stays finished on later polls
        }
        // Not due yet: `Sleep::poll` stored our waker, so returning Pending is fine.
        ready!(this.sleep.as_mut().poll(cx));

        let item = *this.remaining;
        *this.remaining -= 1;
        // Re-arm the same timer instead of allocating a new Sleep.
        this.sleep.as_mut().reset(Instant::now() + *this.period);
        Poll::Ready(Some(item))
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        let n = self.remaining as usize;
        (n, Some(n)) // exact: we know how many items are left
    }
}
// ANCHOR_END: countdown

// ANCHOR: boxed
/// Same countdown, but the timer lives on the heap, so this type is `Unpin`.
pub struct BoxedCountdown {
    remaining: u32,
    period: Duration,
    sleep: Pin<Box<Sleep>>,
}

impl Stream for BoxedCountdown {
    type Item = u32;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<u32>> {
        if self.remaining == 0 {
            return Poll::Ready(None);
        }
        ready!(self.sleep.as_mut().poll(cx));
        let item = self.remaining;
        self.remaining -= 1;
        let next = Instant::now() + self.period;
        self.sleep.as_mut().reset(next);
        Poll::Ready(Some(item))
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        let n = self.remaining as usize;
        (n, Some(n))
    }
}
// ANCHOR_END: boxed

// ANCHOR: main
#[tokio::main]
async fn main() {
    let period = Duration::from_millis(50);

    // 1. `Countdown` is !Unpin (it contains a pinned Sleep): pin it first.
    let mut countdown = pin!(Countdown::new(3, period));
    println!("size_hint before: {:?}", countdown.size_hint());
    while let Some(n) = countdown.next().await {
        println!(
            "countdown: {n}  (size_hint now {:?})",
            countdown.size_hint()
        );
    }
    println!("countdown: liftoff");
    // A finished stream keeps returning None.
    println!("polled again after the end: {:?}", countdown.next().await);

    // 2. Combinators work on any Stream. `collect` moves the stream, so no pin needed.
    let squares: Vec<u32> = Countdown::new(4, period).map(|n| n * n).collect().await;
    println!("squares: {squares:?}");

    // 3. The boxed variant is Unpin: `.next()` works without pinning.
    let mut boxed = BoxedCountdown {
        remaining: 2,
        period,
        sleep: Box::pin(sleep(period)),
    };
    while let Some(n) = boxed.next().await {
        println!("boxed: {n}");
    }

    // 4. Two streams interleaved by timing: the faster one's items come first.
    let fast = Countdown::new(2, Duration::from_millis(20)).map(|n| format!("fast {n}"));
    let slow = Countdown::new(2, Duration::from_millis(150)).map(|n| format!("slow {n}"));
    let merged: Vec<String> = futures::stream::select(fast, slow).collect().await;
    println!("merged: {merged:?}");
}
// ANCHOR_END: main
