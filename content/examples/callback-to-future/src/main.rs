//! Turns a C-style callback API into futures: once with a oneshot channel, once with shared state and a stored Waker, and a repeated callback into a channel.
//!
//! The "C library" is simulated: `fake_lib_start` runs the work on its own
//! thread (as many C libraries do) and later calls an `extern "C" fn` with the
//! user-data pointer it was given. Nothing here blocks the async runtime.

use std::ffi::c_void;
use std::future::Future;
use std::pin::Pin;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::task::{Context, Poll, Waker};
use std::time::Duration;

use tokio::sync::{mpsc, oneshot};

// ANCHOR: c_library
/// What a C header would declare as `typedef void (*done_cb)(void *user_data, int result);`.
/// A C function pointer may be NULL, and a Rust `fn` pointer never is, so the
/// binding is an `Option` (same size and ABI: `None` is the null pointer).
type Callback = Option<unsafe extern "C" fn(user_data: *mut c_void, result: i32)>;

/// Stand-in for a C function `int lib_double(int input, done_cb cb, void *user_data)`.
/// It returns at once, does the work on a thread of its own and calls `cb`
/// exactly once, from that thread, with the `user_data` it was given.
/// Like many C libraries it refuses a NULL callback (and then never calls back).
fn fake_lib_start(input: i32, cb: Callback, user_data: *mut c_void) -> i32 {
    let Some(cb) = cb else {
        return -1;
    };
    // Raw pointers are not `Send`; a real C library would not care, so we
    // smuggle the address across as an integer.
    let addr = user_data.expose_provenance();
    std::thread::spawn(move || {
        std::thread::sleep(Duration::from_millis(100));
        // SAFETY: the caller handed us a callback that accepts this pointer.
        unsafe { cb(std::ptr::with_exposed_provenance_mut(addr), input * 2) };
    });
    0
}
// ANCHOR_END: c_library

/// Counts results that arrived after the Rust side had stopped waiting.
static LATE_RESULTS: AtomicUsize = AtomicUsize::new(0);

// ANCHOR: oneshot
unsafe extern "C" fn on_done_oneshot(user_data: *mut c_void, result: i32) {
    // SAFETY: `user_data` is the `Box<Sender>` leaked in `double_oneshot`,
    // and the library calls this function exactly once per request.
    let tx = unsafe { Box::from_raw(user_data.cast::<oneshot::Sender<i32>>()) };
    // `send` fails if the future was dropped (cancelled). That is fine:
    // the box is freed here either way.
    if tx.send(result).is_err() {
        LATE_RESULTS.fetch_add(1, Ordering::SeqCst);
    }
}

async fn double_oneshot(input: i32) -> i32 {
    let (tx, rx) = oneshot::channel();
    // The library owns the sender from now on; the callback frees it.
    let user_data = Box::into_raw(Box::new(tx)).cast::<c_void>();
    if fake_lib_start(input, Some(on_done_oneshot), user_data) != 0 {
        // Refused: no callback will ever come, so the box is still ours.
        // SAFETY: the library did not keep `user_data`.
        drop(unsafe { Box::from_raw(user_data.cast::<oneshot::Sender<i32>>()) });
        panic!("lib_double refused the request");
    }
    rx.await
        .expect("the library never calls back without a result")
}
// ANCHOR_END: oneshot

// ANCHOR: waker
/// State shared by the future and the callback.
#[derive(Default)]
struct Slot {
    result: Option<i32>,
    waker: Option<Waker>,
}

unsafe extern "C" fn on_done_waker(user_data: *mut c_void, result: i32) {
    // SAFETY: `user_data` is one strong count of an `Arc<Mutex<Slot>>`,
    // handed over with `Arc::into_raw` in `Doubled::poll`. This one-shot
    // callback is the only place that takes it back, exactly once.
    let slot = unsafe { Arc::from_raw(user_data.cast::<Mutex<Slot>>()) };
    let waker = {
        // No `unwrap` in a callback: a panic here would abort the process.
        // A poisoned lock still holds a usable `Slot`, so take it anyway.
        let mut slot = slot.lock().unwrap_or_else(PoisonError::into_inner);
        slot.result = Some(result);
        slot.waker.take()
    };
    // Wake after releasing the lock. Waker is Send + Sync, so waking
    // from a foreign thread is allowed.
    if let Some(waker) = waker {
        waker.wake();
    }
}

/// A hand-written future that starts the C operation on its first poll.
struct Doubled {
    input: i32,
    slot: Option<Arc<Mutex<Slot>>>,
}

