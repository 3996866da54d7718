//! The four printers of `claims`: an aligned table for the terminal, CSV
//! (RFC 4180, for spreadsheets), JSON (version 1, the README's schema) and
//! a Markdown pipe table (for a story memo).
//!
//! Each prints the rows the filters kept, in file order and then text
//! order, with the cross-file column: the other files' figures this one
//! disagrees with (`agreement::EXAMPLES` of them at most, and how many
//! more). The rows arrive ready (`claims::Listed`), so a printer only lays
//! them out; the table's columns are measured in a first pass over the
//! rows it prints, and the widest cells cut, so one long footnote does not
//! push every other row off the screen.

use std::io::{self, Write};

use serde::Serialize;

use super::ClaimsFormat;
use super::claims::Listed;
use super::json::Position;
use super::tally::Status;
use crate::analysis::agreement::{Disagreements, FigureRef};
use crate::analysis::claims::Status as ClaimStatus;
use crate::analysis::format_number;
use crate::figures::FigureKind;

/// One figure, ready to print.
#[derive(Debug, Clone)]
pub(super) struct Row {
    /// Whether the filters keep it.
    pub shown: bool,
    /// 1-based line and character column of the figure's start and end.
    pub start: (u32, u32),
    pub end: (u32, u32),
    pub speaker: Option<String>,
    /// Seconds into the recording, and as a clock.
    pub time: Option<f64>,
    pub clock: Option<String>,
    /// The figure as written, on one line.
    pub text: String,
    pub kind: FigureKind,
    pub value: f64,
    pub upper: Option<f64>,
    pub unit: Option<String>,
    pub qualifier: Option<String>,
    pub status: ClaimStatus,
    pub detail: String,
    pub rule: &'static str,
    pub reason: &'static str,
    pub sentence: String,
}

/// The rows of every file, and which figures disagree across them.
pub(super) struct Table<'a> {
    files: &'a [Listed],
    disagreements: &'a Disagreements,
}

/// Another file's figure that a row disagrees with.
struct Other<'a> {
    path: &'a str,
    row: &'a Row,
}

/// A row's figures elsewhere: up to a few of them, and how many in all.
struct Disagree<'a> {
    with: Vec<Other<'a>>,
    total: usize,
}

impl<'a> Table<'a> {
    pub fn new(files: &'a [Listed], disagreements: &'a Disagreements) -> Table<'a> {
        Table {
            files,
            disagreements,
        }
    }

    /// Each shown row with its file (by index) and where it stands.
    fn rows(&self) -> impl Iterator<Item = (usize, usize, &'a Row)> + '_ {
        self.files.iter().enumerate().flat_map(|(doc, file)| {
            file.rows
                .iter()
                .enumerate()
                .filter(|(_, r)| r.shown)
                .map(move |(figure, row)| (doc, figure, row))
        })
    }

    fn disagree(&self, doc: usize, figure: usize) -> Option<Disagree<'a>> {
        let member = self.disagreements.of(FigureRef { doc, figure })?;
        let mut with: Vec<Other> = member
            .examples
            .iter()
            .filter_map(|r| {
                let file = self.files.get(r.doc)?;
                Some(Other {
                    path: &file.path,
                    row: file.rows.get(r.figure)?,
                })
            })
            .collect();
        with.sort_by_key(|o| (o.path, o.row.start));
        Some(Disagree {
            with,
            total: member.disagreeing,
        })
    }

    /// `b.txt:7 (200 billion masks); c.txt:2 (250 billion masks) +4 more`.
    fn disagree_text(&self, doc: usize, figure: usize) -> String {
        let Some(d) = self.disagree(doc, figure) else {
            return String::new();
        };
        let mut out = String::new();
        for (k, o) in d.with.iter().enumerate() {
            if k > 0 {
                out.push_str("; ");
            }
            out.push_str(&format!("{}:{} ({})", o.path, o.row.start.0, o.row.text));
        }
        if d.total > d.with.len() {
            out.push_str(&format!(" +{} more", d.total - d.with.len()));
        }
        out
    }
}

/// Prints the table in `format` on stdout. A closed pipe ends it quietly.
pub(super) fn print(format: ClaimsFormat, table: &Table) {
    let stdout = io::stdout().lock();
    let mut out = io::BufWriter::with_capacity(1 << 16, stdout);
    let _ = match format {
        ClaimsFormat::Table => aligned(&mut out, table),
        ClaimsFormat::Csv => csv(&mut out, table),
        ClaimsFormat::Json => json(&mut out, table),
        ClaimsFormat::Markdown => markdown(&mut out, table),
    }
    .and_then(|()| out.flush());
}

