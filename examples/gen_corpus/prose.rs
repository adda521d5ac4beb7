//! Generated text: filling placeholders, and prose (clauses, sentences, paragraphs,
//! headlines) built from the grammar groups of `inventory/prose-*.txt`, so that a large
//! corpus rarely repeats a paragraph verbatim.

use std::fmt::Write as _;

use crate::inventory::{EN, Lang};
use crate::page::PageGen;

/// Every placeholder an inventory entry may use (the tests check the files against it).
/// `d`, `dd` and `mm` appear only in `date.format`; `tail` only in predicates; `clause` only
/// in quote frames.
pub const PLACEHOLDERS: &[&str] = &[
    "n", "big", "pct", "year", "min", "time", "date", "month", "name", "first", "last", "author",
    "site", "domain", "title", "headline", "city", "tags", "hashtags", "agency", "price", "tail",
    "clause", "d", "dd", "mm",
];

impl PageGen<'_> {
    /// Appends `template` to `out` with its placeholders filled in language `lang`.
    pub(crate) fn fill(&mut self, template: &str, lang: Lang, out: &mut String) {
        let mut rest = template;
        while let Some(open) = rest.find('{') {
            out.push_str(&rest[..open]);
            let after = &rest[open + 1..];
            let Some(close) = after.find('}') else {
                out.push_str(&rest[open..]);
                return;
            };
            self.placeholder(&after[..close], lang, out);
            rest = &after[close + 1..];
        }
        out.push_str(rest);
    }

    /// A random entry of `group`, as written (placeholders not filled).
    pub(crate) fn word(&mut self, group: &str, lang: Lang) -> &'static str {
        let entries = self.inv.entries(group, lang);
        entries[self.rng.below(entries.len())]
    }

    /// A filled copy of a random entry of `group`.
    pub(crate) fn phrase(&mut self, group: &str, lang: Lang) -> String {
        let template = self.word(group, lang);
        let mut out = String::with_capacity(template.len() + 16);
        self.fill(template, lang, &mut out);
        out
    }

    fn placeholder(&mut self, key: &str, lang: Lang, out: &mut String) {
        // `write!` into a String cannot fail; the results are ignored for that reason.
        match key {
            "n" => {
                let _ = write!(out, "{}", self.rng.range(2, 99));
            }
            "big" => {
                let _ = write!(out, "{}", self.rng.range(100, 9999));
            }
            "pct" => {
                let _ = write!(out, "{}", self.rng.range(2, 60));
            }
            "year" => {
                let _ = write!(out, "{}", self.rng.range(2005, 2025));
            }
            "min" => {
                let _ = write!(out, "{}", self.rng.range(2, 25));
            }
            "time" => {
                let (h, m) = (self.rng.range(6, 23), self.rng.range(0, 59));
                let _ = write!(out, "{h:02}:{m:02}");
            }
            "price" => {
                // English writes a decimal point, the other languages a decimal comma.
                let sep = if lang == EN { '.' } else { ',' };
                let _ = write!(out, "{}{sep}99", self.rng.range(9, 499));
            }
            "date" => self.date(lang, out),
            "month" => {
                out.push_str(self.word("month", lang));
                let _ = write!(out, " {}", self.rng.range(2015, 2025));
            }
            "name" => self.person(lang, out),
            "first" => out.push_str(self.word("name.first", lang)),
            "last" => {
                let group = if self.inv.has("name.last", lang) {
                    "name.last"
                } else {
                    "name.first"
                };
                out.push_str(self.word(group, lang));
            }
            "author" => out.push_str(&self.author),
            "site" => out.push_str(&self.site),
            "domain" => out.push_str(&self.domain),
            "title" => out.push_str(&self.title),
            "headline" => {
                let h = self.headline(lang);
                out.push_str(&h);
            }
            "city" => out.push_str(self.word("city", lang)),
            "tags" => self.tag_list(lang, out),
            "hashtags" => self.hashtags(lang, out),
            "agency" => out.push_str(self.word("credits.agency", lang)),
            // Handled by the clause and quote builders; elsewhere they mean nothing.
            "tail" | "clause" | "d" | "dd" | "mm" => {}
            other => {
                let _ = write!(out, "{{{other}}}");
            }
        }
    }

    /// A person's name: first and last name, or a whole name where surnames inflect.
    pub(crate) fn person(&mut self, lang: Lang, out: &mut String) {
        if self.inv.has("name.full", lang) {
            out.push_str(self.word("name.full", lang));
            return;
        }
        out.push_str(self.word("name.first", lang));
        out.push(' ');
        out.push_str(self.word("name.last", lang));
    }

    /// A date in one of the language's usual formats.
    pub(crate) fn date(&mut self, lang: Lang, out: &mut String) {
        let format = self.word("date.format", lang);
        let (year, month, day) = (
            self.rng.range(2015, 2025),
            self.rng.range(1, 12),
            self.rng.range(1, 28),
        );
        let month_name = self.inv.entries("month", lang)[month - 1];
        let mut rest = format;
        while let Some(open) = rest.find('{') {
            out.push_str(&rest[..open]);
            let close = rest[open..].find('}').map_or(rest.len(), |c| open + c);
            let _ = match &rest[open + 1..close] {
                "d" => write!(out, "{day}"),
                "dd" => write!(out, "{day:02}"),
                "mm" => write!(out, "{month:02}"),
                "month" => write!(out, "{month_name}"),
                "year" => write!(out, "{year}"),
                other => write!(out, "{{{other}}}"),
            };
            rest = rest.get(close + 1..).unwrap_or("");
        }
        out.push_str(rest);
    }

    /// Two to six tags joined by one of the usual separators.
    fn tag_list(&mut self, lang: Lang, out: &mut String) {
        let sep = *self.rng.pick(&[", ", ", ", " · ", " | ", " / ", ", "]);
        let count = self.rng.range(2, 6);
        for i in 0..count {
            if i > 0 {
                out.push_str(sep);
            }
            let tag = self.tag(lang);
            out.push_str(&tag);
        }
    }

    /// One tag: a section name, a place or a person's surname.
    pub(crate) fn tag(&mut self, lang: Lang) -> String {
        let group = match self.rng.below(4) {
            0 => "city",
            1 if self.inv.has("name.last", lang) => "name.last",
            _ => "menu.item",
        };
        self.word(group, lang).to_string()
    }

    fn hashtags(&mut self, lang: Lang, out: &mut String) {
        let count = self.rng.range(2, 6);
        for i in 0..count {
            if i > 0 {
                out.push(' ');
            }
            out.push('#');
            let tag = self.tag(lang);
            out.extend(tag.chars().filter(|c| c.is_alphanumeric()));
        }
    }

    /// A clause: subject and predicate, with an adverbial with probability `tail_chance`.
    /// Lower case at the start (a sentence builder capitalises it).
    pub(crate) fn clause(&mut self, lang: Lang, tail_chance: f64) -> String {
        let subject = self.word("prose.subject", lang);
        let predicate = self.word("prose.predicate", lang);
        let tail = if self.rng.chance(tail_chance) {
            Some(self.word("prose.tail", lang))
        } else {
            None
        };
        let mut out = String::with_capacity(96);
        self.fill(subject, lang, &mut out);
        out.push(' ');
        // German and Dutch predicates mark where the adverbial goes before the verb-final
        // part; elsewhere it goes at the end.
        let (before, after) = predicate.split_once("{tail}").unwrap_or((predicate, ""));
        self.fill(before.trim_end(), lang, &mut out);
        if let Some(tail) = tail {
            out.push(' ');
            self.fill(tail, lang, &mut out);
        }
        self.fill(after, lang, &mut out);
        out
    }

    /// One sentence, capitalised and ended with a full stop.
    pub(crate) fn sentence(&mut self, lang: Lang) -> String {
        let roll = self.rng.unit();
        let mut s = if roll < 0.07 {
            let frame = self.word("prose.quote", lang);
            let (before, after) = frame.split_once("{clause}").unwrap_or((frame, ""));
            let mut clause = self.clause(lang, 0.3);
            // A quotation opening the sentence starts with a capital; a clause after
            // "According to X," or "I think" does not.
            if !before.chars().any(char::is_alphabetic) {
                clause = capitalise(&clause);
            }
            let mut s = String::with_capacity(160);
            self.fill(before, lang, &mut s);
            s.push_str(&clause);
            self.fill(after, lang, &mut s);
            s
        } else if roll < 0.27 {
            let first = self.clause(lang, 0.3);
            let join = self.word("prose.join", lang);
            let second = self.clause(lang, 0.4);
            format!("{first}, {join} {second}")
        } else if roll < 0.45 {
            let connector = self.word("prose.connector", lang);
            let clause = self.clause(lang, 0.5);
            format!("{connector} {clause}")
        } else {
            self.clause(lang, 0.6)
        };
        if !s.ends_with(['.', '!', '?', '»', '"', '“']) {
            s.push('.');
        }
        capitalise(&s)
    }

    /// A paragraph of `lo..=hi` words (roughly: whole sentences are added until the count is
    /// reached). With `tricky`, one sentence is a real sentence that uses a word of noise
    /// ("comments", "subscribe", "cookies", ...).
    pub(crate) fn paragraph(&mut self, lang: Lang, lo: usize, hi: usize, tricky: bool) -> String {
        let target = self.rng.range(lo, hi);
        let mut out = String::with_capacity(target * 8);
        let mut words = 0;
        let tricky_at = if tricky {
            self.rng.range(0, 2)
        } else {
            usize::MAX
        };
        let mut i = 0;
        while words < target {
            let s = if i == tricky_at {
                self.phrase("prose.tricky", lang)
            } else {
                self.sentence(lang)
            };
            if !out.is_empty() {
                out.push(' ');
            }
            words += s.split(' ').count();
            out.push_str(&s);
            i += 1;
        }
        // A paragraph shorter than the place of its tricky sentence still gets one.
        if tricky && tricky_at >= i {
            let s = self.phrase("prose.tricky", lang);
            out.push(' ');
            out.push_str(&s);
        }
        out
    }

    /// A headline: a short clause, capitalised, without a full stop.
    pub(crate) fn headline(&mut self, lang: Lang) -> String {
        let clause = self.clause(lang, 0.15);
        let mut h = capitalise(&clause);
        if self.rng.chance(0.08) {
            h.push('?');
        }
        h
    }
}

