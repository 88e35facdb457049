//! Server functions of booking: registration and the manage link for patrons; capacity,
//! cancellations, rosters and check-in for staff.

use leptos::prelude::*;

use super::model::{Booked, ManageView, RegisterForm, Roster};
use crate::error::AppError;

/// Registers a party; without JavaScript the browser goes on to the manage page.
#[server(endpoint = "public/programs/register")]
pub async fn register(
    program: i64,
    #[server(flatten)] form: RegisterForm,
) -> Result<Booked, AppError> {
    use crate::programs::letters::service::Site;
    use crate::server::api::*;
    respond(async move {
        let st = state()?;
        if form.is_bot() {
            tracing::info!("registration honeypot filled; ignored");
            return Ok(super::service::decoy());
        }
        let limit = st.config.bookings_per_hour;
        super::service::within_client_limit(&st.db, &st.key, &client_addr(), limit).await?;
        let s = Site::of(&st);
        let client = st.key.hash(&format!("client:{}", client_addr()));
        let booked = super::service::register(&st.db, &s, program, &form, Some(&client)).await?;
        st.mailer.wake();
        if is_form_post(&parts()?) {
            leptos_axum::redirect(&format!("/programs/manage/{}?new=1", booked.token));
        }
        Ok(booked)
    })
    .await
}

/// Mails the manage link again (the answer is the same whether or not the address is known).
#[server(endpoint = "public/programs/resend")]
pub async fn resend_link(program: i64, address: String) -> Result<(), AppError> {
    use crate::programs::letters::service::Site;
    use crate::server::api::*;
    respond(async move {
        let st = state()?;
        let limit = st.config.bookings_per_hour;
        super::service::within_client_limit(&st.db, &st.key, &client_addr(), limit).await?;
        let s = Site::of(&st);
        super::service::resend(&st.db, &s, program, &address).await?;
        st.mailer.wake();
        if is_form_post(&parts()?) {
            leptos_axum::redirect(&format!("/programs/{program}?resent=1"));
        }
        Ok(())
    })
    .await
}

/// A registration, through its manage link.
#[server(endpoint = "public/programs/registration")]
pub async fn manage_registration(token: String) -> Result<ManageView, AppError> {
    use crate::server::api::*;
    respond(async move {
        let st = state()?;
        super::manage::manage(&st.db, &token, st.zone).await
    })
    .await
}

/// Cancels a registration through its manage link.
#[server(endpoint = "public/programs/cancel_registration")]
pub async fn cancel_registration(token: String) -> Result<(), AppError> {
    use crate::programs::letters::service::Site;
    use crate::server::api::*;
    respond(async move {
        let st = state()?;
        let limit = st.config.bookings_per_hour;
        super::service::within_client_limit(&st.db, &st.key, &client_addr(), limit).await?;
        let s = Site::of(&st);
        super::manage::cancel(&st.db, &s, &token).await?;
        st.mailer.wake();
        if is_form_post(&parts()?) {
            leptos_axum::redirect(&format!("/programs/manage/{token}?cancelled=1"));
        }
        Ok(())
    })
    .await
}

/// Lowers a party's size through its manage link.
#[server(endpoint = "public/programs/change_party")]
pub async fn change_party_size(token: String, party_size: String) -> Result<(), AppError> {
    use crate::programs::letters::service::Site;
    use crate::server::api::*;
    respond(async move {
        let st = state()?;
        let limit = st.config.bookings_per_hour;
        super::service::within_client_limit(&st.db, &st.key, &client_addr(), limit).await?;
        let s = Site::of(&st);
        super::manage::change_party(&st.db, &s, &token, &party_size).await?;
        st.mailer.wake();
        if is_form_post(&parts()?) {
            leptos_axum::redirect(&format!("/programs/manage/{token}?changed=1"));
        }
        Ok(())
    })
    .await
}

/// Cancels a program; everyone registered is told by e-mail.
#[server(endpoint = "staff/programs/cancel")]
pub async fn cancel_program(
    id: i64,
    #[server(default)] note: String,
    #[server(default)] confirm: String,
) -> Result<usize, AppError> {
    use crate::programs::letters::service::Site;
    use crate::server::api::*;
    respond(async move {
        require_staff().await?;
        let note = super::model::cancel_note(&confirm, &note)?;
        let st = state()?;
        let s = Site::of(&st);
        let n = super::staff::cancel_program(&st.db, &s, id, note.as_deref()).await?;
        st.mailer.wake();
        if is_form_post(&parts()?) {
            leptos_axum::redirect(&format!("/staff/programs/{id}"));
        }
        Ok(n)
    })
    .await
}

/// Changes a program's capacity; added seats go to the waitlist in order.
#[server(endpoint = "staff/programs/set_capacity")]
pub async fn set_capacity(id: i64, capacity: String) -> Result<(), AppError> {
    use crate::programs::letters::service::Site;
    use crate::server::api::*;
    respond(async move {
        require_staff().await?;
        let st = state()?;
        let c = crate::programs::schedule::model::parse_capacity(&capacity)?;
        let s = Site::of(&st);
        super::staff::set_capacity(&st.db, &s, id, c).await?;
        st.mailer.wake();
        if is_form_post(&parts()?) {
            leptos_axum::redirect(&format!("/staff/programs/{id}"));
        }
        Ok(())
    })
    .await
}

/// Cancels the registrations staff ticked in a burst, without e-mailing them.
#[server(endpoint = "staff/programs/cancel_quietly")]
pub async fn cancel_quietly(
    program: i64,
    #[server(default)] ids: Vec<i64>,
) -> Result<usize, AppError> {
    use crate::programs::letters::service::Site;
    use crate::server::api::*;
    respond(async move {
        require_staff().await?;
        super::bursts::check_picked(&ids)?;
        let st = state()?;
        let s = Site::of(&st);
        let n = super::staff::cancel_quietly(&st.db, &s, program, &ids).await?;
        st.mailer.wake();
        if is_form_post(&parts()?) {
            leptos_axum::redirect(&format!("/staff/programs/{program}?quietly={n}#roster"));
        }
        Ok(n)
    })
    .await
}

/// A program's roster.
#[server(endpoint = "staff/programs/roster")]
pub async fn program_roster(id: i64) -> Result<Roster, AppError> {
    use crate::server::api::*;
    respond(async move {
        require_staff().await?;
        let st = state()?;
        super::staff::roster(&st.db, id, st.zone).await
    })
    .await
}

/// Checks a registration in at the door, marks a no-show, or clears the mark ("").
#[server(endpoint = "staff/programs/mark_attendance")]
pub async fn mark_attendance(registration: i64, attendance: String) -> Result<(), AppError> {
    use crate::server::api::*;
    use crate::vocab::Vocab;
    respond(async move {
        require_staff().await?;
        let a = match attendance.trim() {
            "" => None,
            s => Some(
                super::model::Attendance::from_slug(s)
                    .ok_or_else(|| AppError::BadRequest("Unknown attendance mark.".into()))?,
            ),
        };
        let program = super::staff::mark(&state()?.db, registration, a).await?;
        if is_form_post(&parts()?) {
            leptos_axum::redirect(&format!("/staff/programs/{program}#roster"));
        }
        Ok(())
    })
    .await
}