/// `220,000,000,000 masks`, `15–20 percent`, `$4`.
fn value_text(row: &Row) -> String {
    let mut number = format_number(row.value);
    if let Some(upper) = row.upper {
        number = format!("{number}–{}", format_number(upper));
    }
    match row.unit.as_deref() {
        None | Some("") => number,
        Some(sym @ ("$" | "€" | "£" | "¥")) => format!("{sym}{number}"),
        Some(unit) => format!("{number} {unit}"),
    }
}

/// The columns of the terminal table and the Markdown one, each with the
/// widest it is shown in the terminal (`None`: as wide as it needs).
const COLUMNS: [(&str, Option<usize>); 10] = [
    ("FILE:LINE", None),
    ("SPEAKER", Some(24)),
    ("TIME", None),
    ("FIGURE", Some(32)),
    ("KIND", None),
    ("VALUE", Some(32)),
    ("STATUS", None),
    ("SOURCE / WHY", Some(48)),
    ("DISAGREES WITH", Some(60)),
    ("SENTENCE", None),
];

/// A row's cells, in the order of `COLUMNS`.
fn cells<'a>(
    table: &Table<'a>,
    doc: usize,
    figure: usize,
    row: &'a Row,
) -> [std::borrow::Cow<'a, str>; 10] {
    std::array::from_fn(|k| cell(table, doc, figure, row, k))
}

/// A row's cell in column `k` of `COLUMNS`, borrowed where the row holds it.
fn cell<'a>(
    table: &Table<'a>,
    doc: usize,
    figure: usize,
    row: &'a Row,
    k: usize,
) -> std::borrow::Cow<'a, str> {
    use std::borrow::Cow;
    let dash = |s: Option<&'a str>| Cow::Borrowed(s.filter(|s| !s.is_empty()).unwrap_or("-"));
    match k {
        0 => Cow::Owned(format!("{}:{}", table.files[doc].path, row.start.0)),
        1 => dash(row.speaker.as_deref()),
        2 => dash(row.clock.as_deref()),
        3 => Cow::Borrowed(&row.text),
        4 => Cow::Borrowed(row.kind.as_str()),
        5 => Cow::Owned(value_text(row)),
        6 => Cow::Borrowed(row.status.as_str()),
        7 => dash(Some(&row.detail)),
        8 => match table.disagree_text(doc, figure) {
            text if text.is_empty() => Cow::Borrowed("-"),
            text => Cow::Owned(text),
        },
        _ => Cow::Borrowed(&row.sentence),
    }
}

/// `s` cut to `width` characters, the last one `…` when it was cut.
fn cut(s: &str, width: Option<usize>) -> std::borrow::Cow<'_, str> {
    match width {
        Some(w) if s.chars().count() > w => {
            let mut out: String = s.chars().take(w.saturating_sub(1)).collect();
            out.push('…');
            out.into()
        }
        _ => s.into(),
    }
}

fn aligned(out: &mut impl Write, table: &Table) -> io::Result<()> {
    let mut widths: [usize; 10] = COLUMNS.map(|(name, _)| name.chars().count());
    // The last column is not padded, and a column as wide as it is shown
    // can grow no more: neither is measured.
    let last = COLUMNS.len() - 1;
    for (doc, figure, row) in table.rows() {
        for (k, &(_, most)) in COLUMNS[..last].iter().enumerate() {
            if most.is_some_and(|w| widths[k] >= w) {
                continue;
            }
            let cell = cell(table, doc, figure, row, k);
            widths[k] = widths[k].max(cut(&cell, most).chars().count());
        }
    }
    let mut line = String::new();
    let mut put = |out: &mut dyn Write, cells: &[&str]| -> io::Result<()> {
        line.clear();
        for (k, cell) in cells.iter().enumerate() {
            let cell = cut(cell, COLUMNS[k].1);
            line.push_str(&cell);
            if k + 1 < cells.len() {
                let pad = widths[k] - cell.chars().count() + 2;
                line.extend(std::iter::repeat_n(' ', pad));
            }
        }
        writeln!(out, "{}", line.trim_end())
    };
    put(out, &COLUMNS.map(|(name, _)| name))?;
    let mut counts = [0usize; ClaimStatus::ALL.len()];
    let (mut shown, mut disagreeing) = (0, 0);
    for (doc, figure, row) in table.rows() {
        let cells = cells(table, doc, figure, row);
        put(out, &cells.each_ref().map(|c| &**c))?;
        shown += 1;
        counts[row.status as usize] += 1;
        disagreeing += usize::from(cells[8] != "-");
    }
    writeln!(out)?;
    writeln!(out, "{}", summary(table, shown, &counts, disagreeing))
}

