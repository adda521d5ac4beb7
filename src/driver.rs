//! Running a cleaner over files, directory trees and stdin: parallel across files and inside
//! one stream, output in input order, errors reported and counted without stopping the run.
//!
//! This is everything the `noisestrip` binary does after parsing its flags, so a library user
//! can run exactly what the command line runs.
//!
//! # How work is scheduled
//! Inputs are expanded into a sorted list of files (optionally one `--shard` of it). Runs of
//! small files are cleaned in parallel, one file per task, and written in order. A large file
//! or stdin is cleaned with *ordered parallel streaming*: a reader thread decompresses the
//! stream and cuts it into batches of whole records (about 1 MiB each); each batch is cleaned
//! by a rayon task with its pool thread's own [`BatchCleaner`], while the reader goes on
//! reading; the calling thread writes finished batches in input order. At most a few batches
//! per thread are in flight, so memory is bounded whatever the input size, and since batch
//! boundaries depend only on the input bytes, the output is identical for any thread count.
//! `-j1` is a plain loop on the calling thread.

use std::fs::{self, File};
use std::io::{self, IsTerminal, Read, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use rayon::prelude::*;

use crate::clean::Cleaner;
use crate::error::Error;
pub use crate::explain::ExplainFormat;
use crate::format::compress::{self, Compression, Compressor};
use crate::format::reader::{BatchReader, ReadError, Source};
use crate::format::{Batch, BatchCleaner, BatchOut, StreamSpec};
pub use crate::format::{DocSep, Format};
use crate::stats::Stats;

/// Everything a run needs besides the cleaner: plain data, no command-line types.
#[derive(Clone, Debug)]
#[non_exhaustive]
pub struct RunConfig {
    /// Files and directories to clean, in order; empty or `-` means stdin.
    pub inputs: Vec<PathBuf>,
    /// Where clean output goes: `None` for the given writer (stdout), a directory (existing,
    /// or named with a trailing `/`) to mirror the inputs, or a file (format and compression
    /// from its extension).
    pub output: Option<PathBuf>,
    /// Write this explain view to the given writer. Clean text then goes only to `output`.
    pub explain: Option<ExplainFormat>,
    /// Worker threads; 0 means one per core, 1 a plain sequential loop.
    pub threads: usize,
    /// A document larger than this is cleaned in pieces (cut at line ends) with a warning.
    pub max_document_bytes: usize,
    /// A WARC record larger than this is treated as corrupt.
    pub max_record_bytes: usize,
    /// Uncompressed regular files at least this large are memory-mapped rather than read.
    pub mmap_min_bytes: u64,
    /// Input format; `None`: by extension, else by sniffing the content.
    pub format: Option<Format>,
    /// Output format; `None`: from the output file's extension, else the input format.
    pub output_format: Option<Format>,
    /// JSONL member holding the text.
    pub text_field: String,
    /// JSONL member holding the document id.
    pub id_field: String,
    /// Separator of documents in text input; `None`: each file is one document.
    pub doc_sep: Option<DocSep>,
    /// Drop documents that cleaning leaves empty (they go to the rejects with a reason).
    pub drop_empty: bool,
    /// Write malformed records and dropped documents here, untouched, plus one reason row per
    /// record to `<path>.reasons.jsonl`.
    pub rejects: Option<PathBuf>,
    /// Write Dolma-style attribute rows here (one per document, in input order).
    pub attributes: Option<PathBuf>,
    /// Process only slice `.0` (0-based) of `.1` slices of the input file list.
    pub shard: Option<(usize, usize)>,
    /// Skip inputs whose output file already exists (directory output, or the `-o` file).
    pub skip_existing: bool,
    /// Draw a progress line on the diagnostics writer.
    pub progress: bool,
    /// Do not print warnings.
    pub quiet: bool,
    /// Target size of a batch of records (a parallel stream uses smaller batches when many
    /// threads would otherwise hold too much memory in them).
    pub batch_bytes: usize,
    /// Malformed-record reports printed per input before the rest are only counted.
    pub max_reported_records: usize,
}

impl Default for RunConfig {
    fn default() -> RunConfig {
        RunConfig {
            inputs: Vec::new(),
            output: None,
            explain: None,
            threads: 0,
            max_document_bytes: 64 << 20,
            max_record_bytes: 256 << 20,
            mmap_min_bytes: 4 << 20,
            format: None,
            output_format: None,
            text_field: "text".to_string(),
            id_field: "id".to_string(),
            doc_sep: None,
            drop_empty: false,
            rejects: None,
            attributes: None,
            shard: None,
            skip_existing: false,
            progress: false,
            quiet: false,
            batch_bytes: 1 << 20,
            max_reported_records: 20,
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
    /// Inputs skipped because their output existed (`skip_existing`).
    pub skipped: usize,
    /// True when the output was closed early (`| head`): the run stopped quietly.
    pub output_closed: bool,
    /// Wall-clock time of the run.
    pub elapsed: Duration,
}

impl RunReport {
    /// Malformed records rejected.
    pub fn rejected(&self) -> u64 {
        self.stats.records_rejected
    }
}

/// One unit of work: an input and where its clean text goes.
#[derive(Clone, Debug)]
struct Job {
    input: Input,
    /// `Some` when the output is a file of its own (mirrored tree).
    dest: Option<PathBuf>,
    /// Size on disk, when known.
    size: Option<u64>,
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

/// Inputs at least this large (on disk) are cleaned with parallel streaming, one at a time;
/// smaller ones in parallel with each other.
const STREAM_MIN_BYTES: u64 = 8 << 20;

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
        skipped: 0,
        output_closed: false,
        elapsed: Duration::ZERO,
    };
    let (jobs, setup_errors, skipped) = plan_jobs(config);
    for e in &setup_errors {
        let _ = writeln!(diag, "noisestrip: {e}");
    }
    report.errors += setup_errors.len();
    report.skipped = skipped;

    let single_target = config.output.as_ref().filter(|p| !is_dir_target(p));
    if let Some(path) = single_target
        && config.skip_existing
        && path.exists()
    {
        if !config.quiet {
            let _ = writeln!(
                diag,
                "noisestrip: {}: exists; skipped (--skip-existing)",
                path.display()
            );
        }
        report.skipped += jobs.len();
        report.elapsed = started.elapsed();
        return report;
    }
    let mut sinks = match Sinks::open(config, single_target, out, diag) {
        Ok(s) => s,
        Err(e) => {
            let _ = writeln!(diag, "noisestrip: {e}");
            report.errors += 1;
            report.elapsed = started.elapsed();
            return report;
        }
    };
    sinks.progress.total = jobs.iter().map(|j| j.size).sum();

    let ctx = Ctx {
        cleaner,
        config,
        read: sinks.progress.read.clone(),
    };
    let result = if config.threads == 1 {
        run_sequential(&ctx, &jobs, &mut sinks, &mut report)
    } else {
        match rayon::ThreadPoolBuilder::new()
            .num_threads(config.threads)
            .build()
        {
            Ok(pool) => run_parallel(&pool, &ctx, &jobs, &mut sinks, &mut report),
            Err(e) => {
                sinks.error(
                    format!("cannot start threads ({e}); running sequentially"),
                    &mut report,
                );
                run_sequential(&ctx, &jobs, &mut sinks, &mut report)
            }
        }
    };
    sinks.progress.finish(sinks.diag);
    if let Err(e) = result.and_then(|()| sinks.out.flush()) {
        if e.kind() == io::ErrorKind::BrokenPipe {
            report.output_closed = true;
        } else {
            sinks.error(format!("writing output: {e}"), &mut report);
        }
    }
    sinks.close(&mut report);
    report.elapsed = started.elapsed();
    report
}

struct Ctx<'a> {
    cleaner: &'a Cleaner,
    config: &'a RunConfig,
    /// Bytes read from input files so far (before decompression), for the progress line.
    read: Arc<AtomicU64>,
}

fn is_dir_target(path: &Path) -> bool {
    path.is_dir()
        || path
            .as_os_str()
            .to_string_lossy()
            .ends_with(['/', std::path::MAIN_SEPARATOR])
}

/// Expands directories (sorted, recursively) into files, keeps the configured shard,
/// decides each file's destination and drops those that exist when asked to.
fn plan_jobs(config: &RunConfig) -> (Vec<Job>, Vec<Error>, usize) {
    let mut jobs = Vec::new();
    let mut errors = Vec::new();
    let out_dir = config.output.as_ref().filter(|p| is_dir_target(p));
    let inputs: Vec<PathBuf> = if config.inputs.is_empty() {
        vec![PathBuf::from("-")]
    } else {
        config.inputs.clone()
    };
    let dest_for = |rel: &Path| -> Option<PathBuf> {
        let d = out_dir?;
        let mut dest = d.join(rel);
        if let Some(f) = config.output_format {
            dest = convert_name(&dest, f);
        }
        Some(dest)
    };
    for input in inputs {
        if input.as_os_str() == "-" {
            jobs.push(Job {
                input: Input::Stdin,
                dest: dest_for(Path::new("stdin.txt")),
                size: None,
            });
            continue;
        }
        match fs::metadata(&input) {
            Ok(meta) if meta.is_dir() => {
                let mut files = Vec::new();
                // An output directory inside the input tree (`-o in/clean/ in/`) is not
                // input: a second run would otherwise clean the first run's output into
                // `in/clean/clean/`.
                let exclude = out_dir.and_then(|d| fs::canonicalize(d).ok());
                walk(&input, exclude.as_deref(), &mut files, &mut errors);
                files.sort();
                for (file, size) in files {
                    let rel = file.strip_prefix(&input).unwrap_or(&file).to_path_buf();
                    jobs.push(Job {
                        input: Input::File(file),
                        dest: dest_for(&rel),
                        size: Some(size),
                    });
                }
            }
            Ok(meta) => {
                let name = PathBuf::from(input.file_name().unwrap_or(input.as_os_str()));
                jobs.push(Job {
                    dest: dest_for(&name),
                    input: Input::File(input),
                    size: Some(meta.len()),
                });
            }
            Err(e) => errors.push(Error::io(&input, e)),
        }
    }
    if let Some((i, n)) = config.shard {
        let n = n.max(1);
        jobs = jobs
            .into_iter()
            .enumerate()
            .filter(|(k, _)| k % n == i)
            .map(|(_, j)| j)
            .collect();
    }
    let mut skipped = 0;
    if config.skip_existing {
        jobs.retain(|j| {
            let exists = j.dest.as_ref().is_some_and(|d| d.exists());
            skipped += usize::from(exists);
            !exists
        });
    }
    (jobs, errors, skipped)
}

/// `dir/a.warc.wet.gz` → `dir/a.jsonl.gz` for a conversion to JSONL: the format extensions
/// are replaced, the compression extension kept.
fn convert_name(path: &Path, format: Format) -> PathBuf {
    let Some(name) = path.file_name().and_then(|n| n.to_str()) else {
        return path.to_path_buf();
    };
    let stem_with_format = crate::format::strip_compression_ext(name);
    let compression_ext = &name[stem_with_format.len()..];
    let mut stem = stem_with_format;
    while let Some((s, ext)) = stem.rsplit_once('.') {
        let ext = ext.to_ascii_lowercase();
        if s.is_empty()
            || !["jsonl", "ndjson", "json", "warc", "wet", "txt", "text"].contains(&ext.as_str())
        {
            break;
        }
        stem = s;
    }
    path.with_file_name(format!("{stem}.{}{compression_ext}", format.extension()))
}

/// Collects the files under `dir`, skipping the directory `exclude` (canonical) and the
/// temporary files of an interrupted run (`NAME.noisestrip-PID.tmp`).
fn walk(
    dir: &Path,
    exclude: Option<&Path>,
    files: &mut Vec<(PathBuf, u64)>,
    errors: &mut Vec<Error>,
) {
    if let Some(excluded) = exclude {
        if fs::canonicalize(dir).is_ok_and(|d| d == excluded) {
            return;
        }
    }
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
                match entry.metadata() {
                    Ok(m) if m.is_dir() => walk(&path, exclude, files, errors),
                    Ok(_) if is_temporary_output(&path) => {}
                    Ok(m) => files.push((path, m.len())),
                    Err(e) => errors.push(Error::io(&path, e)),
                }
            }
            Err(e) => errors.push(Error::io(dir, e)),
        }
    }
}

