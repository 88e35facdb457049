//! A poll's web address (its slug): the rules of a typed one, and making one from the
//! question. Pure; tested here, with a property test.

/// Shortest and longest poll slug (the poll's part of its web address).
pub const SLUG_CHARS: std::ops::RangeInclusive<usize> = 3..=60;

/// Checks a typed slug and returns it trimmed and lowercased.
///
/// A slug is 3 to 60 of `a-z`, `0-9` and `-`, starting and ending with a letter or digit,
/// with no two hyphens in a row.
pub fn check_slug(value: &str) -> Result<String, String> {
    let s = value.trim().to_ascii_lowercase();
    let n = s.chars().count();
    let (min, max) = (*SLUG_CHARS.start(), *SLUG_CHARS.end());
    if !s
        .chars()
        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
    {
        return Err(
            "Use only letters a to z, digits and hyphens in the web address, like spring-workshops."
                .into(),
        );
    }
    if !(min..=max).contains(&n) {
        return Err(format!(
            "The web address must be {min} to {max} characters (it has {n})."
        ));
    }
    if s.starts_with('-') || s.ends_with('-') || s.contains("--") {
        return Err(
            "Hyphens go between words in the web address, one at a time, like spring-workshops."
                .into(),
        );
    }
    Ok(s)
}

/// Makes a slug from free text: lowercase ASCII words joined by hyphens.
///
/// Common accented Latin letters lose their accents ("Qué" gives "que"), apostrophes are
/// dropped ("What's" gives "whats"), and anything else that is not a letter or digit
/// separates words. The result is cut at a word boundary to at most 60 characters. A single
/// word longer than that is cut mid-word. It can be shorter than 3 characters or empty,
/// so check it with [`check_slug`].
pub fn slugify(text: &str) -> String {
    let max = *SLUG_CHARS.end();
    let mut words: Vec<String> = Vec::new();
    let mut word = String::new();
    for c in text.chars().flat_map(char::to_lowercase) {
        if c == '\'' || c == '\u{2019}' {
            continue;
        }
        if !push_folded(&mut word, c) && !word.is_empty() {
            words.push(std::mem::take(&mut word));
        }
    }
    if !word.is_empty() {
        words.push(word);
    }
    let mut out = String::new();
    for w in &words {
        let needed = if out.is_empty() { w.len() } else { w.len() + 1 };
        if out.len() + needed > max {
            if out.is_empty() {
                // All ASCII, so any byte index is a character boundary.
                out.push_str(&w[..max]);
            }
            break;
        }
        if !out.is_empty() {
            out.push('-');
        }
        out.push_str(w);
    }
    out
}

/// Appends the ASCII spelling of a lowercase letter or digit; `false` when it has none.
fn push_folded(out: &mut String, c: char) -> bool {
    if c.is_ascii_alphanumeric() {
        out.push(c);
        return true;
    }
    let ascii = match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' | 'ą' => "a",
        'ç' | 'ć' | 'č' => "c",
        'ď' | 'đ' => "d",
        'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ę' | 'ě' => "e",
        'ğ' => "g",
        'ì' | 'í' | 'î' | 'ï' | 'ī' | 'ı' => "i",
        'ł' | 'ľ' => "l",
        'ñ' | 'ń' | 'ň' => "n",
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' | 'ő' => "o",
        'ř' => "r",
        'ś' | 'š' | 'ş' => "s",
        'ť' | 'ţ' => "t",
        'ù' | 'ú' | 'û' | 'ü' | 'ū' | 'ů' | 'ű' => "u",
        'ý' | 'ÿ' => "y",
        'ź' | 'ż' | 'ž' => "z",
        'ß' => "ss",
        'æ' => "ae",
        'œ' => "oe",
        'þ' => "th",
        _ => return false,
    };
    out.push_str(ascii);
    true
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn slugify_examples() {
        assert_eq!(
            slugify("Which workshop next spring?"),
            "which-workshop-next-spring"
        );
        assert_eq!(slugify("  ¿Qué taller? Año 2026 "), "que-taller-ano-2026");
        assert_eq!(slugify("What's next -- for teens?"), "whats-next-for-teens");
        assert_eq!(slugify("???"), "");
        let long = "Should the library keep its extended Saturday opening hours through the summer";
        let s = slugify(long);
        assert_eq!(
            s,
            "should-the-library-keep-its-extended-saturday-opening-hours"
        );
        assert!(s.len() <= 60);
        assert_eq!(slugify(&"x".repeat(70)), "x".repeat(60));
    }

    proptest! {
        #[test]
        fn slugify_output_is_always_slug_shaped(s in ".{0,120}") {
            let slug = slugify(&s);
            prop_assert!(slug.len() <= 60);
            prop_assert!(slug.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-'));
            prop_assert!(!slug.starts_with('-') && !slug.ends_with('-') && !slug.contains("--"));
        }
    }
}
