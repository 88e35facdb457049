//! Staff accounts and sign-in rate limits in the database.

use super::model::{NewStaff, Role, StaffAccount};
use crate::error::AppError;
use crate::server::db::Db;
use crate::server::db::{Refusals, Violation};

/// An account's sign-in facts (the hash never leaves the server).
pub struct Credentials {
    pub id: i64,
    pub password_hash: String,
    pub active: bool,
}

#[derive(sqlx::FromRow)]
struct CredentialsRow {
    id: i64,
    password_hash: String,
    active: i64,
}

/// Looks an account up by e-mail.
pub async fn credentials(db: &Db, email: &str) -> Result<Option<Credentials>, AppError> {
    let row: Option<CredentialsRow> =
        sqlx::query_as("select id, password_hash, active from users where email = $1")
            .bind(email.to_lowercase())
            .fetch_optional(&db.pool)
            .await?;
    Ok(row.map(|r| Credentials {
        id: r.id,
        password_hash: r.password_hash,
        active: r.active == 1,
    }))
}

/// How many accounts exist.
pub async fn count(db: &Db) -> Result<i64, AppError> {
    Ok(sqlx::query_scalar("select count(*) from users")
        .fetch_one(&db.pool)
        .await?)
}

/// Creates an account; an e-mail already in use is a field error.
pub async fn create(db: &Db, new: &NewStaff, password_hash: &str) -> Result<i64, AppError> {
    let mut tx = db.begin().await?;
    let res = sqlx::query_scalar(
        "insert into users (email, name, role, password_hash, active, created_at) \
         values ($1, $2, $3, $4, 1, $5) returning id",
    )
    .bind(&new.email)
    .bind(&new.name)
    .bind(new.role.slug())
    .bind(password_hash)
    .bind(db.now())
    .fetch_one(&mut *tx)
    .await;
    let id: i64 = res.refused_as([(
        Violation::Unique,
        AppError::field("email", "An account with this e-mail already exists."),
    )])?;
    crate::server::db::commit(tx).await?;
    Ok(id)
}

/// Creates an admin, or makes the account with that e-mail an active admin with this password.
pub async fn upsert_admin(
    db: &Db,
    email: &str,
    name: &str,
    password_hash: &str,
) -> Result<(), AppError> {
    let mut tx = db.begin().await?;
    sqlx::query(
        "insert into users (email, name, role, password_hash, active, created_at) values ($1, $2, 'admin', $3, 1, $4) \
         on conflict (email) do update set role = 'admin', active = 1, password_hash = excluded.password_hash",
    )
    .bind(email.to_lowercase())
    .bind(name)
    .bind(password_hash)
    .bind(db.now())
    .execute(&mut *tx)
    .await?;
    sqlx::query("delete from sessions where user_id = (select id from users where email = $1)")
        .bind(email.to_lowercase())
        .execute(&mut *tx)
        .await?;
    crate::server::db::commit(tx).await?;
    Ok(())
}

#[derive(sqlx::FromRow)]
struct AccountRow {
    id: i64,
    email: String,
    name: String,
    role: String,
    active: i64,
    created_at: i64,
}

/// Every account, admins first, then by name.
pub async fn list(db: &Db) -> Result<Vec<StaffAccount>, AppError> {
    let rows: Vec<AccountRow> = sqlx::query_as(
        "select id, email, name, role, active, created_at from users order by active desc, role, lower(name)",
    )
    .fetch_all(&db.pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| StaffAccount {
            id: r.id,
            email: r.email,
            name: r.name,
            role: Role::from_slug(&r.role).unwrap_or(Role::Staff),
            active: r.active == 1,
            created_at: r.created_at,
        })
        .collect())
}

/// Activates or deactivates an account; deactivation ends its sessions at once.
pub async fn set_active(db: &Db, id: i64, active: bool) -> Result<String, AppError> {
    let mut tx = db.begin().await?;
    let email: Option<String> =
        sqlx::query_scalar("update users set active = $1 where id = $2 returning email")
            .bind(i64::from(active))
            .bind(id)
            .fetch_optional(&mut *tx)
            .await?;
    let email = email.ok_or_else(|| AppError::NotFound("That account".into()))?;
    if !active {
        sqlx::query("delete from sessions where user_id = $1")
            .bind(id)
            .execute(&mut *tx)
            .await?;
    }
    crate::server::db::commit(tx).await?;
    Ok(email)
}

/// Replaces an account's password and signs it out everywhere (optionally but one session).
pub async fn set_password(db: &Db, id: i64, password_hash: &str) -> Result<String, AppError> {
    let mut tx = db.begin().await?;
    let email: Option<String> =
        sqlx::query_scalar("update users set password_hash = $1 where id = $2 returning email")
            .bind(password_hash)
            .bind(id)
            .fetch_optional(&mut *tx)
            .await?;
    let email = email.ok_or_else(|| AppError::NotFound("That account".into()))?;
    sqlx::query("delete from sessions where user_id = $1")
        .bind(id)
        .execute(&mut *tx)
        .await?;
    crate::server::db::commit(tx).await?;
    Ok(email)
}

/// The stored password hash of an account.
pub async fn password_hash(db: &Db, id: i64) -> Result<Option<String>, AppError> {
    Ok(
        sqlx::query_scalar("select password_hash from users where id = $1")
            .bind(id)
            .fetch_optional(&db.pool)
            .await?,
    )
}
