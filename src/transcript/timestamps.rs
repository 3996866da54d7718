//! Clock times in transcripts: `11:27`, `1:02:03`, `00:00:02.399`, and the
//! bracketed forms `(11:27)` and `[00:01:23]` that label speaker blocks.
//!
//! A clock has at least minutes and seconds, each later group exactly two
//! digits, and an optional fraction (`.399` or `,399`, as captions write it).
//! A time of day (`3:49 P.M.`) also parses here: callers only look for clocks
//! where transcripts put timestamps, next to a speaker label or in a cue.

/// A clock at the start of `s`: its value in seconds and its length in bytes.
pub(super) fn clock(s: &str) -> Option<(f64, usize)> {
    cue_clock(s.as_bytes()).or_else(|| any_clock(s))
}

/// `clock`, read group by group.
fn any_clock(s: &str) -> Option<(f64, usize)> {
    let b = s.as_bytes();
    let (groups, n, i) = match fixed_width(b) {
        Some(groups) => (groups, 3, 8),
        None => groups_of(b)?,
    };
    if n < 2 || groups[n - 1] > 59 || (n == 3 && groups[1] > 59) {
        return None;
    }
    let mut seconds = groups[..n]
        .iter()
        .fold(0.0, |acc, &g| acc * 60.0 + f64::from(g));
    let mut i = i;
    if matches!(b.get(i), Some(b'.' | b',')) && b.get(i + 1).is_some_and(u8::is_ascii_digit) {
        let from = i + 1;
        let mut j = from;
        while j < b.len() && b[j].is_ascii_digit() {
            j += 1;
        }
        seconds += fraction(&s[from..j]);
        i = j;
    }
    Some((seconds, i))
}

/// `HH:MM:SS.mmm` or `HH:MM:SS,mmm` at the start of `b` (one to three digits
/// of hours), as every caption timing writes it twice per cue, read at
/// once: what `any_clock` would read from the same bytes, or `None` for any
/// other form.
fn cue_clock(b: &[u8]) -> Option<(f64, usize)> {
    let digit = |i: usize| b.get(i).map_or(10, |d| u32::from(d.wrapping_sub(b'0')));
    let hours = (0..3).take_while(|&i| digit(i) < 10).count();
    let tail: &[u8; 10] = b.get(hours..hours + 10)?.try_into().ok()?;
    let at = |i: usize| u32::from(tail[i].wrapping_sub(b'0'));
    if hours == 0
        || tail[0] != b':'
        || tail[3] != b':'
        || !matches!(tail[6], b'.' | b',')
        || [1, 2, 4, 5, 7, 8, 9].iter().any(|&i| at(i) > 9)
        || digit(hours + 10) < 10
    {
        return None;
    }
    let h = (0..hours).fold(0, |acc, i| acc * 10 + digit(i));
    let (m, s) = (at(1) * 10 + at(2), at(4) * 10 + at(5));
    if m > 59 || s > 59 {
        return None;
    }
    let millis = at(7) * 100 + at(8) * 10 + at(9);
    let seconds = (f64::from(h) * 60.0 + f64::from(m)) * 60.0 + f64::from(s);
    Some((seconds + f64::from(millis) / 1000.0, hours + 10))
}

/// The groups of `HH:MM:SS` at the start of `b`, read at once: the form
/// every cue timing takes, twice per cue. What `groups_of` would read from
/// the same bytes, or `None` for any other form.
fn fixed_width(b: &[u8]) -> Option<[u32; 3]> {
    let head: &[u8; 8] = b.get(..8)?.try_into().ok()?;
    let digit = |i: usize| u32::from(head[i].wrapping_sub(b'0'));
    let digits = [0, 1, 3, 4, 6, 7].iter().all(|&i| digit(i) < 10);
    if !digits || head[2] != b':' || head[5] != b':' || b.get(8).is_some_and(u8::is_ascii_digit) {
        return None;
    }
    Some([
        digit(0) * 10 + digit(1),
        digit(3) * 10 + digit(4),
        digit(6) * 10 + digit(7),
    ])
}

