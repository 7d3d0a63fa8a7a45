//! A TCP echo server on an ephemeral 127.0.0.1 port that reaps finished connections and survives accept errors.
//!
//! The accept loop is a `select!` over three events: shutdown, a new connection, and a
//! connection task that has ended. Reaping ended tasks inside the loop keeps the `JoinSet`
//! no larger than the number of open connections, and a failed `accept` is logged and
//! survived instead of stopping the server. Two clients in the same program exercise it.

use std::io;
use std::time::Duration;
use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::watch;
use tokio::task::{JoinError, JoinSet};
use tokio_util::sync::CancellationToken;

// ANCHOR: handle
/// Echoes everything it reads until the peer closes its side; returns the byte count.
async fn handle(mut socket: TcpStream) -> io::Result<u64> {
    let mut buf = vec![0u8; 4096];
    let mut total = 0;
    loop {
        let n = socket.read(&mut buf).await?;
        if n == 0 {
            return Ok(total); // end of stream: the client shut down its write half
        }
        socket.write_all(&buf[..n]).await?;
        total += n as u64;
    }
}
// ANCHOR_END: handle

// ANCHOR: accept_errors
/// Pause after an accept error that is not about a single connection, such as running
/// out of file descriptors (EMFILE), so the loop does not spin while nothing can succeed.
const ACCEPT_PAUSE: Duration = Duration::from_millis(100);

/// Accept errors that only concern the connection being accepted: the peer gave up or
/// reset it while it waited in the backlog. Skip it and accept the next one.
fn is_per_connection(e: &io::Error) -> bool {
    matches!(
        e.kind(),
        io::ErrorKind::ConnectionAborted
            | io::ErrorKind::ConnectionReset
            | io::ErrorKind::ConnectionRefused
    )
}
// ANCHOR_END: accept_errors

fn report(done: Result<io::Result<u64>, JoinError>) {
    match done {
        Ok(Ok(bytes)) => println!("server: a connection closed after echoing {bytes} bytes"),
        Ok(Err(e)) => println!("server: connection error: {e}"),
        Err(e) => println!("server: connection task failed: {e}"),
    }
}

// ANCHOR: serve
/// Serves until `shutdown` is cancelled. `reaped` counts finished connections (a metric
/// a real server might export; here `main` uses it to know when a client is fully done).
async fn serve(listener: TcpListener, shutdown: CancellationToken, reaped: watch::Sender<u64>) {
    let mut connections = JoinSet::new();
    loop {
        tokio::select! {
            _ = shutdown.cancelled() => break,
            // Collect each connection task as soon as it ends. Without this branch the set
            // would keep every finished task's output until shutdown: a slow leak.
            Some(done) = connections.join_next(), if !connections.is_empty() => {
                report(done);
                reaped.send_modify(|n| *n += 1);
            }
            // accept() is cancel safe: losing the race to another branch drops no connection.
            accepted = listener.accept() => match accepted {
                Ok((socket, _peer)) => {
                    connections.spawn(handle(socket));
                }
                Err(e) if is_per_connection(&e) => eprintln!("server: skipped a connection: {e}"),
                Err(e) => {
                    eprintln!("server: accept failed: {e}; pausing before the next try");
                    tokio::time::sleep(ACCEPT_PAUSE).await; // delays shutdown by at most this
                }
            },
        }
    }
    let open = connections.len();
    println!("server: stopped accepting; {open} connection(s) still open");
    while let Some(done) = connections.join_next().await {
        report(done);
    }
}
// ANCHOR_END: serve

// ANCHOR: client
/// Sends each line, checks the echo, then closes its write half and waits for the
/// server to close the connection in turn.
async fn client(id: u32, addr: std::net::SocketAddr, lines: &[&str]) -> io::Result<()> {
    let stream = TcpStream::connect(addr).await?;
    let (reader, mut writer) = stream.into_split();
    let mut echoes = BufReader::new(reader).lines();
    for msg in lines {
        writer.write_all(format!("{msg}\n").as_bytes()).await?;
        let echoed = echoes.next_line().await?.expect("server closed early");
        println!("client {id}: sent {msg:?}, got back {echoed:?}");
    }
    writer.shutdown().await?; // no more data from us: the server sees end of stream
    let after = echoes.next_line().await?;
    assert!(
        after.is_none(),
        "the server closes its side once we close ours"
    );
    Ok(())
}
// ANCHOR_END: client

#[tokio::main]
async fn main() -> io::Result<()> {
    // ANCHOR: main
    // Port 0 asks the OS for any free port; local_addr tells us which one we got.
    let listener = TcpListener::bind("127.0.0.1:0").await?;
    let server_addr = listener.local_addr()?;
    println!("server: listening on 127.0.0.1 (ephemeral port)");

    let shutdown = CancellationToken::new();
    let (reaped_tx, mut reaped) = watch::channel(0);
    let server = tokio::spawn(serve(listener, shutdown.clone(), reaped_tx));

    client(1, server_addr, &["hello", "async"]).await?;
    reaped.wait_for(|&n| n == 1).await.expect("server stopped");
    client(2, server_addr, &["world"]).await?;
    reaped.wait_for(|&n| n == 2).await.expect("server stopped");

    shutdown.cancel();
    server.await.expect("server task panicked");
    println!("server: shut down cleanly");
    Ok(())
    // ANCHOR_END: main
}
