//! Admin pages: `/admin/branches` and `/admin/matching` (the weights of the matching engine).

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::matching::api::{list_branches, load_weights, SaveBranch, SaveWeights};
use crate::matching::branches::model::{BranchForm, BranchRecord};
use crate::matching::weights::model::WeightsForm;
use crate::ui::fields::{FormStatus, TextField};
use crate::ui::form_state::{action_error, forget_touched, live_validation, FormErrors};
use crate::ui::table::{col, unseen, ListTable};
use crate::ui::widgets::{Empty, ErrorView, Loading};

/// Every branch, a form to add one, and (with `?edit=ID`) a form to change one.
#[component]
pub fn BranchesPage() -> impl IntoView {
    let save = ServerAction::<SaveBranch>::new();
    let query = use_query_map();
    let branches = Resource::new(move || save.version().get(), |_| list_branches());
    let editing =
        Memo::new(move |_| query.with(|q| q.get_str("edit").and_then(|v| v.parse::<i64>().ok())));
    let saved = move || {
        save.value().get().and_then(Result::ok).is_some()
            || query.with(|q| q.get_str("saved").is_some())
    };
    view! {
        <Title text="Branches" />
        <h1>"Branches"</h1>
        <p>"Needs belong to a branch, and partners are matched by their distance from it: give each branch its coordinates."</p>
        {move || saved().then(|| view! { <p class="notice success" role="status">"Branch saved."</p> })}
        <Transition fallback=|| view! { <Loading /> }>
            {move || Suspend::new(async move {
                match branches.await {
                    Ok(list) => {
                        let edit = editing.get().and_then(|id| list.iter().find(|b| b.id == id).cloned());
                        view! {
                            <BranchTable branches=list.clone() />
                            {match edit {
                                Some(b) => view! {
                                    <h2 id="branch-form-heading">{format!("Change {}", b.branch.name)}</h2>
                                    <BranchEditor save id=Some(b.id) initial=b.branch.to_form() />
                                    <p><a href="/admin/branches">"Add a new branch instead"</a></p>
                                }.into_any(),
                                None => view! {
                                    <h2 id="branch-form-heading">"Add a branch"</h2>
                                    <BranchEditor save id=None initial=BranchForm::default() />
                                }.into_any(),
                            }}
                        }.into_any()
                    }
                    Err(e) => view! { <ErrorView error=e /> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn BranchTable(branches: Vec<BranchRecord>) -> impl IntoView {
    if branches.is_empty() {
        return view! { <Empty><p>"No branches yet."</p></Empty> }.into_any();
    }
    view! {
        <ListTable caption="Branches" columns=vec![col("Branch"), col("Address"), col("Coordinates"), unseen("Actions")]>
                    {branches.into_iter().map(|b| {
                        let coords = match (b.branch.latitude, b.branch.longitude) {
                            (Some(la), Some(lo)) => format!("{la}, {lo}"),
                            _ => "Not given".into(),
                        };
                        let name = b.branch.name.clone();
                        view! {
                            <tr>
                                <th scope="row">{b.branch.name}</th>
                                <td>{b.branch.address.unwrap_or_default()}</td>
                                <td>{coords}</td>
                                <td><a href=format!("/admin/branches?edit={}", b.id) aria-label=format!("Change {name}")>"Change"</a></td>
                            </tr>
                        }
                    }).collect_view()}
        </ListTable>
    }
    .into_any()
}

#[component]
fn BranchEditor(
    save: ServerAction<SaveBranch>,
    id: Option<i64>,
    initial: BranchForm,
) -> impl IntoView {
    let errors = FormErrors::new(save.value());
    let e = move |name: &str| errors.signal(name.to_string());
    view! {
        <ActionForm action=save attr:class="stacked narrow" attr:novalidate=true attr:aria-labelledby="branch-form-heading"
            on:submit=forget_touched(errors) on:input=live_validation(errors, |f: &BranchForm| f.validate())>
            {id.map(|id| view! { <input type="hidden" name="id" value=id /> })}
            <FormStatus error=action_error(save.value()) />
            <TextField name="name" label="Name" value=initial.name required=true maxlength=80 error=e("name") />
            <TextField name="address" label="Address" value=initial.address autocomplete="street-address" error=e("address") />
            <div class="row">
                <TextField name="latitude" label="Latitude" value=initial.latitude hint="Decimal degrees, e.g. 44.9778" error=e("latitude") />
                <TextField name="longitude" label="Longitude" value=initial.longitude hint="Decimal degrees, e.g. -93.2650" error=e("longitude") />
            </div>
            <button type="submit">"Save branch"</button>
        </ActionForm>
    }
}

/// The weights of the matching engine.
#[component]
pub fn MatchingSettingsPage() -> impl IntoView {
    let save = ServerAction::<SaveWeights>::new();
    let query = use_query_map();
    let weights = Resource::new(move || save.version().get(), |_| load_weights());
    let errors = FormErrors::new(save.value());
    let e = move |name: &str| errors.signal(name.to_string());
    let saved = move || {
        save.value().get().is_some_and(|r| r.is_ok())
            || query.with(|q| q.get_str("saved").is_some())
    };
    view! {
        <Title text="Matching" />
        <h1>"How partners are matched"</h1>
        <p>"Each factor earns points in proportion to its weight, out of 100 in all. A partner missing a fact (no location, no availability) gets half the points of that factor. Recent asks then take points off, and partners with too many open asks are not suggested at all. Ended and paused partners are never suggested."</p>
        {move || saved().then(|| view! { <p class="notice success" role="status">"Weights saved. Every match is now scored and explained with them."</p> })}
        <Transition fallback=|| view! { <Loading /> }>
            {move || Suspend::new(async move {
                match weights.await {
                    Ok(w) => {
                        let f = WeightsForm::from(w);
                        view! {
                            <ActionForm action=save attr:class="stacked narrow" attr:novalidate=true
                                on:submit=forget_touched(errors) on:input=live_validation(errors, |f: &WeightsForm| f.validate())>
                                <FormStatus error=action_error(save.value()) />
                                <fieldset>
                                    <legend>"Weights (0 to 100)"</legend>
                                    <TextField name="offering" label="Offers what the need asks for" kind="number" value=f.offering required=true error=e("offering") />
                                    <TextField name="goals" label="Shares the need's goals" kind="number" value=f.goals required=true error=e("goals") />
                                    <TextField name="audience" label="Serves the need's audience" kind="number" value=f.audience required=true error=e("audience") />
                                    <TextField name="availability" label="Free on the need's day and time" kind="number" value=f.availability required=true error=e("availability") />
                                    <TextField name="distance" label="Close to the branch" kind="number" value=f.distance required=true error=e("distance") />
                                    <TextField name="track_record" label="Said yes and delivered before" kind="number" value=f.track_record required=true error=e("track_record") />
                                </fieldset>
                                <fieldset>
                                    <legend>"Ask fatigue and distance"</legend>
                                    <TextField name="fatigue_per_ask" label="Points off per recent ask" kind="number" value=f.fatigue_per_ask required=true error=e("fatigue_per_ask") />
                                    <TextField name="fatigue_days" label="Days an ask counts as recent" kind="number" value=f.fatigue_days required=true error=e("fatigue_days") />
                                    <TextField name="open_ask_cap" label="Open asks after which a partner is not suggested" kind="number" value=f.open_ask_cap required=true error=e("open_ask_cap") />
                                    <TextField name="far_km" label="Distance (km) that earns no distance points" kind="number" value=f.far_km required=true error=e("far_km") />
                                </fieldset>
                                <button type="submit">"Save weights"</button>
                            </ActionForm>
                        }.into_any()
                    }
                    Err(e) => view! { <ErrorView error=e /> }.into_any(),
                }
            })}
        </Transition>
    }
}
