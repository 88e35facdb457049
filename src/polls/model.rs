//! The rules of patron polls, shared by the browser and the server.
//!
//! Everything here is pure: no clock, no database, no randomness. The caller passes in
//! the current time, the stored rows and the random bytes, so every rule can be tested
//! with plain `cargo test` and the same code can check a form in the browser before it
//! is sent. Keeping one vote per voter is *not* decided here. That race belongs to the
//! database (see `STYLE.md`, "The database decides races").

use serde::{Deserialize, Serialize};
use time::{Date, PrimitiveDateTime, Time};

use crate::error::FieldErrors;
use crate::validate;
use crate::vocab::{Goal, Offering, Vocab};

// `vocab!` in `vocab.rs` is not exported, so the three poll vocabularies implement the
// shared `Vocab` trait through this small local copy of it. That keeps them usable with
// `validate::one`, the form field helpers and the bit-mask functions.
macro_rules! poll_vocab {
    ($(#[$meta:meta])* $name:ident { $($variant:ident = $slug:literal, $label:literal;)+ }) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
        pub enum $name {
            $(#[doc = $label] #[serde(rename = $slug)] $variant,)+
        }
        impl Vocab for $name {
            const ALL: &'static [Self] = &[$($name::$variant),+];
            fn slug(self) -> &'static str {
                match self { $($name::$variant => $slug,)+ }
            }
            fn label(self) -> &'static str {
                match self { $($name::$variant => $label,)+ }
            }
            fn index(self) -> u32 {
                self as u32
            }
        }
        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.label())
            }
        }
    };
}

poll_vocab! {
    /// Whether a voter picks one option or several.
    ChoiceKind {
        Single = "single", "One choice";
        Multiple = "multiple", "Several choices";
    }
}

poll_vocab! {
    /// When people who are not staff may see the running results.
    Visibility {
        Live = "live", "Live, to everyone";
        AfterVote = "after_vote", "After voting";
        AfterClose = "after_close", "Only after the poll closes";
    }
}

poll_vocab! {
    /// How the library makes sure each person votes once.
    VoterCheck {
        Browser = "browser", "This browser (casual polls)";
        Card = "card", "Library card number";
        Code = "code", "One-time codes";
    }
}

/// Fewest options a poll can offer.
pub const MIN_OPTIONS: usize = 2;
/// Most options a poll can offer.
pub const MAX_OPTIONS: usize = 20;
/// Longest option text, in characters.
pub const MAX_OPTION_CHARS: usize = 120;
/// Shortest and longest question, in characters.
pub const QUESTION_CHARS: std::ops::RangeInclusive<usize> = 5..=200;
/// Shortest and longest poll slug (the poll's part of its web address).
pub const SLUG_CHARS: std::ops::RangeInclusive<usize> = 3..=60;

/// A poll as the staff form posts it; every field is raw text until [`PollForm::parse`].
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct PollForm {
    #[serde(default)]
    pub question: String,
    #[serde(default)]
    pub description: String,
    /// A [`ChoiceKind`] slug.
    #[serde(default)]
    pub choice: String,
    /// Only read for [`ChoiceKind::Multiple`]; blank means "as many as there are options".
    #[serde(default)]
    pub max_choices: String,
    /// `YYYY-MM-DD`, in the library's local time.
    #[serde(default)]
    pub opens_on: String,
    /// `HH:MM`; blank means the start of the opening day.
    #[serde(default)]
    pub opens_at_time: String,
    /// `YYYY-MM-DD`; blank means the poll stays open until staff close it.
    #[serde(default)]
    pub closes_on: String,
    /// `HH:MM`; blank means the end of the closing day.
    #[serde(default)]
    pub closes_at_time: String,
    /// A [`Visibility`] slug.
    #[serde(default)]
    pub visibility: String,
    /// A [`VoterCheck`] slug.
    #[serde(default)]
    pub voter_check: String,
    /// One text per option row; blank rows are ignored.
    #[serde(default)]
    pub options: Vec<String>,
    #[serde(default)]
    pub goals: Vec<String>,
    #[serde(default)]
    pub offerings: Vec<String>,
    /// Blank means "make one from the question".
    #[serde(default)]
    pub slug: String,
}

/// A valid poll, ready to store.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct NewPoll {
    pub question: String,
    pub description: Option<String>,
    pub choice: ChoiceKind,
    /// Always 1 for [`ChoiceKind::Single`]; from 2 to the number of options otherwise.
    pub max_choices: i64,
    /// Unix seconds.
    pub opens_at: i64,
    /// Unix seconds; `None` when the poll has no set end.
    pub closes_at: Option<i64>,
    pub visibility: Visibility,
    pub voter_check: VoterCheck,
    /// Trimmed option texts, in the order they were entered.
    pub options: Vec<String>,
    pub goals: Vec<Goal>,
    pub offerings: Vec<Offering>,
    pub slug: String,
}

