#![allow(unused)]
use std::cell::RefCell;
use std::rc::Rc;
use tokio::task::{self, LocalSet};

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let log = Rc::new(RefCell::new(Vec::new())); // Rc: not Send
    let local = LocalSet::new();
    local
        .run_until(async {
            let mut handles = Vec::new();
            for i in 0..3 {
                let log = Rc::clone(&log);
                handles.push(task::spawn_local(async move {
                    task::yield_now().await; // holding an Rc across .await is fine here
                    log.borrow_mut().push(i);
                }));
            }
            for handle in handles {
                handle.await.unwrap();
            }
        })
        .await;
    assert_eq!(log.borrow().len(), 3); // all three local tasks ran
}
