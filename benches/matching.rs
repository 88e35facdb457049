//! Ranking 100,000 partners for one need, on one core, against a baseline measured in the same
//! run: sorting 100,000 numbers. Run with `cargo bench --features ssr --bench matching`.

use commonplace::matching::engine::{
    need_slots, rank, Candidate, NeedFacts, PastAsk, Place, TrackRecord, Weights,
};
use commonplace::vocab::{Availability, DayPart, Goal, Offering, Set, Stage, Vocab};
use divan::Bencher;

fn main() {
    divan::main();
}

const N: usize = 100_000;

/// A small deterministic generator, so every run ranks the same partners.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        self.0 >> 33
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

fn candidates() -> Vec<Candidate> {
    let mut g = Lcg(42);
    (0..N)
        .map(|i| {
            let asks = (0..g.below(3))
                .map(|_| PastAsk {
                    days_ago: g.below(90) as u32,
                    by: "Central".into(),
                    open: g.below(4) == 0,
                })
                .collect();
            let answered = g.below(6) as u32;
            Candidate {
                id: i as i64 + 1,
                name: format!("Partner {i}"),
                stage: Stage::ALL[g.below(Stage::ALL.len() as u64) as usize],
                offerings: Set::from_mask(g.below(1 << Offering::ALL.len()) as i64),
                goals: Set::from_mask(g.below(1 << Goal::ALL.len()) as i64),
                audiences: Set::from_mask(g.below(1 << 5) as i64),
                availability: Availability(g.below(1 << 21) as i64),
                location: Some((
                    44.9 + g.below(1000) as f64 / 10_000.0,
                    -93.3 + g.below(1000) as f64 / 10_000.0,
                )),
                record: TrackRecord {
                    answered,
                    accepted: answered / 2,
                    due: 1,
                    delivered: 1,
                },
                asks,
            }
        })
        .collect()
}

fn need() -> NeedFacts {
    let day = time::Date::from_calendar_date(2026, time::Month::December, 5).unwrap();
    NeedFacts {
        offering: Offering::Refreshments,
        goals: Set::of(&[Goal::Civic, Goal::Literacy]),
        audiences: Set::of(&[commonplace::vocab::Audience::Families]),
        slots: need_slots(day, day, Some(DayPart::Morning)),
        place: Some(Place {
            name: "Eastside Branch".into(),
            latitude: 44.95,
            longitude: -93.2,
        }),
    }
}

#[divan::bench(sample_count = 30)]
fn rank_100k_partners(bencher: Bencher) {
    let cs = candidates();
    let need = need();
    let w = Weights::default();
    // What the need's page asks for: every partner scored, the best 25 explained.
    bencher.bench(|| rank(divan::black_box(&need), divan::black_box(&cs), &w, 25));
}

#[divan::bench(sample_count = 30)]
fn baseline_sort_100k_numbers(bencher: Bencher) {
    let mut g = Lcg(7);
    let numbers: Vec<u64> = (0..N).map(|_| g.next()).collect();
    bencher
        .with_inputs(|| numbers.clone())
        .bench_values(|mut v| {
            v.sort_unstable();
            v
        });
}
