//! Class-based syntax highlighting, done once at build time.
//!
//! A small hand-written lexer instead of a grammar engine: book code is Rust,
//! TOML and shell, the classes are few (`hl-kw`, `hl-str`, ...) and the
//! themes colour them with CSS variables. Output is escaped HTML.

/// Highlights `code` written in `lang`; unknown languages are only escaped.
pub(crate) fn highlight(code: &str, lang: &str) -> String {
    match lang {
        "rust" | "rs" => rust(code),
        "toml" => toml(code),
        "sh" | "bash" | "shell" | "console" | "shell-session" => shell(code),
        _ => escape(code),
    }
}

/// Escapes text for HTML element content and attribute values.
pub(crate) fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + s.len() / 8);
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

fn span(out: &mut String, class: &str, text: &str) {
    out.push_str("<span class=\"");
    out.push_str(class);
    out.push_str("\">");
    out.push_str(&escape(text));
    out.push_str("</span>");
}

const RUST_KEYWORDS: &[&str] = &[
    "as", "async", "await", "break", "const", "continue", "crate", "dyn", "else", "enum", "extern",
    "false", "fn", "for", "gen", "if", "impl", "in", "let", "loop", "match", "mod", "move", "mut",
    "pub", "ref", "return", "self", "Self", "static", "struct", "super", "trait", "true", "type",
    "union", "unsafe", "use", "where", "while", "yield",
];

#[expect(
    clippy::too_many_lines,
    reason = "one match over token kinds; replacing the lexer with a maintained highlighter is pending"
)]
fn rust(code: &str) -> String {
    let chars: Vec<(usize, char)> = code.char_indices().collect();
    let at = |k: usize| chars.get(k).map(|&(_, c)| c);
    let pos = |k: usize| chars.get(k).map(|&(i, _)| i).unwrap_or(code.len());
    let mut out = String::with_capacity(code.len() * 2);
    let mut k = 0;
    while k < chars.len() {
        let c = chars[k].1;
        let start = k;
        if c == '/' && at(k + 1) == Some('/') {
            while k < chars.len() && chars[k].1 != '\n' {
                k += 1;
            }
            span(&mut out, "hl-com", &code[pos(start)..pos(k)]);
        } else if c == '/' && at(k + 1) == Some('*') {
            k += 2;
            while k < chars.len() && !(chars[k].1 == '*' && at(k + 1) == Some('/')) {
                k += 1;
            }
            k = (k + 2).min(chars.len());
            span(&mut out, "hl-com", &code[pos(start)..pos(k)]);
        } else if c == '"' || (c == 'b' && at(k + 1) == Some('"')) {
            k += if c == 'b' { 2 } else { 1 };
            while k < chars.len() && chars[k].1 != '"' {
                k += if chars[k].1 == '\\' { 2 } else { 1 };
            }
            k = (k + 1).min(chars.len());
            span(&mut out, "hl-str", &code[pos(start)..pos(k)]);
        } else if c == 'r'
            && (at(k + 1) == Some('"')
                || (at(k + 1) == Some('#') && matches!(at(k + 2), Some('"' | '#'))))
        {
            let mut hashes = 0;
            k += 1;
            while at(k) == Some('#') {
                hashes += 1;
                k += 1;
            }
            k += 1; // the opening quote
            'raw: while k < chars.len() {
                if chars[k].1 == '"' && (1..=hashes).all(|h| at(k + h) == Some('#')) {
                    k += 1 + hashes;
                    break 'raw;
                }
                k += 1;
            }
            span(
                &mut out,
                "hl-str",
                &code[pos(start)..pos(k.min(chars.len()))],
            );
        } else if c == '\'' {
            // A char literal ('a', '\n') or a lifetime ('static).
            if at(k + 2) == Some('\'') || (at(k + 1) == Some('\\')) {
                k += 1;
                while k < chars.len() && chars[k].1 != '\'' {
                    k += if chars[k].1 == '\\' { 2 } else { 1 };
                }
                k = (k + 1).min(chars.len());
                span(&mut out, "hl-str", &code[pos(start)..pos(k)]);
            } else {
                k += 1;
                while at(k).is_some_and(|c| c.is_alphanumeric() || c == '_') {
                    k += 1;
                }
                span(&mut out, "hl-life", &code[pos(start)..pos(k)]);
            }
        } else if c == '#' && matches!(at(k + 1), Some('[' | '!')) {
            let mut depth = 0;
            while k < chars.len() {
                match chars[k].1 {
                    '[' => depth += 1,
                    ']' => {
                        depth -= 1;
                        if depth == 0 {
                            k += 1;
                            break;
                        }
                    }
                    '\n' => break,
                    _ => {}
                }
                k += 1;
            }
            span(&mut out, "hl-attr", &code[pos(start)..pos(k)]);
        } else if c.is_ascii_digit() {
            while at(k).is_some_and(|c| c.is_ascii_alphanumeric() || c == '_' || c == '.') {
                if at(k) == Some('.') && !at(k + 1).is_some_and(|c| c.is_ascii_digit()) {
                    break;
                }
                k += 1;
            }
            span(&mut out, "hl-num", &code[pos(start)..pos(k)]);
        } else if c.is_alphabetic() || c == '_' {
            while at(k).is_some_and(|c| c.is_alphanumeric() || c == '_') {
                k += 1;
            }
            let word = &code[pos(start)..pos(k)];
            if at(k) == Some('!') && at(k + 1) != Some('=') {
                k += 1;
                span(&mut out, "hl-mac", &code[pos(start)..pos(k)]);
            } else if RUST_KEYWORDS.contains(&word) {
                span(&mut out, "hl-kw", word);
            } else if word.starts_with(|c: char| c.is_uppercase()) {
                span(&mut out, "hl-ty", word);
            } else if at(k) == Some('(') {
                span(&mut out, "hl-fn", word);
            } else {
                out.push_str(&escape(word));
            }
        } else {
            k += 1;
            out.push_str(&escape(&code[pos(start)..pos(k)]));
        }
    }
    out
}

