//! Searching: a user's string into a ranked list of hits, in three steps.
//! 1. **Plan** ([`plan`](super::plan)): the query's words as groups of
//!    alternatives, here completed with what needs the index: typo corrections
//!    (only where the word as typed is rare or absent), completions of the
//!    half-typed last word, and related terms ([`synonyms`](super::synonyms)).
//! 2. **Recall**: every alternative OR-ed into one BM25 query, with field
//!    boosts (titles over index terms and FAQ questions over prose over code)
//!    and phrase boosts for query words that stand next to each other.
//! 3. **Rank** ([`rank`](super::rank)): coverage tiers, then the score.
//! 4. **Fuse** ([`fuse`](super::fuse)) with the documents nearest the query
//!    in meaning, when the index has vectors and a model is loaded; then one
//!    slot per place: an index entry that leads to one section becomes that
//!    section, marked as also in the index.

use std::cell::RefCell;
use std::collections::{HashMap, HashSet};

use atlas_model::{Hit, Kind, SearchDoc, SearchRequest, SearchResults};
use tantivy::collector::{DocSetCollector, TopDocs};
use tantivy::query::{AllQuery, BooleanQuery, BoostQuery, Occur, PhraseQuery, Query, TermQuery};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::{DocAddress, Searcher, Term};

use crate::search::fuse::{self, Ranked, Shape};
use crate::search::knobs::{KNOBS, kind_weight};
use crate::search::plan::{self, Group, Level, Place, term_tokens};
use crate::search::rank::{self, Candidate};
use crate::search::schema::Fields;
use crate::search::snippet::{Matcher, snippet};
use crate::search::synonyms::Synonyms;
use crate::search::vocab::Vocab;
use crate::semantic::{Embedder, SearchMode, Vectors};

/// A place in the answer: its document, score, and the indexes it is also in.
type Slot = (usize, f32, Vec<Kind>);

fn mark(slot: &mut Slot, kind: Kind) {
    if !slot.2.contains(&kind) {
        slot.2.push(kind);
    }
}

pub(crate) struct Engine<'a> {
    pub searcher: &'a Searcher,
    pub fields: Fields,
    pub docs: &'a [SearchDoc],
    pub vocab: &'a [(String, u32)],
    pub synonyms: &'a Synonyms,
    /// `path#anchor` of every chapter section, to its position in `docs`.
    pub sections: &'a HashMap<String, usize>,
    /// Document frequencies looked up during this search: planning asks for
    /// the same terms again and again.
    pub doc_freqs: RefCell<HashMap<Term, u64>>,
    /// Which rankings to use, and the model and vectors for the semantic one.
    pub mode: SearchMode,
    pub meaning: Option<Meaning<'a>>,
}

/// What a semantic search needs: the model for the query, the index's vectors.
#[derive(Clone, Copy)]
pub(crate) struct Meaning<'a> {
    pub embedder: &'a Embedder,
    pub vectors: &'a Vectors,
}

