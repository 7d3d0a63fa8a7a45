//! A tiny async runtime on std only: a run queue executor, JoinHandles, and a timer thread.
//!
//! Each task is an `Arc<Task>` that implements `std::task::Wake`: waking it pushes
//! it onto a shared run queue (once, thanks to a `scheduled` flag). `spawn`
//! returns a `JoinHandle` backed by a hand-made one-shot slot. A timer thread
//! keeps a `BinaryHeap` of deadlines, parks on a `Condvar` with a timeout until
//! the earliest one, and wakes the task that registered it. The demo spawns
//! tasks that sleep for different durations and prints the order they finish.

use std::cmp::Reverse;
use std::collections::{BinaryHeap, VecDeque};
use std::pin::Pin;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Condvar, Mutex, OnceLock};
use std::task::{Context, Poll, Wake, Waker};
use std::thread;
use std::time::{Duration, Instant};

// ANCHOR: task
type BoxFuture = Pin<Box<dyn Future<Output = ()> + Send + 'static>>;

/// State shared by the executor loop and every waker.
struct Shared {
    run_queue: Mutex<VecDeque<Arc<Task>>>,
    work_available: Condvar,
    live_tasks: AtomicUsize,
}

struct Task {
    future: Mutex<Option<BoxFuture>>, // None once the task has completed
    scheduled: AtomicBool,            // already in the run queue?
    shared: Arc<Shared>,
}

impl Wake for Task {
    fn wake(self: Arc<Self>) {
        // Many wake-ups before the next poll must queue the task only once.
        if !self.scheduled.swap(true, Ordering::AcqRel) {
            let shared = self.shared.clone();
            shared.run_queue.lock().unwrap().push_back(self);
            shared.work_available.notify_one();
        }
    }
}
// ANCHOR_END: task

// ANCHOR: join_handle
/// A one-shot slot: the task writes its output, the JoinHandle waits for it.
struct JoinSlot<T> {
    value: Option<T>,
    waker: Option<Waker>,
}

struct JoinHandle<T> {
    slot: Arc<Mutex<JoinSlot<T>>>,
}

impl<T> Future for JoinHandle<T> {
    type Output = T;
    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<T> {
        let mut slot = self.slot.lock().unwrap();
        if let Some(value) = slot.value.take() {
            return Poll::Ready(value);
        }
        // Keep only the most recent waker. `clone_from` skips the clone when
        // `will_wake` says the stored waker already wakes this task.
        match &mut slot.waker {
            Some(w) => w.clone_from(cx.waker()),
            None => slot.waker = Some(cx.waker().clone()),
        }
        Poll::Pending
    }
}
// ANCHOR_END: join_handle

// ANCHOR: executor
#[derive(Clone)]
struct Runtime {
    shared: Arc<Shared>,
}

impl Runtime {
    fn new() -> Self {
        Runtime {
            shared: Arc::new(Shared {
                run_queue: Mutex::new(VecDeque::new()),
                work_available: Condvar::new(),
                live_tasks: AtomicUsize::new(0),
            }),
        }
    }

    fn spawn<F>(&self, fut: F) -> JoinHandle<F::Output>
    where
        F: Future + Send + 'static,
        F::Output: Send + 'static,
    {
        let slot = Arc::new(Mutex::new(JoinSlot {
            value: None,
            waker: None,
        }));
        let task_slot = slot.clone();
        let wrapped = async move {
            let value = fut.await;
            let waker = {
                let mut s = task_slot.lock().unwrap();
                s.value = Some(value);
                s.waker.take()
            }; // release the lock before waking
            if let Some(w) = waker {
                w.wake();
            }
        };
        let task = Arc::new(Task {
            future: Mutex::new(Some(Box::pin(wrapped))),
            scheduled: AtomicBool::new(false),
            shared: self.shared.clone(),
        });
        self.shared.live_tasks.fetch_add(1, Ordering::AcqRel);
        task.wake(); // schedule the first poll
        JoinHandle { slot }
    }

    /// Polls tasks until none is left alive.
    fn run(&self) {
        loop {
            let task = {
                let mut queue = self.shared.run_queue.lock().unwrap();
                loop {
                    if let Some(t) = queue.pop_front() {
                        break t;
                    }
                    if self.shared.live_tasks.load(Ordering::Acquire) == 0 {
                        return;
                    }
                    // Sleep until some waker pushes a task (timer thread, other tasks).
                    queue = self.shared.work_available.wait(queue).unwrap();
                }
            };
            // Clear the flag *before* polling, so a wake during the poll requeues it.
            task.scheduled.store(false, Ordering::Release);
            let mut slot = task.future.lock().unwrap();
            let Some(fut) = slot.as_mut() else { continue };
            let waker = Waker::from(task.clone());
            if fut
                .as_mut()
                .poll(&mut Context::from_waker(&waker))
                .is_ready()
            {
                *slot = None; // drop the future now
                self.shared.live_tasks.fetch_sub(1, Ordering::AcqRel);
                self.shared.work_available.notify_one();
            }
        }
    }
}
// ANCHOR_END: executor

