//! A new poll as staff define it: the form as posted, the rules of a valid poll, and the poll
//! ready to store. Pure (the caller passes the time zone's rule); tested here.
//!
//! Keeping one vote per voter is *not* decided here. That race belongs to the database (see
//! `STYLE.md`, "The database decides races").

use serde::{Deserialize, Serialize};
use time::{Date, PrimitiveDateTime, Time};

use super::poll::{ChoiceKind, Visibility, VoterCheck};
use super::slug::{check_slug, slugify};
use crate::error::FieldErrors;
use crate::validate;
use crate::vocab::{Goal, Offering, Vocab};
use crate::when::parse_clock;

/// Fewest options a poll can offer.
pub const MIN_OPTIONS: usize = 2;
/// Most options a poll can offer.
pub const MAX_OPTIONS: usize = 20;
/// Longest option text, in characters.
pub const MAX_OPTION_CHARS: usize = 120;
/// Shortest and longest question, in characters.
pub const QUESTION_CHARS: std::ops::RangeInclusive<usize> = 5..=200;
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
    /// The id of the program the poll asks feedback on; blank for none.
    #[serde(default)]
    pub program: String,
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
    /// The program the poll asks feedback on.
    pub program_id: Option<i64>,
    pub slug: String,
}

impl PollForm {
    /// Checks every field and builds a [`NewPoll`]; each error names the form field it is about.
    ///
    /// Dates and times are typed in the library's local time. `to_utc` turns a local moment,
    /// given as seconds since 1970-01-01 00:00 on the local clock, into Unix seconds; the server
    /// passes its time zone's rule, so each end gets the offset in force on its own day, and
    /// [`fixed_offset`] gives a constant offset.
    pub fn parse(&self, to_utc: impl Fn(i64) -> i64) -> Result<NewPoll, FieldErrors> {
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

        let opens_at = parse_moment(
            &mut e,
            ("opens_on", &self.opens_on, "Choose the day the poll opens."),
            ("opens_at_time", &self.opens_at_time),
        )
        .map(|(local, _)| to_utc(local));
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
                to_utc(local)
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
        let program_id = match self.program.trim() {
            "" => None,
            p => match p.parse::<i64>() {
                Ok(id) if id > 0 => Some(id),
                _ => {
                    e.add("program", "Choose a program from the list.");
                    None
                }
            },
        };

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
            program_id,
            slug,
        })
    }
}

pub(super) fn parse_question(e: &mut FieldErrors, value: &str) -> Option<String> {
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
pub(super) fn parse_options(e: &mut FieldErrors, rows: &[String]) -> Vec<String> {
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

/// A constant offset from UTC in minutes (−300 for UTC−05:00, the opposite sign of
/// JavaScript's `getTimezoneOffset()`) as the local-to-UTC rule [`PollForm::parse`] takes.
pub fn fixed_offset(minutes: i32) -> impl Fn(i64) -> i64 {
    move |local| local - i64::from(minutes) * 60
}

fn local_seconds(day: Date, at: Time) -> i64 {
    PrimitiveDateTime::new(day, at)
        .assume_utc()
        .unix_timestamp()
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

#[cfg(test)]
mod tests {
    use super::*;

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
        f.parse(fixed_offset(0)).err().unwrap_or_default()
    }
    #[test]
    fn a_good_form_parses() {
        let p = form().parse(fixed_offset(0)).unwrap();
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
        let utc = f.parse(fixed_offset(0)).unwrap();
        let chicago = f.parse(fixed_offset(-360)).unwrap();
        assert_eq!(chicago.opens_at - utc.opens_at, 6 * 3600);
        assert_eq!(utc.opens_at, 1_772_323_200 + 9 * 3600 + 1800);
        f.opens_at_time = "09:30:00".into();
        assert_eq!(f.parse(fixed_offset(0)).unwrap().opens_at, utc.opens_at);
    }
    #[test]
    fn a_closing_day_without_a_time_means_the_end_of_that_day() {
        let mut f = form();
        f.opens_on = "2026-03-14".into();
        f.closes_at_time.clear();
        let p = f.parse(fixed_offset(0)).unwrap();
        assert_eq!(p.closes_at, Some(p.opens_at + 86_400));
        f.closes_on.clear();
        assert_eq!(f.parse(fixed_offset(0)).unwrap().closes_at, None);
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
        for bad in ["09:3", "0930", "09:30:60", "ab:cd", "09:30:00:00", "+9:30"] {
            assert_eq!(parse_clock(bad), None, "{bad}");
        }
        assert_eq!(parse_clock(" 23:59 "), Time::from_hms(23, 59, 0).ok());
        // One rule for every form: a one-digit hour is a time, as on the schedule form.
        assert_eq!(parse_clock("9:30"), Time::from_hms(9, 30, 0).ok());
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
        assert_eq!(f.parse(fixed_offset(0)).unwrap().options.len(), 20);
    }
    #[test]
    fn max_choices_for_several_choice_polls() {
        let mut f = form();
        f.choice = "multiple".into();
        assert_eq!(f.parse(fixed_offset(0)).unwrap().max_choices, 3);
        f.max_choices = " 2 ".into();
        assert_eq!(f.parse(fixed_offset(0)).unwrap().max_choices, 2);
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
        assert_eq!(f.parse(fixed_offset(0)).unwrap().max_choices, 1);
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
        assert_eq!(f.parse(fixed_offset(0)).unwrap().slug, "spring-2026");
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
}
