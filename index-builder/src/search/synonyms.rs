//! Related terms, applied at query time and always ranked below the words the
//! reader typed. Three sources, merged into one [`Synonyms`]:
//! - the domain thesaurus shipped with the builder (`data/thesaurus.toml`):
//!   `[[equivalent]]` groups find each other, `[[leads_to]]` sends a reader's
//!   word (often from another language) to the book's words, not back;
//! - what the book itself says (see `build::terms`): "X, see Y" index entries
//!   and "Term (alias)" headings;
//! - the book's own `[output.atlas] synonyms` groups in `book.toml`.
//!
//! Terms are matched on stemmed words, so `goroutines` finds `goroutine`'s
//! entry and `wait groups` finds `wait group`'s.

use std::collections::HashMap;
use std::sync::LazyLock;

use serde::Deserialize;

use crate::search::plan::is_filler;
use crate::search::tokenizer::stem_words;

/// The thesaurus as shipped.
const THESAURUS: &str = include_str!("../../data/thesaurus.toml");

/// The longest term, in words, that a query is matched against.
const MAX_TERM_WORDS: usize = 4;

/// A term's related terms, by the term's stemmed words joined with spaces.
#[derive(Debug, Clone, Default)]
pub(crate) struct Synonyms {
    related: HashMap<String, Vec<String>>,
}

/// The thesaurus file's shape.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct ThesaurusFile {
    #[serde(default)]
    equivalent: Vec<Equivalent>,
    #[serde(default)]
    leads_to: Vec<LeadsTo>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Equivalent {
    terms: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct LeadsTo {
    from: Vec<String>,
    to: Vec<String>,
}

/// A match of a term in a query: words `start..end` of it, and what they relate to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Found<'a> {
    pub start: usize,
    pub end: usize,
    pub related: &'a [String],
}

/// The shipped thesaurus, parsed once. Its tests keep it valid.
pub(crate) fn thesaurus() -> &'static Synonyms {
    static PARSED: LazyLock<Synonyms> = LazyLock::new(|| {
        Synonyms::parse(THESAURUS).expect("data/thesaurus.toml is checked by its tests")
    });
    &PARSED
}

impl Synonyms {
    /// Parses a thesaurus file's text.
    pub(crate) fn parse(text: &str) -> Result<Synonyms, toml::de::Error> {
        let file: ThesaurusFile = toml::from_str(text)?;
        let mut s = Synonyms::default();
        for e in &file.equivalent {
            s.add_group(&e.terms);
        }
        for l in &file.leads_to {
            for from in &l.from {
                s.add(from, &l.to);
            }
        }
        Ok(s)
    }

    /// Every term of `group` finds the others.
    pub(crate) fn add_group(&mut self, group: &[String]) {
        for (i, term) in group.iter().enumerate() {
            let others: Vec<String> = group
                .iter()
                .enumerate()
                .filter(|&(j, _)| j != i)
                .map(|(_, t)| t.clone())
                .collect();
            self.add(term, &others);
        }
    }

    /// `term` finds each of `related` (one way).
    fn add(&mut self, term: &str, related: &[String]) {
        let key = key(term);
        if key.is_empty() {
            return;
        }
        let list = self.related.entry(key).or_default();
        for r in related {
            if !list.contains(r) {
                list.push(r.clone());
            }
        }
    }

    /// Both tables in one.
    pub(crate) fn merged(&self, other: &Synonyms) -> Synonyms {
        let mut out = self.clone();
        for (k, v) in &other.related {
            let list = out.related.entry(k.clone()).or_default();
            list.extend(
                v.iter()
                    .filter(|r| !list.contains(r))
                    .cloned()
                    .collect::<Vec<_>>(),
            );
        }
        out
    }