fn toml(code: &str) -> String {
    let mut out = String::with_capacity(code.len() * 2);
    for (n, line) in code.split('\n').enumerate() {
        if n > 0 {
            out.push('\n');
        }
        let t = line.trim_start();
        if t.starts_with('#') {
            span(&mut out, "hl-com", line);
        } else if t.starts_with('[') {
            span(&mut out, "hl-attr", line);
        } else if let Some((key, value)) = line.split_once('=') {
            span(&mut out, "hl-kw", key);
            out.push('=');
            let v = value.trim_start();
            if v.starts_with('"') || v.starts_with('\'') {
                span(&mut out, "hl-str", value);
            } else {
                out.push_str(&escape(value));
            }
        } else {
            out.push_str(&escape(line));
        }
    }
    out
}

fn shell(code: &str) -> String {
    let mut out = String::with_capacity(code.len() * 2);
    for (n, line) in code.split('\n').enumerate() {
        if n > 0 {
            out.push('\n');
        }
        if let Some(cmd) = line.strip_prefix("$ ") {
            span(&mut out, "hl-kw", "$ ");
            out.push_str(&escape(cmd));
        } else if line.trim_start().starts_with('#') {
            span(&mut out, "hl-com", line);
        } else {
            out.push_str(&escape(line));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use expect_test::expect;

    #[test]
    fn rust_snapshot() {
        let src = "#[tokio::main]\nasync fn main() { let s = \"<b>\"; println!(\"{s}\"); } // done\n\
                   fn f<'a>(x: &'a str) -> char { 'x' } r#\"a\"b\"# /* c */ 0x1F u8::MAX";
        expect![[r#"
            <span class="hl-attr">#[tokio::main]</span>
            <span class="hl-kw">async</span> <span class="hl-kw">fn</span> <span class="hl-fn">main</span>() { <span class="hl-kw">let</span> s = <span class="hl-str">&quot;&lt;b&gt;&quot;</span>; <span class="hl-mac">println!</span>(<span class="hl-str">&quot;{s}&quot;</span>); } <span class="hl-com">// done</span>
            <span class="hl-kw">fn</span> f&lt;<span class="hl-life">&#39;a</span>&gt;(x: &amp;<span class="hl-life">&#39;a</span> str) -&gt; char { <span class="hl-str">&#39;x&#39;</span> } <span class="hl-str">r#&quot;a&quot;b&quot;#</span> <span class="hl-com">/* c */</span> <span class="hl-num">0x1F</span> u8::<span class="hl-ty">MAX</span>"#]].assert_eq(&highlight(src, "rust"));
    }

    #[test]
    fn toml_and_shell_snapshots() {
        let toml = "[dependencies]\ntokio = { version = \"1\", features = [\"full\"] } # runtime\n";
        expect![[r#"
            <span class="hl-attr">[dependencies]</span>
            <span class="hl-kw">tokio </span>= { version = &quot;1&quot;, features = [&quot;full&quot;] } # runtime
        "#]].assert_eq(&highlight(toml, "toml"));
        let shell = "$ cargo run --release\n# a comment\nHello\n";
        expect![[r#"
            <span class="hl-kw">$ </span>cargo run --release
            <span class="hl-com"># a comment</span>
            Hello
        "#]]
        .assert_eq(&highlight(shell, "console"));
    }

    #[test]
    fn text_is_the_same_after_removing_tags() {
        let src = "let x = a<b && c>d; /* <script> */ 'static \"unterminated";
        for lang in ["rust", "toml", "console", "text"] {
            let h = highlight(src, lang);
            let mut plain = String::new();
            let mut in_tag = false;
            for c in h.chars() {
                match c {
                    '<' => in_tag = true,
                    '>' if in_tag => in_tag = false,
                    c if !in_tag => plain.push(c),
                    _ => {}
                }
            }
            assert_eq!(plain, escape(src), "{lang}");
        }
    }
}