/// Whether `path` is named like [`AtomicFile`]'s temporary files: `NAME.noisestrip-PID.tmp`.
fn is_temporary_output(path: &Path) -> bool {
    let Some(name) = path.file_name().and_then(|n| n.to_str()) else {
        return false;
    };
    name.strip_suffix(".tmp")
        .and_then(|rest| rest.rsplit_once(".noisestrip-"))
        .is_some_and(|(_, pid)| !pid.is_empty() && pid.bytes().all(|b| b.is_ascii_digit()))
}

/// A file written under a temporary name and renamed into place when complete, so an
/// interrupted run never leaves a truncated file that looks complete.
///
/// A path that already exists and is not a regular file (`/dev/null`, `/dev/stdout`, a FIFO
/// another process reads) is written in place: renaming a temporary file over it would
/// replace the device with a plain file, which for `/dev/null` breaks the whole machine.
struct AtomicFile {
    path: PathBuf,
    /// The temporary name, or `None` when writing in place (see above).
    tmp: Option<PathBuf>,
    file: Option<io::BufWriter<File>>,
    compression: Compression,
    written: bool,
}

impl AtomicFile {
    fn create(path: &Path, compression: Compression) -> io::Result<AtomicFile> {
        if is_special_file(path) {
            // Appending: a descriptor the caller opened with `>>` keeps what it holds, and a
            // device or FIFO ignores the flag.
            let file = fs::OpenOptions::new().append(true).open(path)?;
            return Ok(AtomicFile {
                path: path.to_path_buf(),
                tmp: None,
                file: Some(io::BufWriter::with_capacity(1 << 20, file)),
                compression,
                written: false,
            });
        }
        // Through a symbolic link, replace the file it names, not the link itself.
        let target = match fs::symlink_metadata(path) {
            Ok(m) if m.file_type().is_symlink() => fs::canonicalize(path)?,
            _ => path.to_path_buf(),
        };
        if let Some(parent) = target.parent().filter(|p| !p.as_os_str().is_empty()) {
            fs::create_dir_all(parent)?;
        }
        let mut tmp = target.as_os_str().to_owned();
        tmp.push(format!(".noisestrip-{}.tmp", std::process::id()));
        let tmp = PathBuf::from(tmp);
        let file = File::create(&tmp)?;
        Ok(AtomicFile {
            path: target,
            tmp: Some(tmp),
            file: Some(io::BufWriter::with_capacity(1 << 20, file)),
            compression,
            written: false,
        })
    }

