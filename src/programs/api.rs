//! Server functions of programs: the public calendar and registration, the manage link, and
//! the staff's schedule, rooms and rosters. Each checks its input, then calls one plain
//! function in `repo` or `booking`.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use super::model::{ProgramForm, RegisterForm};
use super::records::{
    Booked, ManageView, PresentedProgram, ProgramCard, ProgramDetail, RoomRecord, Roster,
    ScheduleChoices,
};
use crate::error::AppError;

/// The public calendar: programs matching the filters, and the branches to filter by.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Calendar {
    pub programs: Vec<ProgramCard>,
    pub branches: Vec<(i64, String)>,
    /// The first and last day shown, `YYYY-MM-DD`.
    pub from: String,
    pub to: String,
}

/// Programs from `from` (default today) to `to` (default 60 days on), filtered.
#[server(endpoint = "public/programs/list")]
pub async fn list_programs(
    #[server(default)] audience: String,
    #[server(default)] goal: String,
    #[server(default)] branch: String,
    #[server(default)] from: String,
    #[server(default)] to: String,
) -> Result<Calendar, AppError> {
    use crate::server::api::*;
    use crate::vocab::{Audience, Goal, Vocab};
    respond(async move {
        let st = state()?;
        let offset = st.zone;
        let today = st.clock.today();
        let range = crate::when::calendar_range(&from, &to, today);
        let filter = super::repo::ListFilter {
            audience: Audience::from_slug(audience.trim()),
            goal: Goal::from_slug(goal.trim()),
            branch: branch.trim().parse().ok(),
            partner: None,
            from: offset.to_utc(range.0, time::Time::MIDNIGHT),
            to: Some(offset.to_utc(range.1.next_day().unwrap_or(range.1), time::Time::MIDNIGHT)),
            drafts: false,
            limit: 500,
        };
        let programs = super::repo::list(&st.db, &filter, offset).await?;
        let branches = super::repo::branches(&st.db).await?;
        Ok(Calendar {
            programs,
            branches,
            from: range.0.to_string(),
            to: range.1.to_string(),
        })
    })
    .await
}

/// A program's page (drafts only for staff).
#[server(endpoint = "public/programs/detail")]
pub async fn load_program(id: i64) -> Result<ProgramDetail, AppError> {
    use crate::server::api::*;
    respond(async move {
        let st = state()?;
        let staff = current_staff().await?.is_some();
        super::repo::detail(&st.db, id, st.zone, staff).await
    })
    .await
}

