//! Demo rooms and programs: a month of what Millbrook's branches run with their partners.

use crate::error::AppError;
use crate::programs::booking::model::RegisterForm;
use crate::programs::booking::service as booking;
use crate::programs::letters::service::Site;
use crate::programs::model::{RegisterFor, Registration};
use crate::programs::schedule::model::{NewProgram, Repeat, Venue};
use crate::programs::schedule::{repo, service as schedule};
use crate::server::db::Db;
use crate::server::state::AppState;
use crate::vocab::{Audience, Goal, Set, Weekday};

/// (branch name, room name, capacity, accessibility notes).
const ROOMS: &[(&str, &str, i64, &str)] = &[
    (
        "Central Library",
        "Community Room",
        80,
        "Step-free entrance from Main Street; hearing loop; accessible toilets on this floor.",
    ),
    (
        "Central Library",
        "Story Room",
        30,
        "Step-free; floor cushions and chairs; stroller parking outside.",
    ),
    (
        "Eastside Branch",
        "Story Corner",
        24,
        "Step-free; quiet room next door for breaks.",
    ),
    (
        "Northgate Branch",
        "Teen Space",
        25,
        "Lift to the first floor; accessible toilet on the ground floor.",
    ),
];

struct DemoProgram {
    title: &'static str,
    description: &'static str,
    room: usize,
    /// Days from today to the first session (moved on to the next `weekday`).
    in_days: i64,
    weekday: Weekday,
    starts: (u8, u8),
    ends: (u8, u8),
    weeks: Option<i64>,
    capacity: i64,
    registration: Registration,
    party_limit: i64,
    presenters: &'static [&'static str],
    audiences: &'static [Audience],
    goals: &'static [Goal],
    register_for: RegisterFor,
    /// Registrations to make (name, party size), to show a filling program.
    patrons: &'static [(&'static str, i64)],
}

const PROGRAMS: &[DemoProgram] = &[
    DemoProgram {
        title: "Fire-safety storytime",
        description: "Firefighters from Station No. 2 read two stories, teach the stop-drop-and-roll song, and bring the engine to the car park.",
        room: 2,
        in_days: 3,
        weekday: Weekday::Sat,
        starts: (10, 30),
        ends: (11, 15),
        weeks: Some(4),
        capacity: 24,
        registration: Registration::Required,
        party_limit: 4,
        presenters: &["Millbrook Fire Station No. 2"],
        audiences: &[Audience::Families, Audience::Children],
        goals: &[Goal::EarlyChildhood, Goal::Health],
        register_for: RegisterFor::Session,
        patrons: &[("Priya Shah", 3), ("Tom Becker", 2)],
    },
    DemoProgram {
        title: "Baby lapsit",
        description: "Rhymes, bounces and board books for babies up to 18 months and their grown-ups.",
        room: 1,
        in_days: 1,
        weekday: Weekday::Wed,
        starts: (9, 30),
        ends: (10, 0),
        weeks: None,
        capacity: 8,
        registration: Registration::Required,
        party_limit: 3,
        presenters: &[],
        audiences: &[Audience::Families],
        goals: &[Goal::EarlyChildhood, Goal::Literacy],
        register_for: RegisterFor::Session,
        patrons: &[("Maria Gomez", 2), ("Jen Park", 2), ("Sam Okafor", 3)],
    },
    DemoProgram {
        title: "Budgeting basics",
        description: "A plain-language evening on building a monthly budget, led by the credit union's financial counselors. Bring questions; no sales pitch.",
        room: 0,
        in_days: 5,
        weekday: Weekday::Tue,
        starts: (18, 30),
        ends: (20, 0),
        weeks: None,
        capacity: 40,
        registration: Registration::Optional,
        party_limit: 2,
        presenters: &["Millbrook Community Credit Union"],
        audiences: &[Audience::Adults],
        goals: &[Goal::Business],
        register_for: RegisterFor::Session,
        patrons: &[("Robert Lin", 1)],
    },
    DemoProgram {
        title: "Knit & chat",
        description: "Bring a project or learn to cast on; Purl & Skein brings needles and yarn for beginners.",
        room: 0,
        in_days: 2,
        weekday: Weekday::Thu,
        starts: (14, 0),
        ends: (15, 30),
        weeks: Some(6),
        capacity: 20,
        registration: Registration::Open,
        party_limit: 1,
        presenters: &["Purl & Skein Yarn Shop"],
        audiences: &[Audience::Adults, Audience::Seniors],
        goals: &[Goal::Seniors, Goal::Arts],
        register_for: RegisterFor::Session,
        patrons: &[],
    },
    DemoProgram {
        title: "Teen comic club",
        description: "Draw your own comic over six weeks with artists from Panel Gap Comics. One registration covers the whole series.",
        room: 3,
        in_days: 2,
        weekday: Weekday::Thu,
        starts: (16, 0),
        ends: (17, 30),
        weeks: Some(6),
        capacity: 15,
        registration: Registration::Required,
        party_limit: 1,
        presenters: &["Panel Gap Comics"],
        audiences: &[Audience::Teens],
        goals: &[Goal::Teens, Goal::Arts],
        register_for: RegisterFor::Series,
        patrons: &[("Ava Nguyen", 1), ("Leo Martin", 1)],
    },
];

