// Generated from crates/atlas-model by its `contract` test; do not edit.
// The wire types of the app's commands and events (serde's JSON shapes).

/**
 * What a search document is. The UI shows it as a badge and filters on it.
 */

export type Kind = "chapter" | "faq" | "topic" | "index" | "example";

/**
 * A place in the book: a page and, optionally, a heading on it.
 */

export type Target = { 
/**
 * What the link says (the link text, or the page title).
 */
label: string, 
/**
 * Page path relative to `src/`.
 */
path: string, 
/**
 * Heading id on that page; empty for the top of the page.
 */
anchor: string, };

/**
 * The table of contents, as `SUMMARY.md` gives it.
 */

export type Toc = { 
/**
 * The book's title from `book.toml`.
 */
title: string, 
/**
 * Top-level items in order: prefix chapters, part titles, numbered chapters,
 * separators, suffix chapters.
 */
items: Array<TocItem>, };

/**
 * One line of the table of contents.
 */

export type TocItem = { "type": "part_title", 
/**
 * The part's title.
 */
title: string, } | { "type": "separator" } | { "type": "chapter" } & TocChapter;

/**
 * A chapter entry of the table of contents.
 */

export type TocChapter = { 
/**
 * The link text in `SUMMARY.md`.
 */
title: string, 
/**
 * The page, or `None` for a draft chapter (`[Title]()`), which has no page.
 */
path: string | null, 
/**
 * Section number such as `"2.1."` for numbered chapters; `None` for prefix and
 * suffix chapters.
 */
number: string | null, 
/**
 * Nested chapters.
 */
children: Array<TocChapter>, };

/**
 * A heading of a rendered page.
 */

export type Heading = { 
/**
 * 1 to 6.
 */
level: number, 
/**
 * Plain text of the heading.
 */
title: string, 
/**
 * The id mdBook gives it.
 */
anchor: string, };

/**
 * A page link for prev/next.
 */

export type PageLink = { 
/**
 * Page path relative to `src/`.
 */
path: string, 
/**
 * The chapter title from the table of contents.
 */
title: string, };

/**
 * One chapter, rendered once at build time.
 */

export type Page = { 
/**
 * Page path relative to `src/`.
 */
path: string, 
/**
 * The chapter title from the table of contents.
 */
title: string, 
/**
 * The part the chapter belongs to, if any.
 */
part: string | null, 
/**
 * Part and ancestor chapters, outermost first.
 */
breadcrumbs: Array<string>, 
/**
 * Sanitized HTML. Headings carry their ids; in-book links are rewritten to
 * `#/PATH` or `#/PATH#ANCHOR`; code blocks are
 * `<pre class="code" data-block="ID" data-run="run|build|panic|none">`.
 */
html: string, 
/**
 * Every heading in document order.
 */
headings: Array<Heading>, 
/**
 * The previous page in reading order.
 */
prev: PageLink | null, 
/**
 * The next page in reading order.
 */
next: PageLink | null, };

/**
 * An entry of the topic index or the detailed index.
 */

export type IndexEntry = { 
/**
 * The entry's text, links reduced to their text (`Cancellation, in select!`).
 */
text: string, 
/**
 * Where the entry's links point; several for entries such as
 * `Cooperative, yielding`, none for a term that only groups sub-terms.
 */
targets: Array<Target>, 
/**
 * Sub-terms.
 */
children: Array<IndexEntry>, };

/**
 * One themed group of the topic index (`## Theme`).
 */

export type TopicGroup = { 
/**
 * The theme heading.
 */
title: string, 
/**
 * The heading's id on the topic index page.
 */
anchor: string, 
/**
 * The entries under it.
 */
entries: Array<IndexEntry>, };

/**
 * One FAQ question with its answer.
 */

export type FaqEntry = { 
/**
 * The question (the heading text).
 */
question: string, 
/**
 * The group heading it stands under, if any.
 */
group: string | null, 
/**
 * Where the question is: the FAQ page and the question's heading id.
 */
path: string, 
/**
 * The question's heading id.
 */
anchor: string, 
/**
 * The answer, rendered and sanitized like a page.
 */
answer_html: string, };

/**
 * A runnable example package of the book's examples folder.
 */

export type Example = { 
/**
 * The cargo package name; the id the runner takes.
 */
id: string, 
/**
 * One line: Cargo `description`, else the first line of the crate's `//!` doc.
 */
description: string, 
/**
 * The package folder relative to the examples folder.
 */
dir: string, 
/**
 * Source files (`Cargo.toml`, `src/main.rs`, ...), with their code highlighted.
 */
files: Array<SourceFile>, 
/**
 * Whether the package has a binary to run (`src/main.rs` or `[[bin]]`);
 * library-only packages are run as tests.
 */
has_bin: boolean, 
/**
 * Pages that include a file of this example.
 */
used_by: Array<PageLink>, };

