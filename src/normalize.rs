//! Line normalisation: the one canonical form that phrase rules, duplicate detection and
//! table-of-contents matching compare.
//!
//! Normalising folds case (full Unicode lowercase), collapses every run of whitespace
//! (including no-break and other Unicode spaces) to one space, drops zero-width characters and
//! soft hyphens, maps typographic punctuation to ASCII (curly quotes, guillemets, dashes,
//! ellipsis), removes a space before `: ; , . ! ?`, and strips leading list markers and
//! decorations (`*`, `•`, `-`, `>`, `|`, `#`, an `o ` bullet, ...). Invalid UTF-8 becomes
//! U+FFFD. The input bytes are never changed; this form is only ever compared.

/// Normalises `line` into `out` (which is cleared first).
///
/// ```
/// let mut out = String::new();
/// noisestrip::normalize::normalize_into("  * Don\u{2019}t   MISS : ".as_bytes(), &mut out);
/// assert_eq!(out, "don't miss:");
/// ```
pub fn normalize_into(line: &[u8], out: &mut String) {
    out.clear();
    let mut pending_space = false;
    for chunk in line.utf8_chunks() {
        for c in chunk.valid().chars() {
            push_char(c, out, &mut pending_space);
        }
        if !chunk.invalid().is_empty() {
            push_char(char::REPLACEMENT_CHARACTER, out, &mut pending_space);
        }
    }
    strip_leading_decoration(out);
}

#[inline]
fn push_char(c: char, out: &mut String, pending_space: &mut bool) {
    if c.is_ascii() {
        let b = c as u8;
        if b.is_ascii_whitespace() || b == 0 {
            *pending_space = true;
            return;
        }
        if *pending_space {
            *pending_space = false;
            if !out.is_empty() && !matches!(b, b':' | b';' | b',' | b'.' | b'!' | b'?') {
                out.push(' ');
            }
        }
        out.push(b.to_ascii_lowercase() as char);
        return;
    }
    let mapped: &str = match c {
        '\u{2018}' | '\u{2019}' | '\u{201A}' | '\u{201B}' | '\u{2032}' | '\u{00B4}'
        | '\u{02BC}' => "'",
        '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{201F}' | '\u{2033}' | '\u{00AB}'
        | '\u{00BB}' => "\"",
        '\u{2010}' | '\u{2011}' | '\u{2012}' | '\u{2013}' | '\u{2014}' | '\u{2015}'
        | '\u{2212}' => "-",
        '\u{2026}' => "...",
        // Zero-width characters, soft hyphen and the BOM carry no text.
        '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{2060}' | '\u{FEFF}' | '\u{00AD}' => return,
        c if c.is_whitespace() => {
            *pending_space = true;
            return;
        }
        _ => "",
    };
    if *pending_space {
        *pending_space = false;
        if !out.is_empty() {
            out.push(' ');
        }
    }
    if mapped.is_empty() {
        for l in c.to_lowercase() {
            out.push(l);
        }
    } else {
        out.push_str(mapped);
    }
}

/// Characters that decorate the start of a line without being part of its text.
fn is_leading_decoration(c: char) -> bool {
    matches!(
        c,
        '*' | '-'
            | '+'
            | '>'
            | '|'
            | '#'
            | '~'
            | '='
            | '•'
            | '·'
            | '●'
            | '◦'
            | '▪'
            | '■'
            | '□'
            | '►'
            | '▶'
            | '▸'
            | '→'
            | '›'
            | '✓'
            | '✔'
            | '★'
            | '☆'
            | ' '
    )
}

fn strip_leading_decoration(out: &mut String) {
    let mut start = 0;
    loop {
        let rest = &out[start..];
        let Some(c) = rest.chars().next() else { break };
        if is_leading_decoration(c) {
            start += c.len_utf8();
        } else if rest.starts_with("o ") && start == 0 {
            // inscriptis and lynx render second-level bullets as a lone "o".
            start += 2;
        } else {
            break;
        }
    }
    if start > 0 {
        out.drain(..start);
    }
}

/// Characters that may decorate the end of a line (`Share this:`, `Read more »`).
pub fn is_trailing_decoration(c: char) -> bool {
    matches!(
        c,
        ':' | '.'
            | '!'
            | '?'
            | ';'
            | ','
            | '*'
            | '-'
            | '|'
            | '"'
            | '>'
            | '›'
            | '→'
            | '»'
            | '+'
            | '='
            | '~'
            | '#'
            | ' '
    )
}

