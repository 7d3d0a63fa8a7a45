//! The second stage of a search: BM25 has picked the candidates; this orders
//! them by ordered rules, as Meilisearch and Typesense do, instead of by one
//! blended score:
//! 1. **coverage**: how much of the query a section holds, each word weighted
//!    by its rarity in the book and by how it was found (as typed over a part,
//!    a typo's correction, a completion, a related term), in a few tiers;
//! 2. then the BM25 score (field boosts, phrase boosts for words near each
//!    other, kind weights).
//!
//! So a section with every word of a question outranks one whose short title
//! holds a single common word of it, and a fuzzy or related match never
//! outranks the same coverage by the words as typed.

use std::collections::HashMap;

use tantivy::schema::{Field, IndexRecordOption};
use tantivy::{DocAddress, DocSet, Searcher, TERMINATED, Term};

use crate::search::knobs::KNOBS;
use crate::search::plan::{Group, Place};
use crate::search::schema::Fields;

/// A candidate of the first stage.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Candidate {
    pub addr: DocAddress,
    pub ord: usize,
    pub score: f32,
}

/// The candidates in ranked order: (coverage tier, score) descending.
/// `df` is the search's (cached) document frequency of a term.
pub(crate) fn order(
    searcher: &Searcher,
    fields: Fields,
    df: &dyn Fn(&Term) -> u64,
    groups: &[Group],
    mut cands: Vec<Candidate>,
) -> Vec<Candidate> {
    let counted: Vec<&Group> = groups.iter().filter(|g| !g.filler).collect();
    if !counted.is_empty() {
        let weights: Vec<f32> = counted
            .iter()
            .map(|g| rarity(searcher, fields, df, g))
            .collect();
        let held = Presence::of(searcher, fields, &counted, &cands);
        let tiers: Vec<u32> = (0..cands.len())
            .map(|c| tier(&counted, &weights, &held, c))
            .collect();
        let mut keyed: Vec<(u32, Candidate)> = tiers.into_iter().zip(cands).collect();
        keyed.sort_by(|a, b| b.0.cmp(&a.0).then(by_score(&a.1, &b.1)));
        return keyed.into_iter().map(|(_, c)| c).collect();
    }
    cands.sort_by(by_score);
    cands
}

fn by_score(a: &Candidate, b: &Candidate) -> std::cmp::Ordering {
    b.score.total_cmp(&a.score).then(a.ord.cmp(&b.ord))
}

/// A word's weight: its inverse document frequency as typed (or, for a typo,
/// as corrected), so a word every section has counts for little.
fn rarity(searcher: &Searcher, fields: Fields, df: &dyn Fn(&Term) -> u64, g: &Group) -> f32 {
    let n = searcher.num_docs().max(1) as f32;
    let most = |level| {
        g.at(level)
            .flat_map(|a| keys(fields, a.place, &a.tokens))
            .map(|(f, t)| df(&Term::from_field_text(f, &t)))
            .max()
            .unwrap_or(0)
    };
    let mut d = most(crate::search::plan::Level::Exact);
    if d == 0 {
        d = g.alts.iter().map(|a| a.level).max().map_or(0, most);
    }
    (1.0 + n / (d as f32 + 1.0)).ln()
}

/// The coverage tier of candidate `c`: the weighted share of the query's words
/// it holds, credited by how each was found, in [`KNOBS`]`.coverage_tiers` steps.
fn tier(groups: &[&Group], weights: &[f32], held: &Presence, c: usize) -> u32 {
    let total: f32 = weights.iter().sum();
    let got: f32 = groups
        .iter()
        .zip(weights)
        .map(|(g, w)| {
            let best = g
                .alts
                .iter()
                .filter(|a| held.has_all(fields_of(a.place), &a.tokens, c))
                .map(|a| a.level.credit())
                .fold(0.0, f32::max);
            best * w
        })
        .sum();
    let share = if total > 0.0 { got / total } else { 0.0 };
    (share * KNOBS.coverage_tiers as f32 + 1e-4).floor() as u32
}

/// Which fields an alternative is looked for in, by place.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Where {
    Text,
    Code,
    Heading,
}

fn fields_of(place: Place) -> Where {
    match place {
        Place::Text(_) => Where::Text,
        Place::Code(_) => Where::Code,
        Place::Heading(_) => Where::Heading,
    }
}

fn keys(fields: Fields, place: Place, tokens: &[String]) -> Vec<(Field, String)> {
    let prose = fields.prose();
    let fs: &[Field] = match place {
        Place::Text(_) => &prose,
        Place::Code(_) => &[fields.code],
        Place::Heading(_) => &[fields.heading],
    };
    tokens
        .iter()
        .flat_map(|t| fs.iter().map(move |&f| (f, t.clone())))
        .collect()
}

/// For each (place, token), which candidates hold it in any of the place's fields.
struct Presence {
    held: HashMap<(Where, String), Vec<bool>>,
}

impl Presence {
    fn of(searcher: &Searcher, fields: Fields, groups: &[&Group], cands: &[Candidate]) -> Presence {
        // Postings only move forward: visit candidates in (segment, doc) order.
        let mut visit: Vec<usize> = (0..cands.len()).collect();
        visit.sort_by_key(|&i| (cands[i].addr.segment_ord, cands[i].addr.doc_id));
        let mut held: HashMap<(Where, String), Vec<bool>> = HashMap::new();
        for a in groups.iter().flat_map(|g| &g.alts) {
            for token in &a.tokens {
                let key = (fields_of(a.place), token.clone());
                if held.contains_key(&key) {
                    continue;
                }
                let mut row = vec![false; cands.len()];
                for (field, text) in keys(fields, a.place, std::slice::from_ref(token)) {
                    mark(
                        searcher,
                        &Term::from_field_text(field, &text),
                        cands,
                        &visit,
                        &mut row,
                    );
                }
                held.insert(key, row);
            }
        }
        Presence { held }
    }

    fn has_all(&self, place: Where, tokens: &[String], c: usize) -> bool {
        tokens
            .iter()
            .all(|t| self.held.get(&(place, t.clone())).is_some_and(|row| row[c]))
    }
}

/// Sets `row[c]` for every candidate whose document has `term`.
fn mark(searcher: &Searcher, term: &Term, cands: &[Candidate], visit: &[usize], row: &mut [bool]) {
    let mut segment = u32::MAX;
    let mut postings = None;
    for &i in visit {
        let addr = cands[i].addr;
        if addr.segment_ord != segment {
            segment = addr.segment_ord;
            postings = searcher
                .segment_reader(segment)
                .inverted_index(term.field())
                .ok()
                .and_then(|inv| inv.read_postings(term, IndexRecordOption::Basic).ok())
                .flatten();
        }
        let Some(p) = postings.as_mut() else { continue };
        if p.doc() < addr.doc_id {
            p.seek(addr.doc_id);
        }
        if p.doc() != TERMINATED && p.doc() == addr.doc_id {
            row[i] = true;
        }
    }
}
