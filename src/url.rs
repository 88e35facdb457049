//! The URL scheme and query-string encoding, shared by the browser and the server.

/// Whether `path` is `prefix` or lies under it, by whole segments (`/staffing` is not under
/// `/staff`).
fn under(path: &str, prefix: &str) -> bool {
    path == prefix
        || path
            .strip_prefix(prefix)
            .is_some_and(|rest| rest.starts_with('/'))
}

/// The one menu entry that is current at `path`: the longest of `hrefs` that `path` lies under
/// (`/staff/find` is "Find partners", not also "Home" at `/staff`). `/` only matches itself.
pub fn current_entry<'a>(path: &str, hrefs: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    hrefs
        .into_iter()
        .filter(|h| *h == path || (*h != "/" && under(path, h)))
        .max_by_key(|h| h.len())
}

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
    if under(path, "/admin") {
        Who::Admin
    } else if under(path, "/staff") {
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

#[cfg(test)]
mod tests {
    use super::*;

    const STAFF: &[&str] = &[
        "/staff",
        "/staff/partners",
        "/staff/find",
        "/staff/programs",
    ];

    #[test]
    fn exactly_one_menu_entry_is_current() {
        let current = |path| current_entry(path, STAFF.iter().copied());
        assert_eq!(current("/staff"), Some("/staff"));
        assert_eq!(current("/staff/find"), Some("/staff/find"));
        assert_eq!(current("/staff/partners/12/edit"), Some("/staff/partners"));
        assert_eq!(current("/staff/outbox"), Some("/staff"));
        assert_eq!(current("/staffing"), None);
        let public = ["/", "/programs", "/join"];
        assert_eq!(current_entry("/programs/4", public), Some("/programs"));
        assert_eq!(
            current_entry("/polls/x", public),
            None,
            "the home page is current only at /"
        );
        assert_eq!(current_entry("/", public), Some("/"));
    }

    #[test]
    fn staff_and_admin_pages_by_whole_segments() {
        assert_eq!(who_may_open("/staff/partners"), Who::Staff);
        assert_eq!(who_may_open("/admin"), Who::Admin);
        assert_eq!(who_may_open("/staffing"), Who::Anyone);
    }
}