    fn write_all(&mut self, bytes: &[u8]) -> io::Result<()> {
        if bytes.is_empty() {
            return Ok(());
        }
        self.written = true;
        match &mut self.file {
            Some(f) => f.write_all(bytes),
            None => Err(io::Error::other("file already closed")),
        }
    }

    /// Finishes the file and renames it into place.
    fn commit(mut self) -> io::Result<()> {
        if !self.written && self.compression != Compression::None {
            // An empty compressed file is not a valid one; write one empty member.
            let mut empty = Vec::new();
            compress::compress_member(self.compression, b"", &mut empty)?;
            self.write_all(&empty)?;
        }
        let Some(writer) = self.file.take() else {
            return Ok(());
        };
        let file = writer.into_inner().map_err(|e| e.into_error())?;
        let Some(tmp) = self.tmp.take() else {
            // Written in place: a device or pipe has nothing to sync or rename.
            return Ok(());
        };
        file.sync_data()?;
        drop(file);
        fs::rename(&tmp, &self.path)
    }
}

impl Drop for AtomicFile {
    fn drop(&mut self) {
        if self.file.is_some() {
            self.file = None;
            if let Some(tmp) = &self.tmp {
                let _ = fs::remove_file(tmp);
            }
        }
    }
}

/// Whether `path` is written in place rather than replaced: it exists and is something
/// other than a regular file or a directory (a character or block device, a FIFO, a socket;
/// symbolic links followed), or it names an open descriptor (`/dev/stdout`, `/dev/fd/N`,
/// `/proc/...`), itself or through its links. `/dev/stdout`, when stdout is redirected to a
/// file, resolves to that file through `/proc/self/fd`: replacing it would swap the caller's
/// file for a new one.
fn is_special_file(path: &Path) -> bool {
    let under_system = |p: &Path| {
        p.starts_with("/proc")
            || p.starts_with("/dev/fd")
            || ["/dev/stdin", "/dev/stdout", "/dev/stderr"]
                .iter()
                .any(|d| p == Path::new(d))
    };
    if under_system(path) {
        return true;
    }
    if fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink()) {
        // Follow the chain one link at a time: canonicalize would skip past `/proc/self/fd`.
        let mut at = path.to_path_buf();
        for _ in 0..40 {
            match fs::read_link(&at) {
                Ok(next) => {
                    at = match at.parent() {
                        Some(dir) if next.is_relative() => dir.join(next),
                        _ => next,
                    };
                    if under_system(&at) {
                        return true;
                    }
                }
                Err(_) => break,
            }
        }
    }
    fs::metadata(path).is_ok_and(|m| !m.is_file() && !m.is_dir())
}

/// Where a job's clean output goes.
enum Dest {
    /// The shared stream (`out` or the single `-o` file).
    Shared,
    /// A file of its own.
    Own(AtomicFile),
    /// Nowhere (explain view on stdout without an output path).
    Discard,
}

/// A side output (attributes, rejects): a file, and whether it failed.
struct Side {
    file: Option<AtomicFile>,
}

