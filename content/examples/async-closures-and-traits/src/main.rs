//! An async closure behind an AsyncFnMut bound, async fn in a trait, and a dyn-compatible boxed variant.
//!
//! Shows the three shapes of "async code passed around": closures, generic traits with
//! `async fn`, and a trait object whose methods return `Pin<Box<dyn Future>>`.

use std::collections::HashMap;
use std::future::Future;
use std::pin::Pin;

// ANCHOR: closure
/// Calls `op` up to `attempts` times until it returns Ok.
async fn retry<F>(attempts: u32, mut op: F) -> Result<u32, String>
where
    F: AsyncFnMut(u32) -> Result<u32, String>,
{
    let mut last_err = String::from("no attempts made");
    for attempt in 1..=attempts {
        match op(attempt).await {
            Ok(value) => return Ok(value),
            Err(e) => last_err = e,
        }
    }
    Err(last_err)
}
// ANCHOR_END: closure

// ANCHOR: trait
trait Storage {
    async fn get(&self, key: &str) -> Option<String>;
}

struct Memory(HashMap<String, String>);

impl Storage for Memory {
    async fn get(&self, key: &str) -> Option<String> {
        tokio::task::yield_now().await; // pretend to do IO
        self.0.get(key).cloned()
    }
}

// Static dispatch: `S` is known at compile time, so the future's type is too.
async fn lookup<S: Storage>(store: &S, key: &str) -> String {
    store.get(key).await.unwrap_or_else(|| "<missing>".into())
}
// ANCHOR_END: trait

// ANCHOR: dyn
type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

trait DynStorage: Send + Sync {
    fn get<'a>(&'a self, key: &'a str) -> BoxFuture<'a, Option<String>>;
}

struct Fixed(&'static str);

impl DynStorage for Fixed {
    fn get<'a>(&'a self, _key: &'a str) -> BoxFuture<'a, Option<String>> {
        Box::pin(async move { Some(self.0.to_string()) })
    }
}

impl DynStorage for Memory {
    fn get<'a>(&'a self, key: &'a str) -> BoxFuture<'a, Option<String>> {
        Box::pin(async move { self.0.get(key).cloned() })
    }
}
// ANCHOR_END: dyn

#[tokio::main]
async fn main() {
    // ANCHOR: use_closure
    let mut log = Vec::new();
    // The future an async closure returns may borrow the closure's captures: here it
    // mutates `log` *after* an await, which a closure returning `async move {}` cannot do.
    let result = retry(5, async |attempt| {
        tokio::task::yield_now().await; // pretend to wait for a server
        log.push(attempt);
        if attempt < 3 {
            Err(format!("attempt {attempt} failed"))
        } else {
            Ok(attempt * 10)
        }
    })
    .await;
    println!("retry result: {result:?}, attempts made: {log:?}");
    // ANCHOR_END: use_closure

    let failing = retry(2, async |attempt| Err(format!("attempt {attempt} failed"))).await;
    println!("retry result: {failing:?}");

    let memory = Memory(HashMap::from([("lang".to_string(), "Rust".to_string())]));
    println!("generic lookup: lang = {}", lookup(&memory, "lang").await);
    println!(
        "generic lookup: editor = {}",
        lookup(&memory, "editor").await
    );

    // ANCHOR: use_dyn
    // Different concrete types behind one trait object type.
    let stores: Vec<Box<dyn DynStorage>> = vec![Box::new(memory), Box::new(Fixed("always this"))];
    for (i, store) in stores.iter().enumerate() {
        println!("dyn store {i}: lang = {:?}", store.get("lang").await);
    }
    // The boxed futures are Send, so a trait object can be used inside tokio::spawn.
    let shared: std::sync::Arc<dyn DynStorage> = std::sync::Arc::new(Fixed("from a task"));
    let answer = tokio::spawn(async move { shared.get("x").await })
        .await
        .unwrap();
    println!("spawned task got {answer:?}");
    // ANCHOR_END: use_dyn
}
