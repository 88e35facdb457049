//! Staff poll pages: `/staff/polls` (list), `/staff/polls/new`, `/staff/polls/:id`, and the
//! admin's poll settings at `/admin/polls`.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

use super::results::ResultsView;
use crate::error::AppError;
use crate::polls::api::{
    list_polls, load_poll_settings, load_staff_poll, ClosePoll, CreatePoll, MakeCodes,
    SavePollSettings, StaffPoll,
};
use crate::polls::model::{
    fixed_offset, ChoiceKind, PollForm, Visibility, VoterCheck, MAX_OPTIONS,
};
use crate::polls::poll::PollSummary;
use crate::polls::rules::PollPhase;
use crate::ui::fields::{
    field_id, Choices, FormStatus, PlainSelect, TextArea, TextField, VocabChecks, VocabSelect,
};
use crate::ui::form_state::{action_error, forget_touched, live_validation, FormErrors};
use crate::ui::widgets::{Empty, ErrorView, Loading};
use crate::vocab::{Goal, Offering, Vocab};

/// Option rows the new-poll form starts with.
const START_ROWS: usize = 6;

/// Every poll, with its state and number of ballots.
#[component]
pub fn PollsPage() -> impl IntoView {
    let polls = Resource::new(|| (), |_| list_polls());
    view! {
        <Title text="Polls" />
        <div class="page-head">
            <h1>"Polls"</h1>
            <a class="button" href="/staff/polls/new">"New poll"</a>
        </div>
        <Transition fallback=|| view! { <Loading /> }>
            {move || Suspend::new(async move {
                match polls.await {
                    Ok(list) if list.is_empty() => view! {
                        <Empty><p>"No polls yet. Ask the community something: which workshop to run next, or how a program went."</p></Empty>
                    }.into_any(),
                    Ok(list) => view! { <PollTable polls=list /> }.into_any(),
                    Err(e) => view! { <ErrorView error=e /> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn PollTable(polls: Vec<PollSummary>) -> impl IntoView {
    view! {
        <div class="table-wrap">
            <table>
                <caption class="visually-hidden">"Polls, newest first"</caption>
                <thead>
                    <tr>
                        <th scope="col">"Question"</th>
                        <th scope="col">"State"</th>
                        <th scope="col">"Who may vote"</th>
                        <th scope="col" class="num">"Ballots"</th>
                    </tr>
                </thead>
                <tbody>
                    {polls.into_iter().map(|p| view! {
                        <tr>
                            <th scope="row"><a href=format!("/staff/polls/{}", p.id)>{p.question}</a></th>
                            <td><span class="badge">{p.phase.label()}</span></td>
                            <td>{p.voter_check.label()}</td>
                            <td class="num">{p.ballots}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}

/// The form for a new poll.
#[component]
pub fn NewPollPage() -> impl IntoView {
    let create = ServerAction::<CreatePoll>::new();
    let errors = FormErrors::new(create.value());
    let e = move |name: &'static str| errors.signal(name);
    let rows = RwSignal::new(vec![String::new(); START_ROWS]);
    let query = use_query_map();
    let chosen = query.with_untracked(|q| q.get("program").unwrap_or_default());
    let programs = Resource::new(|| (), |_| crate::programs::calendar::api::recent_programs());
    view! {
        <Title text="New poll" />
        <h1>"New poll"</h1>
        <ActionForm action=create attr:class="stacked" attr:novalidate=true on:submit=forget_touched(errors)
            on:input=live_validation(errors, |f: &PollForm| f.parse(fixed_offset(0)).err().unwrap_or_default())>
            <FormStatus error=action_error(create.value()) />
            <fieldset>
                <legend>"The question"</legend>
                <TextField name="question" label="Question" required=true maxlength=200 error=e("question") />
                <TextArea name="description" label="More about it (optional)" rows=3 error=e("description") />
                <TextField name="slug" label="Web address (optional)" hint="The end of the poll's address, like spring-workshops. Left blank, it is made from the question." error=e("slug") />
            </fieldset>
            <OptionRows rows error=e("options") />
            <fieldset>
                <legend>"How people answer"</legend>
                <VocabSelect name="choice" label="Answers per person" choices={Choices::of::<ChoiceKind>(&[ChoiceKind::Single])} required=true error=e("choice") />
                <TextField name="max_choices" label="Most options one person may choose" kind="number" hint="Only for several choices. Blank: any number." error=e("max_choices") />
                <VocabSelect name="voter_check" label="Who may vote, once" choices={Choices::of::<VoterCheck>(&[VoterCheck::Browser])} required=true
                    hint=VOTER_CHECK_HINT error=e("voter_check") />
                <VocabSelect name="visibility" label="Who sees the results, when" choices={Choices::of::<Visibility>(&[Visibility::AfterVote])} required=true error=e("visibility") />
            </fieldset>
            <fieldset>
                <legend>"When it is open"</legend>
                <div class="row">
                    <TextField name="opens_on" label="Opens on" kind="date" required=true error=e("opens_on") />
                    <TextField name="opens_at_time" label="at" kind="time" hint="Blank: the start of the day." error=e("opens_at_time") />
                </div>
                <div class="row">
                    <TextField name="closes_on" label="Closes on" kind="date" hint="Blank: open until you close it." error=e("closes_on") />
                    <TextField name="closes_at_time" label="at" kind="time" hint="Blank: the end of the day." error=e("closes_at_time") />
                </div>
            </fieldset>
            <VocabChecks choices={Choices::of::<Goal>(&[])} name="goals" legend="Goals this poll informs (optional)" hint="A closed poll linked to goals or offerings can start a search for partners." error=e("goals") />
            <VocabChecks choices={Choices::of::<Offering>(&[])} name="offerings" legend="Offerings it is about (optional)" error=e("offerings") />
            <Transition fallback=|| view! { <Loading /> }>
                {move || {
                    let chosen = chosen.clone();
                    Suspend::new(async move {
                        let options = programs.await.unwrap_or_default().into_iter().map(|(id, label)| (id.to_string(), label)).collect();
                        view! {
                            <PlainSelect name="program" label="Feedback on a program (optional)" empty="No program" options=options chosen=chosen error=errors.get("program") />
                        }
                    })
                }}
            </Transition>
            <div class="form-actions">
                <button type="submit">"Create the poll"</button>
                <a href="/staff/polls">"Cancel"</a>
            </div>
        </ActionForm>
    }
}

/// The option rows: blank rows are skipped; with JavaScript, rows can be added and moved.
#[component]
fn OptionRows(rows: RwSignal<Vec<String>>, error: Signal<Option<String>>) -> impl IntoView {
    let id = field_id("options");
    let err_id = format!("{id}-error");
    let hint_id = format!("{id}-hint");
    let set_id = id.clone();
    let swap = move |a: usize, b: usize| {
        rows.update(|r| {
            if a < r.len() && b < r.len() {
                r.swap(a, b);
            }
        })
    };
    view! {
        <fieldset class="options" id=set_id class:has-error=move || error.get().is_some()
            aria-describedby=move || error.get().is_some().then(|| format!("{}-hint {}-error", field_id("options"), field_id("options")))>
            <legend>"Options (at least 2, at most 20)"</legend>
            <p class="hint" id=hint_id>"One option per row, in the order people see them. Blank rows are left out."</p>
            <ol class="option-rows">
                {move || {
                    let n = rows.with(Vec::len);
                    (0..n).map(|i| {
                        let input_id = format!("{id}-{i}");
                        let value = rows.with_untracked(|r| r[i].clone());
                        view! {
                            <li>
                                <label for=input_id.clone() class="visually-hidden">{format!("Option {}", i + 1)}</label>
                                <input id=input_id type="text" name="options[]" maxlength="120" prop:value=value
                                    on:input=move |ev| { let v = event_target_value(&ev); rows.update_untracked(|r| r[i] = v); } />
                                <button type="button" class="small" aria-label=format!("Move option {} up", i + 1) disabled=i == 0 on:click=move |_| swap(i, i.saturating_sub(1))>"↑"</button>
                                <button type="button" class="small" aria-label=format!("Move option {} down", i + 1) disabled=i + 1 == n on:click=move |_| swap(i, i + 1)>"↓"</button>
                            </li>
                        }
                    }).collect_view()
                }}
            </ol>
            <button type="button" class="secondary" on:click=move |_| rows.update(|r| if r.len() < MAX_OPTIONS { r.push(String::new()) })>"Add a row"</button>
            <p class="field-error" id=err_id hidden=move || error.get().is_none()>{move || error.get().unwrap_or_default()}</p>
        </fieldset>
    }
}

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
        <p><a href=public.clone()>"Open the public page"</a>" · "<a href=format!("/staff/polls/{id}/results.csv")>"Results (CSV)"</a>" · "<a href=format!("/staff/polls/{id}/ballots.csv")>"Ballots (CSV)"</a></p>
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

/// The admin's poll settings: card-number rules, and the sites that may frame the poll widget.
#[component]
pub fn PollSettingsPage() -> impl IntoView {
    let save = ServerAction::<SavePollSettings>::new();
    let query = use_query_map();
    let settings = Resource::new(move || save.version().get(), |_| load_poll_settings());
    let errors = FormErrors::new(save.value());
    view! {
        <Title text="Poll settings" />
        <h1>"Poll settings"</h1>
        {move || {
            // Hydrated: the action's answer; a plain form post comes back with `?saved=`.
            let saved = save.value().get().and_then(Result::ok).or_else(|| {
                query.with(|q| q.get_str("saved").and_then(|v| v.parse::<i64>().ok()))
            });
            saved.map(|n| view! {
                <p class="notice success" role="status">{format!("Saved. The card list holds {n} cards.")}</p>
            })
        }}
        <Transition fallback=|| view! { <Loading /> }>
            {move || Suspend::new(async move {
                match settings.await {
                    Ok(s) => view! {
                        <ActionForm action=save attr:class="stacked" attr:novalidate=true>
                            <FormStatus error=action_error(save.value()) />
                            <fieldset>
                                <legend>"Library cards"</legend>
                                <p>"Polls that ask for a library card accept a number that fits one of the patterns or is in the imported list. Card numbers are never stored: only a keyed scramble of each."</p>
                                <TextArea name="pattern" label="Card-number patterns" value=s.pattern rows=3
                                    hint="One per line. # is any digit, @ any letter, * any run of letters and digits; anything else must match as typed. Example: 2901#########"
                                    error=errors.signal("pattern") />
                                <div class="field" class:has-error=move || errors.get("check_digit").is_some()>
                                    <label class="check" for="f-check_digit">
                                        <input type="checkbox" id="f-check_digit" name="check_digit" value="on"
                                            checked=crate::ui::draft::is_ticked("check_digit", "on", s.check_digit)
                                            aria-describedby="f-check_digit-hint f-check_digit-error" />
                                        "The last digit is a check digit (mod 10)"
                                    </label>
                                    <p class="hint" id="f-check_digit-hint">"Many library cards end in a digit computed from the others (the Luhn rule, as on bank cards). With this on, a number that fits a pattern must also carry the right check digit, which stops most mistyped and made-up numbers. Cards in the imported list are accepted as listed."</p>
                                    <p class="field-error" id="f-check_digit-error" hidden=move || errors.get("check_digit").is_none()>{move || errors.get("check_digit").unwrap_or_default()}</p>
                                </div>
                                <TextArea name="cards" label="Valid card numbers (optional)" rows=6
                                    hint="Paste a list, one card per line, or a CSV whose first column is the card number. It replaces the current list; leave blank to keep it."
                                    error=errors.signal("cards") />
                                <p>{format!("The list now holds {} cards.", s.listed)}</p>
                            </fieldset>
                            <fieldset>
                                <legend>"The poll widget"</legend>
                                <TextArea name="embed_origins" label="Sites that may show the poll widget" value=s.embed_origins rows=3
                                    hint="One per line, like https://www.millbrooklibrary.org. Other sites cannot frame it."
                                    error=errors.signal("embed_origins") />
                            </fieldset>
                            <button type="submit">"Save poll settings"</button>
                        </ActionForm>
                    }.into_any(),
                    Err(e) => view! { <ErrorView error=e /> }.into_any(),
                }
            })}
        </Transition>
    }
}

/// What each voter check does and does not prevent, in the words a librarian chooses by.
const VOTER_CHECK_HINT: &str = "This browser: one vote per browser; someone who clears cookies or \
    switches browser or device can vote again, so use it for light questions. Library card: one \
    vote per card number that fits your card patterns or list; a card number is not a password, \
    so anyone who knows or guesses a valid number can vote with it. One-time codes: one vote per \
    code you hand out; codes cannot be guessed, so this is the strongest check.";

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
