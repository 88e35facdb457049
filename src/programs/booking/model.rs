//! Registrations as rules: where one stands, the registration form, party sizes, who the
//! waitlist promotes, the daily cap on links, and what booking pages receive. Pure, shared by
//! both sides.

use serde::{Deserialize, Serialize};

use super::bursts::Burst;
use crate::error::{AppError, FieldErrors};
use crate::programs::calendar::model::{ProgramCard, ProgramDetail};
use crate::validate;
use crate::vocab::{vocab, Vocab};

vocab! {
    /// Where a registration stands.
    RegState {
        Confirmed = "confirmed", "Confirmed";
        Waiting = "waiting", "On the waitlist";
        Cancelled = "cancelled", "Cancelled";
    }
}

vocab! {
    /// Who came, marked at the door.
    Attendance {
        Attended = "attended", "Attended";
        NoShow = "no_show", "No-show";
    }
}

/// The answer to a registration whose address is already booked. It says no more than the
/// "send my link again" form does, so it tells a stranger nothing about who is coming; the
/// address's owner gets the link (within the daily cap).
pub const MAYBE_REGISTERED: &str = "If this address is already registered for this program, we have e-mailed its registration link to it again. To register someone else, use their own e-mail address.";

/// The refusal of a registration whose address is already booked: [`MAYBE_REGISTERED`], on
/// the e-mail field.
pub fn already_registered() -> AppError {
    AppError::field("email", MAYBE_REGISTERED)
}

/// The answer once one client address has made its hour's share of booking changes.
pub const TOO_MANY_BOOKINGS: &str = "Many registrations and changes came from this connection in the last hour. Please try again later, or call the library and we will book you in.";

/// The registration form, as posted.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RegisterForm {
    pub name: String,
    pub email: String,
    pub party_size: String,
    #[serde(default)]
    pub needs: String,
    /// The honeypot: people never see it, simple bots fill it in.
    #[serde(default)]
    pub fax_number: String,
}

/// A checked registration.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewRegistration {
    pub name: String,
    pub email: String,
    pub party_size: i64,
    pub needs: Option<String>,
}

impl RegisterForm {
    /// Whether a bot filled the hidden field.
    pub fn is_bot(&self) -> bool {
        !self.fax_number.trim().is_empty()
    }

    /// Checks the fields; the party size against the program's own limit.
    pub fn parse(&self, party_limit: i64) -> Result<NewRegistration, AppError> {
        let mut e = FieldErrors::default();
        let name = validate::text(&mut e, "name", "Name", &self.name, true, 120);
        let email = validate::email(&mut e, "email", &self.email, true);
        let party = party_size(&mut e, &self.party_size, party_limit);
        let needs = validate::text(
            &mut e,
            "needs",
            "Accessibility needs",
            &self.needs,
            false,
            1000,
        );
        e.into_result(())?;
        Ok(NewRegistration {
            name: name.unwrap_or_default(),
            email: email.unwrap_or_default(),
            party_size: party.unwrap_or(1),
            needs,
        })
    }
}

/// A party size from 1 to `limit`, with a message that says the limit.
pub fn party_size(e: &mut FieldErrors, value: &str, limit: i64) -> Option<i64> {
    let v = value.trim();
    if v.is_empty() {
        e.add("party_size", "Say how many people are coming.");
        return None;
    }
    match v.parse::<i64>() {
        Ok(n) if n >= 1 && n <= limit => Some(n),
        Ok(n) if n > limit => {
            e.add(
                "party_size",
                format!(
                    "At most {limit} {} per registration for this program.",
                    if limit == 1 { "person" } else { "people" }
                ),
            );
            None
        }
        _ => {
            e.add(
                "party_size",
                "Party size must be a whole number, 1 or more.",
            );
            None
        }
    }
}

/// The entries a freed seat count promotes: in waitlist order, each whose party fits what is
/// left; those that do not fit keep their place. `waiting` is `(id, party)` in order.
pub fn promotions(free: i64, waiting: &[(i64, i64)]) -> Vec<i64> {
    let mut left = free;
    let mut out = Vec::new();
    for &(id, party) in waiting {
        if party <= left {
            left -= party;
            out.push(id);
        }
    }
    out
}

/// Why a link is kept back, when an address was already sent `sent` links today and may be
/// sent `cap`; `None` while it may have another.
pub fn withheld_because(sent: i64, cap: i64) -> Option<String> {
    (sent >= cap).then(|| {
        format!(
            "This address had already been sent {sent} registration links in the last 24 hours, \
             the most one address is sent in a day. Someone may have asked for links that are not theirs."
        )
    })
}

/// What a registration attempt came to.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Booked {
    pub state: RegState,
    /// Place on the waitlist, from 1.
    pub position: Option<i64>,
    /// The manage link's token (only ever shown to the person who registered).
    pub token: String,
}

/// A patron's registration, seen through the manage link.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ManageView {
    pub program: ProgramCard,
    pub name: String,
    pub email: String,
    pub party_size: i64,
    pub party_limit: i64,
    pub needs: Option<String>,
    pub state: RegState,
    pub position: Option<i64>,
    pub past: bool,
}

