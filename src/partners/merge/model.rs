//! Telling when two records are probably the same organization, and folding one partner's
//! profile into another's.
//!
//! Two records look alike when they share a web domain (from a website or a contact's work
//! e-mail), a phone number, or a name that reads the same once spelling is set aside: case,
//! punctuation and accents, "&" for "and", a leading "The", a trailing "Inc." or "LLC".

use std::collections::{BTreeSet, HashMap};

use serde::{Deserialize, Serialize};

use crate::partners::model::{Contact, Partner};
use crate::vocab::Stage;

/// Legal-form words that say nothing about which organization it is (only at the end).
const LEGAL_FORMS: &[&str] = &[
    "inc",
    "incorporated",
    "llc",
    "pllc",
    "lllp",
    "llp",
    "lp",
    "ltd",
    "limited",
    "corp",
    "corporation",
    "co",
    "company",
    "pbc",
    "nfp",
];

/// Mail providers anyone can use: sharing one says nothing about the organization.
const SHARED_MAIL: &[&str] = &[
    "gmail.com",
    "googlemail.com",
    "yahoo.com",
    "ymail.com",
    "hotmail.com",
    "outlook.com",
    "live.com",
    "msn.com",
    "aol.com",
    "icloud.com",
    "me.com",
    "mac.com",
    "proton.me",
    "protonmail.com",
    "gmx.com",
    "mail.com",
    "comcast.net",
    "att.net",
    "sbcglobal.net",
    "verizon.net",
    "charter.net",
    "earthlink.net",
    "zoho.com",
    "fastmail.com",
];

/// Sites that host many organizations' pages: sharing one says nothing either.
const SHARED_SITES: &[&str] = &[
    "facebook.com",
    "fb.com",
    "instagram.com",
    "linktr.ee",
    "sites.google.com",
    "google.com",
    "linkedin.com",
    "x.com",
    "twitter.com",
    "etsy.com",
    "wixsite.com",
    "squarespace.com",
    "wordpress.com",
    "blogspot.com",
    "yelp.com",
    "nextdoor.com",
];

/// A letter with its accent taken off (the common Latin ones; others are kept as they are).
fn plain_letter(c: char) -> char {
    match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' => 'a',
        'ç' | 'ć' | 'č' => 'c',
        'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ę' => 'e',
        'ì' | 'í' | 'î' | 'ï' | 'ī' => 'i',
        'ñ' | 'ń' => 'n',
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' => 'o',
        'ù' | 'ú' | 'û' | 'ü' | 'ū' => 'u',
        'ý' | 'ÿ' => 'y',
        'š' | 'ś' => 's',
        'ž' | 'ź' | 'ż' => 'z',
        'ł' => 'l',
        other => other,
    }
}

/// An organization's name as compared: lowercase words without accents or punctuation, "&"
/// read as "and", without a leading "The" or trailing legal forms ("Inc.", "LLC", "Co.").
/// "The Purl & Skein Yarn Shop, LLC" and "purl and skein yarn shop" give the same key.
pub fn name_key(name: &str) -> String {
    let mut spaced = String::with_capacity(name.len() + 8);
    for c in name.chars().flat_map(char::to_lowercase) {
        match plain_letter(c) {
            '&' | '+' => spaced.push_str(" and "),
            // Dropped inside words: "Joe's", "L.L.C.", "St.Paul" keep their letters together.
            '\'' | '’' | '‘' | '.' | '`' | '´' => {}
            c if c.is_alphanumeric() => spaced.push(c),
            _ => spaced.push(' '),
        }
    }
    let mut words: Vec<&str> = spaced.split_whitespace().collect();
    if words.len() > 1 && words[0] == "the" {
        words.remove(0);
    }
    while words.len() > 1 && LEGAL_FORMS.contains(words.last().unwrap_or(&"")) {
        words.pop();
    }
    words.join(" ")
}

/// A host name without `www.`, lowercased; `None` when there is none.
fn host(s: &str) -> Option<String> {
    let s = s.trim().to_lowercase();
    let rest = s.split_once("://").map(|(_, r)| r).unwrap_or(&s);
    let host = rest.split(['/', '?', '#']).next()?;
    let host = host.rsplit_once('@').map(|(_, h)| h).unwrap_or(host);
    let host = host.split(':').next()?.trim_end_matches('.');
    let host = host.strip_prefix("www.").unwrap_or(host);
    (host.contains('.') && !host.starts_with('.')).then(|| host.to_string())
}

