//! The book as the index folder stores it and the reader shows it: the table of
//! contents, rendered pages, the navigation pages (FAQ, topic index, detailed
//! index) and the runnable code.
//!
//! Paths are always relative to the book's `src/` folder, with `/` separators
//! (`part-guide/async-await.md`); anchors are heading ids without the `#`.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// What a search document is. The UI shows it as a badge and filters on it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, PartialOrd, Ord, TS)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    /// A section (h1 to h3) of an ordinary chapter.
    Chapter,
    /// One question of a FAQ page, with its answer.
    Faq,
    /// One entry of the topic index.
    Topic,
    /// One term (or sub-term) of the detailed index.
    Index,
    /// One runnable example package.
    Example,
}

impl Kind {
    /// All kinds, in the order the UI lists them.
    pub const ALL: [Kind; 5] = [
        Kind::Chapter,
        Kind::Faq,
        Kind::Topic,
        Kind::Index,
        Kind::Example,
    ];

    /// The lowercase name used in the index, on the CLI and in JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Chapter => "chapter",
            Kind::Faq => "faq",
            Kind::Topic => "topic",
            Kind::Index => "index",
            Kind::Example => "example",
        }
    }

    /// Parses the lowercase name; `None` for anything else.
    pub fn parse(s: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

/// A place in the book: a page and, optionally, a heading on it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Target {
    /// What the link says (the link text, or the page title).
    pub label: String,
    /// Page path relative to `src/`.
    pub path: String,
    /// Heading id on that page; empty for the top of the page.
    pub anchor: String,
}

/// The table of contents, as `SUMMARY.md` gives it.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
pub struct Toc {
    /// The book's title from `book.toml`.
    pub title: String,
    /// Top-level items in order: prefix chapters, part titles, numbered chapters,
    /// separators, suffix chapters.
    pub items: Vec<TocItem>,
}

/// One line of the table of contents.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum TocItem {
    /// `# Part 1: guide`: a heading that groups the chapters after it.
    PartTitle {
        /// The part's title.
        title: String,
    },
    /// `---`: a horizontal rule between chapters.
    Separator,
    /// A chapter and its nested chapters.
    Chapter(TocChapter),
}

/// A chapter entry of the table of contents.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct TocChapter {
    /// The link text in `SUMMARY.md`.
    pub title: String,
    /// The page, or `None` for a draft chapter (`[Title]()`), which has no page.
    pub path: Option<String>,
    /// Section number such as `"2.1."` for numbered chapters; `None` for prefix and
    /// suffix chapters.
    pub number: Option<String>,
    /// Nested chapters.
    pub children: Vec<TocChapter>,
}

/// A heading of a rendered page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Heading {
    /// 1 to 6.
    pub level: u8,
    /// Plain text of the heading.
    pub title: String,
    /// The id mdBook gives it.
    pub anchor: String,
}

/// A page link for prev/next.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct PageLink {
    /// Page path relative to `src/`.
    pub path: String,
    /// The chapter title from the table of contents.
    pub title: String,
}

/// One chapter, rendered once at build time.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Page {
    /// Page path relative to `src/`.
    pub path: String,
    /// The chapter title from the table of contents.
    pub title: String,
    /// The part the chapter belongs to, if any.
    pub part: Option<String>,
    /// Part and ancestor chapters, outermost first.
    pub breadcrumbs: Vec<String>,
    /// Sanitized HTML. Headings carry their ids; in-book links are rewritten to
    /// `#/PATH` or `#/PATH#ANCHOR`; code blocks are
    /// `<pre class="code" data-block="ID" data-run="run|build|panic|none">`.
    pub html: String,
    /// Every heading in document order.
    pub headings: Vec<Heading>,
    /// The previous page in reading order.
    pub prev: Option<PageLink>,
    /// The next page in reading order.
    pub next: Option<PageLink>,
}

