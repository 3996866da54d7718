//! Time in the recording: which second of it the words at an offset were
//! said at.
//!
//! A transcript gives times in places: a caption cue's timing line, a
//! timestamped label (`[00:01:23] Name:`). `TimeMarks` is those places as a
//! sorted list of `(offset, seconds)`: the time at an offset is the last mark
//! at or before it, found by binary search. The parser reports the marks
//! (`Transcript::time_marks`); `TimeMarks::of` takes them.

use crate::text::Span;
use crate::transcript::Transcript;

/// Where the transcript says what time it is, in document order.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct TimeMarks {
    /// `(byte offset, seconds)`, sorted by offset, offsets distinct.
    marks: Vec<(usize, f64)>,
}

impl TimeMarks {
    /// Marks from `(offset, seconds)` pairs in any order: they are sorted
    /// here; of several at one offset the first given is kept, and times
    /// that are not finite are dropped. The parser's per-cue marks can be
    /// given here as they are found.
    pub fn new(mut marks: Vec<(usize, f64)>) -> TimeMarks {
        marks.retain(|(_, s)| s.is_finite());
        marks.sort_by_key(|&(at, _)| at);
        marks.dedup_by_key(|&mut (at, _)| at);
        TimeMarks { marks }
    }

    /// The marks of a transcript: every time the parser found (each
    /// caption cue's start, each timestamped label, each minute header), so
    /// words inside a long turn have the time of their own cue.
    pub fn of(transcript: &Transcript) -> TimeMarks {
        TimeMarks::new(transcript.time_marks.clone())
    }

    pub fn is_empty(&self) -> bool {
        self.marks.is_empty()
    }

    pub fn as_slice(&self) -> &[(usize, f64)] {
        &self.marks
    }

    /// The time of the words at `offset`: the last mark at or before it.
    pub fn time_at(&self, offset: usize) -> Option<f64> {
        let i = self.marks.partition_point(|&(at, _)| at <= offset);
        i.checked_sub(1).map(|i| self.marks[i].1)
    }

    /// The time of the first mark after `offset`: when what is said at
    /// `offset` is over at the latest.
    pub fn next_after(&self, offset: usize) -> Option<f64> {
        let i = self.marks.partition_point(|&(at, _)| at <= offset);
        self.marks.get(i).map(|&(_, s)| s)
    }

    /// The stretch of the recording a span of text was said in: from the
    /// time at its start to the next mark after its end (unknown after the
    /// last mark, or when the marks go backwards).
    pub fn interval(&self, span: &Span) -> Option<(f64, Option<f64>)> {
        let start = self.time_at(span.start)?;
        let end = self
            .next_after(span.end.max(span.start))
            .filter(|&e| e > start);
        Some((start, end))
    }
}

/// `751.4` → `00:12:31.400`, `751.0` → `00:12:31`: hours always, so the
/// text sorts and pastes the same for any length of recording;
/// milliseconds only when the time has them.
pub fn format_clock(seconds: f64) -> String {
    let millis = (seconds.max(0.0) * 1000.0).round() as u64;
    let (whole, ms) = (millis / 1000, millis % 1000);
    let hms = format_hms(whole);
    if ms == 0 {
        hms
    } else {
        format!("{hms}.{ms:03}")
    }
}

/// `751.9` → `[00:12:31]`: the second the words start in, as a player's
/// clock shows it, for the outline.
pub fn bracketed_clock(seconds: f64) -> String {
    let mut out = String::with_capacity(10);
    push_bracketed_clock(&mut out, seconds);
    out
}

/// Appends `bracketed_clock(seconds)` to `out` without the formatting
/// machinery: the outline writes one per timed turn.
pub(super) fn push_bracketed_clock(out: &mut String, seconds: f64) {
    out.push('[');
    push_hms(out, seconds.max(0.0).floor() as u64);
    out.push(']');
}

fn format_hms(total: u64) -> String {
    let mut out = String::with_capacity(8);
    push_hms(&mut out, total);
    out
}

/// `HH:MM:SS`, hours with more digits when there are more.
fn push_hms(out: &mut String, total: u64) {
    let two = |out: &mut String, n: u64| {
        out.push(char::from(b'0' + (n / 10) as u8));
        out.push(char::from(b'0' + (n % 10) as u8));
    };
    let hours = total / 3600;
    if hours >= 100 {
        out.push_str(&hours.to_string());
    } else {
        two(out, hours);
    }
    out.push(':');
    two(out, (total / 60) % 60);
    out.push(':');
    two(out, total % 60);
}

