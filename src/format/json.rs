//! A small validating JSON scanner for one JSONL record, without building a DOM.
//!
//! [`scan`] checks that a record is one well-formed JSON object and finds the spans of two
//! top-level string members (the document text and its id). Everything else is only
//! validated and skipped, so a record can be rewritten by splicing a new text value between
//! the untouched bytes before and after it. [`unescape`] decodes a string into a reused
//! buffer; [`write_escaped_clean`] writes the cleaned text back in the *original* escaped form
//! of every kept byte (so `\u00e9` stays `\u00e9` and `é` stays `é`), falling back to
//! [`escape_into`] only where no original form exists.

use crate::clean::write_clean;
use crate::decide::{Analysis, LineAction};

/// Nesting deeper than this is rejected rather than followed (no real corpus nests so deep,
/// and a bound keeps hostile input cheap).
const MAX_DEPTH: usize = 1024;

/// Where a JSON string's content lies in the record (between its quotes).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct StrSpan {
    /// First byte after the opening quote.
    pub start: usize,
    /// The closing quote.
    pub end: usize,
    /// True when the content holds at least one backslash escape.
    pub escaped: bool,
}

/// A top-level member's value as found by [`scan`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Value {
    /// A string, with its content span.
    Str(StrSpan),
    /// Any other value (number, object, `null`, ...): its raw byte span.
    Other {
        /// First byte of the value.
        start: usize,
        /// One past its last byte.
        end: usize,
    },
}

/// The members of a record that the cleaner needs.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Fields {
    /// The text member's value (the last one, if the key repeats, as most parsers do).
    pub text: Option<Value>,
    /// The id member's value.
    pub id: Option<Value>,
}

/// Why a record is not valid JSON, and where (0-based byte offset into the record).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct JsonError {
    /// Byte offset of the problem.
    pub at: usize,
    /// What is wrong.
    pub message: &'static str,
}

type Res<T> = Result<T, JsonError>;

fn err<T>(at: usize, message: &'static str) -> Res<T> {
    Err(JsonError { at, message })
}

/// Scans one record (without its line terminator; a trailing `\r` is whitespace) and returns
/// the spans of the top-level members named `text_key` and `id_key`.
///
/// The record must be valid UTF-8 (checked by the caller, once, for the whole line) and
/// one JSON object with optional surrounding whitespace. Strings are checked for control
/// characters and valid escapes; numbers and literals for their grammar.
///
/// ```
/// use noisestrip::format::json::{scan, Value};
/// let rec = br#"{"id": 7, "text": "a\nb", "meta": {"x": [1, 2.5e3, null]}}"#;
/// let f = scan(rec, b"text", b"id").unwrap();
/// let Some(Value::Str(t)) = f.text else { panic!() };
/// assert_eq!(&rec[t.start..t.end], br"a\nb");
/// assert_eq!(f.id, Some(Value::Other { start: 7, end: 8 }));
/// assert!(scan(br#"{"text": "x",}"#, b"text", b"id").is_err());
/// ```
///
/// # Errors
/// A [`JsonError`] with the offset of the first problem.
pub fn scan(rec: &[u8], text_key: &[u8], id_key: &[u8]) -> Result<Fields, JsonError> {
    let mut fields = Fields::default();
    let mut i = skip_ws(rec, 0);
    if rec.get(i) != Some(&b'{') {
        return err(i, "a record must be a JSON object");
    }
    i = skip_ws(rec, i + 1);
    if rec.get(i) == Some(&b'}') {
        i += 1;
    } else {
        let mut key_buf = Vec::new();
        loop {
            if rec.get(i) != Some(&b'"') {
                return err(i, "expected a string key");
            }
            let key = scan_string(rec, i)?;
            i = skip_ws(rec, key.end + 1);
            if rec.get(i) != Some(&b':') {
                return err(i, "expected ':' after a key");
            }
            i = skip_ws(rec, i + 1);
            let value_start = i;
            let value = if rec.get(i) == Some(&b'"') {
                let s = scan_string(rec, i)?;
                i = s.end + 1;
                Value::Str(s)
            } else {
                i = skip_value(rec, i)?;
                Value::Other {
                    start: value_start,
                    end: i,
                }
            };
            let key_text: &[u8] = if key.escaped {
                key_buf.clear();
                unescape(&rec[key.start..key.end], &mut key_buf).map_err(|e| JsonError {
                    at: key.start + e.at,
                    message: e.message,
                })?;
                &key_buf
            } else {
                &rec[key.start..key.end]
            };
            if key_text == text_key {
                fields.text = Some(value);
            } else if key_text == id_key {
                fields.id = Some(value);
            }
            i = skip_ws(rec, i);
            match rec.get(i) {
                Some(b',') => i = skip_ws(rec, i + 1),
                Some(b'}') => {
                    i += 1;
                    break;
                }
                _ => return err(i, "expected ',' or '}' after a member"),
            }
        }
    }
    i = skip_ws(rec, i);
    if i != rec.len() {
        return err(i, "unexpected bytes after the object");
    }
    Ok(fields)
}

