//! The phrase inventory: the data files of `inventory/` (see its README), embedded at build
//! time and parsed into groups of entries per language.

use std::collections::HashMap;

/// The languages the generator writes, as ISO 639-1 codes; a [`Lang`] indexes this list.
pub const LANGS: [&str; 8] = ["en", "de", "fr", "es", "it", "pt", "nl", "ru"];

/// The same languages as ISO 639-3 codes, as `WARC-Identified-Content-Language` writes them.
pub const LANGS_ISO3: [&str; 8] = ["eng", "deu", "fra", "spa", "ita", "por", "nld", "rus"];

/// An index into [`LANGS`].
pub type Lang = usize;

/// English, the fallback for a group a language does not have.
pub const EN: Lang = 0;

/// The data files, in a fixed order (entries keep file order, which keeps output stable).
const FILES: &[(&str, &str)] = &[
    ("prose-en.txt", include_str!("inventory/prose-en.txt")),
    ("prose-de.txt", include_str!("inventory/prose-de.txt")),
    ("prose-fr.txt", include_str!("inventory/prose-fr.txt")),
    ("prose-es.txt", include_str!("inventory/prose-es.txt")),
    ("prose-it.txt", include_str!("inventory/prose-it.txt")),
    ("prose-pt.txt", include_str!("inventory/prose-pt.txt")),
    ("prose-nl.txt", include_str!("inventory/prose-nl.txt")),
    ("prose-ru.txt", include_str!("inventory/prose-ru.txt")),
    ("names.txt", include_str!("inventory/names.txt")),
    ("menu.txt", include_str!("inventory/menu.txt")),
    ("breadcrumb.txt", include_str!("inventory/breadcrumb.txt")),
    ("meta.txt", include_str!("inventory/meta.txt")),
    ("ads.txt", include_str!("inventory/ads.txt")),
    ("adblock.txt", include_str!("inventory/adblock.txt")),
    ("share.txt", include_str!("inventory/share.txt")),
    ("newsletter.txt", include_str!("inventory/newsletter.txt")),
    ("cookies.txt", include_str!("inventory/cookies.txt")),
    ("related.txt", include_str!("inventory/related.txt")),
    ("tags.txt", include_str!("inventory/tags.txt")),
    ("comments.txt", include_str!("inventory/comments.txt")),
    ("footer.txt", include_str!("inventory/footer.txt")),
    ("toc.txt", include_str!("inventory/toc.txt")),
    ("credits.txt", include_str!("inventory/credits.txt")),
    ("engagement.txt", include_str!("inventory/engagement.txt")),
];

/// Groups every language must have (directly or through `*`); [`Inventory::load`] checks.
pub const REQUIRED_GROUPS: &[&str] = &[
    "prose.subject",
    "prose.predicate",
    "prose.tail",
    "prose.connector",
    "prose.join",
    "prose.quote",
    "prose.heading",
    "prose.tricky",
    "prose.tricky-heading",
    "prose.short",
    "name.first",
    "city",
    "month",
    "date.format",
    "site.word",
    "tld",
    "menu.item",
    "menu.utility",
    "menu.languages",
    "menu.pagination",
    "breadcrumb.home",
    "breadcrumb.sep",
    "breadcrumb.prefix",
    "meta.byline",
    "meta.date",
    "meta.reading",
    "meta.views",
    "meta.bio",
    "ads.label",
    "ads.shop",
    "ads.widget",
    "adblock.heading",
    "adblock.plea",
    "adblock.button",
    "share.heading",
    "share.network",
    "share.line",
    "share.follow",
    "newsletter.heading",
    "newsletter.prompt",
    "newsletter.form",
    "newsletter.paywall",
    "cookie.notice",
    "cookie.button",
    "related.heading",
    "related.inline",
    "related.more",
    "sidebar.heading",
    "tags.line",
    "tags.heading",
    "comments.count",
    "comments.form",
    "comments.author",
    "comments.action",
    "comments.body",
    "footer.link",
    "footer.copyright",
    "toc.heading",
    "toc.toggle",
    "credits.photo",
    "credits.agency",
    "engagement.line",
    "engagement.tail",
];

/// Groups that only some languages have; the generator checks for them before use.
pub const OPTIONAL_GROUPS: &[&str] = &["name.last", "name.full"];

/// Every entry, by group name and language.
pub struct Inventory {
    groups: HashMap<&'static str, [Vec<&'static str>; 8]>,
}

