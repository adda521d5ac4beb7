//! One synthetic scraped page: its lines in page order, each with a class code that says
//! whether it is content (and what kind) or noise (and of which class). The layout follows
//! what text extraction makes of real article pages: title, skip links, menus, breadcrumbs,
//! the title again, bylines, the article with ads and link boxes between paragraphs, then
//! tags, share bars, related links, newsletter boxes, comments, footer and cookie banner.

use std::collections::HashSet;

use crate::inventory::{EN, Inventory, LANGS, Lang};
use crate::prose::{capitalise, slug};
use crate::rng::Rng;

/// The class codes of the truth file, one byte per line. Lower case is content, upper case
/// is noise, `_` a blank line. `benches/synth_accuracy.py` has the same table.
pub mod class {
    /// Content: the page title, first line of the page.
    pub const TITLE: u8 = b't';
    /// Content: a prose paragraph.
    pub const PARAGRAPH: u8 = b'p';
    /// Content: a section heading.
    pub const HEADING: u8 = b'h';
    /// Content: a list item.
    pub const LIST_ITEM: u8 = b'l';
    /// Content that mentions a noise word: a paragraph with a sentence about comments,
    /// subscriptions, shares, cookies or ads, such a sentence alone, or such a heading.
    pub const TRICKY: u8 = b'x';
    /// Content: a short sentence on a line of its own.
    pub const SHORT: u8 = b's';
    /// Content: an image caption.
    pub const CAPTION: u8 = b'c';
    /// Content: a paragraph that ends with an engagement prompt (a cut may remove the tail).
    pub const MIXED: u8 = b'm';
    /// A blank line.
    pub const BLANK: u8 = b'_';
    /// Noise: the page title repeated.
    pub const TITLE_REPEAT: u8 = b'T';
    /// Noise: menus, skip links, search and account links, language and post navigation.
    pub const MENU: u8 = b'M';
    /// Noise: breadcrumbs.
    pub const BREADCRUMB: u8 = b'K';
    /// Noise: bylines, dates, reading times, view counts.
    pub const META: u8 = b'Y';
    /// Noise: ad labels and shopping or affiliate lines.
    pub const AD: u8 = b'A';
    /// Noise: ad-blocker walls.
    pub const ADBLOCK: u8 = b'X';
    /// Noise: share bars and follow prompts.
    pub const SHARE: u8 = b'S';
    /// Noise: newsletter boxes, paywalls, donation appeals.
    pub const NEWSLETTER: u8 = b'L';
    /// Noise: cookie banners.
    pub const COOKIE: u8 = b'O';
    /// Noise: related-content blocks, inline "read also" links, sidebar widgets.
    pub const RELATED: u8 = b'R';
    /// Noise: tag and category lists.
    pub const TAGS: u8 = b'G';
    /// Noise: comment counts, comment forms and the furniture around comments.
    pub const COMMENTS: u8 = b'F';
    /// Noise: the text of readers' comments.
    pub const USER_COMMENT: u8 = b'U';
    /// Noise: footer links and copyright lines.
    pub const FOOTER: u8 = b'P';
    /// Noise: a table of contents (its heading, toggle and entries).
    pub const TOC: u8 = b'Z';
    /// Noise: photo and source credits.
    pub const CREDIT: u8 = b'I';
    /// Noise: engagement bait on a line of its own.
    pub const ENGAGEMENT: u8 = b'E';

    /// `C` (content), `N` (noise) or `B` (blank) for a class code.
    pub fn label(code: u8) -> u8 {
        match code {
            BLANK => b'B',
            c if c.is_ascii_lowercase() => b'C',
            _ => b'N',
        }
    }

    /// True for a content code.
    pub fn is_content(code: u8) -> bool {
        code.is_ascii_lowercase()
    }
}

use class::*;

/// A generated page: the text (every line ends with `\n`) and one class code per line.
#[derive(Default)]
pub struct Page {
    /// The page text.
    pub text: String,
    /// One [`class`] code per line of `text`.
    pub classes: Vec<u8>,
    /// The page's language.
    pub lang: Lang,
    /// The URL the page was "crawled" from.
    pub url: String,
}

