//! The `noisestrip` command: flag parsing into a plain [`RunConfig`], then the library's
//! driver.
//!
//! Exit status: 0 on success (also when stdout was closed early, as by `| head`); 2 when
//! any error was reported (bad rule file, unreadable path, corrupt compressed input, write
//! failure); 3 when the run completed but malformed records were rejected.

use std::io::{self, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, ValueEnum};
use noisestrip::driver::{self, DocSep, ExplainFormat, Format, RunConfig};
use noisestrip::{CleanerBuilder, Mode, Options, OverDeletion};

#[derive(Parser, Debug)]
#[command(
    name = "noisestrip",
    version,
    about = "Remove boilerplate and spam noise from scraped web text, keeping content byte for byte.",
    after_help = "Examples:\n  noisestrip < page.txt > clean.txt\n  noisestrip -o out/ scraped/\n  noisestrip --explain page.txt\n  noisestrip --stats scraped/ > /dev/null\n  noisestrip -o clean.jsonl.zst dump.jsonl.gz\n  noisestrip --output-format jsonl -o text.jsonl.gz crawl.warc.wet.gz\n  noisestrip -o out/ --shard 3/16 --skip-existing crawl/\n\nExit status: 0 success, 2 errors, 3 malformed records were rejected."
)]
struct Cli {
    /// Files or directories to clean; none or `-` reads stdin. Gzip and zstd input is
    /// detected and decompressed.
    inputs: Vec<PathBuf>,

    /// Write clean output here: a directory (existing, or ending in `/`) mirrors the inputs,
    /// keeping each file's format and compression; otherwise one file receives everything,
    /// its format and compression chosen by its extension (`clean.jsonl.zst`).
    #[arg(short, long, value_name = "PATH")]
    output: Option<PathBuf>,

    /// Input format; `auto` goes by extension (.jsonl, .warc, .wet, .txt), then content.
    #[arg(long, value_enum, default_value_t = FormatArg::Auto, value_name = "FORMAT")]
    format: FormatArg,

    /// Output format: `auto` keeps the input format (or follows the -o extension); `jsonl`
    /// turns WET records into {"id","url","date","text"} rows; `text` writes bare documents.
    #[arg(long, value_enum, default_value_t = FormatArg::Auto, value_name = "FORMAT")]
    output_format: FormatArg,

    /// JSONL member holding the document text.
    #[arg(long, default_value = "text", value_name = "NAME")]
    text_field: String,

    /// JSONL member holding the document id (used by --explain and --attributes).
    #[arg(long, default_value = "id", value_name = "NAME")]
    id_field: String,

    /// Text input is a stream of documents separated by `nul`, `formfeed`, or a line equal
    /// to the given text (e.g. `---`).
    #[arg(long, value_name = "SEP", allow_hyphen_values = true)]
    doc_sep: Option<String>,

    /// Drop documents that cleaning leaves empty (kept as empty records by default); they
    /// go to --rejects with their reason.
    #[arg(long)]
    drop_empty: bool,

    /// Write malformed records and dropped documents here, untouched, and one reason row per
    /// record to FILE.reasons.jsonl.
    #[arg(long, value_name = "FILE")]
    rejects: Option<PathBuf>,

    /// Write Dolma-style attribute rows (one per document, in input order, spans of removed
    /// text per rule) to this file.
    #[arg(long, value_name = "FILE")]
    attributes: Option<PathBuf>,

    /// Process only slice I of N (0-based) of the sorted input file list.
    #[arg(long, value_name = "I/N", value_parser = parse_shard)]
    shard: Option<(usize, usize)>,

    /// Skip inputs whose output file exists (resume an interrupted run).
    #[arg(long)]
    skip_existing: bool,

    /// No progress line and no warnings (errors are still reported).
    #[arg(short, long)]
    quiet: bool,

