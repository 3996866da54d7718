//! Agreement across documents: the same figure stated differently.
//!
//! One briefing says "220 billion masks", another "200 billion masks": a
//! fact-checker wants both in front of them. Each figure that says what it
//! counts or measures gets a key, its kind and its counted noun or unit
//! normalised (case, spacing, a plural's ending: `Masks`, `mask`), and the
//! range of values its words allow (a qualifier widens it: `more than 200`
//! allows anything above, `about 200` ten percent either way). Two figures
//! of different documents with the same key disagree when their ranges do
//! not meet. Figures of one document are never compared with each other:
//! a speaker who says "12 clinics this month, 87 in all" is not
//! contradicting themself.
//!
//! Precision comes first, as for the figures themselves. Only counts
//! (digits or words) and measures are compared: a sum of money or a
//! percentage names no thing (`$4`, `30 percent`), so two of them are
//! about the same thing only by accident. A duration (`10 years`) mostly
//! frames a claim rather than making one, an increment (`another 50
//! nurses`) is not a total, and a hypothetical is not stated at all; none
//! of them is compared. A figure with no noun (`13bn`) has no key.
//!
//! The work is a hash of the figures by key and, within a key, two sorted
//! lists of range ends, so each figure's disagreements are counted by
//! binary search: n log n in the number of figures, however many files
//! hold the same key. Each figure keeps at most `EXAMPLES` of the figures
//! it disagrees with, and their count; the editor turns a member into a
//! diagnostic whose related information points at those, and each of them
//! points back, disagreement being symmetric.

use std::collections::HashMap;

use super::{Analysis, Cover};
use crate::figures::{Figure, FigureKind};

/// How many of the figures a figure disagrees with it names.
pub const EXAMPLES: usize = 3;

/// A figure of one of the documents compared: `figure` indexes the
/// document's figures (`Analysis::figures`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct FigureRef {
    pub doc: usize,
    pub figure: usize,
}

/// What the comparison keeps of one figure.
#[derive(Debug, Clone, PartialEq)]
pub struct Statement {
    /// Index into the document's figures.
    pub figure: usize,
    /// The kind of quantity and what it is of: `count:mask`.
    pub key: String,
    /// The least and the most the figure's words allow.
    pub low: f64,
    pub high: f64,
}

/// The statement of a figure, or `None` when it is not compared.
pub fn statement(index: usize, figure: &Figure) -> Option<Statement> {
    if figure.hypothetical || !figure.value.is_finite() {
        return None;
    }
    let class = match figure.kind {
        FigureKind::Count | FigureKind::SpelledCount => "count",
        FigureKind::Measure => "measure",
        _ => return None,
    };
    let noun = normalised(figure.unit.as_deref()?)?;
    if class == "measure" && is_time(&noun) {
        return None;
    }
    let (mut low, mut high) = (figure.value, figure.upper.unwrap_or(figure.value));
    if low > high {
        (low, high) = (high, low);
    }
    match figure.qualifier.as_deref().map(bound_of) {
        None | Some(Bound::Exact) => {}
        Some(Bound::Increment) => return None,
        Some(Bound::AtLeast) => high = f64::INFINITY,
        Some(Bound::AtMost) => low = f64::NEG_INFINITY,
        Some(Bound::JustUnder) => low *= 1.0 - HEDGE,
        Some(Bound::JustOver) => high *= 1.0 + HEDGE,
        Some(Bound::Roughly) => (low, high) = (low * (1.0 - HEDGE), high * (1.0 + HEDGE)),
    }
    Some(Statement {
        figure: index,
        key: format!("{class}:{noun}"),
        low,
        high,
    })
}

/// The statements of a document's figures, leaving out those inside a
/// phrase the configuration says is never a claim.
pub fn statements(analysis: &Analysis) -> Vec<Statement> {
    analysis
        .figures
        .iter()
        .enumerate()
        .filter(|(i, _)| !matches!(analysis.covers.get(*i), Some(Some(Cover::Phrase(_)))))
        .filter_map(|(i, f)| statement(i, f))
        .collect()
}

