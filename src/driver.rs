//! Running a cleaner over files, directory trees and stdin: parallel across inputs, output in
//! input order, errors reported and counted without stopping the run.
//!
//! This is everything the `noisestrip` binary does after parsing its flags, so a library user
//! can run exactly what the command line runs.

use std::fs::{self, File};
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use rayon::prelude::*;

use crate::clean::{Cleaner, Worker, write_clean};
use crate::error::Error;
use crate::explain::{self, DocRef};
use crate::stats::Stats;

/// Which explain view to write instead of (or beside) the clean text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum ExplainFormat {
    /// A readable table: line, action, rule, text.
    Text,
    /// One JSON object per removal.
    Jsonl,
}

/// Everything a run needs besides the cleaner: plain data, no command-line types.
#[derive(Clone, Debug)]
#[non_exhaustive]
pub struct RunConfig {
    /// Files and directories to clean, in order; empty or `-` means stdin.
    pub inputs: Vec<PathBuf>,
    /// Where clean text goes: `None` for the given writer (stdout), a directory (existing, or
    /// named with a trailing `/`) to mirror the inputs, or a file.
    pub output: Option<PathBuf>,
    /// Write this explain view to the given writer. Clean text then goes only to `output`.
    pub explain: Option<ExplainFormat>,
    /// Worker threads; 0 means one per core, 1 a plain sequential loop.
    pub threads: usize,
    /// A document larger than this is cleaned in pieces (cut at line ends) with a warning.
    pub max_document_bytes: usize,
    /// Files at least this large are memory-mapped rather than read.
    pub mmap_min_bytes: u64,
}

impl Default for RunConfig {
    fn default() -> RunConfig {
        RunConfig {
            inputs: Vec::new(),
            output: None,
            explain: None,
            threads: 0,
            max_document_bytes: 64 << 20,
            mmap_min_bytes: 4 << 20,
        }
    }
}

/// What a run did.
#[derive(Debug)]
pub struct RunReport {
    /// Totals and per-rule counts.
    pub stats: Stats,
    /// Errors reported (each was written to the diagnostics writer as it happened).
    pub errors: usize,
    /// True when the output was closed early (`| head`): the run stopped quietly.
    pub output_closed: bool,
    /// Wall-clock time of the run.
    pub elapsed: Duration,
}

/// One unit of work: an input and where its clean text goes.
#[derive(Clone, Debug)]
struct Job {
    input: Input,
    /// `Some` when the output is a file of its own (mirrored tree), `None` for the shared
    /// output stream.
    dest: Option<PathBuf>,
}

#[derive(Clone, Debug)]
enum Input {
    Stdin,
    File(PathBuf),
}

impl Input {
    fn name(&self) -> String {
        match self {
            Input::Stdin => "<stdin>".to_string(),
            Input::File(p) => p.display().to_string(),
        }
    }
}

/// What cleaning one job produced, before it is written in order.
#[derive(Default)]
struct JobOutput {
    clean: Vec<u8>,
    explain: Vec<u8>,
    stats: Option<Stats>,
    messages: Vec<String>,
    errors: usize,
}

