//! Line normalisation: the one canonical form that phrase rules, duplicate detection and
//! table-of-contents matching compare.
//!
//! Normalising folds case (full Unicode lowercase), collapses every run of whitespace
//! (including no-break and other Unicode spaces) to one space, drops zero-width characters and
//! soft hyphens, maps typographic punctuation to ASCII (curly quotes, guillemets, dashes,
//! ellipsis), removes a space before `: ; , . ! ?`, and strips leading list markers and
//! decorations (`*`, `•`, `-`, `>`, `|`, `#`, an `o ` bullet, ...). Invalid UTF-8 becomes
//! U+FFFD. The input bytes are never changed; this form is only ever compared.

/// A normalised line: valid UTF-8 bytes plus the word count found while building it.
///
/// ```
/// let mut n = noisestrip::normalize::Normalized::default();
/// noisestrip::normalize::normalize_into("  * Don\u{2019}t   MISS : ".as_bytes(), &mut n);
/// assert_eq!(n.as_bytes(), b"don't miss:");
/// assert_eq!(n.key(), b"don't miss");
/// assert_eq!(n.words(), 2);
/// ```
#[derive(Clone, Debug, Default)]
pub struct Normalized {
    bytes: Vec<u8>,
    words: usize,
}

impl Normalized {
    /// The normalised text (always valid UTF-8).
    pub fn as_bytes(&self) -> &[u8] {
        &self.bytes
    }

    /// The normalised text as a string.
    pub fn as_str(&self) -> &str {
        // Built only from whole characters, so this never fails; fall back to empty rather
        // than panic should that ever change.
        std::str::from_utf8(&self.bytes).unwrap_or("")
    }

    /// Words: space-separated tokens holding a letter or digit.
    pub fn words(&self) -> usize {
        self.words
    }

    /// True when nothing is left after normalising.
    pub fn is_empty(&self) -> bool {
        self.bytes.is_empty()
    }

    /// The text without trailing decoration: the key of whole-line rules and duplicates.
    pub fn key(&self) -> &[u8] {
        trim_end_decoration_bytes(&self.bytes)
    }

    /// Empties the buffer.
    pub fn clear(&mut self) {
        self.bytes.clear();
        self.words = 0;
    }
}

/// Byte classes of the ASCII fast path.
const SPACE: u8 = 1;
/// Punctuation that takes no space before it.
const TIGHT: u8 = 2;
/// Leading decoration (list markers).
const LEAD: u8 = 4;
/// Letters and digits.
const ALNUM: u8 = 8;

const fn ascii_classes() -> [u8; 128] {
    let mut t = [0u8; 128];
    let mut b = 0;
    while b < 128 {
        let c = b as u8;
        if c == b' ' || c == b'\t' || c == b'\n' || c == b'\r' || c == 0x0b || c == 0x0c || c == 0 {
            t[b] = SPACE;
        } else if c.is_ascii_alphanumeric() {
            t[b] = ALNUM;
        }
        if matches!(c, b':' | b';' | b',' | b'.' | b'!' | b'?') {
            t[b] |= TIGHT;
        }
        if matches!(c, b'*' | b'-' | b'+' | b'>' | b'|' | b'#' | b'~' | b'=') {
            t[b] |= LEAD;
        }
        b += 1;
    }
    t
}

static ASCII_CLASS: [u8; 128] = ascii_classes();

/// Builds the normalised form while tracking words and the leading-decoration state.
struct Builder<'a> {
    out: &'a mut Vec<u8>,
    words: usize,
    pending_space: bool,
    token_has_alnum: bool,
    /// The line starts with a capital `O`: a word (the Portuguese article), not a bullet.
    capital_o: bool,
}

