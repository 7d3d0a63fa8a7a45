//! ```` ```svgbob ```` fenced blocks: ASCII diagrams drawn as SVG at build
//! time by `svgbob` (the engine of the mdbook-svgbob preprocessor), so any
//! book can use them.
//!
//! - Themeable: the app's stylesheet (`.diagram` in `ui/src/style.css`) draws
//!   the shapes svgbob classes (`solid`, `broken`, `filled`, arrow markers) in
//!   the page's colours, light or dark; nothing paints a background.
//! - Readable at every font size: the size is given in `em` (the diagram's
//!   14-pixel grid is one `em`), so it grows with the reader's font setting.
//! - Sanitized: the page's sanitizer keeps only the SVG elements and
//!   attributes svgbob draws with ([`SVG_TAGS`], [`SVG_ATTRIBUTES`]): no
//!   script, no event attributes, no links, no external references.
//! - Searchable: [`labels`] are the diagram's words, which go into the
//!   section's prose and the figure's `aria-label`.

use crate::book::render::highlight::escape;

/// Fence languages drawn as diagrams.
pub(crate) fn is_diagram(lang: &str) -> bool {
    matches!(lang, "svgbob" | "bob")
}

/// The pixel size of one cell row in svgbob's drawing: one `em` on the page.
const CELL_PX: f32 = 14.0;

/// The SVG elements a diagram may hold.
pub(crate) const SVG_TAGS: &[&str] = &[
    "svg", "g", "defs", "marker", "line", "path", "polyline", "polygon", "circle", "ellipse",
    "rect", "text", "tspan",
];

/// The attributes those elements may carry. `marker-start`/`marker-end` may
/// only name a marker of the same diagram (`url(#...)`, checked by the
/// sanitizer's attribute filter).
pub(crate) const SVG_ATTRIBUTES: &[&str] = &[
    "viewBox",
    "width",
    "height",
    "x",
    "y",
    "x1",
    "y1",
    "x2",
    "y2",
    "cx",
    "cy",
    "r",
    "rx",
    "ry",
    "d",
    "points",
    "transform",
    "fill",
    "stroke",
    "stroke-width",
    "stroke-dasharray",
    "stroke-linecap",
    "stroke-linejoin",
    "marker-start",
    "marker-end",
    "markerWidth",
    "markerHeight",
    "refX",
    "refY",
    "orient",
    "text-anchor",
    "font-size",
    "font-family",
    "xmlns",
    "preserveAspectRatio",
];

/// Whether an SVG attribute's value is safe to keep: no reference outside
/// the document (`url(` only for `#fragment`s), no script.
pub(crate) fn safe_svg_value(name: &str, value: &str) -> bool {
    let v = value.trim().to_ascii_lowercase();
    if v.contains("javascript:") || v.contains("data:") {
        return false;
    }
    match name {
        "marker-start" | "marker-end" | "fill" | "stroke" => {
            !v.contains("url(") || (v.starts_with("url(#") && v.ends_with(')'))
        }
        _ => !v.contains("url("),
    }
}

/// The figure for a diagram: its SVG, sized in `em`, labelled by its words.
pub(crate) fn diagram_html(ascii: &str) -> String {
    let settings = svgbob::Settings {
        stroke_color: "currentColor".into(),
        fill_color: "currentColor".into(),
        background: "transparent".into(),
        font_family: "monospace".into(),
        include_backdrop: false,
        include_styles: false,
        ..svgbob::Settings::default()
    };
    // The page's stylesheet draws the diagram (stroke, fill, markers) as
    // svgbob's own `<style>` would, in the page's colours; markers are named
    // apart from the page's heading ids.
    let svg = svgbob::to_svg_with_settings(ascii, &settings).replace(" id=\"", " id=\"svgbob-");
    format!(
        "<figure class=\"diagram\" role=\"img\" aria-label=\"{}\">{}</figure>\n",
        escape(&labels(ascii)),
        in_em(&svg)
    )
}

/// Rewrites the root's pixel `width`/`height` into `em`, keeping the pixel
/// box as the `viewBox`, so the drawing scales with the page's font size.
fn in_em(svg: &str) -> String {
    let Some(end) = svg.find('>') else {
        return svg.to_string();
    };
    let (head, rest) = svg.split_at(end);
    let number = |name: &str| -> Option<f32> {
        let at = head.find(&format!(" {name}=\""))? + name.len() + 3;
        head[at..].split('"').next()?.parse().ok()
    };
    let (Some(w), Some(h)) = (number("width"), number("height")) else {
        return svg.to_string();
    };
    let mut out = String::from("<svg xmlns=\"http://www.w3.org/2000/svg\"");
    out.push_str(&format!(
        " viewBox=\"0 0 {w} {h}\" width=\"{:.2}em\" height=\"{:.2}em\"",
        w / CELL_PX,
        h / CELL_PX
    ));
    out.push_str(rest);
    out
}

/// The words of a diagram (runs of letters and digits, two or more long), in
/// reading order: what it says, for search and screen readers.
pub(crate) fn labels(ascii: &str) -> String {
    let mut words: Vec<&str> = Vec::new();
    for line in ascii.lines() {
        words.extend(
            line.split(|c: char| !(c.is_alphanumeric() || c == '_' || c == ':' || c == '\''))
                .map(|w| w.trim_matches(|c: char| c == ':' || c == '\''))
                .filter(|w| w.chars().filter(|c| c.is_alphanumeric()).count() >= 2),
        );
    }
    words.join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    const CYCLE: &str = "\
+----------+  poll   +--------+
| executor |-------->| future |
+----------+         +--------+
     ^                   |
     |   wake            | Pending
     +-------------------+
";

    #[test]
    fn a_diagram_is_an_svg_in_em_with_its_words() {
        let html = diagram_html(CYCLE);
        assert!(
            html.starts_with("<figure class=\"diagram\" role=\"img\""),
            "{html}"
        );
        assert!(
            html.contains("aria-label=\"poll executor future wake Pending\""),
            "{html}"
        );
        assert!(
            html.contains("viewBox=\"0 0 ") && html.contains("em\" height="),
            "{html}"
        );
        assert!(html.contains("<marker id=\"svgbob-arrow\""), "{html}");
        assert!(
            !html.contains("<style") && !html.contains("black"),
            "{html}"
        );
        assert!(html.contains("<text"), "labels are drawn as text: {html}");
    }

    #[test]
    fn labels_are_the_words() {
        assert_eq!(
            labels("| a | poll() -> Ready(v) |\n 'static  x::y"),
            "poll Ready static x::y"
        );
    }

    #[test]
    fn values_may_not_point_outside() {
        assert!(safe_svg_value("marker-end", "url(#arrow)"));
        assert!(!safe_svg_value("marker-end", "url(http://x/y#a)"));
        assert!(!safe_svg_value("fill", "url(data:image/png;base64,AAAA)"));
        assert!(!safe_svg_value("d", "javascript:alert(1)"));
        assert!(safe_svg_value("d", "M 0 0 L 8 8"));
    }
}
