//! The special pages: FAQ questions, topic index entries and detailed index
//! terms, read from ordinary markdown by convention (see `content/AUTHORING.md`):
//! - FAQ: every h2/h3 heading ending in `?` is a question; its answer runs to
//!   the next heading of the same or a higher level. Other headings group.
//! - Topic index: `## Theme` headings over lists of links.
//! - Detailed index: nested lists; an item's links are its targets.

use crate::book::config::Dialect;
use crate::book::render::ids::HeadingIds;
use crate::book::render::links::{LinkTarget, resolve};
use crate::book::render::{answers, options};
use crate::book::sections::{Section, plain_text};
use atlas_model::{FaqEntry, IndexEntry, Target, TopicGroup};
use comrak::nodes::{AstNode, NodeValue};
use comrak::{Arena, parse_document};
use std::collections::HashSet;

/// One FAQ question, and its answer's prose and code as plain text (for search).
pub(crate) struct Question {
    pub(crate) entry: FaqEntry,
    pub(crate) prose: String,
    pub(crate) code: String,
}

/// The questions of a FAQ page, from its sections and its (expanded) markdown.
pub(crate) fn faq(
    markdown: &str,
    path: &str,
    sections: &[Section],
    dialect: &Dialect,
) -> Vec<Question> {
    let is_question = |s: &Section| matches!(s.level, 2 | 3) && s.title.trim_end().ends_with('?');
    let wanted: HashSet<&str> = sections
        .iter()
        .filter(|s| is_question(s))
        .map(|s| s.anchor.as_str())
        .collect();
    let mut answers = answers(markdown, path, &wanted, dialect);
    let mut out = Vec::new();
    let mut group: Option<String> = None;
    for (i, s) in sections.iter().enumerate() {
        if !is_question(s) {
            if s.level == 2 {
                group = Some(s.title.clone());
            } else if s.level == 1 {
                group = None;
            }
            continue;
        }
        // The answer runs to the next section of the same or a higher level.
        let inner = sections[i + 1..].iter().take_while(|n| n.level > s.level);
        let answer: Vec<&Section> = std::iter::once(s).chain(inner).collect();
        let join = |part: fn(&Section) -> &str| {
            let words: Vec<&str> = answer
                .iter()
                .flat_map(|n| part(n).split_whitespace())
                .collect();
            words.join(" ")
        };
        let entry = FaqEntry {
            question: s.title.clone(),
            group: if s.level == 3 { group.clone() } else { None },
            path: path.to_string(),
            anchor: s.anchor.clone(),
            answer_html: answers.remove(&s.anchor).unwrap_or_default(),
        };
        out.push(Question {
            entry,
            prose: join(|n| &n.prose),
            code: join(|n| &n.code),
        });
    }
    out
}

/// The topic index page: themes and their entries.
pub(crate) fn topics(markdown: &str, path: &str, dialect: &Dialect) -> Vec<TopicGroup> {
    let arena = Arena::new();
    let root = parse_document(&arena, markdown, &options(dialect));
    // Ids are counted over every heading, as on the rendered page.
    let ids = HeadingIds::assign(root);
    let mut groups: Vec<TopicGroup> = Vec::new();
    for node in root.children() {
        if let Some(h) = ids.of(node) {
            if h.level >= 2 {
                groups.push(TopicGroup {
                    title: h.title.clone(),
                    anchor: h.anchor.clone(),
                    entries: Vec::new(),
                });
            }
            continue;
        }
        if matches!(node.data().value, NodeValue::List(_)) {
            if groups.is_empty() {
                groups.push(TopicGroup {
                    title: String::new(),
                    anchor: String::new(),
                    entries: Vec::new(),
                });
            }
            let last = groups.last_mut().expect("just ensured");
            last.entries.extend(list_entries(node, path));
        }
    }
    groups.retain(|g| !g.entries.is_empty());
    groups
}

/// The detailed index page: every list on it, in order.
pub(crate) fn detailed_index(markdown: &str, path: &str, dialect: &Dialect) -> Vec<IndexEntry> {
    let arena = Arena::new();
    let root = parse_document(&arena, markdown, &options(dialect));
    root.children()
        .filter(|n| matches!(n.data().value, NodeValue::List(_)))
        .flat_map(|n| list_entries(n, path))
        .collect()
}

fn list_entries<'a>(list: &'a AstNode<'a>, path: &str) -> Vec<IndexEntry> {
    list.children()
        .filter(|n| matches!(n.data().value, NodeValue::Item(_)))
        .map(|item| entry(item, path))
        .collect()
}

