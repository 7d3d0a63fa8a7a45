//! Snippets: the best short passage of a hit's text, with the ranges of the
//! words that matched. Ranges, not HTML, so the UI escapes everything itself.

use crate::tokenizer::{Flavor, analyze};

/// What a word of the text must look like to count as a match.
#[derive(Debug, Default, Clone)]
pub struct Matcher {
    /// Analyzed query terms (stems and code terms), lowercase.
    pub terms: Vec<String>,
    /// The half-typed last word, lowercase.
    pub prefix: Option<String>,
}

impl Matcher {
    /// Does this word (as written in the text) match?
    pub fn matches(&self, word: &str) -> bool {
        // The fast path compares without allocating: most words of a text
        // share nothing with the query.
        let starts_with = |w: &str, p: &str| {
            w.len() >= p.len()
                && w.is_char_boundary(p.len())
                && w[..p.len()].eq_ignore_ascii_case(p)
        };
        if word.is_ascii() {
            if self.prefix.as_deref().is_some_and(|p| starts_with(word, p)) {
                return true;
            }
            if self.terms.iter().any(|t| t.eq_ignore_ascii_case(word)) {
                return true;
            }
            // Stemming is the costly part: only stem words that share a start
            // with some query term.
            let head = &word[..word.len().min(3)];
            if !self.terms.iter().any(|t| starts_with(t, head)) {
                return false;
            }
        } else {
            let lower = word.to_lowercase();
            if self.prefix.as_deref().is_some_and(|p| lower.starts_with(p))
                || self.terms.contains(&lower)
            {
                return true;
            }
        }
        analyze(word, Flavor::Text)
            .iter()
            .any(|a| self.terms.contains(&a.text))
    }
}

/// A snippet and its highlight ranges in chars.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Snippet {
    /// The passage, with `…` where it was cut.
    pub text: String,
    /// `[start, end)` in chars of `text`.
    pub highlights: Vec<[usize; 2]>,
    /// The distinct matched words, lowercase.
    pub matched: Vec<String>,
}

/// How much text is looked at; sections rarely need more.
const SCAN_BYTES: usize = 16 * 1024;

/// Cuts the best passage of about `max_chars` from `text`.
pub fn snippet(text: &str, m: &Matcher, max_chars: usize) -> Snippet {
    let scan = floor_char_boundary(text, SCAN_BYTES);
    let text = &text[..scan];
    // Word ranges (bytes) that match.
    let mut hits: Vec<(usize, usize)> = Vec::new();
    let mut start = None;
    for (i, c) in text
        .char_indices()
        .chain(std::iter::once((text.len(), ' ')))
    {
        let word_char = c.is_alphanumeric() || c == '_';
        match (word_char, start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                if m.matches(&text[s..i]) {
                    hits.push((s, i));
                }
                start = None;
            }
            _ => {}
        }
    }
    let max_bytes = max_chars * 2; // a rough byte budget; cut exactly below
    // The window that holds the most distinct matched words.
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
    // Start a little before the first match, at a word boundary.
    let mut from = best.1;
    let back = text[..from]
        .char_indices()
        .rev()
        .take(40)
        .last()
        .map(|(i, _)| i)
        .unwrap_or(0);
    from = if best.0 == 0 {
        0
    } else {
        text[back..from]
            .find(' ')
            .map(|i| back + i + 1)
            .filter(|&i| i <= from)
            .unwrap_or(back)
    };
    if from < 60 && best.1 < max_chars {
        from = 0;
    }
    let mut to = from;
    for (count, (i, c)) in text[from..].char_indices().enumerate() {
        if count >= max_chars {
            break;
        }
        to = from + i + c.len_utf8();
    }
    if to < text.len() {
        if let Some(space) = text[from..to].rfind(' ').filter(|&sp| sp > (to - from) / 2) {
            to = from + space;
        }
    }
    let body = text[from..to]
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    let prefix = if from > 0 { "…" } else { "" };
    let suffix = if to < text.len() { "…" } else { "" };
    let out = format!("{prefix}{body}{suffix}");
    // Re-find the matches in the whitespace-folded text.
    let mut highlights = Vec::new();
    let mut matched: Vec<String> = Vec::new();
    let mut chars_before = prefix.chars().count();
    let mut word_start: Option<(usize, usize)> = None;
    for (i, c) in body
        .char_indices()
        .chain(std::iter::once((body.len(), ' ')))
    {
        let word_char = c.is_alphanumeric() || c == '_';
        match (word_char, word_start) {
            (true, None) => word_start = Some((i, chars_before)),
            (false, Some((s, cs))) => {
                let w = &body[s..i];
                if m.matches(w) {
                    highlights.push([cs, chars_before]);
                    let lw = w.to_lowercase();
                    if !matched.contains(&lw) {
                        matched.push(lw);
                    }
                }
                word_start = None;
            }
            _ => {}
        }
        if i < body.len() {
            chars_before += 1;
        }
    }
    Snippet {
        text: out,
        highlights,
        matched,
    }
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
        Matcher {
            terms: terms.iter().map(|s| s.to_string()).collect(),
            ..Default::default()
        }
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
        let m = Matcher {
            terms: vec!["cancel".into(), "task".into()],
            ..Default::default()
        };
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
        let m = Matcher {
            terms: vec![],
            prefix: Some("joinh".into()),
        };
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