impl PollForm {
    /// Checks every field and builds a [`NewPoll`]; each error names the form field it is about.
    ///
    /// Dates and times are typed in the library's local time. `utc_offset_minutes` is how far
    /// that local time is ahead of UTC (−300 for UTC−05:00). That is the opposite sign of
    /// JavaScript's `getTimezoneOffset()`. The same offset is used for both ends, so a poll
    /// that spans a daylight-saving change is off by that hour at one end. The caller can
    /// pass the offset in force on the opening day.
    pub fn parse(&self, utc_offset_minutes: i32) -> Result<NewPoll, FieldErrors> {
        let mut e = FieldErrors::default();
        let question = parse_question(&mut e, &self.question);
        let description = validate::text(
            &mut e,
            "description",
            "Description",
            &self.description,
            false,
            2000,
        );
        let choice = pick::<ChoiceKind>(
            &mut e,
            "choice",
            &self.choice,
            "Choose whether voters pick one option or several.",
        );
        let options = parse_options(&mut e, &self.options);
        let max_choices = match choice {
            Some(ChoiceKind::Multiple) => parse_max_choices(&mut e, &self.max_choices, &options),
            _ => Some(1),
        };

        let offset_seconds = i64::from(utc_offset_minutes) * 60;
        let opens_at = parse_moment(
            &mut e,
            ("opens_on", &self.opens_on, "Choose the day the poll opens."),
            ("opens_at_time", &self.opens_at_time),
        )
        .map(|(local, _)| local - offset_seconds);
        let closes_at = if self.closes_on.trim().is_empty() {
            if !self.closes_at_time.trim().is_empty() {
                e.add(
                    "closes_on",
                    "Give the closing day as well as the time, or clear the time.",
                );
            }
            None
        } else {
            parse_moment(
                &mut e,
                (
                    "closes_on",
                    &self.closes_on,
                    "Choose the day the poll closes.",
                ),
                ("closes_at_time", &self.closes_at_time),
            )
            .map(|(local, time_given)| {
                // A closing day without a time means "through the end of that day".
                let local = if time_given { local } else { local + 86_400 };
                local - offset_seconds
            })
        };
        if let (Some(opens), Some(closes)) = (opens_at, closes_at) {
            if closes <= opens {
                e.add("closes_on", "The poll must close after it opens.");
            }
        }

        let visibility = pick::<Visibility>(
            &mut e,
            "visibility",
            &self.visibility,
            "Choose when voters can see the results.",
        );
        let voter_check = pick::<VoterCheck>(
            &mut e,
            "voter_check",
            &self.voter_check,
            "Choose how the library makes sure each person votes once.",
        );
        let goals = validate::slugs::<Goal>(&mut e, "goals", &self.goals);
        let offerings = validate::slugs::<Offering>(&mut e, "offerings", &self.offerings);
        let slug = parse_slug(&mut e, &self.slug, question.as_deref());

        let (
            Some(question),
            Some(choice),
            Some(max_choices),
            Some(opens_at),
            Some(visibility),
            Some(voter_check),
            Some(slug),
        ) = (
            question,
            choice,
            max_choices,
            opens_at,
            visibility,
            voter_check,
            slug,
        )
        else {
            return Err(e);
        };
        if !e.is_empty() {
            return Err(e);
        }
        Ok(NewPoll {
            question,
            description,
            choice,
            max_choices,
            opens_at,
            closes_at,
            visibility,
            voter_check,
            options,
            goals,
            offerings,
            slug,
        })
    }
}

fn parse_question(e: &mut FieldErrors, value: &str) -> Option<String> {
    let max = *QUESTION_CHARS.end();
    let q = validate::text(e, "question", "Question", value, true, max)?;
    let n = q.chars().count();
    let min = *QUESTION_CHARS.start();
    if n < min {
        e.add(
            "question",
            format!("Question must be at least {min} characters (it has {n})."),
        );
        return None;
    }
    Some(q)
}

/// One vocabulary value from a radio group or select; the same message for blank and unknown.
fn pick<T: Vocab>(e: &mut FieldErrors, field: &str, value: &str, message: &str) -> Option<T> {
    let v = T::from_slug(value.trim());
    if v.is_none() {
        e.add(field, message);
    }
    v
}

/// Trims the option rows, skips blank ones, and checks length, count and repeats.
fn parse_options(e: &mut FieldErrors, rows: &[String]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    // Rows are numbered as the form shows them, blank ones included.
    for (i, row) in rows.iter().map(|r| r.trim()).enumerate() {
        if row.is_empty() {
            continue;
        }
        let n = row.chars().count();
        if n > MAX_OPTION_CHARS {
            e.add(
                "options",
                format!(
                    "Each option must be at most {MAX_OPTION_CHARS} characters (option {} has {n}).",
                    i + 1
                ),
            );
        } else if out.iter().any(|o| o.to_lowercase() == row.to_lowercase()) {
            e.add("options", format!("The option \"{row}\" is listed twice."));
        }
        out.push(row.to_string());
    }
    if out.len() < MIN_OPTIONS {
        e.add(
            "options",
            format!("Give at least {MIN_OPTIONS} options to choose from."),
        );
    } else if out.len() > MAX_OPTIONS {
        e.add(
            "options",
            format!(
                "Give at most {MAX_OPTIONS} options (there are {}).",
                out.len()
            ),
        );
    }
    out
}

/// The most options one voter may pick in a several-choice poll.
fn parse_max_choices(e: &mut FieldErrors, value: &str, options: &[String]) -> Option<i64> {
    // With too few options the options error already says what to fix.
    let count = i64::try_from(options.len().max(MIN_OPTIONS)).unwrap_or(i64::MAX);
    let v = value.trim();
    if v.is_empty() {
        return Some(count);
    }
    match v.parse::<i64>() {
        Ok(n) if (2..=count).contains(&n) => Some(n),
        Ok(_) => {
            e.add(
                "max_choices",
                format!("Let voters choose from 2 to {count} options (the number of options)."),
            );
            None
        }
        Err(_) => {
            e.add(
                "max_choices",
                "Enter how many options a voter may choose, as a whole number like 3.",
            );
            None
        }
    }
}

/// A local date and optional time (midnight when blank) as seconds since the epoch *in
/// local time*, and whether a time was given. Errors go on the date or the time field.
fn parse_moment(
    e: &mut FieldErrors,
    (date_field, date, when_blank): (&str, &str, &str),
    (time_field, time): (&str, &str),
) -> Option<(i64, bool)> {
    let day = if date.trim().is_empty() {
        e.add(date_field, when_blank);
        None
    } else {
        validate::date(e, date_field, date)
    };
    let time_given = !time.trim().is_empty();
    let at = if time_given {
        let t = parse_clock(time);
        if t.is_none() {
            e.add(time_field, "Enter a time like 18:30.");
        }
        t
    } else {
        Some(Time::MIDNIGHT)
    };
    Some((local_seconds(day?, at?), time_given))
}

fn local_seconds(day: Date, at: Time) -> i64 {
    PrimitiveDateTime::new(day, at)
        .assume_utc()
        .unix_timestamp()
}

