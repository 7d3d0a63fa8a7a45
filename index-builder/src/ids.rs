//! Heading ids, exactly as mdBook makes them, so deep links written for mdBook
//! (`page.md#some-heading`) land on the same heading here.

use std::collections::HashMap;

/// mdBook's rule: keep alphanumerics, `_` and `-` (ASCII-lowercased), turn
/// whitespace into `-`, drop everything else.
pub fn normalize_id(text: &str) -> String {
    text.chars()
        .filter_map(|c| {
            if c.is_alphanumeric() || c == '_' || c == '-' {
                Some(c.to_ascii_lowercase())
            } else if c.is_whitespace() {
                Some('-')
            } else {
                None
            }
        })
        .collect()
}

/// Hands out unique ids within one page: the second `join` becomes `join-1`.
#[derive(Debug, Default)]
pub struct IdAllocator {
    seen: HashMap<String, usize>,
}

impl IdAllocator {
    /// The id mdBook gives the next heading with this plain text.
    pub fn next(&mut self, heading_text: &str) -> String {
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
        // Non-ASCII letters are kept, and only ASCII is lowercased, as in mdBook.
        assert_eq!(normalize_id("Überblick Ära"), "Überblick-Ära");
        assert_eq!(normalize_id("数据 流"), "数据-流");
    }

    #[test]
    fn duplicates_are_numbered() {
        let mut ids = IdAllocator::default();
        assert_eq!(ids.next("join!"), "join");
        assert_eq!(ids.next("join!"), "join-1");
        assert_eq!(ids.next("Join"), "join-2");
    }
}
