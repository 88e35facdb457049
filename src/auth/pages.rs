//! `/signin`, `/staff/account` and `/admin/staff`.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use super::api::{
    list_staff, ChangePassword, CreateStaff, ResetStaffPassword, SetStaffActive, SignIn,
};
use super::model::{StaffAccount, MIN_PASSWORD};
use crate::ui::fields::{FormStatus, TextField};
use crate::ui::form_state::{action_error, reset_on_success, FormErrors};
use crate::ui::table::{col, ListTable};
use crate::ui::widgets::{ErrorView, Loading};
use crate::when::date;

#[component]
pub fn SignInPage() -> impl IntoView {
    let sign_in = ServerAction::<SignIn>::new();
    let query = use_query_map();
    let next = move || query.with(|q| q.get_str("next").unwrap_or("/staff").to_string());
    let notice = move || {
        query.with(|q| {
            if q.get_str("signed_out").is_some() {
                Some("You are signed out.")
            } else if q.get_str("changed").is_some() {
                Some("Your password was changed. Please sign in with the new one.")
            } else {
                None
            }
        })
    };
    view! {
        <Title text="Staff sign in" />
        <section class="narrow">
            <h1>"Staff sign in"</h1>
            {move || notice().map(|n| view! { <p class="notice success" role="status">{n}</p> })}
            <ActionForm action=sign_in attr:class="stacked">
                <FormStatus error=action_error(sign_in.value()) />
                <input type="hidden" name="next" value=next />
                <TextField name="email" label="E-mail" kind="email" required=true autocomplete="username" />
                <TextField name="password" label="Password" kind="password" required=true autocomplete="current-password" />
                <button type="submit">"Sign in"</button>
            </ActionForm>
            <p class="muted">"Forgot your password? Ask an administrator to set a new one."</p>
        </section>
    }
}

#[component]
pub fn AccountPage() -> impl IntoView {
    let change = ServerAction::<ChangePassword>::new();
    let errors = FormErrors::new(change.value());
    view! {
        <Title text="Your account" />
        <section class="narrow">
            <h1>"Your account"</h1>
            <h2>"Change your password"</h2>
            <ActionForm action=change attr:class="stacked" attr:novalidate=true>
                <FormStatus error=action_error(change.value()) />
                <TextField name="current" label="Current password" kind="password" required=true autocomplete="current-password" error=errors.signal("current") />
                <TextField name="new_password" label="New password" kind="password" required=true autocomplete="new-password" hint="At least 12 characters. A few unrelated words work well." error=errors.signal("new_password") />
                <TextField name="confirm" label="New password again" kind="password" required=true autocomplete="new-password" error=errors.signal("confirm") />
                <button type="submit">"Change password"</button>
            </ActionForm>
            <p class="muted">"Changing your password signs you out everywhere."</p>
        </section>
    }
}

#[component]
pub fn StaffAdminPage() -> impl IntoView {
    let create = ServerAction::<CreateStaff>::new();
    let set_active = ServerAction::<SetStaffActive>::new();
    let reset = ServerAction::<ResetStaffPassword>::new();
    let accounts = Resource::new(
        move || {
            (
                create.version().get(),
                set_active.version().get(),
                reset.version().get(),
            )
        },
        |_| list_staff(),
    );
    let errors = FormErrors::new(create.value());
    let created = move || create.value().get().is_some_and(|r| r.is_ok());
    let form = NodeRef::new();
    reset_on_success(create.value(), form);
    view! {
        <Title text="Staff accounts" />
        <h1>"Staff accounts"</h1>
        <FormStatus error=action_error(set_active.value()) />
        <FormStatus error=action_error(reset.value()) />
        {move || reset.value().get().and_then(|r| r.ok()).map(|_| view! { <p class="notice success" role="status">"The password was changed and the account signed out everywhere."</p> })}
        <Transition fallback=|| view! { <Loading /> }>
            {move || Suspend::new(async move {
                match accounts.await {
                    Ok(list) => view! { <AccountTable list set_active reset /> }.into_any(),
                    Err(e) => view! { <ErrorView error=e /> }.into_any(),
                }
            })}
        </Transition>
        <section class="card narrow" aria-labelledby="new-account">
            <h2 id="new-account">"Add a librarian"</h2>
            {move || created().then(|| view! { <p class="notice success" role="status">"Account created. Give them their initial password; they can change it under their name in the menu."</p> })}
            <ActionForm action=create node_ref=form attr:class="stacked" attr:novalidate=true>
                <FormStatus error=action_error(create.value()) />
                <TextField name="name" label="Name" required=true error=errors.signal("name") />
                <TextField name="email" label="E-mail" kind="email" required=true autocomplete="off" error=errors.signal("email") />
                <div class="field">
                    <label for="f-role">"Role"</label>
                    <select id="f-role" name="role">
                        <option value="staff" selected=true>"Staff — directory, sign-ups, interactions"</option>
                        <option value="admin">"Admin — also manages staff accounts"</option>
                    </select>
                </div>
                <TextField name="password" label="Initial password" kind="password" required=true autocomplete="new-password" hint="At least 12 characters." error=errors.signal("password") />
                <button type="submit">"Create account"</button>
            </ActionForm>
        </section>
    }
}

#[component]
fn AccountTable(
    list: Vec<StaffAccount>,
    set_active: ServerAction<SetStaffActive>,
    reset: ServerAction<ResetStaffPassword>,
) -> impl IntoView {
    view! {
        <ListTable caption="Staff accounts" columns=vec![col("Name"), col("E-mail"), col("Role"), col("Since"), col("Status"), col("Actions")]>
                    {list
                        .into_iter()
                        .map(|a| {
                            let pw_id = format!("reset-{}", a.id);
                            let toggle = format!("{} {}", if a.active { "Deactivate" } else { "Reactivate" }, a.name);
                            let pw_label = format!("New password for {}", a.name);
                            view! {
                                <tr class:inactive=!a.active>
                                    <th scope="row">{a.name.clone()}</th>
                                    <td>{a.email.clone()}</td>
                                    <td>{a.role.label()}</td>
                                    <td class="nowrap">{date(a.created_at)}</td>
                                    <td>{if a.active { "Active" } else { "Deactivated" }}</td>
                                    <td class="actions">
                                        <ActionForm action=set_active attr:class="inline">
                                            <input type="hidden" name="id" value=a.id />
                                            <input type="hidden" name="active" value=if a.active { "false" } else { "true" } />
                                            <button type="submit" class="secondary small">
                                                {toggle}
                                            </button>
                                        </ActionForm>
                                        <ActionForm action=reset attr:class="inline reset">
                                            <input type="hidden" name="id" value=a.id />
                                            <label for=pw_id.clone() class="visually-hidden">{pw_label}</label>
                                            <input id=pw_id type="password" name="password" autocomplete="new-password" minlength=MIN_PASSWORD placeholder="New password" />
                                            <button type="submit" class="secondary small">"Set password"</button>
                                        </ActionForm>
                                    </td>
                                </tr>
                            }
                        })
                        .collect_view()}
        </ListTable>
    }
}
