//! What a speaker's name looks like, and what some names say about a role.
//!
//! A speaker label is only believed when the text before its colon or period
//! has the shape of a name: a few words, each capitalised (`Wang Yi`,
//! `Speaker 2`), or in capitals (`KARINE JEAN-PIERRE`), or led by an
//! honorific (`MR. DEESE`, `Chairman Lee`), or a role word (`Q`, `Question`,
//! `Interviewer`). `The theme is` or `Here is what we can do` never are. Some
//! words are labels of page furniture (`Note:`, `Source:`) and never name a
//! speaker. The shape tells the label recognisers how much to trust a label.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

/// A multiply-and-rotate hash (as in rustc's `FxHasher`): label names are
/// short and few, and a lookup per label must cost next to nothing.
#[derive(Default)]
pub(super) struct NameHasher(u64);

impl Hasher for NameHasher {
    fn write(&mut self, bytes: &[u8]) {
        for chunk in bytes.chunks(8) {
            let mut word = [0u8; 8];
            word[..chunk.len()].copy_from_slice(chunk);
            self.0 = (self.0.rotate_left(5) ^ u64::from_le_bytes(word))
                .wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
        }
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

pub(super) type NameMap<K, V> = HashMap<K, V, BuildHasherDefault<NameHasher>>;

/// How a name is written, from most to least telling.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Shape {
    /// A role word: `Q`, `Question`, `Interviewer`, `Speaker 2`.
    Role,
    /// An honorific or office before a name: `MR. DEESE`, `Chair Powell`.
    Honorific {
        /// Whether the rest is in capitals (`Mr. SMITH`), as hearings write it.
        capital_name: bool,
    },
    /// Two or more words in capitals: `CHAIR POWELL`, `MICHELLE SMITH`.
    Capitals,
    /// Two or more capitalised words: `Wang Yi`, `Joe Biden`.
    Capitalised,
    /// One word: `Isaac`, `JEAN-PIERRE`.
    Single,
}

/// What a role word says about the speaker.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum RoleWord {
    /// Asks: `Q`, `Question`, `Interviewer`, `Reporter`.
    Asks,
    /// Answers: `A`, `Answer`, `Witness`, `Interviewee`.
    Answers,
    /// Chairs: calls on others and keeps order (`The Speaker`, `Operator`);
    /// only `speaker_role` says so.
    Chairs,
    /// Says nothing about asking: `Speaker 1`, `Moderator`.
    Neutral,
}

/// Longest name believed, in words (before any title after a comma).
const MAX_NAME_WORDS: usize = 6;
/// Longest title believed after a comma, in words.
const MAX_TITLE_WORDS: usize = 10;

// Word lists are lower case and sorted (a test checks), and looked up by
// binary search on a lower-cased copy kept on the stack: labels are checked
// by the thousand in a long transcript.

/// Honorifics and offices written before a name (looked up without a final
/// period).
#[rustfmt::skip]
const HONORIFICS: &[&str] = &[
    "acting", "adm", "admiral", "agent", "ambassador", "capt", "captain", "chair", "chairman",
    "chairperson", "chairwoman", "chancellor", "col", "colonel", "commissioner", "congressman",
    "congresswoman", "dame", "dean", "deputy", "detective", "director", "dr", "father", "frau",
    "gen", "general", "gov", "governor", "herr", "hon", "judge", "justice", "king", "lady",
    "leader", "lord", "lt", "m", "madam", "madame", "mayor", "minister", "miss", "mlle", "mme",
    "mr", "mrs", "ms", "mx", "officer", "premier", "president", "prime", "prince", "princess",
    "prof", "professor", "queen", "rabbi", "rep", "representative", "rev", "reverend",
    "secretary", "sen", "senator", "sgt", "sir", "spokesman", "spokesperson", "spokeswoman",
    "vice",
];