/// `7 claims (2 files read): 4 uncited, 2 cited, 1 hint; 2 disagree with
/// another file`.
fn summary(table: &Table, shown: usize, counts: &[usize], disagreeing: usize) -> String {
    let read = table
        .files
        .iter()
        .filter(|f| f.status == Status::Checked)
        .count();
    let plural =
        |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
    let mut out = format!(
        "{} ({} read)",
        plural(shown, "claim", "claims"),
        plural(read, "file", "files")
    );
    let by_status: Vec<String> = ClaimStatus::ALL
        .iter()
        .zip(counts)
        .filter(|(_, n)| **n > 0)
        .map(|(s, n)| format!("{n} {}", s.as_str()))
        .collect();
    if !by_status.is_empty() {
        out.push_str(": ");
        out.push_str(&by_status.join(", "));
    }
    if disagreeing > 0 {
        out.push_str(&format!(
            "; {} with another file",
            plural(disagreeing, "disagrees", "disagree")
        ));
    }
    out
}

/// The CSV columns, in order.
const CSV_HEADER: [&str; 16] = [
    "path",
    "line",
    "column",
    "speaker",
    "time",
    "text",
    "kind",
    "value",
    "upper",
    "unit",
    "qualifier",
    "status",
    "detail",
    "rule",
    "disagrees",
    "sentence",
];

fn csv(out: &mut impl Write, table: &Table) -> io::Result<()> {
    // RFC 4180: CRLF between records, fields quoted when they hold a comma,
    // a quote or a line break, quotes doubled.
    let mut w = ::csv::WriterBuilder::new()
        .terminator(::csv::Terminator::CRLF)
        .from_writer(out);
    w.write_record(CSV_HEADER)?;
    let opt = |s: &Option<String>| s.clone().unwrap_or_default();
    for (doc, figure, row) in table.rows() {
        w.write_record([
            table.files[doc].path.clone(),
            row.start.0.to_string(),
            row.start.1.to_string(),
            opt(&row.speaker),
            opt(&row.clock),
            row.text.clone(),
            row.kind.as_str().to_string(),
            row.value.to_string(),
            row.upper.map(|u| u.to_string()).unwrap_or_default(),
            opt(&row.unit),
            opt(&row.qualifier),
            row.status.as_str().to_string(),
            row.detail.clone(),
            row.rule.to_string(),
            table.disagree_text(doc, figure),
            row.sentence.clone(),
        ])?;
    }
    w.flush()
}

/// Markdown's column names, matching the table's.
const MARKDOWN_HEADER: [&str; 10] = [
    "File:line",
    "Speaker",
    "Time",
    "Figure",
    "Kind",
    "Value",
    "Status",
    "Source / why",
    "Disagrees with",
    "Sentence",
];

fn markdown(out: &mut impl Write, table: &Table) -> io::Result<()> {
    // A `|` inside a cell would end it: it is escaped, as GitHub and Pandoc
    // read `\|`.
    let row_line = |cells: &[&str]| -> String {
        let mut line = String::from("|");
        for cell in cells {
            line.push(' ');
            line.push_str(&cell.replace('|', "\\|"));
            line.push_str(" |");
        }
        line
    };
    writeln!(out, "{}", row_line(&MARKDOWN_HEADER))?;
    writeln!(out, "{}", row_line(&MARKDOWN_HEADER.map(|_| "---")))?;
    for (doc, figure, row) in table.rows() {
        let cells = cells(table, doc, figure, row);
        writeln!(out, "{}", row_line(&cells.each_ref().map(|c| &**c)))?;
    }
    Ok(())
}

#[derive(Serialize)]
struct Report<'a> {
    version: u32,
    files: Vec<FileEntry<'a>>,
    summary: JsonSummary,
}

