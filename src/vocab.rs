//! Fixed vocabularies shared by the browser and the server.
//!
//! Every vocabulary is a small enum with a stable slug (used in URLs, forms and the
//! database) and a human label. Sets of values are stored as bit masks, so a filter
//! such as "offers refreshments and a venue" is one integer comparison.

use serde::{Deserialize, Serialize};

/// What every vocabulary enum can do.
pub trait Vocab: Copy + Eq + 'static {
    /// Every value, in display order.
    const ALL: &'static [Self];
    /// Stable machine name.
    fn slug(self) -> &'static str;
    /// Human label.
    fn label(self) -> &'static str;
    /// Position in [`Vocab::ALL`], also the bit index in a mask.
    fn index(self) -> u32;

    /// Parses a slug; `None` for anything not in the vocabulary.
    fn from_slug(slug: &str) -> Option<Self> {
        Self::ALL.iter().copied().find(|v| v.slug() == slug)
    }
    /// The single-bit mask of this value.
    fn bit(self) -> i64 {
        1i64 << self.index()
    }
}

/// Packs values into a bit mask.
pub fn to_mask<T: Vocab>(values: &[T]) -> i64 {
    values.iter().fold(0, |m, v| m | v.bit())
}

/// Unpacks a bit mask, in vocabulary order; unknown bits are ignored.
pub fn from_mask<T: Vocab>(mask: i64) -> Vec<T> {
    T::ALL
        .iter()
        .copied()
        .filter(|v| mask & v.bit() != 0)
        .collect()
}

/// A set of vocabulary values, held as its bit mask: copying it, testing membership and
/// intersecting two sets touch no heap memory, which is what ranking thousands of partners
/// needs.
#[derive(Serialize, Deserialize)]
#[serde(transparent)]
pub struct Set<T> {
    mask: i64,
    #[serde(skip)]
    kind: std::marker::PhantomData<T>,
}

impl<T> Clone for Set<T> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<T> Copy for Set<T> {}
impl<T> PartialEq for Set<T> {
    fn eq(&self, other: &Self) -> bool {
        self.mask == other.mask
    }
}
impl<T> Eq for Set<T> {}
impl<T> Default for Set<T> {
    fn default() -> Self {
        Self::from_mask(0)
    }
}

impl<T: Vocab + std::fmt::Debug> std::fmt::Debug for Set<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_set().entries(self.to_vec()).finish()
    }
}

impl<T> Set<T> {
    /// The set whose bits are `mask`.
    pub const fn from_mask(mask: i64) -> Self {
        Self {
            mask,
            kind: std::marker::PhantomData,
        }
    }
    pub const fn mask(self) -> i64 {
        self.mask
    }
    pub const fn is_empty(self) -> bool {
        self.mask == 0
    }
    pub const fn len(self) -> u32 {
        self.mask.count_ones()
    }
    /// The values in both sets.
    pub const fn and(self, other: Self) -> Self {
        Self::from_mask(self.mask & other.mask)
    }
}

impl<T: Vocab> Set<T> {
    pub fn of(values: &[T]) -> Self {
        Self::from_mask(to_mask(values))
    }
    pub fn contains(self, value: T) -> bool {
        self.mask & value.bit() != 0
    }
    pub fn insert(&mut self, value: T) {
        self.mask |= value.bit();
    }
    pub fn remove(&mut self, value: T) {
        self.mask &= !value.bit();
    }
    /// The values, in vocabulary order.
    pub fn to_vec(self) -> Vec<T> {
        from_mask(self.mask)
    }
}

impl<T: Vocab> FromIterator<T> for Set<T> {
    fn from_iter<I: IntoIterator<Item = T>>(iter: I) -> Self {
        let mut s = Self::default();
        for v in iter {
            s.insert(v);
        }
        s
    }
}

/// Labels of a set, joined for display.
pub fn labels<T: Vocab>(values: &[T]) -> String {
    values
        .iter()
        .map(|v| v.label())
        .collect::<Vec<_>>()
        .join(", ")
}

