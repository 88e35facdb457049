//! Library card numbers (typed, matched against the admin's patterns) and one-time codes
//! (80 random bits as Crockford base32). Pure functions: the caller brings the random bytes.

/// Tidies a typed library card number for comparing and storing.
///
/// Spaces (any whitespace) and dashes are dropped and letters uppercased. The result must
/// be 4 to 32 ASCII letters and digits, or this gives `None`.
pub fn normalize_card(input: &str) -> Option<String> {
    let card: String = input
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .map(|c| c.to_ascii_uppercase())
        .collect();
    let ok = (4..=32).contains(&card.len()) && card.bytes().all(|b| b.is_ascii_alphanumeric());
    ok.then_some(card)
}

/// Whether a card number's last digit is its mod-10 (Luhn) check digit, as on many library
/// cards: catches a mistyped digit and most swapped neighbours. Only digits qualify (after
/// [`normalize_card`]); a card with a letter never passes.
pub fn luhn_valid(card: &str) -> bool {
    let Some(card) = normalize_card(card) else {
        return false;
    };
    if !card.bytes().all(|b| b.is_ascii_digit()) {
        return false;
    }
    let sum: u32 = card
        .bytes()
        .rev()
        .enumerate()
        .map(|(i, b)| {
            let d = u32::from(b - b'0');
            match (i % 2 == 1, d * 2) {
                (false, _) => d,
                (true, twice) if twice > 9 => twice - 9,
                (true, twice) => twice,
            }
        })
        .sum();
    sum.is_multiple_of(10)
}

/// Whether a card may vote by the admin's patterns: it fits one of them (none set, none fit)
/// and, when `check_digit` is on, ends in its mod-10 check digit.
pub fn card_fits(pattern: &str, check_digit: bool, card: &str) -> bool {
    !pattern.trim().is_empty() && card_matches(pattern, card) && (!check_digit || luhn_valid(card))
}

/// The non-blank patterns in the admin's text, with spaces and dashes dropped, uppercased.
fn card_patterns(patterns: &str) -> impl Iterator<Item = (&str, String)> {
    patterns.split([',', '\n']).filter_map(|raw| {
        let p: String = raw
            .chars()
            .filter(|c| !c.is_whitespace() && *c != '-')
            .map(|c| c.to_ascii_uppercase())
            .collect();
        (!p.is_empty()).then(|| (raw.trim(), p))
    })
}

/// Whether a card number fits any of the admin's patterns.
///
/// Patterns are separated by commas or new lines. In a pattern `#` is any digit, `@` any
/// letter, `*` any run of letters and digits (possibly none), and every other character
/// stands for itself, ignoring case. Spaces and dashes are ignored on both sides, so
/// `21234 #####` matches `21234-00042`. A card that [`normalize_card`] refuses never matches,
/// and neither does an empty pattern list.
pub fn card_matches(pattern: &str, card: &str) -> bool {
    let Some(card) = normalize_card(card) else {
        return false;
    };
    card_patterns(pattern).any(|(_, p)| glob_matches(p.as_bytes(), card.as_bytes()))
}

/// Matches one cleaned pattern against one normalized card.
fn glob_matches(pattern: &[u8], card: &[u8]) -> bool {
    // reach[j]: the pattern read so far can match exactly card[..j].
    let mut reach = vec![false; card.len() + 1];
    reach[0] = true;
    for &p in pattern {
        let mut next = vec![false; card.len() + 1];
        if p == b'*' {
            let mut seen = false;
            for (n, r) in next.iter_mut().zip(&reach) {
                seen |= *r;
                *n = seen;
            }
        } else {
            for (j, &c) in card.iter().enumerate() {
                let fits = match p {
                    b'#' => c.is_ascii_digit(),
                    b'@' => c.is_ascii_alphabetic(),
                    _ => p.eq_ignore_ascii_case(&c),
                };
                next[j + 1] = reach[j] && fits;
            }
        }
        reach = next;
    }
    reach[card.len()]
}

/// Most patterns one poll may list.
pub const MAX_CARD_PATTERNS: usize = 20;

