//! A query's plan: the reader's words as groups of alternatives, each
//! alternative a way the word can be found in a section (as typed, as a part of
//! a compound, as a typo's correction, as a completion, as a related term).
//!
//! The plan feeds both stages of a search: every alternative is a clause of the
//! recall query (`query`), and the groups are what coverage counts (`rank`).

use crate::search::knobs::{FieldWeights, KNOBS};
use crate::search::tokenizer::{self, Flavor, Role, analyze, is_stop_word};

/// How a section holds a query word; better levels rank first at equal coverage.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Level {
    /// A related term from the thesaurus or the book.
    Related,
    /// A related term standing in for a word the book does not have at all.
    Sole,
    /// A completion of the half-typed last word.
    Prefix,
    /// An indexed word within a small edit distance of a typo.
    Typo,
    /// A part of a compound word (`join` of `JoinHandle`).
    Part,
    /// The word as typed (stemmed), or its code form.
    Exact,
}

impl Level {
    /// How much of a word a match at this level is worth to coverage.
    pub(crate) fn credit(self) -> f32 {
        let c = &KNOBS.credit;
        match self {
            Level::Exact => 1.0,
            Level::Part => c.part,
            Level::Typo => c.typo,
            Level::Prefix => c.prefix,
            Level::Related => c.related,
            Level::Sole => c.sole,
        }
    }
}

/// Where an alternative is searched.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Place {
    /// The prose fields (title, terms, body), with these boosts.
    Text(FieldWeights),
    /// The code field, with this boost.
    Code(f32),
    /// Titles and index terms analyzed as code (every word kept), with this boost.
    Heading(f32),
}

/// One way a query word can be found: every token present (a phrase when more
/// than one, in order).
#[derive(Debug, Clone)]
pub(crate) struct Alt {
    pub tokens: Vec<String>,
    pub place: Place,
    pub level: Level,
}

/// One word of the query and the ways it can be found.
#[derive(Debug, Clone)]
pub(crate) struct Group {
    /// The word as typed, lowercased.
    pub word: String,
    /// Byte range in the query.
    pub from: usize,
    pub to: usize,
    /// A stop word or question filler: it does not count toward coverage, and
    /// is not searched, unless the query has nothing else.
    pub filler: bool,
    pub alts: Vec<Alt>,
}

/// Words of a question that say nothing about its subject, beyond the stop
/// words the tokenizer drops. Sorted.
const FILLERS: &[&str] = &[
    "anyone",
    "best",
    "better",
    "difference",
    "differences",
    "different",
    "example",
    "examples",
    "explain",
    "get",
    "good",
    "happen",
    "happens",
    "idea",
    "know",
    "like",
    "make",
    "mean",
    "meaning",
    "means",
    "need",
    "possible",
    "properly",
    "right",
    "someone",
    "tell",
    "thing",
    "things",
    "understand",
    "use",
    "used",
    "using",
    "want",
    "way",
    "ways",
];

/// Whether a word (lowercase) is a stop word or a question filler.
pub(crate) fn is_filler(word: &str) -> bool {
    is_stop_word(word) || FILLERS.binary_search(&word).is_ok()
}

impl Group {
    /// This group's alternatives at `level`.
    pub(crate) fn at(&self, level: Level) -> impl Iterator<Item = &Alt> {
        self.alts.iter().filter(move |a| a.level == level)
    }

    pub(crate) fn push(&mut self, tokens: Vec<String>, place: Place, level: Level) {
        if !tokens.is_empty() {
            self.alts.push(Alt {
                tokens,
                place,
                level,
            });
        }
    }
}

/// The query's words, one group each, with their as-typed alternatives (prose
/// words, parts, code words and compounds). Typos, completions and related
/// terms are added by the engine, which knows the vocabulary.
pub(crate) fn groups(query: &str) -> Vec<Group> {
    let code = analyze(query, Flavor::Code);
    let text = analyze(query, Flavor::Text);
    let k = &KNOBS;
    let mut groups: Vec<Group> = Vec::new();
    for w in code
        .iter()
        .filter(|t| matches!(t.role, Role::Word | Role::Symbol))
    {
        if groups.iter().any(|g| g.word == w.text) {
            continue;
        }
        let symbol = w.role == Role::Symbol;
        let mut g = Group {
            word: w.text.clone(),
            from: w.from,
            to: w.to,
            filler: !symbol && is_filler(&w.text),
            alts: Vec::new(),
        };
        // Prose analysis drops stop words and cannot see operators: titles
        // keep them in the heading field (`for`, `while`, `?`).
        if symbol || is_stop_word(&w.text) {
            g.push(
                heading_tokens(&w.text),
                Place::Heading(k.heading),
                Level::Exact,
            );
        }
        for t in text.iter().filter(|t| t.from == w.from && t.to == w.to) {
            match t.role {
                Role::Word => g.push(vec![t.text.clone()], Place::Text(k.word), Level::Exact),
                Role::Part => g.push(
                    vec![t.text.clone()],
                    Place::Text(k.word.times(k.part)),
                    Level::Part,
                ),
                Role::Raw | Role::Compound | Role::Symbol => {}
            }
        }
        g.push(vec![w.text.clone()], Place::Code(k.code_word), Level::Exact);
        groups.push(g);
    }
    groups.truncate(k.max_words);
    attach_compounds(&mut groups, &code);
    if groups.iter().all(|g| g.filler) {
        for g in &mut groups {
            g.filler = false;
        }
    }
    groups
}