fn skip_ws(rec: &[u8], mut i: usize) -> usize {
    while let Some(b' ' | b'\t' | b'\r' | b'\n') = rec.get(i) {
        i += 1;
    }
    i
}

/// Bytes that end the fast run inside a string: the quote, a backslash, control bytes.
static STRING_SPECIAL: [bool; 256] = {
    let mut t = [false; 256];
    let mut b = 0;
    while b < 0x20 {
        t[b] = true;
        b += 1;
    }
    t[b'"' as usize] = true;
    t[b'\\' as usize] = true;
    t
};

/// Scans the string starting at the quote at `start`; returns its content span.
fn scan_string(rec: &[u8], start: usize) -> Res<StrSpan> {
    let mut i = start + 1;
    let mut escaped = false;
    loop {
        // Jump to the next quote or backslash, then check the run before it for control
        // bytes in one branch-free pass (both vectorise; a byte loop would not).
        let run_end = memchr::memchr2(b'"', b'\\', &rec[i..]).map_or(rec.len(), |p| i + p);
        if rec[i..run_end]
            .iter()
            .fold(false, |acc, &b| acc | (b < 0x20))
        {
            i += rec[i..run_end].iter().position(|&b| b < 0x20).unwrap_or(0);
        } else {
            i = run_end;
        }
        match rec.get(i) {
            None => return err(start, "unterminated string"),
            Some(b'"') => {
                return Ok(StrSpan {
                    start: start + 1,
                    end: i,
                    escaped,
                });
            }
            Some(b'\\') => {
                escaped = true;
                match rec.get(i + 1) {
                    Some(b'"' | b'\\' | b'/' | b'b' | b'f' | b'n' | b'r' | b't') => i += 2,
                    Some(b'u') => {
                        if rec.len() < i + 6 || !rec[i + 2..i + 6].iter().all(u8::is_ascii_hexdigit)
                        {
                            return err(i, "\\u must be followed by four hex digits");
                        }
                        i += 6;
                    }
                    _ => return err(i, "invalid escape in a string"),
                }
            }
            Some(_) => return err(i, "control character in a string (must be escaped)"),
        }
    }
}

