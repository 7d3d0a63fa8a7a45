//! Index terms travel to the sections they point at: a section is also found by
//! the words of every topic-index and detailed-index entry that links to it.

use std::collections::HashMap;

use atlas_model::{BookData, Kind};

use super::docs::{Doc, entry_doc};
use crate::book::{BookConfig, nav_pages};

/// The words of the index entries that point at each `(path, anchor)`.
pub(super) type Terms = HashMap<(String, String), Vec<String>>;

/// One search document per topic and detailed index entry, and the words each
/// entry lends to the places it links to.
pub(super) fn nav_docs(data: &BookData, book: &BookConfig) -> (Vec<Doc>, Terms) {
    let mut docs = Vec::new();
    let mut terms = Terms::new();
    let mut lend = |targets: &[atlas_model::Target], words: String| {
        for t in targets {
            terms
                .entry((t.path.clone(), t.anchor.clone()))
                .or_default()
                .push(words.clone());
        }
    };
    for group in &data.topics {
        for (term_path, entry) in nav_pages::flatten(&group.entries) {
            lend(
                &entry.targets,
                format!("{} {}", group.title, term_path.join(" ")),
            );
            let crumbs = vec!["Topic index".into(), group.title.clone()];
            docs.push(entry_doc(
                Kind::Topic,
                &term_path,
                entry,
                crumbs,
                &book.topics,
            ));
        }
    }
    for (term_path, entry) in nav_pages::flatten(&data.index) {
        lend(&entry.targets, term_path.join(" "));
        let mut crumbs = vec!["Index".to_string()];
        crumbs.extend(term_path[..term_path.len() - 1].iter().cloned());
        docs.push(entry_doc(
            Kind::Index,
            &term_path,
            entry,
            crumbs,
            &book.index,
        ));
    }
    (docs, terms)
}

/// Adds the lent words to the chapter sections (`sections` are indices into
/// `docs`). A link to a page without an anchor means the page's first section.
pub(super) fn propagate(docs: &mut [Doc], sections: &[usize], mut terms: Terms) {
    for &i in sections {
        let key = (docs[i].shown.path.clone(), docs[i].shown.anchor.clone());
        if let Some(t) = terms.remove(&key) {
            docs[i].terms.extend(t);
        }
    }
    for ((path, anchor), words) in terms {
        if !anchor.is_empty() {
            continue;
        }
        if let Some(&i) = sections.iter().find(|&&i| docs[i].shown.path == path) {
            docs[i].terms.extend(words);
        }
    }
}
