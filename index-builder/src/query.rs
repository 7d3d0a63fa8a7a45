//! Searching: a user's string into a ranked list of hits.
//!
//! The query is a bag of analyzed words, OR-ed and ranked by BM25 (questions
//! keep working when some words are missing), with field boosts: titles over
//! index terms and FAQ questions over prose over code. Words the index does
//! not know stand for the indexed words within a small edit distance, ranked
//! below exact ones; the last word, while it is being typed, also stands for
//! the indexed words it begins.

use crate::model::{Kind, Target};
use crate::schema::{Fields, SearchDoc};
use crate::snippet::{Matcher, snippet};
use crate::tokenizer::{Flavor, Role, analyze};
use serde::{Deserialize, Serialize};
use tantivy::collector::TopDocs;
use tantivy::query::{BooleanQuery, BoostQuery, Occur, Query, TermQuery};
use tantivy::schema::IndexRecordOption;
use tantivy::{Searcher, Term};

/// What to search for.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SearchRequest {
    /// Whatever the user typed; any string is fine.
    pub query: String,
    /// Only these kinds; empty means all.
    #[serde(default)]
    pub kinds: Vec<Kind>,
    /// Only sections of this part (its title).
    #[serde(default)]
    pub part: Option<String>,
    /// Only sections of this page (its path).
    #[serde(default)]
    pub chapter: Option<String>,
    /// At most this many hits (capped at 100).
    #[serde(default = "default_limit")]
    pub limit: usize,
}

fn default_limit() -> usize {
    10
}

impl SearchRequest {
    /// A request for `query` over everything, with the default limit.
    pub fn new(query: impl Into<String>) -> Self {
        SearchRequest {
            query: query.into(),
            kinds: Vec::new(),
            part: None,
            chapter: None,
            limit: default_limit(),
        }
    }
}

/// The answer to a [`SearchRequest`].
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct SearchResults {
    /// Best first.
    pub hits: Vec<Hit>,
    /// "Did you mean" queries; filled when there are no hits.
    pub suggestions: Vec<String>,
}

/// One result: a section, a FAQ question, an index entry or an example.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Hit {
    /// What it is.
    pub kind: Kind,
    /// Heading, question, term or example name.
    pub title: String,
    /// Where it stands, outermost first.
    pub breadcrumbs: Vec<String>,
    /// Page path relative to `src/`.
    pub path: String,
    /// Heading id without `#`; empty for the top of the page.
    pub anchor: String,
    /// Relevance; only comparable within one answer.
    pub score: f32,
    /// The best passage of the hit's text (plain text).
    pub snippet: String,
    /// `[start, end)` of matched words in `snippet`, counted in chars
    /// (Unicode scalar values).
    pub highlights: Vec<[usize; 2]>,
    /// FAQ hits: the answer, sanitized HTML (`null` for others).
    #[serde(default)]
    pub answer_html: Option<String>,
    /// Example hits: the example id (`null` for others).
    #[serde(default)]
    pub example: Option<String>,
    /// Topic and index hits: every place the entry links to (empty for others).
    #[serde(default)]
    pub targets: Vec<Target>,
    /// Lowercase words that matched, for marking them on the page.
    pub matched: Vec<String>,
}

/// Queries longer than this are cut: nobody types more, and it bounds work.
const MAX_QUERY_BYTES: usize = 400;
/// At most this many distinct words take part.
const MAX_WORDS: usize = 16;

/// How much each kind's score counts. Index and topic entries repeat the words
/// of the sections they point at, which already carry those words as terms.
fn kind_weight(kind: Kind) -> f32 {
    match kind {
        Kind::Chapter => 1.0,
        Kind::Faq => 1.0,
        Kind::Example => 0.8,
        Kind::Topic | Kind::Index => 0.6,
    }
}

pub(crate) struct Engine<'a> {
    pub searcher: &'a Searcher,
    pub fields: Fields,
    pub docs: &'a [SearchDoc],
    pub vocab: &'a [(String, u32)],
}