/// How far a hedge (`about`, `roughly`) lets a value stray, as a fraction.
const HEDGE: f64 = 0.1;

/// What a qualifier does to the values a figure allows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Bound {
    Exact,
    /// `more than`, `at least`, `or more`: the value is a floor.
    AtLeast,
    /// `less than`, `up to`, `as many as`: the value is a ceiling.
    AtMost,
    /// `nearly`, `almost`, `just under`: a little below.
    JustUnder,
    /// `just over`, `a little over`: a little above.
    JustOver,
    /// `about`, `roughly`, `some`, `or so`, and any qualifier not known.
    Roughly,
    /// `another`, `an additional`: an increment, not a total.
    Increment,
}

fn bound_of(qualifier: &str) -> Bound {
    match qualifier {
        "exactly" | "precisely" | "only" | "just" | "barely" | "fully" => Bound::Exact,
        "another" | "an additional" | "a further" => Bound::Increment,
        "nearly" | "almost" | "close to" | "just under" | "a little under" | "a bit under"
        | "slightly under" | "just below" | "a bit below" | "slightly below" => Bound::JustUnder,
        "just over" | "a little over" | "a bit over" | "slightly over" | "just above"
        | "a bit above" | "slightly above" => Bound::JustOver,
        "more than" | "over" | "well over" | "above" | "well above" | "at least"
        | "no less than" | "no fewer than" | "greater than" | "higher than" | "larger than"
        | "in excess of" | "upwards of" | "upward of" | "north of" | "as few as"
        | "as little as" | "as low as" | "or more" | "or higher" | "or above" | "or greater"
        | "or over" | "or longer" => Bound::AtLeast,
        "less than" | "fewer than" | "under" | "well under" | "below" | "well below" | "up to"
        | "at most" | "no more than" | "not more than" | "lower than" | "as many as"
        | "as much as" | "as high as" | "or less" | "or fewer" | "or under" | "or below"
        | "or lower" | "or shorter" => Bound::AtMost,
        _ => Bound::Roughly,
    }
}

/// A counted noun or unit as compared: lower case, single spaces, its last
/// word singular, a unit's other spellings as one (`km`, `kilometres`).
/// `None` when nothing is left.
pub fn normalised(noun: &str) -> Option<String> {
    let mut words: Vec<String> = noun
        .split_whitespace()
        .map(|w| {
            w.trim_matches(|c: char| !c.is_alphanumeric())
                .to_lowercase()
        })
        .filter(|w| !w.is_empty())
        .collect();
    let last = words.pop()?;
    let last = singular(&last);
    words.push(unit_alias(&last).unwrap_or(&last).to_string());
    Some(words.join(" "))
}

/// The singular of an English noun, by the regular endings and a few
/// irregular plurals; a word it does not know stays as it is. Both sides
/// of a comparison go through it, so an imperfect singular (`buse`) still
/// meets its own plural.
fn singular(word: &str) -> String {
    const IRREGULAR: [(&str, &str); 9] = [
        ("people", "person"),
        ("children", "child"),
        ("men", "man"),
        ("women", "woman"),
        ("feet", "foot"),
        ("teeth", "tooth"),
        ("mice", "mouse"),
        ("geese", "goose"),
        ("lives", "life"),
    ];
    if let Some((_, one)) = IRREGULAR.iter().find(|(many, _)| *many == word) {
        return one.to_string();
    }
    if let Some(stem) = word.strip_suffix("ies")
        && stem.len() >= 2
    {
        return format!("{stem}y");
    }
    for ending in ["sses", "shes", "ches", "xes", "zzes"] {
        if word.ends_with(ending) {
            return word[..word.len() - 2].to_string();
        }
    }
    if word.len() > 2
        && word.ends_with('s')
        && !word.ends_with("ss")
        && !word.ends_with("us")
        && !word.ends_with("is")
    {
        return word[..word.len() - 1].to_string();
    }
    word.to_string()
}

