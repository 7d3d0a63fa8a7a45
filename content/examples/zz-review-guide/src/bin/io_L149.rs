#![allow(unused)]
#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Box<dyn std::error::Error + Send + Sync>> {
let path = std::env::temp_dir().join("async-atlas-io-demo.txt");
std::fs::write(&path, "one\ntwo\n")?;
let lines = tokio::task::spawn_blocking(move || {
    let text = std::fs::read_to_string(&path)?;
    Ok::<usize, std::io::Error>(text.lines().count())
})
.await??; // JoinError first, then the io::Error
assert_eq!(lines, 2);
Ok(())
}