#[derive(Serialize)]
struct FileEntry<'a> {
    path: &'a str,
    /// `checked`, `skipped` or `failed`.
    status: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    why: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<&'a str>,
    claims: Vec<JsonClaim<'a>>,
}

#[derive(Serialize)]
struct JsonClaim<'a> {
    start: Position,
    end: Position,
    speaker: Option<&'a str>,
    time: Option<f64>,
    text: &'a str,
    kind: &'static str,
    value: f64,
    upper: Option<f64>,
    unit: Option<&'a str>,
    qualifier: Option<&'a str>,
    status: &'static str,
    detail: Option<&'a str>,
    reason: super::json::Reason,
    sentence: &'a str,
    disagrees: Option<JsonDisagree<'a>>,
}

#[derive(Serialize)]
struct JsonDisagree<'a> {
    /// How many figures of other files disagree with this one.
    total: usize,
    /// A few of them.
    with: Vec<JsonOther<'a>>,
}

#[derive(Serialize)]
struct JsonOther<'a> {
    path: &'a str,
    start: Position,
    text: &'a str,
}

#[derive(Serialize)]
struct JsonSummary {
    files: JsonFiles,
    claims: usize,
    statuses: std::collections::BTreeMap<&'static str, usize>,
    disagreeing: usize,
}

#[derive(Serialize)]
struct JsonFiles {
    checked: usize,
    skipped: usize,
    failed: usize,
}

fn position((line, column): (u32, u32)) -> Position {
    Position { line, column }
}

fn json(out: &mut impl Write, table: &Table) -> io::Result<()> {
    let mut summary = JsonSummary {
        files: JsonFiles {
            checked: 0,
            skipped: 0,
            failed: 0,
        },
        claims: 0,
        statuses: Default::default(),
        disagreeing: 0,
    };
    let mut files = Vec::with_capacity(table.files.len());
    for (doc, file) in table.files.iter().enumerate() {
        let (status, why, error) = match &file.status {
            Status::Checked => ("checked", None, None),
            Status::Skipped(why) => ("skipped", Some(why.as_str()), None),
            Status::Failed(e) => ("failed", None, Some(e.as_str())),
        };
        match status {
            "checked" => summary.files.checked += 1,
            "skipped" => summary.files.skipped += 1,
            _ => summary.files.failed += 1,
        }
        let claims: Vec<JsonClaim> = file
            .rows
            .iter()
            .enumerate()
            .filter(|(_, r)| r.shown)
            .map(|(figure, row)| {
                let disagrees = table.disagree(doc, figure).map(|d| JsonDisagree {
                    total: d.total,
                    with: d
                        .with
                        .iter()
                        .map(|o| JsonOther {
                            path: o.path,
                            start: position(o.row.start),
                            text: &o.row.text,
                        })
                        .collect(),
                });
                summary.claims += 1;
                *summary.statuses.entry(row.status.as_str()).or_default() += 1;
                summary.disagreeing += usize::from(disagrees.is_some());
                JsonClaim {
                    start: position(row.start),
                    end: position(row.end),
                    speaker: row.speaker.as_deref(),
                    time: row.time,
                    text: &row.text,
                    kind: row.kind.as_str(),
                    value: row.value,
                    upper: row.upper,
                    unit: row.unit.as_deref(),
                    qualifier: row.qualifier.as_deref(),
                    status: row.status.as_str(),
                    detail: Some(row.detail.as_str()).filter(|d| !d.is_empty()),
                    reason: super::json::Reason {
                        rule: row.rule,
                        text: row.reason,
                    },
                    sentence: &row.sentence,
                    disagrees,
                }
            })
            .collect();
        files.push(FileEntry {
            path: &file.path,
            status,
            why,
            error,
            claims,
        });
    }
    let report = Report {
        version: 1,
        files,
        summary,
    };
    serde_json::to_writer_pretty(&mut *out, &report)?;
    writeln!(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cell_is_cut_to_its_width_with_an_ellipsis() {
        assert_eq!(cut("short", Some(10)), "short");
        assert_eq!(cut("exactly10!", Some(10)), "exactly10!");
        assert_eq!(cut("one too long", Some(10)), "one too l…");
        assert_eq!(cut("ünïcödé wörds", Some(5)), "ünïc…");
        assert_eq!(cut("anything at all", None), "anything at all");
    }
}
