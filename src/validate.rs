//! Small parsing rules shared by every form, in the browser and on the server.

use crate::error::FieldErrors;

/// Trims a text field and checks its length in characters.
/// An empty field is `Ok(None)` unless `required`.
pub fn text(
    errors: &mut FieldErrors,
    field: &str,
    label: &str,
    value: &str,
    required: bool,
    max: usize,
) -> Option<String> {
    let v = value.trim();
    if v.is_empty() {
        if required {
            errors.add(field, format!("{label} is required."));
        }
        return None;
    }
    let n = v.chars().count();
    if n > max {
        errors.add(
            field,
            format!("{label} must be at most {max} characters (it has {n})."),
        );
        return None;
    }
    Some(v.to_string())
}

/// A plausible e-mail address: one `@`, a dotted domain, no spaces. Returned lowercased.
pub fn email(errors: &mut FieldErrors, field: &str, value: &str, required: bool) -> Option<String> {
    let v = value.trim();
    if v.is_empty() {
        if required {
            errors.add(field, "E-mail is required.");
        }
        return None;
    }
    if is_email(v) {
        Some(v.to_lowercase())
    } else {
        errors.add(field, "Enter an e-mail address like name@example.org.");
        None
    }
}

/// Whether a string looks like an e-mail address.
pub fn is_email(v: &str) -> bool {
    if v.len() > 254 || v.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return false;
    }
    let Some((local, domain)) = v.split_once('@') else {
        return false;
    };
    !local.is_empty()
        && !domain.contains('@')
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !domain.contains("..")
}

/// A phone number: digits with optional spaces, dashes, dots, parentheses and a leading `+`.
pub fn phone(errors: &mut FieldErrors, field: &str, value: &str) -> Option<String> {
    let v = value.trim();
    if v.is_empty() {
        return None;
    }
    let digits = v.chars().filter(char::is_ascii_digit).count();
    let allowed = v.chars().enumerate().all(|(i, c)| {
        c.is_ascii_digit() || " -.()".contains(c) || (c == '+' && i == 0) || c == 'x'
    });
    if allowed && (7..=20).contains(&digits) {
        Some(v.to_string())
    } else {
        errors.add(
            field,
            "Enter a phone number with 7 to 20 digits, like 555-0142.",
        );
        None
    }
}

/// A web address; `example.org` becomes `https://example.org`.
pub fn website(errors: &mut FieldErrors, field: &str, value: &str) -> Option<String> {
    let v = value.trim();
    if v.is_empty() {
        return None;
    }
    let full = if v.starts_with("http://") || v.starts_with("https://") {
        v.to_string()
    } else {
        format!("https://{v}")
    };
    let host = full
        .split("://")
        .nth(1)
        .unwrap_or_default()
        .split(['/', '?', '#'])
        .next()
        .unwrap_or_default();
    let ok = full.len() <= 300
        && host.contains('.')
        && !host.starts_with('.')
        && !host.ends_with('.')
        && host
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "-.:".contains(c))
        && !full.chars().any(char::is_whitespace);
    if ok {
        Some(full)
    } else {
        errors.add(field, "Enter a web address like https://example.org.");
        None
    }
}

/// An optional decimal number within a range.
pub fn number_in(
    errors: &mut FieldErrors,
    field: &str,
    label: &str,
    value: &str,
    min: f64,
    max: f64,
) -> Option<f64> {
    let v = value.trim();
    if v.is_empty() {
        return None;
    }
    match v.parse::<f64>() {
        Ok(n) if n.is_finite() && (min..=max).contains(&n) => Some(n),
        _ => {
            errors.add(
                field,
                format!("{label} must be a number from {min} to {max}."),
            );
            None
        }
    }
}