impl Side {
    fn open(path: Option<&PathBuf>) -> io::Result<(Side, Compression)> {
        match path {
            None => Ok((Side { file: None }, Compression::None)),
            Some(p) => {
                let c = Compression::from_path(p);
                Ok((
                    Side {
                        file: Some(AtomicFile::create(p, c)?),
                    },
                    c,
                ))
            }
        }
    }

    fn write(&mut self, bytes: &[u8]) -> Result<(), String> {
        let Some(f) = &mut self.file else {
            return Ok(());
        };
        if let Err(e) = f.write_all(bytes) {
            let msg = format!("{}: {e}", f.path.display());
            self.file = None;
            return Err(msg);
        }
        Ok(())
    }

    fn close(&mut self) -> Result<(), String> {
        match self.file.take() {
            Some(f) => {
                let path = f.path.clone();
                f.commit().map_err(|e| format!("{}: {e}", path.display()))
            }
            None => Ok(()),
        }
    }
}

/// The run's outputs, written only by the calling thread.
struct Sinks<'a> {
    out: &'a mut dyn Write,
    diag: &'a mut dyn Write,
    /// The single `-o FILE`, if any: the shared stream instead of `out`.
    single: Option<AtomicFile>,
    single_compression: Compression,
    /// Last byte (before compression) written to the shared stream.
    shared_last: Option<u8>,
    attributes: Side,
    rejects: Side,
    reasons: Side,
    explain_to_out: bool,
    quiet: bool,
    progress: Progress,
    compressor: Compressor,
}

impl<'a> Sinks<'a> {
    fn open(
        config: &RunConfig,
        single: Option<&PathBuf>,
        out: &'a mut dyn Write,
        diag: &'a mut dyn Write,
    ) -> Result<Sinks<'a>, Error> {
        let single_compression = single.map_or(Compression::None, |p| Compression::from_path(p));
        let single = match single {
            Some(p) => {
                Some(AtomicFile::create(p, single_compression).map_err(|e| Error::io(p, e))?)
            }
            None => None,
        };
        let (attributes, _) = Side::open(config.attributes.as_ref())
            .map_err(|e| Error::io(config.attributes.as_deref().unwrap_or(Path::new("")), e))?;
        let (rejects, _) = Side::open(config.rejects.as_ref())
            .map_err(|e| Error::io(config.rejects.as_deref().unwrap_or(Path::new("")), e))?;
        // Rejects sent to a device (`--rejects /dev/null`) have no reasons file beside them:
        // there is no directory of the user's to put it in.
        let reasons_path = config
            .rejects
            .as_ref()
            .filter(|p| !is_special_file(p))
            .map(|p| {
                let mut s = p.as_os_str().to_owned();
                s.push(".reasons.jsonl");
                PathBuf::from(s)
            });
        let (reasons, _) = Side::open(reasons_path.as_ref())
            .map_err(|e| Error::io(reasons_path.as_deref().unwrap_or(Path::new("")), e))?;
        Ok(Sinks {
            out,
            diag,
            single,
            single_compression,
            shared_last: None,
            attributes,
            rejects,
            reasons,
            explain_to_out: config.explain.is_some(),
            quiet: config.quiet,
            progress: Progress::new(config.progress),
            compressor: Compressor::default(),
        })
    }

    fn error(&mut self, message: String, report: &mut RunReport) {
        self.progress.clear(self.diag);
        let _ = writeln!(self.diag, "noisestrip: {message}");
        report.errors += 1;
    }

    fn warn(&mut self, message: &str) {
        if !self.quiet {
            self.progress.clear(self.diag);
            let _ = writeln!(self.diag, "noisestrip: {message}");
        }
    }

    /// Writes one batch's results in order. An error means the main output failed.
    fn emit(
        &mut self,
        job: &mut JobState,
        out: BatchOut,
        report: &mut RunReport,
    ) -> io::Result<()> {
        for w in &out.warnings {
            self.warn(w);
        }
        for e in &out.record_errors {
            job.reported += 1;
            if job.reported <= job.max_reported {
                self.progress.clear(self.diag);
                let _ = writeln!(self.diag, "noisestrip: {e}");
            } else if job.reported == job.max_reported + 1 {
                let msg = format!(
                    "{}: further malformed records are counted but not reported",
                    job.name
                );
                self.warn(&msg);
            }
        }
        report.stats.merge(&out.stats);
        if self.explain_to_out {
            self.out.write_all(&out.explain)?;
        }
        if !out.clean.is_empty() {
            match &mut job.dest {
                Dest::Discard => {}
                Dest::Own(f) => {
                    if let Err(e) = f.write_all(&out.clean) {
                        job.failed = Some(format!("{}: {e}", f.path.display()));
                        job.dest = Dest::Discard;
                    }
                }
                Dest::Shared => {
                    // Documents of consecutive inputs must not run into each other.
                    if !job.wrote_shared
                        && job.separate_with_newline
                        && self.shared_last.is_some_and(|b| b != b'\n')
                    {
                        let mut nl = Vec::new();
                        let _ = self.compressor.compress_member(
                            self.single_compression,
                            b"\n",
                            &mut nl,
                        );
                        self.write_shared(&nl)?;
                    }
                    self.write_shared(&out.clean)?;
                    job.wrote_shared = true;
                    if out.clean_last_byte.is_some() {
                        self.shared_last = out.clean_last_byte;
                    }
                }
            }
        }
        let mut side_errors = Vec::new();
        for (side, bytes) in [
            (&mut self.attributes, &out.attributes),
            (&mut self.rejects, &out.rejects),
            (&mut self.reasons, &out.reasons),
        ] {
            if !bytes.is_empty()
                && let Err(e) = side.write(bytes)
            {
                side_errors.push(e);
            }
        }
        for e in side_errors {
            self.error(e, report);
        }
        self.progress.documents = report.stats.documents;
        self.progress.processed += out.input_bytes;
        self.progress.draw(self.diag);
        Ok(())
    }

    fn write_shared(&mut self, bytes: &[u8]) -> io::Result<()> {
        match &mut self.single {
            Some(f) => f.write_all(bytes),
            None => self.out.write_all(bytes),
        }
    }

    fn close(&mut self, report: &mut RunReport) {
        let mut errors = Vec::new();
        if let Some(f) = self.single.take() {
            let path = f.path.clone();
            if let Err(e) = f.commit() {
                errors.push(format!("{}: {e}", path.display()));
            }
        }
        for side in [&mut self.attributes, &mut self.rejects, &mut self.reasons] {
            if let Err(e) = side.close() {
                errors.push(e);
            }
        }
        for e in errors {
            self.error(e, report);
        }
    }
}

