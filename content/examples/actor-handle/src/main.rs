//! Actor pattern: one task owns a map of counters, cloneable handles send it commands.
//!
//! Each request carries a `oneshot::Sender` for the reply. The actor needs no lock because
//! it is the only code that touches the map, and it stops by itself when the last handle is
//! dropped: `recv` then returns `None`.

use std::collections::HashMap;
use std::fmt;

use tokio::sync::{mpsc, oneshot};
use tokio::task::{JoinHandle, JoinSet};

// ANCHOR: messages
/// What a handle can ask the actor to do. Each variant carries its own reply channel.
enum Command {
    Add {
        key: String,
        amount: u64,
        reply: oneshot::Sender<u64>,
    },
    Get {
        key: String,
        reply: oneshot::Sender<Option<u64>>,
    },
}
// ANCHOR_END: messages

// ANCHOR: actor
/// The actor: private state plus the receiving end of the command channel.
struct CounterActor {
    commands: mpsc::Receiver<Command>,
    counters: HashMap<String, u64>,
}

impl CounterActor {
    /// Runs until every handle (every `Sender`) is gone, then reports how many keys it held.
    async fn run(mut self) -> usize {
        while let Some(command) = self.commands.recv().await {
            match command {
                Command::Add { key, amount, reply } => {
                    let total = self.counters.entry(key).or_insert(0);
                    *total += amount;
                    // The caller may have stopped waiting; that is not the actor's problem.
                    let _ = reply.send(*total);
                }
                Command::Get { key, reply } => {
                    let _ = reply.send(self.counters.get(&key).copied());
                }
            }
        }
        self.counters.len()
    }
}
// ANCHOR_END: actor

/// Returned by the handle when the actor task is no longer running.
#[derive(Debug)]
struct ActorGone;

impl fmt::Display for ActorGone {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("the counter actor has stopped")
    }
}

// ANCHOR: handle
/// The public face of the actor. Cloning it clones the `Sender`, nothing else.
#[derive(Clone)]
struct Counters {
    commands: mpsc::Sender<Command>,
}

impl Counters {
    /// Starts the actor task and returns a handle plus the task's `JoinHandle`.
    fn start(queue_len: usize) -> (Counters, JoinHandle<usize>) {
        let (tx, rx) = mpsc::channel(queue_len);
        let actor = CounterActor {
            commands: rx,
            counters: HashMap::new(),
        };
        (Counters { commands: tx }, tokio::spawn(actor.run()))
    }

    async fn add(&self, key: &str, amount: u64) -> Result<u64, ActorGone> {
        let (reply, response) = oneshot::channel();
        let command = Command::Add {
            key: key.to_owned(),
            amount,
            reply,
        };
        self.commands.send(command).await.map_err(|_| ActorGone)?;
        response.await.map_err(|_| ActorGone)
    }

    async fn get(&self, key: &str) -> Result<Option<u64>, ActorGone> {
        let (reply, response) = oneshot::channel();
        let command = Command::Get {
            key: key.to_owned(),
            reply,
        };
        self.commands.send(command).await.map_err(|_| ActorGone)?;
        response.await.map_err(|_| ActorGone)
    }
}
// ANCHOR_END: handle

// ANCHOR: main
#[tokio::main]
async fn main() -> Result<(), ActorGone> {
    let (counters, actor_task) = Counters::start(16);

    // Four client tasks share the actor through clones of the handle.
    let mut clients = JoinSet::new();
    for client in 1..=4u64 {
        let counters = counters.clone();
        clients.spawn(async move {
            for _ in 0..25 {
                counters.add("requests", 1).await?;
                counters.add("bytes", client * 100).await?;
            }
            Ok::<(), ActorGone>(())
        });
    }
    while let Some(result) = clients.join_next().await {
        result.expect("client task panicked")?;
    }

    println!("requests = {:?}", counters.get("requests").await?);
    println!("bytes    = {:?}", counters.get("bytes").await?);
    println!("missing  = {:?}", counters.get("missing").await?);

    // The clients' clones are gone; dropping the last handle closes the channel.
    drop(counters);
    let keys = actor_task.await.expect("actor task panicked");
    println!("actor stopped after the last handle was dropped; it held {keys} keys");
    Ok(())
}
// ANCHOR_END: main
