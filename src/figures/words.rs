//! Closed word classes the rules consult: function words, months, and the
//! nouns that name parts of a speech rather than things in the world.
//!
//! Each list is a grammatical class (determiners, prepositions, month
//! names…), never a phrase taken from a transcript.

use super::numbers::lower;

/// A token that can start a quantity: a number word, a multiplier word,
/// digits or a currency sign.
pub(crate) const NUMERIC: u8 = 1;
/// `a`, `an`: one, before a scale or a fraction (`a million`, `a third of`).
pub(crate) const ARTICLE: u8 = 2;
/// A word that can open a hypothetical, advice or a definition.
pub(crate) const CONDITIONAL: u8 = 4;
/// A number word or a multiplier word: a quantity without any digit.
pub(crate) const STANDALONE: u8 = 8;
/// A currency prefix or code written with a capital (`US$5`, `USD 5`): it
/// starts a quantity only before a `$` or digits.
pub(crate) const CURRENCY_WORD: u8 = 16;

/// Adds `CURRENCY_WORD` when the word is written with a capital (`US$`,
/// `A$`, `USD`): currency prefixes and codes are written so.
const NUMERIC_IF_CAPITAL: u8 = 0x80;

/// Every word `class_at` gives a class to, lower-cased, with its classes.
const CLASSED: [(&str, u8); 101] = {
    const N: u8 = NUMERIC | STANDALONE;
    const C: u8 = CONDITIONAL;
    const U: u8 = NUMERIC_IF_CAPITAL;
    [
        ("a", ARTICLE | U),
        ("an", ARTICLE),
        ("if", C),
        ("unless", C),
        ("suppose", C),
        ("supposing", C),
        ("imagine", C),
        ("hypothetically", C),
        ("say", C),
        ("you", C),
        ("definition", C),
        ("defined", C),
        ("define", C),
        ("defines", C),
        ("example", C),
        ("instance", C),
        ("double", N),
        ("twice", N),
        ("triple", N),
        ("thrice", N),
        ("quadruple", N),
        ("doubling", N),
        ("tripling", N),
        ("quadrupling", N),
        ("one", N),
        ("two", N),
        ("three", N),
        ("four", N),
        ("five", N),
        ("six", N),
        ("seven", N),
        ("eight", N),
        ("nine", N),
        ("ten", N),
        ("eleven", N),
        ("twelve", N),
        ("thirteen", N),
        ("fourteen", N),
        ("fifteen", N),
        ("sixteen", N),
        ("seventeen", N),
        ("eighteen", N),
        ("nineteen", N),
        ("twenty", N),
        ("thirty", N),
        ("forty", N),
        ("fifty", N),
        ("sixty", N),
        ("seventy", N),
        ("eighty", N),
        ("ninety", N),
        ("hundred", N),
        ("thousand", N),
        ("million", N),
        ("billion", N),
        ("trillion", N),
        ("half", N),
        ("halves", N),
        ("third", N),
        ("thirds", N),
        ("quarter", N),
        ("quarters", N),
        ("fourth", N),
        ("fourths", N),
        ("fifth", N),
        ("fifths", N),
        ("sixth", N),
        ("sixths", N),
        ("seventh", N),
        ("sevenths", N),
        ("eighth", N),
        ("eighths", N),
        ("ninth", N),
        ("ninths", N),
        ("tenth", N),
        ("tenths", N),
        ("hundredth", N),
        ("hundredths", N),
        ("us", U),
        ("u", U),
        ("c", U),
        ("nz", U),
        ("hk", U),
        ("s", U),
        ("nt", U),
        ("r", U),
        ("z", U),
        ("ec", U),
        ("usd", U),
        ("eur", U),
        ("gbp", U),
        ("cny", U),
        ("jpy", U),
        ("rmb", U),
        ("inr", U),
        ("chf", U),
        ("rub", U),
        ("krw", U),
        ("aud", U),
        ("cad", U),
        ("mxn", U),
    ]
};

/// The longest word `CLASSED` holds.
const LONGEST_CLASSED: usize = {
    let mut longest = 0;
    let mut i = 0;
    while i < CLASSED.len() {
        if CLASSED[i].0.len() > longest {
            longest = CLASSED[i].0.len();
        }
        i += 1;
    }
    longest
};

/// Eight bytes with the bit that makes an ASCII letter lower case.
const FOLD: u64 = 0x2020_2020_2020_2020;