/// One spelling for units written several ways (after `singular`).
fn unit_alias(word: &str) -> Option<&'static str> {
    Some(match word {
        "km" | "kilometre" => "kilometer",
        "metre" => "meter",
        "cm" | "centimetre" => "centimeter",
        "mm" | "millimetre" => "millimeter",
        "litre" => "liter",
        "kg" | "kilo" => "kilogram",
        "lb" => "pound",
        _ => return None,
    })
}

/// Units of time: a measure in them is a duration, not compared.
fn is_time(noun: &str) -> bool {
    matches!(
        noun.rsplit(' ').next().unwrap_or(noun),
        "second"
            | "minute"
            | "hour"
            | "day"
            | "night"
            | "week"
            | "weekend"
            | "month"
            | "quarter"
            | "year"
            | "decade"
            | "century"
    )
}

/// One figure that disagrees with figures of other documents.
#[derive(Debug, Clone, PartialEq)]
pub struct Member {
    pub at: FigureRef,
    /// How many figures of other documents it disagrees with.
    pub disagreeing: usize,
    /// Up to `EXAMPLES` of them, the nearest in value first.
    pub examples: Vec<FigureRef>,
}

/// The figures of one key that disagree across documents.
#[derive(Debug, Clone, PartialEq)]
pub struct Group {
    /// `count:mask`: the kind compared and what it is of.
    pub key: String,
    /// In document order, then figure order.
    pub members: Vec<Member>,
}

/// Every group, and where each member is.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Disagreements {
    /// In the order of their first member.
    pub groups: Vec<Group>,
    /// Member → (group, index in its members).
    index: HashMap<FigureRef, (usize, usize)>,
}

impl Disagreements {
    /// The member `at` is, if it disagrees with anything.
    pub fn of(&self, at: FigureRef) -> Option<&Member> {
        let &(g, m) = self.index.get(&at)?;
        Some(&self.groups[g].members[m])
    }
}

/// The disagreements among `docs`, each a document's statements.
pub fn disagreements(docs: &[Vec<Statement>]) -> Disagreements {
    // Keys in order of their first statement, so the result is stable.
    let mut by_key: HashMap<&str, usize> = HashMap::new();
    let mut keyed: Vec<(&str, Vec<Entry>)> = Vec::new();
    for (doc, statements) in docs.iter().enumerate() {
        for s in statements {
            let k = *by_key.entry(s.key.as_str()).or_insert_with(|| {
                keyed.push((s.key.as_str(), Vec::new()));
                keyed.len() - 1
            });
            keyed[k].1.push(Entry {
                at: FigureRef {
                    doc,
                    figure: s.figure,
                },
                low: s.low,
                high: s.high,
            });
        }
    }
    let mut groups: Vec<Group> = keyed
        .into_iter()
        .filter_map(|(key, entries)| {
            let members = compare(&entries);
            (!members.is_empty()).then(|| Group {
                key: key.to_string(),
                members,
            })
        })
        .collect();
    groups.sort_by_key(|g| g.members[0].at);
    let index = groups
        .iter()
        .enumerate()
        .flat_map(|(g, group)| {
            group
                .members
                .iter()
                .enumerate()
                .map(move |(m, member)| (member.at, (g, m)))
        })
        .collect();
    Disagreements { groups, index }
}

#[derive(Debug, Clone, Copy)]
struct Entry {
    at: FigureRef,
    low: f64,
    high: f64,
}

