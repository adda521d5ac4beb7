//! Bytes that every match of a regex must contain: a cheap test that rules a line out before
//! the regex runs.
//!
//! Some rules scan a whole line or a long tail before they can fail: a keyword tail such as
//! `Keywords:[^:]*,[^:]*$` is searched backwards from the end and only stops at a colon, so
//! on a paragraph without one its automaton reads every byte. Yet no match can exist without
//! a `:` and a `,` in the text. [`Requirement`] holds such facts as clauses (each a set of at
//! most three bytes, at least one of which a match contains), read off the regex's syntax
//! tree; `memchr` checks a clause at many bytes per cycle, so a line that lacks one skips the
//! regex. The analysis is conservative: it only ever finds bytes a match cannot lack, and a
//! pattern it cannot read yields no clause (the regex then always runs).
//!
//! ```text
//! \s*\((?:Photo|Image)\s*:\s*[^()]+\)\s*$    requires  {(}, {)}, {:}
//! \s+[|–—]\s*Photo\s*:\s*[^|]+$              requires  {|, 0xE2}, {:}, ...
//! (?:Read more|Weiterlesen)\s*$              requires  nothing usable
//! ```

use regex_automata::meta::BuildError;
use regex_syntax::hir::{Class, Hir, HirKind};

use crate::shared_regex::SharedRegex;

/// The most bytes in one clause: `memchr3` checks up to three at once.
const MAX_CLAUSE: usize = 3;

/// The most clauses kept for one regex; each costs a pass of `memchr` over the text.
const MAX_CLAUSES: usize = 3;

/// Clauses that every match of a regex satisfies (see the module documentation).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Requirement {
    /// Each clause: sorted, distinct bytes, at least one of which occurs in any match.
    clauses: Vec<Vec<u8>>,
}

impl Requirement {
    /// The requirement of `pattern` (the syntax of the `regex` crate's byte regexes); none
    /// when the pattern does not parse.
    pub(crate) fn of(pattern: &str) -> Requirement {
        let Ok(hir) = regex_syntax::ParserBuilder::new()
            .utf8(false)
            .build()
            .parse(pattern)
        else {
            return Requirement::default();
        };
        let mut clauses = clauses_of(&hir);
        // A clause that lowercase letters or a space can satisfy passes on nearly every line
        // and would only cost its pass.
        clauses.retain(|c| c.iter().all(|&b| commonness(b) < COMMON));
        // The rarest first: punctuation and non-ASCII lead bytes rule out more lines than
        // letters, and a lone byte more than a set.
        clauses.sort_by_key(|c| (c.iter().map(|&b| commonness(b)).sum::<u32>(), c.len()));
        clauses.truncate(MAX_CLAUSES);
        Requirement { clauses }
    }

    /// True when `text` satisfies every clause, i.e. a match is still possible.
    pub(crate) fn admits(&self, text: &[u8]) -> bool {
        self.clauses.iter().all(|clause| match *clause.as_slice() {
            [a] => memchr::memchr(a, text).is_some(),
            [a, b] => memchr::memchr2(a, b, text).is_some(),
            [a, b, c] => memchr::memchr3(a, b, c, text).is_some(),
            _ => true,
        })
    }
}

/// True when every match of `pattern` starts where the text starts (`^` or `\A` up front,
/// outside multi-line mode): such a regex fails within a few bytes of most lines, whereas one
/// that may start anywhere is searched through every line. False when it does not parse.
///
/// Read off the syntax tree before translation: translating a pattern (its Unicode classes,
/// case folding) cost a third of building the rule set, and this test is only a sorting
/// hint. It errs on the side of false (then the regex runs in the set of floating ones,
/// with the same matches), and a test checks it against the translated form for every
/// built-in rule.
pub(crate) fn is_start_anchored(pattern: &str) -> bool {
    use regex_syntax::ast::{self, Ast};
    fn sets_multi_line(ast: &Ast) -> bool {
        let in_flags = |flags: &ast::Flags| {
            let mut negated = false;
            flags.items.iter().any(|item| match item.kind {
                ast::FlagsItemKind::Negation => {
                    negated = true;
                    false
                }
                ast::FlagsItemKind::Flag(flag) => !negated && flag == ast::Flag::MultiLine,
            })
        };
        match ast {
            Ast::Flags(set) => in_flags(&set.flags),
            Ast::Group(group) => {
                matches!(&group.kind, ast::GroupKind::NonCapturing(flags) if in_flags(flags))
                    || sets_multi_line(&group.ast)
            }
            Ast::Repetition(rep) => sets_multi_line(&rep.ast),
            Ast::Alternation(alt) => alt.asts.iter().any(sets_multi_line),
            Ast::Concat(concat) => concat.asts.iter().any(sets_multi_line),
            _ => false,
        }
    }
    fn starts_anchored(ast: &Ast) -> bool {
        match ast {
            Ast::Assertion(a) => matches!(
                a.kind,
                ast::AssertionKind::StartLine | ast::AssertionKind::StartText
            ),
            Ast::Group(group) => starts_anchored(&group.ast),
            Ast::Alternation(alt) => !alt.asts.is_empty() && alt.asts.iter().all(starts_anchored),
            // Flags such as `(?i)` match nothing: the anchor may follow them.
            Ast::Concat(concat) => concat
                .asts
                .iter()
                .find(|item| !matches!(item, Ast::Flags(_) | Ast::Empty(_)))
                .is_some_and(starts_anchored),
            _ => false,
        }
    }
    ast::parse::Parser::new()
        .parse(pattern)
        .is_ok_and(|ast| !sets_multi_line(&ast) && starts_anchored(&ast))
}