/// Skips any JSON value starting at `i` (not a string at top level of a member: those are
/// handled by the caller, but nested ones come through here too).
fn skip_value(rec: &[u8], mut i: usize) -> Res<usize> {
    // A stack of open containers: true for an object, false for an array.
    let mut stack: Vec<bool> = Vec::new();
    loop {
        // Parse one value at i.
        match rec.get(i) {
            Some(b'"') => i = scan_string(rec, i)?.end + 1,
            Some(b'{') => {
                i = skip_ws(rec, i + 1);
                if rec.get(i) == Some(&b'}') {
                    i += 1;
                } else {
                    if stack.len() >= MAX_DEPTH {
                        return err(i, "nesting too deep");
                    }
                    stack.push(true);
                    i = object_key(rec, i)?;
                    continue;
                }
            }
            Some(b'[') => {
                i = skip_ws(rec, i + 1);
                if rec.get(i) == Some(&b']') {
                    i += 1;
                } else {
                    if stack.len() >= MAX_DEPTH {
                        return err(i, "nesting too deep");
                    }
                    stack.push(false);
                    continue;
                }
            }
            Some(b't') => i = literal(rec, i, b"true")?,
            Some(b'f') => i = literal(rec, i, b"false")?,
            Some(b'n') => i = literal(rec, i, b"null")?,
            Some(b'-' | b'0'..=b'9') => i = number(rec, i)?,
            _ => return err(i, "expected a value"),
        }
        // After a value: close containers or move to the next element.
        loop {
            let Some(&is_object) = stack.last() else {
                return Ok(i);
            };
            i = skip_ws(rec, i);
            match (rec.get(i), is_object) {
                (Some(b','), true) => {
                    i = object_key(rec, skip_ws(rec, i + 1))?;
                    break;
                }
                (Some(b','), false) => {
                    i = skip_ws(rec, i + 1);
                    break;
                }
                (Some(b'}'), true) | (Some(b']'), false) => {
                    stack.pop();
                    i += 1;
                }
                (_, true) => return err(i, "expected ',' or '}' in an object"),
                (_, false) => return err(i, "expected ',' or ']' in an array"),
            }
        }
    }
}

/// Parses `"key" :` at `i` and returns where the value starts.
fn object_key(rec: &[u8], i: usize) -> Res<usize> {
    if rec.get(i) != Some(&b'"') {
        return err(i, "expected a string key");
    }
    let key = scan_string(rec, i)?;
    let i = skip_ws(rec, key.end + 1);
    if rec.get(i) != Some(&b':') {
        return err(i, "expected ':' after a key");
    }
    Ok(skip_ws(rec, i + 1))
}

fn literal(rec: &[u8], i: usize, word: &[u8]) -> Res<usize> {
    if rec[i..].starts_with(word) {
        Ok(i + word.len())
    } else {
        err(i, "invalid literal")
    }
}

fn number(rec: &[u8], mut i: usize) -> Res<usize> {
    let start = i;
    let digits = |rec: &[u8], mut i: usize| {
        let from = i;
        while rec.get(i).is_some_and(u8::is_ascii_digit) {
            i += 1;
        }
        (i, i - from)
    };
    if rec.get(i) == Some(&b'-') {
        i += 1;
    }
    match rec.get(i) {
        Some(b'0') => i += 1,
        Some(b'1'..=b'9') => i = digits(rec, i).0,
        _ => return err(start, "invalid number"),
    }
    if rec.get(i) == Some(&b'.') {
        let (next, n) = digits(rec, i + 1);
        if n == 0 {
            return err(start, "invalid number");
        }
        i = next;
    }
    if let Some(b'e' | b'E') = rec.get(i) {
        i += 1;
        if let Some(b'+' | b'-') = rec.get(i) {
            i += 1;
        }
        let (next, n) = digits(rec, i);
        if n == 0 {
            return err(start, "invalid number");
        }
        i = next;
    }
    Ok(i)
}

fn hex4(s: &[u8]) -> u32 {
    s.iter().fold(0, |acc, &b| {
        let d = match b {
            b'0'..=b'9' => b - b'0',
            b'a'..=b'f' => b - b'a' + 10,
            _ => b - b'A' + 10,
        };
        acc * 16 + u32::from(d)
    })
}

