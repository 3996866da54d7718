//! Approximate string matching over Unicode scalar values.
//!
//! `search` finds every place where a pattern occurs in a text with at most
//! `k` edits (insertions, deletions, substitutions), using Myers' bit-parallel
//! algorithm (1999) in Hyyrö's blocked form, so patterns longer than 64
//! characters work too. It reports where each match *ends*; `align_end`
//! then finds where it starts with a small dynamic programme over the window
//! before that end. `distance_to_suffix` / `distance_to_prefix` measure how
//! well a quote's recorded context still fits the text around a candidate.
//!
//! Everything counts characters, not bytes, so an accented letter or an emoji
//! is one edit, as a reader would count it.

/// One approximate occurrence: where it ends (a byte offset into the text)
/// and how many edits it needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EndMatch {
    pub end: usize,
    pub errors: usize,
}

/// The pattern's match vectors: for each character, which pattern positions
/// hold it, one `u64` per block of 64 positions.
struct Peq {
    blocks: usize,
    /// ASCII characters, indexed directly.
    ascii: Vec<u64>,
    /// Other characters, sorted for binary search.
    other: Vec<(char, Vec<u64>)>,
    zero: Vec<u64>,
}

impl Peq {
    fn new(pattern: &[char]) -> Peq {
        let blocks = pattern.len().div_ceil(64).max(1);
        let mut ascii = vec![0u64; 128 * blocks];
        let mut other: Vec<(char, Vec<u64>)> = Vec::new();
        for (i, &c) in pattern.iter().enumerate() {
            let (b, bit) = (i / 64, 1u64 << (i % 64));
            if c.is_ascii() {
                ascii[c as usize * blocks + b] |= bit;
            } else {
                match other.iter_mut().find(|(oc, _)| *oc == c) {
                    Some((_, v)) => v[b] |= bit,
                    None => {
                        let mut v = vec![0u64; blocks];
                        v[b] |= bit;
                        other.push((c, v));
                    }
                }
            }
        }
        other.sort_by_key(|(c, _)| *c);
        Peq {
            blocks,
            ascii,
            other,
            zero: vec![0u64; blocks],
        }
    }

    fn of(&self, c: char) -> &[u64] {
        if c.is_ascii() {
            let i = c as usize * self.blocks;
            &self.ascii[i..i + self.blocks]
        } else {
            match self.other.binary_search_by_key(&c, |(oc, _)| *oc) {
                Ok(i) => &self.other[i].1,
                Err(_) => &self.zero,
            }
        }
    }
}

/// Every end of an approximate occurrence of `pattern` in `text` with at
/// most `max_errors` edits, in text order. Consecutive ends belong to the
/// same occurrence; callers usually keep the best of each run.
pub fn search(text: &str, pattern: &[char], max_errors: usize) -> Vec<EndMatch> {
    let m = pattern.len();
    let mut out = Vec::new();
    if m == 0 {
        return out;
    }
    let peq = Peq::new(pattern);
    let blocks = peq.blocks;
    // Vertical deltas of the dynamic-programming column, block by block:
    // `pv` bit set = +1 going down, `mv` bit set = -1.
    let mut pv = vec![!0u64; blocks];
    let mut mv = vec![0u64; blocks];
    // The bit of each block's last row; only the final block is partial.
    let last_bit = |b: usize| {
        if b + 1 == blocks {
            1u64 << ((m - 1) % 64)
        } else {
            1u64 << 63
        }
    };
    let mut score = m;
    for (offset, c) in text.char_indices() {
        let eq_all = peq.of(c);
        // The top row is all zeros (a match may start anywhere): no carry in.
        let mut h_in: i32 = 0;
        for b in 0..blocks {
            let (p, mneg) = (pv[b], mv[b]);
            let h_in_neg = u64::from(h_in < 0);
            let eq = eq_all[b] | h_in_neg;
            let xv = eq | mneg;
            let xh = ((eq & p).wrapping_add(p) ^ p) | eq;
            let mut ph = mneg | !(xh | p);
            let mut mh = p & xh;
            let lb = last_bit(b);
            let h_out = i32::from(ph & lb != 0) - i32::from(mh & lb != 0);
            ph <<= 1;
            mh <<= 1;
            mh |= h_in_neg;
            ph |= u64::from(h_in > 0);
            pv[b] = mh | !(xv | ph);
            mv[b] = ph & xv;
            h_in = h_out;
        }
        score = (score as i64 + i64::from(h_in)) as usize;
        if score <= max_errors {
            out.push(EndMatch {
                end: offset + c.len_utf8(),
                errors: score,
            });
        }
    }
    out
}

/// Keeps the best end of each run of consecutive ends (the first of equal
/// bests), so one occurrence yields one candidate.
pub fn best_of_runs(text: &str, ends: &[EndMatch]) -> Vec<EndMatch> {
    let mut out: Vec<EndMatch> = Vec::new();
    let mut prev_end = None;
    for &e in ends {
        let consecutive = prev_end.is_some_and(|p: usize| {
            text[p..e.end].chars().count() == 1 // the next character
        });
        match out.last_mut() {
            Some(last) if consecutive => {
                if e.errors < last.errors {
                    *last = e;
                }
            }
            _ => out.push(e),
        }
        prev_end = Some(e.end);
    }
    out
}

