//! Rule files: the human-readable data format that every phrase rule is written in.
//!
//! This module only *parses* rule text into plain [`RuleSpec`] values; compiling them into
//! matching engines is [`crate::ruleset`]'s job. The built-in packs are ordinary rule files
//! in the repository's `rules/` directory, embedded at build time by [`builtin_sources`].
//!
//! # Format
//!
//! ```text
//! # A comment. Blank lines are ignored.
//! [comments.leave-a-reply]      # a rule starts with its name in brackets
//! action: truncate              # drop | cut | truncate | keep | toc | block
//! match: line                   # line | prefix | contains | regex
//! - Leave a Reply               # one pattern per line, after "- "
//! - Kommentar hinterlassen
//! ```
//!
//! See `rules/README.md` for what each action and match kind means.

use std::fmt;
use std::path::Path;

use crate::error::{Error, ErrorKind};

/// What a rule does to the line it matches.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Action {
    /// Remove the whole line.
    Drop,
    /// Remove the line from the match to its end, keeping the part before it.
    Cut,
    /// The line starts the document's footer: remove it and, when the footer guard allows,
    /// everything after it.
    Truncate,
    /// Protect the line from removal by phrase rules, duplicate removal and line scoring.
    Keep,
    /// The line is a table-of-contents heading: remove it and the block of entries after it
    /// that repeat headings found later in the document.
    Toc,
    /// The line heads a block of links (a "Read also" box, possibly in the middle of an
    /// article): remove it and the run of short lines right after it.
    Block,
}

impl Action {
    /// The name used in rule files and in `--explain` output.
    pub fn as_str(self) -> &'static str {
        match self {
            Action::Drop => "drop",
            Action::Cut => "cut",
            Action::Truncate => "truncate",
            Action::Keep => "keep",
            Action::Toc => "toc",
            Action::Block => "block",
        }
    }

    fn parse(s: &str) -> Option<Action> {
        Some(match s {
            "drop" => Action::Drop,
            "cut" => Action::Cut,
            "truncate" => Action::Truncate,
            "keep" => Action::Keep,
            "toc" => Action::Toc,
            "block" => Action::Block,
            _ => return None,
        })
    }
}

impl fmt::Display for Action {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(self.as_str())
    }
}

/// How a rule's patterns are compared with a line.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum MatchKind {
    /// The normalised line equals the normalised pattern.
    Line,
    /// The normalised line starts with the pattern, followed by a space or the line's end.
    Prefix,
    /// The normalised line contains the pattern as whole words. With action `cut`, the
    /// pattern is searched in the raw line instead (ASCII case-insensitively), so that the
    /// cut position is a byte offset of the input.
    Contains,
    /// A regular expression (Rust `regex` syntax) run on the raw line bytes without its line
    /// terminator. It is case-sensitive unless it says `(?i)`.
    Regex,
}

impl MatchKind {
    /// The name used in rule files.
    pub fn as_str(self) -> &'static str {
        match self {
            MatchKind::Line => "line",
            MatchKind::Prefix => "prefix",
            MatchKind::Contains => "contains",
            MatchKind::Regex => "regex",
        }
    }

    fn parse(s: &str) -> Option<MatchKind> {
        Some(match s {
            "line" => MatchKind::Line,
            "prefix" => MatchKind::Prefix,
            "contains" => MatchKind::Contains,
            "regex" => MatchKind::Regex,
            _ => return None,
        })
    }
}

impl fmt::Display for MatchKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(self.as_str())
    }
}

/// Where a rule or pattern was written: a file name and a 1-based line number.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Origin {
    /// The file name (`builtin:NN-topic.rules` for the embedded packs).
    pub file: String,
    /// The 1-based line of the rule's `[name]` header.
    pub line: usize,
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.file, self.line)
    }
}

/// One pattern of a rule, with the line it was written on (for error messages).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Pattern {
    /// The pattern text as written, without the leading `- `.
    pub text: String,
    /// The 1-based line it was written on.
    pub line: usize,
}

