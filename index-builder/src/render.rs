//! A chapter's markdown into what the app shows: sanitized HTML with mdBook's
//! heading ids, highlighted code blocks that carry their run ids, and in-book
//! links rewritten to app routes. Everything here runs once, at build time.

use crate::codeblock::{parse_info, split_hidden};
use crate::highlight::{escape, highlight};
use crate::ids::IdAllocator;
use crate::links::{LinkTarget, resolve};
use crate::model::{CodeBlock, Heading, RunMode};
use crate::sections::{Section, plain_text, split};
use comrak::adapters::{HeadingAdapter, HeadingMeta};
use comrak::nodes::{AstNode, NodeHtmlBlock, NodeValue, Sourcepos};
use comrak::{Arena, Options, options::Plugins, parse_document};
use std::collections::{HashMap, HashSet, VecDeque};
use std::fmt;
use std::sync::{LazyLock, Mutex};

/// A rendered chapter.
#[derive(Debug, Default)]
pub struct Rendered {
    /// Sanitized HTML.
    pub html: String,
    /// Every heading, in order, with its id.
    pub headings: Vec<Heading>,
    /// The searchable sections.
    pub sections: Vec<Section>,
    /// Every fenced code block (empty when rendering a fragment).
    pub code_blocks: Vec<CodeBlock>,
}

/// Marks the text that stands where an include failed (see `include`).
const MISSING_INCLUDE: &str = "[Async Atlas: could not include";

/// The markdown dialect of a book: GFM tables, strikethrough, autolinks, task
/// lists and footnotes, as mdBook enables them.
pub(crate) fn options() -> Options<'static> {
    let mut o = Options::default();
    o.extension.table = true;
    o.extension.strikethrough = true;
    o.extension.autolink = true;
    o.extension.tasklist = true;
    o.extension.footnotes = true;
    // Raw HTML is passed through and then sanitized as a whole by ammonia.
    o.render.r#unsafe = true;
    o
}

/// Renders a whole page at `path` (relative to `src/`), titled `title`.
pub fn render_page(markdown: &str, path: &str, title: &str) -> Rendered {
    render(markdown, path, title, true)
}

/// Renders a fragment of the page at `path` (a FAQ answer): no code block ids,
/// no sections.
pub fn render_fragment(markdown: &str, path: &str) -> String {
    render(markdown, path, "", false).html
}