/// The first eight letters of a word (all of it when shorter), lower-cased
/// and packed little-endian: the key a word is looked up by.
const fn head_key(w: &[u8]) -> u64 {
    let mut k = 0u64;
    let mut i = 0;
    while i < w.len() && i < 8 {
        k |= ((w[i] | 0x20) as u64) << (8 * i);
        i += 1;
    }
    k
}

/// The classed words sit in a table of `1 << SLOT_BITS` slots, at a slot
/// computed from their key and length with one multiplication. The
/// multiplier was chosen so that no two classed words share a slot, which
/// building `SLOTS` checks; looking a word up is then one probe. The table
/// is sparse, so that nearly every other word finds an empty slot.
const SLOT_BITS: u32 = 11;
const MULTIPLIER: u64 = 0x4a78_9cb3_d8b9_b45d;

#[inline]
const fn slot(key: u64, len: usize) -> usize {
    ((key ^ len as u64).wrapping_mul(MULTIPLIER) >> (64 - SLOT_BITS)) as usize
}

/// For each slot, the entry of the word there: one more than its index in
/// `CLASSED`, or 0, an entry no word matches.
const SLOTS: [u8; 1 << SLOT_BITS] = {
    let mut t = [0u8; 1 << SLOT_BITS];
    let mut i = 0;
    while i < CLASSED.len() {
        let w = CLASSED[i].0.as_bytes();
        let mut k = 0;
        while k < w.len() {
            assert!(
                w[k].is_ascii_lowercase(),
                "a classed word is lower-case letters"
            );
            k += 1;
        }
        let at = slot(head_key(w), w.len());
        assert!(
            t[at] == 0,
            "two classed words share a slot: choose another multiplier"
        );
        t[at] = i as u8 + 1;
        i += 1;
    }
    t
};

/// Each entry's key, length and classes; entry 0 matches no word (no key
/// is all ones).
const ENTRY_KEYS: [u64; CLASSED.len() + 1] = {
    let mut t = [u64::MAX; CLASSED.len() + 1];
    let mut i = 0;
    while i < CLASSED.len() {
        t[i + 1] = head_key(CLASSED[i].0.as_bytes());
        i += 1;
    }
    t
};
const ENTRY_LENS: [u8; CLASSED.len() + 1] = {
    let mut t = [0u8; CLASSED.len() + 1];
    let mut i = 0;
    while i < CLASSED.len() {
        t[i + 1] = CLASSED[i].0.len() as u8;
        i += 1;
    }
    t
};
const ENTRY_CLASSES: [u8; CLASSED.len() + 1] = {
    let mut t = [0u8; CLASSED.len() + 1];
    let mut i = 0;
    while i < CLASSED.len() {
        t[i + 1] = CLASSED[i].1;
        i += 1;
    }
    t
};

/// The first eight bytes at `at` (fewer at the end of `bytes`), packed
/// little-endian, for `letters_class`.
#[inline]
pub(crate) fn load_head(bytes: &[u8], at: usize) -> u64 {
    match bytes.get(at..at + 8) {
        Some(eight) => u64::from_le_bytes(eight.try_into().unwrap_or([0; 8])),
        None => {
            let mut k = 0u64;
            for (i, &b) in bytes[at.min(bytes.len())..].iter().enumerate() {
                k |= u64::from(b) << (8 * i);
            }
            k
        }
    }
}

/// The raw classes (with `NUMERIC_IF_CAPITAL`) of `w`, a run of ASCII
/// letters, whose first eight bytes `head` holds (as `load_head` gives
/// them; bytes past the word are ignored). Without a branch on the common
/// path: a word that is not classed finds an entry that does not match.
#[inline]
fn letters_class(head: u64, w: &[u8]) -> u8 {
    let len = w.len();
    if len > LONGEST_CLASSED {
        return 0;
    }
    let key = (head | FOLD) & HEAD_MASKS[len.min(8)];
    let at = SLOTS[slot(key, len)] as usize;
    let hit = (ENTRY_KEYS[at] == key) & (usize::from(ENTRY_LENS[at]) == len);
    if hit & (len > 8) && !same_tail(at, w) {
        return 0;
    }
    ENTRY_CLASSES[at] & 0u8.wrapping_sub(u8::from(hit))
}

/// The bytes of a head that a word of each length up to eight covers.
const HEAD_MASKS: [u64; 9] = {
    let mut t = [u64::MAX; 9];
    let mut len = 0;
    while len < 8 {
        t[len] = (1u64 << (8 * len)) - 1;
        len += 1;
    }
    t
};

