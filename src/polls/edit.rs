//! Correcting a poll: before its first ballot everything can change; after it only the wording
//! (the question, its description, each option's label), never how many options there are or
//! which ballot counts for which, since each option keeps the ballots cast for it.

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use super::form::{parse_options, parse_question, PollForm};
use super::poll::{Poll, PollClock};
use crate::error::FieldErrors;
use crate::validate;
use crate::vocab::Vocab;

/// A poll as its edit page needs it: the form filled in from the poll, and whether people have
/// voted (then only the wording can change).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PollEditor {
    pub id: i64,
    pub slug: String,
    pub question: String,
    pub ballots: i64,
    pub form: PollForm,
    /// The labels of the options, in order (the wording form has one field per option).
    pub labels: Vec<String>,
    /// The program the poll asks feedback on, which the program list must offer even when
    /// it is older than the list reaches.
    pub program: Option<(i64, String)>,
}

/// A wording-only correction, once checked.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Wording {
    pub question: String,
    pub description: Option<String>,
    pub labels: Vec<String>,
}

/// Checks a correction of the wording of a poll that has `options` options: the question and
/// description as on creation, and one label per option, in the same order.
pub fn parse_wording(form: &PollForm, options: usize) -> Result<Wording, FieldErrors> {
    let mut e = FieldErrors::default();
    let question = parse_question(&mut e, &form.question);
    let description = validate::text(
        &mut e,
        "description",
        "Description",
        &form.description,
        false,
        2000,
    );
    let given = form.options.iter().filter(|o| !o.trim().is_empty()).count();
    let labels = parse_options(&mut e, &form.options);
    if given != options || form.options.len() != options {
        e.add(
            "options",
            format!(
                "People have voted, so the poll keeps its {options} options in their order: reword each one, leaving none blank."
            ),
        );
    }
    match question {
        Some(question) if e.is_empty() => Ok(Wording {
            question,
            description,
            labels,
        }),
        _ => Err(e),
    }
}

/// Deleting a poll needs its box ticked (`confirm` is "yes").
pub fn confirmed_delete(confirm: &str) -> Result<(), crate::error::AppError> {
    if confirm == "yes" {
        Ok(())
    } else {
        Err(crate::error::AppError::BadRequest(
            "Tick “Yes, delete this poll” to delete it.".into(),
        ))
    }
}

/// A Unix time as the library's local date and time of day (`HH:MM`), at `offset` minutes.
fn local(at: i64, offset: i32) -> (String, String) {
    let t = OffsetDateTime::from_unix_timestamp(at + i64::from(offset) * 60)
        .unwrap_or(OffsetDateTime::UNIX_EPOCH);
    (
        t.date().to_string(),
        format!("{:02}:{:02}", t.hour(), t.minute()),
    )
}

