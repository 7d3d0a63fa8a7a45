//! A park-based `block_on` loses a wake-up when code inside `poll` also parks the thread; a `notified` flag fixes it.
//!
//! `naive_block_on` unparks on wake and calls `thread::park()` after every
//! `Pending`, trusting the thread's single park token to remember a wake-up.
//! `flagged_block_on` records the wake-up in an `AtomicBool` instead and parks
//! only while the flag is clear. The test future wakes itself and then calls
//! `std::sync::mpsc::Receiver::recv_timeout`, which parks and so consumes the
//! token. Each executor runs on its own thread with a 500 ms watchdog.

use std::pin::{Pin, pin};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc;
use std::task::{Context, Poll, Wake, Waker};
use std::thread::{self, Thread};
use std::time::Duration;

// ANCHOR: naive
struct Unparker(Thread);

impl Wake for Unparker {
    fn wake(self: Arc<Self>) {
        self.0.unpark();
    }
}

/// Broken: relies on the park token, which any parking code inside `poll` can eat.
fn naive_block_on<F: Future>(fut: F) -> F::Output {
    let mut fut = pin!(fut);
    let waker = Waker::from(Arc::new(Unparker(thread::current())));
    let mut cx = Context::from_waker(&waker);
    loop {
        match fut.as_mut().poll(&mut cx) {
            Poll::Ready(out) => return out,
            Poll::Pending => thread::park(),
        }
    }
}
// ANCHOR_END: naive

struct FlagWaker {
    thread: Thread,
    notified: AtomicBool,
}

impl Wake for FlagWaker {
    fn wake(self: Arc<Self>) {
        self.wake_by_ref();
    }
    fn wake_by_ref(self: &Arc<Self>) {
        if !self.notified.swap(true, Ordering::Release) {
            self.thread.unpark();
        }
    }
}

/// Fixed: the flag remembers the wake-up; park() is only how we wait for it.
fn flagged_block_on<F: Future>(fut: F) -> F::Output {
    let mut fut = pin!(fut);
    let state = Arc::new(FlagWaker {
        thread: thread::current(),
        notified: AtomicBool::new(false),
    });
    let waker = Waker::from(state.clone());
    let mut cx = Context::from_waker(&waker);
    loop {
        if let Poll::Ready(out) = fut.as_mut().poll(&mut cx) {
            return out;
        }
        while !state.notified.swap(false, Ordering::Acquire) {
            thread::park();
        }
    }
}

// ANCHOR: parks_inside_poll
/// Yields once, but does some synchronous waiting inside `poll` first.
struct ParksInsidePoll {
    yielded: bool,
    idle: mpsc::Receiver<()>, // nothing is ever sent on it
}

impl Future for ParksInsidePoll {
    type Output = &'static str;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        if self.yielded {
            return Poll::Ready("completed");
        }
        self.yielded = true;
        cx.waker().wake_by_ref(); // "poll me again": the executor unparks its thread...
        // ...and this std call parks the same thread, using up that unpark.
        let _ = self.idle.recv_timeout(Duration::from_millis(2));
        Poll::Pending
    }
}
// ANCHOR_END: parks_inside_poll

/// Runs one executor on its own thread and reports whether it finished in time.
fn try_executor(name: &str, run: fn(ParksInsidePoll) -> &'static str) {
    let (idle_tx, idle) = mpsc::channel::<()>();
    let (done_tx, done_rx) = mpsc::channel();
    thread::spawn(move || {
        let _keep_open = idle_tx; // so recv_timeout times out instead of failing at once
        let out = run(ParksInsidePoll {
            yielded: false,
            idle,
        });
        let _ = done_tx.send(out);
    });
    match done_rx.recv_timeout(Duration::from_millis(500)) {
        Ok(out) => println!("{name:<28} {out}"),
        Err(_) => println!("{name:<28} hung: the wake-up was lost (gave up after 500 ms)"),
    }
}

fn main() {
    try_executor("naive park/unpark block_on:", naive_block_on);
    try_executor("block_on with notified flag:", flagged_block_on);
    try_executor(
        "futures::executor::block_on:",
        futures::executor::block_on::<ParksInsidePoll>,
    );
}
