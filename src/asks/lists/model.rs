//! Which asks a list shows and the follow-up delay. Pure; tested here.

use serde::{Deserialize, Serialize};

use crate::asks::model::{AskStatus, AskSummary};
use crate::error::AppError;
use crate::vocab::Vocab;

/// Which asks a list shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AskFilter {
    All,
    Status(AskStatus),
    /// Sent, unanswered and older than the follow-up delay.
    FollowUp,
}

impl AskFilter {
    /// The asks list's filter: one state, every state (`""`/`"all"`), or `"follow_up"`.
    pub fn parse(slug: &str) -> Result<AskFilter, AppError> {
        match slug.trim() {
            "" | "all" => Ok(AskFilter::All),
            "follow_up" => Ok(AskFilter::FollowUp),
            s => AskStatus::from_slug(s)
                .map(AskFilter::Status)
                .ok_or_else(|| AppError::BadRequest("There is no such ask state.".into())),
        }
    }
}

/// The follow-up delay until an admin sets one.
pub const DEFAULT_FOLLOW_UP_DAYS: i64 = 7;

/// Parses the follow-up delay an admin types: whole days from 1 to 30.
pub fn parse_follow_up_days(value: &str) -> Result<i64, AppError> {
    match value.trim().parse::<i64>() {
        Ok(d) if (1..=30).contains(&d) => Ok(d),
        _ => Err(AppError::field(
            "days",
            "Give a number of days from 1 to 30.",
        )),
    }
}

/// The asks page: one state's asks, with how many each state holds.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AsksView {
    pub asks: Vec<AskSummary>,
    pub counts: Vec<(String, i64)>,
    pub follow_up_days: i64,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_follow_up_delay_is_whole_days_within_a_month() {
        assert_eq!(parse_follow_up_days(" 10 ").unwrap(), 10);
        for bad in ["0", "31", "7.5", "a week", ""] {
            assert!(parse_follow_up_days(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn filters_parse() {
        assert_eq!(AskFilter::parse("").unwrap(), AskFilter::All);
        assert_eq!(AskFilter::parse("follow_up").unwrap(), AskFilter::FollowUp);
        assert_eq!(
            AskFilter::parse("expired").unwrap(),
            AskFilter::Status(AskStatus::Expired)
        );
        assert!(AskFilter::parse("nope").is_err());
    }
}
