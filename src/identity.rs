//! Who is asking: the signed-in librarian and what their role lets them do.
//!
//! The floor (`server/`: sessions, guards, caches) and every feature read it; `auth` is the
//! feature that creates accounts and signs people in.

use serde::{Deserialize, Serialize};

/// What a staff account may do.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    /// Everything staff can do, plus managing staff accounts.
    Admin,
    /// Keeps the directory, reviews sign-ups, logs interactions.
    Staff,
}

impl Role {
    pub fn slug(self) -> &'static str {
        match self {
            Role::Admin => "admin",
            Role::Staff => "staff",
        }
    }
    pub fn label(self) -> &'static str {
        match self {
            Role::Admin => "Admin",
            Role::Staff => "Staff",
        }
    }
    pub fn from_slug(s: &str) -> Option<Role> {
        match s {
            "admin" => Some(Role::Admin),
            "staff" => Some(Role::Staff),
            _ => None,
        }
    }
}

/// The signed-in librarian.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StaffUser {
    pub id: i64,
    pub email: String,
    pub name: String,
    pub role: Role,
}

impl StaffUser {
    pub fn is_admin(&self) -> bool {
        self.role == Role::Admin
    }
}