/// `s` with its first letter in upper case (leading quotes and punctuation are skipped).
pub fn capitalise(s: &str) -> String {
    let Some((at, first)) = s.char_indices().find(|(_, c)| c.is_alphabetic()) else {
        return s.to_string();
    };
    if first.is_uppercase() {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len() + 2);
    out.push_str(&s[..at]);
    out.extend(first.to_uppercase());
    out.push_str(&s[at + first.len_utf8()..]);
    out
}

/// An ASCII slug for URLs and domains: letters transliterated, everything else a hyphen,
/// at most `max` bytes.
pub fn slug(s: &str, max: usize) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars().flat_map(char::to_lowercase) {
        let mapped: &str = match c {
            'a'..='z' | '0'..='9' => {
                out.push(c);
                continue;
            }
            'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' => "a",
            'ç' => "c",
            'è' | 'é' | 'ê' | 'ë' => "e",
            'ì' | 'í' | 'î' | 'ï' => "i",
            'ñ' => "n",
            'ò' | 'ó' | 'ô' | 'õ' | 'ö' => "o",
            'ù' | 'ú' | 'û' | 'ü' => "u",
            'ß' => "ss",
            'œ' => "oe",
            'æ' => "ae",
            'а' => "a",
            'б' => "b",
            'в' => "v",
            'г' => "g",
            'д' => "d",
            'е' | 'ё' | 'э' => "e",
            'ж' => "zh",
            'з' => "z",
            'и' => "i",
            'й' | 'ы' => "y",
            'к' => "k",
            'л' => "l",
            'м' => "m",
            'н' => "n",
            'о' => "o",
            'п' => "p",
            'р' => "r",
            'с' => "s",
            'т' => "t",
            'у' => "u",
            'ф' => "f",
            'х' => "kh",
            'ц' => "ts",
            'ч' => "ch",
            'ш' => "sh",
            'щ' => "sch",
            'ъ' | 'ь' => "",
            'ю' => "yu",
            'я' => "ya",
            _ if c.is_alphanumeric() => "",
            _ => "-",
        };
        if mapped == "-" {
            if !out.is_empty() && !out.ends_with('-') {
                out.push('-');
            }
        } else {
            out.push_str(mapped);
        }
        if out.len() >= max {
            break;
        }
    }
    out.truncate(max);
    while out.ends_with('-') {
        out.pop();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn capitalise_skips_quotes_and_keeps_the_rest() {
        assert_eq!(capitalise("«el plan»"), "«El plan»");
        assert_eq!(capitalise("über"), "Über");
        assert_eq!(capitalise("Already"), "Already");
        assert_eq!(capitalise("„die Stadt“"), "„Die Stadt“");
        assert_eq!(capitalise("123"), "123");
    }

    #[test]
    fn slugs_are_ascii() {
        assert_eq!(
            slug("Die Straße in Köln: neu!", 60),
            "die-strasse-in-koln-neu"
        );
        assert_eq!(slug("Новый мост", 60), "novyy-most");
        assert_eq!(slug("Daily Harbor", 5), "daily");
        assert_eq!(slug("ab cd", 3), "ab");
    }
}
