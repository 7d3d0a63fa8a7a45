#![allow(unused)]
use std::time::Duration;
use tokio::time::sleep;

async fn load_config() -> Result<String, String> {
    sleep(Duration::from_millis(10)).await;
    Ok("config".to_string())
}

async fn load_user(id: u32) -> Result<String, String> {
    sleep(Duration::from_millis(5)).await;
    Err(format!("user {id} not found"))
}

#[tokio::main]
async fn main() {
    let result = tokio::try_join!(load_config(), load_user(7));
    match result {
        Ok((config, user)) => println!("{config} {user}"),
        Err(e) => println!("failed early: {e}"),
    }
}
