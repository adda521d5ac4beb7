//! Cutting a document's bytes into lines: byte ranges into the input, CRLF aware, with no
//! allocation beyond the reused `Vec<Line>`.

/// One line of a document as byte offsets into it.
///
/// `start..end` is the line's text without its terminator; `end..next` is the terminator
/// (`\n`, `\r\n`, or nothing for a last line without one).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Line {
    /// Offset of the first byte of the line.
    pub start: usize,
    /// Offset just past the line's text (before `\r\n` or `\n`).
    pub end: usize,
    /// Offset of the next line's first byte (just past the terminator).
    pub next: usize,
}

impl Line {
    /// The line's text, without terminator.
    pub fn text<'a>(&self, doc: &'a [u8]) -> &'a [u8] {
        &doc[self.start..self.end]
    }

    /// The line's terminator (`b"\n"`, `b"\r\n"` or empty).
    pub fn terminator<'a>(&self, doc: &'a [u8]) -> &'a [u8] {
        &doc[self.end..self.next]
    }
}

/// Splits `doc` into lines, appending them to `lines` (which is cleared first).
///
/// ```
/// let mut lines = Vec::new();
/// noisestrip::segment::split_lines(b"a\r\nb\n\nc", &mut lines);
/// let texts: Vec<&[u8]> = lines.iter().map(|l| l.text(b"a\r\nb\n\nc")).collect();
/// assert_eq!(texts, vec![&b"a"[..], b"b", b"", b"c"]);
/// ```
pub fn split_lines(doc: &[u8], lines: &mut Vec<Line>) {
    lines.clear();
    let mut start = 0;
    for nl in memchr::memchr_iter(b'\n', doc) {
        let end = if nl > start && doc[nl - 1] == b'\r' {
            nl - 1
        } else {
            nl
        };
        lines.push(Line {
            start,
            end,
            next: nl + 1,
        });
        start = nl + 1;
    }
    if start < doc.len() {
        lines.push(Line {
            start,
            end: doc.len(),
            next: doc.len(),
        });
    }
}

/// True when the line holds only ASCII or Unicode whitespace.
pub fn is_blank(text: &[u8]) -> bool {
    let Some(first) = text.iter().position(|b| !b.is_ascii_whitespace()) else {
        return true;
    };
    if text[first] < 0x80 {
        // The common case: the first non-space byte is a visible ASCII character.
        return false;
    }
    // Decode only as far as the first character that is not whitespace.
    for chunk in text[first..].utf8_chunks() {
        if chunk
            .valid()
            .chars()
            .any(|c| !(c.is_whitespace() || c == '\u{200B}' || c == '\u{FEFF}'))
        {
            return false;
        }
        if !chunk.invalid().is_empty() {
            return false;
        }
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    /// (start, end, next) of each line.
    type Spans = &'static [(usize, usize, usize)];

    #[test]
    fn line_table() {
        let cases: &[(&[u8], Spans)] = &[
            (b"", &[]),
            (b"\n", &[(0, 0, 1)]),
            (b"a", &[(0, 1, 1)]),
            (b"a\n", &[(0, 1, 2)]),
            (b"a\r\nb", &[(0, 1, 3), (3, 4, 4)]),
            (b"\r\n\r\n", &[(0, 0, 2), (2, 2, 4)]),
            (b"a\rb\n", &[(0, 3, 4)]),
        ];
        let mut lines = Vec::new();
        for (doc, expected) in cases {
            split_lines(doc, &mut lines);
            let got: Vec<_> = lines.iter().map(|l| (l.start, l.end, l.next)).collect();
            assert_eq!(&got, expected, "{doc:?}");
        }
    }

    #[test]
    fn blank_lines() {
        assert!(is_blank(b""));
        assert!(is_blank(b" \t "));
        assert!(is_blank("\u{00A0}\u{3000}".as_bytes()));
        assert!(!is_blank(b" x "));
        assert!(!is_blank(b"\xff"));
    }
}