/// The state of one job while its batches are written.
struct JobState {
    name: String,
    dest: Dest,
    wrote_shared: bool,
    separate_with_newline: bool,
    reported: usize,
    max_reported: usize,
    /// Writing the job's own output file failed.
    failed: Option<String>,
}

impl JobState {
    /// Finishes the job: commits its own output file; returns an error message if any.
    fn finish(self) -> Option<String> {
        if let Some(e) = self.failed {
            return Some(e);
        }
        match self.dest {
            Dest::Own(f) => {
                let path = f.path.clone();
                f.commit().err().map(|e| format!("{}: {e}", path.display()))
            }
            _ => None,
        }
    }
}

/// An opened input, ready to be read in batches.
struct Opened {
    spec: StreamSpec,
    reader: BatchReader,
}

/// Counts bytes read from a file, for the progress line.
struct Counting<R> {
    inner: R,
    count: Arc<AtomicU64>,
}

impl<R: Read> Read for Counting<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.count.fetch_add(n as u64, Ordering::Relaxed);
        Ok(n)
    }
}

fn open_job(
    ctx: &Ctx<'_>,
    job: &Job,
    shared_compression: Compression,
    batch_bytes: usize,
) -> Result<Opened, String> {
    let config = ctx.config;
    let name = job.input.name();
    let by_name = match (&job.input, config.format) {
        (_, Some(f)) => Some(f),
        (Input::File(p), None) => Format::from_path(p),
        (Input::Stdin, None) => None,
    };
    let (compression, format, source) = match &job.input {
        Input::Stdin => open_stream(Box::new(io::stdin()), &name, by_name, config)?,
        Input::File(path) => {
            let file = File::open(path).map_err(|e| Error::io(path, e).to_string())?;
            match map_file(&file, config.mmap_min_bytes) {
                Some(map) => {
                    let format = by_name.unwrap_or_else(|| {
                        Format::sniff(&map[..map.len().min(64 << 10)], &config.text_field)
                    });
                    (Compression::None, format, Source::Mapped(Arc::new(map)))
                }
                None => {
                    let counted = Counting {
                        inner: file,
                        count: ctx.read.clone(),
                    };
                    open_stream(Box::new(counted), &name, by_name, config)?
                }
            }
        }
    };
    let single_format = config
        .output
        .as_ref()
        .filter(|p| !is_dir_target(p))
        .and_then(|p| Format::from_path(p));
    let output_format = config.output_format.or(single_format).unwrap_or(format);
    if output_format == Format::Warc && format != Format::Warc {
        return Err(format!(
            "{name}: cannot write WARC from {} input",
            format.extension()
        ));
    }
    let dest_compression = match &job.dest {
        Some(_) => compression,
        None => shared_compression,
    };
    let attributes_compression = config
        .attributes
        .as_deref()
        .map_or(Compression::None, Compression::from_path);
    let rejects_compression = config
        .rejects
        .as_deref()
        .map_or(Compression::None, Compression::from_path);
    // Compressed output is one member per batch, so its bytes depend on the batch size:
    // such a stream keeps the configured size, whatever the thread count.
    let batch_bytes = if [
        dest_compression,
        attributes_compression,
        rejects_compression,
    ]
    .iter()
    .any(|&c| c != Compression::None)
    {
        config.batch_bytes
    } else {
        batch_bytes
    };
    let spec = StreamSpec {
        name,
        format,
        output_format,
        text_field: config.text_field.clone(),
        id_field: config.id_field.clone(),
        doc_sep: config.doc_sep.clone(),
        drop_empty: config.drop_empty,
        explain: config.explain,
        attributes: config.attributes.is_some(),
        rejects: config.rejects.is_some(),
        compression: dest_compression,
        attributes_compression,
        rejects_compression,
        batch_bytes,
        max_document_bytes: config.max_document_bytes,
        max_record_bytes: config.max_record_bytes,
    };
    let reader = BatchReader::with_source(source, &spec, Some(ctx.read.clone()));
    Ok(Opened { spec, reader })
}

/// Detects compression and (unless known) the format of a stream.
fn open_stream(
    raw: Box<dyn Read + Send>,
    name: &str,
    format: Option<Format>,
    config: &RunConfig,
) -> Result<(Compression, Format, Source), String> {
    let (compression, decoded) = compress::open(raw).map_err(|e| format!("{name}: {e}"))?;
    let (format, decoded) = match format {
        Some(f) => (f, decoded),
        None => {
            let (prefix, decoded) = compress::peek(decoded, 64 << 10).map_err(|e| {
                format!(
                    "{name}: cannot read the start of the input ({} compressed): {e}",
                    compression.name()
                )
            })?;
            (Format::sniff(&prefix, &config.text_field), decoded)
        }
    };
    Ok((compression, format, Source::Stream(decoded)))
}

/// Maps a large, uncompressed regular file, so batches are ranges of the map with no copy.
/// Small files are read (mapping costs more than it saves), and compressed ones are streamed
/// through their decoder.
fn map_file(file: &File, min_bytes: u64) -> Option<memmap2::Mmap> {
    let meta = file.metadata().ok()?;
    if !meta.is_file() || meta.len() < min_bytes.max(1) {
        return None;
    }
    // SAFETY: the map is read-only and lives only while this input is cleaned. Another
    // process truncating the file meanwhile could fault the read; that is the accepted
    // trade-off of memory-mapped input (as in ripgrep), limited to large regular files.
    let map = unsafe { memmap2::Mmap::map(file) }.ok()?;
    (Compression::from_magic(&map[..map.len().min(4)]) == Compression::None).then_some(map)
}

