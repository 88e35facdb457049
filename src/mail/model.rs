//! Outbox messages and the retry rule.

use serde::{Deserialize, Serialize};

use crate::vocab::{vocab, Vocab};

vocab! {
    /// Where a message in the outbox stands.
    OutboxState {
        Queued = "queued", "Queued";
        Sent = "sent", "Sent";
        Logged = "logged", "Logged (no SMTP server configured)";
        Failed = "failed", "Failed";
        Withheld = "withheld", "Withheld (daily limit for this address)";
    }
}

/// A text file sent with a message, such as a program's `.ics`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Attachment {
    pub filename: String,
    pub content_type: String,
    pub body: String,
}

/// A message to queue: one recipient, plain text, perhaps one attachment.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Email {
    pub to_address: String,
    pub to_name: Option<String>,
    pub subject: String,
    pub body: String,
    /// What it is about, for the staff view ("ask", "registration", ...).
    pub topic: String,
    pub attachment: Option<Attachment>,
}

/// A message in the outbox, as staff see it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OutboxMessage {
    pub id: i64,
    pub to_address: String,
    pub to_name: Option<String>,
    pub subject: String,
    pub body: String,
    pub topic: String,
    pub state: OutboxState,
    pub attempts: i64,
    /// Unix seconds of the next try, while queued.
    pub next_attempt_at: i64,
    pub last_error: Option<String>,
    pub created_at: i64,
    pub sent_at: Option<i64>,
    pub attachment: Option<Attachment>,
}

/// How many times a message is tried before it is marked failed.
pub const MAX_ATTEMPTS: i64 = 8;

/// The longest wait between two tries.
pub const MAX_DELAY_SECONDS: i64 = 6 * 3600;

/// Seconds to wait after the `attempts`-th failed try, doubling from `base`; `None` once the
/// message has had all its tries.
pub fn retry_delay(attempts: i64, base: i64) -> Option<i64> {
    if attempts >= MAX_ATTEMPTS {
        return None;
    }
    let doublings = (attempts - 1).clamp(0, 30) as u32;
    Some(
        base.max(1)
            .saturating_mul(1i64 << doublings)
            .min(MAX_DELAY_SECONDS),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retries_double_from_the_base() {
        assert_eq!(retry_delay(1, 30), Some(30));
        assert_eq!(retry_delay(2, 30), Some(60));
        assert_eq!(retry_delay(3, 30), Some(120));
    }

    #[test]
    fn retries_are_capped_and_end() {
        assert_eq!(retry_delay(7, 3600), Some(MAX_DELAY_SECONDS));
        assert_eq!(retry_delay(MAX_ATTEMPTS, 30), None);
        assert_eq!(retry_delay(MAX_ATTEMPTS + 5, 30), None);
    }

    #[test]
    fn a_zero_base_still_waits() {
        assert_eq!(retry_delay(1, 0), Some(1));
    }
}
