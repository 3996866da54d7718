//! Folding the names in labels into speakers.
//!
//! One person is labelled several ways: `KARINE JEAN-PIERRE, WHITE HOUSE
//! PRESS SECRETARY:` first, `MS. JEAN-PIERRE:` or `JEAN-PIERRE:` later,
//! `Chair Powell` and `CHAIR POWELL`. Names are compared without case, without
//! leading honorifics and without a final period, and a shorter name folds
//! into the one longer name that ends with it. When two longer names end with
//! it (`SMITH` after `COLBY SMITH` and `MICHELLE SMITH`) it stays a speaker of
//! its own: guessing would merge two people. Role words (`Q`, `Speaker 1`)
//! never fold into names.
//!
//! Work is per distinct name, not per label: a long transcript repeats a few
//! names thousands of times. Names come as indices into `Names`, so a label
//! costs one array lookup.

use std::collections::HashMap;

use super::names::{self, NameId, Names, words};
use super::{Speaker, SpeakerId};

/// The speakers behind a set of label names.
#[derive(Debug, Default)]
pub(super) struct Folding {
    /// The speaker of each name, by `NameId` (`usize::MAX` for names not
    /// folded here).
    by_name: Vec<SpeakerId>,
    pub speakers: Vec<Speaker>,
}

impl Folding {
    /// Folds the names of `labels` (their `NameId`s in `names`, in order of
    /// appearance, repeats allowed). Speakers are numbered by first
    /// appearance; titles are left to the caller.
    pub fn new(names: &Names, labels: impl IntoIterator<Item = NameId>) -> Folding {
        let mut by_name = vec![usize::MAX; names.len()];
        // Distinct names, in order of first appearance.
        let mut distinct: Vec<NameId> = Vec::new();
        for id in labels {
            if by_name[id] == usize::MAX {
                by_name[id] = distinct.len();
                distinct.push(id);
            }
        }

        // Names with the same key are one person.
        let keys: Vec<Vec<String>> = distinct.iter().map(|&n| key(names.name(n))).collect();
        let mut group_of_key: HashMap<&[String], usize> = HashMap::new();
        let mut group: Vec<usize> = Vec::with_capacity(distinct.len());
        let mut group_keys: Vec<&[String]> = Vec::new();
        let mut group_is_role: Vec<bool> = Vec::new();
        for (k, &n) in keys.iter().zip(&distinct) {
            let next = group_keys.len();
            let g = *group_of_key.entry(k.as_slice()).or_insert(next);
            if g == next {
                group_keys.push(k.as_slice());
                group_is_role.push(false);
            }
            group_is_role[g] |= names::role_word(names.name(n)).is_some();
            group.push(g);
        }

        // A shorter key folds into the one longest key that ends with it.
        let mut by_suffix: HashMap<&[String], Vec<usize>> = HashMap::new();
        for (g, k) in group_keys.iter().enumerate() {
            for cut in 1..k.len() {
                by_suffix.entry(&k[cut..]).or_default().push(g);
            }
        }
        let parent: Vec<usize> = (0..group_keys.len())
            .map(|g| {
                let Some(longer) = by_suffix.get(group_keys[g]).filter(|_| !group_is_role[g])
                else {
                    return g;
                };
                let is_suffix = |short: &[String], long: &[String]| {
                    short.len() < long.len() && long.ends_with(short)
                };
                let mut maximal = longer.iter().copied().filter(|&c| {
                    !longer
                        .iter()
                        .any(|&o| is_suffix(group_keys[c], group_keys[o]))
                });
                match (maximal.next(), maximal.next()) {
                    (Some(only), None) => only,
                    _ => g,
                }
            })
            .collect();

        // One speaker per root group, numbered by first appearance, named by
        // the fullest form seen.
        let mut speaker_of_root = vec![usize::MAX; group_keys.len()];
        let mut best: Vec<usize> = Vec::new();
        let mut speakers: Vec<Speaker> = Vec::new();
        for (i, &n) in distinct.iter().enumerate() {
            let name = names.name(n);
            let root = parent[group[i]];
            if speaker_of_root[root] == usize::MAX {
                speaker_of_root[root] = speakers.len();
                speakers.push(Speaker {
                    name: name.to_string(),
                    title: None,
                    affiliation: None,
                });
                best.push(i);
            }
            let id = speaker_of_root[root];
            let fuller = (keys[i].len(), words(name).count())
                > (
                    keys[best[id]].len(),
                    words(names.name(distinct[best[id]])).count(),
                );
            if fuller {
                best[id] = i;
                speakers[id].name = name.to_string();
            }
            by_name[n] = id;
        }
        Folding { by_name, speakers }
    }