impl Builder<'_> {
    #[inline]
    fn space(&mut self) {
        if self.out.is_empty() {
            return;
        }
        if self.out.as_slice() == b"o" && !self.capital_o {
            // inscriptis and lynx render second-level bullets as a lone "o" (lower case;
            // "O que ..." starts a Portuguese sentence).
            self.out.clear();
            self.token_has_alnum = false;
            return;
        }
        self.pending_space = true;
    }

    #[inline]
    fn end_token(&mut self) {
        if self.token_has_alnum {
            self.words += 1;
            self.token_has_alnum = false;
        }
    }

    /// Emits bytes of one character of the given class (`alnum` for letters and digits).
    #[inline]
    fn emit(&mut self, bytes: &[u8], alnum: bool, tight: bool, lead: bool) {
        if self.out.is_empty() && lead {
            return;
        }
        if self.pending_space {
            self.pending_space = false;
            self.end_token();
            if !tight {
                self.out.push(b' ');
            }
        }
        self.token_has_alnum |= alnum;
        self.out.extend_from_slice(bytes);
    }
}

/// Normalises `line` into `out` (which is cleared first).
///
/// ```
/// let mut n = noisestrip::normalize::Normalized::default();
/// noisestrip::normalize::normalize_into("\u{2022} ÉTÉ  \u{00E0} PARIS".as_bytes(), &mut n);
/// assert_eq!(n.as_str(), "été à paris");
/// ```
pub fn normalize_into(line: &[u8], out: &mut Normalized) {
    out.bytes.clear();
    out.bytes.reserve(line.len() + 8);
    out.words = normalize_core(line, &mut out.bytes, usize::MAX).0;
}

/// The byte offset in `line` of the character that produced byte `norm_offset` of the line's
/// normalised form (the line's length if there is no such byte). Lets a match found in
/// normalised text cut the raw line at the right place.
///
/// ```
/// use noisestrip::normalize::raw_offset;
/// let line = "Great read.  \u{2014} KEYWORDS : a, b".as_bytes();
/// // normalised: "great read. - keywords: a, b"; "keywords" starts at byte 14
/// assert_eq!(&line[raw_offset(line, 14)..], b"KEYWORDS : a, b");
/// ```
pub fn raw_offset(line: &[u8], norm_offset: usize) -> usize {
    let mut scratch = Vec::with_capacity(line.len() + 8);
    normalize_core(line, &mut scratch, norm_offset).1
}

/// The one normalisation loop. Returns the word count and, when the output grows past
/// `stop_after` bytes, the input offset of the character that did it (else `line.len()`).
#[inline]
fn normalize_core(line: &[u8], out: &mut Vec<u8>, stop_after: usize) -> (usize, usize) {
    let mut b = Builder {
        out,
        words: 0,
        pending_space: false,
        token_has_alnum: false,
        capital_o: false,
    };
    let mut i = 0;
    while i < line.len() {
        let start = i;
        let byte = line[i];
        if byte < 0x80 {
            let class = ASCII_CLASS[byte as usize];
            if class == ALNUM && !b.pending_space && !b.out.is_empty() && stop_after == usize::MAX {
                // The hot path: a run of ASCII letters and digits inside a word, copied in
                // one go.
                let run = line[i..]
                    .iter()
                    .position(|&c| c >= 0x80 || ASCII_CLASS[c as usize] != ALNUM)
                    .unwrap_or(line.len() - i);
                b.out
                    .extend(line[i..i + run].iter().map(u8::to_ascii_lowercase));
                b.token_has_alnum = true;
                i += run;
                continue;
            } else if byte == b' '
                && !b.pending_space
                && b.out.len() > 1
                && line
                    .get(i + 1)
                    .is_some_and(|&c| c < 0x80 && ASCII_CLASS[c as usize] == ALNUM)
            {
                // The other hot path: one space between words.
                b.end_token();
                b.out.push(b' ');
            } else if class & SPACE != 0 {
                b.space();
            } else {
                b.capital_o |= byte == b'O' && b.out.is_empty();
                b.emit(
                    &[byte.to_ascii_lowercase()],
                    class & ALNUM != 0,
                    class & TIGHT != 0,
                    class & LEAD != 0,
                );
            }
            i += 1;
        } else if let Some(lower) = fast_lowercase_pair(line, i) {
            // Letters of Latin-1, Greek and Cyrillic: two bytes in, two bytes out.
            if b.pending_space || b.out.is_empty() {
                b.emit(&lower, true, false, false);
            } else {
                b.out.extend_from_slice(&lower);
                b.token_has_alnum = true;
            }
            i += 2;
        } else {
            let (c, len) = decode_char(&line[i..]);
            i += len;
            push_non_ascii(c, &mut b);
        }
        if b.out.len() > stop_after {
            return (0, start);
        }
    }
    b.end_token();
    (b.words, line.len())
}

