//! A chapter's markdown into what the app shows: sanitized HTML with mdBook's
//! heading ids, highlighted code blocks that carry their run ids, and in-book
//! links rewritten to app routes. Everything here runs once, at build time.

pub(crate) mod codeblock;
pub(crate) mod diagram;
pub(crate) mod highlight;
pub(crate) mod ids;
pub(crate) mod links;

use crate::book::config::Dialect;
use crate::book::render::codeblock::{parse_info, split_hidden};
use crate::book::render::highlight::{escape, highlight};
use crate::book::render::ids::HeadingIds;
use crate::book::render::links::{LinkTarget, resolve};
use crate::book::sections::{Section, split};
use atlas_model::{CodeBlock, Heading, RunMode};
use comrak::adapters::{HeadingAdapter, HeadingMeta};
use comrak::nodes::{AstNode, NodeCodeBlock, NodeHtmlBlock, NodeValue, Sourcepos};
use comrak::{Arena, Options, options::Plugins, parse_document};
use std::collections::{HashMap, HashSet, VecDeque};
use std::fmt;
use std::sync::{LazyLock, Mutex};

/// A rendered chapter.
#[derive(Debug, Default)]
pub(crate) struct Rendered {
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

/// The markdown dialect of a book, as close to mdBook 0.5's as comrak allows
/// (`mdbook-markdown`'s `new_cmark_parser`): tables, footnotes, strikethrough,
/// task lists, definition lists, smart punctuation and GFM alerts. Bare URLs
/// are *not* links (pulldown-cmark has no autolink extension). Heading
/// attributes (`{#id}`), which comrak lacks, are read by `ids::assign`.
/// `[output.html]` switches three of them, as in mdBook.
pub(crate) fn options(dialect: &Dialect) -> Options<'static> {
    let mut o = Options::default();
    o.extension.table = true;
    o.extension.footnotes = true;
    o.extension.strikethrough = true;
    o.extension.tasklist = true;
    o.extension.description_lists = dialect.definition_lists;
    o.extension.alerts = dialect.admonitions;
    o.parse.smart = dialect.smart_punctuation;
    // Raw HTML is passed through and then sanitized as a whole by ammonia.
    o.render.r#unsafe = true;
    o
}

/// Renders a whole page at `path` (relative to `src/`), titled `title`.
pub(crate) fn render_page(markdown: &str, path: &str, title: &str, dialect: &Dialect) -> Rendered {
    let arena = Arena::new();
    let opts = options(dialect);
    let root = parse_document(&arena, markdown, &opts);

    // Ids in document order, over all headings, as mdBook numbers them.
    let ids = HeadingIds::assign(root);
    let anchor_of = |n: &AstNode<'_>| ids.anchor(n);
    let sections = split(root, title, &anchor_of);
    let code_blocks = rewrite_nodes(root, path, Some(path), &anchor_of);
    images_to_alt_text(&arena, root);
    let anchors = ids.headings().iter().map(|h| h.anchor.clone()).collect();
    Rendered {
        html: to_sanitized_html(&[root], &opts, anchors),
        headings: ids.into_headings(),
        sections,
        code_blocks,
    }
}

/// Rewrites links to app routes and code blocks to highlighted HTML. On a
/// whole page (`page` is its path) code blocks get ids and are returned, each
/// with the anchor of the section it stands in; in a fragment they never run.
fn rewrite_nodes<'a>(
    root: &'a AstNode<'a>,
    path: &str,
    page: Option<&str>,
    anchor_of: &dyn Fn(&AstNode<'_>) -> String,
) -> Vec<CodeBlock> {
    let mut code_blocks = Vec::new();
    let mut section_anchor = String::new();
    for node in root.descendants() {
        let mut data = node.data_mut();
        match &mut data.value {
            NodeValue::Heading(h)
                if h.level <= 3 && node.parent().is_some_and(|p| p.parent().is_none()) =>
            {
                section_anchor = anchor_of(node);
            }
            NodeValue::Link(link) => link.url = rewrite_url(path, &link.url),
            NodeValue::CodeBlock(cb) => {
                let block = code_block(cb, page, code_blocks.len(), &section_anchor);
                let html = if diagram::is_diagram(&block.lang) {
                    diagram::diagram_html(&block.display)
                } else {
                    code_html(&block.display, &block.lang, &block.id, block.run)
                };
                if page.is_some() {
                    code_blocks.push(block);
                }
                data.value = NodeValue::HtmlBlock(NodeHtmlBlock {
                    block_type: 6,
                    literal: html,
                });
            }
            _ => {}
        }
    }
    code_blocks
}

/// A fenced block as the runner and the reader see it: the `n`th of page `page`
/// (no id and never runnable in a fragment, `page` = `None`).
fn code_block(cb: &NodeCodeBlock, page: Option<&str>, n: usize, anchor: &str) -> CodeBlock {
    let info = parse_info(&cb.info);
    let (source, display) = if info.is_rust() {
        split_hidden(&cb.literal)
    } else {
        (cb.literal.clone(), cb.literal.clone())
    };
    let run = if page.is_none() || cb.literal.contains(MISSING_INCLUDE) {
        RunMode::None
    } else {
        info.run_mode()
    };
    CodeBlock {
        id: page.map(|p| format!("{p}:{n}")).unwrap_or_default(),
        path: page.unwrap_or_default().to_string(),
        anchor: anchor.to_string(),
        lang: if info.is_rust() {
            "rust".into()
        } else {
            info.lang.clone()
        },
        flags: info.flags.clone(),
        source,
        display,
        run,
    }
}