/// Parses `HH:MM` (24-hour clock); `HH:MM:SS` is accepted too, as some browsers send it.
pub fn parse_clock(value: &str) -> Option<Time> {
    let v = value.trim();
    let mut parts = v.split(':');
    let (h, m, s) = (parts.next()?, parts.next()?, parts.next());
    if parts.next().is_some() || h.len() != 2 || m.len() != 2 {
        return None;
    }
    let two = |p: &str| -> Option<u8> {
        if p.len() == 2 && p.bytes().all(|b| b.is_ascii_digit()) {
            p.parse().ok()
        } else {
            None
        }
    };
    let sec = match s {
        Some(s) => two(s)?,
        None => 0,
    };
    Time::from_hms(two(h)?, two(m)?, sec).ok()
}

/// The typed slug, lowercased, or one made from the question when the field is blank.
fn parse_slug(e: &mut FieldErrors, typed: &str, question: Option<&str>) -> Option<String> {
    if typed.trim().is_empty() {
        // Without a valid question the question's own error is the one to fix first.
        let made = slugify(question?);
        return match check_slug(&made) {
            Ok(s) => Some(s),
            Err(_) => {
                e.add(
                    "slug",
                    "Give this poll a short web address, like spring-workshops.",
                );
                None
            }
        };
    }
    match check_slug(typed) {
        Ok(s) => Some(s),
        Err(m) => {
            e.add("slug", m);
            None
        }
    }
}

/// Checks a typed slug and returns it trimmed and lowercased.
///
/// A slug is 3 to 60 of `a-z`, `0-9` and `-`, starting and ending with a letter or digit,
/// with no two hyphens in a row.
pub fn check_slug(value: &str) -> Result<String, String> {
    let s = value.trim().to_ascii_lowercase();
    let n = s.chars().count();
    let (min, max) = (*SLUG_CHARS.start(), *SLUG_CHARS.end());
    if !s
        .chars()
        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
    {
        return Err(
            "Use only letters a to z, digits and hyphens in the web address, like spring-workshops."
                .into(),
        );
    }
    if !(min..=max).contains(&n) {
        return Err(format!(
            "The web address must be {min} to {max} characters (it has {n})."
        ));
    }
    if s.starts_with('-') || s.ends_with('-') || s.contains("--") {
        return Err(
            "Hyphens go between words in the web address, one at a time, like spring-workshops."
                .into(),
        );
    }
    Ok(s)
}

/// Makes a slug from free text: lowercase ASCII words joined by hyphens.
///
/// Common accented Latin letters lose their accents ("Qué" gives "que"), apostrophes are
/// dropped ("What's" gives "whats"), and anything else that is not a letter or digit
/// separates words. The result is cut at a word boundary to at most 60 characters. A single
/// word longer than that is cut mid-word. It can be shorter than 3 characters or empty,
/// so check it with [`check_slug`].
pub fn slugify(text: &str) -> String {
    let max = *SLUG_CHARS.end();
    let mut words: Vec<String> = Vec::new();
    let mut word = String::new();
    for c in text.chars().flat_map(char::to_lowercase) {
        if c == '\'' || c == '\u{2019}' {
            continue;
        }
        if !push_folded(&mut word, c) && !word.is_empty() {
            words.push(std::mem::take(&mut word));
        }
    }
    if !word.is_empty() {
        words.push(word);
    }
    let mut out = String::new();
    for w in &words {
        let needed = if out.is_empty() { w.len() } else { w.len() + 1 };
        if out.len() + needed > max {
            if out.is_empty() {
                // All ASCII, so any byte index is a character boundary.
                out.push_str(&w[..max]);
            }
            break;
        }
        if !out.is_empty() {
            out.push('-');
        }
        out.push_str(w);
    }
    out
}

/// Appends the ASCII spelling of a lowercase letter or digit; `false` when it has none.
fn push_folded(out: &mut String, c: char) -> bool {
    if c.is_ascii_alphanumeric() {
        out.push(c);
        return true;
    }
    let ascii = match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' | 'ą' => "a",
        'ç' | 'ć' | 'č' => "c",
        'ď' | 'đ' => "d",
        'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ę' | 'ě' => "e",
        'ğ' => "g",
        'ì' | 'í' | 'î' | 'ï' | 'ī' | 'ı' => "i",
        'ł' | 'ľ' => "l",
        'ñ' | 'ń' | 'ň' => "n",
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' | 'ő' => "o",
        'ř' => "r",
        'ś' | 'š' | 'ş' => "s",
        'ť' | 'ţ' => "t",
        'ù' | 'ú' | 'û' | 'ü' | 'ū' | 'ů' | 'ű' => "u",
        'ý' | 'ÿ' => "y",
        'ź' | 'ż' | 'ž' => "z",
        'ß' => "ss",
        'æ' => "ae",
        'œ' => "oe",
        'þ' => "th",
        _ => return false,
    };
    out.push_str(ascii);
    true
}

/// Where a poll is in its life.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum PollPhase {
    /// Not open yet.
    Scheduled,
    /// Taking votes.
    Open,
    /// No longer taking votes, at its closing time or because staff closed it early.
    Closed,
}

impl PollPhase {
    /// A short label for lists and badges.
    pub fn label(self) -> &'static str {
        match self {
            PollPhase::Scheduled => "Opens later",
            PollPhase::Open => "Open",
            PollPhase::Closed => "Closed",
        }
    }
}

/// The phase of a poll at `now` (all unix seconds).
///
/// A poll is open from the second `opens_at` begins and closed from the second
/// `closes_at` or `closed_early_at` begins. A poll closed before it opened (cancelled)
/// is closed, not scheduled.
pub fn phase(
    opens_at: i64,
    closes_at: Option<i64>,
    closed_early_at: Option<i64>,
    now: i64,
) -> PollPhase {
    let ended = |at: Option<i64>| at.is_some_and(|t| now >= t);
    if ended(closes_at) || ended(closed_early_at) {
        PollPhase::Closed
    } else if now < opens_at {
        PollPhase::Scheduled
    } else {
        PollPhase::Open
    }
}

