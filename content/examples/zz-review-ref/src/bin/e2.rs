use std::future::Future;
#[tokio::main]
async fn main() {
    let v: Vec<Box<dyn Future<Output = u32> + Send>> = vec![Box::new(async { 1 })];
    for f in v { tokio::spawn(f); }
}