/// Words that label page furniture, not speakers (`Note:`, `Source:`).
#[rustfmt::skip]
const FURNITURE_WORDS: &[&str] = &[
    "abstract", "address", "agenda", "also", "appendix", "attendees", "audio", "author",
    "authors", "background", "bcc", "begin", "by", "category", "caution", "cc", "chapter",
    "conclusion", "contact", "contents", "correction", "credit", "credits", "date", "day",
    "disclaimer", "e-mail", "editor's", "editor’s", "edt", "email", "end", "episode", "est",
    "example", "fax", "figure", "file", "from", "fw", "fwd", "gmt", "image", "introduction",
    "keywords", "link", "links", "listen", "location", "nb", "note", "notes", "overview",
    "page", "part", "pdf", "phone", "photo", "place", "please", "posted", "present", "program",
    "programme", "ps", "published", "purpose", "re", "read", "references", "related", "result",
    "results", "scope", "season", "section", "see", "session", "source", "sources", "status",
    "step", "subject", "summary", "table", "tag", "tags", "tel", "time", "tip", "tips", "title",
    "to", "topic", "transcript", "update", "updated", "url", "utc", "venue", "video", "warning",
    "watch", "web", "website", "week",
];

/// Role words that ask (whole names, words joined by one space).
#[rustfmt::skip]
const ASKING_ROLES: &[&str] = &[
    "audience", "audience member", "audience question", "caller", "interviewer", "journalist",
    "press", "q", "question", "questioner", "questions", "reporter", "the press",
];

/// Role words that answer (whole names).
#[rustfmt::skip]
const ANSWERING_ROLES: &[&str] = &[
    "a", "answer", "deponent", "interviewee", "respondent", "the deponent", "the respondent",
    "the witness", "witness",
];

/// Role words that end a name (`Senior Administration Official`) or lead a
/// numbered one (`Speaker 2`).
#[rustfmt::skip]
const NEUTRAL_ROLES: &[&str] = &[
    "anchor", "announcer", "audience", "clerk", "co-host", "cohost", "correspondent", "court",
    "crowd", "female", "guest", "host", "interpreter", "male", "man", "moderator", "narrator",
    "official", "officials", "operator", "panelist", "panellist", "participant", "presenter",
    "reporters", "speaker", "student", "translator", "unidentified", "unknown", "voice",
    "voices", "woman",
];

/// Whole names of those who chair: they call on others and keep order, and
/// neither ask nor answer (`The Speaker`, `Operator`, `Moderator`). `Chair
/// Powell` is a name led by an office, not one of these.
#[rustfmt::skip]
const CHAIRING_ROLES: &[&str] = &[
    "chair", "chairman", "chairperson", "chairwoman", "deputy speaker", "madam chair",
    "madam speaker", "moderator", "mr chairman", "mr speaker", "operator", "presiding officer",
    "the chair", "the chairman", "the deputy speaker", "the moderator", "the operator",
    "the presiding officer", "the speaker",
];

/// News outlets: a reporter is often labelled by the outlet alone (`Reuters:`,
/// `AFP:`) or has it as the title (`Dana Ortiz, Associated Press:`). Matched
/// only as a whole name or inside a title: `Michael Bloomberg` is a person.
#[rustfmt::skip]
const OUTLETS: &[&str] = &[
    "abc news", "afp", "agence france-presse", "al jazeera", "ansa", "ap", "associated press",
    "axios", "bbc", "bloomberg", "cbc", "cbs", "cctv", "cgtn", "cnbc", "cnn", "dpa", "efe",
    "euronews", "fox", "itv", "kyodo", "msnbc", "nbc", "nhk", "npr", "pbs", "politico",
    "reuters", "rte", "sky", "tass", "the economist", "the guardian", "xinhua", "yonhap",
];

/// Firms whose analysts ask on earnings calls (`Jane Doe, Morgan Stanley:`).
#[rustfmt::skip]
const ANALYST_FIRMS: &[&str] = &[
    "bank of america", "barclays", "bernstein", "bmo", "bofa", "citi", "citigroup", "cowen",
    "credit suisse", "deutsche bank", "evercore", "goldman sachs", "hsbc", "jefferies", "jp morgan", "jpmorgan", "keybanc", "macquarie", "mizuho", "morgan stanley",
    "nomura", "oppenheimer", "piper sandler", "raymond james", "rbc", "stifel", "truist", "ubs",
    "wells fargo", "wolfe",
];