/// A parsed rule: plain data, not yet compiled.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RuleSpec {
    /// A unique name such as `comments.leave-a-reply`; `--explain` and stats report it.
    pub name: String,
    /// What the rule does to a matching line.
    pub action: Action,
    /// How patterns are compared with lines.
    pub kind: MatchKind,
    /// The rule applies only to lines of at most this many words.
    pub max_words: Option<usize>,
    /// For `cut`: the cut applies only when the removed tail has at most this many words.
    pub tail_max_words: Option<usize>,
    /// For `cut`: the part before the match must keep at least this many words, otherwise
    /// the whole line is dropped (a line that is nothing but the tail is noise too).
    pub min_words_before: usize,
    /// `certainty: low`: the rule is right on raw scraped pages but also fires on some
    /// clean text (a date line, a rating, a breadcrumb-like sentence). In the full mode its
    /// removals are undone when the classifier's gate judges the document already clean.
    pub low_certainty: bool,
    /// Languages the patterns are written in (informational, for `--list-rules`).
    pub langs: Vec<String>,
    /// The patterns, in file order.
    pub patterns: Vec<Pattern>,
    /// Where the rule was written.
    pub origin: Origin,
}

/// One source of rule text: a name to report in errors and the text itself.
#[derive(Clone, Debug)]
pub struct RuleSource {
    /// A file name or other label shown in errors and `--list-rules`.
    pub name: String,
    /// The rule text.
    pub text: String,
}

impl RuleSource {
    /// Reads a rule file from disk.
    ///
    /// # Errors
    /// An I/O error naming the path when the file cannot be read or is not UTF-8.
    pub fn from_path(path: &Path) -> Result<RuleSource, Error> {
        let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
        let text = String::from_utf8(bytes).map_err(|e| {
            let (line, _) = line_col(e.as_bytes(), e.utf8_error().valid_up_to());
            Error::new(ErrorKind::RuleSyntax {
                file: path.display().to_string(),
                line,
                message: "rule file is not valid UTF-8".into(),
            })
        })?;
        Ok(RuleSource {
            name: path.display().to_string(),
            text,
        })
    }
}

fn line_col(bytes: &[u8], offset: usize) -> (usize, usize) {
    let before = &bytes[..offset.min(bytes.len())];
    let line = memchr::memchr_iter(b'\n', before).count() + 1;
    let col = before.len()
        - before
            .iter()
            .rposition(|&b| b == b'\n')
            .map_or(0, |p| p + 1);
    (line, col + 1)
}

/// The built-in rule packs, in order, as embedded at build time from `rules/`.
///
/// ```
/// let packs = noisestrip::rules::builtin_sources();
/// assert!(packs.iter().any(|s| s.name.ends_with("comments.rules")));
/// ```
pub fn builtin_sources() -> Vec<RuleSource> {
    BUILTIN
        .iter()
        .map(|(name, text)| RuleSource {
            name: format!("builtin:{name}"),
            text: (*text).to_string(),
        })
        .collect()
}

macro_rules! builtin_packs {
    ($($file:literal),* $(,)?) => {
        &[$(($file, include_str!(concat!("../rules/", $file)))),*]
    };
}

/// Embedded rule files. Adding a pack means adding its file here.
const BUILTIN: &[(&str, &str)] = builtin_packs![
    "01-ads.rules",
    "02-adblock.rules",
    "03-comments.rules",
    "04-related.rules",
    "05-share.rules",
    "06-newsletter.rules",
    "07-cookies.rules",
    "08-navigation.rules",
    "09-metadata.rules",
    "10-credits.rules",
    "11-tags.rules",
    "12-toc.rules",
    "13-engagement.rules",
];

