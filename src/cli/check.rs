//! `transcript-ls check PATH…`: flag uncited figures in many files.
//!
//! Each file is read with the notes of its sidecar (`FILE.notes.json`), so a
//! note with a source covers its figures and a note that lost its words is
//! reported. A sidecar that cannot be read is reported on itself and on
//! its transcript's first line, and the transcript is checked without its
//! notes; a sidecar's own problems come out as a file of their own.
//!
//! The files are found by `walk`, analysed in parallel (rayon; each file is
//! independent and the analysis is pure), and reported in the order they
//! were found, so the output is the same from run to run whatever the
//! scheduling. A file that cannot be read is reported on stderr and the rest
//! are still checked; the exit status then says 2. So is a file whose config
//! file cannot be read or is not TOML: checked with other settings than its
//! user wrote, it could pass when it should not. A `--config` file that
//! cannot be used stops the run before anything is checked.

use std::borrow::Cow;
use std::io::{IsTerminal, Write};
use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use rayon::prelude::*;

use super::human;
use super::json::{self, CheckedFile};
use super::notes::Loaded;
use super::tally::{Status, Tally};
use super::walk::Target;
use super::{CheckArgs, CheckFormat, EXIT_ERROR, EXIT_FLAGGED};
use crate::analysis::{Analysis, Finding};
use crate::sidecar::findings as sidecar_findings;

/// One file's result, already rendered in the requested format.
struct Checked {
    report: CheckedFile,
    /// Its sidecar's report, when the sidecar has problems of its own.
    sidecar: Option<CheckedFile>,
    /// Why its sidecar could not be read at all, naming it.
    sidecar_failed: Option<String>,
    /// The compiler-style text (human format only), in parts to be
    /// written in order.
    human: Vec<String>,
    status: Status,
    /// The file's counts (empty unless it was checked).
    tally: Tally,
}

pub(super) fn run(args: &CheckArgs) -> ExitCode {
    let overrides = super::walk::Overrides {
        severity: args.severity.clone(),
        format: args.format_in,
    };
    let found = match super::gather(&args.paths, args.config.as_deref(), &overrides) {
        Ok(found) => found,
        Err(code) => return code,
    };

    let progress = Progress::new(found.targets.len());
    let mut tally = Tally::default();
    let mut reports = Vec::with_capacity(found.targets.len() + found.errors.len());
    // Paths that could not be found come first, as they were met first.
    for (path, error) in &found.errors {
        super::error(error);
        tally.add_failed();
        reports.push(CheckedFile::unchecked(path, &Status::Failed(error.clone())));
    }
    let colour = anstream::AutoStream::choice(&std::io::stdout()) != anstream::ColorChoice::Never;
    let mut stdout = output();
    // A batch of files at a time: each batch is checked on all cores and
    // printed before the next begins, so the output starts early and what
    // is held at once is one batch's findings, not the whole run's.
    let batch = BATCH_PER_THREAD * rayon::current_num_threads();
    let results = found.targets.chunks(batch).flat_map(|targets| {
        targets
            .par_iter()
            .map(|target| {
                let result = check_one(target, args.format, colour);
                progress.tick();
                result
            })
            .collect::<Vec<Checked>>()
    });
    for checked in results {
        match &checked.status {
            Status::Checked => {
                if let Some(error) = &checked.sidecar_failed {
                    super::error(error);
                }
                tally.merge(&checked.tally);
            }
            Status::Skipped(why) => {
                super::warning(format!("{}: skipped: {why}", checked.report.path));
                tally.add_skipped(why);
            }
            Status::Failed(error) => {
                super::error(error);
                tally.add_failed();
            }
        }
        if args.format == CheckFormat::Human {
            for part in &checked.human {
                let _ = stdout.write_all(part.as_bytes());
            }
        }
        reports.push(checked.report);
        reports.extend(checked.sidecar);
    }
    if found.targets.is_empty() && found.errors.is_empty() {
        super::error(format!(
            "no transcripts found in {}",
            args.paths
                .iter()
                .map(|p| p.display().to_string())
                .collect::<Vec<_>>()
                .join(", ")
        ));
    }
    progress.finish();
    let _ = match args.format {
        CheckFormat::Human => writeln!(stdout, "{}", tally.summary()),
        CheckFormat::Json => {
            json::write_check_report(&mut stdout, reports, &tally).and_then(|()| writeln!(stdout))
        }
        CheckFormat::Sarif => {
            super::sarif::write_report(&mut stdout, &reports).and_then(|()| writeln!(stdout))
        }
    };
    let _ = stdout.flush();

    // A run that read nothing, or not everything, is an error, never a pass.
    if tally.failed > 0 || tally.checked == 0 {
        ExitCode::from(EXIT_ERROR)
    } else if tally.flagged > 0 {
        ExitCode::from(EXIT_FLAGGED)
    } else {
        ExitCode::SUCCESS
    }
}

