//! `/staff/find`: "Find partners", the page librarians live in. Pick an open need or describe
//! one, narrow the list with filters, and draft the ask in one click. The search is a GET
//! form, so it works without JavaScript and every search has its own address.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;
use leptos_router::params::ParamsMap;

use super::matches::MatchCard;
use crate::error::FieldErrors;
use crate::matching::api::find_partners;
use crate::matching::find::{FindForm, FindView};
use crate::matching::needs::model::TimeOfDay;
use crate::ui::fields::{field_id, Choices, PlainSelect, TextField, VocabChecks, VocabSelect};
use crate::ui::widgets::{Empty, ErrorView, Loading};
use crate::vocab::{Audience, Goal, Offering, PartnerKind, Stage};

fn form_of(q: &ParamsMap) -> FindForm {
    let one = |k: &str| q.get(k).unwrap_or_default();
    let many = |k: &str| q.get_all(k).unwrap_or_default();
    FindForm {
        need: one("need"),
        offering: one("offering"),
        goals: many("goals[]"),
        audiences: many("audiences[]"),
        branch_id: one("branch_id"),
        on: one("on"),
        time_of_day: one("time_of_day"),
        kind: one("kind"),
        stage: one("stage"),
        within_km: one("within_km"),
        min_score: one("min_score"),
    }
}

#[component]
pub fn FindPartnersPage() -> impl IntoView {
    let query = use_query_map();
    let form = Memo::new(move |_| query.with(form_of));
    let view = Resource::new(move || form.get(), find_partners);
    view! {
        <Title text="Find partners" />
        <h1>"Find partners"</h1>
        <p>"Choose an open need, or describe what you are looking for. Partners are ranked by how well they fit, and each line says why."</p>
        <Transition fallback=|| view! { <Loading /> }>
            {move || Suspend::new(async move {
                match view.await {
                    Ok(v) => view! { <FindBody view=v form=form.get_untracked() /> }.into_any(),
                    Err(e) => view! { <ErrorView error=e /> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn FindBody(view: FindView, form: FindForm) -> impl IntoView {
    let FindView {
        needs,
        branches,
        result,
        errors,
    } = view;
    let err = |f: &str| errors.get(f).map(String::from);
    let e = |f: &'static str| {
        let v = err(f);
        Signal::derive(move || v.clone())
    };
    let describing = form.need.is_empty() && !form.offering.is_empty();
    let need_options = needs
        .into_iter()
        .map(|n| {
            (
                n.id.to_string(),
                format!("{} — {}, {}", n.title, n.branch_name, n.when),
            )
        })
        .collect();
    let branch_options = branches
        .into_iter()
        .map(|b| (b.id.to_string(), b.branch.name))
        .collect();
    let summary = summary_of(&errors);
    view! {
        <form method="get" action="/staff/find" class="find-form stacked" aria-label="Find partners">
            {summary}
            <PlainSelect name="need" label="Open need" empty="— Describe a need below instead —" options=need_options chosen=form.need.clone() error=err("need") />
            <details class="describe" open=describing>
                <summary>"Or describe a need"</summary>
                <VocabSelect name="offering" label="Offering wanted" choices={Choices::from_slugs::<Offering>(std::slice::from_ref(&form.offering))} empty="Choose…" error=e("offering") />
                <VocabChecks name="goals" legend="Goals it serves" choices={Choices::from_slugs::<Goal>(&form.goals)} error=e("goals") />
                <VocabChecks name="audiences" legend="Audience" choices={Choices::from_slugs::<Audience>(&form.audiences)} error=e("audiences") />
                <div class="row">
                    <PlainSelect name="branch_id" label="Branch" empty="Any branch" options=branch_options chosen=form.branch_id.clone() error=err("branch_id") />
                    <TextField name="on" label="Day" kind="date" value=form.on.clone() error=e("on") />
                    <VocabSelect name="time_of_day" label="Time of day" choices={Choices::from_slugs::<TimeOfDay>(std::slice::from_ref(&form.time_of_day))} empty="Any time" error=e("time_of_day") />
                </div>
            </details>
            <fieldset class="filters">
                <legend>"Filters"</legend>
                <div class="row">
                    <VocabSelect name="kind" label="Kind of partner" choices={Choices::from_slugs::<PartnerKind>(std::slice::from_ref(&form.kind))} empty="Any kind" error=e("kind") />
                    <VocabSelect name="stage" label="Stage" choices={Choices::from_slugs::<Stage>(std::slice::from_ref(&form.stage))} empty="Any stage" error=e("stage") />
                    <TextField name="within_km" label="Within (km of the branch)" kind="number" value=form.within_km.clone() error=e("within_km") />
                    <TextField name="min_score" label="Lowest score" kind="number" value=form.min_score.clone() error=e("min_score") />
                </div>
            </fieldset>
            <button type="submit">"Find partners"</button>
        </form>
        {result.map(|r| {
            let shown = r.ranking.suggestions.len();
            let filtered = (r.filtered_out > 0).then(|| format!(" The filters set {} partners aside.", r.filtered_out));
            let need_id = r.need_id;
            view! {
                <section aria-labelledby="found-heading" class="found">
                    <h2 id="found-heading">{format!("Partners to ask: {}", r.title)}</h2>
                    <p role="status">{format!("{shown} shown, best first.")}{filtered}</p>
                    {need_id.is_none().then(|| view! {
                        <p class="hint">"Asks drafted from here are not tied to a need. Record the need first to keep them together."</p>
                    })}
                    {if shown == 0 {
                        view! { <Empty><p>"No partner fits these filters. Widen them, or recruit a new partner."</p></Empty> }.into_any()
                    } else {
                        view! {
                            <ol class="matches">
                                {r.ranking.suggestions.into_iter().map(|s| view! { <MatchCard s need_id /> }).collect_view()}
                            </ol>
                        }.into_any()
                    }}
                </section>
            }
        })}
    }
}

fn summary_of(errors: &FieldErrors) -> Option<impl IntoView> {
    (!errors.is_empty()).then(|| {
        let items = errors
            .0
            .iter()
            .map(|fe| {
                let href = format!("#{}", field_id(&fe.field));
                view! { <li><a href=href>{fe.message.clone()}</a></li> }
            })
            .collect_view();
        view! {
            <div class="notice error" role="alert">
                <p><strong>"Please correct the highlighted fields."</strong></p>
                <ul>{items}</ul>
            </div>
        }
    })
}