/// Whether the letters of `w` past the eighth are those of entry `at`.
#[cold]
fn same_tail(at: usize, w: &[u8]) -> bool {
    w[8..].eq_ignore_ascii_case(&CLASSED[at - 1].0.as_bytes()[8..])
}

/// Whether `w`, a run of ASCII letters whose first eight bytes `head`
/// holds, is a number word or a multiplier word, for the sentence walk
/// that only needs to know if a sentence may hold a figure.
#[inline]
pub(crate) fn is_standalone_head(head: u64, w: &[u8]) -> bool {
    letters_class(head, w) & STANDALONE != 0
}

/// The classes of the word `bytes[start..end]`, computed once when it is
/// lexed. A word with an apostrophe or a non-ASCII letter is no classed
/// word.
pub(crate) fn class_at(bytes: &[u8], start: usize, end: usize) -> u8 {
    let len = end - start;
    if len == 0 || len > LONGEST_CLASSED {
        return 0;
    }
    let head = load_head(bytes, start);
    let letters_only = super::tokens::non_letters(head) & HEAD_MASKS[len.min(8)] == 0
        && (len <= 8 || bytes[start + 8..end].iter().all(u8::is_ascii_alphabetic));
    if !letters_only {
        return 0;
    }
    let class = letters_class(head, &bytes[start..end]);
    let capital = bytes[start].is_ascii_uppercase();
    (class & !NUMERIC_IF_CAPITAL)
        | if class & NUMERIC_IF_CAPITAL != 0 && capital {
            CURRENCY_WORD
        } else {
            0
        }
}

/// Determiners, pronouns, prepositions, conjunctions, auxiliaries and the
/// common adverbs: words that end a noun phrase and never name a thing.
pub(crate) fn is_function_word(w: &str) -> bool {
    let mut buf = [0u8; 24];
    let Some(l) = lower(w, &mut buf) else {
        return false;
    };
    matches!(
        l,
        b"a" | b"an"
            | b"the"
            | b"this"
            | b"that"
            | b"these"
            | b"those"
            | b"some"
            | b"any"
            | b"all"
            | b"both"
            | b"each"
            | b"every"
            | b"no"
            | b"not"
            | b"nor"
            | b"another"
            | b"other"
            | b"such"
            | b"my"
            | b"your"
            | b"his"
            | b"her"
            | b"its"
            | b"our"
            | b"their"
            | b"i"
            | b"you"
            | b"he"
            | b"she"
            | b"it"
            | b"we"
            | b"they"
            | b"me"
            | b"him"
            | b"us"
            | b"them"
            | b"who"
            | b"whom"
            | b"whose"
            | b"which"
            | b"what"
            | b"when"
            | b"where"
            | b"why"
            | b"how"
            | b"whether"
            | b"and"
            | b"or"
            | b"but"
            | b"so"
            | b"yet"
            | b"if"
            | b"unless"
            | b"because"
            | b"since"
            | b"while"
            | b"although"
            | b"though"
            | b"than"
            | b"as"
            | b"like"
            | b"of"
            | b"in"
            | b"on"
            | b"at"
            | b"to"
            | b"for"
            | b"from"
            | b"by"
            | b"with"
            | b"without"
            | b"into"
            | b"onto"
            | b"over"
            | b"under"
            | b"about"
            | b"above"
            | b"below"
            | b"across"
            | b"after"
            | b"before"
            | b"during"
            | b"within"
            | b"through"
            | b"throughout"
            | b"until"
            | b"between"
            | b"among"
            | b"against"
            | b"around"
            | b"per"
            | b"via"
            | b"toward"
            | b"towards"
            | b"up"
            | b"down"
            | b"out"
            | b"off"
            | b"is"
            | b"are"
            | b"was"
            | b"were"
            | b"be"
            | b"been"
            | b"being"
            | b"am"
            | b"have"
            | b"has"
            | b"had"
            | b"do"
            | b"does"
            | b"did"
            | b"will"
            | b"would"
            | b"shall"
            | b"should"
            | b"can"
            | b"could"
            | b"may"
            | b"might"
            | b"must"
            | b"just"
            | b"only"
            | b"also"
            | b"still"
            | b"even"
            | b"now"
            | b"then"
            | b"here"
            | b"there"
            | b"very"
            | b"too"
            | b"again"
            | b"already"
            | b"more"
            | b"most"
            | b"less"
            | b"least"
            | b"fewer"
            | b"nearly"
            | b"almost"
            | b"roughly"
            | b"approximately"
            | b"exactly"
            | b"ago"
            | b"today"
            | b"tonight"
            | b"yesterday"
            | b"tomorrow"
            | b"yes"
            | b"well"
            | b"oh"
            | b"okay"
            | b"ok"
            | b"say"
            | b"maybe"
            | b"perhaps"
            | b"probably"
            | b"fully"
            | b"barely"
            | b"respectively"
            | b"said"
            | b"says"
            | b"told"
            | b"think"
            | b"thought"
            | b"believe"
            | b"know"
            | b"knew"
            | b"want"
            | b"wanted"
            | b"got"
            | b"get"
            | b"went"
            | b"came"
            | b"come"
            | b"made"
            | b"make"
            | b"saw"
            | b"see"
            | b"never"
            | b"always"
            | b"often"
            | b"sometimes"
            | b"usually"
            | b"alone"
            | b"total"
            | b"altogether"
    )
}

