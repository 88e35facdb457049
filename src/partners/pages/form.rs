//! `/staff/partners/new` and `/staff/partners/:id/edit`: the partner form.

use leptos::prelude::*;
use leptos_meta::Title;

use super::detail::partner_resource;
use crate::partners::api::SavePartner;
use crate::partners::model::{ContactForm, PartnerForm, MAX_CONTACTS};
use crate::ui::fields::{Choices, FormStatus, TextArea, TextField, VocabChecks, VocabSelect};
use crate::ui::form_state::{action_error, forget_touched, live_validation, FormErrors};
use crate::ui::widgets::{ErrorView, Loading};
use crate::vocab::{Audience, DayPart, Goal, Offering, PartnerKind, Stage, Vocab, Weekday};

#[component]
pub fn NewPartnerPage() -> impl IntoView {
    let blank = PartnerForm {
        stage: "prospect".into(),
        ..Default::default()
    };
    view! {
        <Title text="Add a partner" />
        <p class="crumbs"><a href="/staff/partners">"← All partners"</a></p>
        <h1>"Add a partner"</h1>
        <PartnerEditor id=None initial=blank />
    }
}

#[component]
pub fn EditPartnerPage() -> impl IntoView {
    let partner = partner_resource(|| 0);
    view! {
        <Suspense fallback=|| view! { <Loading /> }>
            {move || Suspend::new(async move {
                match partner.await {
                    Ok(r) => {
                        let name = r.partner.name.clone();
                        view! {
                            <Title text=format!("Edit {name}") />
                            <p class="crumbs"><a href=format!("/staff/partners/{}", r.id)>{format!("← {name}")}</a></p>
                            <h1>{format!("Edit {name}")}</h1>
                            <PartnerEditor id=Some(r.id) initial=r.partner.to_form() />
                        }
                        .into_any()
                    }
                    Err(e) => view! { <ErrorView error=e /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn PartnerEditor(id: Option<i64>, initial: PartnerForm) -> impl IntoView {
    let save = ServerAction::<SavePartner>::new();
    let errors = FormErrors::new(save.value());
    let e = move |name: &str| errors.signal(name.to_string());
    let mut contacts = initial.contacts.clone();
    if contacts.len() < MAX_CONTACTS {
        contacts.push(ContactForm::default());
    }
    let availability = initial.availability.clone();
    let cancel = match id {
        Some(id) => format!("/staff/partners/{id}"),
        None => "/staff/partners".into(),
    };
    view! {
        <ActionForm action=save attr:class="stacked" attr:novalidate=true on:submit=forget_touched(errors) on:input=live_validation(errors, |f: &PartnerForm| f.validate())>
            {id.map(|id| view! { <input type="hidden" name="id" value=id /> })}
            <FormStatus error=action_error(save.value()) />
            <fieldset>
                <legend>"Organization"</legend>
                <TextField name="name" label="Name" value=initial.name.clone() required=true maxlength=120 error=e("name") />
                <div class="row">
                    <VocabSelect name="kind" label="Kind" choices={Choices::from_slugs::<PartnerKind>(std::slice::from_ref(&initial.kind))} required=true error=e("kind") />
                    <VocabSelect name="stage" label="Stage" choices={Choices::from_slugs::<Stage>(std::slice::from_ref(&initial.stage))} required=true error=e("stage") />
                </div>
                <TextArea name="description" label="Description" value=initial.description.clone() hint="What they do, in a sentence or two." error=e("description") />
                <TextField name="website" label="Website" value=initial.website.clone() kind="url" hint="For example https://example.org" error=e("website") />
            </fieldset>
            <fieldset>
                <legend>"Where"</legend>
                <div class="row">
                    <TextField name="street" label="Street address" value=initial.street.clone() autocomplete="street-address" error=e("street") />
                    <TextField name="neighborhood" label="Neighborhood" value=initial.neighborhood.clone() error=e("neighborhood") />
                </div>
                <div class="row">
                    <TextField name="latitude" label="Latitude" value=initial.latitude.clone() hint="Decimal degrees, e.g. 44.9778" error=e("latitude") />
                    <TextField name="longitude" label="Longitude" value=initial.longitude.clone() hint="Decimal degrees, e.g. -93.2650" error=e("longitude") />
                </div>
            </fieldset>
            <fieldset>
                <legend>"Contacts"</legend>
                <p class="hint">"Leave a row blank to skip it; save to get another empty row."</p>
                {contacts
                    .into_iter()
                    .enumerate()
                    .map(|(i, c)| {
                        let f = move |k: &str| format!("contacts[{i}][{k}]");
                        view! {
                            <div class="contact-row" role="group" aria-label=format!("Contact {}", i + 1)>
                                <TextField name=f("name") label="Name" value=c.name error=e(&f("name")) />
                                <TextField name=f("role") label="Role" value=c.role error=e(&f("role")) />
                                <TextField name=f("email") label="E-mail" kind="email" value=c.email error=e(&f("email")) />
                                <TextField name=f("phone") label="Phone" kind="tel" value=c.phone error=e(&f("phone")) />
                            </div>
                        }
                    })
                    .collect_view()}
            </fieldset>
            <VocabChecks name="offerings" legend="What they can offer" choices={Choices::from_slugs::<Offering>(&initial.offerings)} error=e("offerings") />
            <VocabChecks name="goals" legend="Community goals" choices={Choices::from_slugs::<Goal>(&initial.goals)} error=e("goals") />
            <VocabChecks name="audiences" legend="Audiences" choices={Choices::from_slugs::<Audience>(&initial.audiences)} error=e("audiences") />
            <AvailabilityPicker checked=availability error=e("availability") />
            <fieldset>
                <legend>"Relationship"</legend>
                <TextField name="tags" label="Tags" value=initial.tags.clone() hint="Separate tags with commas." error=e("tags") />
                <TextArea name="notes" label="Notes" value=initial.notes.clone() error=e("notes") />
            </fieldset>
            <div class="form-actions">
                <button type="submit">"Save partner"</button>
                <a href=cancel>"Cancel"</a>
            </div>
        </ActionForm>
    }
}

/// Checkboxes for the weekly availability grid.
#[component]
pub fn AvailabilityPicker(
    checked: Vec<String>,
    #[prop(into)] error: Signal<Option<String>>,
) -> impl IntoView {
    view! {
        <fieldset class="checks" class:has-error=move || error.get().is_some() aria-describedby="f-availability-error">
            <legend>"Availability"</legend>
            <table class="availability pick">
                <thead>
                    <tr>
                        <td></td>
                        {DayPart::ALL.iter().map(|p| view! { <th scope="col">{p.label()}</th> }).collect_view()}
                    </tr>
                </thead>
                <tbody>
                    {Weekday::ALL
                        .iter()
                        .map(|&d| {
                            let checked = checked.clone();
                            view! {
                                <tr>
                                    <th scope="row">{d.label()}</th>
                                    {DayPart::ALL
                                        .iter()
                                        .map(|&p| {
                                            let slug = crate::vocab::Availability::slot_slug(d, p);
                                            let id = format!("f-availability-{slug}");
                                            let on = crate::ui::draft::is_ticked("availability[]", &slug, checked.contains(&slug));
                                            view! {
                                                <td>
                                                    <input type="checkbox" id=id.clone() name="availability[]" value=slug checked=on />
                                                    <label for=id class="visually-hidden">{format!("{} {}", d.label(), p.label().to_lowercase())}</label>
                                                </td>
                                            }
                                        })
                                        .collect_view()}
                                </tr>
                            }
                        })
                        .collect_view()}
                </tbody>
            </table>
            <p class="field-error" id="f-availability-error" hidden=move || error.get().is_none()>{move || error.get().unwrap_or_default()}</p>
        </fieldset>
    }
}
