//! Golden test for the bundled sample corpus (`corpus/`).
//!
//! Every `corpus/input/<name>.txt` is cleaned with `Cleaner::new()` and compared with the
//! hand-written ideal in `corpus/expected/<name>.txt`. Documents listed in
//! `corpus/known-gaps.txt` are ones where the built-in rules do not reach the ideal yet: for
//! them the test prints the difference and only asserts that nothing but noise is missed, i.e.
//! every content line of the ideal survives (content recall of 100%). Removing content is
//! always a failure.
//!
//! `NOISESTRIP_BLESS=1 cargo test --test corpus` rewrites the expected files of the documents
//! that are not known gaps from the cleaner's output, printing every file it rewrites and the
//! difference, so that a deliberate change of the rules is one visible step. Known gaps are
//! never blessed: their expected files are the ideal, edited by hand.
//!
//! The contract is checked on every document as well: output lines are a subsequence of the
//! input lines (a cut line being a prefix of its input line, with the same terminator), and
//! cleaning the output again changes nothing.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::fs;
use std::io::Write as _;
use std::path::{Path, PathBuf};

use noisestrip::Cleaner;

/// Set to `1` to rewrite the expected files from the cleaner's output.
const BLESS_VAR: &str = "NOISESTRIP_BLESS";

/// Tells the person blessing what was rewritten. Written to the process's stderr directly,
/// because the test harness captures `eprintln!`: blessing must never be silent.
fn bless_notice(message: &str) {
    let _ = writeln!(std::io::stderr(), "{BLESS_VAR}: {message}");
}

/// The corpus is meant to be broad; fewer documents means files went missing.
const MIN_DOCUMENTS: usize = 20;

/// One corpus document: its name (the file stem) and the bytes of both files.
struct Doc {
    name: String,
    input: Vec<u8>,
    expected: Vec<u8>,
    expected_path: PathBuf,
}

fn corpus_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus")
}

fn read(path: &Path) -> Vec<u8> {
    fs::read(path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
}

/// Names (file stems) of the `.txt` files in a directory, sorted.
fn txt_names(dir: &Path) -> Vec<String> {
    let entries =
        fs::read_dir(dir).unwrap_or_else(|e| panic!("cannot list {}: {e}", dir.display()));
    let mut names: Vec<String> = entries
        .map(|entry| entry.expect("directory entry").path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "txt"))
        .filter_map(|path| path.file_stem().map(|s| s.to_string_lossy().into_owned()))
        .collect();
    names.sort();
    names
}

fn load_corpus() -> Vec<Doc> {
    let dir = corpus_dir();
    txt_names(&dir.join("input"))
        .into_iter()
        .map(|name| {
            let expected_path = dir.join("expected").join(format!("{name}.txt"));
            Doc {
                input: read(&dir.join("input").join(format!("{name}.txt"))),
                expected: read(&expected_path),
                expected_path,
                name,
            }
        })
        .collect()
}

/// Parses `corpus/known-gaps.txt`: `<name>: <reason>` per line; `#` starts a comment line.
fn load_known_gaps() -> BTreeMap<String, String> {
    let path = corpus_dir().join("known-gaps.txt");
    let text = String::from_utf8(read(&path)).expect("known-gaps.txt is UTF-8");
    let mut gaps = BTreeMap::new();
    for (n, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let (name, reason) = line
            .split_once(':')
            .unwrap_or_else(|| panic!("known-gaps.txt:{}: expected `<name>: <reason>`", n + 1));
        let (name, reason) = (name.trim(), reason.trim());
        assert!(
            !reason.is_empty(),
            "known-gaps.txt:{}: `{name}` needs a reason",
            n + 1
        );
        let previous = gaps.insert(name.to_string(), reason.to_string());
        assert!(
            previous.is_none(),
            "known-gaps.txt:{}: `{name}` is listed twice",
            n + 1
        );
    }
    gaps
}

/// One line of a document: its text and its terminator (`\n`, `\r\n` or nothing).
#[derive(Clone, Copy, PartialEq, Eq)]
struct Line<'a> {
    text: &'a [u8],
    term: &'a [u8],
}

impl Line<'_> {
    fn is_blank(&self) -> bool {
        String::from_utf8_lossy(self.text).trim().is_empty()
    }

    /// The line for a diff: lossy UTF-8 in Debug form, so tabs and stray `\r` show, with a
    /// marker for a CRLF terminator.
    fn show(&self) -> String {
        let crlf = if self.term == b"\r\n" { " [CRLF]" } else { "" };
        format!("{:?}{crlf}", String::from_utf8_lossy(self.text))
    }
}