/// Whether `domain` is `shared` or one of its subdomains (`x.wixsite.com`).
fn within(domain: &str, shared: &[&str]) -> bool {
    shared
        .iter()
        .any(|s| domain == *s || domain.ends_with(&format!(".{s}")))
}

/// The domain of an organization's own website; `None` for a page on a shared host.
pub fn web_domain(website: &str) -> Option<String> {
    host(website).filter(|d| !within(d, SHARED_SITES))
}

/// The domain of a work e-mail address; `None` for a personal mailbox (Gmail and the like).
pub fn email_domain(email: &str) -> Option<String> {
    let (_, domain) = email.trim().rsplit_once('@')?;
    host(domain).filter(|d| !within(d, SHARED_MAIL))
}

/// A phone number as compared: its last ten digits (a leading US "1" or "+1" set aside);
/// `None` when it has fewer than seven digits.
pub fn phone_key(phone: &str) -> Option<String> {
    let digits: String = phone.chars().filter(char::is_ascii_digit).collect();
    if digits.len() < 7 {
        return None;
    }
    Some(digits[digits.len().saturating_sub(10)..].to_string())
}

/// What identifies an organization for comparison.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Fingerprint {
    pub name: String,
    pub domains: BTreeSet<String>,
    pub phones: BTreeSet<String>,
}

impl Fingerprint {
    /// An organization's fingerprint from its name, website and contacts' e-mails and phones.
    pub fn of<'a>(
        name: &str,
        website: Option<&str>,
        emails: impl IntoIterator<Item = &'a str>,
        phones: impl IntoIterator<Item = &'a str>,
    ) -> Fingerprint {
        let mut domains: BTreeSet<String> = website.and_then(web_domain).into_iter().collect();
        domains.extend(emails.into_iter().filter_map(email_domain));
        Fingerprint {
            name: name_key(name),
            domains,
            phones: phones.into_iter().filter_map(phone_key).collect(),
        }
    }

    /// A partner's fingerprint.
    pub fn of_partner(p: &Partner) -> Fingerprint {
        Fingerprint::of(
            &p.name,
            p.website.as_deref(),
            p.contacts.iter().filter_map(|c| c.email.as_deref()),
            p.contacts.iter().filter_map(|c| c.phone.as_deref()),
        )
    }
}

/// One reason to think two records are the same organization.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Clue {
    /// The names read the same once spelling is set aside.
    Name,
    /// Both use this web domain (a website or a work e-mail address).
    Domain(String),
    /// Both list this phone number.
    Phone,
}

impl Clue {
    /// The clue as a librarian reads it.
    pub fn describe(&self) -> String {
        match self {
            Clue::Name => "the same name, spelled differently".into(),
            Clue::Domain(d) => format!("the same web domain, {d}"),
            Clue::Phone => "the same phone number".into(),
        }
    }
}

/// A partner already in the directory that is probably the same organization.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Likeness {
    pub partner_id: i64,
    pub name: String,
    pub archived: bool,
    pub clues: Vec<Clue>,
}

impl Likeness {
    /// The clues as one phrase: "the same name, spelled differently and the same phone number".
    pub fn summary(&self) -> String {
        let parts: Vec<String> = self.clues.iter().map(Clue::describe).collect();
        match parts.as_slice() {
            [] => String::new(),
            [one] => one.clone(),
            [init @ .., last] => format!("{} and {last}", init.join(", ")),
        }
    }
}

/// A partner as the index knows it.
#[derive(Clone, Debug)]
pub struct Known {
    pub id: i64,
    pub name: String,
    pub archived: bool,
    pub print: Fingerprint,
}

/// The directory's fingerprints, looked up by name, domain and phone.
#[derive(Default)]
pub struct Index {
    known: Vec<Known>,
    by_name: HashMap<String, Vec<usize>>,
    by_domain: HashMap<String, Vec<usize>>,
    by_phone: HashMap<String, Vec<usize>>,
}

/// Most look-alikes shown for one record.
pub const MAX_LIKELY: usize = 3;

impl Index {
    pub fn new(known: Vec<Known>) -> Index {
        let mut index = Index::default();
        for (i, k) in known.iter().enumerate() {
            if !k.print.name.is_empty() {
                index
                    .by_name
                    .entry(k.print.name.clone())
                    .or_default()
                    .push(i);
            }
            for d in &k.print.domains {
                index.by_domain.entry(d.clone()).or_default().push(i);
            }
            for p in &k.print.phones {
                index.by_phone.entry(p.clone()).or_default().push(i);
            }
        }
        index.known = known;
        index
    }