    /// Show what was removed, by which rule and where, instead of the clean text.
    #[arg(long, value_name = "FORMAT", num_args = 0..=1, require_equals = true, default_missing_value = "text")]
    explain: Option<ExplainArg>,

    /// Print totals and per-rule counts as JSON on stderr.
    #[arg(long)]
    stats: bool,

    /// Add rules from a rule file (repeatable).
    #[arg(long = "rules", value_name = "FILE")]
    rule_files: Vec<PathBuf>,

    /// Do not load the built-in rule packs.
    #[arg(long)]
    no_builtin: bool,

    /// Disable a rule by name, or every rule whose name starts with a prefix ending in `*`.
    #[arg(long, value_name = "RULE")]
    disable: Vec<String>,

    /// List every rule (name, action, match, origin, patterns) and exit.
    #[arg(long)]
    list_rules: bool,

    /// Print the literal phrases of every rule that removes text, one per line, and exit: the
    /// same strings for `grep -F -f` or `rg -F -f` (regex rules are not included).
    #[arg(long)]
    list_phrases: bool,

    /// Worker threads (0: one per core; 1: sequential).
    #[arg(short = 'j', long, default_value_t = 0, value_name = "N")]
    threads: usize,

    /// Flag a document when cleaning would remove more than this share of its words.
    #[arg(long, default_value_t = 0.9, value_name = "SHARE")]
    max_removed: f64,

    /// What to do with a flagged document.
    #[arg(long, value_enum, default_value_t = OverDeletionArg::Flag)]
    on_over_delete: OverDeletionArg,

    /// `full` (default) also removes boilerplate recognised by shape and context (menus,
    /// link lists); `conservative` only what phrase and structural rules name.
    #[arg(long, value_enum, default_value_t = ModeArg::Full)]
    mode: ModeArg,

    /// Keep lines that repeat earlier lines.
    #[arg(long)]
    keep_duplicates: bool,

    /// Never truncate a document's tail at a footer anchor.
    #[arg(long)]
    no_footer_truncation: bool,

    /// Line-classifier weights to use in the full mode instead of the built-in ones (the
    /// format of model/line-model.txt, written by tools/quality/train.py).
    #[arg(long, value_name = "FILE")]
    model: Option<PathBuf>,

    /// Full mode without the line classifier (phrase and structural rules only, with the
    /// full mode's duplicate policy).
    #[arg(long)]
    no_classifier: bool,

    /// Run the line classifier on a document only when the gate's probability that it is a
    /// scraped page reaches P; 0 runs it on every document. Sets both of the model's gates
    /// (defaults: 0.9 for text whose lists carry markers, 0.97 for text without, as Common
    /// Crawl WET renders it, which can look clean to the gates: try 0.05 there).
    #[arg(long, value_name = "P")]
    gate_threshold: Option<f64>,

    /// For training the classifier: write the features of every line of each input text
    /// file (documents named by file stem) as TSV on stdout, and exit.
    #[arg(long)]
    dump_features: bool,

    /// Largest document held at once, in MB; larger ones are cleaned in pieces.
    #[arg(long, default_value_t = 64, value_name = "MB")]
    max_doc_mb: usize,
}

#[derive(Copy, Clone, Debug, ValueEnum)]
enum ModeArg {
    Full,
    Conservative,
}

#[derive(Copy, Clone, Debug, ValueEnum)]
enum FormatArg {
    Auto,
    Text,
    Jsonl,
    Warc,
}

impl FormatArg {
    fn format(self) -> Option<Format> {
        match self {
            FormatArg::Auto => None,
            FormatArg::Text => Some(Format::Text),
            FormatArg::Jsonl => Some(Format::Jsonl),
            FormatArg::Warc => Some(Format::Warc),
        }
    }
}