impl Inventory {
    /// Parses the embedded files. Errors name the file and line.
    pub fn load() -> Result<Inventory, String> {
        let mut groups: HashMap<&'static str, [Vec<&'static str>; 8]> = HashMap::new();
        // Entries for all languages are appended after each file's own entries, so the
        // order of a list does not depend on where a `*` group sits.
        let mut shared: Vec<(&'static str, &'static str)> = Vec::new();
        for (file, text) in FILES {
            let mut current: Option<(&'static str, Option<Lang>)> = None;
            for (number, raw) in text.lines().enumerate() {
                let line = raw.trim();
                if line.is_empty() || line.starts_with('#') {
                    continue;
                }
                if let Some(header) = line.strip_prefix('@') {
                    let (name, lang) = header.split_once(' ').ok_or_else(|| {
                        format!("{file}:{}: a group header needs a language", number + 1)
                    })?;
                    let lang = match lang.trim() {
                        "*" => None,
                        code => Some(LANGS.iter().position(|l| *l == code).ok_or_else(|| {
                            format!("{file}:{}: unknown language {code:?}", number + 1)
                        })?),
                    };
                    current = Some((name, lang));
                    groups.entry(name).or_default();
                    continue;
                }
                let (name, lang) = current.ok_or_else(|| {
                    format!("{file}:{}: an entry before any group header", number + 1)
                })?;
                if line.contains(['\u{c}', '\r']) {
                    return Err(format!("{file}:{}: control character", number + 1));
                }
                match lang {
                    Some(lang) => groups.entry(name).or_default()[lang].push(line),
                    None => shared.push((name, line)),
                }
            }
        }
        for (name, line) in shared {
            for list in groups.entry(name).or_default().iter_mut() {
                list.push(line);
            }
        }
        let inv = Inventory { groups };
        inv.validate()?;
        Ok(inv)
    }

    /// Checks what the generator relies on: every required group in every language, twelve
    /// months, a way to name people, only groups and placeholders the generator knows.
    fn validate(&self) -> Result<(), String> {
        for group in REQUIRED_GROUPS {
            for (lang, code) in LANGS.iter().enumerate() {
                if !self.has(group, lang) {
                    return Err(format!(
                        "inventory: group {group} has no entries for {code}"
                    ));
                }
            }
        }
        for (lang, code) in LANGS.iter().enumerate() {
            if self.entries("month", lang).len() != 12 {
                return Err(format!("inventory: month for {code} needs 12 entries"));
            }
            if !self.has("name.last", lang) && !self.has("name.full", lang) {
                return Err(format!(
                    "inventory: {code} has neither name.last nor name.full"
                ));
            }
        }
        for (name, lists) in &self.groups {
            if !REQUIRED_GROUPS.contains(name) && !OPTIONAL_GROUPS.contains(name) {
                return Err(format!(
                    "inventory: group {name} is not used by the generator"
                ));
            }
            for entry in lists.iter().flatten() {
                let mut rest = *entry;
                while let Some(open) = rest.find('{') {
                    let close = rest[open..]
                        .find('}')
                        .map(|c| open + c)
                        .ok_or_else(|| format!("inventory: unclosed brace in {name}: {entry:?}"))?;
                    let key = &rest[open + 1..close];
                    if !crate::prose::PLACEHOLDERS.contains(&key) {
                        return Err(format!(
                            "inventory: unknown placeholder {{{key}}} in {name}: {entry:?}"
                        ));
                    }
                    rest = &rest[close + 1..];
                }
            }
        }
        Ok(())
    }

    /// The entries of `group` in `lang`, or in English when `lang` has none.
    ///
    /// Panics on a group that no file defines: that is a bug in the generator, caught by the
    /// tests, not a condition of the input.
    pub fn entries(&self, group: &str, lang: Lang) -> &[&'static str] {
        let lists = self
            .groups
            .get(group)
            .unwrap_or_else(|| panic!("inventory group {group:?} is not defined"));
        if lists[lang].is_empty() {
            &lists[EN]
        } else {
            &lists[lang]
        }
    }

    /// True when `lang` itself (not the English fallback) has entries in `group`.
    pub fn has(&self, group: &str, lang: Lang) -> bool {
        self.groups.get(group).is_some_and(|l| !l[lang].is_empty())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_inventory_parses_and_validates() {
        let inv = Inventory::load().expect("inventory is valid");
        assert_eq!(inv.entries("month", 7)[0], "января");
        // `*` entries are shared by all languages, after their own.
        assert!(inv.entries("share.network", 1).contains(&"Drucken"));
        assert!(inv.entries("share.network", 1).contains(&"Facebook"));
        // A language without a group falls back to English.
        assert!(!inv.has("name.full", EN));
    }
}