fn entry<'a>(item: &'a AstNode<'a>, path: &str) -> IndexEntry {
    let mut text = String::new();
    let mut targets = Vec::new();
    let mut children = Vec::new();
    for child in item.children() {
        if matches!(child.data().value, NodeValue::List(_)) {
            children.extend(list_entries(child, path));
        } else {
            if !text.is_empty() {
                text.push(' ');
            }
            text.push_str(&plain_text(child));
            collect_links(child, path, &mut targets);
        }
    }
    IndexEntry {
        text: text.split_whitespace().collect::<Vec<_>>().join(" "),
        targets,
        children,
    }
}

fn collect_links<'a>(node: &'a AstNode<'a>, path: &str, out: &mut Vec<Target>) {
    for n in node.descendants() {
        let url = match &n.data().value {
            NodeValue::Link(l) => l.url.clone(),
            _ => continue,
        };
        if let LinkTarget::Internal { path: p, anchor } = resolve(path, &url) {
            out.push(Target {
                label: plain_text(n),
                path: p,
                anchor,
            });
        }
    }
}

/// Flattens index entries into (term path, entry) pairs: a sub-term's path
/// holds its parents (`["JoinHandle", "abort"]`).
pub(crate) fn flatten(entries: &[IndexEntry]) -> Vec<(Vec<String>, &IndexEntry)> {
    fn walk<'e>(
        e: &'e IndexEntry,
        parents: &mut Vec<String>,
        out: &mut Vec<(Vec<String>, &'e IndexEntry)>,
    ) {
        parents.push(e.text.clone());
        out.push((parents.clone(), e));
        for c in &e.children {
            walk(c, parents, out);
        }
        parents.pop();
    }
    let mut out = Vec::new();
    for e in entries {
        walk(e, &mut Vec::new(), &mut out);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::book::render::render_page;

    #[test]
    fn faq_questions_and_answers() {
        let md = "# FAQ\n\n## Tasks\n\n### How do I cancel a task?\n\nCall `abort` on its [handle][h].\n\n\
                  #### Details {#more}\n\nMore.\n\n### Why?\n\nBecause.\n\n## Is this a top question?\n\nYes.\n\n\
                  [h]: ../guide/tasks.md#abort\n";
        let r = render_page(md, "nav/faq.md", "FAQ", &Dialect::default());
        let qs = faq(md, "nav/faq.md", &r.sections, &Dialect::default());
        let f: Vec<&FaqEntry> = qs.iter().map(|q| &q.entry).collect();
        assert_eq!(f.len(), 3);
        assert_eq!(f[0].question, "How do I cancel a task?");
        assert_eq!(f[0].group.as_deref(), Some("Tasks"));
        assert_eq!(f[0].anchor, "how-do-i-cancel-a-task");
        // A reference link defined at the end of the page resolves in the answer;
        // a nested heading keeps its (explicit) id.
        assert_eq!(
            f[0].answer_html,
            "<p>Call <code>abort</code> on its <a href=\"#/guide/tasks.md#abort\" rel=\"noopener noreferrer\">handle</a>.</p>\n\
             <h4 id=\"more\">Details</h4><p>More.</p>\n"
        );
        assert_eq!(qs[0].prose, "Call abort on its handle. Details More.");
        assert_eq!(qs[0].code, "abort");
        assert_eq!(f[2].group, None);
        assert_eq!(f[2].answer_html.trim(), "<p>Yes.</p>");
    }

    #[test]
    fn topic_groups() {
        let md = "# Topic index\n\n## Concurrency\n\n- [Intro](../a.md#x)\n- Cancellation\n  - [Basics](../b.md)\n\n## Testing\n\n- [Unit tests](../c.md#t)\n";
        let t = topics(md, "navigation/topics.md", &Dialect::default());
        assert_eq!(t.len(), 2);
        assert_eq!(t[0].anchor, "concurrency");
        assert_eq!(
            t[0].entries[0].targets[0],
            Target {
                label: "Intro".into(),
                path: "a.md".into(),
                anchor: "x".into()
            }
        );
        assert_eq!(t[0].entries[1].text, "Cancellation");
        assert!(t[0].entries[1].targets.is_empty());
        assert_eq!(t[0].entries[1].children[0].targets[0].path, "b.md");
    }

    #[test]
    fn detailed_index_entries() {
        let md = "# Index\n\n- Async\n  - [blocks](../g/m.md#async-blocks)\n- [`JoinHandle`](../g/a.md#joinhandle)\n  - [`abort`](../g/m.md#cancellation)\n\n\n- Multitasking\n  - [Cooperative](../g/c.md#a), [yielding](../g/io.md#yielding)\n";
        let e = detailed_index(md, "navigation/index.md", &Dialect::default());
        assert_eq!(e.len(), 3);
        assert_eq!(e[1].text, "JoinHandle");
        let multi = &e[2].children[0];
        assert_eq!(multi.text, "Cooperative, yielding");
        assert_eq!(multi.targets.len(), 2);
        let flat = flatten(&e);
        assert_eq!(flat.len(), 6);
        assert_eq!(flat[3].0, ["JoinHandle", "abort"]);
    }
}
