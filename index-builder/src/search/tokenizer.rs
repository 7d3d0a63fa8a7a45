//! The code-aware analyzer, shared by indexing and querying.
//!
//! Prose about async Rust is full of identifiers, so one word of text can stand
//! for several things a reader may type. For each word we emit, at the same
//! position:
//! - the whole word, lowercased (`spawn_blocking`, `joinhandle`);
//! - its parts split at `_` and camelCase boundaries (`spawn`, `blocking`;
//!   `join`, `handle`), so `join handle` finds `JoinHandle`;
//! - for paths, the whole path and its last two segments (`tokio::task::spawn`,
//!   `task::spawn`), so `tokio::spawn` ranks the literal path first;
//! - for macros, the word with its `!` (`select!`).
//!
//! The text flavour also drops English stop words and stems plain words
//! (cancelled, cancellation, cancel → `cancel`), keeping the unstemmed form too
//! so a half-typed word can still match as a prefix. The code flavour does
//! neither: in code, `as`, `if` and `where` are words that matter. The heading
//! flavour (titles) stems but keeps stop words. Code and heading flavours also
//! emit operators (`?`, `..=`, `=>`) and lifetimes (`'static`).

use rust_stemmers::{Algorithm, Stemmer};
use std::sync::{Arc, LazyLock};
use tantivy::tokenizer::{Token, TokenStream, Tokenizer};

/// Name of the prose analyzer registered with tantivy.
pub(crate) const TEXT: &str = "atlas_text";
/// Name of the code analyzer registered with tantivy.
pub(crate) const CODE: &str = "atlas_code";
/// Name of the heading analyzer registered with tantivy.
pub(crate) const HEADING: &str = "atlas_heading";

/// Longest token kept; longer ones are hashes or noise.
const MAX_TOKEN_LEN: usize = 64;

static STEMMER: LazyLock<Stemmer> = LazyLock::new(|| Stemmer::create(Algorithm::English));

/// Words too common to say anything about a section.
const STOP_WORDS: &[&str] = &[
    "a", "about", "after", "again", "all", "also", "am", "an", "and", "any", "are", "as", "at",
    "be", "been", "before", "being", "both", "but", "by", "can", "could", "did", "do", "does",
    "doing", "each", "for", "from", "had", "has", "have", "having", "he", "her", "here", "his",
    "how", "i", "if", "in", "into", "is", "it", "its", "itself", "just", "me", "more", "most",
    "my", "of", "on", "once", "only", "or", "other", "our", "out", "over", "own", "same", "she",
    "should", "so", "some", "such", "than", "that", "the", "their", "them", "then", "there",
    "these", "they", "this", "those", "through", "to", "too", "under", "until", "up", "very",
    "was", "we", "were", "what", "when", "where", "which", "while", "who", "whom", "why", "will",
    "with", "would", "you", "your",
];

/// Is `word` (lowercase) an English stop word?
pub(crate) fn is_stop_word(word: &str) -> bool {
    STOP_WORDS.binary_search(&word).is_ok()
}

/// Which flavour of analysis.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Flavor {
    /// Prose: stop words dropped, words stemmed.
    Text,
    /// Code: every word kept as written (lowercased), and operators.
    Code,
    /// Titles: prose analysis that keeps stop words (`for`, `while`, `if`)
    /// and operators (`?`), which a title may be about.
    Heading,
}

/// One analyzed token.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Term {
    /// The indexed text.
    pub text: String,
    /// Byte range of the source word(s) it came from.
    pub from: usize,
    /// End of that byte range.
    pub to: usize,
    /// Word position (tokens of one word share it).
    pub position: usize,
    /// What this token is.
    pub role: Role,
}

/// How a token relates to the word it came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Role {
    /// The word itself (stemmed in the text flavour).
    Word,
    /// The word as typed, when stemming changed it; used for prefixes.
    Raw,
    /// A part of a snake_case or camelCase word.
    Part,
    /// A `::` path or a `name!` macro.
    Compound,
    /// Code and heading flavours: an operator (`?`, `..=`, `=>`) or a
    /// lifetime (`'static`), which prose analysis cannot see.
    Symbol,
}

/// Operators worth finding by themselves, longest first.
const OPERATORS: &[&str] = &["..=", "...", "::", "=>", "->", "..", "&&", "||", "?"];

