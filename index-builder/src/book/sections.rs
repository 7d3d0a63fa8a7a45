//! A page's markdown AST cut into sections at its h1 to h3 headings: the unit
//! search returns. Each section keeps its prose and its code apart, so code
//! can be weighted below prose and shown differently in snippets.

use crate::book::render::codeblock::parse_info;
use crate::book::render::diagram;
use comrak::nodes::{AstNode, NodeValue};

/// One searchable section of a page.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub(crate) struct Section {
    /// 1 to 3; 0 for text before the page's first heading.
    pub level: u8,
    /// Plain heading text (the page title for level 0).
    pub title: String,
    /// The heading id; empty for level 0.
    pub anchor: String,
    /// Prose: paragraphs, lists, tables, inline code; no code blocks.
    pub prose: String,
    /// Code: code blocks (as displayed) and inline code.
    pub code: String,
    /// First line of the section in the parsed text (1-based, the heading line).
    pub line_start: usize,
    /// Last line (inclusive); `usize::MAX` for the last section.
    pub line_end: usize,
}

/// Plain text of a node: text, inline code and line breaks, no markup.
pub(crate) fn plain_text<'a>(node: &'a AstNode<'a>) -> String {
    let mut out = String::new();
    collect_text(node, &mut out, &mut String::new());
    out.trim().to_string()
}

/// Appends the prose of `node` to `prose` and its inline code also to `code`.
/// Code blocks go to `code` only (as the reader sees them).
pub(crate) fn collect_text<'a>(node: &'a AstNode<'a>, prose: &mut String, code: &mut String) {
    match &node.data().value {
        NodeValue::Text(t) => prose.push_str(t),
        NodeValue::Code(c) => {
            prose.push_str(&c.literal);
            code.push_str(&c.literal);
            code.push(' ');
        }
        NodeValue::SoftBreak | NodeValue::LineBreak => prose.push(' '),
        NodeValue::CodeBlock(cb) if diagram::is_diagram(&parse_info(&cb.info).lang) => {
            // A diagram's words are prose: what it says, findable as such.
            prose.push_str(&diagram::labels(&cb.literal));
            prose.push('\n');
            return;
        }
        NodeValue::CodeBlock(cb) => {
            let (_, display) = crate::book::render::codeblock::split_hidden(&cb.literal);
            code.push_str(&display);
            code.push('\n');
            return;
        }
        NodeValue::HtmlBlock(_) | NodeValue::HtmlInline(_) => return,
        _ => {}
    }
    for child in node.children() {
        collect_text(child, prose, code);
    }
    if node.data().value.block() && !prose.ends_with('\n') && !prose.is_empty() {
        prose.push('\n');
    }
}

/// Cuts the document's top-level blocks into sections. `heading_id` gives the
/// id already assigned to a heading node.
pub(crate) fn split<'a>(
    root: &'a AstNode<'a>,
    page_title: &str,
    heading_id: &dyn Fn(&'a AstNode<'a>) -> String,
) -> Vec<Section> {
    let mut sections = vec![Section {
        level: 0,
        title: page_title.to_string(),
        line_start: 1,
        ..Default::default()
    }];
    for child in root.children() {
        let (level, line) = {
            let data = child.data();
            let level = match &data.value {
                NodeValue::Heading(h) if h.level <= 3 => h.level,
                _ => 0,
            };
            (level, data.sourcepos.start.line)
        };
        if level > 0 {
            if let Some(last) = sections.last_mut() {
                last.line_end = line.saturating_sub(1);
            }
            sections.push(Section {
                level,
                title: plain_text(child),
                anchor: heading_id(child),
                line_start: line,
                ..Default::default()
            });
            continue;
        }
        let last = sections.last_mut().expect("there is always a section");
        collect_text(child, &mut last.prose, &mut last.code);
    }
    if let Some(last) = sections.last_mut() {
        last.line_end = usize::MAX;
    }
    // An empty preamble (the usual case: the page starts with its h1) is no section.
    if sections.len() > 1
        && sections[0].prose.trim().is_empty()
        && sections[0].code.trim().is_empty()
    {
        sections.remove(0);
    }
    for s in &mut sections {
        s.prose = s.prose.trim().to_string();
        s.code = s.code.trim().to_string();
    }
    sections
}