impl Engine<'_> {
    pub(crate) fn search(&self, req: &SearchRequest) -> SearchResults {
        let req = req.normalized();
        let groups = self.plan(&req.query);
        let lexical = if self.mode == SearchMode::Semantic {
            Vec::new()
        } else {
            self.lexical(&groups, &req)
        };
        let semantic = self.semantic(&req);
        let ranked = fuse::fuse(
            self.mode,
            &lexical,
            &semantic,
            self.shape(&groups, &req.query),
        );
        let slots = if req.kinds.is_empty() {
            self.one_slot_each(&ranked, req.limit)
        } else {
            ranked
                .iter()
                .take(req.limit)
                .map(|&(ord, score)| (ord, score, Vec::new()))
                .collect()
        };
        let matcher = matcher(&groups, &req.query);
        let hits: Vec<Hit> = slots
            .into_iter()
            .map(|(ord, score, also)| self.hit(&self.docs[ord], score, also, &matcher))
            .collect();
        if hits.is_empty() {
            return self.no_hits(&req.query);
        }
        SearchResults {
            hits,
            suggestions: Vec::new(),
        }
    }

    /// The query's shape. Literal (the words decide alone) when it names code,
    /// or is one or two words that the book has: a keyword the book uses is
    /// best answered by where the book uses it. Meaning helps where the
    /// reader's words are not the book's, most of all in questions.
    fn shape(&self, groups: &[Group], query: &str) -> Shape {
        let content: Vec<&Group> = groups.iter().filter(|g| !g.filler).collect();
        let literal = fuse::is_symbol(query)
            || (!content.is_empty()
                && content.len() <= KNOBS.fusion.literal_words
                && content.iter().all(|g| !self.lacks(g)));
        if literal {
            Shape::Literal
        } else if fuse::is_question(query) {
            Shape::Question
        } else {
            Shape::Words
        }
    }

    /// The lexical ranking: BM25 recall, then the ranking rules.
    fn lexical(&self, groups: &[Group], req: &SearchRequest) -> Ranked {
        let Some(recall) = self.recall(groups) else {
            // No word of the query is in the index.
            return Vec::new();
        };
        let recall = self.with_phrases(recall, &req.query);
        let q = self.filtered(recall, req);
        let depth = (req.limit * 3).max(KNOBS.candidates);
        let top = self
            .searcher
            .search(&q, &TopDocs::with_limit(depth).order_by_score())
            .unwrap_or_default();
        let cands: Vec<Candidate> = top
            .into_iter()
            .filter_map(|(score, addr)| {
                let ord = self.ord_of(addr)?;
                let doc = self.docs.get(ord)?;
                let score = score * kind_weight(doc.card.kind);
                Some(Candidate { addr, ord, score })
            })
            .collect();
        let df = |t: &Term| self.doc_freq(t);
        rank::order(self.searcher, self.fields, &df, groups, cands)
            .into_iter()
            .map(|c| (c.ord, c.score))
            .collect()
    }

    /// The documents nearest the query in meaning, within the request's
    /// filters; empty without a model or vectors, or in lexical mode.
    fn semantic(&self, req: &SearchRequest) -> Ranked {
        let Some(meaning) = self.meaning.filter(|_| self.mode != SearchMode::Lexical) else {
            return Vec::new();
        };
        if req.query.trim().is_empty() {
            return Vec::new();
        }
        let query = match meaning.embedder.embed_query(&req.query) {
            Ok(v) => v,
            Err(e) => {
                tracing::warn!(error = %e, "semantic search failed; lexical only");
                return Vec::new();
            }
        };
        let allowed = self.allowed(req);
        let keep = |ord: usize| allowed.as_ref().is_none_or(|a| a.contains(&ord));
        let depth = KNOBS.fusion.depth.max(req.limit);
        meaning.vectors.nearest(&query, &keep, depth)
    }

    /// The documents the request's kind, part and chapter filters admit;
    /// `None` when it has none.
    fn allowed(&self, req: &SearchRequest) -> Option<HashSet<usize>> {
        if req.kinds.is_empty() && req.part.is_none() && req.chapter.is_none() {
            return None;
        }
        let q = self.filtered(Box::new(AllQuery), req);
        let found = self
            .searcher
            .search(&q, &DocSetCollector)
            .unwrap_or_default();
        Some(found.into_iter().filter_map(|a| self.ord_of(a)).collect())
    }

    fn ord_of(&self, addr: DocAddress) -> Option<usize> {
        let reader = self.searcher.segment_reader(addr.segment_ord);
        Some(reader.fast_fields().u64("ord").ok()?.first(addr.doc_id)? as usize)
    }

    fn no_hits(&self, query: &str) -> SearchResults {
        SearchResults {
            hits: Vec::new(),
            suggestions: Vocab(self.vocab).suggest(query),
        }
    }

    /// The relevance query, restricted to the request's kinds, part and chapter.
    fn filtered(&self, recall: Box<dyn Query>, req: &SearchRequest) -> BooleanQuery {
        let f = self.fields;
        let mut must: Vec<(Occur, Box<dyn Query>)> = vec![(Occur::Must, recall)];
        if !req.kinds.is_empty() {
            let kinds = req
                .kinds
                .iter()
                .map(|k| {
                    (
                        Occur::Should,
                        term(Term::from_field_text(f.kind, k.as_str())),
                    )
                })
                .collect();
            must.push((Occur::Must, Box::new(BooleanQuery::new(kinds))));
        }
        if let Some(part) = &req.part {
            must.push((Occur::Must, term(Term::from_field_text(f.part, part))));
        }
        if let Some(chapter) = &req.chapter {
            must.push((Occur::Must, term(Term::from_field_text(f.chapter, chapter))));
        }
        BooleanQuery::new(must)
    }

    /// The query's groups, completed with typos, completions and related terms.
    fn plan(&self, query: &str) -> Vec<Group> {
        let mut groups = plan::groups(query);
        for g in groups.iter_mut().filter(|g| !g.filler) {
            self.add_typos(g);
        }
        let open_last = !query.ends_with(char::is_whitespace);
        if open_last && let Some(last) = groups.last_mut() {
            self.add_completions(last);
        }
        self.add_related(&mut groups);
        groups
    }

    fn text_df(&self, token: &str) -> u64 {
        self.fields
            .prose()
            .into_iter()
            .map(|field| self.doc_freq(&Term::from_field_text(field, token)))
            .max()
            .unwrap_or(0)
    }

    fn doc_freq(&self, term: &Term) -> u64 {
        if let Some(&n) = self.doc_freqs.borrow().get(term) {
            return n;
        }
        let n = self.searcher.doc_freq(term).unwrap_or(0);
        self.doc_freqs.borrow_mut().insert(term.clone(), n);
        n
    }

    /// A word the book has rarely or never: the indexed words within a small
    /// edit distance stand in for it (Typesense's rule: typos only where the
    /// exact word finds little). In a snake_case word each part is corrected
    /// (`spwan_blocking`: `spawn_blocking`). A word whose nearest correction is
    /// a question word (`posible`) is filler too.
    fn add_typos(&self, g: &mut Group) {
        let exact_df = g
            .at(Level::Exact)
            .filter(|a| matches!(a.place, Place::Text(_)))
            .flat_map(|a| a.tokens.iter())
            .map(|t| self.text_df(t))
            .max()
            .unwrap_or(0);
        if exact_df >= KNOBS.typo_rare_df {
            return;
        }
        let place = Place::Text(KNOBS.word.times(KNOBS.typo));
        let word = g.word.clone();
        for part in word.split('_').filter(|p| !p.is_empty()) {
            let fixes = self.corrections(part);
            if part.len() == word.len() && fixes.first().is_some_and(|f| plan::is_filler(f)) {
                g.filler = true;
                return;
            }
            for fix in fixes {
                if part.len() < word.len() {
                    g.push(vec![word.replacen(part, &fix, 1)], place, Level::Typo);
                }
                g.push(term_tokens(&fix), place, Level::Typo);
            }
        }
    }

    /// The indexed words near a plain word the book does not have, nearest
    /// first; none for short words, numbers and words the book has.
    fn corrections(&self, word: &str) -> Vec<String> {
        let letters = word.chars().count();
        let plain = word.chars().all(char::is_alphabetic);
        if !plain || letters < KNOBS.typo_min_letters {
            return Vec::new();
        }
        let known = term_tokens(word)
            .iter()
            .any(|t| self.text_df(t) >= KNOBS.typo_rare_df);
        if known {
            return Vec::new();
        }
        let distance = if letters >= KNOBS.typo_two_edits_from {
            2
        } else {
            1
        };
        Vocab(self.vocab)
            .within(word, distance, KNOBS.typo_candidates)
            .into_iter()
            .filter(|w| w != word)
            .collect()
    }

    /// As-you-type: the last word, unless a space closed it, also stands for
    /// the most frequent indexed words that start with it.
    fn add_completions(&self, g: &mut Group) {
        if g.word.chars().count() < KNOBS.prefix_min_letters {
            return;
        }
        for word in Vocab(self.vocab).completions(&g.word, KNOBS.prefix_completions) {
            g.push(term_tokens(&word), Place::Text(KNOBS.prefix), Level::Prefix);
        }
    }

    /// Related terms the book has, for every term of the query the synonym
    /// table knows, added to each word the term spans. A related term with a
    /// stop word in it (`if expression`) is looked for in titles, where stop
    /// words are kept. For a word the book lacks altogether, its related terms
    /// are all the evidence there is, and count as much as the word would.
    fn add_related(&self, groups: &mut [Group]) {
        let content: Vec<usize> = (0..groups.len()).filter(|&i| !groups[i].filler).collect();
        let words: Vec<String> = content.iter().map(|&i| groups[i].word.clone()).collect();
        let lacking: Vec<bool> = groups.iter().map(|g| self.lacks(g)).collect();
        for found in self.synonyms.find(&words) {
            for related in found.related.iter().take(KNOBS.related_per_term) {
                let Some((tokens, place)) = self.related_alt(related) else {
                    continue;
                };
                for &i in &content[found.start..found.end] {
                    let level = if lacking[i] {
                        Level::Sole
                    } else {
                        Level::Related
                    };
                    let g = &mut groups[i];
                    if !g.alts.iter().any(|a| a.tokens == tokens) {
                        g.push(tokens.clone(), place, level);
                    }
                }
            }
        }
    }

    /// How a related term is looked for, if the book has it.
    fn related_alt(&self, term: &str) -> Option<(Vec<String>, Place)> {
        let text = term_tokens(term);
        let heading = plan::heading_tokens(term);
        let (tokens, place) = if heading.len() > text.len() {
            (heading, Place::Heading(KNOBS.heading * KNOBS.related))
        } else {
            (text, Place::Text(KNOBS.word.times(KNOBS.related)))
        };
        let has = |t: &String| match place {
            Place::Heading(_) => self.doc_freq(&Term::from_field_text(self.fields.heading, t)) > 0,
            _ => self.text_df(t) > 0,
        };
        (!tokens.is_empty() && tokens.iter().all(has)).then_some((tokens, place))
    }

    /// Whether no exact, part or typo form of the word is in the book.
    fn lacks(&self, g: &Group) -> bool {
        let f = self.fields;
        !g.alts.iter().filter(|a| a.level > Level::Related).any(|a| {
            a.tokens.iter().all(|t| {
                f.prose()
                    .into_iter()
                    .chain([f.code, f.heading])
                    .any(|field| self.doc_freq(&Term::from_field_text(field, t)) > 0)
            })
        })
    }

    /// The OR of every alternative's clauses and the phrase boosts; `None`
    /// when nothing of the query is in the index.
    fn recall(&self, groups: &[Group]) -> Option<Box<dyn Query>> {
        let mut should: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        for a in groups.iter().filter(|g| !g.filler).flat_map(|g| &g.alts) {
            for (field, boost) in self.field_boosts(a.place) {
                if let Some(q) = self.clause(field, &a.tokens) {
                    should.push((Occur::Should, boosted(q, boost)));
                }
            }
        }
        if should.is_empty() {
            return None;
        }
        should.extend(self.phrase_boosts(groups));
        Some(Box::new(BooleanQuery::new(should)))
    }

    /// A quoted phrase must be in the title, index terms, breadcrumbs or prose
    /// of every hit, word for word (stop words may stand between, as typed).
    fn with_phrases(&self, recall: Box<dyn Query>, query: &str) -> Box<dyn Query> {
        let phrases = plan::phrases(query);
        if phrases.is_empty() {
            return recall;
        }
        let f = self.fields;
        let mut must: Vec<(Occur, Box<dyn Query>)> = vec![(Occur::Must, recall)];
        for phrase in phrases {
            let anywhere = f
                .prose()
                .into_iter()
                .map(|field| {
                    let terms = phrase
                        .iter()
                        .map(|(at, t)| (*at, Term::from_field_text(field, t)))
                        .collect();
                    let q: Box<dyn Query> = Box::new(PhraseQuery::new_with_offset(terms));
                    (Occur::Should, q)
                })
                .collect();
            must.push((Occur::Must, Box::new(BooleanQuery::new(anywhere))));
        }
        Box::new(BooleanQuery::new(must))
    }

    fn field_boosts(&self, place: Place) -> Vec<(Field, f32)> {
        let f = self.fields;
        let mut boosts = match place {
            Place::Text(w) => vec![
                (f.title, w.title),
                (f.terms, w.terms),
                (f.crumbs, w.crumbs),
                (f.body, w.body),
            ],
            Place::Code(b) => vec![(f.code, b)],
            Place::Heading(b) => vec![(f.heading, b)],
        };
        // A field weighted 0 only counts toward coverage: no clause to score.
        boosts.retain(|(_, b)| *b > 0.0);
        boosts
    }

    /// A term, or a phrase of several; `None` when a token is not in `field`.
    fn clause(&self, field: Field, tokens: &[String]) -> Option<Box<dyn Query>> {
        let terms: Vec<Term> = tokens
            .iter()
            .map(|t| Term::from_field_text(field, t))
            .collect();
        if terms.iter().any(|t| self.doc_freq(t) == 0) {
            return None;
        }
        if terms.len() == 1 {
            return terms.into_iter().next().map(term);
        }
        let mut phrase = PhraseQuery::new(terms);
        phrase.set_slop(KNOBS.phrase_slop);
        Some(Box::new(phrase))
    }

    /// Neighbouring words of the query found near each other, in order, in a
    /// title or in prose.
    fn phrase_boosts(&self, groups: &[Group]) -> Vec<(Occur, Box<dyn Query>)> {
        let words: Vec<&String> = groups
            .iter()
            .filter(|g| !g.filler)
            .filter_map(|g| {
                g.at(Level::Exact)
                    .find(|a| matches!(a.place, Place::Text(_)))
            })
            .filter_map(|a| a.tokens.first())
            .collect();
        let f = self.fields;
        let mut out = Vec::new();
        for pair in words.windows(2).filter(|p| p[0] != p[1]) {
            let tokens = [pair[0].clone(), pair[1].clone()];
            for (field, boost) in [(f.title, KNOBS.phrase_title), (f.body, KNOBS.phrase_body)] {
                if let Some(q) = self.clause(field, &tokens) {
                    out.push((Occur::Should, boosted(q, boost)));
                }
            }
        }
        out
    }

    /// Walks the ranked candidates and keeps one slot per place: an index or
    /// topic entry that leads to a single section stands for that section
    /// (listed once, marked as also in the index); one whose every target is
    /// listed already adds nothing; a FAQ entry that links to a section listed
    /// above it is marked on that section instead of taking a slot.
    fn one_slot_each(&self, ranked: &[(usize, f32)], limit: usize) -> Vec<Slot> {
        let mut out: Vec<Slot> = Vec::new();
        let listed = |out: &[Slot], ord: usize| out.iter().position(|s| s.0 == ord);
        for &(ord, score) in ranked {
            if out.len() == limit {
                break;
            }
            let kind = self.docs[ord].card.kind;
            let targets = self.sections_of(ord);
            let at: Vec<Option<usize>> = targets.iter().map(|&t| listed(&out, t)).collect();
            match (kind, targets.as_slice()) {
                (Kind::Index | Kind::Topic, [one]) => match at[0] {
                    Some(i) => mark(&mut out[i], kind),
                    None => out.push((*one, score, vec![kind])),
                },
                (Kind::Index | Kind::Topic, [_, _, ..]) if at.iter().all(Option::is_some) => {
                    at.into_iter()
                        .flatten()
                        .for_each(|i| mark(&mut out[i], kind));
                }
                (Kind::Faq, _) if at.iter().any(Option::is_some) => {
                    at.into_iter()
                        .flatten()
                        .for_each(|i| mark(&mut out[i], kind));
                }
                _ if listed(&out, ord).is_none() => out.push((ord, score, Vec::new())),
                _ => {}
            }
        }
        out
    }

    /// The sections an index, topic or FAQ entry leads to, when every one of
    /// them is a section of the book; empty for anything else.
    fn sections_of(&self, ord: usize) -> Vec<usize> {
        let card = &self.docs[ord].card;
        if !matches!(card.kind, Kind::Index | Kind::Topic | Kind::Faq) {
            return Vec::new();
        }
        let found: Vec<usize> = card
            .targets
            .iter()
            .filter_map(|t| self.sections.get(&format!("{}#{}", t.path, t.anchor)))
            .copied()
            .collect();
        if found.len() == card.targets.len() {
            found
        } else {
            Vec::new()
        }
    }

    fn hit(&self, doc: &SearchDoc, score: f32, also: Vec<Kind>, matcher: &Matcher) -> Hit {
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
            also,
        }
    }
}

/// The words a snippet marks: what the reader typed, its parts, typo
/// corrections and the stand-ins for words the book lacks; not completions
/// (the open last word marks those as a prefix) nor related terms beside
/// words the book has (the reader did not ask for those).
fn matcher(groups: &[Group], query: &str) -> Matcher {
    let terms = groups
        .iter()
        .filter(|g| !g.filler)
        .flat_map(|g| &g.alts)
        .filter(|a| !matches!(a.level, Level::Prefix | Level::Related))
        .flat_map(|a| a.tokens.iter().cloned());
    let prefix = groups
        .last()
        .filter(|last| {
            !query.ends_with(char::is_whitespace)
                && last.word.chars().count() >= KNOBS.prefix_min_letters
        })
        .map(|last| last.word.clone());
    Matcher::new(terms, prefix)
}

fn term(term: Term) -> Box<dyn Query> {
    Box::new(TermQuery::new(term, IndexRecordOption::WithFreqs))
}

fn boosted(q: Box<dyn Query>, boost: f32) -> Box<dyn Query> {
    Box::new(BoostQuery::new(q, boost))
}