/// The lowercase UTF-8 form of a two-byte letter at `line[i..]` from the scripts most text
/// uses (Latin-1 letters, Greek, Cyrillic), computed without the Unicode tables; `None` for
/// anything else, which takes the general path.
#[inline]
fn fast_lowercase_pair(line: &[u8], i: usize) -> Option<[u8; 2]> {
    let lead = line[i];
    if !(0xC3..=0xD3).contains(&lead) {
        return None;
    }
    let cont = *line.get(i + 1)?;
    if cont & 0xC0 != 0x80 {
        return None;
    }
    let code = (u32::from(lead & 0x1F) << 6) | u32::from(cont & 0x3F);
    let lower = match code {
        0xD7 | 0xF7 => return None, // × and ÷ are not letters
        0xC0..=0xDE => code + 0x20,
        0xDF..=0xFF => code,
        0x391..=0x3A1 | 0x3A3..=0x3AB => code + 0x20, // Greek capitals
        0x3AC..=0x3CE => code,                        // Greek small letters
        0x400..=0x40F => code + 0x50,                 // Cyrillic Ѐ-Џ
        0x410..=0x42F => code + 0x20,                 // Cyrillic А-Я
        0x430..=0x45F => code,                        // Cyrillic а-џ
        _ => return None,
    };
    // Every result lies in U+0080..U+07FF: two bytes.
    Some([0xC0 | (lower >> 6) as u8, 0x80 | (lower & 0x3F) as u8])
}

/// Decodes one UTF-8 character at the start of `bytes` (which starts with a non-ASCII
/// byte). Invalid sequences decode as U+FFFD, one byte at a time.
#[inline]
fn decode_char(bytes: &[u8]) -> (char, usize) {
    const BAD: (char, usize) = (char::REPLACEMENT_CHARACTER, 1);
    let lead = u32::from(bytes[0]);
    let cont = |k: usize| -> Option<u32> {
        match bytes.get(k) {
            Some(&b) if b & 0xC0 == 0x80 => Some(u32::from(b & 0x3F)),
            _ => None,
        }
    };
    let (code, len) = match lead {
        0xC2..=0xDF => match cont(1) {
            Some(c1) => (((lead & 0x1F) << 6) | c1, 2),
            None => return BAD,
        },
        0xE0..=0xEF => match (cont(1), cont(2)) {
            (Some(c1), Some(c2)) => (((lead & 0x0F) << 12) | (c1 << 6) | c2, 3),
            _ => return BAD,
        },
        0xF0..=0xF4 => match (cont(1), cont(2), cont(3)) {
            (Some(c1), Some(c2), Some(c3)) => {
                (((lead & 0x07) << 18) | (c1 << 12) | (c2 << 6) | c3, 4)
            }
            _ => return BAD,
        },
        _ => return BAD,
    };
    // Overlong forms and surrogates are invalid UTF-8: from_u32 rejects surrogates, and the
    // minimum checks reject overlong 3- and 4-byte forms.
    let min = match len {
        3 => 0x800,
        4 => 0x1_0000,
        _ => 0x80,
    };
    match char::from_u32(code) {
        Some(c) if code >= min => (c, len),
        _ => BAD,
    }
}