/// A W3C Media Fragments temporal value, `t=751.2,760.0`, in seconds with
/// one decimal: the start rounded down and the end rounded up, so the
/// fragment never starts after the words or ends before them. A time a
/// hair off a tenth in binary (`751.2` is `751.1999…`) is that tenth.
pub fn media_fragment(start: f64, end: Option<f64>) -> String {
    const HAIR: f64 = 1e-6;
    let down = ((start.max(0.0) * 10.0) + HAIR).floor() / 10.0;
    match end {
        Some(end) => {
            let up = ((end.max(0.0) * 10.0) - HAIR).ceil() / 10.0;
            format!("t={down:.1},{up:.1}")
        }
        None => format!("t={down:.1}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_time_at_an_offset_is_the_last_mark_at_or_before_it() {
        let marks = TimeMarks::new(vec![(30, 12.5), (10, 2.0), (10, 9.0), (50, f64::NAN)]);
        assert_eq!(marks.as_slice(), &[(10, 2.0), (30, 12.5)]);
        assert_eq!(marks.time_at(9), None);
        assert_eq!(marks.time_at(10), Some(2.0));
        assert_eq!(marks.time_at(29), Some(2.0));
        assert_eq!(marks.time_at(30), Some(12.5));
        assert_eq!(marks.time_at(usize::MAX), Some(12.5));
        assert_eq!(marks.next_after(10), Some(12.5));
        assert_eq!(marks.next_after(30), None);
        assert_eq!(marks.interval(&(12..20)), Some((2.0, Some(12.5))));
        assert_eq!(marks.interval(&(12..31)), Some((2.0, None)));
        assert_eq!(marks.interval(&(0..5)), None);
        assert_eq!(TimeMarks::default().time_at(3), None);
    }

    #[test]
    fn marks_come_from_turns_and_from_the_cues_inside_them() {
        let text = "WEBVTT\n\n\
                    00:00:01.000 --> 00:00:03.000\n\
                    <v Ana>We opened 87 clinics.\n\n\
                    00:00:03.500 --> 00:00:06.000\n\
                    <v Ana>And hired 450 nurses.\n\n\
                    00:00:06.000 --> 00:00:09.000\n\
                    <v Ben>Why so few?\n";
        let t = crate::transcript::parse(text);
        let marks = TimeMarks::of(&t);
        let at = |needle: &str| marks.time_at(text.find(needle).unwrap());
        assert_eq!(at("87 clinics"), Some(1.0));
        assert_eq!(at("450 nurses"), Some(3.5));
        assert_eq!(at("so few"), Some(6.0));
        assert_eq!(at("WEBVTT"), None);
    }

    #[test]
    fn timestamped_labels_mark_their_turns() {
        let text = "[00:00:10] REPORTER: How many clinics?\n\n\
                    [00:00:20] MINISTER: We opened 87 clinics.\n\n\
                    [00:01:05] MINISTER: And 450 nurses.\n";
        let t = crate::transcript::parse(text);
        let marks = TimeMarks::of(&t);
        let at = |needle: &str| marks.time_at(text.find(needle).unwrap());
        assert_eq!(at("How many"), Some(10.0));
        assert_eq!(at("87 clinics"), Some(20.0));
        assert_eq!(at("450 nurses"), Some(65.0));
    }

    #[test]
    fn times_read_as_clocks_and_fragments() {
        assert_eq!(format_clock(751.4), "00:12:31.400");
        assert_eq!(format_clock(751.0), "00:12:31");
        assert_eq!(format_clock(36000.0 * 3.0 + 0.0004), "30:00:00");
        assert_eq!(format_clock(-3.0), "00:00:00");
        assert_eq!(bracketed_clock(751.9), "[00:12:31]");
        assert_eq!(bracketed_clock(360_000.0 + 61.0), "[100:01:01]");
        assert_eq!(media_fragment(751.25, Some(760.0)), "t=751.2,760.0");
        assert_eq!(media_fragment(751.2, Some(759.91)), "t=751.2,760.0");
        assert_eq!(media_fragment(3.0, None), "t=3.0");
    }
}