/// Regexes grouped by their [`Requirement`]: one `RegexSet` per distinct requirement, run on
/// a text only when the text holds the group's bytes, and one set of the regexes that require
/// nothing usable. A set's automaton runs until its last pattern fails, so one pattern that
/// can scan a whole line (a breadcrumb trail, a list of names) makes every line cost its full
/// length; in a gated group it costs that only on lines holding its bytes.
#[derive(Clone, Debug)]
pub(crate) struct GatedSet {
    groups: Vec<Group>,
}

#[derive(Clone, Debug)]
struct Group {
    required: Requirement,
    set: SharedRegex,
    /// Index, in the patterns given to [`GatedSet::build`], of each pattern of `set`.
    members: Vec<usize>,
}

impl GatedSet {
    /// Groups and compiles `patterns` (each set with the given size limits).
    pub(crate) fn build(patterns: &[&str], size_limit: usize) -> Result<GatedSet, Box<BuildError>> {
        let mut keyed: Vec<(Requirement, Vec<usize>)> = Vec::new();
        for (index, pattern) in patterns.iter().enumerate() {
            let required = Requirement::of(pattern);
            match keyed.iter_mut().find(|(r, _)| *r == required) {
                Some((_, members)) => members.push(index),
                None => keyed.push((required, vec![index])),
            }
        }
        let groups = keyed
            .into_iter()
            .map(|(required, members)| {
                let sources: Vec<&str> = members.iter().map(|&i| patterns[i]).collect();
                let set = SharedRegex::set(&sources, size_limit, size_limit.min(4 << 20))?;
                Ok(Group {
                    required,
                    set,
                    members,
                })
            })
            .collect::<Result<Vec<Group>, Box<BuildError>>>()?;
        Ok(GatedSet { groups })
    }

    /// Calls `found` with the index of every pattern that matches `text`, group by group
    /// (in increasing order within a group, not overall).
    pub(crate) fn for_each_match(&self, text: &[u8], mut found: impl FnMut(usize)) {
        for group in &self.groups {
            if group.required.admits(text) {
                group.set.for_each_match(text, |k| found(group.members[k]));
            }
        }
    }
}

/// The [`commonness`] of lowercase letters and the space: in nearly every line.
const COMMON: u32 = 8;

/// A rough rank of how common a byte is in web text: letters and spaces are everywhere,
/// digits and common punctuation less so, the rest is rare.
fn commonness(b: u8) -> u32 {
    match b {
        b' ' | b'a'..=b'z' => COMMON,
        b'A'..=b'Z' | b'.' | b',' => 5,
        b'0'..=b'9' | b'-' | b'\'' | b'"' => 3,
        0xC0.. => 2,
        _ => 1,
    }
}

/// The clauses every match of `hir` satisfies.
fn clauses_of(hir: &Hir) -> Vec<Vec<u8>> {
    match hir.kind() {
        HirKind::Empty | HirKind::Look(_) => Vec::new(),
        HirKind::Literal(lit) => {
            let mut bytes = lit.0.to_vec();
            bytes.sort_unstable();
            bytes.dedup();
            bytes.into_iter().map(|b| vec![b]).collect()
        }
        HirKind::Class(class) => first_bytes(class).into_iter().collect(),
        HirKind::Repetition(rep) if rep.min >= 1 => clauses_of(&rep.sub),
        HirKind::Repetition(_) => Vec::new(),
        HirKind::Capture(cap) => clauses_of(&cap.sub),
        HirKind::Concat(parts) => {
            let mut all: Vec<Vec<u8>> = parts.iter().flat_map(clauses_of).collect();
            all.sort();
            all.dedup();
            all
        }
        HirKind::Alternation(branches) => alternation_clauses(branches),
    }
}