/// Whether the results may be shown to this viewer.
///
/// Staff always see them, so they can watch a poll. Everyone else sees them according to
/// the poll's [`Visibility`]: live results always; "after voting" once they have voted or
/// the poll has closed; "after close" only when it is closed.
pub fn results_visible(
    visibility: Visibility,
    phase: PollPhase,
    has_voted: bool,
    is_staff: bool,
) -> bool {
    let closed = phase == PollPhase::Closed;
    is_staff
        || match visibility {
            Visibility::Live => true,
            Visibility::AfterVote => has_voted || closed,
            Visibility::AfterClose => closed,
        }
}

/// Checks a ballot and returns the chosen option ids sorted, each once.
///
/// The same option ticked twice (a double-posted form) counts once. A `max_choices`
/// below 1 is treated as 1, so a damaged row cannot make a poll impossible to vote in.
pub fn check_choices(
    kind: ChoiceKind,
    max_choices: i64,
    option_ids_of_poll: &[i64],
    chosen: &[i64],
) -> Result<Vec<i64>, String> {
    let mut ids = chosen.to_vec();
    ids.sort_unstable();
    ids.dedup();
    if ids.is_empty() {
        return Err("Choose an option before voting.".into());
    }
    if ids.iter().any(|id| !option_ids_of_poll.contains(id)) {
        return Err("That option is not part of this poll.".into());
    }
    let max = match kind {
        ChoiceKind::Single => 1,
        ChoiceKind::Multiple => max_choices.max(1),
    };
    if i64::try_from(ids.len()).unwrap_or(i64::MAX) > max {
        return Err(if max == 1 {
            "Choose only one option.".into()
        } else {
            format!("Choose at most {max} options.")
        });
    }
    Ok(ids)
}

/// One option's share of the vote.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Tally {
    pub option_id: i64,
    pub label: String,
    pub votes: i64,
    /// Share of ballots that chose this option, 0 to 100, to one decimal place.
    pub percent: f64,
}

/// The results of a poll, options in the poll's own order.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Results {
    /// How many people voted.
    pub ballots: i64,
    pub options: Vec<Tally>,
}

/// Counts the votes of each option, in the order of `options`.
///
/// `choice_counts` holds `(option_id, votes)` rows as the database groups them; rows for
/// ids not in `options` are ignored and repeated ids are added up. Percentages are shares
/// of *ballots*, not of choices, so in a several-choice poll they can add up to more than
/// 100. Each one is clamped to 0..=100 and is 0 when there are no ballots.
pub fn tally(options: &[(i64, String)], choice_counts: &[(i64, i64)], ballots: i64) -> Results {
    let options = options
        .iter()
        .map(|(id, label)| {
            let votes = choice_counts
                .iter()
                .filter(|(cid, _)| cid == id)
                .fold(0i64, |sum, (_, n)| sum.saturating_add((*n).max(0)));
            Tally {
                option_id: *id,
                label: label.clone(),
                votes,
                percent: percent_of(votes, ballots),
            }
        })
        .collect();
    Results { ballots, options }
}

/// `part` as a percentage of `whole`, rounded half up to one decimal, clamped to 0..=100.
fn percent_of(part: i64, whole: i64) -> f64 {
    if whole <= 0 || part <= 0 {
        return 0.0;
    }
    let (part, whole) = (i128::from(part.min(whole)), i128::from(whole));
    // Integer tenths of a percent, so 2/3 is 66.7 with no float drift.
    let tenths = (part * 2000 + whole) / (whole * 2);
    tenths as f64 / 10.0
}

/// The ids of the options with the most votes (several when tied), in poll order.
/// Empty when nobody has voted, as no option leads then.
pub fn leaders(results: &Results) -> Vec<i64> {
    let top = results.options.iter().map(|t| t.votes).max().unwrap_or(0);
    if top <= 0 {
        return Vec::new();
    }
    results
        .options
        .iter()
        .filter(|t| t.votes == top)
        .map(|t| t.option_id)
        .collect()
}

/// Tidies a typed library card number for comparing and storing.
///
/// Spaces (any whitespace) and dashes are dropped and letters uppercased. The result must
/// be 4 to 32 ASCII letters and digits, or this gives `None`.
pub fn normalize_card(input: &str) -> Option<String> {
    let card: String = input
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .map(|c| c.to_ascii_uppercase())
        .collect();
    let ok = (4..=32).contains(&card.len()) && card.bytes().all(|b| b.is_ascii_alphanumeric());
    ok.then_some(card)
}

/// The non-blank patterns in the admin's text, with spaces and dashes dropped, uppercased.
fn card_patterns(patterns: &str) -> impl Iterator<Item = (&str, String)> {
    patterns.split([',', '\n']).filter_map(|raw| {
        let p: String = raw
            .chars()
            .filter(|c| !c.is_whitespace() && *c != '-')
            .map(|c| c.to_ascii_uppercase())
            .collect();
        (!p.is_empty()).then(|| (raw.trim(), p))
    })
}

/// Whether a card number fits any of the admin's patterns.
///
/// Patterns are separated by commas or new lines. In a pattern `#` is any digit, `@` any
/// letter, `*` any run of letters and digits (possibly none), and every other character
/// stands for itself, ignoring case. Spaces and dashes are ignored on both sides, so
/// `21234 #####` matches `21234-00042`. A card that [`normalize_card`] refuses never matches,
/// and neither does an empty pattern list.
pub fn card_matches(pattern: &str, card: &str) -> bool {
    let Some(card) = normalize_card(card) else {
        return false;
    };
    card_patterns(pattern).any(|(_, p)| glob_matches(p.as_bytes(), card.as_bytes()))
}

/// Matches one cleaned pattern against one normalized card.
fn glob_matches(pattern: &[u8], card: &[u8]) -> bool {
    // reach[j]: the pattern read so far can match exactly card[..j].
    let mut reach = vec![false; card.len() + 1];
    reach[0] = true;
    for &p in pattern {
        let mut next = vec![false; card.len() + 1];
        if p == b'*' {
            let mut seen = false;
            for (n, r) in next.iter_mut().zip(&reach) {
                seen |= *r;
                *n = seen;
            }
        } else {
            for (j, &c) in card.iter().enumerate() {
                let fits = match p {
                    b'#' => c.is_ascii_digit(),
                    b'@' => c.is_ascii_alphabetic(),
                    _ => p.eq_ignore_ascii_case(&c),
                };
                next[j + 1] = reach[j] && fits;
            }
        }
        reach = next;
    }
    reach[card.len()]
}