/**
 * One source file of an example, as its page shows it.
 */

export type SourceFile = { 
/**
 * The path relative to the package folder.
 */
path: string, 
/**
 * The code as highlighted, escaped HTML (`<span class="hl-…">` only), made at
 * build time; empty when the file is too large to show.
 */
html: string, 
/**
 * Why the code is not shown (too large, unreadable), else empty.
 */
note: string, };

/**
 * How a code block may be run, from its info string.
 */

export type RunMode = "run" | "build" | "panic" | "none";

/**
 * A fenced code block of a page, with everything the runner needs.
 */

export type CodeBlock = { 
/**
 * Stable id: `PATH:N`, N counting the page's code blocks from 0.
 */
id: string, 
/**
 * Page path relative to `src/`.
 */
path: string, 
/**
 * The id of the section heading the block stands under (empty before the first).
 */
anchor: string, 
/**
 * The language, first word of the info string (`rust`, `toml`, ... or empty).
 */
lang: string, 
/**
 * The other words of the info string (`ignore`, `no_run`, `edition2021`, ...).
 */
flags: Array<string>, 
/**
 * The full source as the runner needs it: mdBook's hidden `# ` lines included,
 * with their marker removed.
 */
source: string, 
/**
 * The source as the reader sees it: hidden lines left out. (Stored only
 * when it differs from `source`; the index reader fills it in.)
 */
display?: string, 
/**
 * How the block may run.
 */
run: RunMode, };

/**
 * What to search for.
 */

export type SearchRequest = { 
/**
 * Whatever the user typed; any string is fine (cut to [`SearchRequest::MAX_QUERY_CHARS`]).
 */
query: string, 
/**
 * Only these kinds; empty means all.
 */
kinds: Array<Kind>, 
/**
 * Only sections of this part (its title).
 */
part: string | null, 
/**
 * Only sections of this page (its path).
 */
chapter: string | null, 
/**
 * At most this many hits (1 to [`SearchRequest::MAX_LIMIT`]).
 */
limit: number, };

/**
 * The answer to a [`SearchRequest`].
 */

export type SearchResults = { 
/**
 * Best first.
 */
hits: Array<Hit>, 
/**
 * "Did you mean" queries; filled when there are no hits.
 */
suggestions: Array<string>, };

/**
 * What a hit shows of its document: a section, a FAQ question, an index
 * entry or an example, and where it leads.
 */

export type DocCard = { 
/**
 * What it is.
 */
kind: Kind, 
/**
 * Heading, question, term or example name.
 */
title: string, 
/**
 * Where it stands, outermost first.
 */
breadcrumbs: Array<string>, 
/**
 * Where the hit leads: page path relative to `src/` (for an index entry with
 * several targets, its first; for an example, the first page that shows it).
 */
path: string, 
/**
 * Heading id on that page without `#`; empty for the top of the page.
 */
anchor: string, 
/**
 * FAQ hits: the answer, sanitized HTML.
 */
answer_html?: string, 
/**
 * Example hits: the example id.
 */
example?: string, 
/**
 * Topic and index hits: every place the entry links to (empty for others).
 */
targets: Array<Target>, };

/**
 * One result: the document, how well it matched and the passage to show.
 */

export type Hit = { 
/**
 * Relevance; only comparable within one answer.
 */
score: number, 
/**
 * The best passage of the document's text (plain text).
 */
snippet: string, 
/**
 * `[start, end)` of matched words in `snippet`, counted in chars
 * (Unicode scalar values).
 */
highlights: Array<[number, number]>, 
/**
 * Lowercase words that matched, for marking them on the page.
 */
matched: Array<string>, 
/**
 * The other kinds (topic index, detailed index, FAQ) whose entries lead
 * to this section: they were merged into this hit, so one place takes one
 * slot.
 */
also: Array<Kind>, 
/**
 * What it is.
 */
kind: Kind, 
/**
 * Heading, question, term or example name.
 */
title: string, 
/**
 * Where it stands, outermost first.
 */
breadcrumbs: Array<string>, 
/**
 * Where the hit leads: page path relative to `src/` (for an index entry with
 * several targets, its first; for an example, the first page that shows it).
 */
path: string, 
/**
 * Heading id on that page without `#`; empty for the top of the page.
 */
anchor: string, 
/**
 * FAQ hits: the answer, sanitized HTML.
 */
answer_html?: string, 
/**
 * Example hits: the example id.
 */
example?: string, 
/**
 * Topic and index hits: every place the entry links to (empty for others).
 */
targets: Array<Target>, };