fn parse_shard(s: &str) -> Result<(usize, usize), String> {
    let bad = || format!("`{s}`: expected I/N with 0 <= I < N, e.g. 0/8");
    let (i, n) = s.split_once('/').ok_or_else(bad)?;
    let (i, n): (usize, usize) = (
        i.trim().parse().map_err(|_| bad())?,
        n.trim().parse().map_err(|_| bad())?,
    );
    if n == 0 || i >= n {
        return Err(bad());
    }
    Ok((i, n))
}

#[derive(Copy, Clone, Debug, ValueEnum)]
enum ExplainArg {
    Text,
    Jsonl,
}

#[derive(Copy, Clone, Debug, ValueEnum)]
enum OverDeletionArg {
    /// Write the cleaned text and flag the document.
    Flag,
    /// Write the document unchanged.
    Keep,
    /// Drop the document.
    Drop,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let stderr = io::stderr();
    let mut diag = stderr.lock();

    let mut options = Options::default();
    options.mode = match cli.mode {
        ModeArg::Full => Mode::Full,
        ModeArg::Conservative => Mode::Conservative,
    };
    options.dedupe = !cli.keep_duplicates;
    options.footer_truncation = !cli.no_footer_truncation;
    options.max_removed_share = cli.max_removed;
    // Only the explain view prints the features behind a classifier removal.
    options.feature_reasons = cli.explain.is_some();
    options.over_deletion = match cli.on_over_delete {
        OverDeletionArg::Flag => OverDeletion::Flag,
        OverDeletionArg::Keep => OverDeletion::KeepOriginal,
        OverDeletionArg::Drop => OverDeletion::Drop,
    };
    let mut builder = CleanerBuilder::new();
    builder.builtin_rules(!cli.no_builtin).options(options);
    for path in &cli.rule_files {
        if let Err(e) = builder.add_rules_file(path) {
            let _ = writeln!(diag, "noisestrip: {e}");
            return ExitCode::from(2);
        }
    }
    for name in &cli.disable {
        builder.disable(name.clone());
    }
    if let Some(t) = cli.gate_threshold {
        builder.gate_threshold(t);
    }
    if cli.no_classifier {
        builder.no_classifier();
    } else if let Some(path) = &cli.model {
        match noisestrip::rules::RuleSource::from_path(path) {
            Ok(source) => {
                builder.classifier_model(source);
            }
            Err(e) => {
                let _ = writeln!(diag, "noisestrip: {e}");
                return ExitCode::from(2);
            }
        }
    }
    let cleaner = match builder.build() {
        Ok(c) => c,
        Err(e) => {
            let _ = writeln!(diag, "noisestrip: {e}");
            return ExitCode::from(2);
        }
    };

    let stdout = io::stdout();
    let mut out = io::BufWriter::with_capacity(1 << 16, stdout.lock());

    if cli.list_rules {
        return finish(list_rules(&cleaner, &mut out), &mut diag);
    }
    if cli.list_phrases {
        return finish(list_phrases(&cleaner, &mut out), &mut diag);
    }
    if cli.dump_features {
        return dump_features(&cleaner, &cli.inputs, &mut out, &mut diag);
    }

    let mut config = RunConfig::default();
    config.inputs = cli.inputs;
    config.output = cli.output;
    config.explain = cli.explain.map(|e| match e {
        ExplainArg::Text => ExplainFormat::Text,
        ExplainArg::Jsonl => ExplainFormat::Jsonl,
    });
    config.threads = cli.threads;
    config.max_document_bytes = cli.max_doc_mb.max(1).saturating_mul(1 << 20);
    config.format = cli.format.format();
    config.output_format = cli.output_format.format();
    config.text_field = cli.text_field;
    config.id_field = cli.id_field;
    config.doc_sep = cli.doc_sep.as_deref().map(DocSep::parse);
    config.drop_empty = cli.drop_empty;
    config.rejects = cli.rejects;
    config.attributes = cli.attributes;
    config.shard = cli.shard;
    config.skip_existing = cli.skip_existing;
    config.quiet = cli.quiet;
    config.progress = !cli.quiet && driver::stderr_is_terminal();
    if config.shard.is_some() && config.inputs.iter().all(|p| p.as_os_str() == "-") {
        let _ = writeln!(diag, "noisestrip: --shard needs input paths, not stdin");
        return ExitCode::from(2);
    }