fn render(markdown: &str, path: &str, title: &str, whole_page: bool) -> Rendered {
    let arena = Arena::new();
    let opts = options();
    let root = parse_document(&arena, markdown, &opts);

    // Ids in document order, over all headings, as mdBook numbers them.
    let mut ids = IdAllocator::default();
    let mut headings = Vec::new();
    let mut id_of: HashMap<*const AstNode<'_>, String> = HashMap::new();
    for node in root.descendants() {
        let level = match &node.data().value {
            NodeValue::Heading(h) => h.level,
            _ => continue,
        };
        let text = plain_text(node);
        let id = ids.next(&text);
        id_of.insert(node as *const _, id.clone());
        headings.push(Heading {
            level,
            title: text,
            anchor: id,
        });
    }
    let sections = if whole_page {
        split(root, title, &|n| {
            id_of.get(&(n as *const _)).cloned().unwrap_or_default()
        })
    } else {
        Vec::new()
    };

    let mut code_blocks = Vec::new();
    let mut section_anchor = String::new();
    let nodes: Vec<_> = root.descendants().collect();
    let mut images = Vec::new();
    for node in nodes {
        let replacement = {
            let mut data = node.data_mut();
            match &mut data.value {
                NodeValue::Heading(h)
                    if h.level <= 3 && node.parent().is_some_and(|p| p.parent().is_none()) =>
                {
                    section_anchor = id_of.get(&(node as *const _)).cloned().unwrap_or_default();
                    None
                }
                NodeValue::Link(link) => {
                    link.url = rewrite_url(path, &link.url);
                    None
                }
                NodeValue::Image(_) => {
                    images.push(node);
                    None
                }
                NodeValue::CodeBlock(cb) => {
                    let info = parse_info(&cb.info);
                    let mut block_id = String::new();
                    let mut run = info.run_mode();
                    if cb.literal.contains(MISSING_INCLUDE) {
                        run = RunMode::None;
                    }
                    let (source, display) = if info.is_rust() {
                        split_hidden(&cb.literal)
                    } else {
                        (cb.literal.clone(), cb.literal.clone())
                    };
                    if whole_page {
                        block_id = format!("{path}:{}", code_blocks.len());
                        code_blocks.push(CodeBlock {
                            id: block_id.clone(),
                            path: path.to_string(),
                            anchor: section_anchor.clone(),
                            lang: if info.is_rust() {
                                "rust".into()
                            } else {
                                info.lang.clone()
                            },
                            flags: info.flags.clone(),
                            source,
                            display: display.clone(),
                            run,
                        });
                    } else {
                        run = RunMode::None;
                    }
                    let lang = if info.is_rust() {
                        "rust"
                    } else {
                        info.lang.as_str()
                    };
                    let html = code_html(&display, lang, &block_id, run);
                    Some(NodeValue::HtmlBlock(NodeHtmlBlock {
                        block_type: 6,
                        literal: html,
                    }))
                }
                _ => None,
            }
        };
        if let Some(value) = replacement {
            node.data_mut().value = value;
        }
    }
    // Book images are not bundled with the index (and remote ones must not
    // load): an image becomes its alt text.
    for img in images {
        let open = arena.alloc(AstNode::from(NodeValue::Text("[image: ".into())));
        img.insert_before(open);
        for child in img.children().collect::<Vec<_>>() {
            img.insert_before(child);
        }
        img.insert_before(arena.alloc(AstNode::from(NodeValue::Text("]".into()))));
        img.detach();
    }

    let adapter = Ids {
        queue: Mutex::new(headings.iter().map(|h| h.anchor.clone()).collect()),
    };
    let mut plugins = Plugins::default();
    plugins.render.heading_adapter = Some(&adapter);
    let mut raw = String::new();
    comrak::format_html_with_plugins(root, &opts, &mut raw, &plugins)
        .expect("writing to a String cannot fail");
    let html = SANITIZER.clean(&raw).to_string();
    Rendered {
        html,
        headings,
        sections,
        code_blocks,
    }
}

fn rewrite_url(page: &str, url: &str) -> String {
    match resolve(page, url) {
        LinkTarget::Internal { path, anchor } if anchor.is_empty() => format!("#/{path}"),
        LinkTarget::Internal { path, anchor } => format!("#/{path}#{anchor}"),
        LinkTarget::External(u) | LinkTarget::Other(u) => u,
        // Files outside the chapters are not part of the app; keep the link inert.
        LinkTarget::Asset(_) => String::new(),
    }
}

fn code_html(display: &str, lang: &str, block_id: &str, run: RunMode) -> String {
    let run = match run {
        RunMode::Run => "run",
        RunMode::Build => "build",
        RunMode::Panic => "panic",
        RunMode::None => "none",
    };
    let code = display.strip_suffix('\n').unwrap_or(display);
    let class = if lang.is_empty() {
        String::new()
    } else {
        format!(" class=\"language-{}\"", escape(lang))
    };
    format!(
        "<pre class=\"code\" data-block=\"{}\" data-run=\"{run}\" data-lang=\"{}\"><code{class}>{}</code></pre>\n",
        escape(block_id),
        escape(lang),
        highlight(code, lang)
    )
}

/// Writes headings with the ids computed beforehand, in document order.
struct Ids {
    queue: Mutex<VecDeque<String>>,
}

impl HeadingAdapter for Ids {
    fn enter(
        &self,
        out: &mut dyn fmt::Write,
        h: &HeadingMeta,
        _pos: Option<Sourcepos>,
    ) -> fmt::Result {
        let id = self
            .queue
            .lock()
            .map(|mut q| q.pop_front())
            .ok()
            .flatten()
            .unwrap_or_default();
        write!(out, "<h{} id=\"{}\">", h.level, escape(&id))
    }

    fn exit(&self, out: &mut dyn fmt::Write, h: &HeadingMeta) -> fmt::Result {
        write!(out, "</h{}>", h.level)
    }
}