/// A month name or its abbreviation, capitalised as a month is.
pub(crate) fn is_month(w: &str) -> bool {
    matches!(
        w,
        "January"
            | "February"
            | "March"
            | "April"
            | "May"
            | "June"
            | "July"
            | "August"
            | "September"
            | "October"
            | "November"
            | "December"
            | "Jan"
            | "Feb"
            | "Mar"
            | "Apr"
            | "Jun"
            | "Jul"
            | "Aug"
            | "Sep"
            | "Sept"
            | "Oct"
            | "Nov"
            | "Dec"
            | "JANUARY"
            | "FEBRUARY"
            | "MARCH"
            | "APRIL"
            | "MAY"
            | "JUNE"
            | "JULY"
            | "AUGUST"
            | "SEPTEMBER"
            | "OCTOBER"
            | "NOVEMBER"
            | "DECEMBER"
    )
}

/// Nouns that count the parts of what is being said (`two points`, `three
/// questions`, `the 10 things`): enumeration, not a claim about the world.
pub(crate) fn is_discourse_noun(w: &str) -> bool {
    let mut buf = [0u8; 24];
    let Some(l) = lower(w, &mut buf) else {
        return false;
    };
    matches!(
        l,
        b"thing"
            | b"things"
            | b"point"
            | b"points"
            | b"question"
            | b"questions"
            | b"issue"
            | b"issues"
            | b"update"
            | b"updates"
            | b"area"
            | b"areas"
            | b"respect"
            | b"respects"
            | b"aspect"
            | b"aspects"
            | b"way"
            | b"ways"
            | b"reason"
            | b"reasons"
            | b"step"
            | b"steps"
            | b"goal"
            | b"goals"
            | b"priority"
            | b"priorities"
            | b"piece"
            | b"pieces"
            | b"message"
            | b"messages"
            | b"lesson"
            | b"lessons"
            | b"principle"
            | b"principles"
            | b"pillar"
            | b"pillars"
            | b"part"
            | b"parts"
            | b"topic"
            | b"topics"
            | b"word"
            | b"words"
            | b"option"
            | b"options"
            | b"tip"
            | b"tips"
            | b"idea"
            | b"ideas"
            | b"takeaway"
            | b"takeaways"
            | b"item"
            | b"items"
            | b"element"
            | b"elements"
            | b"objective"
            | b"objectives"
            | b"dimension"
            | b"dimensions"
            | b"front"
            | b"fronts"
            | b"category"
            | b"categories"
            | b"factor"
            | b"factors"
            | b"component"
            | b"components"
            | b"comment"
            | b"comments"
            | b"observation"
            | b"observations"
            | b"remark"
            | b"remarks"
            | b"thought"
            | b"thoughts"
            | b"announcement"
            | b"announcements"
            | b"example"
            | b"examples"
            | b"scenario"
            | b"scenarios"
            | b"challenge"
            | b"challenges"
            | b"problem"
            | b"problems"
    )
}

/// Nouns that a number names an instance of (`Article 5`, `hotline 12308`,
/// `page 3`, `Speaker 1`): the number is an identifier. Their plurals name
/// several instances (`paragraphs 12 to 14`, `scopes 1, 2 and 3`).
pub(crate) fn is_identifier_head(w: &str) -> bool {
    let mut buf = [0u8; 24];
    let Some(l) = lower(w, &mut buf) else {
        return false;
    };
    is_identifier_head_lower(l)
        || (l.len() > 3 && l.ends_with(b"s") && is_identifier_head_lower(&l[..l.len() - 1]))
}