/// Runs the cleaner as configured. Clean text (or the explain view) goes to `out` unless an
/// output path is set; warnings and errors go to `diag`, one line each, prefixed with
/// `noisestrip: `.
///
/// ```
/// use noisestrip::driver::{run, RunConfig};
/// let dir = std::env::temp_dir().join(format!("noisestrip-doc-{}", std::process::id()));
/// std::fs::create_dir_all(&dir).unwrap();
/// std::fs::write(dir.join("a.txt"), "Advertisement\nKept.\n").unwrap();
/// let mut config = RunConfig::default();
/// config.inputs = vec![dir.join("a.txt")];
/// let (mut out, mut diag) = (Vec::new(), Vec::new());
/// let report = run(&noisestrip::Cleaner::new(), &config, &mut out, &mut diag);
/// assert_eq!(out, b"Kept.\n");
/// assert_eq!(report.errors, 0);
/// # std::fs::remove_dir_all(&dir).unwrap();
/// ```
pub fn run(
    cleaner: &Cleaner,
    config: &RunConfig,
    out: &mut dyn Write,
    diag: &mut dyn Write,
) -> RunReport {
    let started = Instant::now();
    let mut report = RunReport {
        stats: Stats::new(cleaner),
        errors: 0,
        output_closed: false,
        elapsed: Duration::ZERO,
    };
    let (jobs, setup_errors) = plan_jobs(config);
    for e in &setup_errors {
        let _ = writeln!(diag, "noisestrip: {e}");
    }
    report.errors += setup_errors.len();

    // A single output file collects everything, like stdout.
    let mut single_file: Option<(PathBuf, File)> = None;
    if let Some(path) = config.output.as_ref().filter(|p| !is_dir_target(p)) {
        match File::create(path) {
            Ok(f) => single_file = Some((path.clone(), f)),
            Err(e) => {
                let _ = writeln!(diag, "noisestrip: {}", Error::io(path, e));
                report.errors += 1;
                report.elapsed = started.elapsed();
                return report;
            }
        }
    }

    let result = if config.threads == 1 {
        run_sequential(
            cleaner,
            config,
            &jobs,
            out,
            diag,
            &mut single_file,
            &mut report,
        )
    } else {
        match rayon::ThreadPoolBuilder::new()
            .num_threads(config.threads)
            .build()
        {
            Ok(pool) => run_parallel(
                &pool,
                cleaner,
                config,
                &jobs,
                out,
                diag,
                &mut single_file,
                &mut report,
            ),
            Err(e) => {
                let _ = writeln!(
                    diag,
                    "noisestrip: cannot start threads ({e}); running sequentially"
                );
                run_sequential(
                    cleaner,
                    config,
                    &jobs,
                    out,
                    diag,
                    &mut single_file,
                    &mut report,
                )
            }
        }
    };
    let flush = out.flush().and_then(|()| match &mut single_file {
        Some((_, f)) => f.flush(),
        None => Ok(()),
    });
    if let Err(e) = result.and(flush) {
        if e.kind() == io::ErrorKind::BrokenPipe {
            report.output_closed = true;
        } else {
            let _ = writeln!(diag, "noisestrip: writing output: {e}");
            report.errors += 1;
        }
    }
    report.elapsed = started.elapsed();
    report
}

fn is_dir_target(path: &Path) -> bool {
    path.is_dir()
        || path
            .as_os_str()
            .to_string_lossy()
            .ends_with(['/', std::path::MAIN_SEPARATOR])
}

/// Expands directories (sorted, recursively) into files and decides each file's destination.
fn plan_jobs(config: &RunConfig) -> (Vec<Job>, Vec<Error>) {
    let mut jobs = Vec::new();
    let mut errors = Vec::new();
    let out_dir = config.output.as_ref().filter(|p| is_dir_target(p));
    let inputs: Vec<PathBuf> = if config.inputs.is_empty() {
        vec![PathBuf::from("-")]
    } else {
        config.inputs.clone()
    };
    for input in inputs {
        if input.as_os_str() == "-" {
            let dest = out_dir.map(|d| d.join("stdin.txt"));
            jobs.push(Job {
                input: Input::Stdin,
                dest,
            });
            continue;
        }
        match fs::metadata(&input) {
            Ok(meta) if meta.is_dir() => {
                let mut files = Vec::new();
                walk(&input, &mut files, &mut errors);
                files.sort();
                for file in files {
                    let dest = out_dir.map(|d| {
                        let rel = file.strip_prefix(&input).unwrap_or(&file);
                        d.join(rel)
                    });
                    jobs.push(Job {
                        input: Input::File(file),
                        dest,
                    });
                }
            }
            Ok(_) => {
                let dest = out_dir.map(|d| d.join(input.file_name().unwrap_or(input.as_os_str())));
                jobs.push(Job {
                    input: Input::File(input),
                    dest,
                });
            }
            Err(e) => errors.push(Error::io(&input, e)),
        }
    }
    (jobs, errors)
}

fn walk(dir: &Path, files: &mut Vec<PathBuf>, errors: &mut Vec<Error>) {
    let entries = match fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) => {
            errors.push(Error::io(dir, e));
            return;
        }
    };
    for entry in entries {
        match entry {
            Ok(entry) => {
                let path = entry.path();
                match entry.file_type() {
                    Ok(t) if t.is_dir() => walk(&path, files, errors),
                    Ok(_) => files.push(path),
                    Err(e) => errors.push(Error::io(&path, e)),
                }
            }
            Err(e) => errors.push(Error::io(dir, e)),
        }
    }
}

/// The bytes of one input file: mapped for large regular files, read otherwise.
enum Loaded {
    Bytes(Vec<u8>),
    Mapped(memmap2::Mmap),
}

impl std::ops::Deref for Loaded {
    type Target = [u8];
    fn deref(&self) -> &[u8] {
        match self {
            Loaded::Bytes(b) => b,
            Loaded::Mapped(m) => m,
        }
    }
}

