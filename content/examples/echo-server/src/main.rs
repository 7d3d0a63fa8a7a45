//! A TCP echo server on an ephemeral 127.0.0.1 port with a client in the same program.
//!
//! The server accepts connections in a `select!` loop and spawns one task per
//! connection; the client sends a few lines, reads each one back, closes its side, and
//! then the program cancels the server and waits for it to finish.

use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::net::{TcpListener, TcpStream};
use tokio::task::JoinSet;
use tokio_util::sync::CancellationToken;

// ANCHOR: handle
/// Echoes everything it reads until the peer closes its side; returns the byte count.
async fn handle(mut socket: TcpStream) -> std::io::Result<u64> {
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

// ANCHOR: serve
async fn serve(listener: TcpListener, shutdown: CancellationToken) -> std::io::Result<()> {
    let mut connections = JoinSet::new();
    loop {
        tokio::select! {
            _ = shutdown.cancelled() => break,
            // accept() is cancel safe: losing the race to `cancelled` drops no connection.
            accepted = listener.accept() => {
                let (socket, _peer) = accepted?;
                connections.spawn(handle(socket));
            }
        }
    }
    println!("server: stopped accepting, waiting for open connections");
    while let Some(done) = connections.join_next().await {
        match done {
            Ok(Ok(bytes)) => println!("server: a connection closed after echoing {bytes} bytes"),
            Ok(Err(e)) => println!("server: connection error: {e}"),
            Err(e) => println!("server: connection task failed: {e}"),
        }
    }
    Ok(())
}
// ANCHOR_END: serve

// ANCHOR: client
async fn client(addr: std::net::SocketAddr) -> std::io::Result<()> {
    let stream = TcpStream::connect(addr).await?;
    let (reader, mut writer) = stream.into_split();
    let mut lines = BufReader::new(reader).lines();
    for msg in ["hello", "async", "world"] {
        writer.write_all(format!("{msg}\n").as_bytes()).await?;
        let echoed = lines.next_line().await?.expect("server closed early");
        println!("client: sent {msg:?}, got back {echoed:?}");
    }
    writer.shutdown().await?; // no more data from us: the server sees end of stream
    assert!(
        lines.next_line().await?.is_none(),
        "server closed its side too"
    );
    println!("client: server closed the connection");
    Ok(())
}
// ANCHOR_END: client

#[tokio::main]
async fn main() -> std::io::Result<()> {
    // ANCHOR: main
    // Port 0 asks the OS for any free port; local_addr tells us which one we got.
    let listener = TcpListener::bind("127.0.0.1:0").await?;
    let addr = listener.local_addr()?;
    println!("server: listening on 127.0.0.1 (ephemeral port)");

    let shutdown = CancellationToken::new();
    let server = tokio::spawn(serve(listener, shutdown.clone()));

    client(addr).await?;

    shutdown.cancel();
    server.await.expect("server task panicked")?;
    println!("server: shut down cleanly");
    Ok(())
    // ANCHOR_END: main
}