fn job_state(ctx: &Ctx<'_>, job: &Job, spec: &StreamSpec) -> Result<JobState, String> {
    let dest = match &job.dest {
        Some(path) => Dest::Own(
            AtomicFile::create(path, spec.compression)
                .map_err(|e| Error::io(path, e).to_string())?,
        ),
        None if ctx.config.explain.is_some() && ctx.config.output.is_none() => Dest::Discard,
        None => Dest::Shared,
    };
    Ok(JobState {
        name: spec.name.clone(),
        dest,
        wrote_shared: false,
        separate_with_newline: spec.output_format != Format::Warc,
        reported: 0,
        max_reported: ctx.config.max_reported_records,
        failed: None,
    })
}

fn read_error_message(name: &str, e: &ReadError) -> String {
    format!("{name}: {e}")
}

/// Cleans every job on the calling thread.
fn run_sequential(
    ctx: &Ctx<'_>,
    jobs: &[Job],
    sinks: &mut Sinks<'_>,
    report: &mut RunReport,
) -> io::Result<()> {
    let mut bc = BatchCleaner::new(ctx.cleaner);
    for job in jobs {
        let opened = match open_job(ctx, job, sinks.single_compression, ctx.config.batch_bytes) {
            Ok(o) => o,
            Err(e) => {
                sinks.error(e, report);
                continue;
            }
        };
        let mut state = match job_state(ctx, job, &opened.spec) {
            Ok(s) => s,
            Err(e) => {
                sinks.error(e, report);
                continue;
            }
        };
        for item in opened.reader {
            match item {
                Ok(batch) => {
                    let out = bc.clean_batch(&opened.spec, &batch);
                    sinks.emit(&mut state, out, report)?;
                }
                Err(e) => sinks.error(read_error_message(&opened.spec.name, &e), report),
            }
        }
        if let Some(e) = state.finish() {
            sinks.error(e, report);
        }
    }
    Ok(())
}

/// Runs of small files in parallel with each other; large files and stdin one at a time with
/// parallel streaming inside them.
fn run_parallel(
    pool: &rayon::ThreadPool,
    ctx: &Ctx<'_>,
    jobs: &[Job],
    sinks: &mut Sinks<'_>,
    report: &mut RunReport,
) -> io::Result<()> {
    let threads = pool.current_num_threads();
    let streamed = |j: &Job| jobs.len() == 1 || j.size.is_none_or(|s| s >= STREAM_MIN_BYTES);
    let mut i = 0;
    while i < jobs.len() {
        if streamed(&jobs[i]) {
            run_stream_parallel(pool, ctx, &jobs[i], sinks, report)?;
            i += 1;
            continue;
        }
        let mut end = i;
        while end < jobs.len() && !streamed(&jobs[end]) && end - i < threads * 8 {
            end += 1;
        }
        let shared = sinks.single_compression;
        let results: Vec<SmallJob> = pool.install(|| {
            jobs[i..end]
                .par_iter()
                .map_init(
                    || BatchCleaner::among(ctx.cleaner, threads),
                    |bc, job| clean_small_job(bc, ctx, job, shared),
                )
                .collect()
        });
        for r in results {
            for e in r.errors_before {
                sinks.error(e, report);
            }
            if let Some(mut state) = r.state {
                sinks.emit(&mut state, r.out, report)?;
                for e in r.errors_after {
                    sinks.error(e, report);
                }
                if let Some(e) = state.finish() {
                    sinks.error(e, report);
                }
            }
        }
        i = end;
    }
    Ok(())
}

/// A small file cleaned on a worker thread: its batches merged into one output.
struct SmallJob {
    /// Errors that prevented cleaning (unreadable file).
    errors_before: Vec<String>,
    state: Option<JobState>,
    out: BatchOut,
    /// Errors after reading started (corrupt input).
    errors_after: Vec<String>,
}

fn clean_small_job(
    bc: &mut BatchCleaner,
    ctx: &Ctx<'_>,
    job: &Job,
    shared: Compression,
) -> SmallJob {
    let mut result = SmallJob {
        errors_before: Vec::new(),
        state: None,
        out: BatchOut::default(),
        errors_after: Vec::new(),
    };
    let opened = match open_job(ctx, job, shared, ctx.config.batch_bytes) {
        Ok(o) => o,
        Err(e) => {
            result.errors_before.push(e);
            return result;
        }
    };
    let mut state = match job_state(ctx, job, &opened.spec) {
        Ok(s) => s,
        Err(e) => {
            result.errors_before.push(e);
            return result;
        }
    };
    let mut merged = BatchOut {
        stats: Stats::new(ctx.cleaner),
        ..BatchOut::default()
    };
    for item in opened.reader {
        match item {
            Ok(batch) => {
                let mut out = bc.clean_batch(&opened.spec, &batch);
                // A file of its own is written here, on the worker thread.
                if let Dest::Own(f) = &mut state.dest
                    && !out.clean.is_empty()
                {
                    if let Err(e) = f.write_all(&out.clean) {
                        state.failed = Some(format!("{}: {e}", f.path.display()));
                        state.dest = Dest::Discard;
                    }
                    out.clean.clear();
                }
                merge(&mut merged, out);
            }
            Err(e) => result
                .errors_after
                .push(read_error_message(&opened.spec.name, &e)),
        }
    }
    // Commit a file of its own here too, so renames and syncs run in parallel.
    if matches!(state.dest, Dest::Own(_))
        && let Dest::Own(f) = std::mem::replace(&mut state.dest, Dest::Discard)
    {
        let path = f.path.clone();
        if state.failed.is_none()
            && let Err(e) = f.commit()
        {
            state.failed = Some(format!("{}: {e}", path.display()));
        }
    }
    result.state = Some(state);
    result.out = merged;
    result
}

