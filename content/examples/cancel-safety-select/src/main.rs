//! Cancellation safety in a `select!` loop: a recreated multi-step read loses data, a pinned one does not.
//!
//! A producer sends the bytes 0..12 one at a time, 35 ms apart; the consumer assembles frames
//! of three bytes while a 100 ms ticker fires in another `select!` branch. The clock is paused
//! (`start_paused`), so the interleaving and the output are the same on every run.

use std::pin::pin;
use std::time::Duration;

use tokio::sync::mpsc;
use tokio::time::{self, Instant};

const FRAME_LEN: usize = 3;

/// Sends `count` bytes, one every 35 ms, then closes the channel by dropping the sender.
fn start_producer(count: u8) -> mpsc::Receiver<u8> {
    let (tx, rx) = mpsc::channel(16);
    tokio::spawn(async move {
        for byte in 0..count {
            time::sleep(Duration::from_millis(35)).await;
            tx.send(byte).await.expect("consumer alive");
        }
    });
    rx
}

fn ms(start: Instant) -> u128 {
    start.elapsed().as_millis()
}

// ANCHOR: read_frame
/// Reads one frame. Progress lives in the local `partial`, so it is lost if this future is
/// dropped between two bytes: `recv` is cancel safe, `read_frame` is not.
async fn read_frame(rx: &mut mpsc::Receiver<u8>, start: Instant) -> Option<Vec<u8>> {
    let mut partial = Partial {
        bytes: Vec::with_capacity(FRAME_LEN),
        start,
    };
    while partial.bytes.len() < FRAME_LEN {
        let byte = rx.recv().await?;
        partial.bytes.push(byte);
        println!(
            "  {:>3} ms  got byte {byte:>2} ({}/{FRAME_LEN})",
            ms(start),
            partial.bytes.len()
        );
    }
    Some(std::mem::take(&mut partial.bytes))
}

/// Reports bytes that were read but never became a frame, when `read_frame` ends early
/// (cancelled by `select!`, or the channel closed mid-frame).
struct Partial {
    bytes: Vec<u8>,
    start: Instant,
}

impl Drop for Partial {
    fn drop(&mut self) {
        if !self.bytes.is_empty() {
            println!(
                "  {:>3} ms  read_frame dropped, bytes {:?} LOST",
                ms(self.start),
                self.bytes
            );
        }
    }
}
// ANCHOR_END: read_frame

// ANCHOR: unsafe_loop
async fn recreated_each_iteration() -> usize {
    let start = Instant::now();
    let mut rx = start_producer(12);
    let mut ticker = time::interval(Duration::from_millis(100));
    let mut delivered = 0;
    loop {
        tokio::select! {
            // A brand-new read_frame future on every turn of the loop. When the
            // ticker wins, the old one is dropped together with its partial frame.
            frame = read_frame(&mut rx, start) => match frame {
                Some(frame) => {
                    println!("  {:>3} ms  FRAME {frame:?}", ms(start));
                    delivered += frame.len();
                }
                None => break,
            },
            _ = ticker.tick() => println!("  {:>3} ms  tick", ms(start)),
        }
    }
    delivered
}
// ANCHOR_END: unsafe_loop

// ANCHOR: safe_loop
/// Like `read_frame`, but owns the receiver and hands it back, so that the pinned slot can be
/// refilled with a new read after each frame without fighting the borrow checker.
async fn read_frame_owned(
    mut rx: mpsc::Receiver<u8>,
    start: Instant,
) -> (Option<Vec<u8>>, mpsc::Receiver<u8>) {
    let frame = read_frame(&mut rx, start).await;
    (frame, rx)
}

async fn pinned_and_reused() -> usize {
    let start = Instant::now();
    let rx = start_producer(12);
    let mut ticker = time::interval(Duration::from_millis(100));
    let mut delivered = 0;
    // Created once, outside the loop; select! only borrows it.
    let mut reading = pin!(read_frame_owned(rx, start));
    loop {
        tokio::select! {
            (frame, rx) = &mut reading => match frame {
                Some(frame) => {
                    println!("  {:>3} ms  FRAME {frame:?}", ms(start));
                    delivered += frame.len();
                    // Start the next frame only after this one completed.
                    reading.set(read_frame_owned(rx, start));
                }
                None => break,
            },
            _ = ticker.tick() => println!("  {:>3} ms  tick", ms(start)),
        }
    }
    delivered
}
// ANCHOR_END: safe_loop

#[tokio::main(flavor = "current_thread", start_paused = true)]
async fn main() {
    println!("UNSAFE: read_frame(...) recreated on every loop iteration");
    let lost = 12 - recreated_each_iteration().await;
    println!("  delivered {} of 12 bytes, lost {lost}\n", 12 - lost);

    println!("SAFE: one pinned future, polled through &mut, replaced after completion");
    let lost = 12 - pinned_and_reused().await;
    println!("  delivered {} of 12 bytes, lost {lost}", 12 - lost);
}
