//! Class-based syntax highlighting, done once at build time.
//!
//! A small hand-written lexer instead of a grammar engine: book code is mostly
//! Rust, TOML and shell, the classes are few (`hl-kw`, `hl-str`, ...) and the
//! themes colour them with CSS variables. Output is escaped HTML; other
//! languages are escaped only.
//!
//! Why not syntect: measured on the build machine (2 cores, loaded), syntect
//! 5 with `default-fancy` and class output took 0.68 s for the Rust Book's 950
//! blocks, 1.7 s for Rust by Example's 345 and 1.07 s for the bundled book's 364,
//! which would more than double the bundled book's whole build, and its default
//! syntaxes have no TOML. The whole debug build of the bundled book, this lexer
//! included, takes 1.4 s.

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

fn rust(code: &str) -> String {
    let lexer = Lexer {
        chars: code.char_indices().collect(),
        code,
    };
    let mut out = String::with_capacity(code.len() * 2);
    let mut k = 0;
    while k < lexer.chars.len() {
        let (class, end) = lexer.token(k);
        let text = &code[lexer.pos(k)..lexer.pos(end)];
        match class {
            Some(class) => span(&mut out, class, text),
            None => out.push_str(&escape(text)),
        }
        k = end;
    }
    out
}

/// Rust source as chars with their byte offsets; `token(k)` reads one token.
struct Lexer<'a> {
    chars: Vec<(usize, char)>,
    code: &'a str,
}

