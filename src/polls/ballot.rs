//! A ballot: what the vote form posts, the rules of what it may hold, and what became of it.
//! Who may vote (cards, codes, the browser) is [`super::checks`] and [`super::voter`]; the
//! write that keeps one vote per voter is [`super::writer`]. Pure; tested here.

use serde::{Deserialize, Serialize};

use super::poll::ChoiceKind;

/// A ballot as the vote form posts it.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct VoteForm {
    #[serde(default)]
    pub slug: String,
    /// Option ids, as the radio buttons or checkboxes send them.
    #[serde(default)]
    pub choices: Vec<String>,
    /// Library card number, for card polls.
    #[serde(default)]
    pub card: String,
    /// One-time code, for code polls.
    #[serde(default)]
    pub code: String,
    /// Set to 1 by the embeddable widget, so a form post returns there.
    #[serde(default)]
    pub embed: String,
    /// The honeypot: people never see it, simple bots fill it in.
    #[serde(default)]
    pub fax_number: String,
}

impl VoteForm {
    /// The chosen option ids; anything that is not a number is refused.
    pub fn chosen(&self) -> Result<Vec<i64>, String> {
        self.choices
            .iter()
            .map(|c| {
                c.trim()
                    .parse::<i64>()
                    .map_err(|_| "That option is not part of this poll.".to_string())
            })
            .collect()
    }
}

/// What happened to a ballot.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Voted {
    /// A first ballot.
    Counted,
    /// The voter's earlier ballot now holds these choices; still one vote.
    Changed,
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

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn ballots_name_options_by_number() {
        let f = VoteForm {
            choices: vec!["3".into(), " 9 ".into()],
            ..Default::default()
        };
        assert_eq!(f.chosen(), Ok(vec![3, 9]));
        let bad = VoteForm {
            choices: vec!["3; drop table".into()],
            ..Default::default()
        };
        assert!(bad.chosen().is_err());
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
    proptest! {
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
    }
}
