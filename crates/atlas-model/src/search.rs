//! Search requests and their answers: what the UI and the CLI send, and what a
//! hit shows.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::book::{Kind, Target};

/// What to search for.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct SearchRequest {
    /// Whatever the user typed; any string is fine (cut to [`SearchRequest::MAX_QUERY_CHARS`]).
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
    /// At most this many hits (1 to [`SearchRequest::MAX_LIMIT`]).
    #[serde(default = "SearchRequest::default_limit")]
    pub limit: usize,
}

impl SearchRequest {
    /// Longer "queries" are pasted text, not searches: they are cut, which bounds work.
    pub const MAX_QUERY_CHARS: usize = 400;
    /// The most hits one answer holds.
    pub const MAX_LIMIT: usize = 100;

    fn default_limit() -> usize {
        10
    }

    /// A request for `query` over everything, with the default limit.
    pub fn new(query: impl Into<String>) -> Self {
        SearchRequest {
            query: query.into(),
            kinds: Vec::new(),
            part: None,
            chapter: None,
            limit: Self::default_limit(),
        }
    }

    /// The request with its query cut and its limit in range: the one place the caps live.
    pub fn normalized(&self) -> SearchRequest {
        SearchRequest {
            query: self.query.chars().take(Self::MAX_QUERY_CHARS).collect(),
            limit: self.limit.clamp(1, Self::MAX_LIMIT),
            ..self.clone()
        }
    }
}

/// The answer to a [`SearchRequest`].
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
pub struct SearchResults {
    /// Best first.
    pub hits: Vec<Hit>,
    /// "Did you mean" queries; filled when there are no hits.
    pub suggestions: Vec<String>,
}

/// What a hit shows of its document: a section, a FAQ question, an index
/// entry or an example, and where it leads.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct DocCard {
    /// What it is.
    pub kind: Kind,
    /// Heading, question, term or example name.
    pub title: String,
    /// Where it stands, outermost first.
    pub breadcrumbs: Vec<String>,
    /// Where the hit leads: page path relative to `src/` (for an index entry with
    /// several targets, its first; for an example, the first page that shows it).
    pub path: String,
    /// Heading id on that page without `#`; empty for the top of the page.
    pub anchor: String,
    /// FAQ hits: the answer, sanitized HTML.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub answer_html: Option<String>,
    /// Example hits: the example id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub example: Option<String>,
    /// Topic and index hits: every place the entry links to (empty for others).
    #[serde(default)]
    pub targets: Vec<Target>,
}

/// One search document as the index folder stores it: its card, and the plain
/// text its snippets are cut from (which never travels with a hit).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct SearchDoc {
    /// What a hit on it shows.
    #[serde(flatten)]
    pub card: DocCard,
    /// Plain text the snippet is cut from.
    pub text: String,
}

/// One result: the document, how well it matched and the passage to show.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Hit {
    /// What the hit is and where it leads.
    #[serde(flatten)]
    pub doc: DocCard,
    /// Relevance; only comparable within one answer.
    pub score: f32,
    /// The best passage of the document's text (plain text).
    pub snippet: String,
    /// `[start, end)` of matched words in `snippet`, counted in chars
    /// (Unicode scalar values).
    pub highlights: Vec<[usize; 2]>,
    /// Lowercase words that matched, for marking them on the page.
    pub matched: Vec<String>,
    /// The other kinds (topic index, detailed index, FAQ) whose entries lead
    /// to this section: they were merged into this hit, so one place takes one
    /// slot.
    #[serde(default)]
    pub also: Vec<Kind>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalized_caps_query_and_limit() {
        let mut req = SearchRequest::new("é".repeat(1000));
        req.limit = 0;
        let n = req.normalized();
        assert_eq!(n.query.chars().count(), SearchRequest::MAX_QUERY_CHARS);
        assert_eq!(n.limit, 1);
        req.limit = 10_000;
        assert_eq!(req.normalized().limit, SearchRequest::MAX_LIMIT);
    }
}
