#![allow(unused)]
use tokio::sync::mpsc;

struct Session {
    id: u32,
    events: mpsc::Sender<String>,
}

impl Drop for Session {
    fn drop(&mut self) {
        let events = self.events.clone();
        let id = self.id;
        // Only possible inside a runtime; outside one, tokio::spawn would panic.
        if let Ok(handle) = tokio::runtime::Handle::try_current() {
            handle.spawn(async move {
                let _ = events.send(format!("session {id} closed")).await;
            });
        }
    }
}

#[tokio::main]
async fn main() {
    let (tx, mut rx) = mpsc::channel(8);
    drop(Session { id: 7, events: tx });
    println!("{:?}", rx.recv().await); // Some("session 7 closed")
}
