//! What the app tells the UI about the open book and about an index being built.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// The open book, once its index is usable.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct BookInfo {
    /// Stable per book folder; remembered settings (last page) are tied to it.
    pub key: String,
    /// The book's title.
    pub title: String,
    /// Shown to the reader only (window title, about); never sent back.
    pub book_dir: String,
    /// The first page in reading order.
    pub first_page: Option<String>,
    /// Problems the build reported (`file:line: message`).
    pub warnings: Vec<String>,
    /// Whether the index had to be (re)built at this opening.
    pub rebuilt: bool,
    /// Why search is by words only (no sentence model, or a damaged one); shown once.
    pub search_notice: Option<String>,
}

/// A step of a running build, for progress bars.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct BuildProgress {
    /// Steps done.
    pub done: usize,
    /// Steps in all.
    pub total: usize,
    /// What is being done.
    pub message: String,
}

/// What a launch of the app asks the window to do, beyond opening: sent once for
/// the first launch's own arguments and for each later launch that hands over
/// (`async-atlas --book DIR`, `--search QUERY`, `--open KEY/PATH#ANCHOR`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Handover {
    /// Another book is being opened: wait for it, then show its first page.
    BookOpening,
    /// What was asked for cannot be done (a book that does not open, a bad place).
    Refused {
        /// Why, as a sentence for the reader.
        message: String,
    },
    /// Bring the search box forward with this query, its text selected.
    Search {
        /// The query as given.
        query: String,
    },
    /// Show a place: a page (and heading) of the book with this key.
    Open {
        /// [`BookInfo::key`] of the book the place is in.
        book_key: String,
        /// The page's path in the book.
        path: String,
        /// The heading's id; empty for the top of the page.
        anchor: String,
    },
}

impl Handover {
    /// Reads a place written `KEY/PATH#ANCHOR` (what "Copy link" gives).
    pub fn open(place: &str) -> Option<Handover> {
        let (book_key, rest) = place.trim().split_once('/')?;
        let (path, anchor) = rest.split_once('#').unwrap_or((rest, ""));
        let key_ok = !book_key.is_empty() && book_key.chars().all(|c| c.is_ascii_alphanumeric());
        (key_ok && !path.is_empty()).then(|| Handover::Open {
            book_key: book_key.to_string(),
            path: path.to_string(),
            anchor: anchor.to_string(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn places_are_key_path_and_anchor() {
        assert_eq!(
            Handover::open("0a1b2c3d4e5f6a7b/part/ch1.md#join-handles"),
            Some(Handover::Open {
                book_key: "0a1b2c3d4e5f6a7b".into(),
                path: "part/ch1.md".into(),
                anchor: "join-handles".into(),
            })
        );
        assert_eq!(
            Handover::open("k/intro.md"),
            Some(Handover::Open {
                book_key: "k".into(),
                path: "intro.md".into(),
                anchor: String::new(),
            })
        );
        for bad in [
            "",
            "intro.md",
            "/intro.md",
            "k/",
            "../x/intro.md",
            "k y/intro.md",
        ] {
            assert_eq!(Handover::open(bad), None, "{bad}");
        }
    }
}