macro_rules! vocab {
    ($(#[$meta:meta])* $name:ident { $($variant:ident = $slug:literal, $label:literal;)+ }) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        pub enum $name {
            $(#[doc = $label] #[serde(rename = $slug)] $variant,)+
        }
        impl Vocab for $name {
            const ALL: &'static [Self] = &[$($name::$variant),+];
            fn slug(self) -> &'static str {
                match self { $($name::$variant => $slug,)+ }
            }
            fn label(self) -> &'static str {
                match self { $($name::$variant => $label,)+ }
            }
            fn index(self) -> u32 {
                self as u32
            }
        }
        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.label())
            }
        }
    };
}

/// Other features declare their own vocabularies with the same macro (polls, say).
pub(crate) use vocab;

vocab! {
    /// What sort of organization a partner is.
    PartnerKind {
        LocalBusiness = "local_business", "Local business";
        Emergency = "emergency_services", "Fire, police or EMS";
        School = "school", "School or school library";
        Academic = "academic_library", "Academic library";
        Health = "health", "Medical library or health organization";
        Nonprofit = "nonprofit", "Nonprofit or club";
        Arts = "arts", "Arts and culture group";
        Government = "government", "Government";
        Faith = "faith", "Faith community";
        Other = "other", "Other";
    }
}

vocab! {
    /// What a partner can give.
    Offering {
        Refreshments = "refreshments", "Refreshments";
        Presenter = "presenter", "Guest speaker or presenter";
        StorytimeReader = "storytime_reader", "Storytime reader";
        WorkshopLeader = "workshop_leader", "Workshop leader";
        HealthScreening = "health_screening", "Health screening";
        MoneyDonation = "money_donation", "Money donation";
        MaterialsDonation = "materials_donation", "Materials donation";
        InKind = "in_kind", "In-kind services";
        Venue = "venue", "Venue";
        Volunteers = "volunteers", "Volunteers";
        Promotion = "promotion", "Promotion reach";
    }
}

vocab! {
    /// Community goals a partnership can serve.
    Goal {
        Health = "health", "Health";
        Literacy = "literacy", "Literacy";
        EarlyChildhood = "early_childhood", "Early childhood";
        Teens = "teens", "Teens";
        Seniors = "seniors", "Seniors";
        DigitalSkills = "digital_skills", "Digital skills";
        Arts = "arts_culture", "Arts and culture";
        Business = "business_workforce", "Business and workforce";
        Entertainment = "entertainment", "Entertainment";
        Civic = "civic_life", "Civic life";
    }
}

vocab! {
    /// Who a partner serves or wants to reach.
    Audience {
        Children = "children", "Children";
        Teens = "teens", "Teens";
        Adults = "adults", "Adults";
        Seniors = "seniors", "Seniors";
        Families = "families", "Families";
    }
}

vocab! {
    /// Where a partnership stands.
    Stage {
        Prospect = "prospect", "Prospect";
        Contacted = "contacted", "Contacted";
        Active = "active", "Active";
        Paused = "paused", "Paused";
        Ended = "ended", "Ended";
    }
}

vocab! {
    /// Days of the week, Monday first.
    Weekday {
        Mon = "mon", "Monday";
        Tue = "tue", "Tuesday";
        Wed = "wed", "Wednesday";
        Thu = "thu", "Thursday";
        Fri = "fri", "Friday";
        Sat = "sat", "Saturday";
        Sun = "sun", "Sunday";
    }
}

vocab! {
    /// Parts of a day a partner can be available.
    DayPart {
        Morning = "morning", "Morning";
        Afternoon = "afternoon", "Afternoon";
        Evening = "evening", "Evening";
    }
}

vocab! {
    /// What kind of contact an interaction-log entry records.
    InteractionKind {
        Call = "call", "Call";
        Email = "email", "E-mail";
        Meeting = "meeting", "Meeting";
        Visit = "visit", "Visit";
        ThankYou = "thank_you", "Thank-you";
        Ask = "ask", "Ask";
        Other = "other", "Other";
    }
}

/// A weekly availability grid (weekday × part of day) packed in 21 bits.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Availability(pub i64);

impl Availability {
    /// The slug of one cell, e.g. `sat_morning`, used as a checkbox value.
    pub fn slot_slug(day: Weekday, part: DayPart) -> String {
        format!("{}_{}", day.slug(), part.slug())
    }

    fn bit(day: Weekday, part: DayPart) -> i64 {
        1i64 << (day.index() * 3 + part.index())
    }

