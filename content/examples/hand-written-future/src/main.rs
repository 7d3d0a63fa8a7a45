//! A `Delay` future written by hand: `poll` stores the `Waker`, a std thread wakes it.
//!
//! The future starts its timer thread on the first poll (futures are lazy), returns
//! `Poll::Pending` only after saving the current waker, and is polled again once the
//! thread calls `wake`. The second half awaits two delays at once with `tokio::join!`
//! and shows that a future may be polled when it is not ready yet.

use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll, Waker};
use std::thread;
use std::time::Duration;

// ANCHOR: delay
/// What the future and its timer thread share.
struct Shared {
    finished: bool,
    waker: Option<Waker>,
}

/// Completes once `duration` has passed since its first poll.
struct Delay {
    name: &'static str,
    duration: Duration,
    shared: Arc<Mutex<Shared>>,
    thread_started: bool,
    polls: u32,
}

impl Delay {
    fn new(name: &'static str, duration: Duration) -> Self {
        let shared = Shared {
            finished: false,
            waker: None,
        };
        Delay {
            name,
            duration,
            shared: Arc::new(Mutex::new(shared)),
            thread_started: false,
            polls: 0,
        }
    }
}

impl Future for Delay {
    type Output = u32; // how many times we were polled

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<u32> {
        // Every field is Unpin, so Delay is Unpin and we may take a plain &mut.
        let this = self.get_mut();
        this.polls += 1;

        let mut shared = this.shared.lock().unwrap();
        if shared.finished {
            println!("  [{}] poll #{}: ready", this.name, this.polls);
            return Poll::Ready(this.polls);
        }
        // The contract: before returning Pending, make sure someone will wake
        // *the waker of this poll*. The task may have moved, so replace an old one.
        match &shared.waker {
            Some(old) if old.will_wake(cx.waker()) => {}
            _ => shared.waker = Some(cx.waker().clone()),
        }
        drop(shared);

        if !this.thread_started {
            this.thread_started = true;
            let shared = Arc::clone(&this.shared);
            let duration = this.duration;
            let name = this.name;
            thread::spawn(move || {
                thread::sleep(duration);
                let waker = {
                    let mut shared = shared.lock().unwrap();
                    shared.finished = true;
                    shared.waker.take()
                }; // unlock before waking
                println!("  [{name}] timer thread: time is up, calling wake()");
                if let Some(waker) = waker {
                    waker.wake();
                }
            });
        }
        println!(
            "  [{}] poll #{}: pending (waker stored)",
            this.name, this.polls
        );
        Poll::Pending
    }
}
// ANCHOR_END: delay

// ANCHOR: main
#[tokio::main]
async fn main() {
    println!("one delay, awaited directly:");
    let delay = Delay::new("a", Duration::from_millis(100));
    println!("  created the future; nothing has happened yet");
    let polls = delay.await;
    println!("  finished after {polls} polls");

    println!("two delays inside tokio::join! (one task, one waker):");
    let short = Delay::new("short", Duration::from_millis(100));
    let long = Delay::new("long", Duration::from_millis(300));
    let (p_short, p_long) = tokio::join!(short, long);
    println!("  short was polled {p_short} times, long {p_long} times");
}
// ANCHOR_END: main
