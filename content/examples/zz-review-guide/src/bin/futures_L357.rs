#![allow(unused)]
use std::future::{Future, IntoFuture};
use std::pin::Pin;
use std::time::Duration;

struct Greeting {
    name: String,
    delay: Duration,
}

impl Greeting {
    fn new(name: &str) -> Self {
        Greeting { name: name.to_string(), delay: Duration::ZERO }
    }
    fn after(mut self, delay: Duration) -> Self {
        self.delay = delay;
        self
    }
}

impl IntoFuture for Greeting {
    type Output = String;
    type IntoFuture = Pin<Box<dyn Future<Output = String> + Send>>;

    fn into_future(self) -> Self::IntoFuture {
        Box::pin(async move {
            tokio::time::sleep(self.delay).await;
            format!("hello, {}", self.name)
        })
    }
}

#[tokio::main]
async fn main() {
    let text = Greeting::new("atlas").after(Duration::from_millis(5)).await;
    assert_eq!(text, "hello, atlas");
}