/// Latitude and longitude in decimal degrees: both or neither.
pub fn coordinates(
    errors: &mut FieldErrors,
    latitude: &str,
    longitude: &str,
) -> (Option<f64>, Option<f64>) {
    let lat = number_in(errors, "latitude", "Latitude", latitude, -90.0, 90.0);
    let lon = number_in(errors, "longitude", "Longitude", longitude, -180.0, 180.0);
    if latitude.trim().is_empty() != longitude.trim().is_empty() {
        let missing = if latitude.trim().is_empty() {
            "latitude"
        } else {
            "longitude"
        };
        errors.add(missing, "Give both latitude and longitude, or neither.");
    }
    (lat, lon)
}

/// Parses a set of vocabulary slugs (from checkboxes).
pub fn slugs<T: crate::vocab::Vocab>(
    errors: &mut FieldErrors,
    field: &str,
    values: &[String],
) -> Vec<T> {
    let mut out = Vec::new();
    for v in values {
        match T::from_slug(v) {
            Some(t) if !out.contains(&t) => out.push(t),
            Some(_) => {}
            None => errors.add(field, format!("{v:?} is not one of the choices.")),
        }
    }
    out
}

/// Parses one vocabulary slug (from a select).
pub fn one<T: crate::vocab::Vocab>(
    errors: &mut FieldErrors,
    field: &str,
    label: &str,
    value: &str,
) -> Option<T> {
    if value.trim().is_empty() {
        errors.add(field, format!("Choose a {}.", label.to_lowercase()));
        return None;
    }
    let v = T::from_slug(value.trim());
    if v.is_none() {
        errors.add(
            field,
            format!("Choose a {} from the list.", label.to_lowercase()),
        );
    }
    v
}

/// Free tags: comma separated, trimmed, lowercased, without repeats.
pub fn tags(errors: &mut FieldErrors, field: &str, value: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for t in value.split(',') {
        let t = t.trim().to_lowercase();
        if t.is_empty() || out.contains(&t) {
            continue;
        }
        if t.chars().count() > 30 {
            errors.add(
                field,
                format!("Tags must be at most 30 characters ({t:?} is longer)."),
            );
            return out;
        }
        out.push(t);
    }
    if out.len() > 20 {
        errors.add(field, "Use at most 20 tags.");
    }
    out
}

