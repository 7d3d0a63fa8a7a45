//! Pin projection with pin-project-lite: a `Timed<F>` wrapper that counts polls and measures time.
//!
//! `Timed` holds the inner future as a structurally pinned field (`#[pin]`) and its counters as
//! ordinary fields. The clock is paused (`start_paused`), so elapsed times are exact and the
//! output is the same on every run.

use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

use pin_project_lite::pin_project;
use tokio::sync::oneshot;
use tokio::time::{self, Instant};

// ANCHOR: struct
pin_project! {
    /// Wraps a future and reports how long it took and how often it was polled.
    pub struct Timed<F> {
        #[pin]
        inner: F,          // structurally pinned: we only ever get Pin<&mut F>
        polls: u32,        // not pinned: we get a plain &mut u32
        started: Option<Instant>,
    }
}
// ANCHOR_END: struct

/// What `Timed` adds to the inner future's output.
#[derive(Debug)]
pub struct Stats {
    pub polls: u32,
    pub elapsed: Duration,
}

// ANCHOR: poll
impl<F: Future> Future for Timed<F> {
    type Output = (F::Output, Stats);

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        // One projection per poll: `this.inner` is Pin<&mut F>, the rest are &mut T.
        let this = self.project();
        let started = *this.started.get_or_insert_with(Instant::now);
        *this.polls += 1;
        match this.inner.poll(cx) {
            Poll::Ready(output) => {
                let stats = Stats {
                    polls: *this.polls,
                    elapsed: started.elapsed(),
                };
                Poll::Ready((output, stats))
            }
            Poll::Pending => Poll::Pending,
        }
    }
}
// ANCHOR_END: poll

// ANCHOR: ext
/// `.timed()` on every future, like the adapters in `futures::FutureExt`.
pub trait TimedExt: Future + Sized {
    fn timed(self) -> Timed<Self> {
        Timed {
            inner: self,
            polls: 0,
            started: None,
        }
    }
}

impl<F: Future> TimedExt for F {}
// ANCHOR_END: ext

fn report(name: &str, stats: &Stats) {
    println!(
        "{name:<28} polls: {:>2}   elapsed: {:>4} ms",
        stats.polls,
        stats.elapsed.as_millis()
    );
}

// ANCHOR: main
#[tokio::main(flavor = "current_thread", start_paused = true)]
async fn main() {
    // Ready at once: a single poll.
    let (value, stats) = std::future::ready(7).timed().await;
    report(&format!("ready({value})"), &stats);

    // Three sleeps: Pending three times, so four polls in all.
    let (_, stats) = async {
        for _ in 0..3 {
            time::sleep(Duration::from_millis(20)).await;
        }
    }
    .timed()
    .await;
    report("three 20 ms sleeps", &stats);

    // Waiting on a channel: one poll to register, one after the sender's wake-up.
    let (tx, rx) = oneshot::channel();
    tokio::spawn(async move {
        time::sleep(Duration::from_millis(150)).await;
        let _ = tx.send("hello");
    });
    let (message, stats) = rx.timed().await;
    report(&format!("oneshot -> {:?}", message.unwrap()), &stats);

    // A future that yields five times to the scheduler without waiting for anything.
    let (_, stats) = async {
        for _ in 0..5 {
            tokio::task::yield_now().await;
        }
    }
    .timed()
    .await;
    report("five yield_now()", &stats);

    // Timed<Sleep> is !Unpin (Sleep is), so polling it by hand needs a pinned place.
    let mut timed = std::pin::pin!(time::sleep(Duration::from_millis(5)).timed());
    let ready = std::future::poll_fn(|cx| Poll::Ready(timed.as_mut().poll(cx).is_ready())).await;
    println!("first manual poll of a 5 ms sleep ready? {ready}");
    let ((), stats) = timed.await; // Pin<&mut Timed<_>> is itself a future
    report("pinned, first poll by hand", &stats);
}
// ANCHOR_END: main