/// The normalised line without its trailing decoration: the key for whole-line rules and
/// duplicate detection.
///
/// ```
/// assert_eq!(noisestrip::normalize::trim_end_decoration("share this: »"), "share this");
/// ```
pub fn trim_end_decoration(s: &str) -> &str {
    s.trim_end_matches(is_trailing_decoration)
}

/// Counts the words of a normalised line: space-separated tokens with a letter or digit.
///
/// ```
/// assert_eq!(noisestrip::normalize::count_words("by - staff writer | 5 min"), 5);
/// ```
pub fn count_words(s: &str) -> usize {
    s.split(' ')
        .filter(|t| t.chars().any(char::is_alphanumeric))
        .count()
}

/// Counts words in raw bytes: runs of non-whitespace bytes that hold an ASCII letter or digit
/// or any non-ASCII byte. Cheaper than normalising, for long lines and spans.
pub fn count_words_raw(bytes: &[u8]) -> usize {
    let mut words = 0;
    let mut in_token = false;
    let mut token_counted = false;
    for &b in bytes {
        if b.is_ascii_whitespace() {
            in_token = false;
            continue;
        }
        if !in_token {
            in_token = true;
            token_counted = false;
        }
        if !token_counted && (b.is_ascii_alphanumeric() || b >= 0x80) {
            token_counted = true;
            words += 1;
        }
    }
    words
}

/// A fast, fixed-seed 64-bit hash (FNV-1a folded through a final mix), used for duplicate
/// detection. A fixed seed keeps output identical across runs and thread counts.
pub fn hash64(s: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    let mut chunks = s.chunks_exact(8);
    for c in &mut chunks {
        let mut w = [0u8; 8];
        w.copy_from_slice(c);
        h = (h ^ u64::from_le_bytes(w)).wrapping_mul(0x0000_0100_0000_01b3 ^ 0x9e37_79b9_0000_0000);
        h = h.rotate_left(29);
    }
    for &b in chunks.remainder() {
        h = (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3);
    }
    h ^= s.len() as u64;
    // splitmix64 finaliser spreads the bits.
    h = (h ^ (h >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    h = (h ^ (h >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    h ^ (h >> 31)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalisation_table() {
        let cases: &[(&[u8], &str)] = &[
            (b"Advertisement", "advertisement"),
            (b"  ADVERTISEMENT  ", "advertisement"),
            (b"* Home", "home"),
            (b"o Cricket", "cricket"),
            (b"o", "o"),
            (b"Share this :", "share this:"),
            ("Don\u{2019}t\u{00A0}miss".as_bytes(), "don't miss"),
            (
                "\u{201C}Quoted\u{201D} \u{2014} text\u{2026}".as_bytes(),
                "\"quoted\" - text...",
            ),
            ("• ÉTÉ  À PARIS".as_bytes(), "été à paris"),
            ("zero\u{200B}width".as_bytes(), "zerowidth"),
            (b"tab\tand\r", "tab and"),
            (b"bad \xff byte", "bad \u{FFFD} byte"),
            (b"", ""),
            (b"  \t ", ""),
            ("Привет МИР".as_bytes(), "привет мир"),
        ];
        let mut out = String::new();
        for (input, expected) in cases {
            normalize_into(input, &mut out);
            assert_eq!(&out, expected, "input {:?}", String::from_utf8_lossy(input));
        }
    }

    #[test]
    fn trailing_decoration_and_words() {
        assert_eq!(trim_end_decoration("read more »"), "read more");
        assert_eq!(trim_end_decoration("comments (3)"), "comments (3)");
        assert_eq!(count_words("tags: a, b, c"), 4);
        assert_eq!(count_words("* * *"), 0);
        assert_eq!(count_words_raw(b"  Hello, world -- 42 "), 3);
    }

    #[test]
    fn hash_is_stable_and_spreads() {
        assert_eq!(hash64(b"abc"), hash64(b"abc"));
        assert_ne!(hash64(b"abc"), hash64(b"abd"));
        assert_ne!(hash64(b""), hash64(b"\0"));
    }
}
