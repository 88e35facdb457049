//! `/staff/polls` (every poll, with its state and ballots) and `/staff/polls/new` (the form
//! that defines one).

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::polls::api::{list_polls, CreatePoll};
use crate::polls::form::{fixed_offset, PollForm, MAX_OPTIONS};
use crate::polls::poll::{ChoiceKind, PollSummary, Visibility, VoterCheck};
use crate::ui::fields::{
    field_id, Choices, FormStatus, PlainSelect, TextArea, TextField, VocabChecks, VocabSelect,
};
use crate::ui::form_state::{action_error, forget_touched, live_validation, FormErrors};
use crate::ui::table::{col, num, ListTable};
use crate::ui::widgets::{Empty, ErrorView, Loading};
use crate::vocab::{Goal, Offering, Vocab};

/// Option rows the new-poll form starts with.
const START_ROWS: usize = 6;

/// Every poll, with its state and number of ballots.
#[component]
pub fn PollsPage() -> impl IntoView {
    let polls = Resource::new(|| (), |_| list_polls());
    let deleted = use_query_map().with_untracked(|q| q.get_str("deleted").is_some());
    view! {
        <Title text="Polls" />
        <div class="page-head">
            <h1>"Polls"</h1>
            <a class="button" href="/staff/polls/new">"New poll"</a>
        </div>
        {deleted.then(|| view! { <p class="notice success" role="status">"The poll was deleted."</p> })}
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
        <ListTable caption="Polls, newest first" columns=vec![col("Question"), col("State"), col("Who may vote"), num("Ballots")]>
                    {polls.into_iter().map(|p| view! {
                        <tr>
                            <th scope="row"><a href=format!("/staff/polls/{}", p.id)>{p.question}</a></th>
                            <td><span class="badge">{p.phase.label()}</span></td>
                            <td>{p.voter_check.label()}</td>
                            <td class="num">{p.ballots}</td>
                        </tr>
                    }).collect_view()}
        </ListTable>
    }
}

/// The form for a new poll.
#[component]
pub fn NewPollPage() -> impl IntoView {
    let create = ServerAction::<CreatePoll>::new();
    let errors = FormErrors::new(create.value());
    let query = use_query_map();
    let initial = PollForm {
        program: query.with_untracked(|q| q.get("program").unwrap_or_default()),
        ..PollForm::default()
    };
    view! {
        <Title text="New poll" />
        <h1>"New poll"</h1>
        <ActionForm action=create attr:class="stacked" attr:novalidate=true on:submit=forget_touched(errors)
            on:input=live_validation(errors, |f: &PollForm| f.parse(fixed_offset(0)).err().unwrap_or_default())>
            <FormStatus error=action_error(create.value()) />
            <PollFields initial errors program=None />
            <div class="form-actions">
                <button type="submit">"Create the poll"</button>
                <a href="/staff/polls">"Cancel"</a>
            </div>
        </ActionForm>
    }
}

/// Every field of a poll, filled in from `initial` (blank for a new poll). `program` is the
/// poll's current program, offered even when it is older than the list of recent ones.
#[component]
pub fn PollFields(
    initial: PollForm,
    errors: FormErrors,
    program: Option<(i64, String)>,
) -> impl IntoView {
    let e = move |name: &'static str| errors.signal(name);
    let mut labels = initial.options.clone();
    labels.resize(labels.len().max(START_ROWS), String::new());
    let rows = RwSignal::new(labels);
    let programs = Resource::new(|| (), |_| crate::programs::calendar::api::recent_programs());
    let chosen = initial.program.clone();
    let choice = ChoiceKind::from_slug(&initial.choice).unwrap_or(ChoiceKind::Single);
    let voter_check = VoterCheck::from_slug(&initial.voter_check).unwrap_or(VoterCheck::Browser);
    let visibility = Visibility::from_slug(&initial.visibility).unwrap_or(Visibility::AfterVote);
    view! {
        <fieldset>
            <legend>"The question"</legend>
            <TextField name="question" label="Question" required=true maxlength=200 value=initial.question.clone() error=e("question") />
            <TextArea name="description" label="More about it (optional)" rows=3 value=initial.description.clone() error=e("description") />
            <TextField name="slug" label="Web address (optional)" value=initial.slug.clone() hint="The end of the poll's address, like spring-workshops. Left blank, it is made from the question." error=e("slug") />
        </fieldset>
        <OptionRows rows error=e("options") />
        <fieldset>
            <legend>"How people answer"</legend>
            <VocabSelect name="choice" label="Answers per person" choices={Choices::of::<ChoiceKind>(&[choice])} required=true error=e("choice") />
            <TextField name="max_choices" label="Most options one person may choose" kind="number" value=initial.max_choices.clone() hint="Only for several choices. Blank: any number." error=e("max_choices") />
            <VocabSelect name="voter_check" label="Who may vote, once" choices={Choices::of::<VoterCheck>(&[voter_check])} required=true
                hint=VOTER_CHECK_HINT error=e("voter_check") />
            <VocabSelect name="visibility" label="Who sees the results, when" choices={Choices::of::<Visibility>(&[visibility])} required=true error=e("visibility") />
        </fieldset>
        <fieldset>
            <legend>"When it is open"</legend>
            <div class="row">
                <TextField name="opens_on" label="Opens on" kind="date" required=true value=initial.opens_on.clone() error=e("opens_on") />
                <TextField name="opens_at_time" label="at" kind="time" value=initial.opens_at_time.clone() hint="Blank: the start of the day." error=e("opens_at_time") />
            </div>
            <div class="row">
                <TextField name="closes_on" label="Closes on" kind="date" value=initial.closes_on.clone() hint="Blank: open until you close it." error=e("closes_on") />
                <TextField name="closes_at_time" label="at" kind="time" value=initial.closes_at_time.clone() hint="Blank: the end of the day." error=e("closes_at_time") />
            </div>
        </fieldset>
        <VocabChecks choices={Choices::from_slugs::<Goal>(&initial.goals)} name="goals" legend="Goals this poll informs (optional)" hint="A closed poll linked to goals or offerings can start a search for partners." error=e("goals") />
        <VocabChecks choices={Choices::from_slugs::<Offering>(&initial.offerings)} name="offerings" legend="Offerings it is about (optional)" error=e("offerings") />
        <Transition fallback=|| view! { <Loading /> }>
            {move || {
                let chosen = chosen.clone();
                let program = program.clone();
                Suspend::new(async move {
                    let mut options: Vec<(String, String)> = programs.await.unwrap_or_default().into_iter().map(|(id, label)| (id.to_string(), label)).collect();
                    if let Some((id, title)) = program {
                        if !options.iter().any(|(o, _)| *o == id.to_string()) {
                            options.insert(0, (id.to_string(), title));
                        }
                    }
                    view! {
                        <PlainSelect name="program" label="Feedback on a program (optional)" empty="No program" options=options chosen=chosen error=errors.get("program") />
                    }
                })
            }}
        </Transition>
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
                                <input id=input_id type="text" name="options[]" maxlength="120" value=value.clone() prop:value=value
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

/// What each voter check does and does not prevent, in the words a librarian chooses by.
const VOTER_CHECK_HINT: &str = "This browser: one vote per browser; someone who clears cookies or \
    switches browser or device can vote again, so use it for light questions. Library card: one \
    vote per card number that fits your card patterns or list; a card number is not a password, \
    so anyone who knows or guesses a valid number can vote with it. One-time codes: one vote per \
    code you hand out; codes cannot be guessed, so this is the strongest check.";
