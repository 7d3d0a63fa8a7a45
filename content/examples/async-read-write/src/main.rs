//! AsyncRead and AsyncWrite over an in-memory pipe: write_all, BufReader lines, split, and a hand-written AsyncRead.
//!
//! `tokio::io::duplex` gives two connected `DuplexStream`s that behave like the
//! two ends of a socket, without any networking. The demo writes and reads
//! whole buffers, runs a line-based echo task over split halves, and wraps a
//! reader in `Uppercase`, a tiny `AsyncRead` adapter that delegates to its inner
//! reader and then edits the bytes that were just filled in.

use std::io;
use std::pin::Pin;
use std::task::{Context, Poll, ready};

use pin_project_lite::pin_project;
use tokio::io::{
    AsyncBufReadExt, AsyncRead, AsyncReadExt, AsyncWriteExt, BufReader, ReadBuf, duplex,
};

// ANCHOR: uppercase
pin_project! {
    /// Reads from `inner` and upper-cases ASCII letters on the way through.
    struct Uppercase<R> {
        #[pin]
        inner: R,
    }
}

impl<R: AsyncRead> AsyncRead for Uppercase<R> {
    fn poll_read(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        let already = buf.filled().len();
        // Let the inner reader fill the buffer (it registers the waker if it
        // has nothing yet), then touch only the bytes it added.
        ready!(self.project().inner.poll_read(cx, buf))?;
        buf.filled_mut()[already..].make_ascii_uppercase();
        Poll::Ready(Ok(()))
    }
}
// ANCHOR_END: uppercase

#[tokio::main]
async fn main() -> io::Result<()> {
    // ANCHOR: write_all
    // 1. Whole-buffer helpers. The pipe holds at most 64 bytes in flight, so
    //    write_all waits for the reader when the pipe is full (backpressure).
    let (mut a, mut b) = duplex(64);
    let writer = tokio::spawn(async move {
        let data = vec![b'x'; 1000];
        a.write_all(&data).await?;
        a.shutdown().await?; // reader sees EOF after this
        io::Result::Ok(data.len())
    });
    let mut received = Vec::new();
    let n = b.read_to_end(&mut received).await?;
    println!(
        "1. wrote {} bytes, read_to_end got {n}",
        writer.await.unwrap()?
    );
    // ANCHOR_END: write_all

    // ANCHOR: echo
    // 2. A line-based echo server on one end, using split halves.
    let (client, server) = duplex(1024);
    let server_task = tokio::spawn(async move {
        let (read_half, mut write_half) = tokio::io::split(server);
        let mut lines = BufReader::new(read_half).lines();
        let mut count = 0;
        while let Some(line) = lines.next_line().await? {
            count += 1;
            write_half
                .write_all(format!("echo {count}: {line}\n").as_bytes())
                .await?;
        }
        // Client shut down its write side: close ours too, so it sees EOF.
        write_half.shutdown().await?;
        io::Result::Ok(count)
    });

    let (client_read, mut client_write) = tokio::io::split(client);
    client_write.write_all(b"hello\nasync world\n").await?;
    client_write.write_all(b"third line\n").await?;
    client_write.shutdown().await?;
    // ANCHOR_END: echo

    // ANCHOR: wrap
    // 3. Read the replies through the hand-written adapter.
    let mut replies = BufReader::new(Uppercase { inner: client_read }).lines();
    while let Some(reply) = replies.next_line().await? {
        println!("3. uppercased reply: {reply}");
    }
    println!("2. server echoed {} lines", server_task.await.unwrap()?);
    // ANCHOR_END: wrap

    // 4. Reading exact sizes: a length-prefixed frame.
    let (mut a, mut b) = duplex(64);
    a.write_u32(5).await?;
    a.write_all(b"frame").await?;
    let len = b.read_u32().await? as usize;
    let mut body = vec![0; len];
    b.read_exact(&mut body).await?;
    println!(
        "4. frame of {len} bytes: {}",
        String::from_utf8_lossy(&body)
    );
    Ok(())
}
