//! Server functions of the schedule: the form's choices, scheduling and publishing programs,
//! and rooms.

use leptos::prelude::*;

use super::form::ProgramForm;
use super::model::{RoomRecord, ScheduleChoices};
use crate::error::AppError;

/// Rooms, branches and partners for the schedule form.
#[server(endpoint = "staff/programs/choices")]
pub async fn load_schedule_choices() -> Result<ScheduleChoices, AppError> {
    use crate::server::api::*;
    respond(async move {
        require_staff().await?;
        super::service::choices(&state()?.db).await
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
        let id = super::service::create(&st.db, &p, offset, staff.id).await?;
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
        super::service::publish(&st.db, id, st.zone).await?;
        if is_form_post(&parts()?) {
            leptos_axum::redirect(&format!("/staff/programs/{id}"));
        }
        Ok(())
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
        super::service::update_room(&state()?.db, id, &name, capacity, notes.as_deref()).await?;
        if is_form_post(&parts()?) {
            leptos_axum::redirect("/admin/rooms?saved=1");
        }
        Ok(())
    })
    .await
}
