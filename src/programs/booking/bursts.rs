//! Suspicious bursts on a roster: many registrations from one client address, or from one
//! e-mail domain, in a short time. Pure: the roster brings the rows, staff decide.

use serde::{Deserialize, Serialize};

/// How close together registrations must come to count as a burst.
pub const WINDOW_SECONDS: i64 = 15 * 60;
/// How many registrations from one client address within the window make a burst. A branch's
/// shared PC books a few patrons in a row; more than this is worth a look.
pub const FROM_ONE_CLIENT: usize = 5;
/// How many from one e-mail domain within the window (big webmail domains are common, so more).
pub const FROM_ONE_DOMAIN: usize = 8;

/// What a burst's registrations have in common.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum BurstKind {
    /// The same client address (one computer or network).
    Client,
    /// The same e-mail domain.
    Domain,
}

/// Registrations that came together from one source.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Burst {
    pub kind: BurstKind,
    /// The domain (`@example.org`), or a short code for the client address.
    pub source: String,
    /// Registration ids, oldest first.
    pub ids: Vec<i64>,
    pub first_at: i64,
    pub last_at: i64,
}

/// A live registration as the rule sees it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Booking {
    pub id: i64,
    pub client: Option<String>,
    pub email: String,
    pub at: i64,
}

/// The most registrations one bulk cancel may name.
pub const MOST_PICKED: usize = 1000;

/// Checks the registrations staff ticked for a bulk cancel: at least one, at most
/// [`MOST_PICKED`].
pub fn check_picked(ids: &[i64]) -> Result<(), crate::error::AppError> {
    use crate::error::AppError;
    if ids.is_empty() {
        return Err(AppError::field(
            "ids",
            "Tick the registrations to cancel (none were ticked).",
        ));
    }
    if ids.len() > MOST_PICKED {
        return Err(AppError::field(
            "ids",
            format!("Cancel at most {MOST_PICKED} registrations at once."),
        ));
    }
    Ok(())
}

/// The part of an address after `@`, lowercased.
fn domain(email: &str) -> Option<String> {
    email
        .rsplit_once('@')
        .map(|(_, d)| d.trim().to_ascii_lowercase())
        .filter(|d| !d.is_empty())
}

/// The bursts among `bookings`: for each source, the registrations that lie in some window of
/// [`WINDOW_SECONDS`] holding at least the source's threshold, grouped into runs. Client bursts
/// come first, then domains; each in order of time.
pub fn bursts(bookings: &[Booking]) -> Vec<Burst> {
    let mut out = Vec::new();
    let mut by_client: std::collections::BTreeMap<&str, Vec<&Booking>> = Default::default();
    let mut by_domain: std::collections::BTreeMap<String, Vec<&Booking>> = Default::default();
    for b in bookings {
        if let Some(c) = b.client.as_deref() {
            by_client.entry(c).or_default().push(b);
        }
        if let Some(d) = domain(&b.email) {
            by_domain.entry(d).or_default().push(b);
        }
    }
    let mut found = Vec::new();
    for (client, group) in by_client {
        let code: String = client.chars().take(6).collect();
        for run in runs(group, FROM_ONE_CLIENT) {
            found.push((BurstKind::Client, format!("client {code}"), run));
        }
    }
    for (domain, group) in by_domain {
        for run in runs(group, FROM_ONE_DOMAIN) {
            found.push((BurstKind::Domain, format!("@{domain}"), run));
        }
    }
    for (kind, source, run) in found {
        out.push(Burst {
            kind,
            source,
            first_at: run.first().map_or(0, |b| b.at),
            last_at: run.last().map_or(0, |b| b.at),
            ids: run.iter().map(|b| b.id).collect(),
        });
    }
    out.sort_by_key(|b| (b.kind == BurstKind::Domain, b.first_at));
    out
}

