#![allow(unused)]
use tokio::io::{AsyncWrite, AsyncWriteExt, BufWriter};

struct Journal<W: AsyncWrite + Unpin> {
    out: BufWriter<W>,
    closed: bool,
}

impl<W: AsyncWrite + Unpin> Journal<W> {
    fn new(out: W) -> Self {
        Journal { out: BufWriter::new(out), closed: false }
    }

    async fn record(&mut self, line: &str) -> std::io::Result<()> {
        self.out.write_all(line.as_bytes()).await?;
        self.out.write_all(b"\n").await
    }

    /// Flushes and shuts the writer down. Errors are returned, not swallowed.
    async fn close(mut self) -> std::io::Result<()> {
        self.out.flush().await?;
        self.out.shutdown().await?;
        self.closed = true;
        Ok(())
    }
}

impl<W: AsyncWrite + Unpin> Drop for Journal<W> {
    fn drop(&mut self) {
        if !self.closed {
            // Cannot flush here: no `.await` in `drop`. Make the mistake visible instead.
            eprintln!("Journal dropped without close(); buffered lines were lost");
        }
    }
}

#[tokio::main]
async fn main() -> std::io::Result<()> {
    let mut journal = Journal::new(tokio::io::sink());
    journal.record("started").await?;
    journal.close().await
}