/// The digit groups of a clock at the start of `b`, how many, and where they
/// end: one to three digits, then up to two more groups of exactly two,
/// each after a colon.
fn groups_of(b: &[u8]) -> Option<([u32; 3], usize, usize)> {
    let mut groups = [0u32; 3];
    let mut n = 0;
    let mut i = 0;
    loop {
        let from = i;
        while i < b.len() && b[i].is_ascii_digit() && i - from < 3 {
            i += 1;
        }
        let digits = i - from;
        // The first group has one to three digits, every later one two.
        if digits == 0 || (n > 0 && digits != 2) {
            return None;
        }
        if i < b.len() && b[i].is_ascii_digit() {
            return None;
        }
        groups[n] = b[from..i]
            .iter()
            .fold(0, |acc, d| acc * 10 + u32::from(d - b'0'));
        n += 1;
        if n < 3 && b.get(i) == Some(&b':') && b.get(i + 1).is_some_and(u8::is_ascii_digit) {
            i += 1;
            continue;
        }
        break;
    }
    Some((groups, n, i))
}

/// `"399"` → `0.399` (as the nearest float to 399 / 1000, not a sum of tenths).
fn fraction(digits: &str) -> f64 {
    let mut value = 0u64;
    let mut scale = 1u64;
    for d in digits.bytes().take(9) {
        value = value * 10 + u64::from(d - b'0');
        scale *= 10;
    }
    value as f64 / scale as f64
}

/// A clock in parentheses or square brackets at the start of `s`:
/// `(11:27)`, `[00:01:23]`. Returns seconds and the length with brackets.
pub(super) fn bracketed(s: &str) -> Option<(f64, usize)> {
    let close = match s.as_bytes().first()? {
        b'(' => b')',
        b'[' => b']',
        _ => return None,
    };
    let (seconds, len) = clock(&s[1..])?;
    (s.as_bytes().get(1 + len) == Some(&close)).then_some((seconds, len + 2))
}

/// Whether `s` holds a clock anywhere (`crosstalk 00:32:19`).
///
/// A clock has a colon: text without one (most of what is asked about) is
/// ruled out by one `memchr`.
pub(super) fn contains_clock(s: &str) -> bool {
    let b = s.as_bytes();
    if memchr::memchr(b':', b).is_none() {
        return false;
    }
    (0..b.len()).any(|i| {
        b[i].is_ascii_digit() && (i == 0 || !b[i - 1].is_ascii_digit()) && clock(&s[i..]).is_some()
    })
}