// ANCHOR: timer
/// Deadlines ordered earliest first; the sequence number keeps ties stable.
struct TimerQueue {
    heap: BinaryHeap<Reverse<(Instant, u64)>>,
    wakers: Vec<(u64, Waker)>,
    next_seq: u64,
}

struct TimerThread {
    queue: Mutex<TimerQueue>,
    changed: Condvar,
}

fn timer_thread() -> &'static TimerThread {
    static TIMER: OnceLock<&'static TimerThread> = OnceLock::new();
    TIMER.get_or_init(|| {
        let timer: &'static TimerThread = Box::leak(Box::new(TimerThread {
            queue: Mutex::new(TimerQueue {
                heap: BinaryHeap::new(),
                wakers: Vec::new(),
                next_seq: 0,
            }),
            changed: Condvar::new(),
        }));
        thread::spawn(move || timer.run());
        timer
    })
}

impl TimerThread {
    fn register(&self, deadline: Instant, waker: Waker) {
        let mut q = self.queue.lock().unwrap();
        let seq = q.next_seq;
        q.next_seq += 1;
        q.heap.push(Reverse((deadline, seq)));
        q.wakers.push((seq, waker));
        // The new deadline may be earlier than the one the thread is parked on.
        self.changed.notify_one();
    }

    fn run(&self) {
        let mut q = self.queue.lock().unwrap();
        loop {
            let now = Instant::now();
            let mut due = Vec::new();
            while let Some(&Reverse((when, seq))) = q.heap.peek() {
                if when > now {
                    break;
                }
                q.heap.pop();
                if let Some(i) = q.wakers.iter().position(|(s, _)| *s == seq) {
                    due.push(q.wakers.swap_remove(i).1);
                }
            }
            if !due.is_empty() {
                drop(q); // never wake while holding our own lock
                due.into_iter().for_each(Waker::wake);
                q = self.queue.lock().unwrap();
                continue;
            }
            // Park until the earliest deadline, or until `register` notifies us.
            q = match q.heap.peek() {
                Some(&Reverse((when, _))) => self.changed.wait_timeout(q, when - now).unwrap().0,
                None => self.changed.wait(q).unwrap(),
            };
        }
    }
}
// ANCHOR_END: timer

// ANCHOR: sleep
/// A leaf future: ready once the deadline has passed.
struct Sleep {
    deadline: Instant,
    registered: bool,
}

fn sleep(dur: Duration) -> Sleep {
    Sleep {
        deadline: Instant::now() + dur,
        registered: false,
    }
}

impl Future for Sleep {
    type Output = ();
    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        if Instant::now() >= self.deadline {
            return Poll::Ready(());
        }
        // Simplification: register once. On this runtime a task always gets the
        // same waker, but a general-purpose Sleep must update the stored waker
        // when the task changes (see `clone_from` in the JoinHandle above).
        if !self.registered {
            timer_thread().register(self.deadline, cx.waker().clone());
            self.registered = true;
        }
        Poll::Pending
    }
}
// ANCHOR_END: sleep

// ANCHOR: main
fn main() {
    let rt = Runtime::new();
    let finished = Arc::new(Mutex::new(Vec::new()));

    let mut handles = Vec::new();
    for (name, ms) in [
        ("slow", 600),
        ("fast", 100),
        ("medium", 300),
        ("instant", 0),
    ] {
        let finished = finished.clone();
        handles.push(rt.spawn(async move {
            println!("{name}: start, sleeping {ms} ms");
            sleep(Duration::from_millis(ms)).await;
            println!("{name}: done");
            finished.lock().unwrap().push(name);
            ms
        }));
    }

    // Tasks can spawn tasks and await other tasks' JoinHandles.
    let inner = rt.clone();
    rt.spawn(async move {
        sleep(Duration::from_millis(150)).await;
        println!("parent: spawning a child at ~150 ms");
        let child = inner.spawn(async {
            sleep(Duration::from_millis(50)).await;
            println!("child: done");
            "child result"
        });
        println!("parent: child returned {:?}", child.await);

        let mut total = 0;
        for h in handles {
            total += h.await;
        }
        println!("parent: all sleepers joined, total {total} ms slept");
    });

    let start = Instant::now();
    rt.run();
    println!("finish order: {:?}", finished.lock().unwrap());
    println!(
        "run() returned after >= 600 ms: {}",
        start.elapsed() >= Duration::from_millis(600)
    );
}
// ANCHOR_END: main