/// A word of the source: byte range, and whether `::` or `!` follows.
struct Word {
    from: usize,
    to: usize,
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

fn words(text: &str) -> Vec<Word> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in text.char_indices() {
        match (is_word_char(c), start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                out.push(Word { from: s, to: i });
                start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = start {
        out.push(Word {
            from: s,
            to: text.len(),
        });
    }
    out
}

/// Splits `spawn_blocking` and `JoinHandle` / `HTTPServer2` into their parts.
fn parts(word: &str) -> Vec<&str> {
    let mut out = Vec::new();
    for chunk in word.split('_').filter(|c| !c.is_empty()) {
        let chars: Vec<(usize, char)> = chunk.char_indices().collect();
        let mut start = 0;
        for k in 1..chars.len() {
            let (i, c) = chars[k];
            let prev = chars[k - 1].1;
            let next_lower = chars.get(k + 1).is_some_and(|(_, n)| n.is_lowercase());
            let boundary = (prev.is_lowercase() && c.is_uppercase())
                || (prev.is_uppercase() && c.is_uppercase() && next_lower)
                || (prev.is_alphabetic() && c.is_ascii_digit())
                || (prev.is_ascii_digit() && c.is_alphabetic());
            if boundary {
                out.push(&chunk[start..i]);
                start = i;
            }
        }
        out.push(&chunk[start..]);
    }
    out
}

fn keep(token: &str) -> bool {
    let n = token.chars().count();
    n <= MAX_TOKEN_LEN && (n > 1 || token.chars().all(|c| c.is_ascii_digit()))
}

/// The words of `text`, lowercased, plain words stemmed as the text flavour
/// stems them, stop words kept: the key of a phrase, not its search terms.
pub(crate) fn stem_words(text: &str) -> Vec<String> {
    words(text)
        .into_iter()
        .map(|w| {
            let lower = text[w.from..w.to].to_lowercase();
            if lower.chars().all(char::is_alphabetic) {
                STEMMER.stem(&lower).into_owned()
            } else {
                lower
            }
        })
        .collect()
}

/// Analyzes `text` into terms.
pub(crate) fn analyze(text: &str, flavor: Flavor) -> Vec<Term> {
    let ws = words(text);
    let mut out = Vec::new();
    let mut i = 0;
    let mut position = 0;
    while i < ws.len() {
        // A path: words joined by `::` with nothing in between.
        let mut j = i;
        while j + 1 < ws.len() && &text[ws[j].to..ws[j + 1].from] == "::" {
            j += 1;
        }
        if j > i {
            let whole = text[ws[i].from..ws[j].to].to_lowercase();
            if keep(&whole) {
                out.push(Term {
                    text: whole,
                    from: ws[i].from,
                    to: ws[j].to,
                    position,
                    role: Role::Compound,
                });
            }
            if j > i + 1 {
                let tail = text[ws[j - 1].from..ws[j].to].to_lowercase();
                out.push(Term {
                    text: tail,
                    from: ws[j - 1].from,
                    to: ws[j].to,
                    position,
                    role: Role::Compound,
                });
            }
        }
        for w in &ws[i..=j] {
            let word = &text[w.from..w.to];
            if text[w.to..].starts_with('!') && !text[w.to..].starts_with("!=") {
                let mac = format!("{}!", word.to_lowercase());
                out.push(Term {
                    text: mac,
                    from: w.from,
                    to: w.to + 1,
                    position,
                    role: Role::Compound,
                });
            }
            push_word(&mut out, word, w.from, w.to, position, flavor);
            position += 1;
        }
        i = j + 1;
    }
    if flavor != Flavor::Text {
        push_symbols(&mut out, text, &ws);
    }
    out
}

/// Operators and lifetimes between the words, each at the position of the
/// word that follows it. A path's `::` is part of its compound already.
fn push_symbols(out: &mut Vec<Term>, text: &str, ws: &[Word]) {
    let position_at = |byte: usize| ws.partition_point(|w| w.from < byte);
    let mut from = 0;
    for (n, w) in ws.iter().map(Some).chain([None]).enumerate() {
        let to = w.map_or(text.len(), |w| w.from);
        let gap = &text[from..to];
        let mut k = 0;
        while k < gap.len() {
            let at = from + k;
            let rest = &gap[k..];
            // `'static`, `'a`: a quote right before a word, not after one (`don't`).
            if let Some(w) = w
                && rest == "\'"
                && !text[..at].ends_with(char::is_alphanumeric)
            {
                let lifetime = text[at..w.to].to_lowercase();
                out.push(symbol(lifetime, at, w.to, position_at(at)));
                break;
            }
            match OPERATORS.iter().find(|op| rest.starts_with(**op)) {
                Some(op) => {
                    // A gap of exactly `::` between two words joins a path.
                    if !(*op == "::" && gap == "::" && n > 0) {
                        out.push(symbol(
                            (*op).to_string(),
                            at,
                            at + op.len(),
                            position_at(at),
                        ));
                    }
                    k += op.len();
                }
                None => k += rest.chars().next().map_or(1, char::len_utf8),
            }
        }
        from = w.map_or(text.len(), |w| w.to);
    }
}

fn symbol(text: String, from: usize, to: usize, position: usize) -> Term {
    Term {
        text,
        from,
        to,
        position,
        role: Role::Symbol,
    }
}

fn push_word(
    out: &mut Vec<Term>,
    word: &str,
    from: usize,
    to: usize,
    position: usize,
    flavor: Flavor,
) {
    let lower = word.to_lowercase();
    let ps = parts(word);
    let whole_is_stop = flavor == Flavor::Text && ps.len() == 1 && is_stop_word(&lower);
    if !whole_is_stop {
        push_plain(out, &lower, from, to, position, flavor, Role::Word);
    }
    if ps.len() > 1 {
        for p in ps {
            let p = p.to_lowercase();
            if flavor == Flavor::Text && is_stop_word(&p) {
                continue;
            }
            push_plain(out, &p, from, to, position, flavor, Role::Part);
        }
    }
}

fn push_plain(
    out: &mut Vec<Term>,
    lower: &str,
    from: usize,
    to: usize,
    position: usize,
    flavor: Flavor,
    role: Role,
) {
    if !keep(lower) {
        return;
    }
    if flavor != Flavor::Code && lower.chars().all(|c| c.is_alphabetic()) {
        let stem = STEMMER.stem(lower);
        if stem != lower {
            out.push(Term {
                text: stem.into_owned(),
                from,
                to,
                position,
                role,
            });
            out.push(Term {
                text: lower.to_string(),
                from,
                to,
                position,
                role: Role::Raw,
            });
            return;
        }
    }
    out.push(Term {
        text: lower.to_string(),
        from,
        to,
        position,
        role,
    });
}

/// The analyzer as a tantivy tokenizer.
#[derive(Clone)]
pub(crate) struct AtlasTokenizer {
    flavor: Flavor,
    token: Token,
}

impl AtlasTokenizer {
    /// A tokenizer of the given flavour.
    pub(crate) fn new(flavor: Flavor) -> Self {
        AtlasTokenizer {
            flavor,
            token: Token::default(),
        }
    }
}

/// The tokens of one text, produced eagerly (texts are section-sized).
pub(crate) struct AtlasTokenStream<'a> {
    terms: Arc<Vec<Term>>,
    next: usize,
    token: &'a mut Token,
}

impl Tokenizer for AtlasTokenizer {
    type TokenStream<'a> = AtlasTokenStream<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        self.token.reset();
        AtlasTokenStream {
            terms: Arc::new(analyze(text, self.flavor)),
            next: 0,
            token: &mut self.token,
        }
    }
}

