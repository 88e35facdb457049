//! Voting and viewing as plain functions: the server functions and the results stream are thin
//! wrappers around these.

use super::api::{PollSettings, StaffPoll};
use super::ballot::{check_choices, VoteForm, Voted};
use super::checks::{card_fits, check_card_pattern, format_code, normalize_card, normalize_code};
use super::form::PollForm;
use super::poll::{not_open_text, parse_origins, Poll, PollClock, PollView, VoterCheck};
use super::rules::{results_visible, PollPhase};
use super::writer::{Ballot, Cast};
use super::{checks_repo, repo, voter};
use crate::error::AppError;
use crate::server::changes::Notice;
use crate::server::state::AppState;
use crate::server::zone::Zone;

/// Who is asking, as far as polls care.
#[derive(Clone, Debug, Default)]
pub struct Visitor {
    /// The client address (for the rate limit).
    pub addr: String,
    /// The `cp_voter` cookie, as sent.
    pub voter_cookie: Option<String>,
    pub is_staff: bool,
}

/// The result of a vote: what happened, and a voter cookie to set for a new browser voter.
#[derive(Clone, Debug)]
pub struct VoteResult {
    pub voted: Voted,
    pub poll: Poll,
}

/// The refusal of a "this browser" ballot that carries no voter cookie from an earlier visit
/// to the poll's page.
pub const NO_VOTER_COOKIE: &str = "This poll counts one vote per browser, and your browser did not keep the poll's cookie. Allow cookies for this site, open the poll again and vote.";

/// Why a poll is not taking votes now, if it is not.
pub fn not_open_message(poll: &Poll, phase: PollPhase, clock: PollClock) -> Option<String> {
    (phase != PollPhase::Open).then(|| not_open_text(poll, phase, clock))
}

/// The library's offsets from UTC at a poll's two ends, from its time zone.
pub fn clock(zone: Zone, poll: &Poll) -> PollClock {
    let opens = zone.offset_at(poll.opens_at);
    PollClock {
        opens,
        ends: poll.ends_at().map_or(opens, |t| zone.offset_at(t)),
    }
}

/// The browser voter's ballot key, if the cookie is genuine.
fn browser_key(state: &AppState, visitor: &Visitor) -> Option<String> {
    let id = voter::browser_voter_from_cookie(state, visitor.voter_cookie.as_deref()?)?;
    Some(voter::browser_key(state, &id))
}

/// The choices this visitor's ballot holds: browser polls only, since card and code voters
/// are not recognised until they type their number again.
async fn my_choices(
    state: &AppState,
    poll: &Poll,
    visitor: &Visitor,
) -> Result<Option<Vec<i64>>, AppError> {
    match (poll.voter_check, browser_key(state, visitor)) {
        (VoterCheck::Browser, Some(key)) => repo::ballot_of(&state.db, poll.id, &key).await,
        _ => Ok(None),
    }
}

/// A poll's page for one visitor: results only when the poll's rule lets them see them.
pub async fn view(state: &AppState, slug: &str, visitor: &Visitor) -> Result<PollView, AppError> {
    view_of(state, repo::by_slug(&state.db, slug).await?, visitor).await
}

/// [`view`] of a poll already loaded.
pub async fn view_of(
    state: &AppState,
    poll: Poll,
    visitor: &Visitor,
) -> Result<PollView, AppError> {
    let phase = poll.phase(state.clock.now());
    let my_choices = my_choices(state, &poll, visitor).await?;
    let visible = results_visible(
        poll.visibility,
        phase,
        my_choices.is_some(),
        visitor.is_staff,
    );
    let results = if visible {
        Some(repo::results(&state.db, poll.id).await?)
    } else {
        None
    };
    let clock = clock(state.zone, &poll);
    Ok(PollView {
        poll,
        phase,
        my_choices,
        results,
        clock,
    })
}

/// Checks the staff form (times in the library's time zone) and stores the poll.
pub async fn create(state: &AppState, staff_id: i64, form: &PollForm) -> Result<i64, AppError> {
    let poll = form
        .parse(|local| state.zone.naive_to_utc(local))
        .map_err(AppError::Invalid)?;
    repo::create(&state.db, Some(staff_id), &poll).await
}

