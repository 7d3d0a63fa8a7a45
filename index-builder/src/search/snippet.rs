//! Snippets: the best short passage of a hit's text, with the ranges of the
//! words that matched. Ranges, not HTML, so the UI escapes everything itself.

use std::collections::HashSet;

use crate::search::tokenizer::{Flavor, analyze};

/// What a word of the text must look like to count as a match.
#[derive(Debug, Default, Clone)]
pub(crate) struct Matcher {
    /// Analyzed query terms (stems and code terms), lowercase.
    terms: HashSet<String>,
    /// The first (up to) three bytes of each term: a word of the text whose
    /// start is not among them cannot match, and is dismissed without
    /// allocating or stemming (most words of a text share nothing with the query).
    heads: HashSet<[u8; 3]>,
    /// The half-typed last word, lowercase.
    prefix: Option<String>,
}

/// A word's first three bytes, ASCII-lowercased (zero-padded).
fn head(word: &str) -> [u8; 3] {
    let mut h = [0u8; 3];
    for (slot, b) in h.iter_mut().zip(word.bytes()) {
        *slot = b.to_ascii_lowercase();
    }
    h
}

impl Matcher {
    /// A matcher for these terms and, optionally, a half-typed last word.
    pub(crate) fn new(terms: impl IntoIterator<Item = String>, prefix: Option<String>) -> Self {
        let terms: HashSet<String> = terms.into_iter().collect();
        let heads = terms.iter().map(|t| head(t)).collect();
        Matcher {
            terms,
            heads,
            prefix,
        }
    }

    /// Does this word (as written in the text) match?
    pub(crate) fn matches(&self, word: &str) -> bool {
        if let Some(p) = &self.prefix {
            let starts = if word.is_ascii() {
                word.len() >= p.len() && word[..p.len()].eq_ignore_ascii_case(p)
            } else {
                word.to_lowercase().starts_with(p.as_str())
            };
            if starts {
                return true;
            }
        }
        if word.is_ascii() && !self.heads.contains(&head(word)) {
            return false;
        }
        let lower = word.to_lowercase();
        if self.terms.contains(&lower) {
            return true;
        }
        // Stemming is the costly part, done only for words that got this far.
        analyze(word, Flavor::Text)
            .iter()
            .any(|a| self.terms.contains(&a.text))
    }
}

/// A snippet and its highlight ranges in chars.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub(crate) struct Snippet {
    /// The passage, with `…` where it was cut.
    pub text: String,
    /// `[start, end)` in chars of `text`.
    pub highlights: Vec<[usize; 2]>,
    /// The distinct matched words, lowercase.
    pub matched: Vec<String>,
}

/// How much text is looked at; sections rarely need more.
const SCAN_BYTES: usize = 6 * 1024;

/// Cuts the best passage of about `max_chars` from `text`: the window with the
/// most distinct matched words, widened to word boundaries, whitespace folded.
pub(crate) fn snippet(text: &str, m: &Matcher, max_chars: usize) -> Snippet {
    let text = &text[..floor_char_boundary(text, SCAN_BYTES)];
    let mut hits = Vec::new();
    for_each_word(text, |s, e| {
        if m.matches(&text[s..e]) {
            hits.push((s, e));
        }
    });
    let (distinct, best) = best_window(text, &hits, max_chars * 2);
    let from = window_start(text, best, distinct, max_chars);
    let to = window_end(text, from, max_chars);
    let body = text[from..to]
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    let prefix = if from > 0 { "…" } else { "" };
    let suffix = if to < text.len() { "…" } else { "" };
    let (highlights, matched) = mark(&body, prefix.chars().count(), m);
    Snippet {
        text: format!("{prefix}{body}{suffix}"),
        highlights,
        matched,
    }
}

/// Calls `f(start, end)` with the byte range of every word of `text`.
fn for_each_word(text: &str, mut f: impl FnMut(usize, usize)) {
    let mut start = None;
    for (i, c) in text
        .char_indices()
        .chain(std::iter::once((text.len(), ' ')))
    {
        let word_char = c.is_alphanumeric() || c == '_';
        match (word_char, start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                f(s, i);
                start = None;
            }
            _ => {}
        }
    }
}

/// The start byte of the window of `max_bytes` holding the most distinct
/// matched words, and how many it holds (0 and 0 without matches).
fn best_window(text: &str, hits: &[(usize, usize)], max_bytes: usize) -> (usize, usize) {
    let lowered: Vec<String> = hits
        .iter()
        .map(|(a, b)| text[*a..*b].to_lowercase())
        .collect();
    let mut best = (0usize, 0usize); // (distinct count, start byte)
    for (k, &(s, _)) in hits.iter().enumerate() {
        let window_end = s + max_bytes;
        let mut distinct: Vec<&str> = Vec::new();
        for (j, (a, _)) in hits.iter().enumerate().skip(k) {
            if *a >= window_end {
                break;
            }
            if !distinct.contains(&lowered[j].as_str()) {
                distinct.push(&lowered[j]);
            }
        }
        if distinct.len() > best.0 {
            best = (distinct.len(), s);
        }
    }
    best
}