impl PollForm {
    /// The form that would create `poll` again, in the library's local time: a moment at
    /// midnight is a day without a time (a closing day then means "through its end", as the
    /// form reads it).
    pub fn from_poll(poll: &Poll, clock: PollClock) -> PollForm {
        let (opens_on, opens_time) = local(poll.opens_at, clock.opens);
        let (closes_on, closes_at_time) = match poll.closes_at {
            None => (String::new(), String::new()),
            Some(at) => match local(at, clock.ends) {
                (_, t) if t == "00:00" => (local(at - 86_400, clock.ends).0, String::new()),
                (day, t) => (day, t),
            },
        };
        PollForm {
            question: poll.question.clone(),
            description: poll.description.clone().unwrap_or_default(),
            choice: poll.choice.slug().to_string(),
            max_choices: if poll.choice == super::poll::ChoiceKind::Multiple {
                poll.max_choices.to_string()
            } else {
                String::new()
            },
            opens_on,
            opens_at_time: if opens_time == "00:00" {
                String::new()
            } else {
                opens_time
            },
            closes_on,
            closes_at_time,
            visibility: poll.visibility.slug().to_string(),
            voter_check: poll.voter_check.slug().to_string(),
            options: poll.options.iter().map(|o| o.label.clone()).collect(),
            goals: poll.goals.iter().map(|g| g.slug().to_string()).collect(),
            offerings: poll
                .offerings
                .iter()
                .map(|o| o.slug().to_string())
                .collect(),
            program: poll
                .program
                .as_ref()
                .map(|(id, _)| id.to_string())
                .unwrap_or_default(),
            slug: poll.slug.clone(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::polls::form::fixed_offset;
    use crate::polls::poll::{ChoiceKind, PollOption, Visibility, VoterCheck};
    use crate::vocab::Goal;

    fn poll(opens_at: i64, closes_at: Option<i64>) -> Poll {
        Poll {
            id: 7,
            slug: "spring-workshops".into(),
            question: "Which workshop should we hold in spring?".into(),
            description: Some("Pick one.".into()),
            choice: ChoiceKind::Multiple,
            max_choices: 2,
            opens_at,
            closes_at,
            closed_at: None,
            visibility: Visibility::AfterVote,
            voter_check: VoterCheck::Browser,
            goals: vec![Goal::Literacy],
            offerings: vec![],
            program: None,
            options: ["Knitting", "Budgeting", "Comics"]
                .iter()
                .enumerate()
                .map(|(i, l)| PollOption {
                    id: i as i64 + 1,
                    label: (*l).into(),
                })
                .collect(),
            wording_edited_at: None,
        }
    }

    /// 2026-12-07 00:00 in UTC.
    const MONDAY: i64 = 1_796_601_600;

    #[test]
    fn a_poll_read_back_into_its_form_parses_to_the_same_poll() {
        let clock = PollClock {
            opens: -360,
            ends: -360,
        };
        for (opens, closes) in [
            // Opens at local midnight, closes at the end of a day (no times shown).
            (MONDAY + 6 * 3600, Some(MONDAY + 6 * 3600 + 5 * 86_400)),
            // Opens and closes at set times.
            (
                MONDAY + 6 * 3600 + 9 * 3600 + 1800,
                Some(MONDAY + 3 * 86_400 + 12 * 3600),
            ),
            (MONDAY, None),
        ] {
            let p = poll(opens, closes);
            let form = PollForm::from_poll(&p, clock);
            let back = form.parse(fixed_offset(-360)).expect("the form is valid");
            assert_eq!(back.opens_at, opens, "{form:?}");
            assert_eq!(back.closes_at, closes, "{form:?}");
            assert_eq!(back.question, p.question);
            assert_eq!(back.options, ["Knitting", "Budgeting", "Comics"]);
            assert_eq!(back.max_choices, 2);
            assert_eq!(back.slug, "spring-workshops");
            assert_eq!(back.goals, vec![Goal::Literacy]);
        }
        let form = PollForm::from_poll(
            &poll(MONDAY + 6 * 3600, Some(MONDAY + 6 * 3600 + 5 * 86_400)),
            clock,
        );
        assert_eq!(
            (form.opens_on.as_str(), form.opens_at_time.as_str()),
            ("2026-12-07", "")
        );
        assert_eq!(
            (form.closes_on.as_str(), form.closes_at_time.as_str()),
            ("2026-12-11", "")
        );
    }

    fn wording(options: &[&str]) -> PollForm {
        PollForm {
            question: "Which workshop would you come to?".into(),
            description: String::new(),
            options: options.iter().map(|o| (*o).to_string()).collect(),
            ..PollForm::default()
        }
    }

    #[test]
    fn deleting_needs_the_box_ticked() {
        assert!(confirmed_delete("yes").is_ok());
        assert!(confirmed_delete("").is_err());
        assert!(confirmed_delete("on").is_err());
    }

    #[test]
    fn after_voting_only_the_words_change_never_the_number_of_options() {
        let w = parse_wording(
            &wording(&["Knitting for beginners", "Budgeting", "Comics"]),
            3,
        )
        .unwrap();
        assert_eq!(w.labels[0], "Knitting for beginners");
        assert_eq!(w.description, None);
        let message = "People have voted, so the poll keeps its 3 options in their order: reword each one, leaving none blank.";
        for rows in [
            &["Knitting", "Budgeting"][..],
            &["Knitting", "Budgeting", "Comics", "Pottery"],
            &["Knitting", "", "Comics"],
        ] {
            let e = parse_wording(&wording(rows), 3).unwrap_err();
            assert_eq!(e.get("options"), Some(message), "{rows:?}");
        }
        let e = parse_wording(&wording(&["Knitting", "knitting", "Comics"]), 3).unwrap_err();
        assert!(e.get("options").unwrap().contains("listed twice"));
        let e = parse_wording(
            &PollForm {
                question: "Hm".into(),
                ..wording(&["a", "b"])
            },
            2,
        )
        .unwrap_err();
        assert!(e.get("question").is_some());
    }
}