/// Where an approximate occurrence of `pattern` that ends at byte `end`
/// starts, and its edit count: the start that needs fewest edits, and of
/// those the one giving a length closest to the pattern's.
pub fn align_end(text: &str, pattern: &[char], end: usize, max_errors: usize) -> (usize, usize) {
    let m = pattern.len();
    // The window before `end`, nearest character first.
    let window: Vec<(usize, char)> = text[..end]
        .char_indices()
        .rev()
        .take(m + max_errors)
        .collect();
    // Dynamic programme over the reversed strings: the alignment is pinned
    // at `end` and free at its start.
    let w = window.len();
    let mut prev: Vec<usize> = (0..=w).collect();
    let mut cur = vec![0usize; w + 1];
    for i in 1..=m {
        cur[0] = i;
        let pc = pattern[m - i];
        for j in 1..=w {
            let sub = prev[j - 1] + usize::from(window[j - 1].1 != pc);
            cur[j] = sub.min(prev[j] + 1).min(cur[j - 1] + 1);
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    let best = (0..=w)
        .min_by_key(|&j| (prev[j], j.abs_diff(m)))
        .unwrap_or(0);
    let start = if best == 0 { end } else { window[best - 1].0 };
    (start, prev[best])
}

/// The fewest edits turning `pattern` into some suffix of `window`
/// (the window's start is free): how well a recorded prefix still fits the
/// text before a candidate.
pub fn distance_to_suffix(pattern: &[char], window: &[char]) -> usize {
    let rp: Vec<char> = pattern.iter().rev().copied().collect();
    let rw: Vec<char> = window.iter().rev().copied().collect();
    distance_to_prefix(&rp, &rw)
}

/// The fewest edits turning `pattern` into some prefix of `window`
/// (the window's end is free): how well a recorded suffix still fits the
/// text after a candidate.
pub fn distance_to_prefix(pattern: &[char], window: &[char]) -> usize {
    let w = window.len();
    let mut prev: Vec<usize> = (0..=w).collect();
    let mut cur = vec![0usize; w + 1];
    for (i, &pc) in pattern.iter().enumerate() {
        cur[0] = i + 1;
        for j in 1..=w {
            let sub = prev[j - 1] + usize::from(window[j - 1] != pc);
            cur[j] = sub.min(prev[j] + 1).min(cur[j - 1] + 1);
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev.into_iter().min().unwrap_or(pattern.len())
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The textbook dynamic programme: for each end, the fewest edits of an
    /// occurrence of `pattern` ending there.
    fn naive(text: &str, pattern: &[char], k: usize) -> Vec<EndMatch> {
        let m = pattern.len();
        let mut col: Vec<usize> = (0..=m).collect();
        let mut out = Vec::new();
        for (offset, c) in text.char_indices() {
            let mut next = vec![0usize; m + 1];
            for i in 1..=m {
                let sub = col[i - 1] + usize::from(pattern[i - 1] != c);
                next[i] = sub.min(col[i] + 1).min(next[i - 1] + 1);
            }
            col = next;
            if col[m] <= k {
                out.push(EndMatch {
                    end: offset + c.len_utf8(),
                    errors: col[m],
                });
            }
        }
        out
    }

    fn chars(s: &str) -> Vec<char> {
        s.chars().collect()
    }

    #[test]
    fn finds_exact_and_approximate_ends() {
        let text = "the rate rose to twelve per cent last year";
        let found = best_of_runs(text, &search(text, &chars("twelve percent"), 1));
        assert_eq!(found.len(), 1);
        let (start, errors) = align_end(text, &chars("twelve percent"), found[0].end, 1);
        assert_eq!(&text[start..found[0].end], "twelve per cent");
        assert_eq!(errors, 1);
    }

    #[test]
    fn counts_characters_not_bytes() {
        let text = "café 😀 au lait";
        let found = search(text, &chars("cafe 😃"), 2);
        // é for e and 😀 for 😃: two edits, however many bytes they take.
        assert_eq!(found.iter().map(|e| e.errors).min(), Some(2));
        assert!(found.contains(&EndMatch {
            end: "café 😀".len(),
            errors: 2
        }));
    }

    #[test]
    fn long_patterns_span_blocks() {
        let pattern: String = "abcdefghij".repeat(15); // 150 characters: three blocks
        let mut text = String::from("xx");
        text.push_str(&pattern[..70]);
        text.push('Z'); // one substitution
        text.push_str(&pattern[71..]);
        text.push_str("yy");
        let found = search(&text, &chars(&pattern), 3);
        let best = found.iter().min_by_key(|e| e.errors).unwrap();
        assert_eq!(best.errors, 1);
        assert_eq!(best.end, text.len() - 2);
    }

    #[test]
    fn context_distances() {
        assert_eq!(
            distance_to_suffix(&chars("rose to "), &chars("The rate rose to ")),
            0
        );
        assert_eq!(
            distance_to_suffix(&chars("rose to "), &chars("rate climbed to ")),
            4
        );
        assert_eq!(
            distance_to_prefix(&chars(" last year"), &chars(" last year, she said")),
            0
        );
        assert_eq!(distance_to_prefix(&chars("abc"), &[]), 3);
    }

    proptest! {
        #[test]
        fn agrees_with_the_textbook_programme(
            text in "[abc😀]{0,200}",
            pattern in "[abc😀]{1,90}",
            k in 0usize..6,
        ) {
            let p = chars(&pattern);
            prop_assert_eq!(search(&text, &p, k), naive(&text, &p, k));
        }

        #[test]
        fn alignment_costs_what_the_search_says(
            text in "[ab ]{0,80}",
            pattern in "[ab]{1,12}",
        ) {
            let p = chars(&pattern);
            for e in search(&text, &p, 3) {
                let (start, errors) = align_end(&text, &p, e.end, 3);
                prop_assert_eq!(errors, e.errors);
                prop_assert!(start <= e.end);
            }
        }
    }
}
