//! Runs tokio-based futures on a non-tokio executor (`futures::executor::block_on`) with `async_compat::Compat`.
//!
//! Without a tokio runtime context, `tokio::time::sleep` and `TcpListener::bind`
//! panic ("there is no reactor running"). `Compat` enters a tokio context on
//! every poll; outside any runtime it lazily starts one global current-thread
//! runtime, driven by a helper thread named `async-compat/tokio-1`. The wrapped
//! future is still polled on the calling thread; tasks it spawns run on the
//! helper thread.

use std::time::Duration;

use async_compat::{Compat, CompatExt};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

fn thread_name() -> String {
    std::thread::current()
        .name()
        .unwrap_or("unnamed")
        .to_owned()
}

// ANCHOR: compat
/// Plain tokio code: a timer, a socket pair on 127.0.0.1 and a spawned task.
async fn tokio_flavoured_work() -> std::io::Result<(String, String, String)> {
    tokio::time::sleep(Duration::from_millis(10)).await;

    let listener = TcpListener::bind("127.0.0.1:0").await?;
    let addr = listener.local_addr()?;
    let server = tokio::spawn(async move {
        let (mut sock, _) = listener.accept().await?;
        sock.write_all(b"pong").await?;
        Ok::<_, std::io::Error>(thread_name())
    });

    let mut client = TcpStream::connect(addr).await?;
    let mut reply = String::new();
    client.read_to_string(&mut reply).await?;
    let server_thread = server.await.expect("server task panicked")?;
    Ok((reply, thread_name(), server_thread))
}

fn main() -> std::io::Result<()> {
    // futures' executor has no reactor and no timer; Compat supplies tokio's.
    let (reply, polled_on, spawned_on) =
        futures::executor::block_on(Compat::new(tokio_flavoured_work()))?;
    println!("reply over 127.0.0.1: {reply}");
    println!("wrapped future polled on thread: {polled_on}");
    println!("tokio::spawn task ran on thread: {spawned_on}");

    // The extension-trait spelling does the same. The tokio value must be
    // *created* inside the wrapper: `tokio::time::sleep(..).compat()` would
    // build the Sleep (and panic) before Compat had a chance to enter tokio.
    futures::executor::block_on(
        async { tokio::time::sleep(Duration::from_millis(5)).await }.compat(),
    );
    println!("tokio sleep finished under futures::executor via .compat()");
    Ok(())
}
// ANCHOR_END: compat
