//! Searching: a user's string into a ranked list of hits.
//!
//! The query is a bag of analyzed words, OR-ed and ranked by BM25 (questions
//! keep working when some words are missing), with field boosts: titles over
//! index terms and FAQ questions over prose over code. Words the index does
//! not know stand for the indexed words within a small edit distance, ranked
//! below exact ones; the last word, while it is being typed, also stands for
//! the indexed words it begins.

use std::collections::HashSet;

use atlas_model::{Hit, SearchDoc, SearchRequest, SearchResults};
use tantivy::collector::TopDocs;
use tantivy::query::{BooleanQuery, BoostQuery, Occur, Query, TermQuery};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::{Searcher, Term};

use crate::search::knobs::{FieldWeights, KNOBS, kind_weight};
use crate::search::schema::Fields;
use crate::search::snippet::{Matcher, snippet};
use crate::search::tokenizer::{self, Flavor, Role, analyze};

/// A query analyzed once, both ways.
struct QueryWords<'q> {
    query: &'q str,
    /// Prose flavour (stemmed), raw forms left out, distinct, capped.
    text: Vec<tokenizer::Term>,
    /// Code flavour (as written, lowercased), distinct, capped.
    code: Vec<tokenizer::Term>,
    /// Code flavour, every token, in order (for the raw form of a word).
    code_all: Vec<tokenizer::Term>,
}

impl<'q> QueryWords<'q> {
    fn analyze(query: &'q str) -> Self {
        let distinct = |terms: Vec<tokenizer::Term>| {
            let mut seen = HashSet::new();
            terms
                .into_iter()
                .filter(|t| seen.insert(t.text.clone()))
                .take(KNOBS.max_words)
                .collect::<Vec<_>>()
        };
        let text = analyze(query, Flavor::Text)
            .into_iter()
            .filter(|t| t.role != Role::Raw)
            .collect();
        let code_all = analyze(query, Flavor::Code);
        QueryWords {
            query,
            text: distinct(text),
            code: distinct(code_all.clone()),
            code_all,
        }
    }

    /// The last word typed, if a space has not closed it.
    fn last_word(&self) -> Option<&tokenizer::Term> {
        if self.query.ends_with(char::is_whitespace) {
            return None;
        }
        self.code_all.iter().rfind(|t| t.role == Role::Word)
    }

    /// The word as typed at the same place as a prose token.
    fn raw_at(&self, t: &tokenizer::Term) -> String {
        self.code_all
            .iter()
            .find(|c| c.from == t.from)
            .map_or_else(|| t.text.clone(), |c| c.text.clone())
    }
}

/// The clauses being gathered, and the words a snippet should mark.
#[derive(Default)]
struct Clauses {
    should: Vec<(Occur, Box<dyn Query>)>,
    matcher: Matcher,
}

pub(crate) struct Engine<'a> {
    pub searcher: &'a Searcher,
    pub fields: Fields,
    pub docs: &'a [SearchDoc],
    pub vocab: &'a [(String, u32)],
}