/// Parses one rule source into rule specs.
///
/// ```
/// use noisestrip::rules::{parse, Action, MatchKind, RuleSource};
/// let src = RuleSource {
///     name: "mysite.rules".into(),
///     text: "[mysite.promo]\naction: drop\nmatch: prefix\n- Get 20% off\n".into(),
/// };
/// let rules = parse(&src).unwrap();
/// assert_eq!(rules[0].name, "mysite.promo");
/// assert_eq!(rules[0].action, Action::Drop);
/// assert_eq!(rules[0].kind, MatchKind::Prefix);
/// assert_eq!(rules[0].patterns[0].text, "Get 20% off");
/// ```
///
/// # Errors
/// A [`ErrorKind::RuleSyntax`] error naming the file and line of the first problem.
pub fn parse(source: &RuleSource) -> Result<Vec<RuleSpec>, Error> {
    let mut rules: Vec<RuleSpec> = Vec::new();
    let mut current: Option<Partial> = None;
    let err = |line: usize, message: String| {
        Error::new(ErrorKind::RuleSyntax {
            file: source.name.clone(),
            line,
            message,
        })
    };

    for (idx, raw) in source.text.lines().enumerate() {
        let lineno = idx + 1;
        let line = raw.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        if let Some(rest) = line.strip_prefix('[') {
            let Some(name) = rest.strip_suffix(']') else {
                return Err(err(lineno, "rule header must be `[name]`".into()));
            };
            let name = name.trim();
            if name.is_empty()
                || !name
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b"._-".contains(&b))
            {
                return Err(err(
                    lineno,
                    format!(
                        "rule name `{name}` must be lowercase letters, digits, `.`, `_` or `-`"
                    ),
                ));
            }
            if let Some(done) = current.take() {
                rules.push(done.finish(source, &err)?);
            }
            if rules.iter().any(|r| r.name == name) {
                return Err(err(lineno, format!("rule `{name}` is defined twice")));
            }
            current = Some(Partial::new(
                name,
                Origin {
                    file: source.name.clone(),
                    line: lineno,
                },
            ));
            continue;
        }
        let Some(rule) = current.as_mut() else {
            return Err(err(lineno, "expected a rule header `[name]` first".into()));
        };
        if let Some(pat) = raw.trim_start().strip_prefix("- ") {
            let text = pat.trim();
            if text.is_empty() {
                return Err(err(lineno, "empty pattern".into()));
            }
            rule.patterns.push(Pattern {
                text: text.to_string(),
                line: lineno,
            });
            continue;
        }
        let Some((key, value)) = line.split_once(':') else {
            return Err(err(
                lineno,
                "expected `- pattern`, `key: value` or `[rule-name]`".into(),
            ));
        };
        let (key, value) = (key.trim(), value.trim());
        match key {
            "action" => {
                rule.action = Some(Action::parse(value).ok_or_else(|| {
                    err(
                        lineno,
                        format!("unknown action `{value}` (drop, cut, truncate, keep, toc, block)"),
                    )
                })?)
            }
            "match" => {
                rule.kind = MatchKind::parse(value).ok_or_else(|| {
                    err(
                        lineno,
                        format!("unknown match kind `{value}` (line, prefix, contains, regex)"),
                    )
                })?
            }
            "max-words" => rule.max_words = Some(parse_count(value, lineno, &err)?),
            "tail-max-words" => rule.tail_max_words = Some(parse_count(value, lineno, &err)?),
            "min-words-before" => rule.min_words_before = parse_count(value, lineno, &err)?,
            "certainty" => {
                rule.low_certainty = match value {
                    "low" => true,
                    "high" => false,
                    _ => {
                        return Err(err(
                            lineno,
                            format!("unknown certainty `{value}` (high, low)"),
                        ));
                    }
                }
            }
            "lang" => {
                rule.langs = value
                    .split(|c: char| c == ',' || c.is_whitespace())
                    .filter(|s| !s.is_empty())
                    .map(str::to_string)
                    .collect()
            }
            "note" => {}
            _ => return Err(err(lineno, format!("unknown setting `{key}`"))),
        }
    }
    if let Some(done) = current.take() {
        rules.push(done.finish(source, &err)?);
    }
    Ok(rules)
}

fn parse_count(
    value: &str,
    lineno: usize,
    err: &dyn Fn(usize, String) -> Error,
) -> Result<usize, Error> {
    value
        .parse::<usize>()
        .map_err(|_| err(lineno, format!("expected a whole number, found `{value}`")))
}

/// A rule being read: settings may come in any order before `finish` checks them.
struct Partial {
    name: String,
    action: Option<Action>,
    kind: MatchKind,
    max_words: Option<usize>,
    tail_max_words: Option<usize>,
    min_words_before: usize,
    low_certainty: bool,
    langs: Vec<String>,
    patterns: Vec<Pattern>,
    origin: Origin,
}

impl Partial {
    fn new(name: &str, origin: Origin) -> Partial {
        Partial {
            name: name.to_string(),
            action: None,
            kind: MatchKind::Line,
            max_words: None,
            tail_max_words: None,
            min_words_before: 1,
            low_certainty: false,
            langs: Vec::new(),
            patterns: Vec::new(),
            origin,
        }
    }