impl Future for Doubled {
    type Output = i32;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<i32> {
        let this = self.get_mut(); // fine: `Doubled` is `Unpin`
        let input = this.input;
        let slot = this.slot.get_or_insert_with(|| {
            let slot = Arc::new(Mutex::new(Slot::default()));
            let user_data = Arc::into_raw(Arc::clone(&slot)).cast_mut().cast::<c_void>();
            if fake_lib_start(input, Some(on_done_waker), user_data) != 0 {
                // Refused: take back the strong count we handed over.
                // SAFETY: the library did not keep `user_data`.
                drop(unsafe { Arc::from_raw(user_data.cast::<Mutex<Slot>>()) });
                panic!("lib_double refused the request");
            }
            slot
        });
        let mut slot = slot.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(result) = slot.result.take() {
            return Poll::Ready(result);
        }
        // Store the waker of the latest poll: the task may have moved.
        match &slot.waker {
            Some(old) if old.will_wake(cx.waker()) => {}
            _ => slot.waker = Some(cx.waker().clone()),
        }
        Poll::Pending
    }
}
// ANCHOR_END: waker

// ANCHOR: events
/// `typedef void (*event_cb)(void *user_data, int value);`
type EventCb = Option<unsafe extern "C" fn(user_data: *mut c_void, value: i32)>;
/// `typedef void (*destroy_cb)(void *user_data);`
type DestroyCb = Option<unsafe extern "C" fn(user_data: *mut c_void)>;

/// Stand-in for `void lib_subscribe(int n, event_cb ev, destroy_cb destroy, void *user_data)`.
/// Calls `ev` once per event, `n` times, then `destroy` exactly once; after
/// `destroy` it never touches `user_data` again (GLib calls this a
/// `GDestroyNotify`).
fn fake_lib_subscribe(n: i32, ev: EventCb, destroy: DestroyCb, user_data: *mut c_void) {
    let addr = user_data.expose_provenance();
    std::thread::spawn(move || {
        let user_data = std::ptr::with_exposed_provenance_mut(addr);
        for value in 1..=n {
            std::thread::sleep(Duration::from_millis(5));
            if let Some(ev) = ev {
                // SAFETY: the subscriber gave a callback for this pointer.
                unsafe { ev(user_data, value) };
            }
        }
        if let Some(destroy) = destroy {
            // SAFETY: as above; this is the last use of `user_data`.
            unsafe { destroy(user_data) };
        }
    });
}

unsafe extern "C" fn on_event(user_data: *mut c_void, value: i32) {
    // SAFETY: a *borrow* of the sender that `subscribe` boxed. The library
    // still owns the box; only `on_destroy` may free it.
    let tx = unsafe { &*user_data.cast::<mpsc::UnboundedSender<i32>>() };
    // Never blocks. Fails only if the receiver was dropped: just skip it.
    let _ = tx.send(value);
}

unsafe extern "C" fn on_destroy(user_data: *mut c_void) {
    // SAFETY: called once, after the last event: the single `from_raw` that
    // matches the single `into_raw` in `subscribe`.
    drop(unsafe { Box::from_raw(user_data.cast::<mpsc::UnboundedSender<i32>>()) });
    // That was the last sender, so the receiver now sees the end.
}

/// Turns the event callback into a channel the async side can drain.
fn subscribe(n: i32) -> mpsc::UnboundedReceiver<i32> {
    let (tx, rx) = mpsc::unbounded_channel();
    let user_data = Box::into_raw(Box::new(tx)).cast::<c_void>();
    fake_lib_subscribe(n, Some(on_event), Some(on_destroy), user_data);
    rx
}
// ANCHOR_END: events

// ANCHOR: main
#[tokio::main]
async fn main() {
    println!(
        "oneshot variant: lib_double(21) = {}",
        double_oneshot(21).await
    );

    let fut = Doubled {
        input: 5,
        slot: None,
    };
    println!("waker variant: lib_double(5) = {}", fut.await);

    // Both kinds run concurrently: the runtime is never blocked.
    let (a, b) = tokio::join!(
        double_oneshot(1),
        Doubled {
            input: 2,
            slot: None
        }
    );
    println!("concurrently: {a} and {b}");

    // A callback that fires many times: borrow in each event, free once.
    let mut events = subscribe(3);
    let mut seen = Vec::new();
    while let Some(value) = events.recv().await {
        seen.push(value);
    }
    println!("events {seen:?}, then the destroy callback ended the stream");

    // Cancel a request: the future is dropped after 10 ms, the library still
    // calls back after 100 ms, and the callback cleans up on its own.
    let timed = tokio::time::timeout(Duration::from_millis(10), double_oneshot(100)).await;
    println!("with a 10 ms timeout: {timed:?}");
    tokio::time::sleep(Duration::from_millis(300)).await;
    println!(
        "late results discarded by the callback: {}",
        LATE_RESULTS.load(Ordering::SeqCst)
    );
}
// ANCHOR_END: main