/// The members among the entries of one key: those that disagree with an
/// entry of another document. Entry `a` disagrees with `b` when `a.high <
/// b.low` or `b.high < a.low`; with every entry's ends sorted, the entries
/// wholly below and wholly above `e` are two binary searches away, and
/// the same searches within `e`'s own document take its own out.
fn compare(entries: &[Entry]) -> Vec<Member> {
    let first_doc = entries.first().map(|e| e.at.doc);
    if entries.iter().all(|e| Some(e.at.doc) == first_doc) {
        return Vec::new();
    }
    let all = Ends::of(entries.iter().copied());
    // Each document's entries, for the searches within it.
    let mut docs: HashMap<usize, Vec<Entry>> = HashMap::new();
    for e in entries {
        docs.entry(e.at.doc).or_default().push(*e);
    }
    let own: HashMap<usize, Ends> = docs
        .into_iter()
        .map(|(doc, es)| (doc, Ends::of(es.into_iter())))
        .collect();
    let mut members: Vec<Member> = entries
        .iter()
        .filter_map(|e| {
            let mine = &own[&e.at.doc];
            let below = all.below(e.low) - mine.below(e.low);
            let above = all.above(e.high) - mine.above(e.high);
            let disagreeing = below + above;
            (disagreeing > 0).then(|| Member {
                at: e.at,
                disagreeing,
                examples: all.examples(e),
            })
        })
        .collect();
    members.sort_by_key(|m| m.at);
    members
}

/// The entries of a key sorted by each end, to count and find those wholly
/// below or above a range.
struct Ends {
    /// By `high`, ascending.
    by_high: Vec<Entry>,
    /// By `low`, ascending.
    by_low: Vec<Entry>,
    /// For each place in `by_high`, the nearest place before it holding
    /// another document's entry (or `usize::MAX`).
    other_before: Vec<usize>,
    /// For each place in `by_low`, the nearest place after it holding
    /// another document's entry (or `usize::MAX`).
    other_after: Vec<usize>,
}

impl Ends {
    fn of(entries: impl Iterator<Item = Entry>) -> Ends {
        let mut by_high: Vec<Entry> = entries.collect();
        let mut by_low = by_high.clone();
        by_high.sort_by(|a, b| a.high.total_cmp(&b.high).then(a.at.cmp(&b.at)));
        by_low.sort_by(|a, b| a.low.total_cmp(&b.low).then(a.at.cmp(&b.at)));
        let mut other_before = vec![usize::MAX; by_high.len()];
        for i in 1..by_high.len() {
            other_before[i] = if by_high[i - 1].at.doc != by_high[i].at.doc {
                i - 1
            } else {
                other_before[i - 1]
            };
        }
        let mut other_after = vec![usize::MAX; by_low.len()];
        for i in (0..by_low.len().saturating_sub(1)).rev() {
            other_after[i] = if by_low[i + 1].at.doc != by_low[i].at.doc {
                i + 1
            } else {
                other_after[i + 1]
            };
        }
        Ends {
            by_high,
            by_low,
            other_before,
            other_after,
        }
    }

    /// How many entries lie wholly below `low`.
    fn below(&self, low: f64) -> usize {
        self.by_high.partition_point(|e| e.high < low)
    }

    /// How many entries lie wholly above `high`.
    fn above(&self, high: f64) -> usize {
        self.by_low.len() - self.by_low.partition_point(|e| e.low <= high)
    }