fn merge(into: &mut BatchOut, out: BatchOut) {
    into.clean.extend_from_slice(&out.clean);
    if out.clean_last_byte.is_some() {
        into.clean_last_byte = out.clean_last_byte;
    }
    into.explain.extend_from_slice(&out.explain);
    into.attributes.extend_from_slice(&out.attributes);
    into.rejects.extend_from_slice(&out.rejects);
    into.reasons.extend_from_slice(&out.reasons);
    into.stats.merge(&out.stats);
    into.record_errors.extend(out.record_errors);
    into.warnings.extend(out.warnings);
    into.input_bytes += out.input_bytes;
}

/// What the cleaning side sends to the writer, tagged with the batch's position.
enum Done {
    Batch(Box<BatchOut>),
    ReadError(ReadError),
}

/// The memory the batches of one parallel stream may hold: read ahead, being cleaned, or
/// cleaned and waiting to be written in order (see [`stream_batch_bytes`]).
const STREAM_BATCH_MEMORY: usize = 6 << 20;

/// The smallest batch [`stream_batch_bytes`] picks: below it the hand-over per batch starts
/// to show.
const MIN_STREAM_BATCH_BYTES: usize = 64 << 10;

/// The batch size of a stream cleaned by `threads` threads: the configured size, or less when
/// that many threads would hold more than [`STREAM_BATCH_MEMORY`] in batches. A stream keeps
/// about three batches per thread (one read ahead, two being cleaned or waiting), and a
/// cleaned batch holds its input and its output, so without this cap the batches alone
/// took some 5 MB per thread (100 MB corpus, -j16: 154 MB peak RSS with a 24 MB budget,
/// 143 MB with 12 MB; 1 GB corpus, -j16: 111 MB with 12 MB, 102 MB with 6 MB, and -j2, where
/// the batches halve to 512 KB, as fast). Documents are never split between batches, so
/// uncompressed output does not depend on it; a stream with compressed output keeps the
/// configured size (see [`open_job`]), since each batch is a member of its own.
fn stream_batch_bytes(configured: usize, threads: usize) -> usize {
    let share = STREAM_BATCH_MEMORY / (threads.max(1) * 3 * 2);
    configured.min(share.max(MIN_STREAM_BATCH_BYTES))
}

/// Ordered parallel streaming of one input; see the module documentation.
///
/// Three parties: a reader thread cuts the stream into batches; a dispatcher thread spawns
/// one pool task per batch (each task cleans with its pool thread's own [`BatchCleaner`]);
/// the calling thread puts finished batches back in input order and writes them. A batch
/// is spawned only after the writer has handed back a token, so at most `in_flight`
/// batches are held at once (memory stays bounded) and no pool thread ever waits for a
/// slower sibling, as it would at the end of a fixed window.
fn run_stream_parallel(
    pool: &rayon::ThreadPool,
    ctx: &Ctx<'_>,
    job: &Job,
    sinks: &mut Sinks<'_>,
    report: &mut RunReport,
) -> io::Result<()> {
    let threads = pool.current_num_threads();
    let batch_bytes = stream_batch_bytes(ctx.config.batch_bytes, threads);
    let opened = match open_job(ctx, job, sinks.single_compression, batch_bytes) {
        Ok(o) => o,
        Err(e) => {
            sinks.error(e, report);
            return Ok(());
        }
    };
    let mut state = match job_state(ctx, job, &opened.spec) {
        Ok(s) => s,
        Err(e) => {
            sinks.error(e, report);
            return Ok(());
        }
    };
    let Opened { spec, reader } = opened;
    // Two batches per thread being cleaned or waiting to be written keep every thread busy
    // (measured: -j2 scales the same as with four); the reader is one batch per thread ahead.
    let in_flight = threads * 2;
    let (batch_tx, batch_rx) = mpsc::sync_channel::<Result<Batch, ReadError>>(threads);
    let (done_tx, done_rx) = mpsc::channel::<(u64, Done)>();
    let (token_tx, token_rx) = mpsc::sync_channel::<()>(in_flight);
    for _ in 0..in_flight {
        let _ = token_tx.send(());
    }
    let cleaners: Vec<std::sync::Mutex<BatchCleaner>> = (0..threads)
        .map(|_| std::sync::Mutex::new(BatchCleaner::among(ctx.cleaner, threads)))
        .collect();
    let (spec, cleaners) = (&spec, &cleaners);
    let result = std::thread::scope(|scope| {
        scope.spawn(move || {
            for item in reader {
                if batch_tx.send(item).is_err() {
                    return;
                }
            }
        });
        scope.spawn(move || {
            // Spawned tasks run on the pool; this thread only hands them out.
            pool.in_place_scope(|tasks| {
                for (index, item) in (0u64..).zip(batch_rx) {
                    let batch = match item {
                        Ok(batch) => batch,
                        Err(e) => {
                            let _ = done_tx.send((index, Done::ReadError(e)));
                            break;
                        }
                    };
                    if token_rx.recv().is_err() {
                        // The writer stopped (closed output): stop handing out work.
                        break;
                    }
                    let done_tx = done_tx.clone();
                    tasks.spawn(move |_| {
                        let slot = rayon::current_thread_index().unwrap_or(0) % cleaners.len();
                        let out = match cleaners[slot].lock() {
                            Ok(mut bc) => bc.clean_batch(spec, &batch),
                            Err(poisoned) => poisoned.into_inner().clean_batch(spec, &batch),
                        };
                        drop(batch);
                        let _ = done_tx.send((index, Done::Batch(Box::new(out))));
                    });
                }
            });
        });
        // Owned here, so that returning early drops it and the dispatcher stops waiting.
        let token_tx = token_tx;
        // Finished batches arrive in any order; write them in input order.
        let mut pending: std::collections::BTreeMap<u64, Done> = Default::default();
        let mut next = 0u64;
        for (index, done) in done_rx {
            pending.insert(index, done);
            while let Some(done) = pending.remove(&next) {
                next += 1;
                match done {
                    Done::Batch(out) => {
                        // On a write error, returning drops the receivers, which stops the
                        // dispatcher and the reader at their next hand-over.
                        sinks.emit(&mut state, *out, report)?;
                        let _ = token_tx.send(());
                    }
                    Done::ReadError(e) => {
                        sinks.error(read_error_message(&spec.name, &e), report);
                    }
                }
            }
        }
        Ok(())
    });
    if let Some(e) = state.finish() {
        sinks.error(e, report);
    }
    result
}

