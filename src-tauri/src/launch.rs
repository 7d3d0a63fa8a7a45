//! What a launch of the app asks for, from its command line: a book to open, a
//! query to search for, a place to show. The first launch's and every handed-over
//! launch's arguments are read the same way.

use std::ffi::OsString;
use std::path::{Path, PathBuf};

use atlas_model::Handover;
use clap::Parser;

/// `async-atlas [--book DIR] [--search QUERY] [--open KEY/PATH#ANCHOR]`.
#[derive(Debug, Default, PartialEq, Eq, Parser)]
#[command(
    name = "async-atlas",
    version,
    about = "Async Atlas: an offline, searchable reader for mdBooks on asynchronous Rust.\n\
             While it runs, starting it again hands these options to the open window."
)]
pub(crate) struct Launch {
    /// An mdBook folder to open instead of the bundled book (the last one given wins).
    #[arg(long = "book", value_name = "DIR")]
    books: Vec<PathBuf>,
    /// Bring the search box forward with this query.
    #[arg(long, value_name = "QUERY")]
    search: Option<String>,
    /// Show this place, written KEY/PATH#ANCHOR (a heading's "Copy link").
    #[arg(long, value_name = "KEY/PATH#ANCHOR")]
    open: Option<String>,
    /// What a desktop launcher adds (`%U`): not used.
    #[arg(hide = true)]
    rest: Vec<OsString>,
}

impl Launch {
    /// This process's arguments; `--help`, `--version` and a bad option print and
    /// exit, as a command-line program does.
    pub(crate) fn from_env() -> Launch {
        Launch::parse()
    }

    /// A handed-over launch's arguments (`argv[0]` first). Never exits: what does
    /// not parse is ignored (that launch has already printed its own error).
    pub(crate) fn from_args(argv: impl IntoIterator<Item = String>) -> Launch {
        Launch::try_parse_from(argv).unwrap_or_default()
    }

    /// The book asked for, read from `cwd` (the launch's folder) when relative.
    pub(crate) fn book(&self, cwd: &Path) -> Option<PathBuf> {
        self.books.last().map(|book| cwd.join(book))
    }

    /// What the window is asked to do once the book is open, in order.
    pub(crate) fn requests(&self) -> Vec<Handover> {
        let mut out = Vec::new();
        if let Some(place) = &self.open {
            out.push(Handover::open(place).unwrap_or_else(|| Handover::Refused {
                message: format!("“{place}” is not a place: expected KEY/PATH#ANCHOR."),
            }));
        }
        if let Some(query) = &self.search {
            out.push(Handover::Search {
                query: query.clone(),
            });
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn launch(v: &[&str]) -> Launch {
        Launch::from_args(
            std::iter::once("async-atlas")
                .chain(v.iter().copied())
                .map(String::from),
        )
    }

    #[test]
    fn the_last_book_wins_and_is_read_from_the_launch_folder() {
        let cwd = Path::new("/home/reader");
        assert_eq!(
            launch(&["--book", "books/mine"]).book(cwd),
            Some(PathBuf::from("/home/reader/books/mine"))
        );
        assert_eq!(
            launch(&["--book=/srv/team-book"]).book(cwd),
            Some(PathBuf::from("/srv/team-book"))
        );
        assert_eq!(
            launch(&["--book", "content", "--book", "/mine"]).book(cwd),
            Some(PathBuf::from("/mine"))
        );
        assert_eq!(launch(&[]).book(cwd), None);
        // A launcher's extra argument is not a book.
        assert_eq!(launch(&["file:///tmp/x"]).book(cwd), None);
    }

    #[test]
    fn what_does_not_parse_asks_for_nothing() {
        assert_eq!(launch(&["--book"]), Launch::default());
        assert_eq!(launch(&["--no-such-option"]), Launch::default());
        assert_eq!(launch(&["--help"]), Launch::default());
    }

    #[test]
    fn open_then_search_and_a_bad_place_is_refused() {
        let l = launch(&["--search", "select!", "--open", "k/a.md#b"]);
        assert_eq!(
            l.requests(),
            vec![
                Handover::Open {
                    book_key: "k".into(),
                    path: "a.md".into(),
                    anchor: "b".into()
                },
                Handover::Search {
                    query: "select!".into()
                },
            ]
        );
        let bad = launch(&["--open", "nowhere"]).requests();
        assert!(
            matches!(&bad[..], [Handover::Refused { message }] if message.contains("nowhere")),
            "{bad:?}"
        );
    }
}