    let report = driver::run(&cleaner, &config, &mut out, &mut diag);
    if cli.stats {
        let json = report.stats.to_json(&cleaner, report.elapsed.as_secs_f64());
        let _ = writeln!(diag, "{json:#}");
    }
    if report.output_closed {
        return ExitCode::SUCCESS;
    }
    if report.errors > 0 {
        ExitCode::from(2)
    } else if report.rejected() > 0 {
        ExitCode::from(3)
    } else {
        ExitCode::SUCCESS
    }
}

fn list_rules(cleaner: &noisestrip::Cleaner, out: &mut dyn Write) -> io::Result<()> {
    writeln!(
        out,
        "{:<32} {:<9} {:<9} {:>8}  origin",
        "name", "action", "match", "patterns"
    )?;
    for r in cleaner.rules() {
        writeln!(
            out,
            "{:<32} {:<9} {:<9} {:>8}  {}",
            r.name, r.action, r.kind, r.patterns, r.origin
        )?;
    }
    out.flush()
}

/// `--list-phrases`: the literal patterns of every rule that removes text, once each, in rule
/// order: a phrase list for `grep -F -f` and `rg -F -f`, so that other tools can be measured
/// looking for the same strings.
fn list_phrases(cleaner: &noisestrip::Cleaner, out: &mut dyn Write) -> io::Result<()> {
    let mut seen = std::collections::HashSet::new();
    for rule in cleaner.rules() {
        if rule.action == noisestrip::rules::Action::Keep {
            continue;
        }
        for phrase in &rule.phrases {
            if seen.insert(phrase.as_str()) {
                writeln!(out, "{phrase}")?;
            }
        }
    }
    out.flush()
}

/// `--dump-features`: the text files among the inputs (directories are walked, in name
/// order), one document per file.
fn dump_features(
    cleaner: &noisestrip::Cleaner,
    inputs: &[PathBuf],
    out: &mut dyn Write,
    diag: &mut dyn Write,
) -> ExitCode {
    use noisestrip::classify::dump;
    let mut files = Vec::new();
    let mut errors = 0;
    for input in inputs {
        if let Err(e) = list_files(input, &mut files) {
            let _ = writeln!(diag, "noisestrip: {}: {e}", input.display());
            errors += 1;
        }
    }
    let mut worker = cleaner.worker();
    let mut result = dump::write_header(out);
    for path in &files {
        if result.is_err() {
            break;
        }
        match std::fs::read(path) {
            Ok(doc) => {
                let id = path.file_stem().unwrap_or_default().to_string_lossy();
                result = dump::write_rows(out, &mut worker, &id, &doc);
            }
            Err(e) => {
                let _ = writeln!(diag, "noisestrip: {}: {e}", path.display());
                errors += 1;
            }
        }
    }
    let code = finish(result.and_then(|()| out.flush()), diag);
    if errors > 0 { ExitCode::from(2) } else { code }
}

/// The files under `path` (itself if it is a file), in name order.
fn list_files(path: &std::path::Path, files: &mut Vec<PathBuf>) -> io::Result<()> {
    if !std::fs::metadata(path)?.is_dir() {
        files.push(path.to_path_buf());
        return Ok(());
    }
    let mut entries = std::fs::read_dir(path)?
        .map(|e| e.map(|e| e.path()))
        .collect::<io::Result<Vec<_>>>()?;
    entries.sort();
    for entry in entries {
        list_files(&entry, files)?;
    }
    Ok(())
}

fn finish(result: io::Result<()>, diag: &mut dyn Write) -> ExitCode {
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(e) => {
            let _ = writeln!(diag, "noisestrip: {e}");
            ExitCode::from(2)
        }
    }
}