/// Checks the admin's card-number patterns (see [`card_matches`]) before they are saved.
///
/// Each pattern must be able to match some valid card: only letters, digits, `#`, `@` and `*`
/// (besides spaces and dashes), no more than 32 fixed characters, at least 4 unless it has a
/// `*`, and not `*` alone, which would let any card in.
pub fn check_card_pattern(pattern: &str) -> Result<(), String> {
    let patterns: Vec<(&str, String)> = card_patterns(pattern).collect();
    if patterns.is_empty() {
        return Err(
            "Enter at least one card number pattern, like 21234######## (# is any digit).".into(),
        );
    }
    if patterns.len() > MAX_CARD_PATTERNS {
        return Err(format!(
            "Use at most {MAX_CARD_PATTERNS} card number patterns (there are {}).",
            patterns.len()
        ));
    }
    for (raw, p) in &patterns {
        if let Some(c) = p
            .chars()
            .find(|c| !(c.is_ascii_alphanumeric() || "#@*".contains(*c)))
        {
            return Err(format!(
                "The pattern \"{raw}\" has \"{c}\", which no card number contains. Use letters, \
                 digits, # for any digit, @ for any letter and * for any run of them."
            ));
        }
        let fixed = p.chars().filter(|&c| c != '*').count();
        let open = p.contains('*');
        if fixed == 0 {
            return Err(format!(
                "The pattern \"{raw}\" would accept any card number. Add the part every card \
                 shares, like 21234*."
            ));
        }
        if fixed > 32 {
            return Err(format!(
                "The pattern \"{raw}\" is longer than a card number can be (32 characters)."
            ));
        }
        if !open && fixed < 4 {
            return Err(format!(
                "The pattern \"{raw}\" is shorter than a card number can be (4 characters)."
            ));
        }
    }
    Ok(())
}

/// Crockford's base32 alphabet: digits and capitals without I, L, O and U.
const CROCKFORD: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/// Writes 10 random bytes as a one-time voting code like `ABCD-EFGH-JKMN-PQRS`.
///
/// The 80 bits become 16 Crockford base32 characters (5 bits each), in groups of four. The
/// alphabet has no I, L, O or U, so a code read aloud or copied from paper is hard to
/// get wrong. 80 bits is above the usual 64-bit floor for secrets that must not be guessed.
/// The caller supplies the bytes from a secure random source; the server should still
/// accept each code once and limit how fast anyone can guess.
pub fn format_code(bytes: &[u8; 10]) -> String {
    let value = bytes
        .iter()
        .fold(0u128, |acc, &b| (acc << 8) | u128::from(b));
    let mut out = String::with_capacity(19);
    for i in 0..16 {
        if i > 0 && i % 4 == 0 {
            out.push('-');
        }
        let digit = (value >> (75 - 5 * i)) & 31;
        out.push(char::from(CROCKFORD[digit as usize]));
    }
    out
}