    /// Partners that are probably the organization `print` describes (never `except`): those
    /// with the most clues first, then by name; at most [`MAX_LIKELY`].
    pub fn likely(&self, print: &Fingerprint, except: Option<i64>) -> Vec<Likeness> {
        let mut clues: HashMap<usize, Vec<Clue>> = HashMap::new();
        let mut add = |hits: Option<&Vec<usize>>, clue: Clue| {
            for &i in hits.into_iter().flatten() {
                let found = clues.entry(i).or_default();
                if !found.contains(&clue) {
                    found.push(clue.clone());
                }
            }
        };
        if !print.name.is_empty() {
            add(self.by_name.get(&print.name), Clue::Name);
        }
        for d in &print.domains {
            add(self.by_domain.get(d), Clue::Domain(d.clone()));
        }
        for p in &print.phones {
            add(self.by_phone.get(p), Clue::Phone);
        }
        let mut found: Vec<Likeness> = clues
            .into_iter()
            .filter(|(i, _)| Some(self.known[*i].id) != except)
            .map(|(i, mut clues)| {
                clues.sort();
                let k = &self.known[i];
                Likeness {
                    partner_id: k.id,
                    name: k.name.clone(),
                    archived: k.archived,
                    clues,
                }
            })
            .collect();
        found.sort_by(|a, b| {
            b.clues
                .len()
                .cmp(&a.clues.len())
                .then_with(|| a.name.cmp(&b.name))
                .then(a.partner_id.cmp(&b.partner_id))
        });
        found.truncate(MAX_LIKELY);
        found
    }
}

impl Index {
    /// The fingerprint of a partner in the index.
    pub fn print_of(&self, id: i64) -> Option<&Fingerprint> {
        self.known.iter().find(|k| k.id == id).map(|k| &k.print)
    }
}

/// What merging one partner into another moves (before), or moved (after).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct MergePreview {
    pub kept_id: i64,
    pub kept_name: String,
    pub other_id: i64,
    pub other_name: String,
    /// Contacts the kept partner does not list yet.
    pub contacts: i64,
    pub entries: i64,
    pub asks: i64,
    pub recognitions: i64,
    pub programs: i64,
    pub signups: i64,
}