impl Engine<'_> {
    pub fn search(&self, req: &SearchRequest) -> SearchResults {
        let query = cut(&req.query, MAX_QUERY_BYTES);
        let limit = req.limit.clamp(1, 100);
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
                Some((score * kind_weight(doc.kind), ord))
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
        let f = self.fields;
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        let mut matcher = Matcher::default();
        let mut seen = std::collections::HashSet::new();
        let text_terms: Vec<_> = analyze(query, Flavor::Text)
            .into_iter()
            .filter(|t| t.role != Role::Raw)
            .collect();
        for t in text_terms
            .iter()
            .filter(|t| seen.insert(t.text.clone()))
            .take(MAX_WORDS)
        {
            // Parts of `JoinHandle` are weaker evidence than the whole word.
            let w = if t.role == Role::Part { 0.5 } else { 1.0 };
            let fields = [(f.title, 4.0 * w), (f.terms, 3.0 * w), (f.body, 1.0 * w)];
            let mut known = false;
            for (field, boost) in fields {
                let term = Term::from_field_text(field, &t.text);
                if self.doc_freq(&term) > 0 {
                    known = true;
                    clauses.push((Occur::Should, boosted(term_query(term), boost)));
                }
            }
            matcher.terms.push(t.text.clone());
            let letters = t.text.chars().count();
            if !known
                && t.role == Role::Word
                && letters >= 4
                && t.text.chars().all(char::is_alphabetic)
            {
                // A typo: the indexed words within edit distance 1 (2 from 8
                // letters), searched like typed words but weighted below them.
                let distance = if letters >= 8 { 2 } else { 1 };
                let raw = analyze(query, Flavor::Code)
                    .into_iter()
                    .find(|c| c.from == t.from)
                    .map(|c| c.text)
                    .unwrap_or_else(|| t.text.clone());
                for word in self.within(&raw, distance, 4) {
                    for stem in analyze(&word, Flavor::Text)
                        .into_iter()
                        .filter(|a| a.role == Role::Word)
                    {
                        for (field, boost) in fields {
                            let term = Term::from_field_text(field, &stem.text);
                            if self.doc_freq(&term) > 0 {
                                clauses
                                    .push((Occur::Should, boosted(term_query(term), boost * 0.6)));
                            }
                        }
                        matcher.terms.push(stem.text);
                    }
                }
            }
        }
        seen.clear();
        for t in analyze(query, Flavor::Code)
            .into_iter()
            .filter(|t| seen.insert(t.text.clone()))
            .take(MAX_WORDS)
        {
            let boost = if t.role == Role::Compound { 1.5 } else { 0.5 };
            let term = Term::from_field_text(f.code, &t.text);
            if self.doc_freq(&term) > 0 {
                clauses.push((Occur::Should, boosted(term_query(term), boost)));
            }
            if t.role == Role::Compound {
                // `tokio::spawn` in prose is indexed in the text fields too.
                for (field, b) in [(f.title, 6.0), (f.terms, 4.0), (f.body, 2.0)] {
                    let term = Term::from_field_text(field, &t.text);
                    if self.doc_freq(&term) > 0 {
                        clauses.push((Occur::Should, boosted(term_query(term), b)));
                    }
                }
                matcher.terms.push(t.text.clone());
            }
        }
        // As-you-type: the last word, unless a space closed it, is a prefix:
        // it stands for the most frequent indexed words that start with it.
        if !query.ends_with(char::is_whitespace) {
            if let Some(last) = analyze(query, Flavor::Code)
                .into_iter()
                .rfind(|t| t.role == Role::Word)
            {
                if last.text.chars().count() >= 2 {
                    for word in self.completions(&last.text, 6) {
                        for stem in analyze(&word, Flavor::Text)
                            .into_iter()
                            .filter(|a| a.role == Role::Word)
                        {
                            for (field, boost) in [(f.title, 1.6), (f.terms, 1.2), (f.body, 0.4)] {
                                let term = Term::from_field_text(field, &stem.text);
                                if self.doc_freq(&term) > 0 {
                                    clauses.push((Occur::Should, boosted(term_query(term), boost)));
                                }
                            }
                        }
                    }
                    matcher.prefix = Some(last.text);
                }
            }
        }
        if clauses.is_empty() {
            return None;
        }
        Some((Box::new(BooleanQuery::new(clauses)), matcher))
    }

    fn hit(&self, doc: &SearchDoc, score: f32, matcher: &Matcher) -> Hit {
        let s = snippet(&doc.text, matcher, 180);
        let mut matched = s.matched;
        for w in doc
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
            kind: doc.kind,
            title: doc.title.clone(),
            breadcrumbs: doc.breadcrumbs.clone(),
            path: doc.path.clone(),
            anchor: doc.anchor.clone(),
            score,
            snippet: s.text,
            highlights: s.highlights,
            answer_html: doc.answer_html.clone(),
            example: doc.example.clone(),
            targets: doc.targets.clone(),
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
        let max = if len >= 8 {
            3
        } else if len >= 5 {
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

fn term_query(term: Term) -> Box<dyn Query> {
    Box::new(TermQuery::new(term, IndexRecordOption::WithFreqs))
}

fn boosted(q: Box<dyn Query>, boost: f32) -> Box<dyn Query> {
    Box::new(BoostQuery::new(q, boost))
}

fn cut(s: &str, max: usize) -> &str {
    if s.len() <= max {
        return s;
    }
    let mut i = max;
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    &s[..i]
}

/// Levenshtein distance with adjacent transpositions counted as one edit.
pub fn edit_distance(a: &str, b: &str) -> usize {
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

    #[test]
    fn long_queries_are_cut_at_char_boundaries() {
        let s = "é".repeat(400);
        let c = cut(&s, MAX_QUERY_BYTES);
        assert!(c.len() <= MAX_QUERY_BYTES && !c.is_empty());
    }
}
