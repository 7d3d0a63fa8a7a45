//! Resolving the links a chapter writes (`../part-guide/io.md#yielding`) into
//! book-relative targets, the one place that knows mdBook's link rules.

/// What a link in a chapter points at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum LinkTarget {
    /// An `http(s)` URL: opened in the system browser, never inside the app.
    External(String),
    /// A page of this book (path relative to `src/`) and an optional heading id.
    Internal {
        /// Page path relative to `src/`, `/`-separated, normalised.
        path: String,
        /// Heading id, empty for the top of the page.
        anchor: String,
    },
    /// A file of the book that is not a chapter (an image, a `.rs` file).
    Asset(String),
    /// Any other scheme (`mailto:`, ...), kept as written.
    Other(String),
}

/// Resolves `url` as written in the page at `page` (relative to `src/`).
pub(crate) fn resolve(page: &str, url: &str) -> LinkTarget {
    let url = url.trim();
    if has_scheme(url) {
        let lower = url.to_ascii_lowercase();
        if lower.starts_with("http://") || lower.starts_with("https://") {
            return LinkTarget::External(url.to_string());
        }
        return LinkTarget::Other(url.to_string());
    }
    let (file, anchor) = match url.split_once('#') {
        Some((f, a)) => (f, a),
        None => (url, ""),
    };
    let anchor = percent_decode(anchor);
    if file.is_empty() {
        return LinkTarget::Internal {
            path: page.to_string(),
            anchor,
        };
    }
    let file = percent_decode(file.split('?').next().unwrap_or(file));
    let joined = if let Some(abs) = file.strip_prefix('/') {
        normalize(abs)
    } else {
        normalize(&format!("{}{}", parent_dir(page), file))
    };
    // mdBook lets a chapter link to the rendered page (`io.html`) as well.
    let md = match joined.strip_suffix(".html") {
        Some(stem) => format!("{stem}.md"),
        None => joined,
    };
    if md.ends_with(".md") {
        LinkTarget::Internal { path: md, anchor }
    } else {
        LinkTarget::Asset(md)
    }
}

/// The folder part of a page path, with a trailing `/` (empty at the root).
pub(crate) fn parent_dir(page: &str) -> &str {
    match page.rfind('/') {
        Some(i) => &page[..=i],
        None => "",
    }
}

/// Collapses `.` and `..` segments. `..` above the root is kept, so a link
/// that leaves the book stays recognisable as such.
pub(crate) fn normalize(path: &str) -> String {
    let mut out: Vec<&str> = Vec::new();
    for seg in path.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                if matches!(out.last(), Some(s) if *s != "..") {
                    out.pop();
                } else {
                    out.push("..");
                }
            }
            s => out.push(s),
        }
    }
    out.join("/")
}

fn has_scheme(url: &str) -> bool {
    let Some(colon) = url.find(':') else {
        return false;
    };
    let scheme = &url[..colon];
    !scheme.is_empty()
        && scheme
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_alphabetic())
        && scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "+.-".contains(c))
}

/// `%20` and friends, as browsers and mdBook decode them in link targets.
fn percent_decode(s: &str) -> String {
    percent_encoding::percent_decode_str(s)
        .decode_utf8_lossy()
        .into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn internal(path: &str, anchor: &str) -> LinkTarget {
        LinkTarget::Internal {
            path: path.into(),
            anchor: anchor.into(),
        }
    }

    #[test]
    fn relative_links() {
        assert_eq!(
            resolve("navigation/index.md", "../part-guide/io.md#yielding"),
            internal("part-guide/io.md", "yielding")
        );
        assert_eq!(
            resolve("part-guide/io.md", "sync.md"),
            internal("part-guide/sync.md", "")
        );
        assert_eq!(
            resolve("part-guide/io.md", "#blocking"),
            internal("part-guide/io.md", "blocking")
        );
        assert_eq!(
            resolve("intro.md", "./part-guide/io.html#x"),
            internal("part-guide/io.md", "x")
        );
        assert_eq!(resolve("a/b.md", "/c.md"), internal("c.md", ""));
        assert_eq!(
            resolve("a/b.md", "my%20page.md"),
            internal("a/my page.md", "")
        );
    }

    #[test]
    fn other_kinds() {
        assert_eq!(
            resolve("intro.md", "https://tokio.rs"),
            LinkTarget::External("https://tokio.rs".into())
        );
        assert_eq!(
            resolve("intro.md", "mailto:a@b.c"),
            LinkTarget::Other("mailto:a@b.c".into())
        );
        assert_eq!(
            resolve("a/intro.md", "../img/x.png"),
            LinkTarget::Asset("img/x.png".into())
        );
        assert_eq!(
            resolve("intro.md", "../../examples/x/src/main.rs"),
            LinkTarget::Asset("../../examples/x/src/main.rs".into())
        );
    }
}