/// One poll as staff see it: results whatever the rule, and its codes.
pub async fn staff_view(
    state: &AppState,
    id: i64,
    visitor: &Visitor,
) -> Result<StaffPoll, AppError> {
    let poll = repo::by_id(&state.db, id).await?;
    let view = view_of(state, poll, visitor).await?;
    let codes = checks_repo::code_counts(&state.db, id).await?;
    Ok(StaffPoll { view, codes })
}

/// Whether this visitor may follow a poll's results live.
pub async fn may_watch(state: &AppState, poll: &Poll, visitor: &Visitor) -> Result<bool, AppError> {
    let voted = my_choices(state, poll, visitor).await?.is_some();
    Ok(results_visible(
        poll.visibility,
        poll.phase(state.clock.now()),
        voted,
        visitor.is_staff,
    ))
}

/// Closes a poll now and tells every open results stream.
pub async fn close(state: &AppState, id: i64) -> Result<(), AppError> {
    repo::close(&state.db, id).await?;
    let notice = Notice {
        topic: "poll".into(),
        payload: id.to_string(),
    };
    state.changes.announce(&state.db, notice).await;
    Ok(())
}

/// The public list of polls: open ones and those closed lately, with their closing times in
/// the library's time.
pub async fn public_list(state: &AppState) -> Result<super::rules::PublicPolls, AppError> {
    use super::rules::{PublicPoll, PublicPolls};
    let lists = PublicPolls::of(repo::list(&state.db).await?, state.clock.now());
    let zone = state.zone;
    let public = |p: super::poll::PollSummary| PublicPoll {
        slug: p.slug,
        question: p.question,
        ballots: p.ballots,
        ends: p
            .ends_at
            .map(|t| crate::when::moment(crate::when::to_local(t, zone.offset_at(t)))),
    };
    Ok(PublicPolls {
        open: lists.open.into_iter().map(public).collect(),
        recent: lists.recent.into_iter().map(public).collect(),
    })
}

/// A poll as its edit page needs it.
pub async fn editor(state: &AppState, id: i64) -> Result<super::edit::PollEditor, AppError> {
    let poll = repo::by_id(&state.db, id).await?;
    let ballots = repo::ballot_count(&state.db, id).await?;
    Ok(super::edit::PollEditor {
        id,
        slug: poll.slug.clone(),
        question: poll.question.clone(),
        ballots,
        form: PollForm::from_poll(&poll, clock(state.zone, &poll)),
        labels: poll.options.iter().map(|o| o.label.clone()).collect(),
        program: poll.program.clone(),
    })
}

/// Saves an edit of a poll. `wording_only` is the form the page showed once people had voted:
/// the question, description and option labels. The whole form is refused once a ballot is in
/// (nothing of it saved), so a change of settings or options is never half applied.
pub async fn save(
    state: &AppState,
    id: i64,
    wording_only: bool,
    form: &PollForm,
) -> Result<(), AppError> {
    if wording_only {
        let poll = repo::by_id(&state.db, id).await?;
        let wording =
            super::edit::parse_wording(form, poll.options.len()).map_err(AppError::Invalid)?;
        repo::reword(&state.db, id, &wording).await?;
    } else {
        let poll = form
            .parse(|local| state.zone.naive_to_utc(local))
            .map_err(AppError::Invalid)?;
        repo::replace(&state.db, id, &poll).await?;
    }
    // Anyone watching the results live sees the new wording.
    let notice = Notice {
        topic: "poll".into(),
        payload: id.to_string(),
    };
    state.changes.announce(&state.db, notice).await;
    Ok(())
}

/// The poll settings in force.
pub async fn settings(state: &AppState) -> Result<PollSettings, AppError> {
    let (pattern, check_digit) = checks_repo::card_rules(&state.db).await?;
    Ok(PollSettings {
        pattern,
        check_digit,
        listed: checks_repo::cards_listed(&state.db).await?,
        embed_origins: repo::embed_origins(&state.db).await?.join("\n"),
    })
}