    /// The grid with exactly these cells.
    pub fn of_cells(cells: &[(Weekday, DayPart)]) -> Self {
        Availability(cells.iter().fold(0, |m, &(d, p)| m | Self::bit(d, p)))
    }

    /// Whether the partner is free in that cell.
    pub fn has(self, day: Weekday, part: DayPart) -> bool {
        self.0 & Self::bit(day, part) != 0
    }

    /// Builds a grid from slot slugs; the first unknown slug is returned as the error.
    pub fn from_slugs<S: AsRef<str>>(slugs: &[S]) -> Result<Self, String> {
        let mut mask = 0;
        for s in slugs {
            let s = s.as_ref();
            let (d, p) = s.split_once('_').ok_or_else(|| s.to_string())?;
            let day = Weekday::from_slug(d).ok_or_else(|| s.to_string())?;
            let part = DayPart::from_slug(p).ok_or_else(|| s.to_string())?;
            mask |= Self::bit(day, part);
        }
        Ok(Self(mask))
    }

    /// The slot slugs that are set, in week order.
    pub fn slugs(self) -> Vec<String> {
        let mut out = Vec::new();
        for &d in Weekday::ALL {
            for &p in DayPart::ALL {
                if self.has(d, p) {
                    out.push(Self::slot_slug(d, p));
                }
            }
        }
        out
    }

    /// A short summary such as "Sat morning, Tue evening".
    pub fn summary(self) -> String {
        let mut parts = Vec::new();
        for &d in Weekday::ALL {
            let cells: Vec<&str> = DayPart::ALL
                .iter()
                .filter(|&&p| self.has(d, p))
                .map(|p| p.slug())
                .collect();
            if !cells.is_empty() {
                parts.push(format!("{} {}", &d.label()[..3], cells.join("/")));
            }
        }
        if parts.is_empty() {
            "Not given".into()
        } else {
            parts.join(", ")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn slugs_round_trip_for_every_vocabulary() {
        fn check<T: Vocab + std::fmt::Debug>() {
            for &v in T::ALL {
                assert_eq!(T::from_slug(v.slug()), Some(v));
                assert!(!v.label().is_empty());
            }
            assert_eq!(T::from_slug("nonsense"), None);
        }
        check::<PartnerKind>();
        check::<Offering>();
        check::<Goal>();
        check::<Audience>();
        check::<Stage>();
        check::<InteractionKind>();
    }

    #[test]
    fn the_article_kinds_are_all_there() {
        assert_eq!(PartnerKind::ALL.len(), 10);
        assert_eq!(Offering::ALL.len(), 11);
        assert_eq!(Goal::ALL.len(), 10);
        assert_eq!(Audience::ALL.len(), 5);
    }

    #[test]
    fn availability_parses_and_rejects() {
        let a = Availability::from_slugs(&["sat_morning", "tue_evening"]).unwrap();
        assert!(a.has(Weekday::Sat, DayPart::Morning));
        assert!(!a.has(Weekday::Sat, DayPart::Evening));
        assert_eq!(a.slugs(), vec!["tue_evening", "sat_morning"]);
        assert_eq!(a.summary(), "Tue evening, Sat morning");
        assert_eq!(
            Availability::from_slugs(&["sat_noon"]),
            Err("sat_noon".into())
        );
    }

    proptest! {
        #[test]
        fn masks_round_trip(bits in 0i64..(1 << 11)) {
            let offerings: Vec<Offering> = from_mask(bits);
            prop_assert_eq!(to_mask(&offerings), bits);
        }

        #[test]
        fn sets_hold_exactly_their_values(bits in 0i64..(1 << 11), other in 0i64..(1 << 11)) {
            let set = Set::<Offering>::from_mask(bits);
            let values: Vec<Offering> = from_mask(bits);
            prop_assert_eq!(set.to_vec(), values.clone());
            prop_assert_eq!(set.len() as usize, values.len());
            prop_assert_eq!(Set::of(&values), set);
            let both = set.and(Set::from_mask(other));
            for v in Offering::ALL {
                prop_assert_eq!(both.contains(*v), set.contains(*v) && other & v.bit() != 0);
            }
        }

        #[test]
        fn availability_round_trips(bits in 0i64..(1 << 21)) {
            let a = Availability(bits);
            prop_assert_eq!(Availability::from_slugs(&a.slugs()).unwrap(), a);
        }
    }
}