fn push_non_ascii(c: char, b: &mut Builder<'_>) {
    let mapped: &[u8] = match c {
        '\u{2018}' | '\u{2019}' | '\u{201A}' | '\u{201B}' | '\u{2032}' | '\u{00B4}'
        | '\u{02BC}' => b"'",
        '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{201F}' | '\u{2033}' | '\u{00AB}'
        | '\u{00BB}' => b"\"",
        '\u{2010}' | '\u{2011}' | '\u{2012}' | '\u{2013}' | '\u{2014}' | '\u{2015}'
        | '\u{2212}' => b"-",
        '\u{203A}' | '\u{2192}' | '\u{21D2}' | '\u{25BA}' | '\u{25B6}' | '\u{25B8}' => b">",
        '\u{2039}' | '\u{2190}' => b"<",
        '\u{2026}' => b"...",
        // Zero-width characters, soft hyphen and the BOM carry no text.
        '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{2060}' | '\u{FEFF}' | '\u{00AD}' => return,
        c if c.is_whitespace() => {
            b.space();
            return;
        }
        _ => b"",
    };
    if !mapped.is_empty() {
        let class = ASCII_CLASS[mapped[0] as usize];
        b.emit(mapped, false, class & TIGHT != 0, class & LEAD != 0);
        return;
    }
    let lead = matches!(
        c,
        '•' | '·' | '●' | '◦' | '▪' | '■' | '□' | '✓' | '✔' | '★' | '☆'
    );
    // Any other non-ASCII character counts as part of a word, as in `count_words`:
    // punctuation that matters has been mapped to ASCII above.
    let alnum = !lead;
    let mut buf = [0u8; 4];
    let mut lower = c.to_lowercase();
    if let (Some(l), None) = (lower.next(), lower.clone().next()) {
        b.emit(l.encode_utf8(&mut buf).as_bytes(), alnum, false, lead);
    } else {
        for l in c.to_lowercase() {
            b.emit(l.encode_utf8(&mut buf).as_bytes(), alnum, false, lead);
        }
    }
}

const LANES_01: u64 = 0x0101_0101_0101_0101;
const LANES_80: u64 = 0x8080_8080_8080_8080;
const LANES_7F: u64 = 0x7F7F_7F7F_7F7F_7F7F;

/// Lanes (bit 7 of each byte) holding an ASCII byte below `n` (`n` at most 0x80).
#[inline]
fn lanes_below(w: u64, n: u8) -> u64 {
    let at_least_n = (w & LANES_7F) + LANES_01 * u64::from(0x80 - n);
    !(at_least_n | w) & LANES_80
}

/// Eight bytes (a chunk of exactly eight) as one little-endian word.
#[inline]
fn load_lanes(chunk: &[u8]) -> u64 {
    let mut bytes = [0u8; 8];
    bytes.copy_from_slice(chunk);
    u64::from_le_bytes(bytes)
}

/// The lanes where a token starts: not whitespace (`ws`, from [`lanes_below`]), after a lane
/// that is, or after the previous chunk's whitespace when `after_space`.
#[inline]
fn token_start_lanes(ws: u64, after_space: bool) -> u64 {
    let carry = if after_space { 0x80 } else { 0 };
    !ws & ((ws << 8) | carry) & LANES_80
}

/// Lanes holding exactly the byte `b`.
#[inline]
fn lanes_equal(w: u64, b: u8) -> u64 {
    let v = w ^ (LANES_01 * u64::from(b));
    let nonzero = ((v & LANES_7F) + LANES_7F) | v;
    !nonzero & LANES_80
}

/// The 8 bytes with ASCII capitals lowered; other bytes unchanged.
#[inline]
fn lower_ascii_lanes(w: u64) -> u64 {
    let upper = lanes_below(w, b'Z' + 1) & !lanes_below(w, b'A');
    w | (upper >> 2)
}