/// Casts (or changes) a ballot. Every refusal says what to do about it.
pub async fn vote(
    state: &AppState,
    form: &VoteForm,
    visitor: &Visitor,
) -> Result<VoteResult, AppError> {
    let poll = repo::by_slug(&state.db, form.slug.trim()).await?;
    if !form.fax_number.is_empty() {
        // A bot filled the hidden field: thank it and store nothing.
        tracing::info!("vote honeypot filled; ignored");
        return Ok(VoteResult {
            voted: Voted::Counted,
            poll,
        });
    }
    let poll_clock = clock(state.zone, &poll);
    if let Some(msg) = not_open_message(&poll, poll.phase(state.clock.now()), poll_clock) {
        return Err(AppError::Conflict(msg));
    }
    let chosen = form.chosen().map_err(|m| AppError::field("choices", m))?;
    let choices = check_choices(poll.choice, poll.max_choices, &poll.option_ids(), &chosen)
        .map_err(|m| AppError::field("choices", m))?;
    if !state.vote_limiter.allow(&state.key.hash(&visitor.addr)) {
        return Err(AppError::TooManyRequests(
            "Many votes came from this connection in the last minute. Please wait a minute and try again."
                .into(),
        ));
    }

    let mut code_hash = None;
    let voter_key = match poll.voter_check {
        // The voter id comes only from the cookie the poll's page gave this browser: a client
        // that keeps no cookie cannot be a new voter with every ballot.
        VoterCheck::Browser => {
            browser_key(state, visitor).ok_or_else(|| AppError::Conflict(NO_VOTER_COOKIE.into()))?
        }
        VoterCheck::Card => {
            let card = normalize_card(&form.card).ok_or_else(|| {
                AppError::field(
                    "card",
                    "Enter your library card number as it is printed on the card.",
                )
            })?;
            check_card_from(state, poll.id, &card, &visitor.addr).await?;
            voter::card_key(state, &card)
        }
        VoterCheck::Code => {
            let code = normalize_code(&form.code).ok_or_else(|| {
                AppError::field(
                    "code",
                    "Enter the code exactly as it is printed, like ABCD-EFGH-JKMN-PQRS.",
                )
            })?;
            code_hash = Some(voter::code_hash(state, &code));
            voter::code_key(state, &code)
        }
    };
    let cast = state
        .features
        .get::<super::writer::BallotWriter>()?
        .cast(Ballot {
            poll_id: poll.id,
            voter: voter_key,
            choices,
            code_hash,
        })
        .await?;
    let voted = match cast {
        Cast::New => Voted::Counted,
        // Anyone may type a card number: "changed" would tell them that card's holder had
        // voted. A card's ballot is answered the same way, first or not.
        Cast::Changed if poll.voter_check == VoterCheck::Card => Voted::Counted,
        Cast::Changed => Voted::Changed,
        Cast::NotOpen => {
            let msg = not_open_message(&poll, PollPhase::Closed, poll_clock)
                .unwrap_or_else(|| "This poll is not taking votes.".into());
            return Err(AppError::Conflict(msg));
        }
        Cast::Stale => return Err(AppError::Conflict(
            "The library changed this poll's options just now. Please read them again and vote."
                .into(),
        )),
        Cast::UnknownCode => {
            return Err(AppError::field(
                "code",
                "That code is not one of this poll's codes. Check it, or ask the library for one.",
            ))
        }
    };
    Ok(VoteResult { voted, poll })
}

/// The one answer to a card number that may not vote, whatever the reason (no pattern fits,
/// not in the imported list): it tells a stranger trying numbers nothing about which are real.
pub const CARD_REFUSED: &str = "We could not accept that card number for this poll. Check the number on your card, or ask at the desk.";

/// Card numbers one client address may try without success per poll in an hour.
pub const CARD_TRIES_PER_HOUR: i64 = 10;

/// [`check_card`], counting a client's unsuccessful numbers per poll: a script cannot try
/// number after number to find real cards.
async fn check_card_from(
    state: &AppState,
    poll_id: i64,
    card: &str,
    addr: &str,
) -> Result<(), AppError> {
    use crate::server::rate;
    let bucket = format!("card:{poll_id}:{}", state.key.hash(addr));
    let message = "Too many card numbers that could not be accepted came from this connection. Please ask at the desk.";
    rate::check(&state.db, &bucket, CARD_TRIES_PER_HOUR, 3600, message).await?;
    let checked = check_card(state, card).await;
    if matches!(checked, Err(AppError::Invalid(_))) {
        rate::record_event(&state.db, &bucket).await?;
    }
    checked
}