/**
 * What to run. The UI only ever names things by id.
 */

export type RunRequest = { "kind": "example", 
/**
 * The example id.
 */
id: string, } | { "kind": "block", 
/**
 * The code block id.
 */
id: string, 
/**
 * The user's edited source, run instead of the block's own.
 */
edited: string | null, } | { "kind": "prepare" };

/**
 * The part of a run a line belongs to.
 */

export type Phase = "build" | "run" | "test";

/**
 * Where a line came from.
 */

export type Stream = "build" | "stdout" | "stderr";

/**
 * How a run ended.
 */

export type Outcome = "success" | "failed" | "timed_out" | "stopped" | "error" | "unprepared";

/**
 * One thing that happened during a run, in order.
 */

export type RunEvent = { "event": "started", "data": { 
/**
 * The run's id.
 */
run_id: number, 
/**
 * What runs, for the output panel's title.
 */
label: string, } } | { "event": "phase", "data": { 
/**
 * The phase.
 */
phase: Phase, } } | { "event": "line", "data": { 
/**
 * Where it came from.
 */
stream: Stream, 
/**
 * The text (invalid UTF-8 replaced).
 */
text: string, } } | { "event": "progress", "data": { 
/**
 * Steps done.
 */
done: number, 
/**
 * Steps in all.
 */
total: number, 
/**
 * What happens now.
 */
message: string, } } | { "event": "truncated", "data": { 
/**
 * The cap in bytes.
 */
limit_bytes: number, } } | { "event": "finished", "data": { 
/**
 * How it ended.
 */
outcome: Outcome, 
/**
 * The exit code of the last process, if it exited normally.
 */
exit_code: number | null, 
/**
 * Time from start to finish.
 */
elapsed_ms: number, 
/**
 * One line for the status bar.
 */
message: string, } };

/**
 * Whether a book's examples can run now, for the example pages and the Run buttons.
 */

export type ExamplesState = { 
/**
 * The book has an examples folder.
 */
has_examples: boolean, 
/**
 * Cargo was found on this machine.
 */
cargo: boolean, 
/**
 * The examples' crates are downloaded and built: runs work offline.
 */
prepared: boolean, 
/**
 * One or two sentences for the reader: what is missing and what to do, or
 * what Prepare examples will do. Empty when everything is ready.
 */
advice: string, };

/**
 * The open book, once its index is usable.
 */

export type BookInfo = { 
/**
 * Stable per book folder; remembered settings (last page) are tied to it.
 */
key: string, 
/**
 * The book's title.
 */
title: string, 
/**
 * Shown to the reader only (window title, about); never sent back.
 */
book_dir: string, 
/**
 * The first page in reading order.
 */
first_page: string | null, 
/**
 * Problems the build reported (`file:line: message`).
 */
warnings: Array<string>, 
/**
 * Whether the index had to be (re)built at this opening.
 */
rebuilt: boolean, 
/**
 * Why search is by words only (no sentence model, or a damaged one); shown once.
 */
search_notice: string | null, };

/**
 * A step of a running build, for progress bars.
 */

export type BuildProgress = { 
/**
 * Steps done.
 */
done: number, 
/**
 * Steps in all.
 */
total: number, 
/**
 * What is being done.
 */
message: string, };

/**
 * What a launch of the app asks the window to do, beyond opening: sent once for
 * the first launch's own arguments and for each later launch that hands over
 * (`async-atlas --book DIR`, `--search QUERY`, `--open KEY/PATH#ANCHOR`).
 */

export type Handover = { "kind": "book_opening" } | { "kind": "refused", 
/**
 * Why, as a sentence for the reader.
 */
message: string, } | { "kind": "search", 
/**
 * The query as given.
 */
query: string, } | { "kind": "open", 
/**
 * [`BookInfo::key`] of the book the place is in.
 */
book_key: string, 
/**
 * The page's path in the book.
 */
path: string, 
/**
 * The heading's id; empty for the top of the page.
 */
anchor: string, };

/**
 * Light, dark, or whatever the system says.
 */

export type Theme = "system" | "light" | "dark";

/**
 * Theme, font size, last page and scroll position.
 */

export type Settings = { 
/**
 * The colour theme.
 */
theme: Theme, 
/**
 * Reading font size in CSS pixels, [`Settings::FONT_MIN`] to [`Settings::FONT_MAX`].
 */
font_size: number, 
/**
 * The key of the book `last_route` belongs to.
 */
last_book: string | null, 
/**
 * The last page read, as an app route (`#/part/page.md#anchor`).
 */
last_route: string | null, 
/**
 * How far that page was scrolled, in pixels.
 */
last_scroll: number, };