fn load(path: &Path, mmap_min: u64) -> io::Result<Loaded> {
    let file = File::open(path)?;
    let meta = file.metadata()?;
    if meta.is_file() && meta.len() >= mmap_min {
        // SAFETY: the map is read-only and lives only while this input is cleaned. Another
        // process truncating the file meanwhile could fault the read; that is the accepted
        // trade-off of memory-mapped input (as in ripgrep), limited to large explicit files.
        let map = unsafe { memmap2::Mmap::map(&file)? };
        return Ok(Loaded::Mapped(map));
    }
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    (&file).read_to_end(&mut bytes)?;
    Ok(Loaded::Bytes(bytes))
}

fn run_sequential(
    cleaner: &Cleaner,
    config: &RunConfig,
    jobs: &[Job],
    out: &mut dyn Write,
    diag: &mut dyn Write,
    single_file: &mut Option<(PathBuf, File)>,
    report: &mut RunReport,
) -> io::Result<()> {
    let mut worker = cleaner.worker();
    for job in jobs {
        let result = process_job(&mut worker, config, job);
        emit(result, config, out, diag, single_file, report)?;
    }
    Ok(())
}

#[allow(clippy::too_many_arguments)]
fn run_parallel(
    pool: &rayon::ThreadPool,
    cleaner: &Cleaner,
    config: &RunConfig,
    jobs: &[Job],
    out: &mut dyn Write,
    diag: &mut dyn Write,
    single_file: &mut Option<(PathBuf, File)>,
    report: &mut RunReport,
) -> io::Result<()> {
    // Windows of jobs bound the memory held by finished-but-unwritten outputs.
    let window = (pool.current_num_threads() * 8).max(8);
    for chunk in jobs.chunks(window) {
        let results: Vec<JobOutput> = pool.install(|| {
            chunk
                .par_iter()
                .map_init(
                    || cleaner.worker(),
                    |worker, job| process_job(worker, config, job),
                )
                .collect()
        });
        for result in results {
            emit(result, config, out, diag, single_file, report)?;
        }
    }
    Ok(())
}

/// Writes one job's results in order: messages, then text to the shared stream.
fn emit(
    result: JobOutput,
    config: &RunConfig,
    out: &mut dyn Write,
    diag: &mut dyn Write,
    single_file: &mut Option<(PathBuf, File)>,
    report: &mut RunReport,
) -> io::Result<()> {
    for m in &result.messages {
        let _ = writeln!(diag, "noisestrip: {m}");
    }
    report.errors += result.errors;
    if let Some(stats) = &result.stats {
        report.stats.merge(stats);
    }
    if config.explain.is_some() {
        out.write_all(&result.explain)?;
    }
    if !result.clean.is_empty() {
        match single_file {
            Some((_, f)) => f.write_all(&result.clean)?,
            None if config.explain.is_none() => out.write_all(&result.clean)?,
            None => {}
        }
    }
    Ok(())
}

/// Cleans one input into its output buffers, or into its own destination file.
fn process_job(worker: &mut Worker, config: &RunConfig, job: &Job) -> JobOutput {
    let mut result = JobOutput {
        stats: Some(Stats::new(worker.cleaner())),
        ..JobOutput::default()
    };
    let name = job.input.name();
    match &job.input {
        Input::Stdin => {
            let stdin = io::stdin();
            let mut lock = stdin.lock();
            if let Err(e) = clean_stream(worker, config, &name, &mut lock, &mut result) {
                result.messages.push(format!("{name}: {e}"));
                result.errors += 1;
            }
        }
        Input::File(path) => match load(path, config.mmap_min_bytes) {
            Ok(bytes) => clean_bytes(worker, config, &name, &bytes, &mut result),
            Err(e) => {
                result.messages.push(Error::io(path, e).to_string());
                result.errors += 1;
                return result;
            }
        },
    }
    if let Some(dest) = &job.dest {
        if let Err(e) = write_atomically(dest, &result.clean) {
            result.messages.push(Error::io(dest, e).to_string());
            result.errors += 1;
        }
        result.clean = Vec::new();
    } else {
        ensure_trailing_newline(&mut result.clean);
    }
    result
}

/// Documents written one after another to a stream must not run into each other.
fn ensure_trailing_newline(buf: &mut Vec<u8>) {
    if buf.last().is_some_and(|&b| b != b'\n') {
        buf.push(b'\n');
    }
}