/// Book images are not bundled with the index (and remote ones must not
/// load): an image becomes its alt text.
fn images_to_alt_text<'a>(arena: &'a Arena<'a>, root: &'a AstNode<'a>) {
    let images: Vec<_> = root
        .descendants()
        .filter(|n| matches!(n.data().value, NodeValue::Image(_)))
        .collect();
    for img in images {
        let open = arena.alloc(AstNode::from(NodeValue::Text("[image: ".into())));
        img.insert_before(open);
        for child in img.children().collect::<Vec<_>>() {
            img.insert_before(child);
        }
        img.insert_before(arena.alloc(AstNode::from(NodeValue::Text("]".into()))));
        img.detach();
    }
}

/// The HTML of `nodes`, in order, with the heading ids computed beforehand (in
/// document order), sanitized as a whole.
fn to_sanitized_html<'a>(
    nodes: &[&'a AstNode<'a>],
    opts: &Options<'_>,
    ids: Vec<String>,
) -> String {
    let adapter = Ids {
        queue: Mutex::new(ids.into()),
    };
    let mut plugins = Plugins::default();
    plugins.render.heading_adapter = Some(&adapter);
    let mut raw = String::new();
    for node in nodes {
        comrak::format_html_with_plugins(node, opts, &mut raw, &plugins)
            .expect("writing to a String cannot fail");
    }
    SANITIZER.clean(&raw).to_string()
}

/// The answers of a FAQ page: for each question's heading id, the HTML of what
/// follows the heading up to the next heading of the same or a higher level.
/// Cut from the page's own AST, so reference links defined anywhere on the page
/// resolve; rendered like a fragment (its code blocks do not run).
pub(crate) fn answers(
    markdown: &str,
    path: &str,
    questions: &HashSet<&str>,
    dialect: &Dialect,
) -> HashMap<String, String> {
    let arena = Arena::new();
    let opts = options(dialect);
    let root = parse_document(&arena, markdown, &opts);
    let ids = HeadingIds::assign(root);
    let anchor_of = |n: &AstNode<'_>| ids.anchor(n);
    rewrite_nodes(root, path, None, &anchor_of);
    images_to_alt_text(&arena, root);
    let level = |n: &AstNode<'_>| match n.data().value {
        NodeValue::Heading(h) => Some(h.level),
        _ => None,
    };
    let top: Vec<_> = root.children().collect();
    let mut out = HashMap::new();
    for (i, heading) in top.iter().enumerate() {
        let (Some(own), anchor) = (level(heading), anchor_of(heading)) else {
            continue;
        };
        if !questions.contains(anchor.as_str()) {
            continue;
        }
        let body: Vec<_> = top[i + 1..]
            .iter()
            .copied()
            .take_while(|n| level(n).is_none_or(|l| l > own))
            .collect();
        let inner_ids = body
            .iter()
            .flat_map(|n| n.descendants())
            .filter(|n| level(n).is_some())
            .map(anchor_of)
            .collect();
        out.insert(anchor, to_sanitized_html(&body, &opts, inner_ids));
    }
    out
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
    // Diagrams: the SVG svgbob draws with, nothing more (see `diagram`).
    b.add_tags(diagram::SVG_TAGS.iter().copied().chain(["figure"]));
    for tag in diagram::SVG_TAGS {
        b.add_tag_attributes(tag, diagram::SVG_ATTRIBUTES);
    }
    b.add_tag_attributes("figure", ["role", "aria-label"]);
    b.attribute_filter(|element, attribute, value| {
        let svg = diagram::SVG_TAGS.contains(&element);
        (!svg || diagram::safe_svg_value(attribute, value)).then(|| value.into())
    });
    b
});

#[cfg(test)]
mod tests {
    use super::*;
    use expect_test::expect;