fn is_identifier_head_lower(l: &[u8]) -> bool {
    matches!(
        l,
        b"article"
            | b"section"
            | b"chapter"
            | b"page"
            | b"pages"
            | b"paragraph"
            | b"para"
            | b"line"
            | b"lines"
            | b"clause"
            | b"annex"
            | b"appendix"
            | b"exhibit"
            | b"figure"
            | b"table"
            | b"resolution"
            | b"amendment"
            | b"title"
            | b"rule"
            | b"docket"
            | b"hotline"
            | b"helpline"
            | b"phone"
            | b"telephone"
            | b"tel"
            | b"fax"
            | b"call"
            | b"dial"
            | b"press"
            | b"extension"
            | b"ext"
            | b"number"
            | b"no"
            | b"nos"
            | b"item"
            | b"room"
            | b"flight"
            | b"route"
            | b"highway"
            | b"interstate"
            | b"exit"
            | b"gate"
            | b"platform"
            | b"terminal"
            | b"bus"
            | b"version"
            | b"model"
            | b"phase"
            | b"episode"
            | b"season"
            | b"volume"
            | b"vol"
            | b"issue"
            | b"level"
            | b"tier"
            | b"grade"
            | b"class"
            | b"category"
            | b"type"
            | b"district"
            | b"precinct"
            | b"ward"
            | b"suite"
            | b"apartment"
            | b"apt"
            | b"floor"
            | b"box"
            | b"code"
            | b"zip"
            | b"speaker"
            | b"question"
            | b"step"
            | b"stage"
            | b"slide"
            | b"part"
            | b"mark"
            | b"verse"
            | b"psalm"
            | b"channel"
            | b"scope"
            | b"module"
    )
}

/// A superlative or record word: `in three decades` after one of these is
/// the asserted span of the record, not a frame.
pub(crate) fn is_superlative(w: &str) -> bool {
    let mut buf = [0u8; 24];
    let Some(l) = lower(w, &mut buf) else {
        return false;
    };
    matches!(
        l,
        b"best"
            | b"worst"
            | b"most"
            | b"least"
            | b"highest"
            | b"lowest"
            | b"largest"
            | b"biggest"
            | b"smallest"
            | b"strongest"
            | b"weakest"
            | b"fastest"
            | b"slowest"
            | b"longest"
            | b"shortest"
            | b"greatest"
            | b"deepest"
            | b"steepest"
            | b"sharpest"
            | b"heaviest"
            | b"hottest"
            | b"coldest"
            | b"warmest"
            | b"wettest"
            | b"driest"
            | b"fewest"
            | b"record"
    )
}

/// Adjectives that point at a stretch of time or a set already named (`the
/// past 18 months`, `the first two`, `the following six`).
pub(crate) fn is_frame_adjective(w: &str) -> bool {
    let mut buf = [0u8; 24];
    let Some(l) = lower(w, &mut buf) else {
        return false;
    };
    matches!(
        l,
        b"past"
            | b"last"
            | b"next"
            | b"first"
            | b"previous"
            | b"preceding"
            | b"coming"
            | b"following"
            | b"same"
            | b"other"
            | b"remaining"
            | b"top"
            | b"latest"
            | b"initial"
            | b"final"
            | b"original"
            | b"recent"
            | b"entire"
            | b"whole"
            | b"upcoming"
            | b"ensuing"
            | b"subsequent"
    )
}

/// Determiners that refer back to a set the listener already knows (`the
/// two countries`, `those two`, `our 10 plans`).
pub(crate) fn is_definite(w: &str) -> bool {
    let mut buf = [0u8; 24];
    let Some(l) = lower(w, &mut buf) else {
        return false;
    };
    matches!(
        l,
        b"the"
            | b"these"
            | b"those"
            | b"its"
            | b"their"
            | b"our"
            | b"his"
            | b"her"
            | b"my"
            | b"your"
            | b"both"
            | b"whose"
    )
}

/// A plural noun, by its ending or as one of the common irregular plurals.
pub(crate) fn looks_plural(w: &str) -> bool {
    let mut buf = [0u8; 24];
    let Some(l) = lower(w, &mut buf) else {
        return false;
    };
    if matches!(
        l,
        b"people"
            | b"children"
            | b"men"
            | b"women"
            | b"police"
            | b"staff"
            | b"personnel"
            | b"cattle"
            | b"feet"
            | b"teeth"
            | b"mice"
            | b"geese"
            | b"data"
            | b"media"
            | b"troops"
            | b"dead"
            | b"wounded"
            | b"injured"
            | b"homeless"
            | b"unemployed"
    ) {
        return true;
    }
    l.len() > 3
        && l.ends_with(b"s")
        && !l.ends_with(b"ss")
        && !l.ends_with(b"us")
        && !l.ends_with(b"is")
}

