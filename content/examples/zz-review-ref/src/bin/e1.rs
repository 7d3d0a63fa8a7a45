use std::time::Duration;
#[tokio::main]
async fn main() {
    let mut sleep = tokio::time::sleep(Duration::from_millis(5));
    loop {
        tokio::select! {
            _ = &mut sleep => break,
        }
    }
}
