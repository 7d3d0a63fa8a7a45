//! Fusing the two ways of finding: the lexical ranking (words, rules, BM25)
//! and the semantic one (nearest passages), by weighted reciprocal rank
//! fusion. Ranks, not scores, are fused: a BM25 score and a cosine are on
//! scales that do not compare, and their spread changes from query to query.
//!
//! How much the meaning counts depends on the query's [`Shape`]:
//! - a query that names code (`JoinHandle::abort`, `select!`,
//!   `spawn_blocking`) keeps the lexical order: the reader asked for that
//!   symbol, and a passage that is merely about something similar must not
//!   come before it. So does a keyword or two that the book has (the caller
//!   decides that);
//! - a question ("how do I …", "why does …?") leans on the meaning: its words
//!   are mostly the reader's, and the model was trained on questions and their
//!   answers. On every query set the nearest passages alone answer questions
//!   better than the words alone;
//! - anything else weighs both lists, the words more.

use crate::search::knobs::KNOBS;
use crate::semantic::SearchMode;

/// Documents (by `ord`) with a score, best first.
pub(crate) type Ranked = Vec<(usize, f32)>;

/// What kind of query it is, for the weight of the semantic list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Shape {
    /// Code, or a keyword or two the book has: the words decide.
    Literal,
    /// A question in the reader's words.
    Question,
    /// Anything else.
    Words,
}

impl Shape {
    /// The semantic list's weight (the lexical list's is `KNOBS.fusion.lexical`).
    fn semantic_weight(self) -> f32 {
        match self {
            Shape::Literal => 0.0,
            Shape::Question => KNOBS.fusion.question,
            Shape::Words => KNOBS.fusion.semantic,
        }
    }
}

/// One ranking from the lexical and the semantic lists, as `mode` asks,
/// weighted by the query's `shape`.
pub(crate) fn fuse(mode: SearchMode, lexical: &Ranked, semantic: &Ranked, shape: Shape) -> Ranked {
    let f = &KNOBS.fusion;
    let semantic: Ranked = semantic
        .iter()
        .copied()
        .filter(|&(_, cos)| cos >= f.min_cosine)
        .collect();
    match mode {
        SearchMode::Lexical => return lexical.clone(),
        SearchMode::Semantic => return semantic,
        SearchMode::Hybrid if semantic.is_empty() => return lexical.clone(),
        SearchMode::Hybrid => {}
    }
    let semantic_weight = shape.semantic_weight();
    let mut fused: Vec<(usize, f32)> = Vec::new();
    let mut add = |ord: usize, rank: usize, weight: f32| {
        let s = weight / (f.k + rank as f32 + 1.0);
        match fused.iter_mut().find(|(o, _)| *o == ord) {
            Some(entry) => entry.1 += s,
            None => fused.push((ord, s)),
        }
    };
    for (rank, &(ord, _)) in lexical.iter().enumerate() {
        add(ord, rank, f.lexical);
    }
    for (rank, &(ord, _)) in semantic.iter().enumerate() {
        // A weight of 0 still lists what only the meaning found, after the rest.
        add(ord, rank, semantic_weight.max(f32::EPSILON));
    }
    fused.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    fused
}

/// Words that open a question in English.
const QUESTION_OPENERS: &[&str] = &[
    "are", "can", "could", "did", "do", "does", "how", "is", "should", "what", "what's", "whats",
    "when", "where", "which", "who", "why", "will", "would",
];

/// Whether the query is a question: it opens with a question word or ends
/// with a question mark.
pub(crate) fn is_question(query: &str) -> bool {
    let first = query.split_whitespace().next().unwrap_or("").to_lowercase();
    query.trim_end().ends_with('?') || QUESTION_OPENERS.contains(&first.as_str())
}

/// Whether the query names code: a path, a macro, a call, a snake_case or
/// CamelCase identifier.
pub(crate) fn is_symbol(query: &str) -> bool {
    query.split_whitespace().any(|w| {
        let w = w.trim_matches(|c: char| c == '`' || c == '"');
        let inner_upper =
            w.chars().skip(1).any(char::is_uppercase) && w.chars().any(char::is_lowercase);
        w.contains("::")
            || w.ends_with('!')
            || w.ends_with("()")
            || (w.contains('_') && w.chars().any(char::is_alphabetic))
            || inner_upper
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ords(r: &Ranked) -> Vec<usize> {
        r.iter().map(|x| x.0).collect()
    }

    #[test]
    fn agreement_rises_and_each_list_alone_still_counts() {
        let lexical = vec![(1, 9.0), (2, 8.0), (3, 7.0)];
        let semantic = vec![(3, 0.8), (4, 0.7), (1, 0.6)];
        let fused = fuse(SearchMode::Hybrid, &lexical, &semantic, Shape::Words);
        assert_eq!(fused.len(), 4);
        // 1 and 3 are in both lists; 2 and 4 in one each.
        assert_eq!(&ords(&fused)[..2], &[1, 3]);
    }

    #[test]
    fn a_symbol_query_keeps_the_lexical_order_first() {
        let lexical = vec![(1, 9.0), (2, 8.0)];
        let semantic = vec![(5, 0.9), (2, 0.8), (1, 0.7)];
        let fused = fuse(SearchMode::Hybrid, &lexical, &semantic, Shape::Literal);
        assert_eq!(ords(&fused), vec![1, 2, 5]);
    }

    #[test]
    fn weak_neighbours_are_dropped_and_modes_pick_one_list() {
        let lexical = vec![(1, 9.0)];
        let semantic = vec![(2, 0.9), (3, 0.01)];
        assert_eq!(
            ords(&fuse(
                SearchMode::Semantic,
                &lexical,
                &semantic,
                Shape::Words
            )),
            vec![2]
        );
        assert_eq!(
            ords(&fuse(
                SearchMode::Lexical,
                &lexical,
                &semantic,
                Shape::Words
            )),
            vec![1]
        );
        assert_eq!(
            fuse(SearchMode::Hybrid, &vec![], &vec![(3, 0.01)], Shape::Words),
            vec![]
        );
    }

    #[test]
    fn a_question_leans_on_the_meaning() {
        // 1 only in the words' list, 2 only in the meaning's, both at rank 0.
        let (lexical, semantic) = (vec![(1, 9.0)], vec![(2, 0.9)]);
        let score = |shape, ord| {
            let fused = fuse(SearchMode::Hybrid, &lexical, &semantic, shape);
            fused.iter().find(|x| x.0 == ord).map(|x| x.1).unwrap()
        };
        assert!(score(Shape::Question, 2) > score(Shape::Words, 2));
        assert_eq!(score(Shape::Question, 1), score(Shape::Words, 1));
        assert!(score(Shape::Literal, 2) < score(Shape::Words, 2));
    }

    #[test]
    fn questions_are_told_from_other_queries() {
        for q in [
            "how do I cancel a task",
            "Why does my future never run",
            "what's a waker",
            "tokio vs async-std?",
        ] {
            assert!(is_question(q), "{q}");
        }
        for q in ["cancel a task", "howto spawn", "waker", "", "is_terminated"] {
            assert!(!is_question(q), "{q}");
        }
    }

    #[test]
    fn symbols_are_told_from_words() {
        for q in [
            "JoinHandle::abort",
            "select!",
            "spawn_blocking",
            "block_on()",
            "JoinSet",
        ] {
            assert!(is_symbol(q), "{q}");
        }
        for q in [
            "how do I cancel a task",
            "Pin",
            "stop a background job",
            "I/O",
        ] {
            assert!(!is_symbol(q), "{q}");
        }
    }
}