impl Engine<'_> {
    pub(crate) fn search(&self, req: &SearchRequest) -> SearchResults {
        let req = req.normalized();
        let query = req.query.as_str();
        let limit = req.limit;
        let Some((relevance, matcher)) = self.relevance_query(query) else {
            // No word of the query is in the index.
            return SearchResults {
                hits: Vec::new(),
                suggestions: self.suggest(query),
            };
        };
        let mut must: Vec<(Occur, Box<dyn Query>)> = vec![(Occur::Must, relevance)];
        if !req.kinds.is_empty() {
            let kinds = req
                .kinds
                .iter()
                .map(|k| {
                    (
                        Occur::Should,
                        term_query(Term::from_field_text(self.fields.kind, k.as_str())),
                    )
                })
                .collect();
            must.push((Occur::Must, Box::new(BooleanQuery::new(kinds))));
        }
        if let Some(part) = &req.part {
            must.push((
                Occur::Must,
                term_query(Term::from_field_text(self.fields.part, part)),
            ));
        }
        if let Some(chapter) = &req.chapter {
            must.push((
                Occur::Must,
                term_query(Term::from_field_text(self.fields.chapter, chapter)),
            ));
        }
        let q = BooleanQuery::new(must);
        // Fetch more than asked: kind weights may reorder the top.
        let collector = TopDocs::with_limit(limit * 2 + 10).order_by_score();
        let top = self.searcher.search(&q, &collector).unwrap_or_default();
        let mut scored: Vec<(f32, usize)> = top
            .into_iter()
            .filter_map(|(score, addr)| {
                let reader = self.searcher.segment_reader(addr.segment_ord);
                let ord = reader.fast_fields().u64("ord").ok()?.first(addr.doc_id)? as usize;
                let doc = self.docs.get(ord)?;
                Some((score * kind_weight(doc.card.kind), ord))
            })
            .collect();
        scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
        scored.truncate(limit);
        let hits: Vec<Hit> = scored
            .into_iter()
            .map(|(score, ord)| self.hit(&self.docs[ord], score, &matcher))
            .collect();
        let suggestions = if hits.is_empty() {
            self.suggest(query)
        } else {
            Vec::new()
        };
        SearchResults { hits, suggestions }
    }

    fn doc_freq(&self, term: &Term) -> u64 {
        self.searcher.doc_freq(term).unwrap_or(0)
    }

    /// The OR of every word's clauses, and the matcher that finds the same
    /// words again for snippets. `None` when the query has no words.
    fn relevance_query(&self, query: &str) -> Option<(Box<dyn Query>, Matcher)> {
        let words = QueryWords::analyze(query);
        let mut c = Clauses::default();
        self.words_and_typos(&words, &mut c);
        self.code_words(&words, &mut c);
        self.prefix(&words, &mut c);
        if c.should.is_empty() {
            return None;
        }
        Some((Box::new(BooleanQuery::new(c.should)), c.matcher))
    }

    /// One boosted clause per field that has `text`; whether any had it.
    fn push_terms(&self, c: &mut Clauses, weights: FieldWeights, text: &str) -> bool {
        let f = self.fields;
        let fields: [(Field, f32); 3] = [
            (f.title, weights.title),
            (f.terms, weights.terms),
            (f.body, weights.body),
        ];
        let mut known = false;
        for (field, boost) in fields {
            known |= self.push_term(c, Term::from_field_text(field, text), boost);
        }
        known
    }

    fn push_term(&self, c: &mut Clauses, term: Term, boost: f32) -> bool {
        let known = self.doc_freq(&term) > 0;
        if known {
            c.should
                .push((Occur::Should, boosted(term_query(term), boost)));
        }
        known
    }

    /// Each prose word in the text fields; an unknown one stands for the indexed
    /// words within a small edit distance, weighted below typed words.
    fn words_and_typos(&self, words: &QueryWords<'_>, c: &mut Clauses) {
        for t in &words.text {
            let factor = if t.role == Role::Part {
                KNOBS.part
            } else {
                1.0
            };
            let weights = KNOBS.word.times(factor);
            let known = self.push_terms(c, weights, &t.text);
            c.matcher.terms.push(t.text.clone());
            let letters = t.text.chars().count();
            let typo = !known
                && t.role == Role::Word
                && letters >= KNOBS.typo_min_letters
                && t.text.chars().all(char::is_alphabetic);
            if !typo {
                continue;
            }
            let distance = if letters >= KNOBS.typo_two_edits_from {
                2
            } else {
                1
            };
            for word in self.within(&words.raw_at(t), distance, KNOBS.typo_candidates) {
                for stem in stems(&word) {
                    self.push_terms(c, weights.times(KNOBS.typo), &stem);
                    c.matcher.terms.push(stem);
                }
            }
        }
    }

    /// Code words in the code field; `::` paths and macros in the text fields too.
    fn code_words(&self, words: &QueryWords<'_>, c: &mut Clauses) {
        for t in &words.code {
            let compound = t.role == Role::Compound;
            let boost = if compound {
                KNOBS.code_compound
            } else {
                KNOBS.code_word
            };
            self.push_term(c, Term::from_field_text(self.fields.code, &t.text), boost);
            if compound {
                // `tokio::spawn` in prose is indexed in the text fields too.
                self.push_terms(c, KNOBS.compound, &t.text);
                c.matcher.terms.push(t.text.clone());
            }
        }
    }

    /// As-you-type: the last word, unless a space closed it, is a prefix: it
    /// stands for the most frequent indexed words that start with it.
    fn prefix(&self, words: &QueryWords<'_>, c: &mut Clauses) {
        let Some(last) = words.last_word() else {
            return;
        };
        if last.text.chars().count() < KNOBS.prefix_min_letters {
            return;
        }
        for word in self.completions(&last.text, KNOBS.prefix_completions) {
            for stem in stems(&word) {
                self.push_terms(c, KNOBS.prefix, &stem);
            }
        }
        c.matcher.prefix = Some(last.text.clone());
    }

    fn hit(&self, doc: &SearchDoc, score: f32, matcher: &Matcher) -> Hit {
        let s = snippet(&doc.text, matcher, 180);
        let mut matched = s.matched;
        for w in doc
            .card
            .title
            .split(|c: char| !(c.is_alphanumeric() || c == '_'))
            .filter(|w| !w.is_empty())
        {
            let lw = w.to_lowercase();
            if matcher.matches(w) && !matched.contains(&lw) {
                matched.push(lw);
            }
        }
        Hit {
            doc: doc.card.clone(),
            score,
            snippet: s.text,
            highlights: s.highlights,
            matched,
        }
    }

    /// The `n` most frequent vocabulary words that start with `prefix` (and
    /// are longer than it).
    fn completions(&self, prefix: &str, n: usize) -> Vec<String> {
        let start = self.vocab.partition_point(|(v, _)| v.as_str() < prefix);
        let mut found: Vec<&(String, u32)> = self.vocab[start..]
            .iter()
            .take_while(|(v, _)| v.starts_with(prefix))
            .filter(|(v, _)| v.len() > prefix.len())
            .collect();
        found.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        found.into_iter().take(n).map(|(v, _)| v.clone()).collect()
    }

    /// "Did you mean": each unknown word replaced by the nearest indexed word.
    fn suggest(&self, query: &str) -> Vec<String> {
        let words: Vec<String> = analyze(query, Flavor::Code)
            .into_iter()
            .filter(|t| t.role == Role::Word)
            .map(|t| t.text)
            .collect();
        let known = |w: &str| {
            self.vocab
                .binary_search_by(|(v, _)| v.as_str().cmp(w))
                .is_ok()
        };
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
    fn within(&self, word: &str, max: usize, n: usize) -> Vec<String> {
        let mut found: Vec<(usize, std::cmp::Reverse<u32>, &str)> = self
            .vocab
            .iter()
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
}

/// The stemmed words of an indexed word (what it is searched as).
fn stems(word: &str) -> impl Iterator<Item = String> {
    analyze(word, Flavor::Text)
        .into_iter()
        .filter(|a| a.role == Role::Word)
        .map(|a| a.text)
}

fn term_query(term: Term) -> Box<dyn Query> {
    Box::new(TermQuery::new(term, IndexRecordOption::WithFreqs))
}

fn boosted(q: Box<dyn Query>, boost: f32) -> Box<dyn Query> {
    Box::new(BoostQuery::new(q, boost))
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
    fn distances() {
        assert_eq!(edit_distance("cancle", "cancel"), 1);
        assert_eq!(edit_distance("spawn", "spawn"), 0);
        assert_eq!(edit_distance("", "abc"), 3);
        assert_eq!(edit_distance("runtime", "runtme"), 1);
        assert_eq!(edit_distance("kitten", "sitting"), 3);
        assert_eq!(edit_distance("bakpresxxre", "backpressure"), 3);
    }
}