impl TokenStream for AtlasTokenStream<'_> {
    fn advance(&mut self) -> bool {
        let Some(t) = self.terms.get(self.next) else {
            return false;
        };
        self.next += 1;
        self.token.text.clear();
        self.token.text.push_str(&t.text);
        self.token.offset_from = t.from;
        self.token.offset_to = t.to;
        self.token.position = t.position;
        self.token.position_length = 1;
        true
    }

    fn token(&self) -> &Token {
        self.token
    }

    fn token_mut(&mut self) -> &mut Token {
        self.token
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(s: &str, f: Flavor) -> Vec<String> {
        analyze(s, f).into_iter().map(|t| t.text).collect()
    }

    #[test]
    fn stop_words_are_sorted() {
        let mut sorted = STOP_WORDS.to_vec();
        sorted.sort_unstable();
        assert_eq!(sorted, STOP_WORDS);
    }

    #[test]
    fn paths_and_parts() {
        let t = texts("tokio::spawn", Flavor::Code);
        assert_eq!(t, ["tokio::spawn", "tokio", "spawn"]);
        let t = texts("tokio::task::JoinHandle::abort", Flavor::Code);
        assert!(
            t.contains(&"tokio::task::joinhandle::abort".to_string()),
            "{t:?}"
        );
        assert!(t.contains(&"joinhandle::abort".to_string()), "{t:?}");
        assert!(
            t.contains(&"join".to_string()) && t.contains(&"handle".to_string()),
            "{t:?}"
        );
    }

    #[test]
    fn snake_camel_and_macros() {
        let t = texts("spawn_blocking", Flavor::Code);
        assert_eq!(t, ["spawn_blocking", "spawn", "blocking"]);
        let t = texts("select! and join!", Flavor::Code);
        assert_eq!(t, ["select!", "select", "and", "join!", "join"]);
        let t = texts("a != b", Flavor::Code);
        assert!(!t.iter().any(|x| x.ends_with('!')), "{t:?}");
        let t = texts("#[tokio::main]", Flavor::Code);
        assert_eq!(t, ["tokio::main", "tokio", "main"]);
        let t = texts("Pin<&mut Self>", Flavor::Code);
        assert_eq!(t, ["pin", "mut", "self"]);
        assert_eq!(parts("HTTPServer2"), ["HTTP", "Server", "2"]);
    }

    #[test]
    fn prose_is_stemmed_without_stop_words() {
        let t = texts("How do I cancel a task?", Flavor::Text);
        assert_eq!(t, ["cancel", "task"]);
        let stem = |w: &str| analyze(w, Flavor::Text)[0].text.clone();
        assert_eq!(stem("cancelled"), stem("cancel"));
        assert_eq!(stem("cancellation"), stem("cancel"));
        // The unstemmed form stays for prefix matching.
        let t = texts("cancellation", Flavor::Text);
        assert!(t.contains(&"cancellation".to_string()), "{t:?}");
    }

    #[test]
    fn hostile_input_does_not_panic() {
        for s in [
            "",
            "::",
            "!!!",
            "#[",
            "🦀🦀",
            "\"unbalanced",
            "a::",
            "::b",
            "x!=y",
            &"é".repeat(5000),
        ] {
            let _ = analyze(s, Flavor::Text);
            let _ = analyze(s, Flavor::Code);
        }
    }
}
