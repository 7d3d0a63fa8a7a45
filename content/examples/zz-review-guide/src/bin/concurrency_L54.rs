#![allow(unused)]
fn main() {
use std::thread;

let handles: Vec<_> = (0..4)
    .map(|i| thread::spawn(move || i * i))
    .collect();
let squares: Vec<i32> = handles.into_iter().map(|h| h.join().unwrap()).collect();
assert_eq!(squares, [0, 1, 4, 9]);
}