/// A progress line on stderr: documents, MB read, MB/s, and an ETA when the total is known.
struct Progress {
    enabled: bool,
    started: Instant,
    last: Option<Instant>,
    /// Total size of the input files on disk, when all are known.
    total: Option<u64>,
    documents: u64,
    /// Bytes of input (decompressed) whose output has been written.
    processed: u64,
    /// Bytes read from input files (on disk, so compressed for compressed inputs): the
    /// fraction of `total` done, for the ETA.
    read: Arc<AtomicU64>,
    drawn: bool,
}

impl Progress {
    fn new(enabled: bool) -> Progress {
        Progress {
            enabled,
            started: Instant::now(),
            last: None,
            total: None,
            documents: 0,
            processed: 0,
            read: Arc::new(AtomicU64::new(0)),
            drawn: false,
        }
    }

    fn draw(&mut self, diag: &mut dyn Write) {
        if !self.enabled {
            return;
        }
        let now = Instant::now();
        if self
            .last
            .is_some_and(|t| now.duration_since(t) < Duration::from_millis(200))
        {
            return;
        }
        self.last = Some(now);
        let secs = now.duration_since(self.started).as_secs_f64().max(1e-3);
        let read = self.read.load(Ordering::Relaxed);
        let mb = self.processed as f64 / 1e6;
        let rate = mb / secs;
        let eta = match self.total {
            Some(total) if total > 0 && read > 0 && read < total => {
                let left = secs * (total - read) as f64 / read as f64;
                format!("  ETA {}", fmt_secs(left))
            }
            _ => String::new(),
        };
        let _ = write!(
            diag,
            "\r\x1b[K{} docs  {mb:.1} MB  {rate:.1} MB/s{eta}",
            self.documents
        );
        let _ = diag.flush();
        self.drawn = true;
    }

    fn clear(&mut self, diag: &mut dyn Write) {
        if self.drawn {
            let _ = write!(diag, "\r\x1b[K");
            self.drawn = false;
        }
    }

    fn finish(&mut self, diag: &mut dyn Write) {
        self.clear(diag);
    }
}

fn fmt_secs(s: f64) -> String {
    let s = s.round() as u64;
    if s >= 3600 {
        format!("{}h{:02}m", s / 3600, (s % 3600) / 60)
    } else {
        format!("{}m{:02}s", s / 60, s % 60)
    }
}

/// True when `stderr` is a terminal (the binary uses this to enable the progress line).
pub fn stderr_is_terminal() -> bool {
    io::stderr().is_terminal()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each case: configured batch size, threads, the batch size a parallel stream uses.
    #[test]
    fn stream_batches_shrink_with_the_thread_count() {
        let cases = [
            (1 << 20, 1, 1 << 20),
            (1 << 20, 2, 512 << 10),
            (1 << 20, 4, 256 << 10),
            (1 << 20, 8, 128 << 10),
            (1 << 20, 16, MIN_STREAM_BATCH_BYTES),
            (1 << 20, 1000, MIN_STREAM_BATCH_BYTES),
            (4 << 10, 16, 4 << 10),
            (1 << 20, 0, 1 << 20),
        ];
        for (configured, threads, expected) in cases {
            assert_eq!(
                stream_batch_bytes(configured, threads),
                expected,
                "{configured} bytes, {threads} threads"
            );
        }
        // Whatever the thread count, the batches a stream holds stay within the budget.
        for threads in 1..=256 {
            let held = stream_batch_bytes(1 << 20, threads) * threads * 3 * 2;
            assert!(held <= STREAM_BATCH_MEMORY.max(MIN_STREAM_BATCH_BYTES * threads * 6));
        }
    }

    #[test]
    fn converted_names_keep_compression() {
        let cases = [
            ("d/a.warc.wet.gz", Format::Jsonl, "d/a.jsonl.gz"),
            ("d/a.jsonl.zst", Format::Text, "d/a.txt.zst"),
            ("d/a.warc", Format::Jsonl, "d/a.jsonl"),
            ("d/notes", Format::Jsonl, "d/notes.jsonl"),
            ("d/v1.2.jsonl", Format::Text, "d/v1.2.txt"),
        ];
        for (from, f, want) in cases {
            assert_eq!(
                convert_name(Path::new(from), f),
                PathBuf::from(want),
                "{from}"
            );
        }
    }

    /// Which outputs are written in place, never replaced by a rename.
    #[cfg(unix)]
    #[test]
    fn special_files_are_written_in_place() {
        let dir = std::env::temp_dir().join(format!("noisestrip-special-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).unwrap();
        let regular = dir.join("regular.txt");
        fs::write(&regular, "x").unwrap();
        let to_regular = dir.join("to-regular");
        std::os::unix::fs::symlink(&regular, &to_regular).unwrap();
        let to_stdout = dir.join("to-stdout");
        std::os::unix::fs::symlink("/dev/stdout", &to_stdout).unwrap();
        let cases: &[(&Path, bool)] = &[
            (Path::new("/dev/null"), true),
            (Path::new("/dev/stdout"), true),
            (Path::new("/dev/stderr"), true),
            (Path::new("/dev/fd/1"), true),
            (Path::new("/proc/self/fd/1"), true),
            (&to_stdout, true),
            (&regular, false),
            (&to_regular, false),
            (&dir, false),
            (&dir.join("missing.txt"), false),
        ];
        for &(path, want) in cases {
            assert_eq!(is_special_file(path), want, "{}", path.display());
        }
        let _ = fs::remove_dir_all(&dir);
    }
}
