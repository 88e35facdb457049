//! Staff accounts as both sides see them, and the rules for their forms.

use serde::{Deserialize, Serialize};

use crate::error::{AppError, FieldErrors};
use crate::validate;

pub use crate::identity::{Role, StaffUser};

/// A staff account as the admin page lists it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StaffAccount {
    pub id: i64,
    pub email: String,
    pub name: String,
    pub role: Role,
    pub active: bool,
    pub created_at: i64,
}

/// A temporary password, shown to the admin once.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct IssuedPassword {
    pub email: String,
    pub password: String,
}

/// Shortest password a librarian may choose.
pub const MIN_PASSWORD: usize = 12;

/// Checks a new password against the policy.
pub fn check_new_password(errors: &mut FieldErrors, field: &str, password: &str) {
    let n = password.chars().count();
    if n < MIN_PASSWORD {
        errors.add(
            field,
            format!("Use at least {MIN_PASSWORD} characters (this has {n})."),
        );
    } else if n > 200 {
        errors.add(field, "Use at most 200 characters.");
    }
}

/// A new account as the admin typed it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewStaff {
    pub email: String,
    pub name: String,
    pub role: Role,
}

/// Parses the new-account form.
pub fn parse_new_staff(email: &str, name: &str, role: &str) -> Result<NewStaff, AppError> {
    let mut e = FieldErrors::default();
    let email = validate::email(&mut e, "email", email, true);
    let name = validate::text(&mut e, "name", "Name", name, true, 100);
    let role = Role::from_slug(role);
    if role.is_none() {
        e.add("role", "Choose admin or staff.");
    }
    match (email, name, role) {
        (Some(email), Some(name), Some(role)) if e.is_empty() => Ok(NewStaff { email, name, role }),
        _ => Err(AppError::Invalid(e)),
    }
}

/// Where to go after signing in: only a path on this site, never another site.
///
/// Only a same-origin relative path is taken: it starts with one `/`, and carries no backslash,
/// whitespace or control character anywhere (a browser drops tabs and newlines from a URL, so
/// `/\t/evil.example` would become `//evil.example`, another site).
pub fn safe_next(next: &str) -> String {
    let ok = next.starts_with('/')
        && !next.starts_with("//")
        && !next
            .chars()
            .any(|c| c == '\\' || c.is_whitespace() || c.is_control())
        && !next.starts_with("/signin");
    if ok {
        next.to_string()
    } else {
        "/staff".into()
    }
}

/// Seconds a sign-in must wait after the last of `attempts` recent ones: none for the first
/// `free`, then 1, 2, 4, ... seconds, never more than `cap`. A growing delay, never a lock: the
/// right password always gets in after at most `cap` seconds, however many guesses a stranger
/// made, and guessing stays slow.
pub fn sign_in_delay(attempts: i64, free: i64, cap: i64) -> i64 {
    if attempts < free {
        return 0;
    }
    let doublings = u32::try_from(attempts - free).unwrap_or(u32::MAX).min(30);
    (1i64 << doublings).min(cap)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sign_in_delays_grow_to_a_cap() {
        assert_eq!(sign_in_delay(0, 5, 60), 0);
        assert_eq!(sign_in_delay(4, 5, 60), 0);
        assert_eq!(sign_in_delay(5, 5, 60), 1);
        assert_eq!(sign_in_delay(6, 5, 60), 2);
        assert_eq!(sign_in_delay(10, 5, 60), 32);
        assert_eq!(sign_in_delay(11, 5, 60), 60);
        assert_eq!(sign_in_delay(i64::MAX, 5, 60), 60);
        let mut last = 0;
        for n in 0..200 {
            let d = sign_in_delay(n, 20, 900);
            assert!(d >= last && d <= 900, "{n}: {d}");
            last = d;
        }
    }

    #[test]
    fn next_stays_on_this_site() {
        assert_eq!(
            safe_next("/staff/partners?q=bake"),
            "/staff/partners?q=bake"
        );
        assert_eq!(safe_next("https://evil.example"), "/staff");
        assert_eq!(safe_next("//evil.example"), "/staff");
        assert_eq!(safe_next("/\\evil.example"), "/staff");
        assert_eq!(safe_next(""), "/staff");
        assert_eq!(safe_next("/signin"), "/staff");
        for sneaky in [
            "/\t/evil.example",
            "/\n/evil.example",
            "/\r/evil.example",
            "/ /evil.example",
            "/\u{0}/evil.example",
            "/\u{a0}/evil.example",
            "/\u{2028}/evil.example",
            "/staff/partners\\..\\//evil.example",
        ] {
            assert_eq!(safe_next(sneaky), "/staff", "{sneaky:?}");
        }
    }

    #[test]
    fn new_staff_is_checked() {
        let ok = parse_new_staff(" Ana@Library.example ", "Ana Ruiz", "staff").unwrap();
        assert_eq!(ok.email, "ana@library.example");
        let e = parse_new_staff("nope", "", "root").unwrap_err();
        let f = e.fields().unwrap();
        assert!(f.get("email").is_some() && f.get("name").is_some() && f.get("role").is_some());
    }

    #[test]
    fn password_policy() {
        let mut e = FieldErrors::default();
        check_new_password(&mut e, "p", "short");
        assert_eq!(e.get("p"), Some("Use at least 12 characters (this has 5)."));
        let mut e = FieldErrors::default();
        check_new_password(&mut e, "p", "a long enough passphrase");
        assert!(e.is_empty());
    }
}