/// What every branch of an alternation requires: the clauses all branches share, or else
/// one clause made of one clause per branch (any match satisfies the clause of the branch it
/// took), when that union stays small.
fn alternation_clauses(branches: &[Hir]) -> Vec<Vec<u8>> {
    let per_branch: Vec<Vec<Vec<u8>>> = branches.iter().map(clauses_of).collect();
    let Some((first, rest)) = per_branch.split_first() else {
        return Vec::new();
    };
    let shared: Vec<Vec<u8>> = first
        .iter()
        .filter(|clause| {
            rest.iter()
                .all(|other| other.iter().any(|c| c.iter().all(|b| clause.contains(b))))
        })
        .cloned()
        .collect();
    if !shared.is_empty() {
        return shared;
    }
    let mut union: Vec<u8> = Vec::new();
    for clauses in &per_branch {
        // The branch's narrowest clause (a branch without one makes the union useless).
        let Some(best) = clauses.iter().min_by_key(|c| c.len()) else {
            return Vec::new();
        };
        union.extend_from_slice(best);
    }
    union.sort_unstable();
    union.dedup();
    if union.len() <= MAX_CLAUSE {
        vec![union]
    } else {
        Vec::new()
    }
}

/// The bytes a match of `class` can start with, when there are few enough of them to make a
/// clause (the first byte of a character's UTF-8 encoding is part of the match).
fn first_bytes(class: &Class) -> Option<Vec<u8>> {
    let mut bytes: Vec<u8> = Vec::new();
    match class {
        Class::Bytes(set) => {
            for range in set.ranges() {
                for b in range.start()..=range.end() {
                    bytes.push(b);
                    if bytes.len() > MAX_CLAUSE {
                        return None;
                    }
                }
            }
        }
        Class::Unicode(set) => {
            for range in set.ranges() {
                let (start, end) = (u32::from(range.start()), u32::from(range.end()));
                // Chars of one encoded length share their lead byte within a 64-char block
                // (2-byte chars) or wider; walking the range by lead byte keeps this short.
                let mut c = start;
                while c <= end {
                    let ch = char::from_u32(c)?;
                    let mut buf = [0u8; 4];
                    let lead = ch.encode_utf8(&mut buf).as_bytes()[0];
                    if !bytes.contains(&lead) {
                        bytes.push(lead);
                        if bytes.len() > MAX_CLAUSE {
                            return None;
                        }
                    }
                    c = next_lead_start(c).max(c + 1);
                }
            }
        }
    }
    bytes.sort_unstable();
    Some(bytes)
}