    /// The speaker of a name given to `new`.
    pub fn id(&self, name: NameId) -> SpeakerId {
        self.by_name
            .get(name)
            .copied()
            .filter(|&s| s != usize::MAX)
            .unwrap_or(0)
    }

    /// How many distinct speakers there are.
    pub fn len(&self) -> usize {
        self.speakers.len()
    }
}

/// The words that identify a name: lower case, without leading honorifics
/// (`MS.`, `Chair`, `The`) and final periods. Never empty for a non-empty name.
fn key(name: &str) -> Vec<String> {
    let all: Vec<&str> = words(name).collect();
    let skip = all
        .iter()
        .take_while(|w| names::is_honorific(w) || w.eq_ignore_ascii_case("the"))
        .count()
        .min(all.len().saturating_sub(1));
    all[skip..]
        .iter()
        .map(|w| w.strip_suffix('.').unwrap_or(w).to_lowercase())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Renders each name with the speaker it folds into.
    fn check(labels: &[&str], expect: expect_test::Expect) {
        let mut names = Names::default();
        let ids: Vec<NameId> = labels.iter().map(|n| names.intern(n)).collect();
        let folding = Folding::new(&names, ids.iter().copied());
        let out: Vec<String> = labels
            .iter()
            .zip(&ids)
            .map(|(n, &id)| {
                format!(
                    "{n} -> #{} {}",
                    folding.id(id),
                    folding.speakers[folding.id(id)].name
                )
            })
            .collect();
        expect.assert_eq(&out.join("\n"));
    }

    #[test]
    fn surnames_fold_into_full_names() {
        check(
            &["OLGA BRANDT", "BRANDT", "MS. BRANDT", "Q", "Ms. Brandt"],
            expect_test::expect![[r#"
                OLGA BRANDT -> #0 OLGA BRANDT
                BRANDT -> #0 OLGA BRANDT
                MS. BRANDT -> #0 OLGA BRANDT
                Q -> #1 Q
                Ms. Brandt -> #0 OLGA BRANDT"#]],
        );
    }

    #[test]
    fn the_short_form_may_come_first() {
        check(
            &["CHAIR LINDQVIST", "Chair Lindqvist", "ANNA LINDQVIST"],
            expect_test::expect![[r#"
                CHAIR LINDQVIST -> #0 ANNA LINDQVIST
                Chair Lindqvist -> #0 ANNA LINDQVIST
                ANNA LINDQVIST -> #0 ANNA LINDQVIST"#]],
        );
    }

    #[test]
    fn shared_surnames_stay_apart() {
        check(
            &[
                "PAULA SMITH",
                "RAJ SMITH",
                "SMITH",
                "Speaker 1",
                "Speaker 2",
            ],
            expect_test::expect![[r#"
                PAULA SMITH -> #0 PAULA SMITH
                RAJ SMITH -> #1 RAJ SMITH
                SMITH -> #2 SMITH
                Speaker 1 -> #3 Speaker 1
                Speaker 2 -> #4 Speaker 2"#]],
        );
    }

    #[test]
    fn role_words_never_fold() {
        check(
            &["Q", "JOHN Q", "Speaker 1"],
            expect_test::expect![[r#"
                Q -> #0 Q
                JOHN Q -> #1 JOHN Q
                Speaker 1 -> #2 Speaker 1"#]],
        );
    }
}