    fn finish(
        self,
        _source: &RuleSource,
        err: &dyn Fn(usize, String) -> Error,
    ) -> Result<RuleSpec, Error> {
        let line = self.origin.line;
        let Some(action) = self.action else {
            return Err(err(line, format!("rule `{}` has no `action:`", self.name)));
        };
        if self.patterns.is_empty() {
            return Err(err(line, format!("rule `{}` has no patterns", self.name)));
        }
        if action == Action::Cut && !matches!(self.kind, MatchKind::Contains | MatchKind::Regex) {
            return Err(err(
                line,
                format!(
                    "rule `{}`: action `cut` needs `match: contains` or `match: regex`",
                    self.name
                ),
            ));
        }
        if action != Action::Cut && (self.tail_max_words.is_some() || self.min_words_before != 1) {
            return Err(err(
                line,
                format!(
                    "rule `{}`: `tail-max-words` and `min-words-before` apply only to `cut`",
                    self.name
                ),
            ));
        }
        Ok(RuleSpec {
            name: self.name,
            action,
            kind: self.kind,
            max_words: self.max_words,
            tail_max_words: self.tail_max_words,
            min_words_before: self.min_words_before,
            low_certainty: self.low_certainty,
            langs: self.langs,
            patterns: self.patterns,
            origin: self.origin,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn src(text: &str) -> RuleSource {
        RuleSource {
            name: "t.rules".into(),
            text: text.into(),
        }
    }

    /// A Unicode word boundary (`\b`, `\B`) makes the regex engine's lazy DFA give up on
    /// any non-ASCII byte, and a whole set of regex rules then runs on the slow PikeVM (four
    /// times slower cleaning, measured): built-in rules use `(?-u:\b)` or explicit classes.
    #[test]
    fn builtin_regexes_avoid_unicode_word_boundaries() {
        for source in builtin_sources() {
            for spec in parse(&source).unwrap() {
                if spec.kind != MatchKind::Regex {
                    continue;
                }
                for pattern in &spec.patterns {
                    let bare = pattern
                        .text
                        .replace("(?-u:\\b)", "")
                        .replace("(?-u:\\B)", "")
                        .replace("\\\\", "");
                    assert!(
                        !bare.contains("\\b") && !bare.contains("\\B"),
                        "{}:{}: use (?-u:\\b) instead of \\b in `{}`",
                        source.name,
                        pattern.line,
                        pattern.text
                    );
                }
            }
        }
    }

    #[test]
    fn certainty_setting() {
        let rules = parse(&src(
            "[a]\naction: drop\ncertainty: low\n- x\n[b]\naction: drop\n- y\n",
        ))
        .unwrap();
        assert!(rules[0].low_certainty);
        assert!(!rules[1].low_certainty);
        let e = parse(&src("[a]\naction: drop\ncertainty: maybe\n- x\n"))
            .unwrap_err()
            .to_string();
        assert!(e.starts_with("t.rules:3: unknown certainty"), "{e}");
    }

    #[test]
    fn parses_settings_and_patterns() {
        let rules = parse(&src(
            "# c\n[a.b]\naction: cut\nmatch: contains\ntail-max-words: 12\nlang: en, de\n- Keywords:\n- Schlagwörter:\n\n[c]\naction: keep\n- x\n",
        ))
        .unwrap();
        assert_eq!(rules.len(), 2);
        assert_eq!(rules[0].tail_max_words, Some(12));
        assert_eq!(rules[0].langs, vec!["en", "de"]);
        assert_eq!(rules[0].patterns[1].text, "Schlagwörter:");
        assert_eq!(rules[0].patterns[1].line, 8);
        assert_eq!(rules[1].kind, MatchKind::Line);
        assert_eq!(rules[1].origin.line, 10);
    }

    #[test]
    fn errors_name_file_and_line() {
        let cases: &[(&str, usize, &str)] = &[
            ("[a]\naction: explode\n- x\n", 2, "unknown action"),
            ("- x\n", 1, "header"),
            ("[a]\naction: drop\n", 1, "no patterns"),
            ("[a]\n- x\n", 1, "no `action:`"),
            ("[a]\naction: drop\nwhatever\n", 3, "expected"),
            ("[a]\naction: drop\ncolour: red\n", 3, "unknown setting"),
            ("[A b]\n", 1, "rule name"),
            ("[a]\naction: drop\n- x\n[a]\n", 4, "twice"),
            ("[a]\naction: cut\nmatch: line\n- x\n", 1, "cut"),
            (
                "[a]\naction: drop\nmax-words: many\n- x\n",
                3,
                "whole number",
            ),
        ];
        for (text, line, needle) in cases {
            let e = parse(&src(text)).unwrap_err();
            let msg = e.to_string();
            assert!(
                msg.starts_with(&format!("t.rules:{line}:")),
                "{text:?}: {msg}"
            );
            assert!(msg.contains(needle), "{text:?}: {msg}");
        }
    }
}