    /// Up to `EXAMPLES` entries of other documents that `e` disagrees
    /// with, the nearest in value first: walking down from just below it
    /// and up from just above it, a run of `e`'s own document is jumped
    /// over in one step, so each example costs a constant.
    fn examples(&self, e: &Entry) -> Vec<FigureRef> {
        let mut below = Vec::new();
        let mut i = self.below(e.low).checked_sub(1);
        while let Some(k) = i
            && below.len() < EXAMPLES
        {
            if self.by_high[k].at.doc == e.at.doc {
                i = Some(self.other_before[k]).filter(|&j| j != usize::MAX);
                continue;
            }
            below.push(self.by_high[k].at);
            i = k.checked_sub(1);
        }
        let mut above = Vec::new();
        let start = self.by_low.partition_point(|x| x.low <= e.high);
        let mut i = (start < self.by_low.len()).then_some(start);
        while let Some(k) = i
            && above.len() < EXAMPLES
        {
            if self.by_low[k].at.doc == e.at.doc {
                i = Some(self.other_after[k]).filter(|&j| j != usize::MAX);
                continue;
            }
            above.push(self.by_low[k].at);
            i = Some(k + 1).filter(|&j| j < self.by_low.len());
        }
        // The nearest of both sides, alternating, `EXAMPLES` in all.
        let mut out = Vec::with_capacity(EXAMPLES);
        let (mut b, mut a) = (below.into_iter(), above.into_iter());
        while out.len() < EXAMPLES {
            match (b.next(), a.next()) {
                (None, None) => break,
                (x, y) => out.extend(x.into_iter().chain(y).take(EXAMPLES - out.len())),
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::figures;

    /// The statements of `text`, read as one speaker's speech.
    fn stated(text: &str) -> Vec<Statement> {
        let figures = figures::detect(text, [std::slice::from_ref(&(0..text.len()))]);
        figures
            .iter()
            .enumerate()
            .filter_map(|(i, f)| statement(i, f))
            .collect()
    }

    /// The groups among the documents, one a line: the key, then each
    /// member as `doc:figure` with how many it disagrees with and the
    /// first of them.
    fn groups(docs: &[&str]) -> String {
        let docs: Vec<Vec<Statement>> = docs.iter().map(|d| stated(d)).collect();
        let found = disagreements(&docs);
        let mut out = String::new();
        for g in &found.groups {
            out.push_str(&g.key);
            for m in &g.members {
                let examples: Vec<String> = m
                    .examples
                    .iter()
                    .map(|r| format!("{}:{}", r.doc, r.figure))
                    .collect();
                out.push_str(&format!(
                    " | {}:{} x{} [{}]",
                    m.at.doc,
                    m.at.figure,
                    m.disagreeing,
                    examples.join(" ")
                ));
                assert_eq!(found.of(m.at), Some(m));
            }
            out.push('\n');
        }
        out
    }

    #[test]
    fn the_same_noun_with_other_values_in_two_documents_is_a_group() {
        assert_eq!(
            groups(&[
                "We have shipped 220 billion masks so far.",
                "In all, 200 billion Masks went abroad.",
            ]),
            "count:mask | 0:0 x1 [1:0] | 1:0 x1 [0:0]\n"
        );
    }

    #[test]
    fn each_member_names_only_the_figures_it_disagrees_with() {
        // 0 and 2 agree with each other; 1 disagrees with both.
        assert_eq!(
            groups(&[
                "We opened 87 clinics.",
                "They opened 80 clinics.",
                "There are now 87 clinics.",
            ]),
            "count:clinic | 0:0 x1 [1:0] | 1:0 x2 [0:0 2:0] | 2:0 x1 [1:0]\n"
        );
    }

    #[test]
    fn spelled_and_digit_counts_are_one_kind_and_plurals_one_noun() {
        assert_eq!(
            groups(&["She made five phone calls.", "He made 6 phone calls."]),
            "count:phone call | 0:0 x1 [1:0] | 1:0 x1 [0:0]\n"
        );
        assert_eq!(
            groups(&[
                "We replace 12 kilometres of pipe.",
                "We replace 15 km of pipe."
            ]),
            "measure:kilometer | 0:0 x1 [1:0] | 1:0 x1 [0:0]\n"
        );
    }

    #[test]
    fn what_must_not_be_grouped() {
        for (why, a, b) in [
            (
                "the same value",
                "We shipped 220 billion masks.",
                "They shipped 220 billion masks.",
            ),
            (
                "a count and money",
                "We shipped 220 billion masks.",
                "It cost $200 billion for masks.",
            ),
            (
                "other nouns",
                "We shipped 220 billion masks.",
                "We shipped 200 billion gloves.",
            ),
            (
                "percentages name no thing",
                "Costs rose by 30 percent.",
                "Costs rose by 40 percent.",
            ),
            (
                "money names no thing",
                "The plant costs $180 million.",
                "The plant costs $200 million.",
            ),
            (
                "a bound the other value meets",
                "We shipped more than 200 billion masks.",
                "We shipped 220 billion masks.",
            ),
            (
                "a hedge the other value meets",
                "We shipped about 210 billion masks.",
                "We shipped 200 billion masks.",
            ),
            (
                "a range holding the other value",
                "We hired 15 to 20 nurses.",
                "We hired 18 nurses.",
            ),
            (
                "an increment is not a total",
                "We hired another 50 nurses.",
                "We hired 200 nurses.",
            ),
            (
                "a hypothetical is not stated",
                "If you order 6 vans, they ship free.",
                "We bought 38 vans.",
            ),
            (
                "a duration frames a claim",
                "It took 10 years to build.",
                "It took 12 years to build.",
            ),
            ("no noun", "Exports reached 13bn.", "Exports reached 12bn."),
        ] {
            assert_eq!(groups(&[a, b]), "", "{why}");
        }
    }

    #[test]
    fn one_document_never_disagrees_with_itself() {
        assert_eq!(
            groups(&["We opened 12 clinics this month and 87 clinics in all."]),
            ""
        );
        // Its two figures disagree with the other document's, not with
        // each other.
        assert_eq!(
            groups(&[
                "We opened 12 clinics this month and 87 clinics in all.",
                "They opened 87 clinics.",
            ]),
            "count:clinic | 0:0 x1 [1:0] | 1:0 x1 [0:0]\n"
        );
    }

    #[test]
    fn a_bound_disagrees_with_a_value_beyond_it() {
        assert_eq!(
            groups(&["We shipped fewer than 200 masks.", "We shipped 250 masks."]),
            "count:mask | 0:0 x1 [1:0] | 1:0 x1 [0:0]\n"
        );
    }

    #[test]
    fn nouns_are_compared_without_case_spacing_or_plural() {
        for (a, b) in [
            ("Hospital  Beds", "hospital bed"),
            ("countries", "country"),
            ("churches", "church"),
            ("boxes", "box"),
            ("people", "person"),
            ("kilometres", "km"),
        ] {
            assert_eq!(normalised(a), normalised(b), "{a} / {b}");
        }
        for (a, b) in [("masks", "mask s"), ("buses", "bus"), ("class", "clas")] {
            assert_ne!(normalised(a), normalised(b), "{a} / {b}");
        }
        assert_eq!(normalised("  "), None);
    }

    #[test]
    fn a_large_group_is_counted_without_comparing_every_pair() {
        // 2,000 documents, each stating its own number of masks, and one
        // document stating 5 twice: every member disagrees with all other
        // documents but those saying the same.
        let n = 2000;
        let mut docs: Vec<Vec<Statement>> = (0..n)
            .map(|d| {
                vec![Statement {
                    figure: 0,
                    key: "count:mask".into(),
                    low: d as f64,
                    high: d as f64,
                }]
            })
            .collect();
        docs.push(vec![
            Statement {
                figure: 0,
                key: "count:mask".into(),
                low: 5.0,
                high: 5.0,
            },
            Statement {
                figure: 1,
                key: "count:mask".into(),
                low: 5.0,
                high: 5.0,
            },
        ]);
        let found = disagreements(&docs);
        assert_eq!(found.groups.len(), 1);
        let members = &found.groups[0].members;
        assert_eq!(members.len(), n + 2);
        let five = found.of(FigureRef { doc: 5, figure: 0 }).unwrap();
        // All but itself and the two other fives.
        assert_eq!(five.disagreeing, n + 2 - 3);
        assert_eq!(
            five.examples,
            [
                FigureRef { doc: 4, figure: 0 },
                FigureRef { doc: 6, figure: 0 },
                FigureRef { doc: 3, figure: 0 },
            ]
        );
        let last = found.of(FigureRef { doc: n, figure: 1 }).unwrap();
        assert_eq!(last.disagreeing, n - 1);
        assert!(last.examples.iter().all(|r| r.doc != n && r.doc != 5));
        for m in members {
            assert!(m.examples.len() == EXAMPLES && m.examples.iter().all(|r| r.doc != m.at.doc));
        }
    }
}
