//! The index's vocabulary (every indexed word as written, with its document
//! frequency, sorted): completions of a half-typed word, the words near a typo,
//! and "did you mean" suggestions.

use crate::search::knobs::KNOBS;
use crate::search::tokenizer::{Flavor, Role, analyze};

/// A sorted `(word, document frequency)` list.
pub(crate) struct Vocab<'a>(pub &'a [(String, u32)]);

impl Vocab<'_> {
    /// The `n` most frequent vocabulary words that start with `prefix` (and
    /// are longer than it).
    pub(crate) fn completions(&self, prefix: &str, n: usize) -> Vec<String> {
        let start = self.0.partition_point(|(v, _)| v.as_str() < prefix);
        let mut found: Vec<&(String, u32)> = self.0[start..]
            .iter()
            .take_while(|(v, _)| v.starts_with(prefix))
            .filter(|(v, _)| v.len() > prefix.len())
            .collect();
        found.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        found.into_iter().take(n).map(|(v, _)| v.clone()).collect()
    }

    /// "Did you mean": each unknown word replaced by the nearest indexed word.
    pub(crate) fn suggest(&self, query: &str) -> Vec<String> {
        let words: Vec<String> = analyze(query, Flavor::Code)
            .into_iter()
            .filter(|t| t.role == Role::Word)
            .map(|t| t.text)
            .collect();
        let known = |w: &str| self.0.binary_search_by(|(v, _)| v.as_str().cmp(w)).is_ok();
        let mut alternatives: Vec<Vec<String>> = Vec::new();
        let mut any_unknown = false;
        for w in &words {
            if known(w) || w.chars().count() < 3 {
                alternatives.push(vec![w.clone()]);
                continue;
            }
            any_unknown = true;
            let near = self.nearest(w, 3);
            alternatives.push(if near.is_empty() {
                vec![w.clone()]
            } else {
                near
            });
        }
        if !any_unknown {
            return Vec::new();
        }
        // The best candidate for every word, then variants of the first unsure word.
        let mut out: Vec<String> = Vec::new();
        let best: Vec<&str> = alternatives.iter().map(|a| a[0].as_str()).collect();
        out.push(best.join(" "));
        if let Some(k) = alternatives.iter().position(|a| a.len() > 1) {
            for alt in &alternatives[k][1..] {
                let mut v = best.clone();
                v[k] = alt;
                out.push(v.join(" "));
            }
        }
        out.retain(|s| s != query.trim());
        out.dedup();
        out
    }

    fn nearest(&self, word: &str, n: usize) -> Vec<String> {
        let len = word.chars().count();
        let max = if len >= KNOBS.suggest_three_edits_from {
            3
        } else if len >= KNOBS.suggest_two_edits_from {
            2
        } else {
            1
        };
        self.within(word, max, n)
    }

    /// Up to `n` vocabulary words within `max` edits of `word`, nearest and
    /// most frequent first.
    /// Only words that start with the word's first or second letter are
    /// looked at (the list is sorted, so those are two runs of it): a typo
    /// rarely changes the first letter, and a swap of the first two keeps the
    /// second. Scanning the whole vocabulary costs more than the rest of a query.
    pub(crate) fn within(&self, word: &str, max: usize, n: usize) -> Vec<String> {
        let mut starts: Vec<char> = word.chars().take(2).collect();
        starts.dedup();
        let mut found: Vec<(usize, std::cmp::Reverse<u32>, &str)> = starts
            .iter()
            .flat_map(|&c| self.starting_with(c))
            .filter(|(v, _)| v.len().abs_diff(word.len()) <= max)
            .filter_map(|(v, freq)| {
                let d = edit_distance(word, v);
                (d <= max).then_some((d, std::cmp::Reverse(*freq), v.as_str()))
            })
            .collect();
        found.sort();
        found
            .into_iter()
            .take(n)
            .map(|(_, _, v)| v.to_string())
            .collect()
    }

    /// The run of words that start with `c`.
    fn starting_with(&self, c: char) -> &[(String, u32)] {
        let mut buf = [0u8; 4];
        let c = &*c.encode_utf8(&mut buf);
        let from = self.0.partition_point(|(v, _)| v.as_str() < c);
        let len = self.0[from..].partition_point(|(v, _)| v.starts_with(c));
        &self.0[from..from + len]
    }
}

/// Levenshtein distance with adjacent transpositions counted as one edit.
pub(crate) fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut prev2 = vec![0usize; b.len() + 1];
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0usize; b.len() + 1];
    for i in 1..=a.len() {
        cur[0] = i;
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            cur[j] = (prev[j] + 1).min(cur[j - 1] + 1).min(prev[j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                cur[j] = cur[j].min(prev2[j - 2] + 1);
            }
        }
        std::mem::swap(&mut prev2, &mut prev);
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn near_words_start_like_the_typo() {
        let words: Vec<(String, u32)> =
            [("ancel", 1), ("cancel", 9), ("candle", 2), ("scancel", 1)]
                .into_iter()
                .map(|(w, f)| (w.to_string(), f))
                .collect();
        let v = Vocab(&words);
        assert_eq!(v.within("cancle", 1, 4), ["cancel", "candle"]);
        // The first two letters swapped.
        assert_eq!(v.within("acncel", 1, 4), ["cancel", "ancel"]);
        assert!(v.within("zzzz", 2, 4).is_empty());
    }

    #[test]
    fn distances() {
        assert_eq!(edit_distance("cancle", "cancel"), 1);
        assert_eq!(edit_distance("spawn", "spawn"), 0);
        assert_eq!(edit_distance("", "abc"), 3);
        assert_eq!(edit_distance("runtime", "runtme"), 1);
        assert_eq!(edit_distance("kitten", "sitting"), 3);
        assert_eq!(edit_distance("bakpresxxre", "backpressure"), 3);
    }
}
