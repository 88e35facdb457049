//! The one error type that crosses the wire.
//!
//! It carries only what a user may see. Internal causes (database, I/O, hashing) are
//! logged where they happen and become [`AppError::Internal`], which says nothing more.

use serde::{Deserialize, Serialize};
use server_fn::codec::JsonEncoding;
use server_fn::error::{FromServerFnError, ServerFnErrorErr};

use leptos::server_fn;

/// One message tied to one form field (by its `name`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldError {
    pub field: String,
    pub message: String,
}

/// The field errors of one form; empty means the input is valid.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldErrors(pub Vec<FieldError>);

impl FieldErrors {
    /// Records a message for a field (the first message per field wins).
    pub fn add(&mut self, field: &str, message: impl Into<String>) {
        if self.get(field).is_none() {
            self.0.push(FieldError {
                field: field.into(),
                message: message.into(),
            });
        }
    }
    /// The message for a field, if any.
    pub fn get(&self, field: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|e| e.field == field)
            .map(|e| e.message.as_str())
    }
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
    /// `Ok(value)` when there are no errors.
    pub fn into_result<T>(self, value: T) -> Result<T, AppError> {
        if self.is_empty() {
            Ok(value)
        } else {
            Err(AppError::Invalid(self))
        }
    }
}

/// A booking that stands in the way of another: who (a room or a partner presenter) is already
/// booked, for which program and when. Pages link to the other program by its id.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Clash {
    /// "The room", or the partner presenter's name.
    pub who: String,
    /// The other program's title.
    pub title: String,
    /// When the other program runs, in words.
    pub when: String,
    /// The other program's id.
    pub program_id: i64,
}

impl std::fmt::Display for Clash {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} is already booked for “{}”, {}.",
            self.who, self.title, self.when
        )
    }
}

/// Everything a server function can tell a user went wrong.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum AppError {
    #[error("{0} was not found.")]
    NotFound(String),
    #[error("Please sign in to continue.")]
    Unauthorized,
    #[error("Your account may not do that.")]
    Forbidden,
    #[error("Please correct the highlighted fields.")]
    Invalid(FieldErrors),
    #[error("{0}")]
    Conflict(String),
    /// A room or a presenter is already booked at that time.
    #[error("{0}")]
    DoubleBooked(Clash),
    #[error("{0}")]
    BadRequest(String),
    #[error("{0}")]
    TooManyRequests(String),
    #[error("Commonplace is very busy right now. Please try again in a moment.")]
    Busy,
    #[error("Something went wrong on our side. Please try again.")]
    Internal,
}

impl AppError {
    /// The HTTP status this error is sent with.
    pub fn status(&self) -> u16 {
        match self {
            AppError::NotFound(_) => 404,
            AppError::Unauthorized => 401,
            AppError::Forbidden => 403,
            AppError::Invalid(_) => 422,
            AppError::Conflict(_) | AppError::DoubleBooked(_) => 409,
            AppError::BadRequest(_) => 400,
            AppError::TooManyRequests(_) => 429,
            AppError::Busy => 503,
            AppError::Internal => 500,
        }
    }

    /// Field errors, when this is a validation failure.
    pub fn fields(&self) -> Option<&FieldErrors> {
        match self {
            AppError::Invalid(f) => Some(f),
            _ => None,
        }
    }

    /// A single-field validation error.
    pub fn field(field: &str, message: impl Into<String>) -> Self {
        let mut f = FieldErrors::default();
        f.add(field, message);
        AppError::Invalid(f)
    }
}

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        match value {
            ServerFnErrorErr::Args(_) | ServerFnErrorErr::Deserialization(_) => {
                AppError::BadRequest(
                    "The form could not be read. Please check it and try again.".into(),
                )
            }
            ServerFnErrorErr::Request(_) | ServerFnErrorErr::Response(_) => AppError::BadRequest(
                "Could not reach the server. Check your connection and try again.".into(),
            ),
            _ => AppError::Internal,
        }
    }
}

impl AppError {
    /// Logs an internal failure and returns the error that says nothing more.
    #[cfg(feature = "ssr")]
    pub fn internal(cause: &str) -> Self {
        tracing::error!(cause, "internal error");
        AppError::Internal
    }
}

#[cfg(feature = "ssr")]
impl From<sqlx::Error> for AppError {
    fn from(e: sqlx::Error) -> Self {
        if matches!(e, sqlx::Error::PoolTimedOut) {
            // Every connection stayed taken for the whole wait: a burst, not a fault.
            tracing::warn!("no database connection came free in time");
            return AppError::Busy;
        }
        tracing::error!(error = %e, "database error");
        AppError::Internal
    }
}

#[cfg(all(test, feature = "ssr"))]
mod tests {
    use super::*;

    #[test]
    fn a_full_pool_says_busy_and_other_database_errors_say_nothing() {
        let busy = AppError::from(sqlx::Error::PoolTimedOut);
        assert_eq!(busy, AppError::Busy);
        assert_eq!(busy.status(), 503);
        assert!(busy.to_string().contains("try again"));
        let other = AppError::from(sqlx::Error::Protocol("secret table name".into()));
        assert_eq!(other, AppError::Internal);
        assert!(!other.to_string().contains("secret"));
    }

    #[test]
    fn a_double_booking_says_who_what_and_when_and_carries_the_id() {
        let e = AppError::DoubleBooked(Clash {
            who: "The room".into(),
            title: "Storytime".into(),
            when: "Saturday, December 5, 2026, 10:30 AM–11:15 AM".into(),
            program_id: 12,
        });
        assert_eq!(e.status(), 409);
        assert_eq!(
            e.to_string(),
            "The room is already booked for “Storytime”, Saturday, December 5, 2026, 10:30 AM–11:15 AM."
        );
    }
}