/// Light normalisation for long lines: ASCII letters lowered, each run of ASCII whitespace
/// (and control bytes) collapsed to one space, leading and trailing whitespace removed; all
/// other bytes kept as they are. Returns the number of whitespace-separated tokens.
///
/// A long prose line cannot match a whole-line, prefix or contains rule, so it needs only a
/// duplicate key and a word count; this pass gives both at a fraction of the cost of
/// [`normalize_into`], eight bytes at a time where the text allows.
///
/// ```
/// let mut out = Vec::new();
/// let tokens = noisestrip::normalize::light_normalize_into(b"  The CAT\t\tsat,  \xc3\x89T\xc3\x89 ", &mut out);
/// assert_eq!(out, b"the cat sat, \xc3\x89t\xc3\x89");
/// assert_eq!(tokens, 4);
/// ```
pub fn light_normalize_into(line: &[u8], out: &mut Vec<u8>) -> usize {
    out.clear();
    out.reserve(line.len());
    let mut tokens = 0;
    // Whether the bytes just before the current position were whitespace (the line start
    // counts as whitespace, so that leading whitespace is skipped).
    let mut after_space = true;
    let mut chunks = line.chunks_exact(8);
    for chunk in &mut chunks {
        let w = load_lanes(chunk);
        let ws = lanes_below(w, 0x21);
        // The fast case: whitespace only as single plain spaces between other bytes (a space
        // in the last lane is left pending, like any whitespace at a chunk's end).
        let fast = ws == lanes_equal(w, b' ')
            && ws & (ws << 8) == 0
            && (ws & 0x80 == 0 || (!after_space && !out.is_empty()));
        if fast {
            let starts = token_start_lanes(ws, after_space);
            // Sum the lanes with a multiply: no popcount instruction needed.
            tokens += (((starts >> 7).wrapping_mul(LANES_01)) >> 56) as usize;
            if after_space && ws & 0x80 == 0 && !out.is_empty() {
                out.push(b' ');
            }
            let lowered = lower_ascii_lanes(w).to_le_bytes();
            if ws >> 56 == 0 {
                out.extend_from_slice(&lowered);
                after_space = false;
            } else {
                out.extend_from_slice(&lowered[..7]);
                after_space = true;
            }
        } else {
            for &b in chunk {
                light_byte(b, out, &mut after_space, &mut tokens);
            }
        }
    }
    for &b in chunks.remainder() {
        light_byte(b, out, &mut after_space, &mut tokens);
    }
    tokens
}

/// The length of `line`'s light normalisation ([`light_normalize_into`]) without writing it:
/// its bytes above 0x20, plus one space between each two tokens.
///
/// ```
/// use noisestrip::normalize::{light_len, light_normalize_into};
/// let line = b"  Great \t read.  KEYWORDS: a ";
/// let mut out = Vec::new();
/// light_normalize_into(line, &mut out);
/// assert_eq!(light_len(line), out.len());
/// ```
pub fn light_len(line: &[u8]) -> usize {
    let mut len = 0;
    let mut tokens = 0;
    // Whether the byte before the current one was whitespace (the line start counts as such).
    let mut after_space = true;
    let mut chunks = line.chunks_exact(8);
    for chunk in &mut chunks {
        let ws = lanes_below(load_lanes(chunk), 0x21);
        let starts = token_start_lanes(ws, after_space);
        tokens += starts.count_ones() as usize;
        len += 8 - ws.count_ones() as usize;
        after_space = ws >> 63 != 0;
    }
    for &b in chunks.remainder() {
        let space = b <= 0x20;
        tokens += usize::from(after_space && !space);
        len += usize::from(!space);
        after_space = space;
    }
    len + tokens.saturating_sub(1)
}

