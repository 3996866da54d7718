//! `transcript-ls check PATH…`: flag uncited figures in many files.
//!
//! Each file is read with the notes of its sidecar (`FILE.notes.json`), so a
//! note with a source covers its figures and a note that lost its words is
//! reported; a sidecar that is not JSON is an error for that file.
//!
//! The files are found by `walk`, analysed in parallel (rayon; each file is
//! independent and the analysis is pure), and reported in the order they
//! were found, so the output is the same from run to run whatever the
//! scheduling. A file that cannot be read is reported on stderr and the rest
//! are still checked; the exit status then says 2.

use std::io::{IsTerminal, Write};
use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use rayon::prelude::*;

use super::human::{self, Tally};
use super::json::{self, CheckedFile};
use super::walk::{self, Configs, Target};
use super::{CheckArgs, CheckFormat, EXIT_ERROR, EXIT_FLAGGED};
use crate::analysis::Analysis;

/// One file's result, already rendered in the requested format.
struct Checked {
    report: CheckedFile,
    /// The compiler-style text (human format only).
    human: String,
    tally: Tally,
}

pub(super) fn run(args: &CheckArgs) -> ExitCode {
    let overrides = super::walk::Overrides {
        severity: args.severity.clone(),
        format: args.format_in,
    };
    let mut configs = Configs::new(args.config.as_deref(), &overrides);
    let found = walk::collect(&args.paths, &mut configs);
    for w in &configs.warnings {
        super::warning(w);
    }
    for w in &found.warnings {
        super::warning(w);
    }
    let mut failed = !found.errors.is_empty();
    for e in &found.errors {
        super::error(e);
    }

    let progress = Progress::new(found.targets.len());
    let results: Vec<Result<Checked, String>> = found
        .targets
        .par_iter()
        .map(|target| {
            let result = check_one(target, args.format);
            progress.tick();
            result
        })
        .collect();
    progress.finish();

    let mut tally = Tally::default();
    let mut reports = Vec::with_capacity(results.len());
    let mut stdout = anstream::stdout().lock();
    for result in results {
        match result {
            Ok(checked) => {
                tally.merge(checked.tally);
                if args.format == CheckFormat::Human {
                    let _ = stdout.write_all(checked.human.as_bytes());
                }
                reports.push(checked.report);
            }
            Err(e) => {
                super::error(e);
                failed = true;
            }
        }
    }
    let _ = match args.format {
        CheckFormat::Human => writeln!(stdout, "{}", tally.summary()),
        CheckFormat::Json => writeln!(stdout, "{}", json::check_report(reports)),
        CheckFormat::Sarif => writeln!(stdout, "{}", super::sarif::report(&reports)),
    };
    let _ = stdout.flush();

    if failed {
        ExitCode::from(EXIT_ERROR)
    } else if tally.flagged > 0 {
        ExitCode::from(EXIT_FLAGGED)
    } else {
        ExitCode::SUCCESS
    }
}

fn check_one(target: &Target, format: CheckFormat) -> Result<Checked, String> {
    let text = super::read_text(&target.path)?;
    // A sidecar that cannot be read fails the file: checked without its
    // notes, figures they cite would be flagged wrongly.
    let notes = super::notes::read(&target.path)?;
    let settings = target.settings.config.settings_for(&target.path);
    let analysis = Analysis::with_notes(&text, &notes, &settings);
    let report = json::check_file(&target.path, &text, &analysis);
    let human = if format == CheckFormat::Human {
        human::render_file(&report.path, &text, analysis.findings())
    } else {
        String::new()
    };
    let mut tally = Tally::default();
    tally.add(analysis.findings());
    Ok(Checked {
        report,
        human,
        tally,
    })
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
