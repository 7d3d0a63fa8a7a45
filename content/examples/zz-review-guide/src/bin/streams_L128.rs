#![allow(unused)]
use futures::stream::{self, StreamExt};

/// Pretend API: returns one page of ids and the next page number, if any.
async fn fetch_page(page: u32) -> (Vec<u32>, Option<u32>) {
    let ids = (page * 3..page * 3 + 3).collect();
    (ids, if page < 2 { Some(page + 1) } else { None })
}

#[tokio::main]
async fn main() {
    let pages = stream::unfold(Some(0), |next| async move {
        let page = next?; // None: no more pages, end the stream
        let (ids, following) = fetch_page(page).await;
        Some((ids, following))
    });
    let all: Vec<u32> = pages.flat_map(stream::iter).collect().await;
    assert_eq!(all, (0..9).collect::<Vec<_>>());
}