/// Reads a typed one-time code back into the form [`format_code`] writes.
///
/// Case, hyphens and spaces do not matter, and the letters people confuse with digits are
/// read as those digits (O as 0, I and L as 1). Anything else, or a code that is not
/// 16 characters long, gives `None`.
pub fn normalize_code(input: &str) -> Option<String> {
    let mut chars = String::with_capacity(16);
    for c in input.chars() {
        if c == '-' || c.is_whitespace() {
            continue;
        }
        let c = match c.to_ascii_uppercase() {
            'O' => '0',
            'I' | 'L' => '1',
            c if c.is_ascii() && CROCKFORD.contains(&(c as u8)) => c,
            _ => return None,
        };
        if chars.len() == 16 {
            return None;
        }
        chars.push(c);
    }
    if chars.len() != 16 {
        return None;
    }
    let groups: Vec<&str> = (0..4).filter_map(|g| chars.get(g * 4..g * 4 + 4)).collect();
    Some(groups.join("-"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn a_card_fits_the_patterns_and_when_asked_the_check_digit() {
        let pattern = "2901##########";
        assert!(card_fits(pattern, false, "29010000000005"));
        assert!(!card_fits(pattern, true, "29010000000005"));
        assert!(card_fits(pattern, true, "29010000000006"));
        assert!(
            !card_fits(pattern, true, "39010000000006"),
            "the pattern still decides"
        );
        assert!(
            !card_fits("", false, "29010000000006"),
            "no pattern, no card fits"
        );
    }

    #[test]
    fn check_digits_follow_mod_10() {
        // Published Luhn examples, and a library card number made valid by its last digit.
        for ok in ["79927398713", "4539 1488 0343 6467", "2901 0000 0000 06"] {
            assert!(luhn_valid(ok), "{ok}");
        }
        for bad in [
            "79927398710",
            "79927398731",
            "2123400000424",
            "ABC12345",
            "12",
            "",
        ] {
            assert!(!luhn_valid(bad), "{bad}");
        }
    }

    #[test]
    fn card_numbers_are_tidied() {
        assert_eq!(normalize_card(" 2 1234-0004 2 "), Some("2123400042".into()));
        assert_eq!(normalize_card("lib-ab12"), Some("LIBAB12".into()));
        for bad in ["", "123", "1234/5678", "１２３４５", &"9".repeat(33)] {
            assert_eq!(normalize_card(bad), None, "{bad}");
        }
    }
    #[test]
    fn card_patterns_match() {
        let p = "21234#####, LIB-@@*\n  \n9999";
        assert!(card_matches(p, "21234 00042"));
        assert!(!card_matches(p, "2123400042X"));
        assert!(!card_matches(p, "212340004"));
        assert!(card_matches(p, "lib-xy"));
        assert!(card_matches(p, "LIBXY0099Z"));
        assert!(!card_matches(p, "LIB1Y"));
        assert!(card_matches(p, "9999"));
        assert!(!card_matches(p, "99999"));
        assert!(card_matches("a*#", "ABC7"));
        assert!(!card_matches("", "ABC7"));
        assert!(!card_matches("*", "no"));
    }
    #[test]
    fn card_patterns_are_checked_for_the_admin() {
        assert_eq!(check_card_pattern("21234 #####\nLIB@*"), Ok(()));
        let err = |p: &str| check_card_pattern(p).unwrap_err();
        assert!(err(" , \n").contains("at least one"));
        assert!(err("2123.####").contains("\"2123.####\" has \".\""));
        assert!(err("*").contains("any card number"));
        assert!(err("#@#").contains("shorter"));
        assert_eq!(check_card_pattern("#@#*"), Ok(()));
        assert!(err(&"#".repeat(33)).contains("longer"));
        let many = vec!["####"; 21].join(",");
        assert!(err(&many).contains("at most 20"));
    }
    #[test]
    fn codes_look_right_and_forgive_typing() {
        assert_eq!(format_code(&[0; 10]), "0000-0000-0000-0000");
        assert_eq!(format_code(&[0xFF; 10]), "ZZZZ-ZZZZ-ZZZZ-ZZZZ");
        let mut one = [0u8; 10];
        one[9] = 1;
        assert_eq!(format_code(&one), "0000-0000-0000-0001");
        assert_eq!(
            normalize_code("abcd efgh-jkmn pqrs"),
            Some("ABCD-EFGH-JKMN-PQRS".into())
        );
        assert_eq!(
            normalize_code("oOiI-lL00-0000-0000"),
            Some("0011-1100-0000-0000".into())
        );
        for bad in [
            "",
            "ABCD-EFGH-JKMN-PQR",
            "ABCD-EFGH-JKMN-PQRST",
            "ABCD-EFGH-JKMN-PQRU",
            "ABCD-EFGH-JKMN-PQR!",
        ] {
            assert_eq!(normalize_code(bad), None, "{bad}");
        }
    }

    proptest! {
        #[test]
        fn codes_round_trip(bytes in any::<[u8; 10]>()) {
            let code = format_code(&bytes);
            prop_assert_eq!(code.len(), 19);
            prop_assert_eq!(normalize_code(&code), Some(code.clone()));
            let typed = code.to_lowercase().replace('-', " ").replace('0', "o").replace('1', "l");
            prop_assert_eq!(normalize_code(&typed), Some(code));
        }

        #[test]
        fn different_bytes_give_different_codes(a in any::<[u8; 10]>(), b in any::<[u8; 10]>()) {
            prop_assert_eq!(a == b, format_code(&a) == format_code(&b));
        }

        #[test]
        fn a_computed_check_digit_passes_and_any_one_changed_digit_fails(
            body in "[0-9]{5,30}",
            at in any::<prop::sample::Index>(),
            by in 1u8..10,
        ) {
            let check = (0..10u8).find(|d| luhn_valid(&format!("{body}{d}")));
            let check = check.expect("exactly one digit completes any body");
            let card = format!("{body}{check}");
            prop_assert!(luhn_valid(&card));
            let mut bytes = card.into_bytes();
            let i = at.index(bytes.len());
            bytes[i] = b'0' + (bytes[i] - b'0' + by) % 10;
            prop_assert!(!luhn_valid(std::str::from_utf8(&bytes).unwrap()));
        }

        #[test]
        fn any_pattern_and_card_match_or_not_without_panic(
            pattern in "\\PC{0,40}|[#@*0-9A-Za-z \n,-]{0,40}",
            card in "\\PC{0,40}|[0-9A-Za-z -]{0,40}",
        ) {
            let checked = check_card_pattern(&pattern);
            if card_matches(&pattern, &card) {
                // A matched card is a real card number, and its patterns pass the admin's check
                // or were at least non-empty.
                prop_assert!(normalize_card(&card).is_some());
                prop_assert!(checked.is_ok() || !pattern.trim().is_empty());
            }
            let _ = luhn_valid(&card);
        }

        #[test]
        fn normalize_card_is_idempotent(s in "[ a-zA-Z0-9-]{0,40}|.{0,20}") {
            if let Some(card) = normalize_card(&s) {
                prop_assert_eq!(normalize_card(&card), Some(card.clone()));
                prop_assert!(card_matches("*", &card));
            }
        }
    }
}