/// Decodes one escape at `s[0] == b'\\'` (already validated by the scanner, but checked
/// again so this is safe on any input). Returns the escape's length and appends the bytes.
fn decode_escape(s: &[u8], out: &mut Vec<u8>) -> Res<usize> {
    let simple = match s.get(1) {
        Some(b'"') => b'"',
        Some(b'\\') => b'\\',
        Some(b'/') => b'/',
        Some(b'b') => 8,
        Some(b'f') => 12,
        Some(b'n') => b'\n',
        Some(b'r') => b'\r',
        Some(b't') => b'\t',
        Some(b'u') => {
            if s.len() < 6 || !s[2..6].iter().all(u8::is_ascii_hexdigit) {
                return err(0, "\\u must be followed by four hex digits");
            }
            let hi = hex4(&s[2..6]);
            let (code, len) = match hi {
                0xD800..=0xDBFF => {
                    let lo = (s.len() >= 12
                        && s[6] == b'\\'
                        && s[7] == b'u'
                        && s[8..12].iter().all(u8::is_ascii_hexdigit))
                    .then(|| hex4(&s[8..12]))
                    .filter(|lo| (0xDC00..=0xDFFF).contains(lo));
                    match lo {
                        Some(lo) => (0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00), 12),
                        None => return err(0, "lone surrogate escape in a string"),
                    }
                }
                0xDC00..=0xDFFF => return err(0, "lone surrogate escape in a string"),
                _ => (hi, 6),
            };
            let c = char::from_u32(code).unwrap_or(char::REPLACEMENT_CHARACTER);
            let mut utf8 = [0u8; 4];
            out.extend_from_slice(c.encode_utf8(&mut utf8).as_bytes());
            return Ok(len);
        }
        _ => return err(0, "invalid escape in a string"),
    };
    out.push(simple);
    Ok(2)
}

/// Appends the decoded content of an escaped JSON string (without quotes) to `out`.
///
/// ```
/// let mut out = Vec::new();
/// noisestrip::format::json::unescape(br"caf\u00e9 \ud83d\ude00\n", &mut out).unwrap();
/// assert_eq!(out, "café 😀\n".as_bytes());
/// ```
///
/// # Errors
/// An invalid escape or a lone surrogate (`\ud800` not followed by a low surrogate), with the
/// offset of its backslash.
pub fn unescape(s: &[u8], out: &mut Vec<u8>) -> Result<(), JsonError> {
    let mut i = 0;
    while let Some(p) = memchr::memchr(b'\\', &s[i..]) {
        out.extend_from_slice(&s[i..i + p]);
        i += p;
        let len = decode_escape(&s[i..], out).map_err(|e| JsonError {
            at: i,
            message: e.message,
        })?;
        i += len;
    }
    out.extend_from_slice(&s[i..]);
    Ok(())
}

/// Appends `text` as JSON string content (without quotes): `"` and `\` escaped, control
/// characters as `\n`, `\t`, ... or `\u00XX`, everything else as is. Invalid UTF-8 is replaced
/// by U+FFFD, since a JSON string cannot hold it.
///
/// ```
/// let mut out = Vec::new();
/// noisestrip::format::json::escape_into("a\"b\\c\n\u{1}é".as_bytes(), &mut out);
/// assert_eq!(out, "a\\\"b\\\\c\\n\\u0001é".as_bytes());
/// ```
pub fn escape_into(text: &[u8], out: &mut Vec<u8>) {
    for chunk in text.utf8_chunks() {
        escape_str(chunk.valid(), out);
        if !chunk.invalid().is_empty() {
            out.extend_from_slice("\u{FFFD}".as_bytes());
        }
    }
}

fn escape_str(s: &str, out: &mut Vec<u8>) {
    let bytes = s.as_bytes();
    let mut run = 0;
    for (i, &b) in bytes.iter().enumerate() {
        if !STRING_SPECIAL[b as usize] {
            continue;
        }
        out.extend_from_slice(&bytes[run..i]);
        run = i + 1;
        match b {
            b'"' => out.extend_from_slice(b"\\\""),
            b'\\' => out.extend_from_slice(b"\\\\"),
            b'\n' => out.extend_from_slice(b"\\n"),
            b'\r' => out.extend_from_slice(b"\\r"),
            b'\t' => out.extend_from_slice(b"\\t"),
            8 => out.extend_from_slice(b"\\b"),
            12 => out.extend_from_slice(b"\\f"),
            _ => {
                const HEX: &[u8; 16] = b"0123456789abcdef";
                out.extend_from_slice(b"\\u00");
                out.push(HEX[usize::from(b >> 4)]);
                out.push(HEX[usize::from(b & 15)]);
            }
        }
    }
    out.extend_from_slice(&bytes[run..]);
}