/// The byte offset in `line` of the byte that produced byte `light_offset` of its light
/// normalisation (see [`light_normalize_into`]); the line's length if there is none.
///
/// ```
/// use noisestrip::normalize::light_raw_offset;
/// let line = b"  Great   read. KEYWORDS: a";
/// // light form: "great read. keywords: a"
/// assert_eq!(&line[light_raw_offset(line, 12)..], b"KEYWORDS: a");
/// ```
pub fn light_raw_offset(line: &[u8], light_offset: usize) -> usize {
    let mut produced = 0;
    let mut after_space = true;
    for (i, &b) in line.iter().enumerate() {
        if b <= 0x20 {
            after_space = true;
            continue;
        }
        if after_space && produced > 0 {
            produced += 1; // the collapsed space
        }
        after_space = false;
        if produced == light_offset {
            return i;
        }
        if produced > light_offset {
            // The offset named the space before this byte's word.
            return i;
        }
        produced += 1;
    }
    line.len()
}

#[inline]
fn light_byte(b: u8, out: &mut Vec<u8>, after_space: &mut bool, tokens: &mut usize) {
    if b <= 0x20 {
        *after_space = true;
        return;
    }
    if *after_space {
        *tokens += 1;
        if !out.is_empty() {
            out.push(b' ');
        }
        *after_space = false;
    }
    out.push(b.to_ascii_lowercase());
}

/// Normalises a line into a new string: a convenience over [`normalize_into`].
///
/// ```
/// assert_eq!(noisestrip::normalize::normalize("  * Share   THIS :"), "share this:");
/// ```
pub fn normalize(line: &str) -> String {
    let mut n = Normalized::default();
    normalize_into(line.as_bytes(), &mut n);
    n.as_str().to_string()
}

/// Bytes that may decorate the end of a normalised line (`Share this:`, `Read more »`).
pub fn is_trailing_decoration(b: u8) -> bool {
    matches!(
        b,
        b':' | b'.'
            | b'!'
            | b'?'
            | b';'
            | b','
            | b'*'
            | b'-'
            | b'|'
            | b'"'
            | b'>'
            | b'+'
            | b'='
            | b'~'
            | b'#'
            | b' '
    )
}

/// A normalised line without its trailing decoration.
///
/// ```
/// assert_eq!(noisestrip::normalize::trim_end_decoration_bytes(b"share this: >"), b"share this");
/// ```
pub fn trim_end_decoration_bytes(s: &[u8]) -> &[u8] {
    let mut end = s.len();
    while end > 0 && is_trailing_decoration(s[end - 1]) {
        end -= 1;
    }
    &s[..end]
}

/// Counts the words of normalised text: space-separated tokens with a letter or digit.
///
/// ```
/// assert_eq!(noisestrip::normalize::count_words(b"by - staff writer | 5 min"), 5);
/// ```
pub fn count_words(s: &[u8]) -> usize {
    let mut words = 0;
    let mut counted = false;
    for &b in s {
        if b == b' ' {
            counted = false;
        } else if !counted && (b.is_ascii_alphanumeric() || b >= 0x80) {
            counted = true;
            words += 1;
        }
    }
    words
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

/// A `HashMap` hasher for byte-string keys using [`hash64`]; fast and deterministic.
#[derive(Default, Debug, Clone, Copy)]
pub struct KeyHasher(u64);

impl std::hash::Hasher for KeyHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        self.0 = hash64(bytes) ^ self.0.rotate_left(17);
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
    fn write_usize(&mut self, n: usize) {
        // Slices write their length first; hash64 already mixes the length in.
        let _ = n;
    }
}

