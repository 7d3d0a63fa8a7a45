#![allow(unused)]
#[cfg(unix)]
use tokio::signal::unix::{SignalKind, signal};

#[cfg(unix)]
#[tokio::main]
async fn main() -> std::io::Result<()> {
    let mut terminate = signal(SignalKind::terminate())?;
    let mut hangup = signal(SignalKind::hangup())?;
    loop {
        tokio::select! {
            _ = terminate.recv() => break,
            _ = hangup.recv() => println!("SIGHUP: reloading configuration"),
        }
    }
    println!("SIGTERM: shutting down");
    Ok(())
}
#[cfg(not(unix))]
fn main() {}