/// A card may vote when it matches the admin's patterns or is in the imported list.
async fn check_card(state: &AppState, card: &str) -> Result<(), AppError> {
    let (pattern, check_digit) = checks_repo::card_rules(&state.db).await?;
    if card_fits(&pattern, check_digit, card) {
        return Ok(());
    }
    if checks_repo::card_listed(&state.db, &voter::card_hash(state, card)).await? {
        return Ok(());
    }
    if pattern.trim().is_empty() && checks_repo::cards_listed(&state.db).await? == 0 {
        return Err(AppError::Conflict(
            "Voting with a library card is not set up yet. Please ask at the desk.".into(),
        ));
    }
    Err(AppError::field("card", CARD_REFUSED))
}

/// Makes `n` new one-time codes for a poll and returns them (they are shown once, then only
/// their hashes remain).
pub async fn make_codes(
    state: &AppState,
    poll_id: i64,
    count: &str,
) -> Result<Vec<String>, AppError> {
    use rand::RngCore;
    let n = count
        .trim()
        .parse::<usize>()
        .map_err(|_| AppError::field("count", "Enter how many codes to make, as a number."))?;
    if !(1..=1000).contains(&n) {
        return Err(AppError::field(
            "count",
            "Make between 1 and 1,000 codes at a time.",
        ));
    }
    let poll = repo::by_id(&state.db, poll_id).await?;
    if poll.voter_check != VoterCheck::Code {
        return Err(AppError::Conflict(
            "This poll does not use one-time codes.".into(),
        ));
    }
    let mut codes = Vec::with_capacity(n);
    let mut rng = rand::rngs::OsRng;
    for _ in 0..n {
        let mut bytes = [0u8; 10];
        rng.fill_bytes(&mut bytes);
        codes.push(format_code(&bytes));
    }
    let hashes: Vec<String> = codes
        .iter()
        .filter_map(|c| normalize_code(c))
        .map(|c| voter::code_hash(state, &c))
        .collect();
    checks_repo::add_codes(&state.db, poll_id, &hashes).await?;
    Ok(codes)
}

/// Saves the poll settings: the card patterns, (when given) the list of valid cards, one per
/// line or as the first column of a CSV, and the origins that may frame the widget; all checked
/// first, then written in one transaction. Returns how many cards the list holds.
pub async fn save_settings(
    state: &AppState,
    pattern: &str,
    check_digit: bool,
    csv: Option<&str>,
    embed_origins: &str,
) -> Result<i64, AppError> {
    let pattern = pattern.trim();
    if !pattern.is_empty() {
        check_card_pattern(pattern).map_err(|m| AppError::field("pattern", m))?;
    } else if check_digit {
        return Err(AppError::field(
            "check_digit",
            "The check digit applies to card numbers that fit a pattern: add a pattern first.",
        ));
    }
    let origins = parse_origins(embed_origins).map_err(|m| AppError::field("embed_origins", m))?;
    let hashes = match csv {
        Some(text) if !text.trim().is_empty() => {
            let mut hashes = Vec::new();
            for (i, line) in text.lines().enumerate() {
                let first = line.split([',', ';', '\t']).next().unwrap_or_default();
                let first = first.trim().trim_matches('"');
                if first.is_empty() {
                    continue;
                }
                // A first row without digits is a header ("card number").
                if i == 0 && !first.bytes().any(|b| b.is_ascii_digit()) {
                    continue;
                }
                match normalize_card(first) {
                    Some(card) => hashes.push(voter::card_hash(state, &card)),
                    None => {
                        return Err(AppError::field(
                            "cards",
                            format!(
                                "Line {} is not a card number: {:?}. Nothing was imported.",
                                i + 1,
                                first.chars().take(40).collect::<String>()
                            ),
                        ))
                    }
                }
            }
            Some(hashes)
        }
        _ => None,
    };
    repo::save_settings(&state.db, pattern, check_digit, hashes.as_deref(), &origins).await?;
    checks_repo::cards_listed(&state.db).await
}