/// What book HTML may keep: ordinary document markup, our classes and data
/// attributes; no script, no style, no event handlers, no remote loads.
static SANITIZER: LazyLock<ammonia::Builder<'static>> = LazyLock::new(|| {
    let mut b = ammonia::Builder::default();
    b.add_tags(["input", "details", "summary", "kbd", "mark"]);
    b.rm_tags(["img"]);
    b.add_generic_attributes(["id", "class"]);
    b.add_tag_attributes("pre", ["data-block", "data-run", "data-lang"]);
    b.add_tag_attributes("input", ["type", "checked", "disabled"]);
    b.add_tag_attributes("a", ["href", "title"]);
    b.url_schemes(HashSet::from(["http", "https", "mailto"]));
    b.link_rel(Some("noopener noreferrer"));
    b
});

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_sections_and_code_blocks() {
        let md = "# Title\n\nIntro `tokio::spawn` text.\n\n## `JoinHandle` & `abort`\n\nMore.\n\n```rust,no_run\n# use std::fmt;\nfn main() {}\n```\n\n#### Deep\n\n## `JoinHandle` & `abort`\n\n```toml\na = 1\n```\n";
        let r = render_page(md, "guide/tasks.md", "Tasks");
        let ids: Vec<&str> = r.headings.iter().map(|h| h.anchor.as_str()).collect();
        assert_eq!(
            ids,
            ["title", "joinhandle--abort", "deep", "joinhandle--abort-1"]
        );
        assert_eq!(r.sections.len(), 3);
        assert_eq!(r.sections[0].prose, "Intro tokio::spawn text.");
        assert!(
            r.sections[1].prose.contains("More.") && r.sections[1].prose.contains("Deep"),
            "{:?}",
            r.sections[1]
        );
        assert!(
            r.sections[1].code.contains("fn main() {}")
                && !r.sections[1].code.contains("use std::fmt")
        );
        assert_eq!(r.code_blocks.len(), 2);
        assert_eq!(r.code_blocks[0].id, "guide/tasks.md:0");
        assert_eq!(r.code_blocks[0].anchor, "joinhandle--abort");
        assert_eq!(r.code_blocks[0].run, RunMode::Build);
        assert_eq!(r.code_blocks[0].source, "use std::fmt;\nfn main() {}\n");
        assert_eq!(r.code_blocks[1].anchor, "joinhandle--abort-1");
        assert!(
            r.html.contains("<h2 id=\"joinhandle--abort\">"),
            "{}",
            r.html
        );
        assert!(
            r.html.contains("data-block=\"guide/tasks.md:0\""),
            "{}",
            r.html
        );
        assert!(r.html.contains("data-run=\"build\""), "{}", r.html);
        assert!(!r.html.contains("use std::fmt"), "hidden lines stay hidden");
    }

    #[test]
    fn links_are_rewritten_and_html_sanitized() {
        let md = "[a](../other/page.md#x) [b](#local) [c](https://tokio.rs) [d](page.html)\n\n<script>alert(1)</script><div onclick=\"x()\">hi</div><img src=\"https://evil/x.png\">\n\n[js](javascript:alert(1))";
        let r = render_page(md, "guide/tasks.md", "T");
        assert!(r.html.contains("href=\"#/other/page.md#x\""), "{}", r.html);
        assert!(
            r.html.contains("href=\"#/guide/tasks.md#local\""),
            "{}",
            r.html
        );
        assert!(r.html.contains("href=\"https://tokio.rs\""), "{}", r.html);
        assert!(r.html.contains("href=\"#/guide/page.md\""), "{}", r.html);
        for bad in ["<script", "onclick", "<img", "javascript:", "evil"] {
            assert!(!r.html.contains(bad), "{bad} survived: {}", r.html);
        }
    }

    #[test]
    fn failed_includes_are_not_runnable() {
        let r = render_page(
            "```rust\n[Async Atlas: could not include x.rs: file not found]\n```\n",
            "a.md",
            "A",
        );
        assert_eq!(r.code_blocks[0].run, RunMode::None);
    }
}