/// Share of pages per language: English, then seven languages of equal weight.
const ENGLISH_SHARE: f64 = 0.3;
/// Chance that a noise phrase of a non-English page is written in English (sites often leave
/// "Share", "Tags" or "Newsletter" untranslated).
const ENGLISH_NOISE: f64 = 0.12;
/// Article length in content bytes: log-uniform in the first range, except for a share of
/// long articles, log-uniform in the second.
const SHORT_ARTICLE_BYTES: (f64, f64) = (700.0, 9_000.0);
const LONG_ARTICLE_BYTES: (f64, f64) = (9_000.0, 28_000.0);
const LONG_ARTICLE_SHARE: f64 = 0.08;

/// Generates page `index` of the corpus of `seed` into `page` (its buffers are reused).
pub fn generate(inv: &Inventory, seed: u64, index: u64, page: &mut Page) {
    page.text.clear();
    page.classes.clear();
    let mut rng = Rng::for_stream(seed, index);
    let lang = if rng.chance(ENGLISH_SHARE) {
        EN
    } else {
        1 + rng.below(LANGS.len() - 1)
    };
    let mut g = PageGen {
        inv,
        rng,
        lang,
        site: String::new(),
        domain: String::new(),
        author: String::new(),
        title: String::new(),
        blank_lines: false,
        content_bytes: 0,
        content_seen: HashSet::new(),
        page,
    };
    g.build(index);
}

/// The state of one page being generated. Prose and placeholder methods live in
/// `prose.rs`.
pub struct PageGen<'a> {
    pub(crate) inv: &'a Inventory,
    pub(crate) rng: Rng,
    /// The page's language.
    pub(crate) lang: Lang,
    pub(crate) site: String,
    pub(crate) domain: String,
    /// The page's author, named in the byline and the author box.
    pub(crate) author: String,
    pub(crate) title: String,
    /// Whether this page separates its blocks with blank lines (many extractors do, WET
    /// files mostly do not).
    blank_lines: bool,
    /// Bytes of content lines so far (the article length is measured in these).
    content_bytes: usize,
    /// Content lines so far. Short content lines are drawn from small lists; a real page
    /// rarely repeats one, so the generator avoids it (a repeat would also be a duplicate
    /// that a cleaner may rightly drop).
    content_seen: HashSet<String>,
    page: &'a mut Page,
}