/// "1 contact" or "3 contacts".
fn count(n: i64, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

impl MergePreview {
    /// What moves, as a sentence fragment: "2 contacts, 5 log entries, 1 ask, …".
    pub fn summary(&self) -> String {
        [
            count(self.contacts, "new contact", "new contacts"),
            count(self.entries, "log entry", "log entries"),
            count(self.asks, "ask", "asks"),
            count(self.recognitions, "recognition item", "recognition items"),
            count(self.programs, "program presented", "programs presented"),
            count(self.signups, "sign-up", "sign-ups"),
        ]
        .join(", ")
    }
}

/// How far along a partnership is, for keeping the further one of two.
fn progress(s: Stage) -> u8 {
    match s {
        Stage::Prospect => 0,
        Stage::Contacted => 1,
        Stage::Paused | Stage::Ended => 2,
        Stage::Active => 3,
    }
}

/// The stage after a merge: the kept partner's, unless the other was further along.
pub fn merged_stage(kept: Stage, other: Stage) -> Stage {
    if progress(other) > progress(kept) {
        other
    } else {
        kept
    }
}

/// Whether a contact is already on the list (the same e-mail, or the same name when neither
/// has an e-mail).
fn listed(contacts: &[Contact], c: &Contact) -> bool {
    let same = |a: &Option<String>, b: &Option<String>| match (a, b) {
        (Some(a), Some(b)) => a.trim().eq_ignore_ascii_case(b.trim()),
        _ => false,
    };
    contacts.iter().any(|k| {
        same(&k.email, &c.email)
            || (k.email.is_none()
                && c.email.is_none()
                && k.name.trim().eq_ignore_ascii_case(c.name.trim()))
    })
}

/// Adds the values of `more` that `to` lacks, in order.
fn union<T: PartialEq + Clone>(to: &mut Vec<T>, more: &[T]) {
    for v in more {
        if !to.contains(v) {
            to.push(v.clone());
        }
    }
}

/// Folds `other`'s profile into `kept`'s: the kept name and anything it already says win;
/// blanks are filled from `other`; offerings, goals, audiences, availability, tags and contacts
/// are joined (up to `max_contacts`); `other`'s notes are kept under its name. Returns the
/// contacts that were added.
pub fn absorb(kept: &mut Partner, other: &Partner, max_contacts: usize) -> Vec<Contact> {
    fn fill(to: &mut Option<String>, from: &Option<String>) {
        if to.as_deref().is_none_or(|s| s.trim().is_empty()) {
            to.clone_from(from);
        }
    }
    fill(&mut kept.description, &other.description);
    fill(&mut kept.street, &other.street);
    fill(&mut kept.neighborhood, &other.neighborhood);
    fill(&mut kept.website, &other.website);
    if kept.latitude.is_none() || kept.longitude.is_none() {
        kept.latitude = other.latitude;
        kept.longitude = other.longitude;
    }
    union(&mut kept.offerings, &other.offerings);
    union(&mut kept.goals, &other.goals);
    union(&mut kept.audiences, &other.audiences);
    union(&mut kept.tags, &other.tags);
    kept.availability.0 |= other.availability.0;
    kept.stage = merged_stage(kept.stage, other.stage);
    if let Some(n) = other.notes.as_deref().filter(|n| !n.trim().is_empty()) {
        let from = format!("From {}: {n}", other.name);
        kept.notes = Some(match kept.notes.take().filter(|k| !k.trim().is_empty()) {
            Some(k) => format!("{k}\n\n{from}"),
            None => from,
        });
    }
    let mut added = Vec::new();
    for c in &other.contacts {
        if kept.contacts.len() >= max_contacts {
            break;
        }
        if !listed(&kept.contacts, c) {
            kept.contacts.push(c.clone());
            added.push(c.clone());
        }
    }
    added
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::vocab::{Availability, Offering, PartnerKind};
    use proptest::prelude::*;

    #[test]
    fn names_that_librarians_would_call_the_same_share_a_key() {
        let same = [
            "Purl & Skein Yarn Shop",
            "Purl and Skein Yarn Shop, LLC",
            "The Purl & Skein Yarn Shop",
            "PURL + SKEIN YARN SHOP L.L.C.",
            "purl  &  skein yarn-shop",
            "Purl & Skein Yarn Shop Inc.",
        ];
        let key = name_key(same[0]);
        assert_eq!(key, "purl and skein yarn shop");
        for s in same {
            assert_eq!(name_key(s), key, "{s}");
        }
        assert_eq!(name_key("Joe’s Café, Co."), name_key("Joes Cafe"));
        assert_eq!(name_key("Fire Station 3"), "fire station 3");
    }

    #[test]
    fn different_organizations_keep_different_keys() {
        assert_ne!(name_key("Purl & Loop"), name_key("Purl & Skein Yarn Shop"));
        assert_ne!(name_key("Fire Station 3"), name_key("Fire Station 4"));
        // A name that is only a legal form or "The" is kept rather than emptied.
        assert_eq!(name_key("The Company"), "company");
        assert_eq!(name_key("The"), "the");
        assert_eq!(name_key("  "), "");
    }

    #[test]
    fn domains_come_from_websites_and_work_addresses_but_not_shared_ones() {
        assert_eq!(
            web_domain("https://www.PurlAndSkein.com/about?x=1").as_deref(),
            Some("purlandskein.com")
        );
        assert_eq!(
            web_domain("purlandskein.com").as_deref(),
            Some("purlandskein.com")
        );
        assert_eq!(web_domain("https://www.facebook.com/purlandskein"), None);
        assert_eq!(web_domain("https://purl.wixsite.com/shop"), None);
        assert_eq!(web_domain("not a site"), None);
        assert_eq!(
            email_domain("Jo@PurlAndSkein.com").as_deref(),
            Some("purlandskein.com")
        );
        assert_eq!(email_domain("purlandskein@gmail.com"), None);
        assert_eq!(email_domain("no-at-sign"), None);
    }

    #[test]
    fn phones_compare_by_their_last_ten_digits() {
        assert_eq!(phone_key("(612) 555-0142"), phone_key("+1 612.555.0142"));
        assert_eq!(phone_key("1-612-555-0142").as_deref(), Some("6125550142"));
        assert_eq!(phone_key("555-01"), None);
    }

    fn known(id: i64, name: &str, website: Option<&str>, email: &str, phone: &str) -> Known {
        Known {
            id,
            name: name.into(),
            archived: false,
            print: Fingerprint::of(name, website, [email], [phone]),
        }
    }

    #[test]
    fn the_index_names_each_clue_and_puts_the_strongest_match_first() {
        let index = Index::new(vec![
            known(
                1,
                "Purl & Skein Yarn Shop",
                Some("https://purlandskein.com"),
                "jo@purlandskein.com",
                "612-555-0142",
            ),
            known(
                2,
                "Skein Society",
                None,
                "info@purlandskein.com",
                "612-555-0199",
            ),
            known(
                3,
                "Sweet Crumb Bakery",
                None,
                "rosa@gmail.com",
                "612-555-0100",
            ),
        ]);
        let print = Fingerprint::of(
            "Purl and Skein Yarn Shop, LLC",
            None,
            ["dana@purlandskein.com"],
            ["(612) 555-0142"],
        );
        let found = index.likely(&print, None);
        assert_eq!(found.len(), 2);
        assert_eq!(found[0].partner_id, 1);
        assert_eq!(
            found[0].clues,
            vec![
                Clue::Name,
                Clue::Domain("purlandskein.com".into()),
                Clue::Phone
            ]
        );
        assert_eq!(
            found[0].summary(),
            "the same name, spelled differently, the same web domain, purlandskein.com and the same phone number"
        );
        assert_eq!(found[1].partner_id, 2);
        assert_eq!(
            found[1].clues,
            vec![Clue::Domain("purlandskein.com".into())]
        );
        // A partner is never its own duplicate; a shared Gmail address is no clue.
        assert!(index
            .likely(&index.known[0].print, Some(1))
            .iter()
            .all(|l| l.partner_id != 1));
        let gmail = Fingerprint::of("Crumbs", None, ["someone@gmail.com"], []);
        assert!(index.likely(&gmail, None).is_empty());
    }

    fn partner(name: &str) -> Partner {
        Partner {
            name: name.into(),
            kind: PartnerKind::LocalBusiness,
            description: None,
            street: None,
            neighborhood: None,
            latitude: None,
            longitude: None,
            website: None,
            contacts: vec![],
            offerings: vec![],
            goals: vec![],
            audiences: vec![],
            availability: Availability(0),
            stage: Stage::Prospect,
            tags: vec![],
            notes: None,
        }
    }

    fn contact(name: &str, email: Option<&str>) -> Contact {
        Contact {
            name: name.into(),
            role: None,
            email: email.map(String::from),
            phone: None,
        }
    }

    #[test]
    fn absorbing_keeps_what_the_kept_partner_says_and_adds_what_it_lacks() {
        let mut kept = partner("Purl & Skein Yarn Shop");
        kept.website = Some("https://purlandskein.com".into());
        kept.offerings = vec![Offering::WorkshopLeader];
        kept.contacts = vec![contact("Jo Park", Some("jo@purlandskein.com"))];
        kept.notes = Some("Prefers Wednesdays.".into());
        kept.stage = Stage::Contacted;
        let mut other = partner("Purl and Skein Yarn Shop, LLC");
        other.website = Some("https://example.org".into());
        other.street = Some("12 Main St".into());
        other.offerings = vec![Offering::MaterialsDonation, Offering::WorkshopLeader];
        other.contacts = vec![
            contact("Jo Park", Some("JO@purlandskein.com")),
            contact("Dana Whit", Some("dana@purlandskein.com")),
        ];
        other.notes = Some("Has a back room for 12.".into());
        other.stage = Stage::Active;
        other.availability = Availability(0b101);
        let added = absorb(&mut kept, &other, 10);
        assert_eq!(kept.name, "Purl & Skein Yarn Shop");
        assert_eq!(kept.website.as_deref(), Some("https://purlandskein.com"));
        assert_eq!(kept.street.as_deref(), Some("12 Main St"));
        assert_eq!(
            kept.offerings,
            vec![Offering::WorkshopLeader, Offering::MaterialsDonation]
        );
        assert_eq!(
            added,
            vec![contact("Dana Whit", Some("dana@purlandskein.com"))]
        );
        assert_eq!(kept.contacts.len(), 2);
        assert_eq!(kept.stage, Stage::Active);
        assert_eq!(kept.availability, Availability(0b101));
        assert_eq!(
            kept.notes.as_deref(),
            Some("Prefers Wednesdays.\n\nFrom Purl and Skein Yarn Shop, LLC: Has a back room for 12.")
        );
        // The contact list never grows past its limit.
        let mut full = partner("Full");
        full.contacts = (0..10).map(|i| contact(&format!("C{i}"), None)).collect();
        assert!(absorb(&mut full, &other, 10).is_empty());
    }

    #[test]
    fn a_merge_summary_counts_in_words() {
        let p = MergePreview {
            contacts: 1,
            entries: 5,
            asks: 0,
            recognitions: 2,
            programs: 1,
            signups: 1,
            ..MergePreview::default()
        };
        assert_eq!(
            p.summary(),
            "1 new contact, 5 log entries, 0 asks, 2 recognition items, 1 program presented, 1 sign-up"
        );
    }

    #[test]
    fn a_merge_never_moves_a_partnership_backwards() {
        use crate::vocab::Vocab;
        for &kept in Stage::ALL {
            for &other in Stage::ALL {
                let s = merged_stage(kept, other);
                assert!(s == kept || s == other);
                assert!(
                    progress(s) >= progress(kept),
                    "{} + {}",
                    kept.slug(),
                    other.slug()
                );
            }
        }
        assert_eq!(merged_stage(Stage::Prospect, Stage::Active), Stage::Active);
        assert_eq!(merged_stage(Stage::Paused, Stage::Contacted), Stage::Paused);
    }

    /// A word of letters that is not a legal form or "the"/"and".
    fn word() -> impl Strategy<Value = String> {
        "[a-z]{2,9}".prop_filter("an ordinary word", |w| {
            !LEGAL_FORMS.contains(&w.as_str()) && w != "the" && w != "and"
        })
    }

    /// How a person might type the same name: case, spacing, punctuation, "&", "The", "Inc.".
    fn variant(words: &[String], style: u8) -> String {
        let s: Vec<String> = words
            .iter()
            .enumerate()
            .map(|(i, w)| match (style + i as u8) % 3 {
                0 => w.to_uppercase(),
                1 => {
                    let mut c = w.chars();
                    c.next()
                        .map(|f| f.to_uppercase().chain(c).collect())
                        .unwrap_or_default()
                }
                _ => w.clone(),
            })
            .collect();
        let mut out = if style & 1 == 1 {
            s.join("  ")
        } else {
            s.join(" - ")
        };
        if style & 2 == 2 {
            out = format!("The {out}");
        }
        match style % 4 {
            0 => out.push_str(", Inc."),
            1 => out.push_str(" LLC"),
            2 => out.push_str(" Co."),
            _ => out.push('!'),
        }
        out
    }

    proptest! {
        #[test]
        fn typing_variants_of_a_name_never_change_its_key(
            words in prop::collection::vec(word(), 1..5),
            a in 0u8..8,
            b in 0u8..8,
        ) {
            prop_assert_eq!(name_key(&variant(&words, a)), name_key(&variant(&words, b)));
            prop_assert_eq!(name_key(&variant(&words, a)), words.join(" "));
        }

        #[test]
        fn and_and_ampersand_are_the_same(words in prop::collection::vec(word(), 2..5)) {
            prop_assert_eq!(name_key(&words.join(" & ")), name_key(&words.join(" and ")));
        }

        #[test]
        fn the_key_is_stable(name in "\\PC{0,40}") {
            let k = name_key(&name);
            prop_assert_eq!(name_key(&k), k.clone());
            prop_assert!(!k.starts_with(' ') && !k.ends_with(' ') && !k.contains("  "));
        }

        #[test]
        fn names_with_different_words_stay_apart(
            words in prop::collection::vec(word(), 1..4),
            extra in word(),
        ) {
            prop_assume!(!words.contains(&extra));
            let mut more = words.clone();
            more.insert(0, extra);
            prop_assert_ne!(name_key(&words.join(" ")), name_key(&more.join(" ")));
        }

        #[test]
        fn phone_keys_ignore_formatting(digits in "[2-9][0-9]{9}") {
            let dashed = format!("{}-{}-{}", &digits[..3], &digits[3..6], &digits[6..]);
            let us = format!("+1 ({}) {} {}", &digits[..3], &digits[3..6], &digits[6..]);
            prop_assert_eq!(phone_key(&dashed), Some(digits.clone()));
            prop_assert_eq!(phone_key(&us), Some(digits));
        }
    }
}