/// Words of a title that names an office, one that is asked rather than
/// asks (sorted).
#[rustfmt::skip]
const OFFICE_WORDS: &[&str] = &[
    "administrator", "ambassador", "ceo", "cfo", "chancellor", "chief", "commissioner",
    "coordinator", "deputy", "director", "governor", "head", "manager", "mayor", "minister",
    "officer", "president", "secretary", "senator", "spokesman", "spokesperson", "spokeswoman",
];

/// Words that make a name an outlet wherever they stand (`Harbour News`,
/// `Phoenix TV`, `Xinhua News Agency`): none is a common surname.
#[rustfmt::skip]
const OUTLET_WORDS: &[&str] = &[
    "agency", "broadcasting", "daily", "magazine", "media", "news", "newspaper", "radio",
    "television", "times", "tribune", "tv",
];

/// Words that make a title one of someone who asks (`Jane Doe, Analyst`),
/// besides the outlet words; these are surnames too, so only in titles.
#[rustfmt::skip]
const ASKING_TITLE_WORDS: &[&str] = &[
    "analyst", "gazette", "herald", "journal", "journalist", "post", "press", "reporter",
];

/// Room for a lower-cased copy of a word or a role phrase.
const LOWER_CAP: usize = 48;

/// `words` lower-cased and joined by single spaces into `buf`; `None` when
/// too long for it (no list holds such a long entry).
fn lowered<'b, 'w>(
    words: impl Iterator<Item = &'w str>,
    buf: &'b mut [u8; LOWER_CAP],
) -> Option<&'b str> {
    let mut n = 0;
    for word in words {
        let extra = usize::from(n > 0);
        if n + extra + word.len() > LOWER_CAP {
            return None;
        }
        if extra == 1 {
            buf[n] = b' ';
        }
        n += extra;
        for (i, b) in word.bytes().enumerate() {
            buf[n + i] = b.to_ascii_lowercase();
        }
        n += word.len();
    }
    // Lower-casing ASCII bytes keeps UTF-8 valid.
    std::str::from_utf8(&buf[..n]).ok()
}

/// Whether `words`, lower-cased, are an entry of the sorted `list`.
fn listed<'w>(words: impl Iterator<Item = &'w str>, list: &[&str]) -> bool {
    let mut buf = [0; LOWER_CAP];
    lowered(words, &mut buf).is_some_and(|key| list.binary_search(&key).is_ok())
}

fn without_period(word: &str) -> &str {
    word.strip_suffix('.').unwrap_or(word)
}

/// Whether `word` (with or without a final period) is an honorific.
pub(super) fn is_honorific(word: &str) -> bool {
    listed(std::iter::once(without_period(word)), HONORIFICS)
}

/// Whether `word` is a lower-case particle allowed inside a name (`Ursula
/// von der Leyen`, `Secretary of State Blinken`), never first or last.
pub(super) fn is_particle(word: &str) -> bool {
    is_particle_bytes(word.as_bytes())
}

/// `is_particle` on bytes, for the first scan of every line.
pub(super) fn is_particle_bytes(word: &[u8]) -> bool {
    matches!(
        word,
        b"al"
            | b"and"
            | b"bin"
            | b"da"
            | b"de"
            | b"del"
            | b"della"
            | b"den"
            | b"der"
            | b"di"
            | b"du"
            | b"e"
            | b"el"
            | b"ibn"
            | b"la"
            | b"le"
            | b"of"
            | b"the"
            | b"van"
            | b"von"
            | b"y"
    )
}

/// The words of `s`, split at any whitespace (NBSP included).
pub(super) fn words(s: &str) -> Words<'_> {
    Words { rest: s }
}

/// The iterator of `words`: ASCII is split byte by byte, and a character is
/// decoded only where a byte is not ASCII, since every turn's words pass
/// through here.
pub(super) struct Words<'a> {
    rest: &'a str,
}

