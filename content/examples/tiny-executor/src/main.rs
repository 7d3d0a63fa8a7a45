//! A minimal single-threaded executor built on std only: an mpsc task queue and `Wake`.
//!
//! Each spawned future becomes an `Arc<Task>`. The task's `Waker` comes from
//! `std::task::Wake`: waking sends the `Arc<Task>` back into the run queue. The
//! executor loop receives tasks and polls them, and it stops once every task has
//! finished and every waker is gone (the channel then reports that it is closed).

use std::future::Future;
use std::pin::Pin;
use std::sync::mpsc::{self, Receiver, Sender};
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll, Wake, Waker};
use std::thread;
use std::time::Duration;

// ANCHOR: task
type BoxFuture = Pin<Box<dyn Future<Output = ()> + Send>>;

/// A spawned future plus the way back into the run queue.
struct Task {
    name: &'static str,
    /// `None` once the future has completed.
    future: Mutex<Option<BoxFuture>>,
    queue: Sender<Arc<Task>>,
}

impl Wake for Task {
    fn wake(self: Arc<Self>) {
        // Re-schedule: put this task back into the run queue. If the executor is
        // gone the send fails, and there is nothing left to do.
        let queue = self.queue.clone();
        let _ = queue.send(self);
    }
}
// ANCHOR_END: task

// ANCHOR: executor
struct Executor {
    queue: Sender<Arc<Task>>,
    ready: Receiver<Arc<Task>>,
}

impl Executor {
    fn new() -> Self {
        let (queue, ready) = mpsc::channel();
        Executor { queue, ready }
    }

    fn spawn(&self, name: &'static str, future: impl Future<Output = ()> + Send + 'static) {
        let task = Arc::new(Task {
            name,
            future: Mutex::new(Some(Box::pin(future))),
            queue: self.queue.clone(),
        });
        self.queue
            .send(task)
            .expect("the executor owns the receiver");
    }

    fn run(self) {
        let Executor { queue, ready } = self;
        // Drop our own sender: from now on, only tasks and their wakers keep the
        // channel open, so `recv` fails once all of them are gone.
        drop(queue);
        while let Ok(task) = ready.recv() {
            let mut slot = task.future.lock().unwrap();
            let Some(future) = slot.as_mut() else {
                continue; // a stale wake-up for a finished task
            };
            let waker = Waker::from(Arc::clone(&task));
            let mut cx = Context::from_waker(&waker);
            println!("executor: polling {}", task.name);
            if future.as_mut().poll(&mut cx).is_ready() {
                println!("executor: {} finished", task.name);
                *slot = None; // drop the future now
            }
        }
        println!("executor: queue closed, every task is done");
    }
}
// ANCHOR_END: executor

// ANCHOR: timer
/// A timer future: a thread sleeps, then sets the flag and wakes the stored waker.
struct Timer {
    state: Arc<Mutex<(bool, Option<Waker>)>>,
}

impl Timer {
    fn after(duration: Duration) -> Self {
        let state = Arc::new(Mutex::new((false, None::<Waker>)));
        let for_thread = Arc::clone(&state);
        thread::spawn(move || {
            thread::sleep(duration);
            let waker = {
                let mut guard = for_thread.lock().unwrap();
                guard.0 = true;
                guard.1.take()
            };
            if let Some(waker) = waker {
                waker.wake();
            }
        });
        Timer { state }
    }
}

impl Future for Timer {
    type Output = ();
    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        let mut guard = self.state.lock().unwrap();
        if guard.0 {
            Poll::Ready(())
        } else {
            guard.1 = Some(cx.waker().clone());
            Poll::Pending
        }
    }
}
// ANCHOR_END: timer

// ANCHOR: yield
/// Returns Pending once, but wakes itself first: "poll me again soon".
struct YieldNow {
    yielded: bool,
}

impl Future for YieldNow {
    type Output = ();
    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        if self.yielded {
            return Poll::Ready(());
        }
        self.yielded = true;
        cx.waker().wake_by_ref();
        Poll::Pending
    }
}
// ANCHOR_END: yield

// ANCHOR: main
fn main() {
    let executor = Executor::new();

    executor.spawn("sleeper", async {
        println!("  sleeper: waiting 50 ms");
        Timer::after(Duration::from_millis(50)).await;
        println!("  sleeper: waiting 100 ms more");
        Timer::after(Duration::from_millis(100)).await;
        println!("  sleeper: awake");
    });

    executor.spawn("yielder", async {
        for step in 1..=2 {
            println!("  yielder: step {step}, yielding to the other tasks");
            YieldNow { yielded: false }.await;
        }
        println!("  yielder: done");
    });

    executor.spawn("adder", async {
        let sum: u32 = (1..=10).sum();
        println!("  adder: 1 + ... + 10 = {sum}, never had to wait");
    });

    executor.run();
}
// ANCHOR_END: main