/// A line that is nothing but a time: a caption dump's minute header
/// (`4:00 pm`, `11:31 a.m. ET`) or a clock alone or in brackets
/// (`[16:02:10]`, `00:12:31`). Such a line is furniture that gives the time
/// of what follows. Its value is in seconds: since midnight for a time of
/// day, else as `clock` reads it (`12:31` is twelve minutes).
pub(super) fn time_header(line: &str) -> Option<f64> {
    let s = super::lines::trim_end(super::lines::trim_start(line));
    if s.len() > 24 || !s.starts_with(|c: char| c.is_ascii_digit() || c == '[' || c == '(') {
        return None;
    }
    if let Some((seconds, len)) = bracketed(s) {
        return s[len..].trim().is_empty().then_some(seconds);
    }
    let (seconds, len) = clock(s)?;
    let mut words = s[len..].split_whitespace();
    let zone = |w: &str| w.len() <= 4 && w.bytes().all(|b| b.is_ascii_uppercase());
    match words.next().map(str::to_ascii_lowercase).as_deref() {
        None => Some(seconds),
        Some(w @ ("am" | "a.m." | "pm" | "p.m.")) if words.all(zone) => {
            // `4:00 pm`: the clock read hours and minutes as minutes and
            // seconds.
            let groups = s[..len].bytes().filter(|&b| b == b':').count() + 1;
            let (hour, minute) = if groups == 2 {
                (seconds.div_euclid(60.0), seconds % 60.0)
            } else {
                (
                    seconds.div_euclid(3600.0),
                    (seconds % 3600.0).div_euclid(60.0),
                )
            };
            if !(1.0..=12.0).contains(&hour) {
                return None;
            }
            let hour = hour % 12.0 + if w.starts_with('p') { 12.0 } else { 0.0 };
            Some(hour * 3600.0 + minute * 60.0)
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clocks_read_as_seconds() {
        assert_eq!(clock("11:27"), Some((687.0, 5)));
        assert_eq!(clock("1:02:03 rest"), Some((3723.0, 7)));
        assert_eq!(clock("00:00:02.399 -->"), Some((2.399, 12)));
        assert_eq!(clock("00:01,500"), Some((1.5, 9)));
        assert_eq!(cue_clock(b"123:04:05,678 -->"), Some((443_045.678, 13)));
        assert_eq!(cue_clock(b"1:00:00.250"), Some((3600.25, 11)));
        assert_eq!(
            cue_clock(b"00:00:02.3999"),
            None,
            "four digits: read in full elsewhere"
        );
        assert_eq!(cue_clock(b"00:61:00.000"), None);
    }

    proptest::proptest! {
        /// The fixed-width reading is a shortcut, never a different answer.
        #[test]
        fn fixed_width_reads_as_the_groups_do(s in "[0-9:,.a ]{0,14}") {
            if let Some(groups) = fixed_width(s.as_bytes()) {
                proptest::prop_assert_eq!(groups_of(s.as_bytes()), Some((groups, 3, 8)));
            }
        }

        /// A cue's clock read at once is the clock read group by group.
        #[test]
        fn cue_clocks_read_as_any_clock_does(s in "[0-9]{0,4}:[0-9]{2}:[0-9]{1,3}[,.:][0-9]{0,4}[ a-]{0,2}|[0-9:,.a ]{0,16}") {
            if let Some(found) = cue_clock(s.as_bytes()) {
                proptest::prop_assert_eq!(Some(found), any_clock(&s));
            }
        }

        #[test]
        fn fixed_width_takes_every_hh_mm_ss(h in 0u32..100, m in 0u32..100, sec in 0u32..100, tail in "[0-9,. a]{0,4}") {
            let s = format!("{h:02}:{m:02}:{sec:02}{tail}");
            let general = groups_of(s.as_bytes());
            let fixed = fixed_width(s.as_bytes()).map(|g| (g, 3, 8));
            proptest::prop_assert_eq!(fixed, general.filter(|&(_, n, i)| n == 3 && i == 8));
        }
    }

    #[test]
    fn not_clocks() {
        assert_eq!(clock("11"), None);
        assert_eq!(clock("11:2"), None);
        assert_eq!(clock("11:75"), None);
        assert_eq!(clock("1234:56"), None);
        assert_eq!(clock("12:345"), None);
        assert_eq!(clock(":12"), None);
    }

    #[test]
    fn brackets_must_close_right_after_the_clock() {
        assert_eq!(bracketed("(00:40) text"), Some((40.0, 7)));
        assert_eq!(bracketed("[01:02:03]"), Some((3723.0, 10)));
        assert_eq!(bracketed("(00:40]"), None);
        assert_eq!(bracketed("(crosstalk 00:40)"), None);
    }

    #[test]
    fn lines_that_are_only_a_time() {
        assert_eq!(time_header("11:30 am"), Some(41400.0));
        assert_eq!(time_header("  4:00 pm "), Some(57600.0));
        assert_eq!(time_header("12:05 p.m. ET"), Some(43500.0));
        assert_eq!(time_header("12:05 AM"), Some(300.0));
        assert_eq!(time_header("[16:02:10]"), Some(57730.0));
        assert_eq!(time_header("00:12:31"), Some(751.0));
        assert_eq!(time_header("13:00 pm"), None);
        assert_eq!(time_header("11:30 am we met"), None);
        assert_eq!(time_header("2020"), None);
        assert_eq!(time_header("[00:01:23] Ana: Hi"), None);
    }

    #[test]
    fn clocks_inside_markers() {
        assert!(contains_clock("crosstalk 00:32:19"));
        assert!(!contains_clock("in 2020, 3 of 4"));
    }
}
