//! Every number the ranking uses, in one table. Tuning is editing [`KNOBS`]
//! and rerunning `index-builder eval` on every query set.

use atlas_model::Kind;

/// Field weights for one kind of query word: title, terms (index entries and
/// FAQ questions that point here), body.
#[derive(Debug, Clone, Copy)]
pub(crate) struct FieldWeights {
    pub(crate) title: f32,
    pub(crate) terms: f32,
    pub(crate) body: f32,
}

/// The ranking's knobs.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Knobs {
    /// At most this many distinct words of a query take part.
    pub(crate) max_words: usize,
    /// A word as typed (stemmed).
    pub(crate) word: FieldWeights,
    /// Factor for a part of a compound word (`join` of `JoinHandle`): weaker
    /// evidence than the whole word.
    pub(crate) part: f32,
    /// Factor for the indexed words standing in for a typo.
    pub(crate) typo: f32,
    /// Typos are only looked for in words of at least this many letters...
    pub(crate) typo_min_letters: usize,
    /// ...within one edit, or two from this many letters.
    pub(crate) typo_two_edits_from: usize,
    /// How many indexed words stand in for one typo.
    pub(crate) typo_candidates: usize,
    /// The code field: a `::` path or `name!` macro, and any other code word.
    pub(crate) code_compound: f32,
    pub(crate) code_word: f32,
    /// A `::` path or macro found in the text fields (prose mentions code).
    pub(crate) compound: FieldWeights,
    /// The half-typed last word's completions.
    pub(crate) prefix: FieldWeights,
    /// How many completions, and from how many typed letters.
    pub(crate) prefix_completions: usize,
    pub(crate) prefix_min_letters: usize,
    /// "Did you mean": edits allowed by word length (1; 2 from 5; 3 from 8).
    pub(crate) suggest_two_edits_from: usize,
    pub(crate) suggest_three_edits_from: usize,
}

/// The table in force.
pub(crate) const KNOBS: Knobs = Knobs {
    max_words: 16,
    word: FieldWeights {
        title: 4.0,
        terms: 3.0,
        body: 1.0,
    },
    part: 0.5,
    typo: 0.6,
    typo_min_letters: 4,
    typo_two_edits_from: 8,
    typo_candidates: 4,
    code_compound: 1.5,
    code_word: 0.5,
    compound: FieldWeights {
        title: 6.0,
        terms: 4.0,
        body: 2.0,
    },
    prefix: FieldWeights {
        title: 1.6,
        terms: 1.2,
        body: 0.4,
    },
    prefix_completions: 6,
    prefix_min_letters: 2,
    suggest_two_edits_from: 5,
    suggest_three_edits_from: 8,
};

impl FieldWeights {
    /// Every weight times `factor`.
    pub(crate) fn times(self, factor: f32) -> FieldWeights {
        FieldWeights {
            title: self.title * factor,
            terms: self.terms * factor,
            body: self.body * factor,
        }
    }
}

/// How much each kind's score counts. Index and topic entries repeat the words
/// of the sections they point at, which already carry those words as terms.
pub(crate) fn kind_weight(kind: Kind) -> f32 {
    match kind {
        Kind::Chapter | Kind::Faq => 1.0,
        Kind::Example => 0.8,
        Kind::Topic | Kind::Index => 0.6,
    }
}