    #[test]
    fn ids_sections_and_code_blocks() {
        let md = "# Title\n\nIntro `tokio::spawn` text.\n\n## `JoinHandle` & `abort`\n\nMore.\n\n```rust,no_run\n# use std::fmt;\nfn main() {}\n```\n\n#### Deep\n\n## `JoinHandle` & `abort`\n\n```toml\na = 1\n```\n";
        let r = render_page(md, "guide/tasks.md", "Tasks", &Dialect::default());
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
        let r = render_page(md, "guide/tasks.md", "T", &Dialect::default());
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
    fn mdbook_0_5_dialect_ids_attributes_and_bare_urls() {
        let md = "## Überblick Ära\n\n## Custom heading {#my-custom-id}\n\n## Custom heading\n\n\
                  See https://tokio.rs and <https://docs.rs>.\n";
        let r = render_page(md, "p.md", "P", &Dialect::default());
        let ids: Vec<(&str, &str)> = r
            .headings
            .iter()
            .map(|h| (h.title.as_str(), h.anchor.as_str()))
            .collect();
        assert_eq!(
            ids,
            [
                ("Überblick Ära", "überblick-ära"),
                ("Custom heading", "my-custom-id"),
                // An explicit id does not take the text's id from a later heading.
                ("Custom heading", "custom-heading"),
            ]
        );
        assert!(
            r.html
                .contains(r#"<h2 id="my-custom-id">Custom heading</h2>"#),
            "{}",
            r.html
        );
        // A bare URL stays text; an angle-bracket autolink is a link.
        assert!(
            !r.html.contains(r#"<a href="https://tokio.rs""#),
            "{}",
            r.html
        );
        assert!(
            r.html.contains(r#"<a href="https://docs.rs""#),
            "{}",
            r.html
        );
    }

    #[test]
    fn page_snapshot() {
        let md = "# Tasks\n\nSpawn with [`tokio::spawn`](../ref/spawn.md#spawning) or see [below](#join).\n\n\
                  | a | b |\n|---|---|\n| 1 | 2 |\n\n## Join\n\n```rust\n# use tokio::task;\nfn main() {}\n```\n\n\
                  ![diagram](img/d.png)\n";
        let r = render_page(md, "guide/tasks.md", "Tasks", &Dialect::default());
        expect![[r##"
            <h1 id="tasks">Tasks</h1>
            <p>Spawn with <a href="#/ref/spawn.md#spawning" rel="noopener noreferrer"><code>tokio::spawn</code></a> or see <a href="#/guide/tasks.md#join" rel="noopener noreferrer">below</a>.</p>
            <table>
            <thead>
            <tr>
            <th>a</th>
            <th>b</th>
            </tr>
            </thead>
            <tbody>
            <tr>
            <td>1</td>
            <td>2</td>
            </tr>
            </tbody>
            </table>
            <h2 id="join">Join</h2>
            <pre class="code" data-block="guide/tasks.md:0" data-run="run" data-lang="rust"><code class="language-rust"><span class="hl-kw">fn</span> <span class="hl-fn">main</span>() {}</code></pre>
            <p>[image: diagram]</p>
        "##]].assert_eq(&r.html);
    }

    #[test]
    fn the_book_s_dialect_switches_extensions() {
        let md = "\"Hi\" -- ok\n\n> [!NOTE]\n> Careful.\n";
        let on = render_page(md, "a.md", "A", &Dialect::default()).html;
        assert!(
            on.contains('\u{201c}') && on.contains("markdown-alert"),
            "{on}"
        );
        let off = Dialect {
            smart_punctuation: false,
            definition_lists: false,
            admonitions: false,
        };
        let plain = render_page(md, "a.md", "A", &off).html;
        assert!(
            !plain.contains('\u{201c}') && !plain.contains("markdown-alert"),
            "{plain}"
        );
    }

    #[test]
    fn diagrams_are_sanitized_svg_and_their_words_are_prose() {
        let md = "# D\n\n```svgbob\n+------+      +-------+\n| poll |----->| wake  |\n+------+      +-------+\n\
                  <script>alert(1)</script> onload=x\n```\n";
        let r = render_page(md, "d.md", "D", &Dialect::default());
        let html = &r.html;
        assert!(
            html.contains("<figure class=\"diagram\" role=\"img\""),
            "{html}"
        );
        assert!(
            html.contains("<svg") && html.contains("<line") && html.contains("viewBox"),
            "{html}"
        );
        assert!(html.contains("<marker id=\"svgbob-arrow\""), "{html}");
        assert!(
            !html.contains("<script") && !html.contains("<style"),
            "{html}"
        );
        assert!(!html.contains(" onload="), "{html}");
        assert!(
            r.sections[0].prose.contains("poll wake"),
            "{:?}",
            r.sections[0]
        );
        assert!(!r.sections[0].code.contains("poll"), "{:?}", r.sections[0]);
    }

    #[test]
    fn svg_from_anywhere_else_is_cut_to_the_allow_list() {
        let md = "<svg><script>alert(1)</script><a href=\"javascript:x\"><text>t</text></a>\
                  <line x1=\"0\" onclick=\"x\" style=\"fill:url(http://e/x)\" marker-end=\"url(http://e/m)\"/>\
                  <image href=\"http://e/i.png\"/></svg>\n";
        let html = render_page(md, "d.md", "D", &Dialect::default()).html;
        for bad in [
            "<script",
            "onclick",
            "javascript",
            "style=",
            "http://e",
            "<image",
        ] {
            assert!(!html.contains(bad), "{bad} in {html}");
        }
        assert!(html.contains("<line x1=\"0\""), "{html}");
    }

    #[test]
    fn failed_includes_are_not_runnable() {
        let r = render_page(
            "```rust\n[Async Atlas: could not include x.rs: file not found]\n```\n",
            "a.md",
            "A",
            &Dialect::default(),
        );
        assert_eq!(r.code_blocks[0].run, RunMode::None);
    }
}
