#![allow(unused)]
use std::future::Future;

fn fetch_number() -> impl Future<Output = u32> {
    async { 42 }
}
fn main() { let _ = fetch_number(); }