impl<'a> Iterator for Words<'a> {
    type Item = &'a str;

    #[inline]
    fn next(&mut self) -> Option<&'a str> {
        let s = self.rest;
        let bytes = s.as_bytes();
        let mut start = 0;
        while start < bytes.len() {
            match bytes[start] {
                b'\t'..=b'\r' | b' ' => start += 1,
                b if b < 0x80 => break,
                _ => match unicode_space(&s[start..]) {
                    0 => break,
                    n => start += n,
                },
            }
        }
        if start == bytes.len() {
            self.rest = "";
            return None;
        }
        let mut end = start;
        while end < bytes.len() {
            match bytes[end] {
                b'\t'..=b'\r' | b' ' => break,
                b if b < 0x80 => end += 1,
                b => {
                    if unicode_space(&s[end..]) > 0 {
                        break;
                    }
                    // The length of the character from its lead byte.
                    end += match b {
                        0xf0.. => 4,
                        0xe0.. => 3,
                        _ => 2,
                    };
                }
            }
        }
        self.rest = &s[end..];
        Some(&s[start..end])
    }
}

/// The length of the whitespace character (NBSP, an em space, a BOM) that
/// `s` starts with, or 0; only called at a byte that is not ASCII.
fn unicode_space(s: &str) -> usize {
    s.chars()
        .next()
        .filter(|&c| super::lines::is_space(c))
        .map_or(0, char::len_utf8)
}

/// What a role word says about who speaks, for a whole name.
pub(super) fn role_word(name: &str) -> Option<RoleWord> {
    let name = name.trim_end_matches(['.', ':']);
    if listed(words(name), ASKING_ROLES) {
        return Some(RoleWord::Asks);
    }
    if listed(words(name), ANSWERING_ROLES) {
        return Some(RoleWord::Answers);
    }
    let mut ws = words(name);
    let first = ws.next()?;
    let second = ws.next();
    let more = ws.next().is_some();
    let last = words(name).last()?;
    let neutral = |w: &str| listed(std::iter::once(w), NEUTRAL_ROLES);
    // `Speaker 2`, `Guest B`.
    let numbered = !more
        && second.is_some_and(|n| {
            n.len() <= 3
                && (n.bytes().all(|b| b.is_ascii_digit())
                    || n.len() == 1 && n.bytes().all(|b| b.is_ascii_uppercase()))
        })
        && neutral(first);
    (neutral(last) || numbered || listed(std::iter::once(first), &["unidentified", "unknown"]))
        .then_some(RoleWord::Neutral)
}

/// What a speaker's label says about their part in the conversation, from
/// the name and the title after its comma together: role words (`Q`,
/// `Witness`), chairing roles (`The Speaker`, `Operator`), and outlets or
/// analysts' firms, which ask (`Reuters`, `Jane Doe, Morgan Stanley`).
pub(super) fn speaker_role(name: &str, title: Option<&str>) -> Option<RoleWord> {
    let name = name.trim_end_matches(['.', ':']);
    match role_word(name) {
        Some(RoleWord::Neutral) | None => {}
        known => return known,
    }
    let name_words = plain_words(name);
    let whole = name_words.join(" ");
    if CHAIRING_ROLES.binary_search(&whole.as_str()).is_ok() {
        return Some(RoleWord::Chairs);
    }
    let outlet_name = OUTLETS.binary_search(&whole.as_str()).is_ok()
        || ANALYST_FIRMS.binary_search(&whole.as_str()).is_ok()
        || name_words.len() > 1
            && name_words
                .iter()
                .any(|w| OUTLET_WORDS.binary_search(&w.as_str()).is_ok());
    let asking_title = title.is_some_and(|t| {
        let ws = plain_words(t);
        // `Press Secretary`, `Post Office Minister`: an office answers,
        // whatever outlet word its name holds.
        let office = ws
            .iter()
            .any(|w| OFFICE_WORDS.binary_search(&w.as_str()).is_ok());
        !office
            && ws.iter().any(|w| {
                OUTLET_WORDS.binary_search(&w.as_str()).is_ok()
                    || ASKING_TITLE_WORDS.binary_search(&w.as_str()).is_ok()
            })
            || has_phrase(&ws, OUTLETS)
            || has_phrase(&ws, ANALYST_FIRMS)
    });
    if outlet_name || asking_title {
        return Some(RoleWord::Asks);
    }
    role_word(name)
}

