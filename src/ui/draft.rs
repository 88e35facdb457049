//! What a person typed into a form that came back with an error, without JavaScript.
//!
//! Without JavaScript a form posts to its server function, and an error sends the browser back
//! to the page (`?__err=…`), which renders afresh. So that the page shows the error beside what
//! was typed rather than an empty form, the server keeps the posted fields (passwords, card
//! numbers and tokens aside) in a short-lived cookie for the page it sends the browser back to
//! (`server::drafts`), and the shared field components start from them.

/// The cookie that carries a draft for one render.
pub const COOKIE: &str = "cp_draft";

/// The most a draft may take in its cookie (browsers keep cookies up to about 4 KB).
pub const MAX_BYTES: usize = 3_600;

/// Fields never kept: secrets, tokens and the honeypot.
pub fn is_private(name: &str) -> bool {
    let name = name.to_ascii_lowercase();
    ["password", "card", "token", "fax_number", "csrf"]
        .iter()
        .any(|p| name.contains(p))
}

/// The fields a form posted, in order, for the page it was posted from.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FormDraft {
    pub page: String,
    pub fields: Vec<(String, String)>,
}

impl FormDraft {
    /// The first value posted under `name`.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.fields
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    /// Every value posted under `name` (checkboxes, multiple selects).
    pub fn all(&self, name: &str) -> Vec<&str> {
        self.fields
            .iter()
            .filter(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
            .collect()
    }
}

/// The value a field starts with: what was typed before an error sent the form back, else
/// `value`.
pub fn typed_or(name: &str, value: String) -> String {
    with_draft(|d| d.get(name).map(String::from))
        .flatten()
        .unwrap_or(value)
}

/// The options a checkbox group or multiple select starts with: what was ticked before an error
/// sent the form back, else `chosen`.
pub fn ticked_or<'a>(name: &str, chosen: Vec<&'a str>, options: &[&'a str]) -> Vec<&'a str> {
    with_draft(|d| {
        let posted = d.all(name);
        options
            .iter()
            .copied()
            .filter(|o| posted.contains(o))
            .collect()
    })
    .unwrap_or(chosen)
}

/// Whether one checkbox, radio button or option starts ticked: as it was posted before an error
/// sent the form back, else `default`.
pub fn is_ticked(name: &str, value: &str, default: bool) -> bool {
    with_draft(|d| d.all(name).contains(&value)).unwrap_or(default)
}

/// `f` of the draft for the page being rendered, if it came back from a failed post. Every
/// field asks, so the request is read in place, never copied.
#[cfg(feature = "ssr")]
fn with_draft<R>(f: impl FnOnce(&FormDraft) -> R) -> Option<R> {
    leptos::prelude::with_context::<http::request::Parts, _>(|p| {
        p.extensions.get::<FormDraft>().map(f)
    })
    .flatten()
}

/// In the browser a form never comes back through a redirect: the page keeps what was typed.
#[cfg(not(feature = "ssr"))]
fn with_draft<R>(_: impl FnOnce(&FormDraft) -> R) -> Option<R> {
    None
}

#[cfg(feature = "ssr")]
mod wire {
    use super::*;

    /// The page a draft belongs to, kept as its first pair.
    const PAGE_KEY: &str = "__page";

    /// The cookie value for a posted form body: the page first, then the fields that fit,
    /// in order, leaving out private ones and any that would overflow the cookie.
    pub fn encode(page: &str, body: &[u8]) -> String {
        let pair = |k: &str, v: &str| {
            form_urlencoded::Serializer::new(String::new())
                .append_pair(k, v)
                .finish()
        };
        let mut out = pair(PAGE_KEY, page);
        for (k, v) in form_urlencoded::parse(body) {
            if is_private(&k) || k.starts_with("__") {
                continue;
            }
            let one = pair(&k, &v);
            if out.len() + 1 + one.len() <= MAX_BYTES {
                out.push('&');
                out.push_str(&one);
            }
        }
        out
    }

    /// A draft read back from its cookie value.
    pub fn decode(value: &str) -> Option<FormDraft> {
        let mut pairs = form_urlencoded::parse(value.as_bytes()).into_owned();
        let (key, page) = pairs.next()?;
        (key == PAGE_KEY && page.starts_with('/')).then(|| FormDraft {
            page,
            fields: pairs.filter(|(k, _)| !is_private(k)).collect(),
        })
    }
}

#[cfg(feature = "ssr")]
pub use wire::{decode, encode};

#[cfg(all(test, feature = "ssr"))]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn a_draft_keeps_the_fields_in_order_but_no_secret() {
        let body = b"name=Purl+%26+Loop&email=bad%40&password=hunter2&card_number=123&fax_number=x&tags%5B%5D=a&tags%5B%5D=b&token=abc";
        let d = decode(&encode("/join", body)).unwrap();
        assert_eq!(d.page, "/join");
        assert_eq!(d.get("name"), Some("Purl & Loop"));
        assert_eq!(d.get("email"), Some("bad@"));
        assert_eq!(d.all("tags[]"), vec!["a", "b"]);
        for secret in ["password", "card_number", "fax_number", "token"] {
            assert_eq!(d.get(secret), None, "{secret} must not be kept");
        }
    }

    #[test]
    fn a_long_field_is_left_out_and_the_short_ones_are_kept() {
        let long = "x".repeat(MAX_BYTES);
        let body = format!("name=Ann&description={long}&email=a%40b");
        let value = encode("/join", body.as_bytes());
        assert!(value.len() <= MAX_BYTES);
        let d = decode(&value).unwrap();
        assert_eq!(d.get("description"), None);
        assert_eq!((d.get("name"), d.get("email")), (Some("Ann"), Some("a@b")));
    }

    #[test]
    fn a_forged_cookie_is_not_a_draft() {
        assert_eq!(decode(""), None);
        assert_eq!(decode("name=x"), None);
        assert_eq!(decode("__page=http%3A%2F%2Fevil"), None);
        let d = decode("__page=%2Fjoin&password=x&name=y").unwrap();
        assert_eq!((d.get("password"), d.get("name")), (None, Some("y")));
    }

    proptest! {
        #[test]
        fn any_body_makes_a_cookie_safe_value_that_reads_back(
            page in "/[a-z/]{0,20}",
            fields in proptest::collection::vec(("[a-z_\\[\\]]{1,12}", any::<String>()), 0..12),
        ) {
            let body = form_urlencoded::Serializer::new(String::new())
                .extend_pairs(fields.iter())
                .finish();
            let value = encode(&page, body.as_bytes());
            prop_assert!(value.len() <= MAX_BYTES + page.len() * 3 + 10);
            // Only cookie-octets (RFC 6265): no space, quote, comma, semicolon or backslash.
            prop_assert!(value.bytes().all(|b| (0x21..=0x7e).contains(&b) && !b"\",;\\".contains(&b)));
            let d = decode(&value).unwrap();
            prop_assert_eq!(&d.page, &page);
            let kept: Vec<_> = fields
                .iter()
                .filter(|(k, _)| !is_private(k) && !k.starts_with("__"))
                .cloned()
                .collect();
            for (k, v) in &d.fields {
                prop_assert!(kept.contains(&(k.clone(), v.clone())));
            }
        }
    }
}
