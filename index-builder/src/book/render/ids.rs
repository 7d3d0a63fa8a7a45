//! Heading ids, exactly as mdBook makes them, so deep links written for mdBook
//! (`page.md#some-heading`) land on the same heading here.

use std::collections::HashMap;

use atlas_model::Heading;
use comrak::nodes::{AstNode, NodeValue};

use crate::book::sections::plain_text;

/// mdBook 0.5's rule (`id_from_content` in mdbook-html): trim, lowercase every
/// letter (0.4 lowercased ASCII only), keep alphanumerics, `_` and `-`, turn
/// whitespace into `-`, drop everything else.
pub(crate) fn normalize_id(text: &str) -> String {
    text.trim()
        .to_lowercase()
        .chars()
        .filter_map(|c| {
            if c.is_alphanumeric() || c == '_' || c == '-' {
                Some(c)
            } else if c.is_whitespace() {
                Some('-')
            } else {
                None
            }
        })
        .collect()
}

/// Splits a heading's trailing attribute block, `Title {#id .class key=value}`,
/// as mdBook reads it (pulldown-cmark's heading attributes): the text before the
/// block, and the last `#id` in it. `None` when the text ends in no block.
pub(crate) fn split_attributes(text: &str) -> Option<(&str, Option<&str>)> {
    let body = text.trim_end().strip_suffix('}')?;
    let open = body.rfind('{')?;
    let attrs = &body[open + 1..];
    if attrs.contains('}') {
        return None;
    }
    let id = attrs
        .split_ascii_whitespace()
        .filter_map(|a| a.strip_prefix('#'))
        .rfind(|id| !id.is_empty());
    Some((body[..open].trim_end(), id))
}

/// Every heading of a page with its id, and a lookup by node.
pub(crate) struct HeadingIds {
    headings: Vec<Heading>,
    /// Keyed by address: a node's identity, without tying the map to the arena's lifetime.
    by_node: HashMap<*const (), usize>,
}

fn node_key(n: &AstNode<'_>) -> *const () {
    std::ptr::from_ref(n).cast()
}

impl HeadingIds {
    /// Gives every heading of a page its id, in document order, as mdBook does:
    /// an explicit `{#id}` is used as written (and its block removed from the
    /// text), the others come from their text, numbered when repeated.
    pub(crate) fn assign<'a>(root: &'a AstNode<'a>) -> HeadingIds {
        let mut ids = IdAllocator::default();
        let mut out = HeadingIds {
            headings: Vec::new(),
            by_node: HashMap::new(),
        };
        for node in root.descendants() {
            let level = match &node.data().value {
                NodeValue::Heading(h) => h.level,
                _ => continue,
            };
            let explicit = strip_attribute_block(node);
            let title = plain_text(node);
            let anchor = explicit.unwrap_or_else(|| ids.next(&title));
            out.by_node.insert(node_key(node), out.headings.len());
            out.headings.push(Heading {
                level,
                title,
                anchor,
            });
        }
        out
    }

    /// The heading `node` is, if it is one.
    pub(crate) fn of(&self, node: &AstNode<'_>) -> Option<&Heading> {
        self.by_node
            .get(&node_key(node))
            .map(|&i| &self.headings[i])
    }

    /// The id of the heading `node`; empty for other nodes.
    pub(crate) fn anchor(&self, node: &AstNode<'_>) -> String {
        self.of(node).map(|h| h.anchor.clone()).unwrap_or_default()
    }

    /// All headings in document order.
    pub(crate) fn headings(&self) -> &[Heading] {
        &self.headings
    }

    /// All headings in document order, owned.
    pub(crate) fn into_headings(self) -> Vec<Heading> {
        self.headings
    }
}

/// Removes a heading's trailing attribute block from its last text node; the
/// explicit id, if the block has one.
fn strip_attribute_block<'a>(heading: &'a AstNode<'a>) -> Option<String> {
    let last = heading.last_child()?;
    let mut data = last.data_mut();
    let NodeValue::Text(text) = &mut data.value else {
        return None;
    };
    let (rest, id) = split_attributes(text)?;
    let id = id.map(str::to_string);
    *text = rest.to_string().into();
    id
}

/// Hands out unique ids within one page: the second `join` becomes `join-1`.
#[derive(Debug, Default)]
pub(crate) struct IdAllocator {
    seen: HashMap<String, usize>,
}

impl IdAllocator {
    /// The id mdBook gives the next heading with this plain text.
    pub(crate) fn next(&mut self, heading_text: &str) -> String {
        let id = normalize_id(heading_text);
        let count = self.seen.entry(id.clone()).or_insert(0);
        let unique = if *count == 0 {
            id
        } else {
            format!("{id}-{count}")
        };
        *count += 1;
        unique
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn punctuation_and_case() {
        assert_eq!(normalize_id("Why Async?"), "why-async");
        assert_eq!(normalize_id("async/.await Primer"), "asyncawait-primer");
        assert_eq!(
            normalize_id("Send + 'static bounds on futures"),
            "send--static-bounds-on-futures"
        );
        assert_eq!(
            normalize_id("default => ... and complete => ..."),
            "default---and-complete--"
        );
        assert_eq!(normalize_id("try_join!"), "try_join");
        assert_eq!(normalize_id("Tom & Jerry"), "tom--jerry");
        assert_eq!(normalize_id("Enough, let’s go"), "enough-lets-go");
        // Every letter is lowercased, as in mdBook 0.5 (0.4 lowercased ASCII only).
        assert_eq!(normalize_id("Überblick Ära"), "überblick-ära");
        assert_eq!(normalize_id("  Spaced  "), "spaced");
        assert_eq!(normalize_id("数据 流"), "数据-流");
    }

    #[test]
    fn attribute_blocks() {
        assert_eq!(
            split_attributes("Custom heading {#my-custom-id}"),
            Some(("Custom heading", Some("my-custom-id")))
        );
        assert_eq!(
            split_attributes("Styled {.wide #a #b data-x=1} "),
            Some(("Styled", Some("b")))
        );
        assert_eq!(
            split_attributes("Only a class {.note}"),
            Some(("Only a class", None))
        );
        assert_eq!(split_attributes("No block"), None);
        assert_eq!(split_attributes("Braces {a} here"), None);
    }

    #[test]
    fn duplicates_are_numbered() {
        let mut ids = IdAllocator::default();
        assert_eq!(ids.next("join!"), "join");
        assert_eq!(ids.next("join!"), "join-1");
        assert_eq!(ids.next("Join"), "join-2");
    }
}