/// The words of `s` lower-cased, without periods (`J.P.` is `jp`) and
/// without the commas, colons and brackets around them.
fn plain_words(s: &str) -> Vec<String> {
    // `Coastline Securities--Analyst`: two dashes part a title's words.
    words(&s.replace("--", " "))
        .map(|w| {
            w.trim_matches([',', ':', ';', '(', ')'])
                .replace('.', "")
                .to_lowercase()
        })
        .filter(|w| !w.is_empty())
        .collect()
}

/// Whether some run of up to four of `ws` is an entry of the sorted `list`.
fn has_phrase(ws: &[String], list: &[&str]) -> bool {
    (0..ws.len()).any(|i| {
        (i + 1..=ws.len().min(i + 4))
            .any(|j| list.binary_search(&ws[i..j].join(" ").as_str()).is_ok())
    })
}

/// Whether one word may be part of a name: letters, with hyphens, apostrophes
/// and periods inside (`O'Neill`, `Jean-Pierre`, `S.`), or a short number
/// after a role word (`Speaker 2`).
fn is_name_word(word: &str) -> bool {
    word.chars()
        .all(|c| c.is_alphabetic() || c.is_ascii_digit() || matches!(c, '-' | '\'' | '’' | '.'))
        && word.chars().next().is_some_and(char::is_alphanumeric)
}

fn starts_upper(word: &str) -> bool {
    word.chars().next().is_some_and(char::is_uppercase)
}

fn has_lowercase(word: &str) -> bool {
    word.chars().any(char::is_lowercase)
}

/// The index of a distinct name, as written, in `Names`.
pub(super) type NameId = usize;

/// Every distinct name met in labels, as written, each with its shape worked
/// out once: a long transcript repeats a few names thousands of times, and
/// each label then costs one lookup. Later steps count and fold names by
/// their index, without hashing again.
#[derive(Default)]
pub(super) struct Names<'a> {
    ids: NameMap<&'a str, NameId>,
    list: Vec<(&'a str, Option<Option<Shape>>)>,
}

impl<'a> Names<'a> {
    /// The index of `name`, added if new.
    pub fn intern(&mut self, name: &'a str) -> NameId {
        let next = self.list.len();
        let id = *self.ids.entry(name).or_insert(next);
        if id == next {
            self.list.push((name, None));
        }
        id
    }

    /// The index and the shape of `name`.
    pub fn shaped(&mut self, name: &'a str) -> (NameId, Option<Shape>) {
        let id = self.intern(name);
        let entry = &mut self.list[id].1;
        let shape = *entry.get_or_insert_with(|| shape(name));
        (id, shape)
    }

    /// The name with index `id`, as written.
    pub fn name(&self, id: NameId) -> &'a str {
        self.list[id].0
    }

    /// Interns the names of `other` in its order, with the shapes it
    /// already knows: the new id of each of its ids.
    pub fn adopt(&mut self, other: Names<'a>) -> Vec<NameId> {
        other
            .list
            .into_iter()
            .map(|(name, shape)| {
                let id = self.intern(name);
                if self.list[id].1.is_none() {
                    self.list[id].1 = shape;
                }
                id
            })
            .collect()
    }

    /// How many distinct names there are.
    pub fn len(&self) -> usize {
        self.list.len()
    }
}