/// A hash map keyed by byte strings or by 64-bit hashes, with [`KeyHasher`].
pub type FastMap<K, V> = std::collections::HashMap<K, V, std::hash::BuildHasherDefault<KeyHasher>>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalisation_table() {
        let cases: &[(&[u8], &str, usize)] = &[
            (b"Advertisement", "advertisement", 1),
            (b"  ADVERTISEMENT  ", "advertisement", 1),
            (b"* Home", "home", 1),
            (b"o Cricket", "cricket", 1),
            (
                b"O que dizem os especialistas",
                "o que dizem os especialistas",
                5,
            ),
            (b"o", "o", 1),
            (b"Share this :", "share this:", 2),
            ("Don\u{2019}t\u{00A0}miss".as_bytes(), "don't miss", 2),
            (
                "\u{201C}Quoted\u{201D} \u{2014} text\u{2026}".as_bytes(),
                "\"quoted\" - text...",
                2,
            ),
            ("• ÉTÉ  À PARIS".as_bytes(), "été à paris", 3),
            ("Home \u{203A} News".as_bytes(), "home > news", 2),
            ("zero\u{200B}width".as_bytes(), "zerowidth", 1),
            (b"tab\tand\r", "tab and", 2),
            (b"bad \xff byte", "bad \u{FFFD} byte", 3),
            (b"trunc \xe2\x80", "trunc \u{FFFD}\u{FFFD}", 2),
            (
                b"overlong \xe0\x80\xaf x",
                "overlong \u{FFFD}\u{FFFD}\u{FFFD} x",
                3,
            ),
            (
                b"surrogate \xed\xa0\x80",
                "surrogate \u{FFFD}\u{FFFD}\u{FFFD}",
                2,
            ),
            ("\u{1F600} smile".as_bytes(), "\u{1F600} smile", 2),
            (b"", "", 0),
            (b"  \t ", "", 0),
            (b"* * *", "", 0),
            (b"-- 5 --", "5 --", 1),
            ("Привет МИР".as_bytes(), "привет мир", 2),
            ("İstanbul".as_bytes(), "i\u{307}stanbul", 1),
            ("ΑΘΗΝΑ ΣΟΦΙΑ".as_bytes(), "αθηνα σοφια", 2),
            ("ÀÉÎÕÜ ÝÞ ß Ÿ × ÷".as_bytes(), "àéîõü ýþ ß ÿ × ÷", 6),
            ("ЁЖИК ЀЏ".as_bytes(), "ёжик ѐџ", 2),
        ];
        let mut out = Normalized::default();
        for (input, expected, words) in cases {
            normalize_into(input, &mut out);
            assert_eq!(
                out.as_str(),
                *expected,
                "input {:?}",
                String::from_utf8_lossy(input)
            );
            assert_eq!(out.words(), *words, "words of {expected:?}");
            assert_eq!(
                count_words(out.as_bytes()),
                *words,
                "count_words of {expected:?}"
            );
        }
    }

    #[test]
    fn fast_lowercase_agrees_with_unicode() {
        for code in 0x80u32..0x800 {
            let Some(c) = char::from_u32(code) else {
                continue;
            };
            let mut buf = [0u8; 4];
            let bytes = c.encode_utf8(&mut buf).as_bytes();
            if let Some(fast) = fast_lowercase_pair(bytes, 0) {
                let expected: String = c.to_lowercase().collect();
                assert_eq!(&fast[..], expected.as_bytes(), "U+{code:04X}");
                assert!(c.is_alphabetic(), "U+{code:04X}");
            }
        }
    }

    /// The byte-at-a-time definition that the eight-byte version must agree with.
    fn light_reference(line: &[u8]) -> (Vec<u8>, usize) {
        let mut out = Vec::new();
        let (mut after_space, mut tokens) = (true, 0);
        for &b in line {
            light_byte(b, &mut out, &mut after_space, &mut tokens);
        }
        (out, tokens)
    }

    #[test]
    fn light_normalisation_matches_its_reference() {
        let cases: &[&[u8]] = &[
            b"",
            b"        ",
            b"a",
            b"Hello World, this is a LONG line of prose with Words.",
            b"  leading and trailing  ",
            b"tabs\tand\t\tnewlines\r\nmixed   spaces  x",
            b"12345678 abcdefgh ABCDEFGH        ijklmnop",
            b"exactly8 exactly8 exactly8",
            b"a b c d e f g h i j k l m n o p q r s t u v w x y z",
            "Жители старого квартала одобрили бюджет на следующий год.".as_bytes(),
            b"\xff\xfe bad BYTES \x00\x01 ctrl @[`{ edges",
        ];
        let mut out = Vec::new();
        for line in cases {
            let tokens = light_normalize_into(line, &mut out);
            let (expected, expected_tokens) = light_reference(line);
            assert_eq!(out, expected, "{:?}", String::from_utf8_lossy(line));
            assert_eq!(
                tokens,
                expected_tokens,
                "{:?}",
                String::from_utf8_lossy(line)
            );
        }
        // Every byte value in every lane position.
        for b in 0u8..=255 {
            for pos in 0..16 {
                let mut line = b"abcdefghIJKLMNOP qrstuvwx".to_vec();
                line[pos] = b;
                let tokens = light_normalize_into(&line, &mut out);
                let (expected, expected_tokens) = light_reference(&line);
                assert_eq!(out, expected, "byte {b:#x} at {pos}");
                assert_eq!(tokens, expected_tokens, "byte {b:#x} at {pos}");
            }
        }
    }

    #[test]
    fn light_offsets_point_at_the_producing_byte() {
        let lines: &[&[u8]] = &[
            b"  Great   read. KEYWORDS: a",
            b"\tx\ty  z",
            "ÉTÉ  à\u{2019}Paris".as_bytes(),
        ];
        let mut out = Vec::new();
        for line in lines {
            light_normalize_into(line, &mut out);
            for (k, &b) in out.iter().enumerate() {
                let at = light_raw_offset(line, k);
                if b == b' ' {
                    // A collapsed space maps to the first byte of the next word.
                    assert!(line[at] > 0x20, "{line:?} {k}");
                } else {
                    assert_eq!(line[at].to_ascii_lowercase(), b, "{line:?} {k}");
                }
            }
            assert_eq!(light_raw_offset(line, out.len()), line.len());
        }
    }

    #[test]
    fn a_tail_from_whitespace_light_normalises_to_a_suffix() {
        let lines: [&[u8]; 6] = [
            b"The river rose.  Let us KNOW below!",
            b"  lead\t\tand\x0btrail  ",
            b"caf\xc3\xa9 \xc3\x89T\xc3\x89\r\n end",
            b"\x00\x01 a\x1fb c",
            b"one",
            b"   ",
        ];
        let mut whole = Vec::new();
        let mut tail = Vec::new();
        for line in lines {
            light_normalize_into(line, &mut whole);
            assert_eq!(light_len(line), whole.len(), "{line:?}");
            // Every start on a byte <= 0x20 (where the tail search begins), and 0.
            for start in (0..line.len()).filter(|&i| i == 0 || line[i] <= 0x20) {
                light_normalize_into(&line[start..], &mut tail);
                assert_eq!(light_len(&line[start..]), tail.len());
                assert!(whole.ends_with(&tail), "{line:?} from {start}");
            }
        }
    }

    #[test]
    fn trailing_decoration_and_words() {
        assert_eq!(trim_end_decoration_bytes(b"read more >"), b"read more");
        assert_eq!(trim_end_decoration_bytes(b"comments (3)"), b"comments (3)");
        assert_eq!(count_words(b"tags: a, b, c"), 4);
        assert_eq!(count_words_raw(b"  Hello, world -- 42 "), 3);
    }

    #[test]
    fn hash_is_stable_and_spreads() {
        assert_eq!(hash64(b"abc"), hash64(b"abc"));
        assert_ne!(hash64(b"abc"), hash64(b"abd"));
        assert_ne!(hash64(b""), hash64(b"\0"));
    }
}