/// Starts a little before the first match, at a word boundary; at the very
/// start when that is near anyway.
fn window_start(text: &str, first_match: usize, distinct: usize, max_chars: usize) -> usize {
    if distinct == 0 {
        return 0;
    }
    let back = text[..first_match]
        .char_indices()
        .rev()
        .take(40)
        .last()
        .map_or(0, |(i, _)| i);
    let from = text[back..first_match]
        .find(' ')
        .map(|i| back + i + 1)
        .filter(|&i| i <= first_match)
        .unwrap_or(back);
    if from < 60 && first_match < max_chars {
        0
    } else {
        from
    }
}

/// Ends `max_chars` chars after `from`, pulled back to a space in the second half.
fn window_end(text: &str, from: usize, max_chars: usize) -> usize {
    let mut to = from;
    for (count, (i, c)) in text[from..].char_indices().enumerate() {
        if count >= max_chars {
            break;
        }
        to = from + i + c.len_utf8();
    }
    if to < text.len()
        && let Some(space) = text[from..to].rfind(' ').filter(|&sp| sp > (to - from) / 2)
    {
        to = from + space;
    }
    to
}

/// The matches in the whitespace-folded `body`, as char ranges offset by
/// `chars_before` (the prefix), and the distinct matched words.
fn mark(body: &str, chars_before: usize, m: &Matcher) -> (Vec<[usize; 2]>, Vec<String>) {
    let mut highlights = Vec::new();
    let mut matched: Vec<String> = Vec::new();
    // Byte offsets to char offsets, once.
    let mut char_at = vec![0usize; body.len() + 1];
    let mut count = chars_before;
    for (i, c) in body.char_indices() {
        char_at[i..i + c.len_utf8()].fill(count);
        count += 1;
    }
    char_at[body.len()] = count;
    for_each_word(body, |s, e| {
        let w = &body[s..e];
        if m.matches(w) {
            highlights.push([char_at[s], char_at[e]]);
            let lw = w.to_lowercase();
            if !matched.contains(&lw) {
                matched.push(lw);
            }
        }
    });
    (highlights, matched)
}

fn floor_char_boundary(s: &str, max: usize) -> usize {
    if s.len() <= max {
        return s.len();
    }
    let mut i = max;
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

#[cfg(test)]
mod tests {
    use super::*;

    fn matcher(terms: &[&str]) -> Matcher {
        Matcher::new(terms.iter().map(|s| s.to_string()), None)
    }

    fn marked(s: &Snippet) -> String {
        let chars: Vec<char> = s.text.chars().collect();
        let mut out = String::new();
        let mut k = 0;
        for [a, b] in &s.highlights {
            out.extend(&chars[k..*a]);
            out.push('[');
            out.extend(&chars[*a..*b]);
            out.push(']');
            k = *b;
        }
        out.extend(&chars[k..]);
        out
    }

    #[test]
    fn highlights_stems_in_the_best_window() {
        let text = format!(
            "{} Tasks can be cancelled. Cancellation happens when a task is dropped. {}",
            "filler ".repeat(60),
            "more ".repeat(60)
        );
        let m = matcher(&["cancel", "task"]);
        let s = snippet(&text, &m, 120);
        let shown = marked(&s);
        assert!(shown.starts_with('…') && shown.ends_with('…'), "{shown}");
        assert!(
            shown.contains(
                "[Tasks] can be [cancelled]. [Cancellation] happens when a [task] is dropped."
            ),
            "{shown}"
        );
        assert_eq!(s.matched, ["tasks", "cancelled", "cancellation", "task"]);
    }

    #[test]
    fn unicode_offsets_are_in_chars() {
        let s = snippet("Ünïcödé 🦀 spawn here", &matcher(&["spawn"]), 100);
        assert_eq!(marked(&s), "Ünïcödé 🦀 [spawn] here");
    }

    #[test]
    fn prefixes() {
        let m = Matcher::new([], Some("joinh".into()));
        let s = snippet("A JoinHandle from the runtime.", &m, 100);
        assert_eq!(marked(&s), "A [JoinHandle] from the runtime.");
    }

    #[test]
    fn no_match_gives_the_start() {
        let s = snippet(&"word ".repeat(100), &matcher(&["zzz"]), 30);
        assert!(
            s.text.starts_with("word word") && s.text.ends_with('…') && s.highlights.is_empty(),
            "{:?}",
            s
        );
    }
}