/// Maps offsets in a decoded string to offsets in its escaped form, walking forward only.
struct EscapeMap<'a> {
    esc: &'a [u8],
    /// Current position in the escaped form ...
    e: usize,
    /// ... and the decoded offset it corresponds to.
    u: usize,
    scratch: Vec<u8>,
}

impl EscapeMap<'_> {
    /// The escaped offset of decoded offset `target` (>= the last one asked), or `None` when
    /// `target` falls inside one escape (the middle of an escaped character).
    fn escaped_offset(&mut self, target: usize) -> Option<usize> {
        loop {
            let next_bs =
                memchr::memchr(b'\\', &self.esc[self.e..]).map_or(self.esc.len(), |p| self.e + p);
            let raw = next_bs - self.e;
            if self.u + raw >= target {
                self.e += target - self.u;
                self.u = target;
                return Some(self.e);
            }
            self.u += raw;
            self.e = next_bs;
            self.scratch.clear();
            let len = decode_escape(&self.esc[self.e..], &mut self.scratch).ok()?;
            if self.u + self.scratch.len() > target {
                return None;
            }
            self.u += self.scratch.len();
            self.e += len;
        }
    }
}

/// Appends the clean form of a decoded JSON string, as JSON string content, to `out`.
///
/// `esc` is the string's original escaped content and `doc` its decoded form, which
/// `analysis` describes. Every kept byte is written in its original escaped form, so an
/// unchanged stretch of text stays byte-identical however the producer escaped it; should a
/// kept range ever begin or end inside one escape, the text is re-escaped with
/// [`escape_into`] instead.
pub fn write_escaped_clean(esc: &[u8], doc: &[u8], analysis: &Analysis, out: &mut Vec<u8>) {
    let mark = out.len();
    let mut map = EscapeMap {
        esc,
        e: 0,
        u: 0,
        scratch: Vec::new(),
    };
    let mut copy = |a: usize, b: usize, out: &mut Vec<u8>| -> Option<()> {
        if a == b {
            return Some(());
        }
        let ea = map.escaped_offset(a)?;
        let eb = map.escaped_offset(b)?;
        out.extend_from_slice(&esc[ea..eb]);
        Some(())
    };
    let ok = (|| -> Option<()> {
        if analysis.drops_document() {
            return Some(());
        }
        if analysis.keeps_original() {
            out.extend_from_slice(esc);
            return Some(());
        }
        let mut run: Option<(usize, usize)> = None;
        for d in &analysis.lines {
            let line = d.line;
            match d.action {
                LineAction::Keep => {
                    run = Some((run.map_or(line.start, |r| r.0), line.next));
                }
                LineAction::Drop(_) => {
                    if let Some((a, b)) = run.take() {
                        copy(a, b, out)?;
                    }
                }
                LineAction::Cut { at, .. } => {
                    if let Some((a, b)) = run.take() {
                        copy(a, b, out)?;
                    }
                    copy(line.start, line.start + at, out)?;
                    copy(line.end, line.next, out)?;
                }
            }
        }
        if let Some((a, b)) = run {
            copy(a, b, out)?;
        }
        Some(())
    })();
    if ok.is_none() {
        out.truncate(mark);
        let mut clean = Vec::with_capacity(doc.len());
        write_clean(doc, analysis, &mut clean);
        escape_into(&clean, out);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text_of(rec: &str) -> Result<Option<String>, JsonError> {
        let f = scan(rec.as_bytes(), b"text", b"id")?;
        Ok(match f.text {
            Some(Value::Str(s)) => Some(rec[s.start..s.end].to_string()),
            Some(Value::Other { start, end }) => Some(format!("<{}>", &rec[start..end])),
            None => None,
        })
    }

    #[test]
    fn valid_records() {
        let cases: &[(&str, Option<&str>)] = &[
            (r#"{"text":"a"}"#, Some("a")),
            (r#"  { "text" : "a" }  "#, Some("a")),
            ("{\"text\":\"a\"}\r", Some("a")),
            (r#"{}"#, None),
            (r#"{"x":1}"#, None),
            (r#"{"text":null}"#, Some("<null>")),
            (r#"{"text":12.5e-3}"#, Some("<12.5e-3>")),
            (r#"{"t\u0065xt":"escaped key"}"#, Some("escaped key")),
            (r#"{"text":"first","text":"last"}"#, Some("last")),
            (
                r#"{"a":{"text":"nested, not top-level"},"text":"top"}"#,
                Some("top"),
            ),
            (
                r#"{"a":[1,[2,{"b":[]}],{},"s\"",true,false,null,-0.5E+2],"text":"x\\y"}"#,
                Some(r"x\\y"),
            ),
            (
                r#"{"text":"\ud83d\ude00 \u00e9 \/ \b\f\n\r\t"}"#,
                Some(r"\ud83d\ude00 \u00e9 \/ \b\f\n\r\t"),
            ),
            ("{\"text\":\"é 😀\"}", Some("é 😀")),
        ];
        for (rec, want) in cases {
            assert_eq!(text_of(rec), Ok(want.map(str::to_string)), "{rec}");
        }
    }

    #[test]
    fn invalid_records() {
        let cases: &[(&str, usize, &str)] = &[
            ("", 0, "a record must be a JSON object"),
            ("[1]", 0, "a record must be a JSON object"),
            (r#"{"text":"a""#, 11, "expected ',' or '}' after a member"),
            (r#"{"text":"a}"#, 8, "unterminated string"),
            (r#"{"text":"a",}"#, 12, "expected a string key"),
            (r#"{"text" "a"}"#, 8, "expected ':' after a key"),
            (r#"{"text":"a"} x"#, 13, "unexpected bytes after the object"),
            (r#"{"text":"a"}{}"#, 12, "unexpected bytes after the object"),
            (
                "{\"text\":\"a\tb\"}",
                10,
                "control character in a string (must be escaped)",
            ),
            (r#"{"text":"\x"}"#, 9, "invalid escape in a string"),
            (
                r#"{"text":"\u12"}"#,
                9,
                "\\u must be followed by four hex digits",
            ),
            (r#"{"a":01}"#, 6, "expected ',' or '}' after a member"),
            (r#"{"a":1.}"#, 5, "invalid number"),
            (r#"{"a":-}"#, 5, "invalid number"),
            (r#"{"a":tru}"#, 5, "invalid literal"),
            (r#"{"a":[1,]}"#, 8, "expected a value"),
            (r#"{"a":[1 2]}"#, 8, "expected ',' or ']' in an array"),
            (r#"{"a":{"b":1,}}"#, 12, "expected a string key"),
            (r#"{"a":{"b" 1}}"#, 10, "expected ':' after a key"),
            (r#"{"a":{"b":1]}"#, 11, "expected ',' or '}' in an object"),
        ];
        for (rec, at, message) in cases {
            assert_eq!(text_of(rec), Err(JsonError { at: *at, message }), "{rec}");
        }
    }

    #[test]
    fn deep_nesting_is_an_error_not_a_crash() {
        let rec = format!("{{\"a\":{}{}}}", "[".repeat(100_000), "]".repeat(100_000));
        assert_eq!(text_of(&rec).unwrap_err().message, "nesting too deep");
        let ok = format!("{{\"a\":{}{}}}", "[".repeat(1000), "]".repeat(1000));
        assert_eq!(text_of(&ok), Ok(None));
    }

    #[test]
    fn unescape_table() {
        let cases: &[(&str, Result<&str, usize>)] = &[
            ("plain", Ok("plain")),
            (r#"a\"b\\c\/d"#, Ok("a\"b\\c/d")),
            (r"\b\f\n\r\t", Ok("\u{8}\u{c}\n\r\t")),
            (r"\u0041\u00e9\u20AC", Ok("Aé€")),
            (r"\ud83d\ude00", Ok("😀")),
            (r"x\ud83d", Err(1)),
            (r"x\ud83dy", Err(1)),
            (r"\ude00", Err(0)),
            (r"\ud83d\u0041", Err(0)),
        ];
        for (esc, want) in cases {
            let mut out = Vec::new();
            let got = unescape(esc.as_bytes(), &mut out).map(|()| String::from_utf8(out).unwrap());
            match want {
                Ok(s) => assert_eq!(got.as_deref(), Ok(*s), "{esc}"),
                Err(at) => {
                    let e = got.unwrap_err();
                    assert_eq!(
                        (e.at, e.message),
                        (*at, "lone surrogate escape in a string"),
                        "{esc}"
                    );
                }
            }
        }
    }

    #[test]
    fn escape_round_trips_through_unescape() {
        let texts = [
            "",
            "plain",
            "q\"b\\s/",
            "\u{0}\u{1f}\u{7f}\n\r\t\u{8}\u{c}",
            "é😀€",
        ];
        for t in texts {
            let mut esc = Vec::new();
            escape_into(t.as_bytes(), &mut esc);
            let rec = format!(
                "{{\"text\":\"{}\"}}",
                String::from_utf8(esc.clone()).unwrap()
            );
            assert!(scan(rec.as_bytes(), b"text", b"id").is_ok(), "{rec}");
            let mut back = Vec::new();
            unescape(&esc, &mut back).unwrap();
            assert_eq!(back, t.as_bytes());
        }
        let mut out = Vec::new();
        escape_into(b"a\xffb", &mut out);
        assert_eq!(out, "a\u{FFFD}b".as_bytes());
    }

    #[test]
    fn escaped_clean_keeps_original_escapes() {
        let cleaner = crate::Cleaner::new();
        // (escaped input, escaped output)
        let cases: &[(&str, &str)] = &[
            (
                r"Caf\u00e9 opens.\nAdvertisement\nIt serves tea.\n",
                r"Caf\u00e9 opens.\nIt serves tea.\n",
            ),
            (
                r"Caf\u00e9 opens.\r\nAdvertisement\r\nIt \/ serves tea.",
                r"Caf\u00e9 opens.\r\nIt \/ serves tea.",
            ),
            (
                r"Advertisement\n\ud83d\ude00 smile line here.\n",
                r"\ud83d\ude00 smile line here.\n",
            ),
            (r"Nothing to remove\u0021", r"Nothing to remove\u0021"),
            (r"Advertisement", r""),
        ];
        for (esc, want) in cases {
            let mut doc = Vec::new();
            unescape(esc.as_bytes(), &mut doc).unwrap();
            let analysis = cleaner.analyze(&doc);
            let mut out = Vec::new();
            write_escaped_clean(esc.as_bytes(), &doc, &analysis, &mut out);
            assert_eq!(String::from_utf8(out).unwrap(), *want, "{esc}");
        }
    }

    #[test]
    fn escape_map_refuses_offsets_inside_an_escape() {
        let mut map = EscapeMap {
            esc: br"a\u00e9b",
            e: 0,
            u: 0,
            scratch: Vec::new(),
        };
        assert_eq!(map.escaped_offset(1), Some(1));
        assert_eq!(map.escaped_offset(2), None);
        let mut map = EscapeMap {
            esc: br"a\u00e9b",
            e: 0,
            u: 0,
            scratch: Vec::new(),
        };
        assert_eq!(map.escaped_offset(3), Some(7));
        assert_eq!(map.escaped_offset(4), Some(8));
    }
}
