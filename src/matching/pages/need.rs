//! `/staff/needs/:id`: a need, its state, and the partners to ask for it.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

use super::matches::{LeftOutList, MatchCard};
use crate::error::AppError;
use crate::matching::api::{load_need_matches, SetNeedStatus};
use crate::matching::model::NeedMatches;
use crate::matching::needs::model::NeedStatus;
use crate::ui::fields::FormStatus;
use crate::ui::form_state::action_error;
use crate::ui::widgets::{Empty, ErrorView, Loading};
use crate::vocab::{labels, Vocab};

/// The need's id in the page's address.
pub(super) fn need_id() -> Memo<Option<i64>> {
    let params = use_params_map();
    Memo::new(move |_| params.with(|p| p.get_str("id").and_then(|v| v.parse::<i64>().ok())))
}

/// A need, its state, and the partners to ask, with the reasons.
#[component]
pub fn NeedPage() -> impl IntoView {
    let id = need_id();
    let set_status = ServerAction::<SetNeedStatus>::new();
    let matches = Resource::new(
        move || (id.get(), set_status.version().get()),
        |(id, _)| async move {
            match id {
                Some(id) => load_need_matches(id).await,
                None => Err(AppError::NotFound("That need".into())),
            }
        },
    );
    view! {
        <Transition fallback=|| view! { <Loading /> }>
            {move || Suspend::new(async move {
                match matches.await {
                    Ok(m) => view! { <NeedBody data=m set_status /> }.into_any(),
                    Err(e) => view! { <Title text="Need" /> <ErrorView error=e /> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn NeedBody(data: NeedMatches, set_status: ServerAction<SetNeedStatus>) -> impl IntoView {
    let NeedMatches {
        record,
        ranking,
        weights,
    } = data;
    let suggested = ranking.suggested;
    let id = record.id;
    let need = record.need.clone();
    let status = record.status;
    let shown = ranking.suggestions.len();
    let status_button = move |to: NeedStatus, label: &'static str| {
        view! {
            <ActionForm action=set_status attr:class="inline">
                <input type="hidden" name="id" value=id />
                <input type="hidden" name="status" value=to.slug() />
                <button type="submit" class="secondary">{label}</button>
            </ActionForm>
        }
    };
    view! {
        <Title text=need.title.clone() />
        <p class="crumbs"><a href="/staff/needs">"Needs"</a></p>
        <h1>{need.title.clone()}</h1>
        <p><span class="badge">{status.label()}</span>{format!(" {} · {} · {}", need.offering.label(), record.branch_name, need.when())}</p>
        <dl class="facts">
            <dt>"Goals"</dt><dd>{if need.goals.is_empty() { "None given".to_string() } else { labels(&need.goals) }}</dd>
            <dt>"Audience"</dt><dd>{if need.audiences.is_empty() { "Anyone".to_string() } else { labels(&need.audiences) }}</dd>
            {need.notes.clone().map(|n| view! { <dt>"Notes"</dt><dd class="prose">{n}</dd> })}
            {record.poll_question.clone().zip(need.poll_id).map(|(q, pid)| view! {
                <dt>"Came from"</dt><dd><a href=format!("/staff/polls/{pid}")>{format!("the poll “{q}”")}</a></dd>
            })}
            {record.created_by.clone().map(|by| view! { <dt>"Recorded by"</dt><dd>{by}</dd> })}
        </dl>
        <div class="actions">
            <a class="button secondary" href=format!("/staff/needs/{id}/edit")>"Edit"</a>
            <FormStatus error=action_error(set_status.value()) />
            {match status {
                NeedStatus::Open => view! {
                    {status_button(NeedStatus::Filled, "Mark as filled")}
                    {status_button(NeedStatus::Cancelled, "Cancel this need")}
                }.into_any(),
                _ => status_button(NeedStatus::Open, "Reopen").into_any(),
            }}
        </div>
        <section aria-labelledby="matches-heading">
            <h2 id="matches-heading">"Partners to ask"</h2>
            {if ranking.suggestions.is_empty() {
                view! { <Empty><p>"No partner in the directory can be suggested for this need yet."</p></Empty> }.into_any()
            } else {
                view! {
                    <p>{if suggested > shown { format!("The best {shown} of {suggested} partners, best first. Each line says what counted.") } else { format!("{suggested} partners, best first. Each line says what counted.") }}</p>
                    <details class="how">
                        <summary>"How scores are made"</summary>
                        <p>{format!(
                            "Out of 100, in proportion to the weights an admin set: offering {}, goals {}, audience {}, availability {}, distance {}, track record {}. A missing fact earns half its points. Each ask in the last {} days takes {} points off; partners with {} or more open asks, and ended or paused partners, are not suggested.",
                            weights.offering, weights.goals, weights.audience, weights.availability, weights.distance,
                            weights.track_record, weights.fatigue_days, weights.fatigue_per_ask, weights.open_ask_cap
                        )}</p>
                    </details>
                    <ol class="matches">
                        {ranking.suggestions.into_iter().map(|s| view! { <MatchCard s need_id=Some(id) /> }).collect_view()}
                    </ol>
                }.into_any()
            }}
            {(!ranking.left_out.is_empty()).then(|| view! { <LeftOutList left_out=ranking.left_out total=ranking.left_out_count /> })}
        </section>
    }
}
