//! Fenced code blocks: the info string (`rust,no_run`) and mdBook's hidden
//! lines (`# ` in Rust code), which the reader does not see but the runner runs.

use atlas_model::RunMode;

/// The parsed info string of a fenced block.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Info {
    /// First word, lowercased (`rust`), or empty.
    pub lang: String,
    /// The other words (`ignore`, `no_run`, `edition2021`, ...).
    pub flags: Vec<String>,
}

/// Parses `rust,ignore`, `rust ignore`, `{.rust .ignore}`-free forms as mdBook does:
/// words split at commas and whitespace.
pub(crate) fn parse_info(info: &str) -> Info {
    let mut words = info
        .split(|c: char| c == ',' || c.is_whitespace())
        .filter(|w| !w.is_empty());
    let lang = words.next().unwrap_or("").to_ascii_lowercase();
    Info {
        lang,
        flags: words.map(str::to_string).collect(),
    }
}

impl Info {
    /// Whether the block holds Rust (mdBook treats `rust` and the rustdoc
    /// attribute-only forms such as `ignore` alone as Rust).
    pub(crate) fn is_rust(&self) -> bool {
        self.lang == "rust"
            || matches!(
                self.lang.as_str(),
                "ignore"
                    | "no_run"
                    | "should_panic"
                    | "compile_fail"
                    | "edition2015"
                    | "edition2018"
                    | "edition2021"
                    | "edition2024"
            )
    }

    fn has(&self, flag: &str) -> bool {
        self.lang == flag || self.flags.iter().any(|f| f == flag)
    }

    /// How a block with this info string may run.
    pub(crate) fn run_mode(&self) -> RunMode {
        if !self.is_rust() || self.has("ignore") || self.has("compile_fail") {
            RunMode::None
        } else if self.has("no_run") {
            RunMode::Build
        } else if self.has("should_panic") {
            RunMode::Panic
        } else {
            RunMode::Run
        }
    }
}

/// Splits a Rust block's text into what runs (hidden lines unhidden) and what
/// the reader sees (hidden lines left out). `##` escapes a literal `#`.
pub(crate) fn split_hidden(code: &str) -> (String, String) {
    let mut source = String::with_capacity(code.len());
    let mut display = String::with_capacity(code.len());
    for line in code.lines() {
        let trimmed = line.trim_start();
        let indent = &line[..line.len() - trimmed.len()];
        if trimmed == "#" {
            source.push('\n');
        } else if let Some(rest) = trimmed.strip_prefix("# ") {
            source.push_str(indent);
            source.push_str(rest);
            source.push('\n');
        } else if let Some(rest) = trimmed.strip_prefix("##") {
            let unescaped = format!("{indent}#{rest}\n");
            source.push_str(&unescaped);
            display.push_str(&unescaped);
        } else {
            source.push_str(line);
            source.push('\n');
            display.push_str(line);
            display.push('\n');
        }
    }
    (source, display)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn info_strings() {
        assert_eq!(parse_info("rust,ignore").run_mode(), RunMode::None);
        assert_eq!(parse_info("rust, no_run").run_mode(), RunMode::Build);
        assert_eq!(parse_info("rust,should_panic").run_mode(), RunMode::Panic);
        assert_eq!(
            parse_info("rust,compile_fail,E0277").run_mode(),
            RunMode::None
        );
        assert_eq!(parse_info("rust,edition2021").run_mode(), RunMode::Run);
        assert_eq!(parse_info("rust,editable").run_mode(), RunMode::Run);
        assert_eq!(parse_info("toml").run_mode(), RunMode::None);
        assert_eq!(parse_info("").run_mode(), RunMode::None);
        assert_eq!(parse_info("Rust").lang, "rust");
        assert_eq!(parse_info("rust,edition2021").flags, ["edition2021"]);
    }

    #[test]
    fn hidden_lines() {
        let (src, shown) = split_hidden(
            "# use std::fmt;\n#\nfn main() {\n    # let x = 1;\n    #[derive(Debug)]\n    ## not hidden\n    #![allow(x)]\n}",
        );
        assert_eq!(
            src,
            "use std::fmt;\n\nfn main() {\n    let x = 1;\n    #[derive(Debug)]\n    # not hidden\n    #![allow(x)]\n}\n"
        );
        assert_eq!(
            shown,
            "fn main() {\n    #[derive(Debug)]\n    # not hidden\n    #![allow(x)]\n}\n"
        );
    }
}
