//! A poll as defined and stored: its vocabularies, its options, and what patrons and staff are
//! shown of it; shared by browser and server. The staff form that defines one is
//! [`super::form`].

use serde::{Deserialize, Serialize};

use super::rules::{phase, PollPhase, Results};
use crate::vocab::{vocab, Goal, Offering, Vocab};

vocab! {
    /// Whether a voter picks one option or several.
    ChoiceKind {
        Single = "single", "One choice";
        Multiple = "multiple", "Several choices";
    }
}

vocab! {
    /// When people who are not staff may see the running results.
    Visibility {
        Live = "live", "Live, to everyone";
        AfterVote = "after_vote", "After voting";
        AfterClose = "after_close", "Only after the poll closes";
    }
}

vocab! {
    /// How the library makes sure each person votes once.
    VoterCheck {
        Browser = "browser", "This browser (casual polls)";
        Card = "card", "Library card number";
        Code = "code", "One-time codes";
    }
}

/// One answer a patron can choose.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PollOption {
    pub id: i64,
    pub label: String,
}

/// A poll as stored.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Poll {
    pub id: i64,
    pub slug: String,
    pub question: String,
    pub description: Option<String>,
    pub choice: ChoiceKind,
    pub max_choices: i64,
    pub opens_at: i64,
    pub closes_at: Option<i64>,
    /// When staff closed it early.
    pub closed_at: Option<i64>,
    pub visibility: Visibility,
    pub voter_check: VoterCheck,
    pub goals: Vec<Goal>,
    pub offerings: Vec<Offering>,
    /// The program the poll asks feedback on: its id and title.
    pub program: Option<(i64, String)>,
    pub options: Vec<PollOption>,
    /// When staff last corrected the wording after voting began.
    #[serde(default)]
    pub wording_edited_at: Option<i64>,
}

impl Poll {
    /// Where the poll is in its life at `now`.
    pub fn phase(&self, now: i64) -> PollPhase {
        phase(self.opens_at, self.closes_at, self.closed_at, now)
    }

    /// The option ids, in order.
    pub fn option_ids(&self) -> Vec<i64> {
        self.options.iter().map(|o| o.id).collect()
    }

    /// `(id, label)` pairs, as [`super::rules::tally`] takes them.
    pub fn option_pairs(&self) -> Vec<(i64, String)> {
        self.options
            .iter()
            .map(|o| (o.id, o.label.clone()))
            .collect()
    }

    /// When voting ends, if it ends on its own or ended early.
    pub fn ends_at(&self) -> Option<i64> {
        super::rules::ends_at(self.closes_at, self.closed_at)
    }
}

/// What a patron (or a librarian) is shown on a poll's page.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PollView {
    pub poll: Poll,
    pub phase: PollPhase,
    /// The choices this visitor's ballot holds, when they have voted (browser polls only: card
    /// and code voters are not recognised until they type their number again).
    pub my_choices: Option<Vec<i64>>,
    /// `None` when the results are hidden from this visitor.
    pub results: Option<Results>,
    /// The library's offsets from UTC at the poll's opening and end, for showing them.
    pub clock: PollClock,
}

/// The library's offsets from UTC, in minutes, in force when a poll opens and when it ends.
/// The server works them out from the library's time zone, so both ends read right in local
/// time even when a daylight-saving change falls between them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PollClock {
    pub opens: i32,
    pub ends: i32,
}

impl PollClock {
    /// When the poll opens, in the library's local time.
    pub fn opens_text(self, poll: &Poll) -> String {
        crate::when::moment(crate::when::to_local(poll.opens_at, self.opens))
    }

    /// When the poll ends (or ended), in the library's local time; `None` while it has no end.
    pub fn ends_text(self, poll: &Poll) -> Option<String> {
        poll.ends_at()
            .map(|t| crate::when::moment(crate::when::to_local(t, self.ends)))
    }
}

/// A line in the staff list of polls.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PollSummary {
    pub id: i64,
    pub slug: String,
    pub question: String,
    pub phase: PollPhase,
    pub voter_check: VoterCheck,
    pub ballots: i64,
    pub opens_at: i64,
    pub ends_at: Option<i64>,
}

/// The origins an admin lets frame the poll widget: one per line (or separated by spaces), each
/// `https://host` or `http://host`, with an optional port and no path.
pub fn parse_origins(text: &str) -> Result<Vec<String>, String> {
    let mut out: Vec<String> = Vec::new();
    for o in text.split_whitespace() {
        let o = o.trim_end_matches('/').to_lowercase();
        let host = o
            .strip_prefix("https://")
            .or_else(|| o.strip_prefix("http://"))
            .ok_or_else(|| format!("{o} must start with https:// (or http://)."))?;
        let (name, port) = host.split_once(':').unwrap_or((host, ""));
        let name_ok = !name.is_empty()
            && name
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'.' || b == b'-');
        let port_ok = port.is_empty() || port.parse::<u16>().is_ok();
        if !name_ok || !port_ok {
            return Err(format!(
                "{o} is not a site address. Write just the site, like https://www.millbrooklibrary.org."
            ));
        }
        if !out.contains(&o) {
            out.push(o);
        }
    }
    Ok(out)
}

/// Why a poll is not taking votes now, in words (empty while it is open).
pub fn not_open_text(poll: &Poll, phase: PollPhase, clock: PollClock) -> String {
    match phase {
        PollPhase::Open => String::new(),
        PollPhase::Scheduled => format!(
            "This poll opens on {}. Please come back then.",
            clock.opens_text(poll)
        ),
        PollPhase::Closed => match clock.ends_text(poll) {
            Some(t) => format!("This poll closed on {t}; it no longer takes votes."),
            None => "This poll is closed; it no longer takes votes.".into(),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
    fn embed_origins_are_sites_without_paths() {
        assert_eq!(
            parse_origins(
                "https://www.library.example/\nhttp://intranet:8080 https://www.library.example"
            ),
            Ok(vec![
                "https://www.library.example".to_string(),
                "http://intranet:8080".to_string()
            ])
        );
        assert!(parse_origins("www.library.example").is_err());
        assert!(parse_origins("https://x.example/page").is_err());
        assert!(parse_origins("https://x.example:99999").is_err());
        assert_eq!(parse_origins("  "), Ok(vec![]));
    }

    #[test]
    fn a_poll_ends_at_its_closing_or_when_closed_early() {
        let mut p = Poll {
            id: 1,
            slug: "s".into(),
            question: "q".into(),
            description: None,
            choice: ChoiceKind::Single,
            max_choices: 1,
            opens_at: 0,
            closes_at: Some(100),
            closed_at: None,
            visibility: Visibility::Live,
            voter_check: VoterCheck::Browser,
            goals: vec![],
            offerings: vec![],
            program: None,
            options: vec![],
            wording_edited_at: None,
        };
        assert_eq!(p.ends_at(), Some(100));
        p.closed_at = Some(50);
        assert_eq!(p.ends_at(), Some(50));
        p.closes_at = None;
        assert_eq!(p.ends_at(), Some(50));
        assert_eq!(p.phase(60), PollPhase::Closed);
    }
}
