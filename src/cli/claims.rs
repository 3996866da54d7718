//! `transcript-ls claims PATH…`: every figure of many files, as a table.
//!
//! The files are found as `check` finds them (`walk`, with the same config
//! handling and `--format-in`), read with their sidecars' notes, and
//! analysed in parallel. Each file's claims (`analysis::claims`) are turned
//! into printable rows at once and its analysis dropped, so what is held
//! until the end is the rows and the few facts the cross-file comparison
//! needs (`analysis::agreement`); the comparison needs every file before
//! the first row can say which others disagree with it. The filters choose
//! the rows shown, never the figures compared: a figure hidden by
//! `--speaker` still disagrees with the ones shown. The printers are in
//! `claim_formats`.

use std::path::Path;
use std::process::ExitCode;

use rayon::prelude::*;

use super::claim_formats::{self, Row, Table};
use super::notes::Loaded;
use super::tally::Status;
use super::walk::{Overrides, Target};
use super::{ClaimsArgs, EXIT_ERROR};
use crate::analysis::agreement::{self, Statement};
use crate::analysis::claims::{self, Filter};
use crate::analysis::{Analysis, format_clock};
use crate::text::{Encoding, LineIndex};

/// One file's part of the table.
pub(super) struct Listed {
    pub path: String,
    pub status: Status,
    /// Every figure's row, index-aligned with the file's figures.
    pub rows: Vec<Row>,
    /// What the comparison across files keeps of its figures.
    pub statements: Vec<Statement>,
}

pub(super) fn run(args: &ClaimsArgs) -> ExitCode {
    let overrides = Overrides {
        severity: Vec::new(),
        format: args.format_in,
    };
    let found = match super::gather(&args.paths, args.config.as_deref(), &overrides) {
        Ok(found) => found,
        Err(code) => return code,
    };
    let filter = Filter {
        speaker: args.speaker.clone(),
        statuses: args.status.clone(),
        kinds: args.kind.clone(),
    };
    let mut listed: Vec<Listed> = found
        .errors
        .iter()
        .map(|(path, error)| Listed::unread(path, Status::Failed(error.clone())))
        .collect();
    listed.extend(
        found
            .targets
            .par_iter()
            .map(|target| list_one(target, &filter))
            .collect::<Vec<_>>(),
    );
    let mut failed = 0;
    let mut checked = 0;
    for file in &listed {
        match &file.status {
            Status::Checked => checked += 1,
            Status::Skipped(why) => super::warning(format!("{}: skipped: {why}", file.path)),
            Status::Failed(error) => {
                failed += 1;
                super::error(error);
            }
        }
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
    let statements: Vec<Vec<Statement>> = listed
        .iter_mut()
        .map(|f| std::mem::take(&mut f.statements))
        .collect();
    let disagreements = agreement::disagreements(&statements);
    let table = Table::new(&listed, &disagreements);
    claim_formats::print(args.format, &table);

    // A run that read nothing, or not everything, is an error: an empty
    // table must never pass for a folder with no figures.
    if failed > 0 || checked == 0 {
        ExitCode::from(EXIT_ERROR)
    } else {
        ExitCode::SUCCESS
    }
}

impl Listed {
    fn unread(path: &Path, status: Status) -> Listed {
        Listed {
            path: path.display().to_string(),
            status,
            rows: Vec::new(),
            statements: Vec::new(),
        }
    }
}

/// Reads, analyses and lists one file. A sidecar that cannot be read is
/// reported and the file listed without its notes (so figures they cite
/// show as uncited), and the run fails, as `check` does.
fn list_one(target: &Target, filter: &Filter) -> Listed {
    let unread = |status: Status| Listed::unread(&target.path, status);
    let (text, settings) = match target.open("read") {
        Ok(opened) => opened,
        Err(status) => return unread(status),
    };
    let loaded = Loaded::of(&target.path);
    let analysis = Analysis::with_notes(&text, &loaded.notes(), &settings);
    let mut listed = Listed {
        path: target.path.display().to_string(),
        status: Status::Checked,
        rows: rows(&text, &analysis, filter),
        statements: agreement::statements(&analysis),
    };
    if let Some((_, why)) = loaded.unread() {
        let sidecar = crate::sidecar::path_for(&target.path);
        listed.status = Status::Failed(format!(
            "{}: {why}; {} listed without its notes",
            sidecar.display(),
            listed.path
        ));
    }
    listed
}

/// The printable rows of one analysis, every figure's, those the filter
/// keeps marked shown.
fn rows(text: &str, analysis: &Analysis, filter: &Filter) -> Vec<Row> {
    let index = LineIndex::new(text);
    let speakers = filter.speakers(analysis);
    let t = &analysis.transcript;
    claims::build(text, analysis)
        .into_iter()
        .map(|claim| {
            let f = &analysis.figures[claim.figure];
            let start = index.line_col(text, f.span.start, Encoding::Utf32);
            let end = index.line_col(text, f.span.end, Encoding::Utf32);
            Row {
                shown: filter.keeps(&claim, f.kind, &speakers),
                start: (start.line + 1, start.col + 1),
                end: (end.line + 1, end.col + 1),
                speaker: claim.speaker.map(|s| t.speakers[s].name.clone()),
                time: claim.time,
                clock: claim.time.map(format_clock),
                text: text[f.span.clone()]
                    .split_whitespace()
                    .collect::<Vec<_>>()
                    .join(" "),
                kind: f.kind,
                value: f.value,
                upper: f.upper,
                unit: f.unit.clone(),
                qualifier: f.qualifier.clone(),
                status: claim.status,
                detail: claim.detail,
                rule: claim.reading.rule(),
                reason: claim.reading.text(),
                sentence: claim.excerpt,
            }
        })
        .collect()
}
