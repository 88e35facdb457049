//! `/polls/:slug` and its embeddable twin `/embed/polls/:slug`: vote, then see the results.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

use super::results::ResultsView;
use crate::polls::api::{load_poll, Vote};
use crate::polls::ballot::Voted;
use crate::polls::poll::{ChoiceKind, PollView, VoterCheck};
use crate::polls::rules::{PollPhase, Results};
use crate::ui::fields::{field_id, FormStatus, TextField};
use crate::ui::form_state::{action_error, FormErrors};
use crate::ui::widgets::{ErrorView, Loading};

/// The public poll page.
#[component]
pub fn PollPage() -> impl IntoView {
    view! { <PollLoader embed=false /> }
}

/// The poll with minimal chrome, for the library's own website to frame.
#[component]
pub fn EmbedPollPage() -> impl IntoView {
    view! { <PollLoader embed=true /> }
}

#[component]
fn PollLoader(embed: bool) -> impl IntoView {
    let params = use_params_map();
    let slug = Memo::new(move |_| params.with(|p| p.get("slug").unwrap_or_default()));
    let vote = ServerAction::<Vote>::new();
    let view = Resource::new(
        move || (slug.get(), vote.version().get()),
        |(slug, _)| load_poll(slug),
    );
    view! {
        <Transition fallback=|| view! { <Loading /> }>
            {move || Suspend::new(async move {
                match view.await {
                    Ok(v) => view! { <PollBody view=v vote embed /> }.into_any(),
                    Err(e) => view! { <Title text="Poll" /> <ErrorView error=e /> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn PollBody(view: PollView, vote: ServerAction<Vote>, embed: bool) -> impl IntoView {
    let PollView {
        poll,
        phase,
        my_choices,
        results,
        clock,
    } = view;
    let query = use_query_map();
    // After a vote: the action's answer (hydrated) or the redirect's `?voted=` (form post).
    let voted = Signal::derive(move || match vote.value().get() {
        Some(Ok(v)) => Some(v),
        Some(Err(_)) => None,
        None => query.with(|q| match q.get_str("voted") {
            Some("counted") => Some(Voted::Counted),
            Some("changed") => Some(Voted::Changed),
            _ => None,
        }),
    });
    let errors = FormErrors::new(vote.value());
    let when = match phase {
        PollPhase::Scheduled => format!("Opens {}", clock.opens_text(&poll)),
        PollPhase::Open => match clock.ends_text(&poll) {
            Some(t) => format!("Open until {t}"),
            None => "Open".into(),
        },
        PollPhase::Closed => match clock.ends_text(&poll) {
            Some(t) => format!("Closed {t}"),
            None => "Closed".into(),
        },
    };
    let hidden_note = match (results.is_some(), poll.visibility) {
        (true, _) => None,
        (false, crate::polls::poll::Visibility::AfterVote) => {
            Some("Results appear here once you have voted.")
        }
        (false, _) => Some("Results are shown when the poll closes."),
    };
    let counted_text = match poll.voter_check {
        VoterCheck::Card => "Thank you — your vote is recorded. Each card counts once: a later vote with the same card replaces the earlier one.",
        _ => "Thank you — your vote was counted.",
    };
    let changed_text = match poll.voter_check {
        VoterCheck::Browser => "Your vote was changed. It still counts once.",
        VoterCheck::Card => "This card had already voted, so no second vote was added: the earlier vote now holds this choice.",
        VoterCheck::Code => "This code had already voted, so no second vote was added: the earlier vote now holds this choice.",
    };
    let results = RwSignal::new(results);
    follow_live(poll.slug.clone(), results);
    let heading = poll.question.clone();
    let slug = poll.slug.clone();
    view! {
        <Title text=poll.question.clone() />
        <article class=if embed { "poll embed" } else { "poll" } aria-labelledby="poll-question">
            <h1 id="poll-question">{heading}</h1>
            <p class="poll-when"><span class="badge">{phase.label()}</span>" "{when}</p>
            {poll.description.clone().map(|d| view! { <p class="lead">{d}</p> })}
            {poll.program.clone().map(|(pid, title)| view! {
                <p class="poll-program">"Feedback on "<a href=format!("/programs/{pid}")>{title}</a></p>
            })}
            {move || voted.get().map(|v| view! {
                <p class="notice success" role="status">
                    {match v {
                        Voted::Counted => counted_text,
                        Voted::Changed => changed_text,
                    }}
                </p>
            })}
            {match phase {
                PollPhase::Open => view! {
                    <BallotForm poll=poll.clone() my_choices=my_choices.clone() vote errors embed />
                }
                .into_any(),
                _ => view! {
                    <p class="notice warn">
                        {crate::polls::poll::not_open_text(&poll, phase, clock)}
                    </p>
                }
                .into_any(),
            }}
            <section class="poll-results" aria-labelledby="results-heading">
                <h2 id="results-heading">"Results"</h2>
                {move || match results.get() {
                    Some(r) => view! { <ResultsView results=r /> }.into_any(),
                    None => view! { <p>{hidden_note}</p> }.into_any(),
                }}
            </section>
            {embed.then(|| view! {
                <p class="embed-credit"><a href=format!("/polls/{slug}") target="_blank" rel="noopener">"Open this poll on the library's site"</a></p>
            })}
        </article>
    }
}

#[component]
fn BallotForm(
    poll: crate::polls::poll::Poll,
    my_choices: Option<Vec<i64>>,
    vote: ServerAction<Vote>,
    errors: FormErrors,
    embed: bool,
) -> impl IntoView {
    let multiple = poll.choice == ChoiceKind::Multiple;
    let kind = if multiple { "checkbox" } else { "radio" };
    let mine = my_choices.clone().unwrap_or_default();
    let choices_error = errors.signal("choices");
    let id = field_id("choices");
    let err_id = format!("{id}-error");
    let hint = multiple.then(|| format!("Choose up to {}.", poll.max_choices));
    let has_hint = hint.is_some();
    let hint_id = format!("{id}-hint");
    let described = {
        let err_id = err_id.clone();
        let hint_id = hint_id.clone();
        move || {
            let mut ids = Vec::new();
            if has_hint {
                ids.push(hint_id.clone());
            }
            if choices_error.get().is_some() {
                ids.push(err_id.clone());
            }
            (!ids.is_empty()).then(|| ids.join(" "))
        }
    };
    let button = if my_choices.is_some() {
        "Change my vote"
    } else {
        "Vote"
    };
    view! {
        <ActionForm action=vote attr:class="stacked ballot" attr:novalidate=true>
            <FormStatus error=action_error(vote.value()) />
            <input type="hidden" name="slug" value=poll.slug.clone() />
            <input type="hidden" name="embed" value=if embed { "1" } else { "0" } />
            {my_choices.is_some().then(|| view! {
                <p class="notice">"You have voted in this poll. You may change your vote until it closes; it counts once."</p>
            })}
            <fieldset class="checks" id=id.clone() class:has-error=move || choices_error.get().is_some() aria-describedby=described>
                <legend>"Your answer"</legend>
                {hint.map(|h| view! { <p class="hint" id=hint_id.clone()>{h}</p> })}
                <div class="choice-list">
                    {poll.options.iter().map(|o| {
                        let oid = format!("{id}-{}", o.id);
                        let for_id = oid.clone();
                        let value = o.id.to_string();
                        let checked = crate::ui::draft::is_ticked("choices[]", &value, mine.contains(&o.id));
                        view! {
                            <label class="check" for=for_id>
                                <input type=kind id=oid name="choices[]" value=value checked=checked />
                                {o.label.clone()}
                            </label>
                        }
                    }).collect_view()}
                </div>
                <p class="field-error" id=err_id hidden=move || choices_error.get().is_none()>
                    {move || choices_error.get().unwrap_or_default()}
                </p>
            </fieldset>
            {match poll.voter_check {
                VoterCheck::Card => Some(view! {
                    <TextField name="card" label="Library card number" required=true autocomplete="off"
                        hint="The number on the back of your card. It is never stored; only a scrambled form is kept to count your vote once."
                        error=errors.signal("card") />
                }.into_any()),
                VoterCheck::Code => Some(view! {
                    <TextField name="code" label="Your one-time code" required=true autocomplete="off"
                        hint="The code printed on the slip you were given, like ABCD-EFGH-JKMN-PQRS."
                        error=errors.signal("code") />
                }.into_any()),
                VoterCheck::Browser => None,
            }}
            <div class="hp" aria-hidden="true">
                <label for="f-fax_number">"Leave this field empty"</label>
                <input id="f-fax_number" name="fax_number" type="text" tabindex="-1" autocomplete="off" />
            </div>
            <div class="form-actions">
                <button type="submit">{button}</button>
            </div>
        </ActionForm>
    }
}

/// Keeps `results` in step with the poll's live stream while the page is open (browser only).
fn follow_live(slug: String, results: RwSignal<Option<Results>>) {
    #[cfg(feature = "hydrate")]
    Effect::new(move |_| {
        use wasm_bindgen::closure::Closure;
        use wasm_bindgen::JsCast;
        if results.get_untracked().is_none() {
            return;
        }
        let Ok(source) = web_sys::EventSource::new(&format!("/polls/{slug}/live")) else {
            return;
        };
        let on_message =
            Closure::<dyn FnMut(web_sys::MessageEvent)>::new(move |ev: web_sys::MessageEvent| {
                if let Some(text) = ev.data().as_string() {
                    if let Ok(r) = serde_json::from_str::<Results>(&text) {
                        results.set(Some(r));
                    }
                }
            });
        source.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        on_message.forget();
        let source = send_wrapper::SendWrapper::new(source);
        on_cleanup(move || source.close());
    });
    #[cfg(not(feature = "hydrate"))]
    let _ = (slug, results);
}