    /// Every term found in the query's words (lowercase, as typed, fillers
    /// left out by the caller), longest first at each start. A term of several
    /// words also matches with one other word inside it (`kill a spawned task`
    /// finds `kill a task`).
    pub(crate) fn find(&self, words: &[String]) -> Vec<Found<'_>> {
        let stems: Vec<String> = words.iter().map(|w| stem_words(w).join(" ")).collect();
        let mut out = Vec::new();
        for start in 0..stems.len() {
            let longest = (MAX_TERM_WORDS + 1).min(stems.len() - start);
            for len in (1..=longest).rev() {
                let window = &stems[start..start + len];
                let skips = if len > 2 { 1..len - 1 } else { 0..0 };
                let keys = std::iter::once(window.join(" ")).chain(skips.map(|skip| {
                    let kept: Vec<&str> = (0..len)
                        .filter(|&i| i != skip)
                        .map(|i| window[i].as_str())
                        .collect();
                    kept.join(" ")
                }));
                for k in keys {
                    if let Some(related) = self.related.get(&k)
                        && !out
                            .iter()
                            .any(|f: &Found<'_>| f.start == start && f.related == related)
                    {
                        out.push(Found {
                            start,
                            end: start + len,
                            related,
                        });
                    }
                }
            }
        }
        out
    }

    /// How many terms have related terms.
    #[cfg(test)]
    pub(crate) fn len(&self) -> usize {
        self.related.len()
    }
}

/// A term's lookup key: its stemmed words but stop words and question
/// fillers, which the query side leaves out too.
/// A term of nothing but such words (`happens-before`) keeps them all, as a
/// query of nothing but fillers does.
fn key(term: &str) -> String {
    let words: Vec<&str> = term
        .split(|c: char| !(c.is_alphanumeric() || c == '_'))
        .filter(|w| !w.is_empty())
        .collect();
    let content: Vec<&str> = words
        .iter()
        .copied()
        .filter(|w| !is_filler(&w.to_lowercase()))
        .collect();
    let kept = if content.is_empty() { words } else { content };
    kept.into_iter()
        .flat_map(stem_words)
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(q: &str) -> Vec<String> {
        q.split_whitespace().map(str::to_string).collect()
    }

    #[test]
    fn equivalents_find_each_other_and_leads_to_is_one_way() {
        let s = Synonyms::parse(
            "[[equivalent]]\nterms = [\"mutex\", \"lock\"]\n\
             [[leads_to]]\nfrom = [\"wait group\"]\nto = [\"join set\", \"join_all\"]\n",
        )
        .unwrap();
        assert_eq!(s.find(&words("mutex"))[0].related, ["lock"]);
        assert_eq!(s.find(&words("locks"))[0].related, ["mutex"]);
        let found = s.find(&words("go wait groups"));
        assert_eq!((found[0].start, found[0].end), (1, 3));
        assert_eq!(found[0].related, ["join set", "join_all"]);
        assert!(s.find(&words("join set")).is_empty());
        // One word inside a term is allowed; the query side drops fillers.
        let found = s.find(&words("wait small groups"));
        assert_eq!((found[0].start, found[0].end), (0, 3));
    }

    #[test]
    fn the_shipped_thesaurus_is_valid_and_broad() {
        let s = Synonyms::parse(THESAURUS).unwrap();
        assert!(s.len() >= 300, "{} terms", s.len());
        let file: ThesaurusFile = toml::from_str(THESAURUS).unwrap();
        let terms = file.equivalent.iter().flat_map(|e| e.terms.iter()).chain(
            file.leads_to
                .iter()
                .flat_map(|l| l.from.iter().chain(&l.to)),
        );
        for t in terms {
            assert_eq!(t, &t.to_lowercase(), "terms are lower-case: {t}");
            assert!(!key(t).is_empty(), "{t:?} has no searchable word");
            assert!(
                t.split_whitespace().count() <= MAX_TERM_WORDS,
                "{t:?} is too long"
            );
        }
        for l in &file.leads_to {
            assert!(!l.from.is_empty() && !l.to.is_empty(), "{l:?}");
        }
        for e in &file.equivalent {
            assert!(e.terms.len() >= 2, "{e:?}");
        }
    }

    #[test]
    fn a_reader_s_words_reach_rust_s() {
        let s = thesaurus();
        for (reader, book) in [
            ("goroutine", "task"),
            ("promise", "future"),
            ("mutex", "lock"),
        ] {
            let found = s.find(&words(reader));
            assert!(
                found
                    .iter()
                    .any(|f| f.related.iter().any(|r| r.contains(book))),
                "{reader} -> {found:?}"
            );
        }
    }
}
