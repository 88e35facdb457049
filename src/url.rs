//! The URL scheme and query-string encoding, shared by the browser and the server.

/// Who may open a page.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Who {
    /// Patrons, partners, anyone.
    Anyone,
    /// Signed-in librarians.
    Staff,
    /// Admins (other librarians see the page's refusal).
    Admin,
}

/// The URL scheme's one rule: `/staff/...` is for librarians, `/admin/...` for admins, anything
/// else for anyone (whole path segments: `/staffing` is public).
pub fn who_may_open(path: &str) -> Who {
    let under = |prefix: &str| {
        path == prefix
            || path
                .strip_prefix(prefix)
                .is_some_and(|rest| rest.starts_with('/'))
    };
    if under("/admin") {
        Who::Admin
    } else if under("/staff") {
        Who::Staff
    } else {
        Who::Anyone
    }
}

/// Percent-encodes a query value.
pub fn encode(v: &str) -> String {
    let mut out = String::new();
    for b in v.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                out.push(b as char)
            }
            b' ' => out.push('+'),
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}