/// Writes `bytes` to a temporary file beside `dest`, then renames it into place, so an
/// interrupted run never leaves a truncated file that looks complete.
fn write_atomically(dest: &Path, bytes: &[u8]) -> io::Result<()> {
    if let Some(parent) = dest.parent() {
        fs::create_dir_all(parent)?;
    }
    let mut tmp_name = dest.as_os_str().to_owned();
    tmp_name.push(format!(".noisestrip-{}.tmp", std::process::id()));
    let tmp = PathBuf::from(tmp_name);
    let outcome = (|| {
        let mut f = File::create(&tmp)?;
        f.write_all(bytes)?;
        f.sync_data()?;
        fs::rename(&tmp, dest)
    })();
    if outcome.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    outcome
}

/// Cleans one in-memory input as a document, in pieces when it is too large.
fn clean_bytes(
    worker: &mut Worker,
    config: &RunConfig,
    name: &str,
    bytes: &[u8],
    result: &mut JobOutput,
) {
    let max = config.max_document_bytes.max(1);
    if bytes.len() > max {
        result.messages.push(format!(
            "{name}: warning: document of {} bytes is larger than {max}; cleaned in pieces \
             (repeated lines are only found within a piece)",
            bytes.len()
        ));
    }
    let mut start = 0;
    let mut line_base = 0;
    while start < bytes.len() || (start == 0 && bytes.is_empty()) {
        let end = piece_end(bytes, start, max);
        clean_document(
            worker,
            config,
            name,
            &bytes[start..end],
            line_base,
            start,
            result,
        );
        line_base += worker.analysis().lines.len();
        if end == bytes.len() {
            break;
        }
        start = end;
    }
}

/// Where a piece starting at `start` ends: after the last newline within `max` bytes, or at
/// `max` when a single line is longer than that.
fn piece_end(bytes: &[u8], start: usize, max: usize) -> usize {
    if bytes.len() - start <= max {
        return bytes.len();
    }
    let limit = start + max;
    match memchr::memrchr(b'\n', &bytes[start..limit]) {
        Some(p) => start + p + 1,
        None => limit,
    }
}

/// Cleans a stream (stdin) with bounded memory: it is read in pieces of at most
/// `max_document_bytes`, each cut at a line end.
fn clean_stream(
    worker: &mut Worker,
    config: &RunConfig,
    name: &str,
    reader: &mut dyn Read,
    result: &mut JobOutput,
) -> io::Result<()> {
    let max = config.max_document_bytes.max(1);
    let mut buf: Vec<u8> = Vec::new();
    let mut byte_base = 0;
    let mut line_base = 0;
    let mut warned = false;
    loop {
        let want = max - buf.len().min(max);
        let got = reader.take(want as u64).read_to_end(&mut buf)?;
        let eof = got < want
            || want == 0 && {
                // The buffer is full: peek whether more input follows.
                let mut probe = [0u8; 1];
                let n = reader.read(&mut probe)?;
                buf.extend_from_slice(&probe[..n]);
                n == 0
            };
        if eof {
            clean_document(worker, config, name, &buf, line_base, byte_base, result);
            return Ok(());
        }
        if !warned {
            result.messages.push(format!(
                "{name}: warning: input is larger than {max} bytes; cleaned in pieces \
                 (repeated lines are only found within a piece)"
            ));
            warned = true;
        }
        let end = piece_end(&buf, 0, max);
        clean_document(
            worker,
            config,
            name,
            &buf[..end],
            line_base,
            byte_base,
            result,
        );
        line_base += worker.analysis().lines.len();
        byte_base += end;
        buf.drain(..end);
    }
}

fn clean_document(
    worker: &mut Worker,
    config: &RunConfig,
    name: &str,
    doc: &[u8],
    line_base: usize,
    byte_base: usize,
    result: &mut JobOutput,
) {
    let before = result.clean.len();
    worker.analyze(doc);
    let analysis = worker.analysis();
    write_clean(doc, analysis, &mut result.clean);
    let doc_ref = DocRef {
        id: name,
        line_base,
        byte_base,
    };
    // Writing into a Vec cannot fail.
    let _ = match config.explain {
        Some(ExplainFormat::Text) => explain::write_text(
            &mut result.explain,
            worker.cleaner(),
            doc_ref,
            doc,
            analysis,
        ),
        Some(ExplainFormat::Jsonl) => {
            explain::write_jsonl(&mut result.explain, worker.cleaner(), doc_ref, analysis)
        }
        None => Ok(()),
    };
    if let Some(stats) = &mut result.stats {
        stats.record(doc.len(), analysis, result.clean.len() - before);
    }
}
