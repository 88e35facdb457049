//! Sign-in and account rules over the database, callable without HTTP.

use super::model::{check_new_password, parse_new_staff, sign_in_delay, StaffUser};
use super::{password, repo};
use crate::error::{AppError, FieldErrors};
use crate::server::rate;
use crate::server::state::AppState;

/// The one message for every failed sign-in, whatever the reason.
pub const SIGN_IN_FAILED: &str = "That e-mail and password do not match an active account.";
/// Sign-ins per account, and per client address, in the window before each must wait.
pub const PER_ACCOUNT: i64 = 5;
pub const PER_ADDRESS: i64 = 20;
/// The longest wait between two sign-ins to one account, and from one address (seconds).
pub const ACCOUNT_CAP: i64 = 60;
pub const ADDRESS_CAP: i64 = 15 * 60;
const WINDOW: i64 = 15 * 60;

fn wait_message(seconds: i64) -> AppError {
    let when = if seconds == 1 {
        "a second".to_string()
    } else if seconds <= 90 {
        format!("{seconds} seconds")
    } else {
        format!("{} minutes", (seconds + 59) / 60)
    };
    AppError::TooManyRequests(format!(
        "Too many sign-in attempts. Please wait {when} and try again."
    ))
}

/// Checks a sign-in; returns the account id. Failures are counted per account and per address.
pub async fn authenticate(
    state: &AppState,
    email: &str,
    pass: &str,
    addr: &str,
) -> Result<i64, AppError> {
    let email = email.trim().to_lowercase();
    let account = format!("signin:account:{}", state.key.hash(&email));
    let address = format!("signin:address:{}", state.key.hash(addr));
    // Each attempt is counted before its password is checked, in the same transaction as the
    // check: a burst sent at once gets no more guesses than one sent in turn. The address
    // comes first, so an address told to wait adds nothing to the account's count.
    rate::attempt(&state.db, &address, WINDOW, |n| {
        sign_in_delay(n, PER_ADDRESS, ADDRESS_CAP)
    })
    .await?
    .map_err(wait_message)?;
    rate::attempt(&state.db, &account, WINDOW, |n| {
        sign_in_delay(n, PER_ACCOUNT, ACCOUNT_CAP)
    })
    .await?
    .map_err(wait_message)?;
    let creds = repo::credentials(&state.db, &email).await?;
    let stored = creds
        .as_ref()
        .filter(|c| c.active)
        .map(|c| c.password_hash.clone());
    if password::verify(pass.to_string(), stored).await? {
        // A librarian who signs in is no stranger: neither the account nor the address (a
        // branch's staff share one) keeps counting toward a wait.
        rate::clear_events(&state.db, &account).await?;
        rate::clear_events(&state.db, &address).await?;
        // `verify` is only true for a stored hash, which only an active account has.
        creds.map(|c| c.id).ok_or(AppError::Internal)
    } else {
        tracing::info!("failed sign-in");
        Err(AppError::BadRequest(SIGN_IN_FAILED.into()))
    }
}

/// Creates a staff account with the initial password the admin chose.
pub async fn create_account(
    state: &AppState,
    email: &str,
    name: &str,
    role: &str,
    pass: &str,
) -> Result<i64, AppError> {
    let mut errors = match parse_new_staff(email, name, role) {
        Ok(_) => FieldErrors::default(),
        Err(AppError::Invalid(f)) => f,
        Err(e) => return Err(e),
    };
    check_new_password(&mut errors, "password", pass);
    errors.into_result(())?;
    let new = parse_new_staff(email, name, role)?;
    let hash = password::hash(pass.to_string()).await?;
    repo::create(&state.db, &new, &hash).await
}

/// Activates or deactivates another librarian's account.
pub async fn set_active(
    state: &AppState,
    admin: &StaffUser,
    id: i64,
    active: bool,
) -> Result<String, AppError> {
    if id == admin.id && !active {
        return Err(AppError::Conflict(
            "You cannot deactivate your own account.".into(),
        ));
    }
    repo::set_active(&state.db, id, active).await
}

/// Sets a new password chosen by an admin; the account is signed out everywhere.
pub async fn reset_password(state: &AppState, id: i64, pass: &str) -> Result<String, AppError> {
    let mut errors = FieldErrors::default();
    check_new_password(&mut errors, "password", pass);
    errors.into_result(())?;
    let hash = password::hash(pass.to_string()).await?;
    repo::set_password(&state.db, id, &hash).await
}

/// Changes one's own password after checking the current one.
pub async fn change_own_password(
    state: &AppState,
    user: &StaffUser,
    current: &str,
    new: &str,
    confirm: &str,
) -> Result<(), AppError> {
    let mut errors = FieldErrors::default();
    check_new_password(&mut errors, "new_password", new);
    if new != confirm {
        errors.add("confirm", "The two new passwords differ.");
    }
    let stored = repo::password_hash(&state.db, user.id).await?;
    if !password::verify(current.to_string(), stored).await? {
        errors.add("current", "That is not your current password.");
    }
    errors.into_result(())?;
    let hash = password::hash(new.to_string()).await?;
    repo::set_password(&state.db, user.id, &hash).await?;
    Ok(())
}
/// On an empty database, creates the first admin and prints its password once.
/// `COMMONPLACE_ADMIN_EMAIL` and `COMMONPLACE_ADMIN_PASSWORD` choose them instead.
pub async fn first_admin(state: &AppState) -> Result<(), String> {
    if repo::count(&state.db).await.map_err(|e| e.to_string())? > 0 {
        return Ok(());
    }
    let email =
        std::env::var("COMMONPLACE_ADMIN_EMAIL").unwrap_or_else(|_| "admin@library.example".into());
    let (pass, chosen) = match std::env::var("COMMONPLACE_ADMIN_PASSWORD") {
        Ok(p) if p.chars().count() >= super::model::MIN_PASSWORD => (p, true),
        Ok(_) => return Err("COMMONPLACE_ADMIN_PASSWORD must be at least 12 characters".into()),
        Err(_) => (password::generate(), false),
    };
    let hash = password::hash(pass.clone())
        .await
        .map_err(|e| e.to_string())?;
    repo::upsert_admin(&state.db, &email, "Administrator", &hash)
        .await
        .map_err(|e| e.to_string())?;
    let shown = if chosen {
        "(from COMMONPLACE_ADMIN_PASSWORD)".to_string()
    } else {
        pass
    };
    println!(
        "\n  ┌─ First start: an admin account was created ─────────────\n  │  e-mail:   {email}\n  │  password: {shown}\n  │  This password is shown only once. Sign in at /signin and change it.\n  └─────────────────────────────────────────────────────────\n"
    );
    Ok(())
}