/// A calendar date written `YYYY-MM-DD`, in [`YEARS`].
pub fn date(errors: &mut FieldErrors, field: &str, value: &str) -> Option<time::Date> {
    use crate::when::{parse_iso_date, parse_iso_date_any_year, YEARS};
    let parsed = parse_iso_date(value);
    if parsed.is_none() {
        if parse_iso_date_any_year(value).is_some() {
            errors.add(
                field,
                format!(
                    "Enter a date between {} and {}.",
                    YEARS.start(),
                    YEARS.end()
                ),
            );
        } else {
            errors.add(field, "Enter a date like 2026-03-14.");
        }
    }
    parsed
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::when::{parse_iso_date, YEARS};
    use proptest::prelude::*;

    #[test]
    fn emails() {
        for ok in [
            "a@b.co",
            "maria.lopez@sweetcrumb.example",
            "x+y@sub.domain.org",
        ] {
            assert!(is_email(ok), "{ok}");
        }
        for bad in [
            "", "a", "a@b", "@b.co", "a@.co", "a@b.", "a b@c.de", "a@b@c.de", "a@b..c",
        ] {
            assert!(!is_email(bad), "{bad}");
        }
        let mut e = FieldErrors::default();
        assert_eq!(
            email(&mut e, "email", " Ana@Example.ORG ", true),
            Some("ana@example.org".into())
        );
        assert!(e.is_empty());
        assert_eq!(email(&mut e, "email", "", true), None);
        assert_eq!(e.get("email"), Some("E-mail is required."));
    }

    #[test]
    fn websites_are_normalised() {
        let mut e = FieldErrors::default();
        assert_eq!(
            website(&mut e, "w", "sweetcrumb.example"),
            Some("https://sweetcrumb.example".into())
        );
        assert_eq!(
            website(&mut e, "w", "http://a.org/x?y"),
            Some("http://a.org/x?y".into())
        );
        assert!(e.is_empty());
        assert_eq!(website(&mut e, "w", "not a site"), None);
        assert!(e.get("w").is_some());
    }

    #[test]
    fn phones() {
        let mut e = FieldErrors::default();
        assert!(phone(&mut e, "p", "+1 (555) 014-2200").is_some());
        assert!(phone(&mut e, "p", "555-0142").is_some());
        assert!(e.is_empty());
        assert!(phone(&mut e, "p", "call me").is_none());
        assert!(phone(&mut e, "q", "12").is_none());
        assert_eq!(e.0.len(), 2);
    }

    #[test]
    fn iso_dates() {
        assert_eq!(
            parse_iso_date("2026-02-28").map(|d| d.to_string()),
            Some("2026-02-28".into())
        );
        for bad in [
            "2026-02-30",
            "2026-2-28",
            "26-02-28",
            "2026-13-01",
            "yesterday",
            "",
            "9999-12-31",
            "0000-01-01",
            "-001-01-01",
            "1899-12-31",
            "2200-01-01",
            "+202-01-01",
            "2026-+1-01",
            "2026-01-+1",
        ] {
            assert_eq!(parse_iso_date(bad), None, "{bad}");
        }
        assert!(parse_iso_date("1900-01-01").is_some() && parse_iso_date("2199-12-31").is_some());
        let mut e = FieldErrors::default();
        assert!(date(&mut e, "d", "9999-12-31").is_none());
        assert!(date(&mut e, "e", "someday").is_none());
        assert_eq!(e.0[0].message, "Enter a date between 1900 and 2199.");
        assert_eq!(e.0[1].message, "Enter a date like 2026-03-14.");
    }

    proptest! {
        /// Whatever is typed, a date either parses into the accepted years or is refused with
        /// a message, and never panics.
        #[test]
        fn any_text_is_a_date_in_range_or_an_error(s in "\\PC{0,14}", y in -99999i32..99999, m in 0u8..14, d in 0u8..33) {
            for text in [s.clone(), format!("{y:04}-{m:02}-{d:02}")] {
                let mut e = FieldErrors::default();
                match date(&mut e, "d", &text) {
                    Some(day) => {
                        prop_assert!(YEARS.contains(&day.year()));
                        prop_assert!(e.is_empty());
                    }
                    None => prop_assert_eq!(e.0.len(), 1),
                }
            }
        }
    }

    #[test]
    fn tags_are_tidied() {
        let mut e = FieldErrors::default();
        assert_eq!(
            tags(&mut e, "t", " Yarn, knitting ,yarn,, "),
            vec!["yarn", "knitting"]
        );
        assert!(e.is_empty());
    }

    #[test]
    fn text_limits_count_characters() {
        let mut e = FieldErrors::default();
        assert_eq!(
            text(&mut e, "n", "Name", "  Café  ", true, 4),
            Some("Café".into())
        );
        assert_eq!(text(&mut e, "n", "Name", "Cafés", true, 4), None);
        assert_eq!(
            e.get("n"),
            Some("Name must be at most 4 characters (it has 5).")
        );
    }

    proptest! {
        #[test]
        fn text_never_exceeds_its_limit(s in ".{0,50}", max in 1usize..40) {
            let mut e = FieldErrors::default();
            if let Some(v) = text(&mut e, "f", "F", &s, false, max) {
                prop_assert!(v.chars().count() <= max);
                prop_assert_eq!(v.trim(), v.as_str());
            }
        }

        #[test]
        fn number_in_stays_in_range(s in "-?[0-9]{0,4}(\\.[0-9]{0,3})?") {
            let mut e = FieldErrors::default();
            if let Some(n) = number_in(&mut e, "f", "F", &s, -90.0, 90.0) {
                prop_assert!((-90.0..=90.0).contains(&n));
            }
        }
    }
}