fn first_day(in_days: i64, weekday: Weekday) -> time::Date {
    let mut d = time::OffsetDateTime::now_utc().date() + time::Duration::days(in_days);
    while crate::when::weekday(d) != weekday {
        d = d.next_day().expect("far from the end of time");
    }
    d
}

/// Adds the demo rooms and programs when there are no rooms.
pub async fn seed(state: &AppState, staff: Option<i64>) -> Result<(), AppError> {
    let db: &Db = &state.db;
    if !repo::rooms(db).await?.is_empty() {
        return Ok(());
    }
    let Some(staff) = staff else {
        return Ok(());
    };
    let branches: Vec<(i64, String)> = sqlx::query_as("select id, name from branches")
        .fetch_all(&db.pool)
        .await?;
    let mut rooms = Vec::new();
    for (branch, name, capacity, access) in ROOMS {
        let Some((id, _)) = branches.iter().find(|(_, n)| n == branch) else {
            return Ok(());
        };
        rooms.push(repo::add_room(db, *id, name, *capacity, Some(access)).await?);
    }
    let offset = state.zone;
    let site = Site::of(state);
    for d in PROGRAMS {
        let mut presenters = Vec::new();
        for name in d.presenters {
            let id: Option<i64> = sqlx::query_scalar("select id from partners where name = $1")
                .bind(name)
                .fetch_optional(&db.pool)
                .await?;
            presenters.extend(id);
        }
        let first = first_day(d.in_days, d.weekday);
        let p = NewProgram {
            title: d.title.into(),
            description: d.description.into(),
            audiences: Set::of(d.audiences),
            goals: Set::of(d.goals),
            venue: Venue::Room(rooms[d.room]),
            first_day: first,
            starts: time::Time::from_hms(d.starts.0, d.starts.1, 0).expect("demo time"),
            ends: time::Time::from_hms(d.ends.0, d.ends.1, 0).expect("demo time"),
            capacity: d.capacity,
            registration: d.registration,
            party_limit: d.party_limit,
            presenters,
            other_presenters: None,
            setup_minutes: 15,
            teardown_minutes: 15,
            repeat: d.weeks.map(|n| Repeat {
                days: Set::of(&[d.weekday]),
                until: first + time::Duration::days(7 * n - 1),
            }),
            register_for: d.register_for,
            publish: true,
        };
        let id = schedule::create(db, &p, offset, staff).await?;
        for (name, party) in d.patrons {
            let email = format!("{}@patrons.example", name.to_lowercase().replace(' ', "."));
            let form = RegisterForm {
                name: (*name).into(),
                email,
                party_size: party.to_string(),
                needs: String::new(),
                ..Default::default()
            };
            booking::register(db, &site, id, &form, None).await?;
        }
    }
    Ok(())
}