/// The shape of `name`, or `None` when it does not look like a name at all.
pub(super) fn shape(name: &str) -> Option<Shape> {
    if name.len() > 80 {
        return None;
    }
    let mut count = 0;
    let mut all_capitals = true;
    let mut previous_particle = false;
    for (i, word) in words(name).enumerate() {
        count += 1;
        if count > MAX_NAME_WORDS || !is_name_word(word) {
            return None;
        }
        let number = word.bytes().all(|b| b.is_ascii_digit());
        previous_particle = false;
        if number {
            // `Speaker 2`, `Reporter 12`: a number only after a first word.
            if i == 0 || word.len() > 3 {
                return None;
            }
        } else if is_particle(word) {
            if i == 0 {
                return None;
            }
            previous_particle = true;
            all_capitals = false;
        } else if !starts_upper(word) {
            return None;
        } else if has_lowercase(word) {
            all_capitals = false;
        }
    }
    if count == 0 || previous_particle {
        return None;
    }
    let first = words(name).next()?;
    let last = words(name).last()?;
    let furniture = |w: &str| listed(std::iter::once(without_period(w)), FURNITURE_WORDS);
    if furniture(first) || furniture(last) {
        return None;
    }
    if role_word(name).is_some() {
        return Some(Shape::Role);
    }
    let honorific_led = is_honorific(first) || first.eq_ignore_ascii_case("the");
    if count >= 2 && honorific_led {
        let capital_name = words(name).skip(1).all(|w| !has_lowercase(w));
        return Some(Shape::Honorific { capital_name });
    }
    Some(match (count, all_capitals) {
        (1, _) => Shape::Single,
        (_, true) => Shape::Capitals,
        (_, false) => Shape::Capitalised,
    })
}