/// Most patterns one poll may list.
pub const MAX_CARD_PATTERNS: usize = 20;

/// Checks the admin's card-number patterns (see [`card_matches`]) before they are saved.
///
/// Each pattern must be able to match some valid card: only letters, digits, `#`, `@` and `*`
/// (besides spaces and dashes), no more than 32 fixed characters, at least 4 unless it has a
/// `*`, and not `*` alone, which would let any card in.
pub fn check_card_pattern(pattern: &str) -> Result<(), String> {
    let patterns: Vec<(&str, String)> = card_patterns(pattern).collect();
    if patterns.is_empty() {
        return Err(
            "Enter at least one card number pattern, like 21234######## (# is any digit).".into(),
        );
    }
    if patterns.len() > MAX_CARD_PATTERNS {
        return Err(format!(
            "Use at most {MAX_CARD_PATTERNS} card number patterns (there are {}).",
            patterns.len()
        ));
    }
    for (raw, p) in &patterns {
        if let Some(c) = p
            .chars()
            .find(|c| !(c.is_ascii_alphanumeric() || "#@*".contains(*c)))
        {
            return Err(format!(
                "The pattern \"{raw}\" has \"{c}\", which no card number contains. Use letters, \
                 digits, # for any digit, @ for any letter and * for any run of them."
            ));
        }
        let fixed = p.chars().filter(|&c| c != '*').count();
        let open = p.contains('*');
        if fixed == 0 {
            return Err(format!(
                "The pattern \"{raw}\" would accept any card number. Add the part every card \
                 shares, like 21234*."
            ));
        }
        if fixed > 32 {
            return Err(format!(
                "The pattern \"{raw}\" is longer than a card number can be (32 characters)."
            ));
        }
        if !open && fixed < 4 {
            return Err(format!(
                "The pattern \"{raw}\" is shorter than a card number can be (4 characters)."
            ));
        }
    }
    Ok(())
}

/// Crockford's base32 alphabet: digits and capitals without I, L, O and U.
const CROCKFORD: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/// Writes 10 random bytes as a one-time voting code like `ABCD-EFGH-JKMN-PQRS`.
///
/// The 80 bits become 16 Crockford base32 characters (5 bits each), in groups of four. The
/// alphabet has no I, L, O or U, so a code read aloud or copied from paper is hard to
/// get wrong. 80 bits is above the usual 64-bit floor for secrets that must not be guessed.
/// The caller supplies the bytes from a secure random source; the server should still
/// accept each code once and limit how fast anyone can guess.
pub fn format_code(bytes: &[u8; 10]) -> String {
    let value = bytes
        .iter()
        .fold(0u128, |acc, &b| (acc << 8) | u128::from(b));
    let mut out = String::with_capacity(19);
    for i in 0..16 {
        if i > 0 && i % 4 == 0 {
            out.push('-');
        }
        let digit = (value >> (75 - 5 * i)) & 31;
        out.push(char::from(CROCKFORD[digit as usize]));
    }
    out
}

