//! Prints the line features of documents as TSV (FINDINGS.md section 9), for comparing the
//! Rust features with the Python reference (`tools/quality/compare_features.py`) and for
//! timing them.
//!
//! `cargo run --release --example features_tsv -- FILE_OR_DIR...` writes a header
//! (`doc line removed` + the feature names) and one row per non-blank line; directories are
//! read as their `*.txt` files in name order. No rules run here, so `removed` is always 0.
//! `--gate` prints the gate features instead (`doc` + their names, one row per document);
//! `--time` prints only the time spent in `compute` and the throughput.

use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use noisestrip::classify::features::{
    DocumentFeatures, GATE_FEATURES, LINE_FEATURES, Stopwords, compute,
};
use noisestrip::segment::split_lines;

fn main() -> std::io::Result<()> {
    let (mut time_only, mut gate) = (false, false);
    let mut files: Vec<PathBuf> = Vec::new();
    for arg in std::env::args_os().skip(1) {
        if arg == "--time" {
            time_only = true;
            continue;
        }
        if arg == "--gate" {
            gate = true;
            continue;
        }
        let path = PathBuf::from(arg);
        if path.is_dir() {
            let mut inside: Vec<PathBuf> = std::fs::read_dir(&path)?
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.extension().is_some_and(|x| x == "txt"))
                .collect();
            inside.sort();
            files.extend(inside);
        } else {
            files.push(path);
        }
    }
    let stdout = std::io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    if gate {
        write!(out, "doc")?;
        for name in GATE_FEATURES {
            write!(out, "\t{name}")?;
        }
        writeln!(out)?;
    } else if !time_only {
        write!(out, "doc\tline\tremoved")?;
        for name in LINE_FEATURES {
            write!(out, "\t{name}")?;
        }
        writeln!(out)?;
    }
    let stop = Stopwords::builtin();
    let mut features = DocumentFeatures::default();
    let mut segments = Vec::new();
    let mut removed: Vec<bool> = Vec::new();
    let (mut spent, mut bytes) = (Duration::ZERO, 0usize);
    for path in &files {
        let doc = std::fs::read(path)?;
        split_lines(&doc, &mut segments);
        let lines: Vec<&[u8]> = segments.iter().map(|l| l.text(&doc)).collect();
        removed.clear();
        removed.resize(lines.len(), false);
        let start = Instant::now();
        compute(&lines, &removed, stop, &mut features);
        spent += start.elapsed();
        bytes += doc.len();
        if time_only {
            continue;
        }
        let id = Path::new(path)
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        if gate {
            write!(out, "{id}")?;
            for v in features.gate {
                write!(out, "\t{v}")?;
            }
            writeln!(out)?;
            continue;
        }
        for (r, &line) in features.rows.iter().enumerate() {
            write!(out, "{id}\t{}\t0", line + 1)?;
            for v in features.row(r) {
                write!(out, "\t{v}")?;
            }
            writeln!(out)?;
        }
    }
    if time_only {
        let secs = spent.as_secs_f64();
        writeln!(
            out,
            "{} documents, {:.1} MB in {:.3} s of compute(): {:.1} MB/s",
            files.len(),
            bytes as f64 / 1e6,
            secs,
            bytes as f64 / 1e6 / secs.max(1e-9)
        )?;
    }
    out.flush()
}