/// Registers a party; without JavaScript the browser goes on to the manage page.
#[server(endpoint = "public/programs/register")]
pub async fn register(
    program: i64,
    #[server(flatten)] form: RegisterForm,
) -> Result<Booked, AppError> {
    use crate::server::api::*;
    respond(async move {
        let st = state()?;
        if form.is_bot() {
            tracing::info!("registration honeypot filled; ignored");
            return Ok(super::booking::decoy());
        }
        let limit = st.config.bookings_per_hour;
        super::booking::within_client_limit(&st.db, &st.key, &client_addr(), limit).await?;
        let s = super::booking::Site::of(&st);
        let client = st.key.hash(&format!("client:{}", client_addr()));
        let booked = super::booking::register(&st.db, &s, program, &form, Some(&client)).await?;
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
    use crate::server::api::*;
    respond(async move {
        let st = state()?;
        let limit = st.config.bookings_per_hour;
        super::booking::within_client_limit(&st.db, &st.key, &client_addr(), limit).await?;
        let s = super::booking::Site::of(&st);
        super::booking::resend(&st.db, &s, program, &address).await?;
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
        super::booking::manage(&st.db, &token, st.zone).await
    })
    .await
}

/// Cancels a registration through its manage link.
#[server(endpoint = "public/programs/cancel_registration")]
pub async fn cancel_registration(token: String) -> Result<(), AppError> {
    use crate::server::api::*;
    respond(async move {
        let st = state()?;
        let limit = st.config.bookings_per_hour;
        super::booking::within_client_limit(&st.db, &st.key, &client_addr(), limit).await?;
        let s = super::booking::Site::of(&st);
        super::booking::cancel(&st.db, &s, &token).await?;
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
    use crate::server::api::*;
    respond(async move {
        let st = state()?;
        let limit = st.config.bookings_per_hour;
        super::booking::within_client_limit(&st.db, &st.key, &client_addr(), limit).await?;
        let s = super::booking::Site::of(&st);
        super::booking::change_party(&st.db, &s, &token, &party_size).await?;
        st.mailer.wake();
        if is_form_post(&parts()?) {
            leptos_axum::redirect(&format!("/programs/manage/{token}?changed=1"));
        }
        Ok(())
    })
    .await
}

/// Rooms, branches and partners for the schedule form.
#[server(endpoint = "staff/programs/choices")]
pub async fn load_schedule_choices() -> Result<ScheduleChoices, AppError> {
    use crate::server::api::*;
    respond(async move {
        require_staff().await?;
        super::repo::choices(&state()?.db).await
    })
    .await
}

/// Schedules a program (a series when it repeats); its page follows.
#[server(endpoint = "staff/programs/create")]
pub async fn create_program(#[server(flatten)] form: ProgramForm) -> Result<i64, AppError> {
    use crate::server::api::*;
    respond(async move {
        let staff = require_staff().await?;
        let st = state()?;
        let offset = st.zone;
        let p = form.parse(st.clock.today())?;
        let id = super::repo::create(&st.db, &p, offset, staff.id).await?;
        leptos_axum::redirect(&format!("/staff/programs/{id}"));
        Ok(id)
    })
    .await
}

/// Publishes a draft program (its whole series).
#[server(endpoint = "staff/programs/publish")]
pub async fn publish_program(id: i64) -> Result<(), AppError> {
    use crate::server::api::*;
    respond(async move {
        require_staff().await?;
        let st = state()?;
        super::repo::publish(&st.db, id, st.zone).await?;
        if is_form_post(&parts()?) {
            leptos_axum::redirect(&format!("/staff/programs/{id}"));
        }
        Ok(())
    })
    .await
}

/// Cancels a program; everyone registered is told by e-mail.
#[server(endpoint = "staff/programs/cancel")]
pub async fn cancel_program(id: i64) -> Result<usize, AppError> {
    use crate::server::api::*;
    respond(async move {
        require_staff().await?;
        let st = state()?;
        let s = super::booking::Site::of(&st);
        let n = super::booking::cancel_program(&st.db, &s, id).await?;
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
    use crate::server::api::*;
    respond(async move {
        require_staff().await?;
        let st = state()?;
        let c = super::model::parse_capacity(&capacity)?;
        let s = super::booking::Site::of(&st);
        super::booking::set_capacity(&st.db, &s, id, c).await?;
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
    use crate::server::api::*;
    respond(async move {
        require_staff().await?;
        super::bursts::check_picked(&ids)?;
        let st = state()?;
        let s = super::booking::Site::of(&st);
        let n = super::booking::cancel_quietly(&st.db, &s, program, &ids).await?;
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
        super::booking::roster(&st.db, id, st.zone).await
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
        let program = super::booking::mark(&state()?.db, registration, a).await?;
        if is_form_post(&parts()?) {
            leptos_axum::redirect(&format!("/staff/programs/{program}#roster"));
        }
        Ok(())
    })
    .await
}

/// Every program from today on, drafts included, for staff.
#[server(endpoint = "staff/programs/list")]
pub async fn staff_programs(#[server(default)] past: bool) -> Result<Vec<ProgramCard>, AppError> {
    use crate::server::api::*;
    respond(async move {
        require_staff().await?;
        let st = state()?;
        let offset = st.zone;
        let today = offset.to_utc(st.clock.today(), time::Time::MIDNIGHT);
        let filter = super::repo::ListFilter {
            from: if past { today - 90 * 86_400 } else { today },
            to: past.then_some(today),
            drafts: true,
            limit: 500,
            ..Default::default()
        };
        super::repo::list(&st.db, &filter, offset).await
    })
    .await
}

/// Programs from 90 days ago to 90 days on, as (id, "title — when"), for linking a poll.
#[server(endpoint = "staff/programs/recent")]
pub async fn recent_programs() -> Result<Vec<(i64, String)>, AppError> {
    use crate::server::api::*;
    respond(async move {
        require_staff().await?;
        let st = state()?;
        let offset = st.zone;
        let now = st.clock.now();
        let filter = super::repo::ListFilter {
            from: now - 90 * 86_400,
            to: Some(now + 90 * 86_400),
            drafts: false,
            limit: 500,
            ..Default::default()
        };
        Ok(super::repo::list(&st.db, &filter, offset)
            .await?
            .into_iter()
            .map(|p| (p.id, format!("{} — {}", p.title, p.when)))
            .collect())
    })
    .await
}

/// Every room.
#[server(endpoint = "staff/rooms/list")]
pub async fn list_rooms() -> Result<Vec<RoomRecord>, AppError> {
    use crate::server::api::*;
    respond(async move {
        require_staff().await?;
        super::repo::rooms(&state()?.db).await
    })
    .await
}

/// Adds a room to a branch (admins).
#[server(endpoint = "admin/rooms/add")]
pub async fn add_room(
    branch: String,
    name: String,
    capacity: String,
    #[server(default)] accessibility: String,
) -> Result<i64, AppError> {
    use crate::server::api::*;
    respond(async move {
        require_admin().await?;
        let (name, capacity, notes) =
            super::model::parse_room("", &name, &capacity, &accessibility)?;
        // An unknown branch (or none chosen) is refused by the database as a field error.
        let branch_id = branch.trim().parse::<i64>().unwrap_or(0);
        let id = super::repo::add_room(&state()?.db, branch_id, &name, capacity, notes.as_deref())
            .await?;
        if is_form_post(&parts()?) {
            leptos_axum::redirect("/admin/rooms?added=1");
        }
        Ok(id)
    })
    .await
}

/// Changes a room (admins).
#[server(endpoint = "admin/rooms/save")]
pub async fn update_room(
    id: i64,
    edit_name: String,
    edit_capacity: String,
    #[server(default)] edit_accessibility: String,
) -> Result<(), AppError> {
    use crate::server::api::*;
    respond(async move {
        require_admin().await?;
        let (name, capacity, notes) =
            super::model::parse_room("edit_", &edit_name, &edit_capacity, &edit_accessibility)?;
        super::repo::update_room(&state()?.db, id, &name, capacity, notes.as_deref()).await?;
        if is_form_post(&parts()?) {
            leptos_axum::redirect("/admin/rooms?saved=1");
        }
        Ok(())
    })
    .await
}

/// The programs a partner presented, for its page.
#[server(endpoint = "staff/partners/programs")]
pub async fn partner_programs(partner: i64) -> Result<Vec<PresentedProgram>, AppError> {
    use crate::server::api::*;
    respond(async move {
        require_staff().await?;
        let st = state()?;
        super::repo::presented(&st.db, partner, st.zone).await
    })
    .await
}
