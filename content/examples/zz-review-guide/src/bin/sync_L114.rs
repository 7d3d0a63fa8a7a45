#![allow(unused)]
use tokio::sync::{mpsc, oneshot};

enum Command {
    Get { key: String, reply: oneshot::Sender<Option<u32>> },
}

#[tokio::main]
async fn main() {
    let (tx, mut rx) = mpsc::channel::<Command>(8);
    tokio::spawn(async move {
        while let Some(Command::Get { key, reply }) = rx.recv().await {
            let value = if key == "answer" { Some(42) } else { None };
            let _ = reply.send(value); // the asker may have given up; that is fine
        }
    });

    let (reply_tx, reply_rx) = oneshot::channel();
    tx.send(Command::Get { key: "answer".into(), reply: reply_tx }).await.unwrap();
    println!("{:?}", reply_rx.await.unwrap()); // Some(42)
}
