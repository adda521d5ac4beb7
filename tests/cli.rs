//! The `noisestrip` binary end to end: stdin piped from a thread, files, directories, the
//! explain views, stats, rule errors, exit codes, a closed stdout, and the corpus flags.
//! Expected outputs are exact; a mismatch shows a line diff.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

const BIN: &str = env!("CARGO_BIN_EXE_noisestrip");

/// What one run of the binary produced.
struct Run {
    code: i32,
    stdout: Vec<u8>,
    stderr: String,
}

impl Run {
    fn stdout(&self) -> String {
        String::from_utf8_lossy(&self.stdout).into_owned()
    }
}

/// Runs the binary in `dir` with `args`, writing `stdin` from a separate thread (so a large
/// input cannot deadlock against a full stdout pipe).
fn run_in(dir: &Path, args: &[&str], stdin: &[u8]) -> Run {
    let mut child = Command::new(BIN)
        .args(args)
        .current_dir(dir)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn noisestrip");
    let mut pipe = child.stdin.take().unwrap();
    let input = stdin.to_vec();
    let writer = std::thread::spawn(move || {
        // The child may exit before reading everything; that is not this test's failure.
        let _ = pipe.write_all(&input);
    });
    let out = child.wait_with_output().expect("wait for noisestrip");
    writer.join().unwrap();
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: out.stdout,
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// A temporary directory removed when dropped.
struct TempDir(PathBuf);

impl TempDir {
    fn new(name: &str) -> TempDir {
        let dir =
            std::env::temp_dir().join(format!("noisestrip-cli-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        TempDir(dir)
    }

    fn write(&self, name: &str, bytes: impl AsRef<[u8]>) -> PathBuf {
        let p = self.0.join(name);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(&p, bytes).unwrap();
        p
    }

    fn read(&self, name: &str) -> String {
        std::fs::read_to_string(self.0.join(name)).unwrap_or_else(|e| panic!("{name}: {e}"))
    }

    fn run(&self, args: &[&str], stdin: &[u8]) -> Run {
        run_in(&self.0, args, stdin)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// Asserts equal text, showing a line diff (`-` expected, `+` got) on failure.
#[track_caller]
fn assert_text(label: &str, got: &str, want: &str) {
    if got == want {
        return;
    }
    let (g, w): (Vec<&str>, Vec<&str>) = (got.lines().collect(), want.lines().collect());
    let mut diff = String::new();
    for i in 0..g.len().max(w.len()) {
        match (w.get(i), g.get(i)) {
            (Some(a), Some(b)) if a == b => diff.push_str(&format!("   {a}\n")),
            (a, b) => {
                if let Some(a) = a {
                    diff.push_str(&format!(" - {a}\n"));
                }
                if let Some(b) = b {
                    diff.push_str(&format!(" + {b}\n"));
                }
            }
        }
    }
    panic!(
        "{label}: output differs (- expected, + got):\n{diff}\nexpected {want:?}\ngot      {got:?}"
    );
}

const PAGE: &str = "Storm hits coast\nAdvertisement\nThe storm reached the coast at dawn and flooded the harbour.\nShare this:\n5 min read\n";
const PAGE_CLEAN: &str =
    "Storm hits coast\nThe storm reached the coast at dawn and flooded the harbour.\n";

#[test]
fn stdin_is_cleaned_to_stdout() {
    let cases: &[(&str, &str)] = &[
        (PAGE, PAGE_CLEAN),
        (
            "Advertisement\r\nKept line with CRLF.\r\n",
            "Kept line with CRLF.\r\n",
        ),
        ("", ""),
        (
            "A last line without a newline",
            "A last line without a newline",
        ),
        (
            "Intro sentence here.\n\n\n\nAdvertisement\n\nOutro sentence here.\n",
            "Intro sentence here.\n\nOutro sentence here.\n",
        ),
    ];
    let dir = TempDir::new("stdin");
    for (input, want) in cases {
        let r = dir.run(&[], input.as_bytes());
        assert_eq!(r.code, 0, "{input:?}: {}", r.stderr);
        assert_text(&format!("{input:?}"), &r.stdout(), want);
        assert_eq!(r.stderr, "");
        let r = dir.run(&["-"], input.as_bytes());
        assert_text(&format!("- {input:?}"), &r.stdout(), want);
    }
}

#[test]
fn files_are_documents_written_in_order() {
    let dir = TempDir::new("files");
    dir.write("a.txt", "Advertisement\nFirst file, no final newline.");
    dir.write("b.txt", "Second file.\n5 min read\n");
    let r = dir.run(&["a.txt", "b.txt"], b"");
    assert_eq!(r.code, 0, "{}", r.stderr);
    // A newline separates documents that would otherwise run into each other.
    assert_text(
        "files",
        &r.stdout(),
        "First file, no final newline.\nSecond file.\n",
    );
}

#[test]
fn directory_is_mirrored_into_output_directory() {
    let dir = TempDir::new("mirror");
    dir.write("in/a.txt", PAGE);
    dir.write("in/deep/er/b.txt", "Skip to content\nBody text of b.\n");
    dir.write(
        "in/c.jsonl",
        "{\"id\":\"c\",\"text\":\"Advertisement\\nBody of c.\"}\n",
    );
    let r = dir.run(&["-o", "out/", "in"], b"");
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(r.stdout(), "");
    assert_text("a", &dir.read("out/a.txt"), PAGE_CLEAN);
    assert_text("b", &dir.read("out/deep/er/b.txt"), "Body text of b.\n");
    assert_text(
        "c",
        &dir.read("out/c.jsonl"),
        "{\"id\":\"c\",\"text\":\"Body of c.\"}\n",
    );
    // No temporary files are left behind.
    let leftovers: Vec<_> = walk(&dir.0.join("out"))
        .into_iter()
        .filter(|p| p.to_string_lossy().ends_with(".tmp"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

/// An output directory inside the input tree is not read as input, nor are the temporary
/// files an interrupted run left behind: a second run gives the same tree as the first.
#[test]
fn output_inside_the_input_tree_is_not_input() {
    let dir = TempDir::new("nested");
    dir.write("in/a.txt", PAGE);
    dir.write(
        "in/sub/a.txt.noisestrip-123.tmp",
        "Half a file from a killed run\n",
    );
    for _ in 0..2 {
        let r = dir.run(&["-o", "in/clean/", "in"], b"");
        assert_eq!(r.code, 0, "{}", r.stderr);
    }
    let mut files: Vec<String> = walk(&dir.0.join("in"))
        .into_iter()
        .map(|p| {
            p.strip_prefix(&dir.0)
                .unwrap()
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    files.sort();
    assert_eq!(
        files,
        [
            "in/a.txt",
            "in/clean/a.txt",
            "in/sub/a.txt.noisestrip-123.tmp"
        ]
    );
    assert_text("clean", &dir.read("in/clean/a.txt"), PAGE_CLEAN);
}

/// `-o` and `--rejects` naming a device or a FIFO write into it and leave it in place: the
/// atomic rename used for regular files would otherwise replace `/dev/null` with a plain file.
/// A FIFO stands in for the device here, so a failure cannot break the machine.
#[cfg(unix)]
#[test]
fn output_to_a_fifo_writes_into_it_and_keeps_it() {
    use std::os::unix::fs::FileTypeExt;
    let dir = TempDir::new("fifo");
    let page = dir.write("page.txt", PAGE);
    for flag in ["-o", "--rejects"] {
        let fifo = dir.0.join(format!("fifo{flag}"));
        let made = Command::new("mkfifo").arg(&fifo).status();
        if !made.is_ok_and(|s| s.success()) {
            eprintln!("mkfifo is not available; skipping");
            return;
        }
        let reader_path = fifo.clone();
        let reader = std::thread::spawn(move || std::fs::read(&reader_path).unwrap());
        let page_arg = page.to_str().unwrap();
        let fifo_arg = fifo.to_str().unwrap();
        let args: Vec<&str> = if flag == "-o" {
            vec!["-o", fifo_arg, page_arg]
        } else {
            // An emptied document is rejected into the FIFO.
            vec![
                "--rejects",
                fifo_arg,
                "--drop-empty",
                "-o",
                "out.txt",
                "noise.txt",
            ]
        };
        if flag == "--rejects" {
            dir.write("noise.txt", "Advertisement\nShare this:\n");
        }
        let r = dir.run(&args, b"");
        // Checked before joining the reader: had the FIFO been replaced, the reader would
        // still wait on it, and the test should fail, not hang.
        let kind = std::fs::symlink_metadata(&fifo).unwrap().file_type();
        assert!(kind.is_fifo(), "{flag}: the FIFO was replaced by {kind:?}");
        assert_eq!(r.code, 0, "{flag}: {}", r.stderr);
        let got = reader.join().unwrap();
        if flag == "-o" {
            assert_text("fifo output", &String::from_utf8_lossy(&got), PAGE_CLEAN);
        } else {
            assert!(
                String::from_utf8_lossy(&got).contains("Advertisement"),
                "rejects: {:?}",
                String::from_utf8_lossy(&got)
            );
        }
        let stray: Vec<_> = walk(&dir.0)
            .into_iter()
            .filter(|p| p.to_string_lossy().contains(".noisestrip-"))
            .collect();
        assert!(stray.is_empty(), "{flag}: {stray:?}");
    }
}

/// `-o` through a symbolic link replaces the file the link names and keeps the link.
#[cfg(unix)]
#[test]
fn output_through_a_symlink_keeps_the_link() {
    let dir = TempDir::new("symlink");
    dir.write("page.txt", PAGE);
    dir.write("real/clean.txt", "old contents\n");
    std::os::unix::fs::symlink("real/clean.txt", dir.0.join("link.txt")).unwrap();
    let r = dir.run(&["-o", "link.txt", "page.txt"], b"");
    assert_eq!(r.code, 0, "{}", r.stderr);
    let link = std::fs::symlink_metadata(dir.0.join("link.txt")).unwrap();
    assert!(link.file_type().is_symlink(), "the link was replaced");
    assert_text("through the link", &dir.read("real/clean.txt"), PAGE_CLEAN);
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut v = Vec::new();
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            v.extend(walk(&p));
        } else {
            v.push(p);
        }
    }
    v
}

#[test]
fn explain_names_the_gate_for_text_without_list_markers() {
    let dir = TempDir::new("explain-gate");
    // The same page with its menu as bare lines (as WET renders it) and as a marked list.
    let menu = ["Home", "News", "Sport", "Weather", "Contact"];
    let body = "The storm reached the coast at dawn and flooded the harbour.\n";
    let bare: String = menu.iter().map(|m| format!("{m}\n")).collect::<String>() + body;
    let marked: String = menu.iter().map(|m| format!("* {m}\n")).collect::<String>() + body;
    // (file, its text, whether the summary names the unmarked gate)
    let cases = [("bare.txt", &bare, true), ("marked.txt", &marked, false)];
    for (name, text, unmarked) in cases {
        dir.write(name, text);
        let r = dir.run(&["--explain", name], b"");
        assert_eq!(r.code, 0, "{}", r.stderr);
        let stdout = r.stdout();
        let summary = stdout
            .lines()
            .find(|l| l.contains("classifier:"))
            .unwrap_or_else(|| panic!("{name}: no classifier line in {stdout}"));
        assert!(summary.contains("(gate p="), "{name}: {summary}");
        assert_eq!(
            summary.contains(", no list markers)"),
            unmarked,
            "{name}: {summary}"
        );
    }
}

#[test]
fn explain_text_lists_removed_lines() {
    let dir = TempDir::new("explain");
    dir.write("page.txt", PAGE);
    let r = dir.run(&["--explain", "page.txt"], b"");
    assert_eq!(r.code, 0, "{}", r.stderr);
    // The gate's probability depends on the trained weights; the wording does not.
    let stdout = r.stdout();
    let (before, after) = stdout.split_once("(gate p=").expect("a gate line");
    let after = &after[after.find(')').expect("closed")..];
    let shown = format!("{before}(gate p=_{after}");
    assert_text(
        "explain",
        &shown,
        "== page.txt: 5 lines, 3 dropped, 0 cut, 30.0% of words removed\n\
         \x20  classifier: not applied, the document looks like clean text (gate p=_)\n\
         \x20    2  drop     ads.label                    Advertisement\n\
         \x20    4  drop     share.prompt                 Share this:\n\
         \x20    5  drop     meta.reading-time            5 min read\n",
    );
}

#[test]
fn explain_jsonl_gives_document_id_span_rule_and_action() {
    let dir = TempDir::new("explain-jsonl");
    dir.write("page.txt", PAGE);
    let r = dir.run(&["--explain=jsonl", "page.txt"], b"");
    assert_text(
        "explain=jsonl text",
        &r.stdout(),
        "{\"action\":\"drop\",\"doc\":\"page.txt\",\"end\":31,\"line\":2,\"rule\":\"ads.label\",\"start\":17}\n\
         {\"action\":\"drop\",\"doc\":\"page.txt\",\"end\":104,\"line\":4,\"rule\":\"share.prompt\",\"start\":92}\n\
         {\"action\":\"drop\",\"doc\":\"page.txt\",\"end\":115,\"line\":5,\"rule\":\"meta.reading-time\",\"start\":104}\n",
    );
    // For JSONL, rows name the record's id and spans index the decoded text.
    let record = format!(
        "{{\"id\":\"doc-7\",\"text\":{}}}\n",
        serde_json::to_string(PAGE).unwrap()
    );
    let r = dir.run(&["--explain=jsonl"], record.as_bytes());
    assert_text(
        "explain=jsonl records",
        &r.stdout(),
        "{\"action\":\"drop\",\"doc\":\"doc-7\",\"end\":31,\"line\":2,\"rule\":\"ads.label\",\"start\":17}\n\
         {\"action\":\"drop\",\"doc\":\"doc-7\",\"end\":104,\"line\":4,\"rule\":\"share.prompt\",\"start\":92}\n\
         {\"action\":\"drop\",\"doc\":\"doc-7\",\"end\":115,\"line\":5,\"rule\":\"meta.reading-time\",\"start\":104}\n",
    );
    assert_eq!(&PAGE[17..31], "Advertisement\n");
}

#[test]
fn stats_print_json_with_every_key_on_stderr() {
    let dir = TempDir::new("stats");
    let r = dir.run(&["--stats"], PAGE.as_bytes());
    assert_eq!(r.code, 0);
    assert_text("stdout", &r.stdout(), PAGE_CLEAN);
    let stats: serde_json::Value = serde_json::from_str(&r.stderr).expect("stats JSON");
    let mut keys: Vec<&str> = stats
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    keys.sort_unstable();
    assert_eq!(
        keys,
        [
            "bytes_in",
            "bytes_out",
            "classifier",
            "documents",
            "documents_dropped",
            "documents_emptied",
            "documents_flagged",
            "documents_out",
            "documents_per_second",
            "elapsed_seconds",
            "input_bytes",
            "lines_cut",
            "lines_dropped",
            "lines_in",
            "mb_per_second",
            "output_bytes",
            "records_passed",
            "records_rejected",
            "rules",
            "words_in",
            "words_removed",
        ]
    );
    let n = |k: &str| stats[k].as_u64().unwrap();
    assert_eq!(
        (
            n("documents"),
            n("documents_out"),
            n("lines_in"),
            n("lines_dropped"),
            n("bytes_in"),
            n("bytes_out")
        ),
        (1, 1, 5, 3, PAGE.len() as u64, PAGE_CLEAN.len() as u64)
    );
    assert_eq!(
        stats["rules"]["ads.label"],
        serde_json::json!({"lines_dropped": 1, "lines_cut": 0, "bytes": 14})
    );
    let classifier = stats["classifier"].as_object().expect("classifier object");
    let mut keys: Vec<&str> = classifier.keys().map(String::as_str).collect();
    keys.sort_unstable();
    assert_eq!(
        keys,
        [
            "documents_applied",
            "documents_gated",
            "documents_guarded",
            "documents_unmarked_gate"
        ]
    );
    // PAGE has no list markers: the gate for unmarked text judged it.
    assert_eq!(classifier["documents_unmarked_gate"].as_u64(), Some(1));
}

#[test]
fn bad_rule_file_exits_2_naming_file_and_line() {
    let dir = TempDir::new("bad-rules");
    dir.write(
        "bad.rules",
        "[my.rule]\naction: drop\n- x\n[broken header\n",
    );
    let r = dir.run(&["--rules", "bad.rules"], PAGE.as_bytes());
    assert_eq!(r.code, 2);
    assert_eq!(r.stdout(), "");
    assert_text(
        "stderr",
        &r.stderr,
        "noisestrip: bad.rules:4: rule header must be `[name]`\n",
    );
    let r = dir.run(&["--rules", "missing.rules"], b"");
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.starts_with("noisestrip: missing.rules: "),
        "{}",
        r.stderr
    );
}

#[test]
fn list_rules_shows_every_rule() {
    let dir = TempDir::new("list");
    dir.write(
        "my.rules",
        "[my.promo]\naction: drop\nmatch: prefix\n- Get 20% off\n",
    );
    let r = dir.run(&["--list-rules", "--rules", "my.rules"], b"");
    assert_eq!(r.code, 0);
    let out = r.stdout();
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(
        lines[0],
        "name                             action    match     patterns  origin"
    );
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with("ads.label ") && l.contains("builtin:01-ads.rules:"))
    );
    assert_eq!(
        *lines.last().unwrap(),
        "my.promo                         drop      prefix           1  my.rules:1"
    );
}

#[test]
fn unreadable_path_is_reported_and_other_inputs_still_cleaned() {
    let dir = TempDir::new("unreadable");
    dir.write("good.txt", PAGE);
    let r = dir.run(&["missing.txt", "good.txt"], b"");
    assert_eq!(r.code, 2);
    assert_text("stdout", &r.stdout(), PAGE_CLEAN);
    assert_text(
        "stderr",
        &r.stderr,
        "noisestrip: missing.txt: No such file or directory (os error 2)\n",
    );
}

#[test]
fn closed_stdout_exits_quietly_with_0() {
    let dir = TempDir::new("head");
    let mut big = String::new();
    for i in 0..200_000 {
        big.push_str(&format!(
            "{{\"id\":{i},\"text\":\"Advertisement\\nLine {i} of a long corpus.\\n\"}}\n"
        ));
    }
    for threads in ["-j1", "-j2"] {
        let mut child = Command::new(BIN)
            .arg(threads)
            .current_dir(&dir.0)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let mut pipe = child.stdin.take().unwrap();
        let input = big.clone();
        let writer = std::thread::spawn(move || {
            let _ = pipe.write_all(input.as_bytes());
        });
        let mut stdout = child.stdout.take().unwrap();
        let mut first = [0u8; 64];
        stdout.read_exact(&mut first).unwrap();
        drop(stdout); // like `| head -c 64`
        let out = child.wait_with_output().unwrap();
        writer.join().unwrap();
        assert_eq!(out.status.code(), Some(0), "{threads}");
        assert_eq!(String::from_utf8_lossy(&out.stderr), "", "{threads}");
        assert!(first.starts_with(b"{\"id\":0,\"text\":\"Line 0 of a long corpus."));
    }
}

fn corpus(docs: usize) -> String {
    let noise = [
        "Advertisement",
        "5 min read",
        "Share this:",
        "Leave a Reply",
        "Subscribe",
    ];
    let mut s = String::new();
    for i in 0..docs {
        let mut text = format!("Title {i}\n");
        for k in 0..(i % 7 + 2) {
            if (i + k) % 3 == 0 {
                text.push_str(noise[(i + k) % noise.len()]);
            } else {
                text.push_str(&format!(
                    "Paragraph {k} of document {i} says something about the river café."
                ));
            }
            text.push('\n');
        }
        s.push_str(&format!(
            "{{\"id\":\"d{i}\",\"text\":{},\"n\":{i}}}\n",
            serde_json::to_string(&text).unwrap()
        ));
    }
    s
}

#[test]
fn thread_count_does_not_change_output() {
    let dir = TempDir::new("threads");
    let input = corpus(8_000);
    dir.write("c.jsonl", &input);
    let base = dir.run(&["-j1", "c.jsonl"], b"");
    assert_eq!(base.code, 0, "{}", base.stderr);
    assert!(base.stdout.len() < input.len());
    for j in ["-j2", "-j3"] {
        let r = dir.run(&[j, "c.jsonl"], b"");
        assert!(r.stdout == base.stdout, "{j}: file output differs from -j1");
        let r = dir.run(&[j], input.as_bytes());
        assert!(
            r.stdout == base.stdout,
            "{j}: stdin output differs from -j1"
        );
        let r = dir.run(
            &[
                j,
                "--attributes",
                "attr.jsonl",
                "-o",
                &format!("out{j}.jsonl.zst"),
                "c.jsonl",
            ],
            b"",
        );
        assert_eq!(r.code, 0, "{}", r.stderr);
    }
    assert!(
        std::fs::read(dir.0.join("out-j2.jsonl.zst")).unwrap()
            == std::fs::read(dir.0.join("out-j3.jsonl.zst")).unwrap()
    );
}

#[test]
fn malformed_records_exit_3_and_go_to_rejects() {
    let dir = TempDir::new("rejects");
    let input = "{\"id\":\"a\",\"text\":\"Advertisement\\nKept a.\"}\n\
                 {\"id\":\"b\",\"text\":\"broken\n\
                 {\"id\":\"c\",\"text\":\"Kept c.\"}\n";
    let r = dir.run(
        &["--rejects", "rejects.jsonl", "--format", "jsonl"],
        input.as_bytes(),
    );
    assert_eq!(r.code, 3, "{}", r.stderr);
    assert_text(
        "stdout",
        &r.stdout(),
        "{\"id\":\"a\",\"text\":\"Kept a.\"}\n{\"id\":\"c\",\"text\":\"Kept c.\"}\n",
    );
    assert_text(
        "stderr",
        &r.stderr,
        "noisestrip: <stdin>:2: invalid JSON at column 18: unterminated string\n",
    );
    assert_text(
        "rejects",
        &dir.read("rejects.jsonl"),
        "{\"id\":\"b\",\"text\":\"broken\n",
    );
    assert_text(
        "reasons",
        &dir.read("rejects.jsonl.reasons.jsonl"),
        "{\"input\":\"<stdin>\",\"line\":2,\"bytes\":25,\"reason\":\"invalid JSON at column 18: unterminated string\"}\n",
    );
}

#[test]
fn empty_documents_are_kept_unless_dropped_by_choice() {
    let dir = TempDir::new("empty-docs");
    let input = "{\"id\":\"a\",\"text\":\"Advertisement\\nShare this:\"}\n{\"id\":\"b\",\"text\":\"Kept b.\"}\n";
    let r = dir.run(&[], input.as_bytes());
    assert_eq!(r.code, 0);
    assert_text(
        "kept",
        &r.stdout(),
        "{\"id\":\"a\",\"text\":\"\"}\n{\"id\":\"b\",\"text\":\"Kept b.\"}\n",
    );
    let r = dir.run(
        &["--drop-empty", "--rejects", "dropped.jsonl", "--stats"],
        input.as_bytes(),
    );
    assert_eq!(r.code, 0, "dropping by choice is not an error");
    assert_text(
        "dropped",
        &r.stdout(),
        "{\"id\":\"b\",\"text\":\"Kept b.\"}\n",
    );
    assert_text(
        "rejects",
        &dir.read("dropped.jsonl"),
        "{\"id\":\"a\",\"text\":\"Advertisement\\nShare this:\"}\n",
    );
    assert_text(
        "reasons",
        &dir.read("dropped.jsonl.reasons.jsonl"),
        "{\"input\":\"<stdin>\",\"line\":1,\"bytes\":47,\"reason\":\"empty after cleaning\"}\n",
    );
    let stats: serde_json::Value = serde_json::from_str(&r.stderr).unwrap();
    assert_eq!(
        (
            stats["documents_out"].as_u64(),
            stats["documents_dropped"].as_u64()
        ),
        (Some(1), Some(1))
    );
}

#[test]
fn attributes_have_one_row_per_record_in_input_order() {
    let dir = TempDir::new("attributes");
    let input = "{\"id\":\"a\",\"text\":\"Café opens.\\nAdvertisement\\nIt serves tea.\\n5 min read\"}\n\
                 not json\n\
                 {\"id\":17,\"text\":\"Nothing to remove.\"}\n";
    let r = dir.run(
        &["--attributes", "attr.jsonl", "-o", "clean.jsonl"],
        input.as_bytes(),
    );
    assert_eq!(r.code, 3, "{}", r.stderr);
    // Spans count Unicode code points of the decoded text: "Café opens.\n" is 12 of them.
    assert_text(
        "attributes",
        &dir.read("attr.jsonl"),
        "{\"id\":\"a\",\"attributes\":{\"noisestrip__ads_label\":[[12,26,1.0]],\"noisestrip__meta_reading_time\":[[41,51,1.0]]}}\n\
         {\"id\":null,\"attributes\":{}}\n\
         {\"id\":17,\"attributes\":{}}\n",
    );
}

#[test]
fn output_file_extension_chooses_format_and_compression() {
    let dir = TempDir::new("out-ext");
    let input = "{\"id\":\"a\",\"text\":\"Advertisement\\nKept a.\"}\n";
    dir.write("in.jsonl", input);
    let r = dir.run(&["-o", "clean.jsonl.gz", "in.jsonl"], b"");
    assert_eq!(r.code, 0, "{}", r.stderr);
    let mut text = String::new();
    flate2::read::MultiGzDecoder::new(std::fs::File::open(dir.0.join("clean.jsonl.gz")).unwrap())
        .read_to_string(&mut text)
        .unwrap();
    assert_text("gz", &text, "{\"id\":\"a\",\"text\":\"Kept a.\"}\n");
    let r = dir.run(&["-o", "clean.txt", "in.jsonl"], b"");
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_text("jsonl to text", &dir.read("clean.txt"), "Kept a.\n");
    let r = dir.run(&["-o", "clean.warc", "in.jsonl"], b"");
    assert_eq!(r.code, 2);
    assert_text(
        "no warc from jsonl",
        &r.stderr,
        "noisestrip: in.jsonl: cannot write WARC from jsonl input\n",
    );
}

#[test]
fn wet_records_convert_to_jsonl_rows() {
    let dir = TempDir::new("wet");
    let block = "Title line\nAdvertisement\nBody line of the page.\n";
    let wet = format!(
        "WARC/1.0\r\nWARC-Type: warcinfo\r\nContent-Length: 4\r\n\r\nx: y\r\n\r\n\
         WARC/1.0\r\nWARC-Type: conversion\r\nWARC-Target-URI: https://example.org/a\r\nWARC-Date: 2024-05-18T01:58:10Z\r\nWARC-Record-ID: <urn:uuid:1>\r\nContent-Length: {}\r\n\r\n{block}\r\n\r\n",
        block.len()
    );
    dir.write("a.warc.wet", &wet);
    let r = dir.run(&["--output-format", "jsonl", "a.warc.wet"], b"");
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_text(
        "wet to jsonl",
        &r.stdout(),
        "{\"id\":\"<urn:uuid:1>\",\"url\":\"https://example.org/a\",\"date\":\"2024-05-18T01:58:10Z\",\"text\":\"Title line\\nBody line of the page.\\n\"}\n",
    );
    // Auto-detected from the content on stdin too.
    let r = dir.run(&["--output-format", "jsonl"], wet.as_bytes());
    assert_eq!(r.stdout().lines().count(), 1);
}

#[test]
fn doc_sep_splits_a_text_stream_into_documents() {
    let dir = TempDir::new("doc-sep");
    let cases: &[(&str, &str, &str)] = &[
        (
            "nul",
            "Advertisement\nDoc one.\n\0Doc two.\nShare this:\n\0",
            "Doc one.\n\0Doc two.\n\0",
        ),
        (
            "---",
            "Doc one.\nAdvertisement\n---\nDoc one.\n",
            "Doc one.\n---\nDoc one.\n",
        ),
        ("formfeed", "A.\n\x0c5 min read\n\x0cB.", "A.\n\x0c\x0cB."),
    ];
    for (sep, input, want) in cases {
        let r = dir.run(&["--doc-sep", sep], input.as_bytes());
        assert_eq!(r.code, 0, "{}", r.stderr);
        assert_text(sep, &r.stdout(), want);
    }
    // Documents are separate: a line repeated in the next document is not a duplicate.
    let r = dir.run(
        &["--doc-sep", "---", "--explain=jsonl"],
        b"Same line.\n---\nSame line.\nAdvertisement\n",
    );
    assert_text(
        "ids",
        &r.stdout(),
        "{\"action\":\"drop\",\"doc\":\"<stdin>#2\",\"end\":25,\"line\":2,\"rule\":\"ads.label\",\"start\":11}\n",
    );
}

#[test]
fn shards_split_the_file_list_and_skip_existing_resumes() {
    let dir = TempDir::new("shard");
    for i in 0..5 {
        dir.write(
            &format!("in/f{i}.txt"),
            format!("Advertisement\nFile {i}.\n"),
        );
    }
    let mut seen = Vec::new();
    for shard in ["0/2", "1/2"] {
        let r = dir.run(&["--shard", shard, "-o", "out/", "in"], b"");
        assert_eq!(r.code, 0, "{}", r.stderr);
    }
    for i in 0..5 {
        seen.push(dir.read(&format!("out/f{i}.txt")));
    }
    assert_eq!(
        seen,
        [
            "File 0.\n",
            "File 1.\n",
            "File 2.\n",
            "File 3.\n",
            "File 4.\n"
        ]
    );
    let r = dir.run(&["--shard", "1/2", "in"], b"");
    assert_text(
        "shard 1/2 is files 1 and 3",
        &r.stdout(),
        "File 1.\nFile 3.\n",
    );
    // Resume: an existing output is not rewritten.
    dir.write("out/f2.txt", "kept as it was\n");
    let r = dir.run(&["--skip-existing", "-o", "out/", "in"], b"");
    assert_eq!(r.code, 0);
    assert_eq!(dir.read("out/f2.txt"), "kept as it was\n");
    let r = dir.run(&["--shard", "2/2", "in"], b"");
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains("expected I/N with 0 <= I < N"),
        "{}",
        r.stderr
    );
}

#[test]
fn list_phrases_exports_literal_patterns_once_each() {
    let dir = TempDir::new("phrases");
    dir.write(
        "my.rules",
        "[my.promo]\naction: drop\nmatch: prefix\n- Get 20% off\n- Advertisement\n\
         [my.keep]\naction: keep\n- Keep me\n\
         [my.re]\naction: drop\nmatch: regex\n- ^\\d+ deals$\n",
    );
    let r = dir.run(&["--list-phrases", "--rules", "my.rules"], b"");
    assert_eq!(r.code, 0, "{}", r.stderr);
    let out = r.stdout();
    let phrases: Vec<&str> = out.lines().collect();
    for wanted in ["Advertisement", "Leave a Comment", "Get 20% off"] {
        assert!(phrases.contains(&wanted), "missing {wanted:?}");
    }
    // Keep rules protect text and regexes are not literal: neither is exported.
    assert!(!phrases.contains(&"Keep me"));
    assert!(!phrases.iter().any(|p| p.contains("\\d")));
    let unique: std::collections::HashSet<&&str> = phrases.iter().collect();
    assert_eq!(unique.len(), phrases.len(), "a phrase is listed twice");
    assert_eq!(phrases.iter().filter(|p| **p == "Advertisement").count(), 1);
}

/// Clean text that the gate recognises gets back what uncertain rules and structural stages
/// took (a date line, a repeated sentence); a page the certain rules took much from does not.
#[test]
fn gated_clean_text_keeps_uncertain_removals() {
    let essay = "Notes from the allotment\n\n\
        The first frost came early this year, and most of the beans were still on the canes when it arrived overnight.\n\
        12 March 2024\n\
        We spent the weekend clearing the beds and turning the compost, which had finally broken down into something dark and crumbly.\n\
        The first frost came early this year, and most of the beans were still on the canes when it arrived overnight.\n\
        Next spring we will plant the garlic in the autumn instead, as the old hands on the next plot keep telling us to do.\n";
    let dir = TempDir::new("restore");
    let full = dir.run(&[], essay.as_bytes());
    assert_eq!(full.code, 0, "{}", full.stderr);
    assert_text("full mode", &full.stdout(), essay);
    let conservative = dir.run(&["--mode", "conservative"], essay.as_bytes());
    assert!(!conservative.stdout().contains("12 March 2024"));
    // The same lines under a menu, a share bar and a comment form: a scraped page.
    let page = format!(
        "Notes from the allotment\nSkip to content\nMenu\nSearch\nHome\n{}Share this:\nTwitter\nFacebook\nLike this:\nLike Loading...\n",
        &essay["Notes from the allotment\n".len()..]
    );
    let r = dir.run(&[], page.as_bytes());
    assert!(!r.stdout().contains("12 March 2024"), "{}", r.stdout());
    assert!(!r.stdout().contains("Share this:"));
}

/// A table of contents under a contents heading goes even from text the gate takes for clean
/// (its entries repeat the headings), and a Portuguese heading starting with "O" is a
/// heading, not an "o" bullet, so its entry matches it.
#[test]
fn contents_block_goes_from_clean_text() {
    let input = "Title of the page\nConteúdo\n1 Primeira parte\n2 O que dizem os especialistas\n3 Terceira parte\n\
        The long prose line of the article starts here and goes on for quite a while with many words in it to look like prose.\n\
        Primeira parte\nSome text.\nO que dizem os especialistas\nMore text.\nTerceira parte\nEnd text.\n";
    let expected = "Title of the page\n\
        The long prose line of the article starts here and goes on for quite a while with many words in it to look like prose.\n\
        Primeira parte\nSome text.\nO que dizem os especialistas\nMore text.\nTerceira parte\nEnd text.\n";
    let dir = TempDir::new("toc-clean");
    for mode in ["full", "conservative"] {
        let r = dir.run(&["--mode", mode], input.as_bytes());
        assert_text(mode, &r.stdout(), expected);
    }
}

/// The conservative mode drops the title repeated under itself and in the footer, and keeps
/// a line the article body repeats (a recurring interview question); the full mode keeps the
/// body's repeats too.
#[test]
fn repeats_inside_the_body_are_kept() {
    let prose = "The interview ran for an hour and covered the harbour, the storm and the long repairs that followed it.";
    let input = format!(
        "Harbour master interview\nHarbour master interview\n{prose}\nWhat happened next?\n{prose} Then more.\nWhat happened next?\nThe last answer was a long one, about the town and its people and the sea.\nHarbour master interview\n"
    );
    let expected = format!(
        "Harbour master interview\n{prose}\nWhat happened next?\n{prose} Then more.\nWhat happened next?\nThe last answer was a long one, about the town and its people and the sea.\n"
    );
    let dir = TempDir::new("dups");
    let r = dir.run(&["--mode", "conservative"], input.as_bytes());
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_text("conservative", &r.stdout(), &expected);
    let full = dir.run(&["--mode", "full"], input.as_bytes()).stdout();
    assert_eq!(full.matches("What happened next?").count(), 2, "{full}");
}