/// The first code point after `c` whose UTF-8 lead byte may differ from `c`'s.
fn next_lead_start(c: u32) -> u32 {
    match c {
        0..=0x7F => c + 1,
        0x80..=0x7FF => (c | 0x3F) + 1,
        0x800..=0xFFFF => (c | 0xFFF) + 1,
        _ => (c | 0x3FFFF) + 1,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn clauses(pattern: &str) -> Vec<Vec<u8>> {
        Requirement::of(pattern).clauses
    }

    #[test]
    fn clauses_read_off_the_syntax() {
        let cases: &[(&str, &[&[u8]])] = &[
            (r"Keywords\s?:\s*[^:]+,[^:]*$", &[b":", b",", b"K"]),
            (
                r"\s*\((?:Photo|Image)\s*:?\s+[^()]+\)\s*$",
                &[b"(", b")", b"IP"],
            ),
            (r"\s+[|#]\s*Photo\s*:\s*[^|]+$", &[b"#|", b":", b"P"]),
            // Both branches need an 'e' and an 'r': true, but useless (lowercase letters).
            (r"(?:Read more|Weiterlesen)\s*$", &[]),
            // Every branch needs a colon: the shared clause survives the alternation.
            (r"(?:Tags|Topics):\s*\w+", &[b":", b"T"]),
            // Optional parts require nothing.
            (r"A(?::B)?", &[b"A"]),
            (r"(?::X)*Y", &[b"Y"]),
            // A case-insensitive letter is a clause of two bytes; é and É share a lead byte.
            (r"(?i:Q)", &[]),
            (r"(?i:é)", &[b"\xC3"]),
            // Branches without a shared clause: one clause of their narrowest ones.
            (r"(?:\(|\[)x", &[b"(["]),
            // Unparseable: nothing.
            (r"(", &[]),
        ];
        for (pattern, expected) in cases {
            let mut got = clauses(pattern);
            let mut want: Vec<Vec<u8>> = expected.iter().map(|c| c.to_vec()).collect();
            got.sort();
            want.sort();
            assert_eq!(got, want, "{pattern}");
        }
    }

    #[test]
    fn start_anchoring() {
        let cases = [
            (r"^\s*#[0-9]+$", true),
            (r"\A(?i:share)", true),
            (r"^(?:a|b)c", true),
            (r"(?:^a|b)c", false),
            (r"[.!?]\s+Credit:\s*\w+$", false),
            (r"(?m)^a", false),
            (r"(", false),
            (r"(?i)^share this", true),
            (r"(?i)(?m)^a", false),
            (r"^a(?m:b)", false),
            // Errs on the side of false: a multi-line flag anywhere, even one undone.
            (r"(?m-m)^a", false),
            (r"(?:^a|^b)c", true),
            (r"(^a)+", false),
            (r"a|^b", false),
            (r"\^a", false),
            (r"[\^]a", false),
            (r"$^", false),
        ];
        for (pattern, anchored) in cases {
            assert_eq!(is_start_anchored(pattern), anchored, "{pattern}");
        }
    }

    /// The anchoring read off the syntax tree agrees with the translated pattern's own
    /// properties on every built-in regex rule (on other patterns it may only say false
    /// where they say true).
    #[test]
    fn start_anchoring_matches_the_translated_pattern_on_builtin_rules() {
        let translated = |pattern: &str| {
            regex_syntax::ParserBuilder::new()
                .utf8(false)
                .build()
                .parse(pattern)
                .is_ok_and(|hir| {
                    hir.properties()
                        .look_set_prefix()
                        .contains(regex_syntax::hir::Look::Start)
                })
        };
        let mut seen = (0, 0);
        for source in crate::rules::builtin_sources() {
            for spec in crate::rules::parse(&source).unwrap() {
                if spec.kind != crate::rules::MatchKind::Regex {
                    continue;
                }
                for pattern in &spec.patterns {
                    let anchored = is_start_anchored(&pattern.text);
                    assert_eq!(anchored, translated(&pattern.text), "{}", pattern.text);
                    if anchored {
                        seen.0 += 1;
                    } else {
                        seen.1 += 1;
                    }
                }
            }
        }
        assert!(seen.0 > 10 && seen.1 > 3, "anchored, floating: {seen:?}");
    }

    #[test]
    fn a_non_ascii_class_requires_its_lead_bytes() {
        // » is C2 BB, › is E2 80 BA.
        let req = Requirement::of("[»›]");
        assert_eq!(req.clauses, vec![vec![0xC2, 0xE2]]);
        assert!(req.admits("a » b".as_bytes()));
        assert!(!req.admits(b"a > b"));
    }

    #[test]
    fn admits_every_text_the_regex_matches() {
        // The requirement is a necessary condition: on texts the regex matches it must hold.
        let patterns = [
            r"Keywords\s?:\s*[^:]+,[^:]*$",
            r"\s*\((?:Photo|Getty)(?:\s*/\s*[^()]+)?\)\s*$",
            r"\s+[|–—]\s*(?:Photo|Foto)\s*:\s*[^|]+$",
            r"(?i:share)\s*:\s+(?:on|via)\s+\w+",
        ];
        let texts = [
            "Rain. Keywords: flood, river",
            "A speech (Getty / Jane Doe)",
            "Market day — Foto: Anna",
            "Market day | Photo: Anna",
            "SHARE: on Facebook",
            "plain prose without any of it.",
        ];
        for pattern in patterns {
            let re = regex::bytes::Regex::new(pattern).unwrap();
            let req = Requirement::of(pattern);
            assert!(!req.clauses.is_empty(), "{pattern}: no clause found");
            for text in texts {
                if re.is_match(text.as_bytes()) {
                    assert!(req.admits(text.as_bytes()), "{pattern} matches {text:?}");
                }
            }
        }
    }
}

#[cfg(test)]
mod gated_tests {
    use super::*;

    #[test]
    fn gated_set_finds_what_a_plain_set_finds() {
        let patterns = [
            r"^[^»›]+(?:[»›]\s*[^»›]+){2,}$",
            r"^\s*#[0-9]{1,5}\s*$",
            r"^(?i:share)\b",
            r"Keywords\s?:\s*[^:]+,[^:]*$",
            r"\((?:Photo|Getty)[^()]*\)\s*$",
            r"^[A-Z][a-z]+(?:,\s*[A-Z][a-z]+){2,}$",
        ];
        let texts = [
            "Home » News » World",
            "#42",
            "Share this",
            "Rain fell. Keywords: flood, river",
            "A speech (Photo by Jane)",
            "Europe, Ukraine, Moscow",
            "Plain prose, with a comma: and a colon.",
            "",
        ];
        let plain = regex::bytes::RegexSet::new(patterns).unwrap();
        let gated = GatedSet::build(&patterns, 1 << 20).unwrap();
        for text in texts {
            let mut want: Vec<usize> = plain.matches(text.as_bytes()).iter().collect();
            let mut got = Vec::new();
            gated.for_each_match(text.as_bytes(), |i| got.push(i));
            got.sort_unstable();
            want.sort_unstable();
            assert_eq!(got, want, "{text:?}");
        }
    }
}