/// Splits a document into lines the way the cleaner does: `\n` ends a line, a `\r` right
/// before it belongs to the terminator.
fn lines(doc: &[u8]) -> Vec<Line<'_>> {
    let mut out = Vec::new();
    let mut rest = doc;
    while !rest.is_empty() {
        let (line, next) = match rest.iter().position(|&b| b == b'\n') {
            Some(nl) => (&rest[..=nl], &rest[nl + 1..]),
            None => (rest, &rest[rest.len()..]),
        };
        let text_len = if line.ends_with(b"\r\n") {
            line.len() - 2
        } else if line.ends_with(b"\n") {
            line.len() - 1
        } else {
            line.len()
        };
        out.push(Line {
            text: &line[..text_len],
            term: &line[text_len..],
        });
        rest = next;
    }
    out
}

/// How an output line relates to the input line it came from.
fn derives_from(out: &Line, input: &Line) -> bool {
    out.term == input.term && input.text.starts_with(out.text)
}

/// Maps each line of `output` to the index of the input line it came from, in order: equal
/// to it, or a prefix of it (a cut) with the same terminator. With `prefer_exact`, an equal
/// line is preferred over an earlier line it is only a prefix of, which gives the intended
/// mapping when a short line happens to start a longer one; plain earliest matching is
/// complete (it finds a mapping whenever one exists) and is the fallback.
fn align(input: &[Line], output: &[Line]) -> Result<Vec<usize>, String> {
    align_with(input, output, true).or_else(|_| align_with(input, output, false))
}

fn align_with(input: &[Line], output: &[Line], prefer_exact: bool) -> Result<Vec<usize>, String> {
    let mut map = Vec::with_capacity(output.len());
    let mut cursor = 0;
    for (n, out) in output.iter().enumerate() {
        let exact = prefer_exact
            .then(|| (cursor..input.len()).find(|&j| input[j] == *out))
            .flatten();
        let found = exact.or_else(|| (cursor..input.len()).find(|&j| derives_from(out, &input[j])));
        match found {
            Some(j) => {
                map.push(j);
                cursor = j + 1;
            }
            None => {
                return Err(format!(
                    "output line {} is not an input line (or a prefix of one) after input line {cursor}: {}",
                    n + 1,
                    out.show()
                ));
            }
        }
    }
    Ok(map)
}

