#![allow(unused)]
fn main() {
    tokio::runtime::Builder::new_multi_thread()
        .enable_all() // turn on the IO and time drivers
        .build()
        .unwrap()
        .block_on(async {
            println!("running inside a tokio runtime");
        })
}