/// `tokio::spawn` and `select!` are exact forms of each word they span.
fn attach_compounds(groups: &mut [Group], code: &[tokenizer::Term]) {
    let k = &KNOBS;
    for c in code.iter().filter(|t| t.role == Role::Compound) {
        for g in groups
            .iter_mut()
            .filter(|g| g.from >= c.from && g.to <= c.to)
        {
            g.push(
                vec![c.text.clone()],
                Place::Code(k.code_compound),
                Level::Exact,
            );
            g.push(vec![c.text.clone()], Place::Text(k.compound), Level::Exact);
        }
    }
}

/// The quoted parts of a query (`"drop a joinhandle"`), each as its prose
/// tokens with their word offsets: a phrase every hit must contain. A lone
/// or unbalanced quote means nothing; a one-word quote is an ordinary word.
pub(crate) fn phrases(query: &str) -> Vec<Vec<(usize, String)>> {
    let pieces: Vec<&str> = query.split('"').collect();
    if pieces.len() < 3 {
        return Vec::new();
    }
    // Odd pieces are quoted; the last odd one is unclosed when the count is even.
    let closed = if pieces.len() % 2 == 1 {
        pieces.len()
    } else {
        pieces.len() - 1
    };
    pieces[..closed]
        .iter()
        .skip(1)
        .step_by(2)
        .map(|quoted| {
            let tokens: Vec<tokenizer::Term> = analyze(quoted, Flavor::Text)
                .into_iter()
                .filter(|t| t.role == Role::Word)
                .collect();
            let first = tokens.first().map_or(0, |t| t.position);
            tokens
                .into_iter()
                .map(|t| (t.position - first, t.text))
                .collect::<Vec<_>>()
        })
        .filter(|p| p.len() >= 2)
        .collect()
}

/// A term as the heading field holds it: stemmed, stop words and operators kept.
pub(crate) fn heading_tokens(term: &str) -> Vec<String> {
    analyze(term, Flavor::Heading)
        .into_iter()
        .filter(|t| matches!(t.role, Role::Word | Role::Compound | Role::Symbol))
        .map(|t| t.text)
        .collect()
}

/// The text-flavour tokens of a related or completed term (stemmed, stop
/// words dropped), as one alternative's tokens.
pub(crate) fn term_tokens(term: &str) -> Vec<String> {
    analyze(term, Flavor::Text)
        .into_iter()
        .filter(|t| t.role == Role::Word || t.role == Role::Compound)
        .map(|t| t.text)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fillers_are_sorted() {
        assert!(FILLERS.windows(2).all(|w| w[0] < w[1]));
    }

    #[test]
    fn question_words_are_fillers_unless_alone() {
        let g = groups("how do I cancel a task");
        let content: Vec<&str> = g
            .iter()
            .filter(|g| !g.filler)
            .map(|g| g.word.as_str())
            .collect();
        assert_eq!(content, ["cancel", "task"]);
        let only = groups("for while");
        assert!(only.iter().all(|g| !g.filler), "{only:?}");
    }

    #[test]
    fn quoted_words_are_phrases_with_their_gaps() {
        let p = phrases("tasks \"cancel a running task\" now \"x\" \"open");
        assert_eq!(
            p,
            [vec![
                (0, "cancel".into()),
                (2, "run".into()),
                (3, "task".into())
            ]]
        );
        assert!(phrases("\"unbalanced").is_empty());
        assert!(phrases("no quotes").is_empty());
    }

    #[test]
    fn a_compound_is_an_exact_form_of_each_word() {
        let g = groups("tokio::spawn");
        assert_eq!(g.len(), 2);
        for group in &g {
            assert!(
                group.at(Level::Exact).any(|a| a.tokens == ["tokio::spawn"]),
                "{group:?}"
            );
        }
        let parts = groups("JoinHandle");
        assert!(
            parts[0].at(Level::Part).any(|a| a.tokens == ["join"]),
            "{parts:?}"
        );
    }
}
