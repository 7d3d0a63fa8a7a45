//! Exposes async Rust to C: a nullable callback, a drop guard that reports every outcome exactly once, and a runtime the host can shut down.
//!
//! `main` plays the C host. It calls the exported functions the way C would,
//! passes a plain `extern "C"` callback plus a user-data pointer, and prints
//! what each request reported. One request succeeds, one panics, one is still
//! running when the host shuts the library down, and one passes `NULL`.

use std::ffi::c_void;
use std::sync::atomic::{AtomicI32, Ordering};
use std::sync::{Mutex, PoisonError};
use std::time::Duration;

use tokio::runtime::Runtime;

// ANCHOR: runtime
/// The library's runtime. A `Mutex<Option<_>>` rather than a `OnceLock`, so
/// that `mylib_shutdown` can take it out again and shut it down.
static RUNTIME: Mutex<Option<Runtime>> = Mutex::new(None);

/// Status codes the C header would `#define`.
pub const MYLIB_OK: i32 = 0;
pub const MYLIB_EINVAL: i32 = -1;
pub const MYLIB_EPANIC: i32 = -2;
pub const MYLIB_ECANCELED: i32 = -3;
pub const MYLIB_ENOTINIT: i32 = -4;

#[unsafe(no_mangle)]
pub extern "C" fn mylib_init() -> i32 {
    let mut slot = RUNTIME.lock().unwrap_or_else(PoisonError::into_inner);
    if slot.is_none() {
        match Runtime::new() {
            Ok(rt) => *slot = Some(rt),
            Err(_) => return MYLIB_ENOTINIT,
        }
    }
    MYLIB_OK
}

#[unsafe(no_mangle)]
pub extern "C" fn mylib_shutdown() {
    let taken = RUNTIME
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .take();
    if let Some(rt) = taken {
        // Drops every task that is still running; their guards report
        // MYLIB_ECANCELED. Must not be called from inside the runtime.
        rt.shutdown_timeout(Duration::from_secs(1));
    }
}
// ANCHOR_END: runtime

// ANCHOR: guard
/// `typedef void (*mylib_done_cb)(void *user_data, int status);`
/// C may pass NULL, so the Rust side of the boundary is an `Option`: same ABI,
/// and `None` is the null pointer.
pub type DoneCb = Option<unsafe extern "C" fn(user_data: *mut c_void, status: i32)>;

/// The callback and its user data, owned by one request. Whatever happens to
/// the task (it finishes, panics, or is dropped at shutdown), `cb` runs once.
struct Completion {
    cb: unsafe extern "C" fn(*mut c_void, i32),
    user_data: *mut c_void,
    called: bool,
}

// SAFETY: the C contract of `mylib_fetch_async` says that `cb` may be called
// from any thread with this `user_data`.
unsafe impl Send for Completion {}

impl Completion {
    fn finish(&mut self, status: i32) {
        if !std::mem::replace(&mut self.called, true) {
            // SAFETY: the caller of `mylib_fetch_async` promised that `cb` is
            // a valid function that accepts this `user_data`.
            unsafe { (self.cb)(self.user_data, status) }
        }
    }
}

impl Drop for Completion {
    fn drop(&mut self) {
        // Reached without `finish`: the task panicked or was dropped.
        let status = if std::thread::panicking() {
            MYLIB_EPANIC
        } else {
            MYLIB_ECANCELED
        };
        self.finish(status);
    }
}
// ANCHOR_END: guard

/// The async work behind the C API.
async fn fetch_len(id: u32) -> i32 {
    if id == 0 {
        panic!("id 0 is not a valid request");
    }
    tokio::time::sleep(Duration::from_millis(u64::from(id) * 10)).await;
    id as i32 * 100
}

// ANCHOR: export
/// Starts a request. Returns MYLIB_OK and later calls `cb(user_data, status)`
/// exactly once, from a library thread; or returns an error code and never
/// calls `cb`.
///
/// # Safety
/// `cb` must be NULL or a valid function; `user_data` must stay valid until
/// `cb` has been called.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mylib_fetch_async(id: u32, cb: DoneCb, user_data: *mut c_void) -> i32 {
    let Some(cb) = cb else {
        return MYLIB_EINVAL; // checked before anything is spawned
    };
    let runtime = RUNTIME.lock().unwrap_or_else(PoisonError::into_inner);
    let Some(rt) = runtime.as_ref() else {
        return MYLIB_ENOTINIT;
    };
    let mut done = Completion {
        cb,
        user_data,
        called: false,
    };
    rt.spawn(async move {
        let len = fetch_len(id).await;
        done.finish(len);
    });
    MYLIB_OK
}
// ANCHOR_END: export

// Everything below stands in for the C host program.

/// What the host stores per request; `user_data` points at one of these.
struct HostRequest {
    name: &'static str,
    status: AtomicI32,
}

static REQUESTS: [HostRequest; 3] = [
    HostRequest {
        name: "fast request",
        status: AtomicI32::new(1),
    },
    HostRequest {
        name: "panicking request",
        status: AtomicI32::new(1),
    },
    HostRequest {
        name: "slow request",
        status: AtomicI32::new(1),
    },
];

/// The host's callback. Counts calls too, to show there is exactly one.
unsafe extern "C" fn host_on_done(user_data: *mut c_void, status: i32) {
    // SAFETY: the host passed a pointer to one of the `REQUESTS`.
    let request = unsafe { &*user_data.cast::<HostRequest>() };
    // 1 means "not called yet"; anything else would be a second call.
    let previous = request.status.swap(status, Ordering::SeqCst);
    assert_eq!(previous, 1, "callback called twice");
}

fn main() {
    // Keep the panic of request 0 to one line on stdout.
    std::panic::set_hook(Box::new(|info| {
        println!(
            "(library task panicked: {})",
            info.payload().downcast_ref::<&str>().unwrap_or(&"?")
        )
    }));

    assert_eq!(mylib_init(), MYLIB_OK);
    let ptr = |i: usize| {
        (&REQUESTS[i] as *const HostRequest)
            .cast_mut()
            .cast::<c_void>()
    };
    // SAFETY: `host_on_done` accepts pointers into `REQUESTS`, which are 'static.
    unsafe {
        let null = mylib_fetch_async(4, None, std::ptr::null_mut());
        println!("NULL callback rejected with status {null}");
        assert_eq!(mylib_fetch_async(3, Some(host_on_done), ptr(0)), MYLIB_OK);
        assert_eq!(mylib_fetch_async(0, Some(host_on_done), ptr(1)), MYLIB_OK);
        assert_eq!(mylib_fetch_async(500, Some(host_on_done), ptr(2)), MYLIB_OK);
    }
    // The slow request (5 s) is still running when the host unloads us.
    std::thread::sleep(Duration::from_millis(200));
    mylib_shutdown();
    for request in &REQUESTS {
        println!(
            "{:<18} -> status {}",
            request.name,
            request.status.load(Ordering::SeqCst)
        );
    }
}
