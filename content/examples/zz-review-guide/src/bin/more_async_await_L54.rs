#![allow(unused)]
#[tokio::main(flavor = "current_thread")]
async fn main() {
let fut = async {
    let n: u32 = "42".parse()?;
    Ok::<u32, std::num::ParseIntError>(n + 1)
};
assert_eq!(fut.await, Ok(43));
}