/// The runs of `group` (sorted here by time) in which every member lies in a window of
/// [`WINDOW_SECONDS`] holding at least `threshold` members.
fn runs(mut group: Vec<&Booking>, threshold: usize) -> Vec<Vec<&Booking>> {
    group.sort_by_key(|b| (b.at, b.id));
    let mut marked = vec![false; group.len()];
    let mut end = 0;
    for start in 0..group.len() {
        end = end.max(start);
        while end + 1 < group.len() && group[end + 1].at - group[start].at <= WINDOW_SECONDS {
            end += 1;
        }
        if end + 1 - start >= threshold {
            marked[start..=end].iter_mut().for_each(|m| *m = true);
        }
    }
    let mut out: Vec<Vec<&Booking>> = Vec::new();
    let mut current: Vec<&Booking> = Vec::new();
    for (b, m) in group.into_iter().zip(marked) {
        if m {
            current.push(b);
        } else if !current.is_empty() {
            out.push(std::mem::take(&mut current));
        }
    }
    if !current.is_empty() {
        out.push(current);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Whether a booking shares a burst's source.
    type SameSource = Box<dyn Fn(&Booking) -> bool>;

    fn b(id: i64, client: &str, email: &str, at: i64) -> Booking {
        Booking {
            id,
            client: (!client.is_empty()).then(|| client.to_string()),
            email: email.into(),
            at,
        }
    }

    #[test]
    fn a_script_on_one_address_is_a_burst_and_a_shared_pc_is_not() {
        let mut rows: Vec<Booking> = (0..6)
            .map(|i| {
                b(
                    i,
                    "abcdef99",
                    &format!("p{i}@mail{i}.example"),
                    1000 + i * 20,
                )
            })
            .collect();
        // The branch PC: four patrons in an afternoon.
        rows.extend((0..4).map(|i| {
            b(
                100 + i,
                "branchpc",
                &format!("q{i}@x{i}.example"),
                5000 + i * 60,
            )
        }));
        let found = bursts(&rows);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].kind, BurstKind::Client);
        assert_eq!(found[0].ids, vec![0, 1, 2, 3, 4, 5]);
        assert_eq!(found[0].source, "client abcdef");
        assert_eq!((found[0].first_at, found[0].last_at), (1000, 1100));
    }

    #[test]
    fn a_bulk_cancel_names_one_to_a_thousand_registrations() {
        assert!(check_picked(&[7]).is_ok());
        assert!(check_picked(&vec![1; MOST_PICKED]).is_ok());
        for bad in [vec![], vec![1; MOST_PICKED + 1]] {
            let err = check_picked(&bad).unwrap_err();
            assert!(err.fields().and_then(|f| f.get("ids")).is_some(), "{err:?}");
        }
    }

    #[test]
    fn many_invented_addresses_at_one_domain_are_a_burst() {
        let rows: Vec<Booking> = (0..8)
            .map(|i| b(i, "", &format!("fake{i}@Throwaway.example"), i * 100))
            .collect();
        let found = bursts(&rows);
        assert_eq!(found.len(), 1);
        assert_eq!(
            (found[0].kind, found[0].source.as_str()),
            (BurstKind::Domain, "@throwaway.example")
        );
        // Spread over a day they are ordinary.
        let slow: Vec<Booking> = (0..8)
            .map(|i| b(i, "", &format!("fake{i}@throwaway.example"), i * 3600))
            .collect();
        assert!(bursts(&slow).is_empty());
    }

    proptest! {
        #[test]
        fn every_member_of_a_burst_shares_its_source_and_a_full_window(
            rows in proptest::collection::vec((0..3u8, 0..3u8, 0..20_000i64), 0..60),
        ) {
            let rows: Vec<Booking> = rows
                .iter()
                .enumerate()
                .map(|(i, (c, d, at))| b(i as i64, &format!("c{c}"), &format!("x{i}@d{d}.example"), *at))
                .collect();
            let by_id = |id: i64| &rows[id as usize];
            for burst in bursts(&rows) {
                let (threshold, same): (usize, SameSource) = match burst.kind {
                    BurstKind::Client => {
                        let c = by_id(burst.ids[0]).client.clone();
                        (FROM_ONE_CLIENT, Box::new(move |x: &Booking| x.client == c))
                    }
                    BurstKind::Domain => {
                        let d = domain(&by_id(burst.ids[0]).email);
                        (FROM_ONE_DOMAIN, Box::new(move |x: &Booking| domain(&x.email) == d))
                    }
                };
                prop_assert!(burst.ids.len() >= threshold);
                for &id in &burst.ids {
                    let m = by_id(id);
                    prop_assert!(same(m));
                    let neighbours = rows
                        .iter()
                        .filter(|x| same(x))
                        .filter(|x| (x.at - m.at).abs() <= WINDOW_SECONDS)
                        .count();
                    prop_assert!(neighbours >= threshold);
                }
                let mut sorted = burst.ids.clone();
                sorted.dedup();
                prop_assert_eq!(sorted.len(), burst.ids.len());
            }
        }
    }
}
