//! `/staff/polls/:id`: one poll for staff, with its results (always), closing it, its
//! one-time codes, the exports, the embed snippet, and a need made from the winning option.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

use super::results::ResultsView;
use crate::error::AppError;
use crate::polls::api::{load_staff_poll, ClosePoll, MakeCodes, StaffPoll};
use crate::polls::poll::VoterCheck;
use crate::polls::rules::PollPhase;
use crate::ui::fields::{FormStatus, TextField};
use crate::ui::form_state::{action_error, FormErrors};
use crate::ui::widgets::{ErrorView, Loading};
use crate::vocab::{Goal, Offering, Vocab};

/// One poll for staff: results (always), closing, codes, exports and the embed snippet.
#[component]
pub fn StaffPollPage() -> impl IntoView {
    let params = use_params_map();
    let id =
        Memo::new(move |_| params.with(|p| p.get_str("id").and_then(|v| v.parse::<i64>().ok())));
    let close = ServerAction::<ClosePoll>::new();
    let poll = Resource::new(
        move || (id.get(), close.version().get()),
        |(id, _)| async move {
            match id {
                Some(id) => load_staff_poll(id).await,
                None => Err(AppError::NotFound("That poll".into())),
            }
        },
    );
    view! {
        <Transition fallback=|| view! { <Loading /> }>
            {move || Suspend::new(async move {
                match poll.await {
                    Ok(p) => view! { <StaffPollBody data=p close /> }.into_any(),
                    Err(e) => view! { <Title text="Poll" /> <ErrorView error=e /> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn StaffPollBody(data: StaffPoll, close: ServerAction<ClosePoll>) -> impl IntoView {
    let StaffPoll { view, codes } = data;
    let poll = view.poll;
    let clock = view.clock;
    let id = poll.id;
    let public = format!("/polls/{}", poll.slug);
    let embed = format!(
        "<iframe src=\"/embed/polls/{}\" title=\"{}\" width=\"100%\" height=\"560\" style=\"border:0\"></iframe>",
        poll.slug,
        poll.question.replace('"', "&quot;")
    );
    let ends = clock
        .ends_text(&poll)
        .unwrap_or_else(|| "when you close it".into());
    let linked = !poll.goals.is_empty() || !poll.offerings.is_empty();
    let winner = view.results.as_ref().map(winning_label).unwrap_or_default();
    view! {
        <Title text=poll.question.clone() />
        <p class="crumbs"><a href="/staff/polls">"Polls"</a></p>
        <h1>{poll.question.clone()}</h1>
        <p>
            <span class="badge">{view.phase.label()}</span>
            {format!(" Opens {} · closes {} · {} · results: {}", clock.opens_text(&poll), ends, poll.voter_check.label(), poll.visibility.label().to_lowercase())}
        </p>
        {poll.program.clone().map(|(pid, title)| view! {
            <p>"Feedback on the program "<a href=format!("/staff/programs/{pid}")>{title}</a></p>
        })}
        {poll.wording_edited_at.map(|at| view! {
            <p class="notice">{format!("The wording was corrected on {}, after voting began. Each option kept its ballots.", crate::when::date(at))}</p>
        })}
        <p><a href=format!("/staff/polls/{id}/edit")>"Edit"</a>" · "<a href=public.clone()>"Open the public page"</a>" · "<a href=format!("/staff/polls/{id}/results.csv")>"Results (CSV)"</a>" · "<a href=format!("/staff/polls/{id}/ballots.csv")>"Ballots (CSV)"</a></p>
        <FormStatus error=action_error(close.value()) />
        {(view.phase == PollPhase::Open).then(|| view! {
            <ActionForm action=close attr:class="inline">
                <input type="hidden" name="id" value=id />
                <button type="submit" class="secondary">"Close the poll now"</button>
            </ActionForm>
        })}
        <section aria-labelledby="staff-results">
            <h2 id="staff-results">"Results"</h2>
            {view.results.map(|r| view! { <ResultsView results=r /> })}
            {(linked && view.phase == PollPhase::Closed).then(|| {
                view! {
                    <p class="notice">
                        {if winner.is_empty() { "No option won: nobody voted.".to_string() } else { format!("Winning option: {winner}.") }}
                        {format!(" Linked to {}. Turn it into a need to see which partners to ask.", link_text(&poll.goals, &poll.offerings))} " "
                        <a href=need_link(id, &winner, &poll.goals, &poll.offerings)>"Find partners"</a>
                    </p>
                }
            })}
        </section>
        {(poll.voter_check == VoterCheck::Code).then(|| view! { <CodesSection id codes /> })}
        <section aria-labelledby="embed-heading">
            <h2 id="embed-heading">"Put this poll on the library's website"</h2>
            <p>"Paste this into a page of a site an admin has allowed (see Poll settings):"</p>
            <pre class="snippet"><code>{embed}</code></pre>
        </section>
    }
}

fn link_text(goals: &[Goal], offerings: &[Offering]) -> String {
    goals
        .iter()
        .map(|g| g.label().to_lowercase())
        .chain(offerings.iter().map(|o| o.label().to_lowercase()))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The winning option (ties joined with "or"), or "" when nobody voted.
fn winning_label(results: &crate::polls::rules::Results) -> String {
    let top = crate::polls::rules::leaders(results);
    results
        .options
        .iter()
        .filter(|t| top.contains(&t.option_id))
        .map(|t| t.label.clone())
        .collect::<Vec<_>>()
        .join(" or ")
}

/// A new need prefilled from the poll: the winning option as its title, the poll's first
/// offering and all its goals.
fn need_link(poll_id: i64, winner: &str, goals: &[Goal], offerings: &[Offering]) -> String {
    let mut href = format!(
        "/staff/needs/new?poll={poll_id}&title={}",
        crate::url::encode(winner)
    );
    if let Some(o) = offerings.first() {
        href.push_str(&format!("&offering={}", o.slug()));
    }
    for g in goals {
        href.push_str(&format!("&goal={}", g.slug()));
    }
    href
}

#[component]
fn CodesSection(id: i64, codes: (i64, i64)) -> impl IntoView {
    let make = ServerAction::<MakeCodes>::new();
    let errors = FormErrors::new(make.value());
    view! {
        <section aria-labelledby="codes-heading" class="codes">
            <h2 id="codes-heading">"One-time codes"</h2>
            <p>{format!("{} issued, {} used.", codes.0, codes.1)}</p>
            <ActionForm action=make attr:class="stacked narrow" attr:novalidate=true>
                <FormStatus error=action_error(make.value()) />
                <input type="hidden" name="id" value=id />
                <TextField name="count" label="How many new codes" kind="number" required=true value="30" error=errors.signal("count") />
                <button type="submit">"Make codes to print"</button>
            </ActionForm>
            {move || make.value().get().and_then(Result::ok).map(|list| view! {
                <div class="code-sheet">
                    <p class="notice warn">"These codes are shown only now. Print this page and cut the slips apart; each code votes once."</p>
                    <ul class="slips">
                        {list.into_iter().map(|c| view! { <li><span class="slip-code">{c}</span></li> }).collect_view()}
                    </ul>
                </div>
            })}
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::polls::rules::{Results, Tally};

    fn tally(option_id: i64, label: &str, votes: i64) -> Tally {
        Tally {
            option_id,
            label: label.into(),
            votes,
            percent: 0.0,
        }
    }

    #[test]
    fn the_winner_names_the_need_and_ties_are_both_named() {
        let mut r = Results {
            ballots: 9,
            options: vec![tally(1, "Knitting", 3), tally(2, "Comics & zines", 6)],
        };
        assert_eq!(winning_label(&r), "Comics & zines");
        r.options[0].votes = 6;
        assert_eq!(winning_label(&r), "Knitting or Comics & zines");
        r.options.iter_mut().for_each(|t| t.votes = 0);
        assert_eq!(winning_label(&r), "");
    }

    #[test]
    fn find_partners_prefills_the_need_from_the_poll() {
        assert_eq!(
            need_link(4, "Comics & zines", &[Goal::Literacy, Goal::Teens], &[Offering::WorkshopLeader]),
            "/staff/needs/new?poll=4&title=Comics+%26+zines&offering=workshop_leader&goal=literacy&goal=teens"
        );
    }
}