/// An entry of the topic index or the detailed index.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct IndexEntry {
    /// The entry's text, links reduced to their text (`Cancellation, in select!`).
    pub text: String,
    /// Where the entry's links point; several for entries such as
    /// `Cooperative, yielding`, none for a term that only groups sub-terms.
    pub targets: Vec<Target>,
    /// Sub-terms.
    pub children: Vec<IndexEntry>,
}

/// One themed group of the topic index (`## Theme`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct TopicGroup {
    /// The theme heading.
    pub title: String,
    /// The heading's id on the topic index page.
    pub anchor: String,
    /// The entries under it.
    pub entries: Vec<IndexEntry>,
}

/// One FAQ question with its answer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct FaqEntry {
    /// The question (the heading text).
    pub question: String,
    /// The group heading it stands under, if any.
    pub group: Option<String>,
    /// Where the question is: the FAQ page and the question's heading id.
    pub path: String,
    /// The question's heading id.
    pub anchor: String,
    /// The answer, rendered and sanitized like a page.
    pub answer_html: String,
}

/// A runnable example package of the book's examples folder.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Example {
    /// The cargo package name; the id the runner takes.
    pub id: String,
    /// One line: Cargo `description`, else the first line of the crate's `//!` doc.
    pub description: String,
    /// The package folder relative to the examples folder.
    pub dir: String,
    /// Source files (`Cargo.toml`, `src/main.rs`, ...), with their code highlighted.
    pub files: Vec<SourceFile>,
    /// Whether the package has a binary to run (`src/main.rs` or `[[bin]]`);
    /// library-only packages are run as tests.
    pub has_bin: bool,
    /// Pages that include a file of this example.
    pub used_by: Vec<PageLink>,
}

/// One source file of an example, as its page shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct SourceFile {
    /// The path relative to the package folder.
    pub path: String,
    /// The code as highlighted, escaped HTML (`<span class="hl-…">` only), made at
    /// build time; empty when the file is too large to show.
    pub html: String,
    /// Why the code is not shown (too large, unreadable), else empty.
    pub note: String,
}

/// How a code block may be run, from its info string.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
pub enum RunMode {
    /// Build and run; success is exit status 0.
    Run,
    /// `no_run`: build only.
    Build,
    /// `should_panic`: build and run; success is a panic.
    Panic,
    /// Not runnable: not Rust, `ignore`, `compile_fail`, or a failed include.
    None,
}

/// A fenced code block of a page, with everything the runner needs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct CodeBlock {
    /// Stable id: `PATH:N`, N counting the page's code blocks from 0.
    pub id: String,
    /// Page path relative to `src/`.
    pub path: String,
    /// The id of the section heading the block stands under (empty before the first).
    pub anchor: String,
    /// The language, first word of the info string (`rust`, `toml`, ... or empty).
    pub lang: String,
    /// The other words of the info string (`ignore`, `no_run`, `edition2021`, ...).
    pub flags: Vec<String>,
    /// The full source as the runner needs it: mdBook's hidden `# ` lines included,
    /// with their marker removed.
    pub source: String,
    /// The source as the reader sees it: hidden lines left out. (Stored only
    /// when it differs from `source`; the index reader fills it in.)
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub display: String,
    /// How the block may run.
    pub run: RunMode,
}

/// Everything the reading side of the app needs, stored as `book.json.gz`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
pub struct BookData {
    /// The table of contents.
    pub toc: Toc,
    /// Rendered pages in reading order.
    pub pages: Vec<Page>,
    /// The topic index, empty if the book has none.
    pub topics: Vec<TopicGroup>,
    /// The detailed index, empty if the book has none.
    pub index: Vec<IndexEntry>,
    /// FAQ questions in page order.
    pub faq: Vec<FaqEntry>,
    /// Example packages, sorted by id.
    pub examples: Vec<Example>,
    /// Every fenced code block of every page.
    pub code_blocks: Vec<CodeBlock>,
    /// Groups of terms the book treats as one (its `[output.atlas] synonyms`, "X, see Y"
    /// index entries, "Term (alias)" headings), for query-time expansion.
    #[serde(default)]
    pub synonyms: Vec<Vec<String>>,
}
