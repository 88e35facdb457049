//! `/admin/rooms`: rooms at every branch, changed in place, and a form to add one.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::programs::schedule::api::{list_rooms, load_schedule_choices, AddRoom, UpdateRoom};
use crate::ui::fields::{FormStatus, PlainSelect, TextField};
use crate::ui::form_state::{action_error, FormErrors};
use crate::ui::widgets::{Empty, ErrorView, Loading};

/// Rooms at every branch, and a form to add one (admins).
#[component]
pub fn RoomsPage() -> impl IntoView {
    let add = ServerAction::<AddRoom>::new();
    let update = ServerAction::<UpdateRoom>::new();
    let query = use_query_map();
    let editing =
        Memo::new(move |_| query.with(|q| q.get("edit").and_then(|v| v.parse::<i64>().ok())));
    let rooms = Resource::new(
        move || (add.version().get(), update.version().get()),
        |_| list_rooms(),
    );
    let edit_errors = FormErrors::new(update.value());
    let choices = Resource::new(|| (), |_| load_schedule_choices());
    let errors = FormErrors::new(add.value());
    let e = move |n: &str| errors.signal(n.to_string());
    view! {
        <Title text="Rooms" />
        <h1>"Rooms"</h1>
        <p>"Programs are booked into rooms; a room never holds two programs at once, setup and teardown included."</p>
        <Transition fallback=|| view! { <Loading /> }>
            {move || Suspend::new(async move {
                match rooms.await {
                    Ok(list) if list.is_empty() => view! { <Empty><p>"No rooms yet. Add the rooms programs happen in."</p></Empty> }.into_any(),
                    Ok(list) => {
                        let chosen = editing.get_untracked().and_then(|id| list.iter().find(|r| r.id == id).cloned());
                        view! {
                            {chosen.map(|r| {
                                let heading = format!("Change {}, {}", r.branch, r.name);
                                view! {
                                    <section aria-labelledby="edit-room">
                                        <h2 id="edit-room">{heading}</h2>
                                        <ActionForm action=update attr:class="stacked narrow" attr:novalidate=true attr:aria-labelledby="edit-room">
                                            <input type="hidden" name="id" value=r.id />
                                            <FormStatus error=action_error(update.value()) />
                                            <TextField name="edit_name" label="Room name" value=r.name.clone() required=true error=edit_errors.signal("edit_name") />
                                            <TextField name="edit_capacity" label="Capacity (people)" kind="number" value=r.capacity.to_string() required=true error=edit_errors.signal("edit_capacity") />
                                            <TextField name="edit_accessibility" label="Accessibility notes" value=r.accessibility.clone().unwrap_or_default() error=edit_errors.signal("edit_accessibility") />
                                            <button type="submit">"Save room"</button>
                                            " "<a href="/admin/rooms">"Cancel"</a>
                                        </ActionForm>
                                    </section>
                                }
                            })}
                            <table>
                                <thead><tr><th scope="col">"Branch"</th><th scope="col">"Room"</th><th scope="col">"Capacity"</th><th scope="col">"Accessibility"</th><th scope="col"><span class="visually-hidden">"Change"</span></th></tr></thead>
                                <tbody>{list.into_iter().map(|r| {
                                    let href = format!("/admin/rooms?edit={}", r.id);
                                    let label = format!("Change {}", r.name);
                                    view! {
                                        <tr><td>{r.branch}</td><th scope="row">{r.name}</th><td>{r.capacity}</td><td>{r.accessibility.unwrap_or_default()}</td>
                                        <td><a href=href aria-label=label>"Change"</a></td></tr>
                                    }
                                }).collect_view()}</tbody>
                            </table>
                        }.into_any()
                    }
                    Err(err) => view! { <ErrorView error=err /> }.into_any(),
                }
            })}
        </Transition>
        <h2 id="add-room">"Add a room"</h2>
        <Transition fallback=|| view! { <Loading /> }>
            {move || Suspend::new(async move {
                let branches = choices.await.map(|c| c.branches).unwrap_or_default();
                let options = branches.into_iter().map(|(id, n)| (id.to_string(), n)).collect();
                view! {
                    <ActionForm action=add attr:class="stacked narrow" attr:novalidate=true attr:aria-labelledby="add-room">
                        <FormStatus error=action_error(add.value()) />
                        <PlainSelect name="branch" label="Branch" empty="Choose a branch" options=options chosen=String::new() error=errors.get("branch") />
                        <TextField name="name" label="Room name" required=true error=e("name") />
                        <TextField name="capacity" label="Capacity (people)" kind="number" required=true error=e("capacity") />
                        <TextField name="accessibility" label="Accessibility notes" hint="Step-free entrance, hearing loop, nearest accessible toilet…" error=e("accessibility") />
                        <button type="submit">"Add room"</button>
                    </ActionForm>
                }
            })}
        </Transition>
    }
}
