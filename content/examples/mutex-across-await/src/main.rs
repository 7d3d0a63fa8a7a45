//! Shared state across tasks: a `std::sync::Mutex` whose guard is dropped before `.await`, and a `tokio::sync::Mutex` held across `.await`.
//!
//! Part 1 keeps a counter in `Arc<std::sync::Mutex<u64>>`. The guard lives in a small block,
//! so it is gone before the task awaits; that keeps the future `Send`, which `tokio::spawn`
//! requires. Part 2 guards a pretend connection whose writes are `async`: the lock has to stay
//! held across those awaits, so it is a `tokio::sync::Mutex`, and two requests never interleave.

use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::time::sleep;

// ANCHOR: std_mutex
async fn bump_many(counter: Arc<Mutex<u64>>, times: u32) {
    for _ in 0..times {
        {
            let mut n = counter.lock().unwrap();
            *n += 1;
        } // guard dropped here, before the .await below
        tokio::task::yield_now().await;
    }
}
// ANCHOR_END: std_mutex

// ANCHOR: tokio_mutex
/// Stands in for something like a database connection: every operation is async.
struct Connection {
    log: Vec<String>,
}

impl Connection {
    async fn write(&mut self, line: String) {
        sleep(Duration::from_millis(1)).await; // pretend I/O
        self.log.push(line);
    }
}

async fn request(conn: Arc<tokio::sync::Mutex<Connection>>, id: u32) {
    // The guard is held across both writes, so no other task can slip in between.
    let mut conn = conn.lock().await;
    conn.write(format!("begin {id}")).await;
    conn.write(format!("end {id}")).await;
}
// ANCHOR_END: tokio_mutex

#[tokio::main]
async fn main() {
    let counter = Arc::new(Mutex::new(0));
    let mut handles = Vec::new();
    for _ in 0..10 {
        handles.push(tokio::spawn(bump_many(Arc::clone(&counter), 100)));
    }
    for h in handles {
        h.await.unwrap();
    }
    println!(
        "std::sync::Mutex counter: {} (expected 1000)",
        *counter.lock().unwrap()
    );

    let conn = Arc::new(tokio::sync::Mutex::new(Connection { log: Vec::new() }));
    let mut handles = Vec::new();
    for id in 0..5 {
        handles.push(tokio::spawn(request(Arc::clone(&conn), id)));
    }
    for h in handles {
        h.await.unwrap();
    }
    let conn = conn.lock().await;
    // Every "begin N" must be directly followed by its own "end N".
    let paired = conn
        .log
        .chunks(2)
        .all(|pair| pair[0].strip_prefix("begin ") == pair[1].strip_prefix("end "));
    println!(
        "tokio::sync::Mutex log: {} lines, requests never interleaved: {paired}",
        conn.log.len()
    );
}