/// Words before a year-shaped number that make it a year (`in 2020`, `the
/// 2020 elections`, `fiscal 2021`).
pub(crate) fn is_year_context(w: &str) -> bool {
    let mut buf = [0u8; 24];
    let Some(l) = lower(w, &mut buf) else {
        return false;
    };
    matches!(
        l,
        b"in"
            | b"since"
            | b"by"
            | b"until"
            | b"till"
            | b"from"
            | b"to"
            | b"of"
            | b"during"
            | b"before"
            | b"after"
            | b"through"
            | b"throughout"
            | b"around"
            | b"circa"
            | b"the"
            | b"this"
            | b"that"
            | b"these"
            | b"those"
            | b"our"
            | b"their"
            | b"his"
            | b"her"
            | b"its"
            | b"my"
            | b"your"
            | b"year"
            | b"early"
            | b"late"
            | b"mid"
            | b"fiscal"
            | b"spring"
            | b"summer"
            | b"autumn"
            | b"fall"
            | b"winter"
            | b"and"
            | b"or"
            | b"for"
            | b"between"
            | b"class"
            | b"vintage"
            | b"model"
    ) || is_month(w)
}

/// A verb a count follows (`sent 2000 troops`, `hired 1500 nurses`): any
/// past tense in `-ed`, and the common irregular ones.
pub(crate) fn is_counting_verb(w: &str) -> bool {
    let mut buf = [0u8; 24];
    let Some(l) = lower(w, &mut buf) else {
        return false;
    };
    (l.len() > 3 && l.ends_with(b"ed"))
        || matches!(
            l,
            b"sent"
                | b"have"
                | b"has"
                | b"had"
                | b"lost"
                | b"built"
                | b"made"
                | b"sold"
                | b"cut"
                | b"got"
                | b"took"
                | b"bought"
                | b"won"
                | b"saw"
                | b"gave"
                | b"paid"
                | b"spent"
                | b"hit"
                | b"put"
                | b"kept"
                | b"brought"
                | b"found"
                | b"held"
        )
}

/// Whether `w` is a number word or a multiplier word, by a plain search of
/// the list: what the table lookups must agree with.
#[cfg(test)]
pub(crate) fn is_standalone_by_search(w: &[u8]) -> bool {
    CLASSED
        .iter()
        .any(|(c, class)| class & STANDALONE != 0 && c.as_bytes().eq_ignore_ascii_case(w))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn class(w: &str) -> u8 {
        class_at(w.as_bytes(), 0, w.len())
    }

    #[test]
    fn every_classed_word_is_found_in_any_case() {
        for (w, raw) in CLASSED {
            let class_bits = raw & !NUMERIC_IF_CAPITAL;
            assert_eq!(class(w), class_bits, "{w}");
            let upper = w.to_ascii_uppercase();
            let capital = if raw & NUMERIC_IF_CAPITAL != 0 {
                CURRENCY_WORD
            } else {
                0
            };
            assert_eq!(class(&upper), class_bits | capital, "{upper}");
            // Inside longer text, with other letters right after the word.
            let text = format!("{w}xyz and more");
            let head = load_head(text.as_bytes(), 0);
            assert_eq!(
                is_standalone_head(head, &text.as_bytes()[..w.len()]),
                raw & STANDALONE != 0,
                "{w}"
            );
        }
    }

    #[test]
    fn other_words_have_no_class() {
        for w in [
            "",
            "o",
            "on",
            "onee",
            "oneself",
            "twos",
            "thirtyfive",
            "hundredthss",
            "hundredt",
            "seventeenth",
            "quadrupled",
            "the",
            "these",
            "have",
            "minutes",
            "several",
            "doubles",
            "one's",
            "twénty",
            "definitions",
            "hypotheticallyx",
        ] {
            assert_eq!(class(w), 0, "{w}");
        }
        // Letters past a word's end do not make it another word.
        let text = b"seventeens";
        assert_eq!(class_at(text, 0, 9), NUMERIC | STANDALONE);
        assert_eq!(class_at(text, 0, 10), 0);
    }
}