/// Reads a typed one-time code back into the form [`format_code`] writes.
///
/// Case, hyphens and spaces do not matter, and the letters people confuse with digits are
/// read as those digits (O as 0, I and L as 1). Anything else, or a code that is not
/// 16 characters long, gives `None`.
pub fn normalize_code(input: &str) -> Option<String> {
    let mut chars = String::with_capacity(16);
    for c in input.chars() {
        if c == '-' || c.is_whitespace() {
            continue;
        }
        let c = match c.to_ascii_uppercase() {
            'O' => '0',
            'I' | 'L' => '1',
            c if c.is_ascii() && CROCKFORD.contains(&(c as u8)) => c,
            _ => return None,
        };
        if chars.len() == 16 {
            return None;
        }
        chars.push(c);
    }
    if chars.len() != 16 {
        return None;
    }
    let groups: Vec<&str> = (0..4).filter_map(|g| chars.get(g * 4..g * 4 + 4)).collect();
    Some(groups.join("-"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn form() -> PollForm {
        PollForm {
            question: "Which workshop next spring?".into(),
            choice: "single".into(),
            opens_on: "2026-03-01".into(),
            closes_on: "2026-03-14".into(),
            closes_at_time: "18:00".into(),
            visibility: "after_vote".into(),
            voter_check: "card".into(),
            options: vec![
                " Knitting ".into(),
                "".into(),
                "Bike repair".into(),
                "Tax help".into(),
            ],
            goals: vec!["literacy".into()],
            offerings: vec!["workshop_leader".into()],
            ..Default::default()
        }
    }

    fn errors(f: &PollForm) -> FieldErrors {
        f.parse(0).err().unwrap_or_default()
    }

    #[test]
    fn vocabularies_round_trip() {
        fn check<T: Vocab + std::fmt::Debug>(n: usize) {
            assert_eq!(T::ALL.len(), n);
            for &v in T::ALL {
                assert_eq!(T::from_slug(v.slug()), Some(v));
            }
            assert_eq!(T::from_slug("nonsense"), None);
        }
        check::<ChoiceKind>(2);
        check::<Visibility>(3);
        check::<VoterCheck>(3);
        assert_eq!(Visibility::AfterClose.label(), "Only after the poll closes");
        assert_eq!(
            serde_json::to_string(&VoterCheck::Code).unwrap(),
            "\"code\""
        );
    }

    #[test]
    fn a_good_form_parses() {
        let p = form().parse(0).unwrap();
        assert_eq!(p.question, "Which workshop next spring?");
        assert_eq!(p.options, vec!["Knitting", "Bike repair", "Tax help"]);
        assert_eq!(p.choice, ChoiceKind::Single);
        assert_eq!(p.max_choices, 1);
        assert_eq!(p.slug, "which-workshop-next-spring");
        assert_eq!(p.opens_at, 1_772_323_200); // 2026-03-01T00:00:00Z
        assert_eq!(p.closes_at, Some(1_773_511_200)); // 2026-03-14T18:00:00Z
        assert_eq!(p.visibility, Visibility::AfterVote);
        assert_eq!(p.voter_check, VoterCheck::Card);
        assert_eq!(p.goals, vec![Goal::Literacy]);
        assert_eq!(p.offerings, vec![Offering::WorkshopLeader]);
        assert_eq!(p.description, None);
    }

    #[test]
    fn local_times_use_the_offset() {
        let mut f = form();
        f.opens_at_time = "09:30".into();
        let utc = f.parse(0).unwrap();
        let chicago = f.parse(-360).unwrap();
        assert_eq!(chicago.opens_at - utc.opens_at, 6 * 3600);
        assert_eq!(utc.opens_at, 1_772_323_200 + 9 * 3600 + 1800);
        f.opens_at_time = "09:30:00".into();
        assert_eq!(f.parse(0).unwrap().opens_at, utc.opens_at);
    }

    #[test]
    fn a_closing_day_without_a_time_means_the_end_of_that_day() {
        let mut f = form();
        f.opens_on = "2026-03-14".into();
        f.closes_at_time.clear();
        let p = f.parse(0).unwrap();
        assert_eq!(p.closes_at, Some(p.opens_at + 86_400));
        f.closes_on.clear();
        assert_eq!(f.parse(0).unwrap().closes_at, None);
    }

    #[test]
    fn the_poll_must_close_after_it_opens() {
        let mut f = form();
        f.opens_on = "2026-03-14".into();
        f.opens_at_time = "18:00".into();
        assert_eq!(
            errors(&f).get("closes_on"),
            Some("The poll must close after it opens.")
        );
        f.closes_on.clear();
        assert_eq!(
            errors(&f).get("closes_on"),
            Some("Give the closing day as well as the time, or clear the time.")
        );
    }

    #[test]
    fn dates_and_times_are_checked() {
        let mut f = form();
        f.opens_on.clear();
        f.closes_on = "2026-02-30".into();
        f.closes_at_time = "25:00".into();
        let e = errors(&f);
        assert_eq!(e.get("opens_on"), Some("Choose the day the poll opens."));
        assert_eq!(e.get("closes_on"), Some("Enter a date like 2026-03-14."));
        assert_eq!(e.get("closes_at_time"), Some("Enter a time like 18:30."));
        for bad in [
            "9:30",
            "09:3",
            "0930",
            "09:30:60",
            "ab:cd",
            "09:30:00:00",
            "+9:30",
        ] {
            assert_eq!(parse_clock(bad), None, "{bad}");
        }
        assert_eq!(parse_clock(" 23:59 "), Time::from_hms(23, 59, 0).ok());
    }

    #[test]
    fn question_and_description_lengths() {
        let mut f = form();
        f.question = "Why?".into();
        f.description = "x".repeat(2001);
        let e = errors(&f);
        assert_eq!(
            e.get("question"),
            Some("Question must be at least 5 characters (it has 4).")
        );
        assert!(e.get("description").unwrap().contains("at most 2000"));
        // The question's error is enough; no second error about the made-up slug.
        assert_eq!(e.get("slug"), None);
        f.question = " ".into();
        assert_eq!(errors(&f).get("question"), Some("Question is required."));
        f.question = "q".repeat(201);
        assert!(errors(&f).get("question").unwrap().contains("at most 200"));
    }

    #[test]
    fn options_are_counted_and_compared() {
        let mut f = form();
        f.options = vec!["Knitting".into(), "  ".into()];
        assert_eq!(
            errors(&f).get("options"),
            Some("Give at least 2 options to choose from.")
        );
        f.options = vec!["Knitting".into(), "Bike repair".into(), " knitting ".into()];
        assert_eq!(
            errors(&f).get("options"),
            Some("The option \"knitting\" is listed twice.")
        );
        f.options = (1..=21).map(|i| format!("Option {i}")).collect();
        assert_eq!(
            errors(&f).get("options"),
            Some("Give at most 20 options (there are 21).")
        );
        f.options = vec!["Knitting".into(), "".into(), "y".repeat(121)];
        assert_eq!(
            errors(&f).get("options"),
            Some("Each option must be at most 120 characters (option 3 has 121).")
        );
        f.options = (1..=20).map(|i| format!("Option {i}")).collect();
        assert_eq!(f.parse(0).unwrap().options.len(), 20);
    }

    #[test]
    fn max_choices_for_several_choice_polls() {
        let mut f = form();
        f.choice = "multiple".into();
        assert_eq!(f.parse(0).unwrap().max_choices, 3);
        f.max_choices = " 2 ".into();
        assert_eq!(f.parse(0).unwrap().max_choices, 2);
        for bad in ["1", "4", "-2"] {
            f.max_choices = bad.into();
            assert_eq!(
                errors(&f).get("max_choices"),
                Some("Let voters choose from 2 to 3 options (the number of options)."),
                "{bad}"
            );
        }
        f.max_choices = "two".into();
        assert!(errors(&f)
            .get("max_choices")
            .unwrap()
            .contains("whole number"));
        // One-choice polls ignore whatever the hidden field sent.
        f.choice = "single".into();
        assert_eq!(f.parse(0).unwrap().max_choices, 1);
    }

    #[test]
    fn vocabulary_fields_are_checked() {
        let mut f = form();
        f.choice = "ranked".into();
        f.visibility.clear();
        f.voter_check = "email".into();
        f.goals.push("world_peace".into());
        let e = errors(&f);
        assert_eq!(
            e.get("choice"),
            Some("Choose whether voters pick one option or several.")
        );
        assert_eq!(
            e.get("visibility"),
            Some("Choose when voters can see the results.")
        );
        assert!(e.get("voter_check").is_some());
        assert!(e.get("goals").unwrap().contains("world_peace"));
        assert_eq!(e.get("max_choices"), None);
    }

    #[test]
    fn slugs_are_typed_or_made() {
        let mut f = form();
        f.slug = " Spring-2026 ".into();
        assert_eq!(f.parse(0).unwrap().slug, "spring-2026");
        for bad in ["ab", "spring poll", "-spring", "spring--poll", "café"] {
            f.slug = bad.into();
            assert!(errors(&f).get("slug").is_some(), "{bad}");
        }
        f.slug.clear();
        f.question = "¿¿¿ ??? !!!".into();
        assert_eq!(
            errors(&f).get("slug"),
            Some("Give this poll a short web address, like spring-workshops.")
        );
        assert_eq!(
            check_slug(&"a".repeat(61)).unwrap_err(),
            "The web address must be 3 to 60 characters (it has 61)."
        );
    }

    #[test]
    fn slugify_examples() {
        assert_eq!(
            slugify("Which workshop next spring?"),
            "which-workshop-next-spring"
        );
        assert_eq!(slugify("  ¿Qué taller? Año 2026 "), "que-taller-ano-2026");
        assert_eq!(slugify("What's next -- for teens?"), "whats-next-for-teens");
        assert_eq!(slugify("???"), "");
        let long = "Should the library keep its extended Saturday opening hours through the summer";
        let s = slugify(long);
        assert_eq!(
            s,
            "should-the-library-keep-its-extended-saturday-opening-hours"
        );
        assert!(s.len() <= 60);
        assert_eq!(slugify(&"x".repeat(70)), "x".repeat(60));
    }

    #[test]
    fn phases_change_on_the_exact_second() {
        let (open, close) = (1000, 2000);
        assert_eq!(phase(open, Some(close), None, 999), PollPhase::Scheduled);
        assert_eq!(phase(open, Some(close), None, 1000), PollPhase::Open);
        assert_eq!(phase(open, Some(close), None, 1999), PollPhase::Open);
        assert_eq!(phase(open, Some(close), None, 2000), PollPhase::Closed);
        assert_eq!(phase(open, None, None, i64::MAX), PollPhase::Open);
        assert_eq!(phase(open, Some(close), Some(1500), 1499), PollPhase::Open);
        assert_eq!(
            phase(open, Some(close), Some(1500), 1500),
            PollPhase::Closed
        );
        assert_eq!(phase(open, None, Some(500), 600), PollPhase::Closed);
    }

    #[test]
    fn who_sees_results() {
        use PollPhase::*;
        use Visibility::*;
        for p in [Scheduled, Open, Closed] {
            assert!(results_visible(Live, p, false, false));
            assert!(results_visible(AfterClose, p, false, true));
        }
        assert!(!results_visible(AfterVote, Open, false, false));
        assert!(results_visible(AfterVote, Open, true, false));
        assert!(results_visible(AfterVote, Closed, false, false));
        assert!(!results_visible(AfterClose, Open, true, false));
        assert!(results_visible(AfterClose, Closed, false, false));
    }

    #[test]
    fn ballots_are_checked() {
        let ids = [10, 11, 12, 13];
        let single = ChoiceKind::Single;
        let multi = ChoiceKind::Multiple;
        assert_eq!(check_choices(single, 1, &ids, &[12]), Ok(vec![12]));
        assert_eq!(check_choices(single, 1, &ids, &[12, 12]), Ok(vec![12]));
        assert_eq!(
            check_choices(single, 1, &ids, &[]),
            Err("Choose an option before voting.".into())
        );
        assert_eq!(
            check_choices(single, 1, &ids, &[99]),
            Err("That option is not part of this poll.".into())
        );
        assert_eq!(
            check_choices(single, 3, &ids, &[10, 11]),
            Err("Choose only one option.".into())
        );
        assert_eq!(
            check_choices(multi, 3, &ids, &[13, 10, 13, 11]),
            Ok(vec![10, 11, 13])
        );
        assert_eq!(
            check_choices(multi, 3, &ids, &[10, 11, 12, 13]),
            Err("Choose at most 3 options.".into())
        );
        assert_eq!(
            check_choices(multi, 0, &ids, &[10, 11]),
            Err("Choose only one option.".into())
        );
    }

    fn opts() -> Vec<(i64, String)> {
        vec![
            (1, "Knitting".into()),
            (2, "Bike repair".into()),
            (3, "Tax help".into()),
        ]
    }

    #[test]
    fn tallies_follow_poll_order_and_round() {
        let r = tally(&opts(), &[(3, 1), (1, 2), (99, 7)], 3);
        assert_eq!(r.ballots, 3);
        let got: Vec<(i64, &str, i64, f64)> = r
            .options
            .iter()
            .map(|t| (t.option_id, t.label.as_str(), t.votes, t.percent))
            .collect();
        assert_eq!(
            got,
            vec![
                (1, "Knitting", 2, 66.7),
                (2, "Bike repair", 0, 0.0),
                (3, "Tax help", 1, 33.3),
            ]
        );
        assert_eq!(leaders(&r), vec![1]);
        assert_eq!(percent_of(1, 8), 12.5);
        assert_eq!(percent_of(1, 16), 6.3);
    }

    #[test]
    fn no_ballots_means_no_percentages_and_no_leader() {
        let r = tally(&opts(), &[], 0);
        assert!(r.options.iter().all(|t| t.votes == 0 && t.percent == 0.0));
        assert!(leaders(&r).is_empty());
    }

    #[test]
    fn ties_share_the_lead() {
        let r = tally(&opts(), &[(1, 4), (2, 1), (3, 4)], 6);
        assert_eq!(leaders(&r), vec![1, 3]);
    }

    #[test]
    fn card_numbers_are_tidied() {
        assert_eq!(normalize_card(" 2 1234-0004 2 "), Some("2123400042".into()));
        assert_eq!(normalize_card("lib-ab12"), Some("LIBAB12".into()));
        for bad in ["", "123", "1234/5678", "１２３４５", &"9".repeat(33)] {
            assert_eq!(normalize_card(bad), None, "{bad}");
        }
    }

    #[test]
    fn card_patterns_match() {
        let p = "21234#####, LIB-@@*\n  \n9999";
        assert!(card_matches(p, "21234 00042"));
        assert!(!card_matches(p, "2123400042X"));
        assert!(!card_matches(p, "212340004"));
        assert!(card_matches(p, "lib-xy"));
        assert!(card_matches(p, "LIBXY0099Z"));
        assert!(!card_matches(p, "LIB1Y"));
        assert!(card_matches(p, "9999"));
        assert!(!card_matches(p, "99999"));
        assert!(card_matches("a*#", "ABC7"));
        assert!(!card_matches("", "ABC7"));
        assert!(!card_matches("*", "no"));
    }

    #[test]
    fn card_patterns_are_checked_for_the_admin() {
        assert_eq!(check_card_pattern("21234 #####\nLIB@*"), Ok(()));
        let err = |p: &str| check_card_pattern(p).unwrap_err();
        assert!(err(" , \n").contains("at least one"));
        assert!(err("2123.####").contains("\"2123.####\" has \".\""));
        assert!(err("*").contains("any card number"));
        assert!(err("#@#").contains("shorter"));
        assert_eq!(check_card_pattern("#@#*"), Ok(()));
        assert!(err(&"#".repeat(33)).contains("longer"));
        let many = vec!["####"; 21].join(",");
        assert!(err(&many).contains("at most 20"));
    }

    #[test]
    fn codes_look_right_and_forgive_typing() {
        assert_eq!(format_code(&[0; 10]), "0000-0000-0000-0000");
        assert_eq!(format_code(&[0xFF; 10]), "ZZZZ-ZZZZ-ZZZZ-ZZZZ");
        let mut one = [0u8; 10];
        one[9] = 1;
        assert_eq!(format_code(&one), "0000-0000-0000-0001");
        assert_eq!(
            normalize_code("abcd efgh-jkmn pqrs"),
            Some("ABCD-EFGH-JKMN-PQRS".into())
        );
        assert_eq!(
            normalize_code("oOiI-lL00-0000-0000"),
            Some("0011-1100-0000-0000".into())
        );
        for bad in [
            "",
            "ABCD-EFGH-JKMN-PQR",
            "ABCD-EFGH-JKMN-PQRST",
            "ABCD-EFGH-JKMN-PQRU",
            "ABCD-EFGH-JKMN-PQR!",
        ] {
            assert_eq!(normalize_code(bad), None, "{bad}");
        }
    }

    proptest! {
        #[test]
        fn tally_percentages_stay_in_range_and_votes_add_up(
            counts in proptest::collection::vec((1i64..=3, 0i64..1_000), 0..8),
            extra in 0i64..1_000,
        ) {
            let per_option: i64 = counts.iter().map(|(_, n)| n).max().copied().unwrap_or(0);
            let ballots = per_option + extra;
            let r = tally(&opts(), &counts, ballots);
            for t in &r.options {
                prop_assert!((0.0..=100.0).contains(&t.percent), "{t:?}");
            }
            let votes: i64 = r.options.iter().map(|t| t.votes).sum();
            prop_assert_eq!(votes, counts.iter().map(|(_, n)| n).sum::<i64>());
        }

        #[test]
        fn tally_percentages_stay_in_range_for_any_numbers(
            counts in proptest::collection::vec((0i64..=4, any::<i64>()), 0..8),
            ballots in any::<i64>(),
        ) {
            for t in tally(&opts(), &counts, ballots).options {
                prop_assert!((0.0..=100.0).contains(&t.percent), "{t:?}");
            }
        }

        #[test]
        fn checked_ballots_are_sorted_unique_subsets_within_the_limit(
            poll in proptest::collection::vec(0i64..30, 0..10),
            chosen in proptest::collection::vec(0i64..30, 0..12),
            multiple in any::<bool>(),
            max in 1i64..6,
        ) {
            let kind = if multiple { ChoiceKind::Multiple } else { ChoiceKind::Single };
            if let Ok(ids) = check_choices(kind, max, &poll, &chosen) {
                prop_assert!(!ids.is_empty());
                prop_assert!(ids.windows(2).all(|w| w[0] < w[1]));
                prop_assert!(ids.iter().all(|id| poll.contains(id) && chosen.contains(id)));
                let limit = if multiple { max } else { 1 };
                prop_assert!(ids.len() as i64 <= limit);
            }
        }

        #[test]
        fn codes_round_trip(bytes in any::<[u8; 10]>()) {
            let code = format_code(&bytes);
            prop_assert_eq!(code.len(), 19);
            prop_assert_eq!(normalize_code(&code), Some(code.clone()));
            let typed = code.to_lowercase().replace('-', " ").replace('0', "o").replace('1', "l");
            prop_assert_eq!(normalize_code(&typed), Some(code));
        }

        #[test]
        fn different_bytes_give_different_codes(a in any::<[u8; 10]>(), b in any::<[u8; 10]>()) {
            prop_assert_eq!(a == b, format_code(&a) == format_code(&b));
        }

        #[test]
        fn normalize_card_is_idempotent(s in "[ a-zA-Z0-9-]{0,40}|.{0,20}") {
            if let Some(card) = normalize_card(&s) {
                prop_assert_eq!(normalize_card(&card), Some(card.clone()));
                prop_assert!(card_matches("*", &card));
            }
        }

        #[test]
        fn staff_always_see_results_and_after_close_waits_for_close(
            vis in 0usize..3,
            ph in 0usize..3,
            voted in any::<bool>(),
        ) {
            let vis = Visibility::ALL[vis];
            let ph = [PollPhase::Scheduled, PollPhase::Open, PollPhase::Closed][ph];
            prop_assert!(results_visible(vis, ph, voted, true));
            if vis == Visibility::AfterClose && ph != PollPhase::Closed {
                prop_assert!(!results_visible(vis, ph, voted, false));
            }
        }

        #[test]
        fn slugify_output_is_always_slug_shaped(s in ".{0,120}") {
            let slug = slugify(&s);
            prop_assert!(slug.len() <= 60);
            prop_assert!(slug.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-'));
            prop_assert!(!slug.starts_with('-') && !slug.ends_with('-') && !slug.contains("--"));
        }
    }
}