/// Where the report goes. A terminal gets `anstream`'s stream, which keeps
/// colours only where they show and strips the escapes a transcript's own
/// text might hold. A pipe or a file gets the bytes as rendered (plain: the
/// renderers add no colour there), through a buffer: stripping a report of
/// a million findings byte by byte cost more than rendering it.
fn output() -> Box<dyn Write> {
    let stdout = std::io::stdout();
    if stdout.is_terminal() {
        Box::new(anstream::stdout().lock())
    } else {
        Box::new(std::io::BufWriter::with_capacity(
            OUTPUT_BUFFER,
            stdout.lock(),
        ))
    }
}

/// Bytes gathered before each write to a pipe or a file.
const OUTPUT_BUFFER: usize = 1 << 16;

/// How many files a batch holds for each thread: enough that a long file
/// does not leave the other threads idle for long.
const BATCH_PER_THREAD: usize = 4;

fn check_one(target: &Target, format: CheckFormat, colour: bool) -> Checked {
    let unchecked = |status: Status| Checked {
        report: CheckedFile::unchecked(&target.path, &status),
        sidecar: None,
        sidecar_failed: None,
        human: Vec::new(),
        status,
        tally: Tally::default(),
    };
    let (text, settings) = match target.open("checked") {
        Ok(opened) => opened,
        Err(status) => return unchecked(status),
    };
    // A sidecar that cannot be read never hides its transcript: the
    // transcript is checked without notes (figures they cited are flagged
    // again), and the sidecar's problem is reported on it and on the
    // transcript's first line. Nothing here writes to it.
    let loaded = Loaded::of(&target.path);
    let notes = loaded.notes();
    let analysis = Analysis::with_notes(&text, &notes, &settings);
    let sidecar_path = crate::sidecar::path_for(&target.path);
    let sidecar_name = sidecar_path.display().to_string();
    let unread = loaded.unread();
    // The transcript's findings, led by why its notes were not read; copied
    // only then, as a file can hold a million findings.
    let findings: Cow<[Finding]> = match &unread {
        None => Cow::Borrowed(analysis.findings()),
        Some((code, why)) => {
            let mut all = vec![sidecar_findings::on_transcript(
                &text,
                &sidecar_name,
                *code,
                why,
            )];
            all.extend_from_slice(analysis.findings());
            Cow::Owned(all)
        }
    };
    // Each format builds only what it prints: the JSON report's copy of
    // every finding is not made for the human one.
    let (report, mut human) = if format == CheckFormat::Human {
        let report = CheckedFile::unchecked(&target.path, &Status::Checked);
        let human = human::render_file_in_parts(&report.path, &text, &findings, colour);
        (report, human)
    } else {
        let report = json::check_file(&target.path, &text, &findings, &analysis.notes);
        (report, Vec::new())
    };
    let mut tally = Tally::default();
    tally.add_checked(&findings);

    // The sidecar's own findings, on its text.
    let sidecar_failed = unread
        .as_ref()
        .map(|(_, why)| format!("{sidecar_name}: {why}"));
    let sidecar = match &loaded {
        Loaded::Absent => None,
        Loaded::Unreadable(why) => Some(CheckedFile::unchecked(
            &sidecar_path,
            &Status::Failed(why.clone()),
        )),
        Loaded::Read { text, parsed } => {
            let found = sidecar_findings::on_sidecar(text, parsed.as_ref());
            (!found.is_empty()).then(|| {
                if format == CheckFormat::Human {
                    human.extend(human::render_file_in_parts(
                        &sidecar_name,
                        text,
                        &found,
                        colour,
                    ));
                }
                tally.add_sidecar(&found);
                let mut report = json::check_file(&sidecar_path, text, &found, &[]);
                if let Some(error) = &sidecar_failed {
                    report.fail(error.clone());
                }
                report
            })
        }
    };
    if sidecar_failed.is_some() {
        tally.add_failed();
    }
    Checked {
        report,
        sidecar,
        sidecar_failed,
        human,
        status: Status::Checked,
        tally,
    }
}

/// A progress bar on stderr that appears only when stderr is a terminal and
/// the run has already taken a while: short runs and pipes stay silent.
struct Progress {
    bar: Option<ProgressBar>,
    started: Instant,
    shown: AtomicBool,
}

/// How long a run goes on before its progress is worth showing.
const SHOW_AFTER: Duration = Duration::from_millis(700);

impl Progress {
    fn new(total: usize) -> Progress {
        let bar = (std::io::stderr().is_terminal() && total > 1).then(|| {
            let bar =
                ProgressBar::with_draw_target(Some(total as u64), ProgressDrawTarget::hidden());
            bar.set_style(
                ProgressStyle::with_template("{bar:40} {pos}/{len} files  {elapsed}")
                    .unwrap_or_else(|_| ProgressStyle::default_bar()),
            );
            bar
        });
        Progress {
            bar,
            started: Instant::now(),
            shown: AtomicBool::new(false),
        }
    }

    fn tick(&self) {
        let Some(bar) = &self.bar else { return };
        bar.inc(1);
        if self.started.elapsed() >= SHOW_AFTER && !self.shown.swap(true, Ordering::Relaxed) {
            bar.set_draw_target(ProgressDrawTarget::stderr());
        }
    }

    fn finish(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}