/// One line of a roster.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RosterEntry {
    pub id: i64,
    pub name: String,
    pub email: String,
    pub party_size: i64,
    pub needs: Option<String>,
    pub state: RegState,
    pub position: Option<i64>,
    pub attendance: Option<Attendance>,
    pub registered_at: i64,
}

/// A program's roster for staff.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Roster {
    pub program: ProgramDetail,
    pub entries: Vec<RosterEntry>,
    pub confirmed_people: i64,
    pub attended_people: i64,
    /// Polls asking for feedback on this program: (id, question).
    pub polls: Vec<(i64, String)>,
    /// Many live registrations from one client address or e-mail domain in a short time.
    pub bursts: Vec<Burst>,
}

/// Checks a librarian's cancellation of a program: the box ticked (`confirm` is "yes") and an
/// optional note for the letter of at most 1,000 characters; returns the note.
pub fn cancel_note(confirm: &str, note: &str) -> Result<Option<String>, AppError> {
    let mut e = FieldErrors::default();
    if confirm != "yes" {
        e.add(
            "confirm",
            "Tick “Yes, cancel it” to cancel the program and write to everyone registered.",
        );
    }
    let note = validate::text(&mut e, "note", "The note", note, false, 1000);
    if e.is_empty() {
        Ok(note)
    } else {
        Err(AppError::Invalid(e))
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_cancellation_needs_the_box_ticked_and_a_short_note() {
        assert_eq!(cancel_note("yes", "  "), Ok(None));
        assert_eq!(
            cancel_note("yes", " Back in March. "),
            Ok(Some("Back in March.".into()))
        );
        let e = cancel_note("", "x").unwrap_err();
        assert!(e
            .fields()
            .unwrap()
            .get("confirm")
            .unwrap()
            .starts_with("Tick"));
        let e = cancel_note("yes", &"x".repeat(1001)).unwrap_err();
        assert!(e.fields().unwrap().get("note").is_some());
    }

    use super::*;
    use proptest::prelude::*;

    #[test]
    fn party_sizes_say_the_limit() {
        let f = RegisterForm {
            name: "Ana".into(),
            email: "ana@example.org".into(),
            party_size: "5".into(),
            needs: String::new(),
            ..Default::default()
        };
        match f.parse(4) {
            Err(AppError::Invalid(e)) => {
                assert_eq!(
                    e.get("party_size"),
                    Some("At most 4 people per registration for this program.")
                )
            }
            other => panic!("{other:?}"),
        }
        let f = RegisterForm {
            email: "not an address".into(),
            party_size: "0".into(),
            ..f
        };
        match f.parse(4) {
            Err(AppError::Invalid(e)) => {
                assert!(e.get("email").is_some());
                assert!(e.get("party_size").is_some());
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn promotion_skips_parties_that_do_not_fit_but_keeps_order() {
        assert_eq!(promotions(3, &[(1, 4), (2, 2), (3, 1), (4, 1)]), vec![2, 3]);
        assert_eq!(promotions(0, &[(1, 1)]), Vec::<i64>::new());
        assert_eq!(promotions(5, &[(1, 3), (2, 3), (3, 2)]), vec![1, 3]);
    }

    #[test]
    fn links_are_withheld_from_the_cap_on() {
        assert_eq!(withheld_because(0, 3), None);
        assert_eq!(withheld_because(2, 3), None);
        let reason = withheld_because(3, 3).expect("withheld at the cap");
        assert!(
            reason.contains("already been sent 3 registration links"),
            "{reason}"
        );
        assert!(withheld_because(9, 3).is_some());
        assert!(
            withheld_because(0, 0).is_some(),
            "a cap of 0 sends no links"
        );
    }

    proptest! {
        /// A registration form: a checked party or field errors, never a panic.
        #[test]
        fn any_registration_form_parses_or_names_its_fields(
            name in "\\PC{0,30}", email in "\\PC{0,30}|[a-z]{1,8}@[a-z]{1,8}\\.org",
            party in "\\PC{0,6}|-?[0-9]{1,20}", limit in -3i64..12,
        ) {
            let f = RegisterForm { name, email, party_size: party, needs: String::new(), fax_number: String::new() };
            match f.parse(limit) {
                Ok(r) => prop_assert!(r.party_size >= 1 && !r.name.trim().is_empty() && r.email.contains('@')),
                Err(AppError::Invalid(e)) => prop_assert!(!e.is_empty()),
                Err(other) => prop_assert!(false, "not a field error: {other:?}"),
            }
        }

        #[test]
        fn promotions_never_exceed_the_free_seats(
            free in 0i64..30, parties in prop::collection::vec(1i64..8, 0..20)
        ) {
            let waiting: Vec<(i64, i64)> = parties.iter().enumerate().map(|(i, p)| (i as i64, *p)).collect();
            let chosen = promotions(free, &waiting);
            let used: i64 = chosen.iter().map(|id| waiting[*id as usize].1).sum();
            prop_assert!(used <= free);
            prop_assert!(chosen.windows(2).all(|w| w[0] < w[1]));
            // Whoever was passed over did not fit in what was left at their turn.
            let mut left = free;
            for (id, party) in &waiting {
                if chosen.contains(id) { left -= party; } else { prop_assert!(*party > left); }
            }
        }
    }
}
