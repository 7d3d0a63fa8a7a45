//! Every number the ranking uses, in one table. Tuning is editing [`KNOBS`]
//! and rerunning `index-builder eval` on every query set.

use atlas_model::Kind;

/// Field weights for one kind of query word: title, terms (index entries and
/// FAQ questions that point here), body.
#[derive(Debug, Clone, Copy)]
pub(crate) struct FieldWeights {
    pub(crate) title: f32,
    pub(crate) terms: f32,
    /// The page title and the headings above the section.
    pub(crate) crumbs: f32,
    pub(crate) body: f32,
}

/// What a word found other than as typed is worth to coverage (as typed: 1).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Credits {
    pub(crate) part: f32,
    pub(crate) typo: f32,
    pub(crate) prefix: f32,
    pub(crate) related: f32,
    /// A related term standing in for a word the book lacks.
    pub(crate) sole: f32,
}

/// How the lexical and semantic rankings are fused (`fuse`).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Fusion {
    /// Reciprocal rank fusion's constant: a document at rank r adds w / (k + r).
    pub(crate) k: f32,
    /// The weight of each list; `question` is the semantic list's for a
    /// question (`fuse::Shape`).
    pub(crate) lexical: f32,
    pub(crate) semantic: f32,
    pub(crate) question: f32,
    /// Passages less similar than this to the query are not evidence.
    pub(crate) min_cosine: f32,
    /// The semantic list holds this many documents.
    pub(crate) depth: usize,
    /// A query of at most this many words, all of them in the book, is
    /// answered by the words alone (meaning only adds after).
    pub(crate) literal_words: usize,
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
    /// Typos are looked for only where the word as typed is in fewer sections
    /// than this...
    pub(crate) typo_rare_df: u64,
    /// ...and only in words of at least this many letters...
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
    /// A stop word or operator found in a title or index term.
    pub(crate) heading: f32,
    /// The half-typed last word's completions.
    pub(crate) prefix: FieldWeights,
    /// How many completions, and from how many typed letters.
    pub(crate) prefix_completions: usize,
    pub(crate) prefix_min_letters: usize,
    /// Factor for a related term (thesaurus, the book's own synonyms).
    pub(crate) related: f32,
    /// At most this many related terms per term of the query.
    pub(crate) related_per_term: usize,
    /// Neighbouring query words found within this many positions, in order...
    pub(crate) phrase_slop: u32,
    /// ...add this boost in a title, and this in prose.
    pub(crate) phrase_title: f32,
    pub(crate) phrase_body: f32,
    /// BM25 picks this many candidates (at least) for the ranking rules.
    pub(crate) candidates: usize,
    /// Coverage is compared in this many steps; within a step, the score decides.
    pub(crate) coverage_tiers: u32,
    pub(crate) credit: Credits,
    /// "Did you mean": edits allowed by word length (1; 2 from 5; 3 from 8).
    pub(crate) suggest_two_edits_from: usize,
    pub(crate) suggest_three_edits_from: usize,
    pub(crate) fusion: Fusion,
}

/// The table in force.
pub(crate) const KNOBS: Knobs = Knobs {
    max_words: 16,
    word: FieldWeights {
        title: 4.0,
        terms: 3.0,
        crumbs: 0.5,
        body: 1.0,
    },
    part: 0.5,
    typo: 0.6,
    typo_rare_df: 2,
    typo_min_letters: 4,
    typo_two_edits_from: 8,
    typo_candidates: 4,
    code_compound: 1.5,
    code_word: 0.5,
    compound: FieldWeights {
        title: 6.0,
        terms: 4.0,
        crumbs: 2.0,
        body: 2.0,
    },
    heading: 4.0,
    prefix: FieldWeights {
        title: 1.6,
        terms: 1.2,
        crumbs: 0.6,
        body: 0.4,
    },
    prefix_completions: 2,
    prefix_min_letters: 2,
    related: 0.4,
    related_per_term: 8,
    phrase_slop: 2,
    phrase_title: 3.0,
    phrase_body: 1.5,
    candidates: 50,
    coverage_tiers: 2,
    credit: Credits {
        part: 0.7,
        typo: 0.85,
        prefix: 0.75,
        related: 0.6,
        sole: 0.9,
    },
    suggest_two_edits_from: 5,
    suggest_three_edits_from: 8,
    // Chosen on all four query sets (index-builder/eval/README.md): a small k
    // keeps the lexical top ranks apart; the semantic list counts half.
    fusion: Fusion {
        k: 15.0,
        lexical: 1.0,
        semantic: 0.5,
        question: 1.0,
        min_cosine: 0.25,
        depth: 50,
        literal_words: 2,
    },
};

impl FieldWeights {
    /// Every weight times `factor`.
    pub(crate) fn times(self, factor: f32) -> FieldWeights {
        FieldWeights {
            title: self.title * factor,
            terms: self.terms * factor,
            crumbs: self.crumbs * factor,
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
