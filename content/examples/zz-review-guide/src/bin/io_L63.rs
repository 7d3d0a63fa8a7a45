#![allow(unused)]
use tokio::io::{AsyncReadExt, AsyncWriteExt};

#[tokio::main(flavor = "current_thread")]
async fn main() -> std::io::Result<()> {
// An in-memory pipe: bytes written to `a` can be read from `b`.
let (mut a, mut b) = tokio::io::duplex(64);
a.write_all(b"ping").await?;
let mut buf = [0u8; 4];
b.read_exact(&mut buf).await?;
assert_eq!(&buf, b"ping");
Ok(())
}