/// One step of a line diff between the expected and the actual output.
enum Step<'a> {
    Same,
    /// In the expected output only: the cleaner removed it.
    Removed(usize, Line<'a>),
    /// In the actual output only: the cleaner kept it.
    Kept(usize, Line<'a>),
}

/// A line diff (longest common subsequence; corpus documents are small).
fn diff<'a>(expected: &[Line<'a>], actual: &[Line<'a>]) -> Vec<Step<'a>> {
    let (n, m) = (expected.len(), actual.len());
    let mut lcs = vec![vec![0usize; m + 1]; n + 1];
    for i in (0..n).rev() {
        for j in (0..m).rev() {
            lcs[i][j] = if expected[i] == actual[j] {
                lcs[i + 1][j + 1] + 1
            } else {
                lcs[i + 1][j].max(lcs[i][j + 1])
            };
        }
    }
    let (mut i, mut j) = (0, 0);
    let mut steps = Vec::new();
    while i < n || j < m {
        if i < n && j < m && expected[i] == actual[j] {
            steps.push(Step::Same);
            i += 1;
            j += 1;
        } else if j < m && (i == n || lcs[i][j + 1] >= lcs[i + 1][j]) {
            steps.push(Step::Kept(j, actual[j]));
            j += 1;
        } else {
            steps.push(Step::Removed(i, expected[i]));
            i += 1;
        }
    }
    steps
}

/// A readable report of what differs: lines wrongly kept (noise the cleaner missed), lines
/// wrongly removed, and lines whose noise tail was not cut (shown as one entry). Blank lines
/// are left out: a blank line kept or removed only follows from the lines around it.
fn render_diff(expected: &[u8], actual: &[u8]) -> String {
    let (expected, actual) = (lines(expected), lines(actual));
    let steps = diff(&expected, &actual);
    let mut report = String::new();
    // Walk hunks (runs of non-Same steps) so that a removed prefix and the kept whole line
    // it came from are reported together as an uncut tail.
    let mut k = 0;
    while k < steps.len() {
        if let Step::Same = steps[k] {
            k += 1;
            continue;
        }
        let end = steps[k..]
            .iter()
            .position(|s| matches!(s, Step::Same))
            .map_or(steps.len(), |p| k + p);
        let hunk = &steps[k..end];
        let mut paired_kept = Vec::new();
        for step in hunk {
            if let Step::Removed(i, line) = step {
                let whole = hunk.iter().find_map(|s| match s {
                    Step::Kept(j, kept)
                        if !line.text.is_empty()
                            && !paired_kept.contains(j)
                            && derives_from(line, kept) =>
                    {
                        Some((*j, *kept))
                    }
                    _ => None,
                });
                match whole {
                    Some((j, kept)) => {
                        paired_kept.push(j);
                        let tail = Line {
                            text: &kept.text[line.text.len()..],
                            term: b"",
                        };
                        let _ = writeln!(
                            report,
                            "  ~ tail not cut (output line {}): {}",
                            j + 1,
                            tail.show()
                        );
                    }
                    None if line.is_blank() => {}
                    None => {
                        let _ = writeln!(
                            report,
                            "  - wrongly removed (expected line {}): {}",
                            i + 1,
                            line.show()
                        );
                    }
                }
            }
        }
        for step in hunk {
            if let Step::Kept(j, line) = step {
                if !paired_kept.contains(j) && !line.is_blank() {
                    let _ = writeln!(
                        report,
                        "  + wrongly kept (output line {}): {}",
                        j + 1,
                        line.show()
                    );
                }
            }
        }
        k = end;
    }
    if report.is_empty() && expected != actual {
        report.push_str("  (only blank lines differ)\n");
    }
    report
}

/// Content recall: every non-blank line of the ideal must be in the output, whole or (for a
/// line the ideal cuts) at least up to the ideal's cut. Returns the content lines lost.
fn lost_content(input: &[u8], expected: &[u8], actual: &[u8]) -> Result<Vec<String>, String> {
    let (input, expected, actual) = (lines(input), lines(expected), lines(actual));
    let expected_map =
        align(&input, &expected).map_err(|e| format!("the expected file is malformed: {e}"))?;
    let actual_map = align(&input, &actual)?;
    let kept: BTreeMap<usize, Line> = actual_map.into_iter().zip(actual).collect();
    Ok(expected
        .iter()
        .zip(&expected_map)
        .filter(|(line, _)| !line.is_blank())
        .filter(|(line, j)| kept.get(j).is_none_or(|out| !derives_from(line, out)))
        .map(|(line, j)| format!("  input line {}: {}", j + 1, line.show()))
        .collect())
}

#[test]
fn corpus_matches_golden_files() {
    let cleaner = Cleaner::new();
    let corpus = load_corpus();
    let gaps = load_known_gaps();
    let bless = std::env::var(BLESS_VAR).is_ok_and(|v| v == "1");
    let mut failures = Vec::new();
    let mut blessed = Vec::new();
    let mut not_blessed = Vec::new();

    for name in gaps.keys() {
        if !corpus.iter().any(|doc| &doc.name == name) {
            failures.push(format!(
                "known-gaps.txt lists `{name}`, which is not in corpus/input/"
            ));
        }
    }

    for doc in &corpus {
        let actual = cleaner.clean(&doc.input);
        let matches = actual == doc.expected;
        match gaps.get(&doc.name) {
            None if matches => {}
            None if bless => {
                bless_notice(&format!(
                    "rewrote {} from the cleaner's output:\n{}",
                    doc.expected_path.display(),
                    render_diff(&doc.expected, &actual)
                ));
                fs::write(&doc.expected_path, &actual).unwrap_or_else(|e| {
                    panic!("cannot write {}: {e}", doc.expected_path.display())
                });
                blessed.push(doc.name.clone());
            }
            None => failures.push(format!(
                "{}: output differs from corpus/expected/{}.txt \
                 (fix the rules, list it in corpus/known-gaps.txt, or bless a deliberate change \
                 with {BLESS_VAR}=1):\n{}",
                doc.name,
                doc.name,
                render_diff(&doc.expected, &actual)
            )),
            Some(_) if matches => failures.push(format!(
                "{}: the cleaner now reaches the ideal; remove it from corpus/known-gaps.txt",
                doc.name
            )),
            Some(reason) => {
                println!(
                    "known gap {} ({reason}):\n{}",
                    doc.name,
                    render_diff(&doc.expected, &actual)
                );
                if bless {
                    not_blessed.push(doc.name.clone());
                }
                match lost_content(&doc.input, &doc.expected, &actual) {
                    Ok(lost) if lost.is_empty() => {}
                    Ok(lost) => failures.push(format!(
                        "{}: content removed (known gaps may only miss noise):\n{}",
                        doc.name,
                        lost.join("\n")
                    )),
                    Err(e) => failures.push(format!("{}: {e}", doc.name)),
                }
            }
        }
    }

    if bless {
        bless_notice(&format!(
            "rewrote {} expected file(s): {blessed:?}; left {} known gap(s) alone (their \
             expected files are the ideal, edited by hand)",
            blessed.len(),
            not_blessed.len()
        ));
    }
    assert!(
        failures.is_empty(),
        "{} corpus failure(s):\n\n{}",
        failures.len(),
        failures.join("\n\n")
    );
}

#[test]
fn corpus_output_is_a_subsequence_of_input_and_idempotent() {
    let cleaner = Cleaner::new();
    let mut failures = Vec::new();
    for doc in load_corpus() {
        let once = cleaner.clean(&doc.input);
        if let Err(e) = align(&lines(&doc.input), &lines(&once)) {
            failures.push(format!("{}: {e}", doc.name));
        }
        let twice = cleaner.clean(&once);
        if twice != once {
            failures.push(format!(
                "{}: cleaning the output again changes it:\n{}",
                doc.name,
                render_diff(&once, &twice)
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn corpus_files_are_complete_and_expected_files_are_ideal_shaped() {
    let dir = corpus_dir();
    let inputs = txt_names(&dir.join("input"));
    let expected = txt_names(&dir.join("expected"));
    assert_eq!(
        inputs, expected,
        "corpus/input and corpus/expected must hold the same file names"
    );
    assert!(
        inputs.len() >= MIN_DOCUMENTS,
        "only {} corpus documents",
        inputs.len()
    );
    let mut failures = Vec::new();
    for doc in load_corpus() {
        let expected = lines(&doc.expected);
        if let Err(e) = align(&lines(&doc.input), &expected) {
            failures.push(format!("{}: expected file: {e}", doc.name));
        }
        if expected.first().is_some_and(Line::is_blank)
            || expected.last().is_some_and(Line::is_blank)
        {
            failures.push(format!(
                "{}: expected file starts or ends with a blank line",
                doc.name
            ));
        }
        if expected
            .windows(2)
            .any(|w| w[0].is_blank() && w[1].is_blank())
        {
            failures.push(format!(
                "{}: expected file has a run of blank lines",
                doc.name
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn diff_report_names_removed_kept_and_uncut_lines() {
    let expected = b"Title\nKept sentence.\nCut here.\nLost line.\n";
    let actual = b"Title\nMenu\nKept sentence.\nCut here. Tell us below!\n";
    assert_eq!(
        render_diff(expected, actual),
        concat!(
            "  + wrongly kept (output line 2): \"Menu\"\n",
            "  ~ tail not cut (output line 4): \" Tell us below!\"\n",
            "  - wrongly removed (expected line 4): \"Lost line.\"\n",
        )
    );
}

#[test]
fn content_recall_accepts_missed_noise_and_reports_lost_lines() {
    let input = b"Title\nMenu\nA sentence. Comment below!\nAnother sentence.\n";
    let expected = b"Title\nA sentence.\nAnother sentence.\n";
    // (actual output, content lines lost)
    let cases: &[(&[u8], &[&str])] = &[
        (input, &[]),
        (b"Title\nA sentence.\nAnother sentence.\n", &[]),
        (
            b"Title\nMenu\nAnother sentence.\n",
            &["  input line 3: \"A sentence.\""],
        ),
        (
            b"Title\nA sentence\n",
            &[
                "  input line 3: \"A sentence.\"",
                "  input line 4: \"Another sentence.\"",
            ],
        ),
    ];
    for (actual, lost) in cases {
        assert_eq!(
            lost_content(input, expected, actual).expect("aligned"),
            *lost,
            "{}",
            String::from_utf8_lossy(actual)
        );
    }
}

#[test]
fn alignment_table() {
    // (input, output, aligns)
    let cases: &[(&[u8], &[u8], bool)] = &[
        (b"a\nb\nc\n", b"a\nc\n", true),
        (b"a\r\nb\r\n", b"b\r\n", true),
        (b"a\r\nb\r\n", b"b\n", false),
        (b"long line\n", b"long\n", true),
        (b"b\na\n", b"a\nb\n", false),
        (b"Tips for soup\nTips\n", b"Tips\n", true),
        (b"x", b"x", true),
        (b"x", b"x\n", false),
    ];
    for (input, output, aligns) in cases {
        assert_eq!(
            align(&lines(input), &lines(output)).is_ok(),
            *aligns,
            "{:?} -> {:?}",
            String::from_utf8_lossy(input),
            String::from_utf8_lossy(output)
        );
    }
    let input = b"Tips for soup\nTips\n";
    assert_eq!(
        align(&lines(input), &lines(b"Tips\n")).expect("aligns"),
        vec![1]
    );
}
