//! `/staff/programs/new`: schedule a program or a weekly series, with partner presenters.
//! A clash with another program in the room, or with a presenter's other program, is refused
//! with the other program named and linked.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::error::AppError;
use crate::programs::model::{RegisterFor, Registration};
use crate::programs::schedule::api::{load_schedule_choices, CreateProgram};
use crate::programs::schedule::model::ScheduleChoices;
use crate::ui::draft::is_ticked;
use crate::ui::fields::{
    field_id, Choices, FormStatus, PlainSelect, TextArea, TextField, VocabChecks, VocabSelect,
};
use crate::ui::form_state::{action_error, FormErrors};
use crate::ui::widgets::{ErrorView, Loading};
use crate::vocab::{Audience, Goal, Weekday};

#[component]
pub fn ScheduleProgramPage() -> impl IntoView {
    let choices = Resource::new(|| (), |_| load_schedule_choices());
    view! {
        <Title text="Schedule a program" />
        <p class="crumbs"><a href="/staff/programs">"← Programs"</a></p>
        <h1>"Schedule a program"</h1>
        <Transition fallback=|| view! { <Loading /> }>
            {move || Suspend::new(async move {
                match choices.await {
                    Ok(c) => view! { <ScheduleForm choices=c /> }.into_any(),
                    Err(e) => view! { <ErrorView error=e /> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn ScheduleForm(choices: ScheduleChoices) -> impl IntoView {
    let create = ServerAction::<CreateProgram>::new();
    let errors = FormErrors::new(create.value());
    let e = move |n: &str| errors.signal(n.to_string());
    let ScheduleChoices {
        rooms,
        branches,
        partners,
    } = choices;
    let room_options = rooms
        .into_iter()
        .map(|r| {
            (
                r.id.to_string(),
                format!("{}, {} (holds {})", r.branch, r.name, r.capacity),
            )
        })
        .collect();
    let branch_options = branches
        .into_iter()
        .map(|(id, n)| (id.to_string(), n))
        .collect();
    let conflict = move || {
        create.value().get().and_then(|r| match r {
            Err(AppError::DoubleBooked(c)) => Some(c),
            _ => None,
        })
    };
    let presenters_id = field_id("presenters");
    view! {
        <ActionForm action=create attr:class="stacked" attr:novalidate=true attr:aria-label="Schedule a program">
            {move || match conflict() {
                Some(c) => {
                    let href = format!("/staff/programs/{}", c.program_id);
                    view! {
                        <div class="notice error" role="alert">
                            <p><strong>"Double-booked: "</strong>{c.to_string()}</p>
                            <p><a href=href>"Open the other program"</a></p>
                        </div>
                    }.into_any()
                }
                None => view! { <FormStatus error=action_error(create.value()) /> }.into_any(),
            }}
            <TextField name="title" label="Title" required=true error=e("title") />
            <TextArea name="description" label="Description" rows=4 error=e("description") />
            <VocabChecks name="audiences" legend="Audience" choices={Choices::of::<Audience>(&[])} error=e("audiences") />
            <VocabChecks name="goals" legend="Goals it serves" choices={Choices::of::<Goal>(&[])} error=e("goals") />
            <fieldset>
                <legend>"Where"</legend>
                <PlainSelect name="room" label="Room" empty="Off site (give the address)" options=room_options chosen=String::new() error=errors.get("room") />
                <TextField name="address" label="Off-site address" hint="Only for a program away from the library's rooms." error=e("address") />
                <PlainSelect name="branch" label="Branch hosting an off-site program" empty="None" options=branch_options chosen=String::new() error=None />
            </fieldset>
            <fieldset>
                <legend>"When"</legend>
                <TextField name="day" label="Date (first session)" kind="date" required=true error=e("day") />
                <TextField name="starts" label="Starts" kind="time" required=true error=e("starts") />
                <TextField name="ends" label="Ends" kind="time" required=true error=e("ends") />
                <TextField name="setup_minutes" label="Setup before (minutes)" kind="number" value="0".to_string() error=e("setup_minutes") />
                <TextField name="teardown_minutes" label="Teardown after (minutes)" kind="number" value="0".to_string() error=e("teardown_minutes") />
            </fieldset>
            <fieldset>
                <legend>"Repeat weekly (optional)"</legend>
                <VocabChecks name="repeat_days" legend="On these days" choices={Choices::of::<Weekday>(&[])} error=e("repeat_days") />
                <TextField name="repeat_weeks" label="For this many weeks" kind="number" error=e("repeat_weeks") />
                <TextField name="repeat_until" label="Or until this date" kind="date" error=e("repeat_until") />
                <VocabSelect name="register_for" label="Patrons register" choices={Choices::of::<RegisterFor>(&[RegisterFor::Session])} error=e("register_for") />
            </fieldset>
            <fieldset>
                <legend>"Seats"</legend>
                <TextField name="capacity" label="Capacity (people)" kind="number" required=true error=e("capacity") />
                <VocabSelect name="registration" label="Registration" required=true choices={Choices::of::<Registration>(&[Registration::Required])} error=e("registration") />
                <TextField name="party_limit" label="Most people per registration" kind="number" value="4".to_string() error=e("party_limit") />
            </fieldset>
            <div class="field">
                <label for=presenters_id.clone()>"Partner presenters"</label>
                <select id=presenters_id name="presenters[]" multiple=true size="6" aria-describedby="presenters-hint">
                    {partners.into_iter().map(|p| {
                        let value = p.partner_id.to_string();
                        let selected = is_ticked("presenters[]", &value, false);
                        view! { <option value=value selected=selected>{p.name}</option> }
                    }).collect_view()}
                </select>
                <p class="hint" id="presenters-hint">"Hold Ctrl (⌘ on a Mac) to choose more than one. A partner cannot present two programs at once."</p>
                {move || errors.get("presenters").map(|m| view! { <p class="field-error">{m}</p> })}
            </div>
            <TextField name="other_presenters" label="Other presenters" hint="People who are not partners, by name." error=e("other_presenters") />
            <label class="check" for="f-publish">
                <input type="checkbox" id="f-publish" name="publish" value="on" checked=is_ticked("publish", "on", true) />
                "Publish now (a draft holds no room and shows on no calendar)"
            </label>
            <button type="submit">"Save program"</button>
        </ActionForm>
    }
}