impl Lexer<'_> {
    fn at(&self, k: usize) -> Option<char> {
        self.chars.get(k).map(|&(_, c)| c)
    }

    fn pos(&self, k: usize) -> usize {
        self.chars.get(k).map_or(self.code.len(), |&(i, _)| i)
    }

    /// The token starting at `k`: its class (`None` for plain text) and its end.
    fn token(&self, k: usize) -> (Option<&'static str>, usize) {
        let (c, next) = (self.at(k), self.at(k + 1));
        match (c, next) {
            (Some('/'), Some('/')) => (Some("hl-com"), self.line_end(k)),
            (Some('/'), Some('*')) => (Some("hl-com"), self.block_comment_end(k)),
            (Some('"'), _) => (Some("hl-str"), self.quoted_end(k + 1, '"')),
            (Some('b'), Some('"')) => (Some("hl-str"), self.quoted_end(k + 2, '"')),
            (Some('b'), Some('\'')) => (Some("hl-str"), self.quoted_end(k + 2, '\'')),
            (Some('b'), Some('r')) if self.raw_string_at(k + 1) => {
                (Some("hl-str"), self.raw_string_end(k + 2))
            }
            (Some('r'), _) if self.raw_string_at(k) => (Some("hl-str"), self.raw_string_end(k + 1)),
            (Some('r'), Some('#')) if self.at(k + 2).is_some_and(is_ident_start) => {
                (None, self.ident_end(k + 2)) // r#type: a raw identifier, not a keyword
            }
            (Some('\''), _) => self.char_or_lifetime(k),
            (Some('#'), Some('[' | '!')) => (Some("hl-attr"), self.attribute_end(k)),
            (Some(c), _) if c.is_ascii_digit() => (Some("hl-num"), self.number_end(k)),
            (Some(c), _) if is_ident_start(c) => self.word(k),
            _ => (None, k + 1),
        }
    }

    fn line_end(&self, mut k: usize) -> usize {
        while self.at(k).is_some_and(|c| c != '\n') {
            k += 1;
        }
        k
    }

    /// Block comments nest in Rust: `/* a /* b */ c */` is one comment.
    fn block_comment_end(&self, mut k: usize) -> usize {
        let mut depth = 0;
        while k < self.chars.len() {
            match (self.at(k), self.at(k + 1)) {
                (Some('/'), Some('*')) => (depth, k) = (depth + 1, k + 2),
                (Some('*'), Some('/')) => {
                    (depth, k) = (depth - 1, k + 2);
                    if depth == 0 {
                        return k;
                    }
                }
                _ => k += 1,
            }
        }
        k
    }

    /// The end of a literal whose body starts at `k` and closes with `quote`.
    fn quoted_end(&self, mut k: usize, quote: char) -> usize {
        while let Some(c) = self.at(k) {
            if c == quote {
                return k + 1;
            }
            k += if c == '\\' { 2 } else { 1 };
        }
        self.chars.len()
    }

    /// `r"…"` or `r#"…"#` starts at `k` (the `r`).
    fn raw_string_at(&self, k: usize) -> bool {
        self.at(k) == Some('r')
            && (self.at(k + 1) == Some('"')
                || (self.at(k + 1) == Some('#') && matches!(self.at(k + 2), Some('"' | '#'))))
    }

    /// The end of a raw string whose hashes start at `k` (just after the `r`).
    fn raw_string_end(&self, mut k: usize) -> usize {
        let mut hashes = 0;
        while self.at(k) == Some('#') {
            hashes += 1;
            k += 1;
        }
        k += 1; // the opening quote
        while k < self.chars.len() {
            if self.at(k) == Some('"') && (1..=hashes).all(|h| self.at(k + h) == Some('#')) {
                return k + 1 + hashes;
            }
            k += 1;
        }
        self.chars.len()
    }

    /// A char literal (`'a'`, `'\n'`) or a lifetime (`'static`).
    fn char_or_lifetime(&self, k: usize) -> (Option<&'static str>, usize) {
        if self.at(k + 2) == Some('\'') || self.at(k + 1) == Some('\\') {
            (Some("hl-str"), self.quoted_end(k + 1, '\''))
        } else {
            (Some("hl-life"), self.ident_end(k + 1))
        }
    }

    fn attribute_end(&self, mut k: usize) -> usize {
        let mut depth = 0;
        while let Some(c) = self.at(k) {
            match c {
                '[' => depth += 1,
                ']' => {
                    depth -= 1;
                    if depth == 0 {
                        return k + 1;
                    }
                }
                '\n' => return k,
                _ => {}
            }
            k += 1;
        }
        k
    }

    fn number_end(&self, mut k: usize) -> usize {
        while self
            .at(k)
            .is_some_and(|c| c.is_ascii_alphanumeric() || c == '_' || c == '.')
        {
            if self.at(k) == Some('.') && !self.at(k + 1).is_some_and(|c| c.is_ascii_digit()) {
                break;
            }
            k += 1;
        }
        k
    }

    fn ident_end(&self, mut k: usize) -> usize {
        while self.at(k).is_some_and(|c| c.is_alphanumeric() || c == '_') {
            k += 1;
        }
        k
    }

    /// A word: a macro call (`println!`), a keyword, a type, a called function or plain.
    fn word(&self, k: usize) -> (Option<&'static str>, usize) {
        let end = self.ident_end(k);
        let word = &self.code[self.pos(k)..self.pos(end)];
        if self.at(end) == Some('!') && self.at(end + 1) != Some('=') {
            return (Some("hl-mac"), end + 1);
        }
        let class = if RUST_KEYWORDS.contains(&word) {
            Some("hl-kw")
        } else if word.starts_with(char::is_uppercase) {
            Some("hl-ty")
        } else if self.at(end) == Some('(') {
            Some("hl-fn")
        } else {
            None
        };
        (class, end)
    }
}

fn is_ident_start(c: char) -> bool {
    c.is_alphabetic() || c == '_'
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
    fn rust_token_kinds() {
        let cases = [
            (
                "/* a /* b */ c */ x",
                "<span class=\"hl-com\">/* a /* b */ c */</span> x",
            ),
            (
                "b'x' b'\\n'",
                "<span class=\"hl-str\">b&#39;x&#39;</span> <span class=\"hl-str\">b&#39;\\n&#39;</span>",
            ),
            (
                "br\"a\" br#\"b\"c\"#",
                "<span class=\"hl-str\">br&quot;a&quot;</span> <span class=\"hl-str\">br#&quot;b&quot;c&quot;#</span>",
            ),
            (
                "let r#type = 1;",
                "<span class=\"hl-kw\">let</span> r#type = <span class=\"hl-num\">1</span>;",
            ),
            (
                "b\"\\\"q\"",
                "<span class=\"hl-str\">b&quot;\\&quot;q&quot;</span>",
            ),
            (
                "'static 'a'",
                "<span class=\"hl-life\">&#39;static</span> <span class=\"hl-str\">&#39;a&#39;</span>",
            ),
            ("x != y!", "x != <span class=\"hl-mac\">y!</span>"),
        ];
        for (src, want) in cases {
            assert_eq!(highlight(src, "rust"), want, "{src}");
        }
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