impl PageGen<'_> {
    fn build(&mut self, index: u64) {
        self.site_identity(index);
        self.blank_lines = self.rng.chance(0.45);
        let lang = self.lang;
        self.title = self.headline(lang);
        let mut author = String::new();
        self.person(lang, &mut author);
        self.author = author;

        // The <title>, often with the site name, is the first line of an extracted page.
        let first = match self.rng.below(10) {
            0 => format!("{} | {}", self.title, self.site),
            1 => format!("{} - {}", self.title, self.site),
            2 => format!("{} – {}", self.title, self.site),
            _ => self.title.clone(),
        };
        self.push(first, TITLE);

        let cookie_on_top = self.rng.chance(0.25);
        let cookie_at_bottom = !cookie_on_top && self.rng.chance(0.35);
        if self.rng.chance(0.3) {
            let l = self.noise_lang();
            let skip = self.inv.entries("menu.utility", l)[0];
            self.push(skip.to_string(), MENU);
        }
        if cookie_on_top {
            self.cookie_banner();
        }
        if self.rng.chance(0.08) {
            self.adblock_wall();
        }
        if self.rng.chance(0.85) {
            self.menu();
        }
        self.gap();
        if self.rng.chance(0.25) {
            self.ad_slot();
        }
        if self.rng.chance(0.7) {
            self.breadcrumb();
        }
        if self.rng.chance(0.85) {
            self.push(self.title.clone(), TITLE_REPEAT);
        }
        if self.rng.chance(0.35) {
            let standfirst = self.paragraph(lang, 15, 40, false);
            self.push(standfirst, PARAGRAPH);
        }
        self.byline();
        if self.rng.chance(0.3) {
            self.share_bar();
        }
        self.gap();
        if self.rng.chance(0.12) {
            self.image();
        }

        self.article();
        self.gap();

        if self.rng.chance(0.25) {
            let l = self.noise_lang();
            let line = self.phrase("engagement.line", l);
            self.push(line, ENGAGEMENT);
        }
        if self.rng.chance(0.45) {
            self.share_bar();
        }
        if self.rng.chance(0.5) {
            self.tags();
        }
        if self.rng.chance(0.25) {
            self.push(self.title.clone(), TITLE_REPEAT);
        }
        if self.rng.chance(0.2) {
            let l = self.noise_lang();
            let bios = self.inv.entries("meta.bio", l);
            for i in self.rng.distinct(bios.len(), 1, 2) {
                let mut bio = String::new();
                self.fill(bios[i], l, &mut bio);
                self.push(bio, META);
            }
        }
        self.gap();
        if self.rng.chance(0.25) {
            self.post_navigation();
        }
        if self.rng.chance(0.55) {
            self.related_block();
        }
        if self.rng.chance(0.25) {
            self.ad_widget();
        }
        if self.rng.chance(0.35) {
            self.newsletter_box();
        }
        if self.rng.chance(0.1) {
            self.paywall();
        }
        if self.rng.chance(0.4) {
            self.comments();
        }
        if self.rng.chance(0.3) {
            self.sidebar();
        }
        if self.rng.chance(0.85) {
            self.footer();
        }
        if cookie_at_bottom {
            self.cookie_banner();
        }
        // Trailing blank lines are not part of a page.
        while self.page.classes.last() == Some(&BLANK) {
            self.page.classes.pop();
            self.page.text.pop();
        }
    }

    /// Appends one line with its class.
    fn push(&mut self, line: String, code: u8) {
        debug_assert!(!line.contains(['\n', '\r', '\u{c}']), "{line:?}");
        debug_assert!(code == BLANK || !line.trim().is_empty(), "empty {code}");
        if class::is_content(code) {
            self.content_bytes += line.len() + 1;
            self.content_seen.insert(line.clone());
        }
        self.page.text.push_str(&line);
        self.page.text.push('\n');
        self.page.classes.push(code);
    }

    /// Pushes a content line made by `make`, drawing again when the page already has that
    /// line; gives up (pushes nothing) after a few draws.
    fn push_fresh(&mut self, code: u8, mut make: impl FnMut(&mut Self) -> String) {
        for _ in 0..8 {
            let line = make(self);
            if !self.content_seen.contains(&line) {
                self.push(line, code);
                return;
            }
        }
    }

    /// A blank line between blocks, on pages that have them.
    fn gap(&mut self) {
        if self.blank_lines && !matches!(self.page.classes.last(), None | Some(&BLANK)) {
            self.page.text.push('\n');
            self.page.classes.push(BLANK);
        }
    }

    /// The language of the next noise phrase: the page's, or now and then English.
    fn noise_lang(&mut self) -> Lang {
        if self.lang != EN && self.rng.chance(ENGLISH_NOISE) {
            EN
        } else {
            self.lang
        }
    }

    /// Site name, domain and URL.
    fn site_identity(&mut self, index: u64) {
        let lang = self.lang;
        let words = self.inv.entries("site.word", lang);
        self.site = match self.rng.below(4) {
            0 => {
                let city = self.word("city", lang);
                format!("{city} {}", self.rng.pick(words))
            }
            1 => format!("{}24", self.rng.pick(words)),
            _ => {
                let pair = self.rng.distinct(words.len(), 2, 2);
                format!("{} {}", words[pair[0]], words[pair[1]])
            }
        };
        let tld = self.word("tld", lang);
        self.domain = format!("{}.{tld}", slug(&self.site, 40).replace('-', ""));
        // The URL needs the title, which is chosen next; reserve the random draws now so
        // the URL shape does not depend on the title.
        let section = slug(self.word("menu.item", lang), 20);
        let (year, month) = (self.rng.range(2015, 2025), self.rng.range(1, 12));
        let shape = self.rng.below(4);
        self.page.lang = lang;
        self.page.url.clear();
        self.page
            .url
            .push_str(&format!("https://www.{}/", self.domain));
        let url_tail = match shape {
            0 => format!("{section}/{year}/{month:02}/"),
            1 => format!("{section}/"),
            2 => format!("{year}/{month:02}/"),
            _ => format!("?p={}", 1000 + index),
        };
        self.page.url.push_str(&url_tail);
        // The slug of the title is appended once the title is known (see `article`).
    }

    fn menu(&mut self) {
        let l = self.noise_lang();
        if self.rng.chance(0.3) {
            let utility = self.word("menu.utility", l);
            self.push(utility.to_string(), MENU);
        }
        let items = self.inv.entries("menu.item", l);
        let picked = self.rng.distinct(items.len(), 5, 30);
        if self.rng.chance(0.2) {
            // Some extractors keep a menu on one line.
            let sep = *self.rng.pick(&[" | ", "  ", " · ", " / "]);
            let line: Vec<&str> = picked.iter().map(|&i| items[i]).collect();
            self.push(line.join(sep), MENU);
        } else {
            for i in picked {
                self.push(items[i].to_string(), MENU);
            }
        }
        for _ in 0..self.rng.range(0, 3) {
            let utility = self.word("menu.utility", l);
            self.push(utility.to_string(), MENU);
        }
        if self.rng.chance(0.1) {
            for language in self.inv.entries("menu.languages", l).iter().take(4) {
                self.push(language.to_string(), MENU);
            }
        }
    }

    fn breadcrumb(&mut self) {
        let l = self.noise_lang();
        let mut crumbs = vec![self.word("breadcrumb.home", l).to_string()];
        for _ in 0..self.rng.range(1, 2) {
            crumbs.push(self.word("menu.item", l).to_string());
        }
        if self.rng.chance(0.4) {
            crumbs.push(self.title.clone());
        }
        if self.rng.chance(0.25) {
            // One crumb per line, as many extractors leave them.
            for crumb in crumbs {
                self.push(crumb, BREADCRUMB);
            }
            return;
        }
        let sep = format!(" {} ", self.word("breadcrumb.sep", l));
        let mut line = String::new();
        if self.rng.chance(0.2) {
            line.push_str(self.word("breadcrumb.prefix", l));
            line.push(' ');
        }
        line.push_str(&crumbs.join(&sep));
        self.push(line, BREADCRUMB);
    }

    fn byline(&mut self) {
        let l = self.noise_lang();
        let mut parts = Vec::new();
        if self.rng.chance(0.8) {
            parts.push(self.phrase("meta.byline", l));
        }
        if self.rng.chance(0.75) {
            parts.push(self.phrase("meta.date", l));
        }
        if self.rng.chance(0.4) {
            parts.push(self.phrase("meta.reading", l));
        }
        if self.rng.chance(0.1) {
            parts.push(self.phrase("meta.views", l));
        }
        if parts.len() > 1 && self.rng.chance(0.25) {
            let sep = *self.rng.pick(&[" | ", " · ", " — ", " / "]);
            self.push(parts.join(sep), META);
        } else {
            for part in parts {
                self.push(part, META);
            }
        }
        if self.rng.chance(0.15) {
            let count = self.phrase("comments.count", l);
            self.push(count, COMMENTS);
        }
    }

    fn share_bar(&mut self) {
        let l = self.noise_lang();
        match self.rng.below(4) {
            0 => {
                let line = self.phrase("share.line", l);
                self.push(line, SHARE);
            }
            1 => {
                let networks = self.inv.entries("share.network", l);
                let picked = self.rng.distinct(networks.len(), 3, 6);
                let line: Vec<&str> = picked.iter().map(|&i| networks[i]).collect();
                self.push(line.join(" "), SHARE);
            }
            _ => {
                let heading = self.phrase("share.heading", l);
                self.push(heading, SHARE);
                let networks = self.inv.entries("share.network", l);
                for i in self.rng.distinct(networks.len(), 2, 6) {
                    self.push(networks[i].to_string(), SHARE);
                }
            }
        }
        if self.rng.chance(0.2) {
            let follow = self.phrase("share.follow", l);
            self.push(follow, SHARE);
        }
    }

    fn cookie_banner(&mut self) {
        let l = self.noise_lang();
        let notice = self.phrase("cookie.notice", l);
        self.push(notice, COOKIE);
        let buttons = self.inv.entries("cookie.button", l);
        for i in self.rng.distinct(buttons.len(), 1, 5) {
            self.push(buttons[i].to_string(), COOKIE);
        }
    }

    fn adblock_wall(&mut self) {
        let l = self.noise_lang();
        let heading = self.phrase("adblock.heading", l);
        self.push(heading, ADBLOCK);
        if self.rng.chance(0.85) {
            let plea = self.phrase("adblock.plea", l);
            self.push(plea, ADBLOCK);
        }
        let buttons = self.inv.entries("adblock.button", l);
        for i in self.rng.distinct(buttons.len(), 0, 2) {
            self.push(buttons[i].to_string(), ADBLOCK);
        }
    }

    fn ad_slot(&mut self) {
        let l = self.noise_lang();
        if self.rng.chance(0.75) {
            let label = self.phrase("ads.label", l);
            self.push(label, AD);
        }
        if self.rng.chance(0.35) {
            let shop = self.phrase("ads.shop", l);
            self.push(shop, AD);
        }
        if self.page.classes.last() != Some(&AD) {
            let label = self.phrase("ads.label", l);
            self.push(label, AD);
        }
    }

    /// A picture: its caption (content) and credit (noise), in either order, or the credit
    /// appended to the caption.
    fn image(&mut self) {
        let lang = self.lang;
        let caption = |g: &mut Self| {
            if g.rng.chance(0.5) {
                let mut s = g.sentence(lang);
                if g.rng.chance(0.3) {
                    s.pop(); // captions often have no full stop
                }
                s
            } else {
                g.word("prose.short", lang).to_string()
            }
        };
        let l = self.noise_lang();
        let credit = self.phrase("credits.photo", l);
        match self.rng.below(5) {
            0 => {
                self.push(credit, CREDIT);
                self.push_fresh(CAPTION, caption);
            }
            1 => self.push_fresh(CAPTION, |g| format!("{} {credit}", caption(g))),
            _ => {
                self.push_fresh(CAPTION, caption);
                self.push(credit, CREDIT);
            }
        }
    }

    /// The article body: paragraphs and other content, sections with headings, and the
    /// noise that sits between paragraphs.
    fn article(&mut self) {
        let lang = self.lang;
        let title_slug = slug(&self.title, 70);
        if !self.page.url.contains("?p=") {
            self.page.url.push_str(&title_slug);
            self.page.url.push('/');
        }

        let (lo, hi) = if self.rng.chance(LONG_ARTICLE_SHARE) {
            LONG_ARTICLE_BYTES
        } else {
            SHORT_ARTICLE_BYTES
        };
        let target = (lo * (hi / lo).powf(self.rng.unit())) as usize;
        let n_headings = if target < 2500 {
            self.rng.below(2)
        } else {
            (target / self.rng.range(1500, 3500)).min(12)
        };
        let headings = self.headings(n_headings);
        let numbered = self.rng.chance(0.2);
        if headings.len() >= 3 && self.rng.chance(0.35) {
            self.toc(&headings, numbered);
        }

        let start = self.content_bytes;
        let mut next_heading = 0;
        let mut blocks_in_section = 0;
        let mut section_len = self.rng.range(1, 3);
        loop {
            let written = self.content_bytes - start;
            let headings_left = next_heading < headings.len();
            if written >= target && !headings_left {
                break;
            }
            if headings_left && (blocks_in_section >= section_len || written >= target) {
                self.gap();
                let (text, code) = &headings[next_heading];
                let line = if numbered && self.rng.chance(0.5) {
                    format!("{}. {text}", next_heading + 1)
                } else {
                    text.clone()
                };
                self.push(line, *code);
                next_heading += 1;
                blocks_in_section = 0;
                section_len = self.rng.range(1, 5);
            }
            self.gap();
            self.content_block(lang);
            blocks_in_section += 1;
            self.interstitial();
        }
    }

    /// `n` distinct section headings, some of them tricky ("Share prices", "Related work").
    fn headings(&mut self, n: usize) -> Vec<(String, u8)> {
        let lang = self.lang;
        let mut out: Vec<(String, u8)> = Vec::with_capacity(n);
        let mut attempts = 0;
        while out.len() < n && attempts < n * 10 {
            attempts += 1;
            let roll = self.rng.unit();
            let heading = if roll < 0.12 {
                (self.phrase("prose.tricky-heading", lang), TRICKY)
            } else if roll < 0.35 {
                let subject = self.phrase("prose.subject", lang);
                (capitalise(&subject), HEADING)
            } else {
                (self.phrase("prose.heading", lang), HEADING)
            };
            if !out.iter().any(|(h, _)| *h == heading.0) && heading.0 != self.title {
                out.push(heading);
            }
        }
        out
    }

    /// A table of contents: heading, maybe a toggle, one entry per later heading.
    fn toc(&mut self, headings: &[(String, u8)], numbered: bool) {
        let l = self.noise_lang();
        let heading = self.phrase("toc.heading", l);
        self.push(heading, TOC);
        if self.rng.chance(0.3) {
            let toggle = self.phrase("toc.toggle", l);
            self.push(toggle, TOC);
        }
        // One numbering style per table: "1. " (like the numbered headings), "1 ", or none.
        let bare_numbers = !numbered && self.rng.chance(0.2);
        for (i, (text, _)) in headings.iter().enumerate() {
            let entry = if numbered {
                format!("{}. {text}", i + 1)
            } else if bare_numbers {
                format!("{} {text}", i + 1)
            } else {
                text.clone()
            };
            self.push(entry, TOC);
        }
        self.gap();
    }

    /// One block of article content.
    fn content_block(&mut self, lang: Lang) {
        let roll = self.rng.unit();
        if roll < 0.07 {
            self.list(lang);
        } else if roll < 0.11 {
            self.push_fresh(SHORT, |g| g.phrase("prose.short", lang));
        } else if roll < 0.14 {
            self.push_fresh(TRICKY, |g| g.phrase("prose.tricky", lang));
        } else if roll < 0.19 {
            let mut p = self.paragraph(lang, 20, 90, false);
            p.push(' ');
            let l = self.noise_lang();
            p.push_str(&self.phrase("engagement.tail", l));
            self.push(p, MIXED);
        } else if roll < 0.31 {
            let p = self.paragraph(lang, 20, 120, true);
            self.push(p, TRICKY);
        } else {
            let p = self.paragraph(lang, 20, 120, false);
            self.push(p, PARAGRAPH);
        }
    }

    /// A bullet or numbered list of short items, sometimes introduced by a line ending in
    /// a colon.
    fn list(&mut self, lang: Lang) {
        if self.rng.chance(0.4) {
            self.push_fresh(SHORT, |g| format!("{}:", g.headline(lang)));
        }
        let marker = *self.rng.pick(&["- ", "• ", "* ", "", "1. ", "– "]);
        for i in 0..self.rng.range(3, 7) {
            self.push_fresh(LIST_ITEM, |g| {
                let item = if g.rng.chance(0.5) {
                    let subject = g.phrase("prose.subject", lang);
                    capitalise(&subject)
                } else {
                    let mut s = capitalise(&g.clause(lang, 0.2));
                    if g.rng.chance(0.5) {
                        s.push('.');
                    }
                    s
                };
                if marker == "1. " {
                    format!("{}. {item}", i + 1)
                } else {
                    format!("{marker}{item}")
                }
            });
        }
    }

    /// What sits between paragraphs: ads, link boxes, newsletter prompts, pictures.
    fn interstitial(&mut self) {
        let roll = self.rng.unit();
        if roll < 0.09 {
            self.gap();
            self.ad_slot();
        } else if roll < 0.13 {
            let l = self.noise_lang();
            let line = self.phrase("related.inline", l);
            self.push(line, RELATED);
        } else if roll < 0.15 {
            self.gap();
            let l = self.noise_lang();
            let heading = self.phrase("newsletter.heading", l);
            self.push(heading, NEWSLETTER);
            let form = self.inv.entries("newsletter.form", l);
            let mut picked = self.rng.distinct(form.len(), 1, 2);
            picked.sort_unstable();
            for i in picked {
                self.push(form[i].to_string(), NEWSLETTER);
            }
        } else if roll < 0.16 {
            let l = self.noise_lang();
            let follow = self.phrase("share.follow", l);
            self.push(follow, SHARE);
        } else if roll < 0.20 {
            self.gap();
            self.image();
        } else if roll < 0.205 {
            self.gap();
            self.adblock_wall();
        } else if roll < 0.215 {
            let l = self.noise_lang();
            let more = self.phrase("related.more", l);
            self.push(more, RELATED);
        }
    }

    fn tags(&mut self) {
        let l = self.noise_lang();
        if self.rng.chance(0.6) {
            let line = self.phrase("tags.line", l);
            self.push(line, TAGS);
            return;
        }
        let heading = self.phrase("tags.heading", l);
        self.push(heading, TAGS);
        for _ in 0..self.rng.range(2, 6) {
            let tag = self.tag(l);
            self.push(tag, TAGS);
        }
    }

    fn post_navigation(&mut self) {
        let l = self.noise_lang();
        let links = self.inv.entries("menu.pagination", l);
        for i in self.rng.distinct(links.len(), 1, 2) {
            let mut link = String::new();
            self.fill(links[i], l, &mut link);
            self.push(link, MENU);
            if self.rng.chance(0.6) {
                let headline = self.headline(self.lang);
                self.push(headline, MENU);
            }
        }
    }

    fn related_block(&mut self) {
        let l = self.noise_lang();
        let heading = self.phrase("related.heading", l);
        self.push(heading, RELATED);
        let with_dates = self.rng.chance(0.3);
        let with_teasers = self.rng.chance(0.3);
        for _ in 0..self.rng.range(3, 6) {
            let headline = self.headline(self.lang);
            self.push(headline, RELATED);
            if with_teasers {
                let teaser = self.sentence(self.lang);
                self.push(teaser, RELATED);
            }
            if with_dates {
                let mut date = String::new();
                self.date(l, &mut date);
                self.push(date, RELATED);
            }
        }
        if self.rng.chance(0.3) {
            let more = self.phrase("related.more", l);
            self.push(more, RELATED);
        }
        self.gap();
    }

    /// A native-ad widget: sponsored headlines, each followed by the advertiser.
    fn ad_widget(&mut self) {
        let l = self.noise_lang();
        let heading = self.phrase("ads.widget", l);
        self.push(heading, AD);
        for _ in 0..self.rng.range(2, 6) {
            let headline = self.headline(self.lang);
            self.push(headline, AD);
            let words = self.inv.entries("site.word", self.lang);
            let advertiser = format!("{}{}", self.rng.pick(words), self.rng.pick(words));
            self.push(advertiser, AD);
        }
        self.gap();
    }

    fn newsletter_box(&mut self) {
        let l = self.noise_lang();
        let heading = self.phrase("newsletter.heading", l);
        self.push(heading, NEWSLETTER);
        if self.rng.chance(0.7) {
            let prompt = self.phrase("newsletter.prompt", l);
            self.push(prompt, NEWSLETTER);
        }
        let form = self.inv.entries("newsletter.form", l);
        let mut picked = self.rng.distinct(form.len(), 1, 4);
        picked.sort_unstable(); // a form reads top to bottom
        for i in picked {
            self.push(form[i].to_string(), NEWSLETTER);
        }
        self.gap();
    }

    fn paywall(&mut self) {
        let l = self.noise_lang();
        let lines = self.inv.entries("newsletter.paywall", l);
        for i in self.rng.distinct(lines.len(), 1, 3) {
            let mut line = String::new();
            self.fill(lines[i], l, &mut line);
            self.push(line, NEWSLETTER);
        }
    }

    fn comments(&mut self) {
        let l = self.noise_lang();
        let count = self.phrase("comments.count", l);
        self.push(count, COMMENTS);
        for _ in 0..self.rng.range(0, 5) {
            let author = self.phrase("comments.author", l);
            self.push(author, COMMENTS);
            if self.rng.chance(0.4) {
                let mut date = String::new();
                self.date(l, &mut date);
                self.push(date, COMMENTS);
            }
            for _ in 0..self.rng.range(1, 2) {
                // Readers write in the page's language.
                let body = if self.rng.chance(0.5) {
                    self.sentence(self.lang)
                } else {
                    self.phrase("comments.body", self.lang)
                };
                self.push(body, USER_COMMENT);
            }
            if self.rng.chance(0.7) {
                let action = self.phrase("comments.action", l);
                self.push(action, COMMENTS);
            }
        }
        let form = self.inv.entries("comments.form", l);
        let mut picked = self.rng.distinct(form.len(), 2, 8);
        picked.sort_unstable();
        for i in picked {
            self.push(form[i].to_string(), COMMENTS);
        }
        self.gap();
    }

    fn sidebar(&mut self) {
        let l = self.noise_lang();
        let heading = self.phrase("sidebar.heading", l);
        self.push(heading, RELATED);
        let archive = self.rng.chance(0.5);
        for _ in 0..self.rng.range(3, 6) {
            let entry = if archive {
                let mut month = String::new();
                self.fill("{month}", l, &mut month);
                month
            } else {
                let item = self.word("menu.item", l);
                format!("{item} ({})", self.rng.range(1, 120))
            };
            self.push(entry, RELATED);
        }
        self.gap();
    }

    fn footer(&mut self) {
        let l = self.noise_lang();
        if self.rng.chance(0.3) {
            // A sitemap of sections, repeating the menu at the bottom of the page.
            let items = self.inv.entries("menu.item", l);
            for i in self.rng.distinct(items.len(), 5, 15) {
                self.push(items[i].to_string(), FOOTER);
            }
        }
        let links = self.inv.entries("footer.link", l);
        let picked = self.rng.distinct(links.len(), 3, 12);
        let mut filled = Vec::with_capacity(picked.len());
        for i in picked {
            let mut link = String::new();
            self.fill(links[i], l, &mut link);
            filled.push(link);
        }
        if self.rng.chance(0.3) {
            let sep = *self.rng.pick(&[" | ", " · ", " - "]);
            self.push(filled.join(sep), FOOTER);
        } else {
            for link in filled {
                self.push(link, FOOTER);
            }
        }
        if self.rng.chance(0.9) {
            let copyright = self.phrase("footer.copyright", l);
            self.push(copyright, FOOTER);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    fn page(seed: u64, index: u64) -> Page {
        let inv = Inventory::load().expect("inventory parses");
        let mut p = Page::default();
        generate(&inv, seed, index, &mut p);
        p
    }

    #[test]
    fn pages_are_deterministic() {
        let a = page(42, 17);
        let b = page(42, 17);
        assert_eq!(a.text, b.text);
        assert_eq!(a.classes, b.classes);
        assert_eq!(a.url, b.url);
        assert_ne!(a.text, page(42, 18).text);
        assert_ne!(a.text, page(43, 17).text);
    }

    #[test]
    fn every_line_has_a_class_and_blank_means_blank() {
        let inv = Inventory::load().expect("inventory parses");
        let mut p = Page::default();
        let mut langs = [0usize; 8];
        for index in 0..400 {
            generate(&inv, 7, index, &mut p);
            langs[p.lang] += 1;
            assert!(p.text.ends_with('\n'));
            assert!(!p.text.contains(['\r', '\u{c}']));
            let lines: Vec<&str> = p.text[..p.text.len() - 1].split('\n').collect();
            assert_eq!(lines.len(), p.classes.len(), "page {index}");
            for (line, &code) in lines.iter().zip(&p.classes) {
                assert_eq!(line.trim().is_empty(), code == class::BLANK, "{line:?}");
                assert!(!line.contains('{'), "unfilled placeholder: {line:?}");
            }
            assert_eq!(p.classes[0], class::TITLE);
            let mut content = HashSet::new();
            for (line, &code) in lines.iter().zip(&p.classes) {
                if class::is_content(code) {
                    assert!(content.insert(*line), "page {index} repeats {line:?}");
                }
            }
            assert!(p.url.starts_with("https://www."));
        }
        assert!(langs.iter().all(|&n| n > 10), "{langs:?}");
    }
}
