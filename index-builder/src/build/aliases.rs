//! Terms the book itself says are one, for query-time expansion
//! ([`crate::search::synonyms`]): its `[output.atlas] synonyms` groups, detailed-index
//! entries of the form "X, see Y", and headings of the form "Term (alias)"
//! such as "Async iterators (streams)".

use atlas_model::{BookData, IndexEntry};

use crate::book::{BookConfig, nav_pages};

/// Longest side of a heading alias, in words: longer parentheses are asides.
const MAX_ALIAS_WORDS: usize = 3;

/// Every group of terms the book treats as one.
pub(super) fn book_synonyms(book: &BookConfig, data: &BookData) -> Vec<Vec<String>> {
    let mut groups: Vec<Vec<String>> = book.synonyms.clone();
    let headings = data.pages.iter().flat_map(|p| &p.headings);
    groups.extend(headings.filter_map(|h| heading_alias(&h.title)));
    let entries = nav_pages::flatten(&data.index);
    groups.extend(entries.iter().filter_map(|(_, e)| see_reference(e)));
    for g in &mut groups {
        for t in g.iter_mut() {
            *t = t.to_lowercase();
        }
        g.dedup();
    }
    groups.retain(|g| g.len() >= 2);
    groups.sort();
    groups.dedup();
    groups
}

/// "Async iterators (streams)" → `["async iterators", "streams"]`.
fn heading_alias(title: &str) -> Option<Vec<String>> {
    let (term, rest) = title.trim().split_once(" (")?;
    let alias = rest.strip_suffix(')')?;
    let plain = |s: &str| {
        let n = s.split_whitespace().count();
        (1..=MAX_ALIAS_WORDS + 1).contains(&n)
            && s.chars().all(|c| c.is_alphabetic() || c == ' ' || c == '-')
    };
    (plain(term) && plain(alias) && alias.split_whitespace().count() <= MAX_ALIAS_WORDS)
        .then(|| vec![term.to_string(), alias.to_string()])
}

/// "Threads, see tasks" or "Threads (see also tasks)" → `["threads", "tasks"]`.
fn see_reference(entry: &IndexEntry) -> Option<Vec<String>> {
    let text = entry.text.trim().trim_end_matches(')');
    let lower = text.to_lowercase();
    let at = [", see also ", " (see also ", ", see ", " (see "]
        .iter()
        .find_map(|m| lower.find(m).map(|i| (i, m.len())))?;
    let (term, other) = (&text[..at.0], &text[at.0 + at.1..]);
    (!term.is_empty() && !other.is_empty()).then(|| vec![term.into(), other.into()])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headings_name_their_aliases() {
        let alias = |t| heading_alias(t).map(|g| g.join("|"));
        assert_eq!(
            alias("Async iterators (streams)").as_deref(),
            Some("Async iterators|streams")
        );
        assert_eq!(alias("Design patterns (part 2)"), None);
        assert_eq!(alias("Cancellation"), None);
        assert_eq!(alias("Aborting a task (`JoinHandle::abort`)"), None);
        assert_eq!(alias("What happens (and why it matters to you)"), None);
    }

    #[test]
    fn see_entries_join_their_terms() {
        let entry = |text: &str| IndexEntry {
            text: text.into(),
            targets: vec![],
            children: vec![],
        };
        assert_eq!(
            see_reference(&entry("Green threads, see tasks")),
            Some(vec!["Green threads".into(), "tasks".into()])
        );
        assert_eq!(
            see_reference(&entry("Locks (see also Mutex)")),
            Some(vec!["Locks".into(), "Mutex".into()])
        );
        assert_eq!(see_reference(&entry("Seeing output")), None);
    }
}
