//! hyper 1.x over tokio sockets: `TokioIo` adapts tokio's `AsyncRead`/`AsyncWrite` to `hyper::rt::Read`/`Write`.
//!
//! hyper 1.x does not use tokio's IO traits. Its connection builders want a
//! type implementing `hyper::rt::Read + hyper::rt::Write`, and
//! `hyper_util::rt::TokioIo` wraps a tokio `TcpStream` to provide them. The
//! program serves HTTP/1.1 on 127.0.0.1 with `server::conn::http1`, sends two
//! requests with the low-level `client::conn::http1` API, and prints the
//! responses.

use std::convert::Infallible;

use http_body_util::{BodyExt, Empty, Full};
use hyper::body::{Bytes, Incoming};
use hyper::service::service_fn;
use hyper::{Request, Response};
use hyper_util::rt::TokioIo;
use tokio::net::{TcpListener, TcpStream};

// ANCHOR: server
async fn answer(req: Request<Incoming>) -> Result<Response<Full<Bytes>>, Infallible> {
    let text = format!("you asked for {}", req.uri().path());
    Ok(Response::new(Full::new(Bytes::from(text))))
}

async fn serve_one(listener: TcpListener) {
    let (tcp, _) = listener.accept().await.expect("accept");
    // A tokio TcpStream implements tokio::io::AsyncRead/AsyncWrite, not hyper's
    // traits. TokioIo bridges the two, without copying.
    let io = TokioIo::new(tcp);
    hyper::server::conn::http1::Builder::new()
        .serve_connection(io, service_fn(answer))
        .await
        .expect("serve connection");
}
// ANCHOR_END: server

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error + Send + Sync>> {
    let listener = TcpListener::bind("127.0.0.1:0").await?;
    let addr = listener.local_addr()?;
    let server = tokio::spawn(serve_one(listener));

    // ANCHOR: client
    let tcp = TcpStream::connect(addr).await?;
    let (mut sender, connection) = hyper::client::conn::http1::handshake(TokioIo::new(tcp)).await?;
    // The connection object does the actual IO; it must be polled somewhere.
    let driver = tokio::spawn(connection);

    for path in ["/hello", "/io-traits"] {
        let req = Request::get(path)
            .header("host", addr.to_string())
            .body(Empty::<Bytes>::new())?;
        // HTTP/1 carries one request at a time: wait until the previous
        // exchange is finished before sending the next one.
        sender.ready().await?;
        let resp = sender.send_request(req).await?;
        let status = resp.status();
        let body = resp.into_body().collect().await?.to_bytes();
        println!("GET {path} -> {status}: {}", String::from_utf8_lossy(&body));
    }
    // ANCHOR_END: client

    drop(sender); // no more requests: the client connection closes
    driver.await??;
    server.await?;
    println!("server and client connection finished");
    Ok(())
}