/// Whether `title` (after the comma in `NAME, TITLE:`) reads as a title:
/// capitalised words, perhaps joined by `of`, `the`, `and`, `for`.
pub(super) fn is_title(title: &str) -> bool {
    let mut count = 0;
    for word in words(title) {
        // Parts of a title are separated by commas: `HOST, HARBOUR NEWS`.
        let word = word.strip_suffix(',').unwrap_or(word);
        count += 1;
        let joiner = matches!(
            word,
            "of" | "the" | "and" | "for" | "on" | "to" | "at" | "&"
        );
        let ok = joiner && count > 1
            || starts_upper(word)
                && word
                    .chars()
                    .all(|c| c.is_alphabetic() || matches!(c, '-' | '\'' | '’' | '.'));
        if !ok || count > MAX_TITLE_WORDS {
            return false;
        }
    }
    count > 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shapes_of_speaker_names() {
        assert_eq!(shape("Question"), Some(Shape::Role));
        assert_eq!(shape("Q"), Some(Shape::Role));
        assert_eq!(shape("Speaker 2"), Some(Shape::Role));
        assert_eq!(shape("SENIOR ADMINISTRATION OFFICIAL"), Some(Shape::Role));
        assert_eq!(
            shape("MS. PSAKI"),
            Some(Shape::Honorific { capital_name: true })
        );
        assert_eq!(
            shape("Chairman Lee"),
            Some(Shape::Honorific {
                capital_name: false
            })
        );
        assert_eq!(shape("DANA ORTIZ"), Some(Shape::Capitals));
        assert_eq!(shape("Lin Hua"), Some(Shape::Capitalised));
        assert_eq!(shape("Ursula von der Leyen"), Some(Shape::Capitalised));
        assert_eq!(shape("JEAN-PIERRE"), Some(Shape::Single));
        assert_eq!(shape("Émile"), Some(Shape::Single));
    }

    #[test]
    fn prose_is_no_name() {
        assert_eq!(shape("The theme is"), None);
        assert_eq!(shape("Here is what we can do"), None);
        assert_eq!(shape("3"), None);
        assert_eq!(shape("Note"), None);
        assert_eq!(shape("Editor’s Note"), None);
        assert_eq!(shape("One Two Three Four Five Six Seven"), None);
        assert_eq!(shape("von Trapp"), None);
        assert_eq!(shape("Twelve 2020"), None);
        assert_eq!(shape("“Quoted"), None);
    }

    #[test]
    fn words_split_at_any_whitespace() {
        let samples = [
            "",
            "  ",
            "one",
            " Ms.\u{a0}Ada  Brook\t(Lib.)\n",
            "\u{feff}Ana\u{2003}Kovac\u{3000}東京 café",
            "a\x0bb\x0cc\rd",
        ];
        for s in samples {
            let split: Vec<&str> = s
                .split(super::super::lines::is_space)
                .filter(|w| !w.is_empty())
                .collect();
            assert_eq!(words(s).collect::<Vec<_>>(), split, "{s:?}");
        }
    }

    #[test]
    fn role_words_say_who_asks() {
        assert_eq!(role_word("Q"), Some(RoleWord::Asks));
        assert_eq!(role_word("INTERVIEWER"), Some(RoleWord::Asks));
        assert_eq!(role_word("Audience\u{a0}Member"), Some(RoleWord::Asks));
        assert_eq!(role_word("A"), Some(RoleWord::Answers));
        assert_eq!(role_word("THE WITNESS"), Some(RoleWord::Answers));
        assert_eq!(role_word("Speaker 1"), Some(RoleWord::Neutral));
        assert_eq!(role_word("Moderator"), Some(RoleWord::Neutral));
        assert_eq!(role_word("Lin Hua"), None);
    }

    #[test]
    fn word_lists_are_sorted_lower_case() {
        for list in [
            HONORIFICS,
            FURNITURE_WORDS,
            ASKING_ROLES,
            ANSWERING_ROLES,
            NEUTRAL_ROLES,
            CHAIRING_ROLES,
            OUTLETS,
            ANALYST_FIRMS,
            OUTLET_WORDS,
            ASKING_TITLE_WORDS,
            OFFICE_WORDS,
        ] {
            assert!(list.windows(2).all(|w| w[0] < w[1]), "{list:?}");
            assert!(list.iter().all(|w| w.to_lowercase() == *w), "{list:?}");
        }
    }

    #[test]
    fn outlets_firms_and_chairs_say_who_asks() {
        let role = |name, title| speaker_role(name, title);
        assert_eq!(role("Reuters", None), Some(RoleWord::Asks));
        assert_eq!(role("KARINE JEAN-PIERRE", Some("PRESS SECRETARY")), None);
        assert_eq!(role("Lin Hua", Some("Harbour Press")), Some(RoleWord::Asks));
        assert_eq!(role("Harbour News", None), Some(RoleWord::Asks));
        assert_eq!(
            role("Dana Ortiz", Some("Associated Press")),
            Some(RoleWord::Asks)
        );
        assert_eq!(
            role("Jane Doe", Some("Morgan Stanley")),
            Some(RoleWord::Asks)
        );
        assert_eq!(role("Jane Doe", Some("J.P. Morgan")), Some(RoleWord::Asks));
        assert_eq!(
            role("Jane Doe", Some("Equity Analyst")),
            Some(RoleWord::Asks)
        );
        assert_eq!(role("Q", None), Some(RoleWord::Asks));
        assert_eq!(role("The Witness", None), Some(RoleWord::Answers));
        assert_eq!(role("The Speaker", None), Some(RoleWord::Chairs));
        assert_eq!(role("Operator", None), Some(RoleWord::Chairs));
        assert_eq!(role("MODERATOR", None), Some(RoleWord::Chairs));
        assert_eq!(role("Speaker 2", None), Some(RoleWord::Neutral));
        // A person who shares a name with an outlet, a surname that is a
        // word of the press, and an office before a name are none of these.
        assert_eq!(role("Michael Bloomberg", None), None);
        assert_eq!(role("Emily Post", None), None);
        assert_eq!(role("CHAIR POWELL", None), None);
        assert_eq!(role("Tim Lee", Some("Chief Executive Officer")), None);
    }

    #[test]
    fn titles_after_a_comma() {
        assert!(is_title("WHITE HOUSE PRESS SECRETARY"));
        assert!(is_title("Director of the Budget Office"));
        assert!(is_title("HOST, HARBOUR NEWS"));
        assert!(!is_title("what his focus is"));
        assert!(!is_title("July 26, 2022"));
        assert!(!is_title(""));
    }
}
