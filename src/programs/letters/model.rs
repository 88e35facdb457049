//! The e-mails patrons get about their registrations, as plain text.

use crate::programs::booking::model::RegState;

/// What every letter about one registration needs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct About<'a> {
    pub library: &'a str,
    pub name: &'a str,
    pub title: &'a str,
    pub when: &'a str,
    pub place: &'a str,
    pub party_size: i64,
    pub manage_url: &'a str,
    pub ics_url: &'a str,
}

fn people(n: i64) -> String {
    if n == 1 {
        "1 person".into()
    } else {
        format!("{n} people")
    }
}

fn footer(a: &About) -> String {
    format!(
        "\n\nSee, change or cancel your registration: {}\nAdd it to your calendar: {}\n\n{}",
        a.manage_url, a.ics_url, a.library
    )
}

/// The subject and body sent when someone registers.
pub fn registered(a: &About, state: RegState, position: Option<i64>) -> (String, String) {
    match state {
        RegState::Waiting => (
            format!("Waitlist: {}", a.title),
            format!(
                "Hello {},\n\n{} is full, so your party of {} is on the waitlist, number {}. \
                 If seats open up we will register you in waitlist order and write to you.\n\n{}\n{}{}",
                a.name,
                a.title,
                people(a.party_size),
                position.unwrap_or(1),
                a.when,
                a.place,
                footer(a)
            ),
        ),
        _ => (
            format!("You are registered: {}", a.title),
            format!(
                "Hello {},\n\nYou are registered for {}, {}.\n\n{}\n{}\n\n\
                 If your plans change, please cancel so someone on the waitlist can come.{}",
                a.name,
                a.title,
                people(a.party_size),
                a.when,
                a.place,
                footer(a)
            ),
        ),
    }
}

/// Sent when a place opens up for someone on the waitlist.
pub fn promoted(a: &About) -> (String, String) {
    (
        format!("A place opened up: {}", a.title),
        format!(
            "Hello {},\n\nGood news: seats opened up and your party of {} is now registered for {}.\n\n{}\n{}\n\n\
             If you can no longer come, please cancel so the next family can.{}",
            a.name,
            people(a.party_size),
            a.title,
            a.when,
            a.place,
            footer(a)
        ),
    )
}

/// Sent to everyone registered when the library cancels a program.
pub fn program_cancelled(a: &About, note: Option<&str>) -> (String, String) {
    (
        format!("Cancelled: {}", a.title),
        format!(
            "Hello {},\n\nWe are sorry: {} on {} is cancelled. You do not need to do anything; \
             your registration is closed.{}\n\n{}",
            a.name,
            a.title,
            a.when,
            library_note(note),
            a.library
        ),
    )
}

/// A librarian's note in a letter, as its own paragraph; nothing without one.
fn library_note(note: Option<&str>) -> String {
    note.map(str::trim)
        .filter(|n| !n.is_empty())
        .map(|n| format!("\n\nA note from the library: {n}"))
        .unwrap_or_default()
}

/// One session of a series booked as one is cancelled; the booking stands for the others.
pub fn session_cancelled(a: &About, note: Option<&str>) -> (String, String) {
    (
        format!("Cancelled: one session of {}", a.title),
        format!(
            "Hello {},\n\nWe are sorry: the session of {} on {} is cancelled. Your registration \
             for the other sessions stands; you do not need to do anything.{}{}",
            a.name,
            a.title,
            a.when,
            library_note(note),
            footer(a)
        ),
    )
}

/// A party cancelled its registration through its manage link: the confirmation.
pub fn registration_cancelled(a: &About) -> (String, String) {
    (
        format!("Cancelled: your registration for {}", a.title),
        format!(
            "Hello {},\n\nAs you asked, your registration for {} ({}) on {} is cancelled. Thank \
             you for letting us know: the seats go to the next people on the waitlist.\n\n\
             Changed your mind? You can register again on the library's programs page while \
             seats are left.\n\n{}",
            a.name,
            a.title,
            people(a.party_size),
            a.when,
            a.library
        ),
    )
}

/// The reminder sent before a program.
pub fn reminder(a: &About) -> (String, String) {
    (
        format!("Reminder: {}", a.title),
        format!(
            "Hello {},\n\nA reminder that your party of {} is registered for {}.\n\n{}\n{}{}",
            a.name,
            people(a.party_size),
            a.title,
            a.when,
            a.place,
            footer(a)
        ),
    )
}

/// Sent when someone asks for their manage link again.
pub fn link_again(a: &About) -> (String, String) {
    (
        format!("Your registration: {}", a.title),
        format!(
            "Hello {},\n\nHere is the link to your registration for {}, as asked.{}",
            a.name,
            a.title,
            footer(a)
        ),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn about() -> About<'static> {
        About {
            library: "Millbrook Public Library",
            name: "Ana",
            title: "Storytime",
            when: "Saturday, December 5, 2026, 10:30 AM–11:15 AM",
            place: "Central, Story Room",
            party_size: 3,
            manage_url: "https://lib.example/programs/manage/abc",
            ics_url: "https://lib.example/programs/7.ics",
        }
    }

    #[test]
    fn letters_carry_the_links_and_the_facts() {
        let (s, b) = registered(&about(), RegState::Waiting, Some(2));
        assert_eq!(s, "Waitlist: Storytime");
        assert!(b.contains("3 people") && b.contains("number 2"));
        assert!(b.contains("https://lib.example/programs/manage/abc"));
        let (s, b) = registered(&about(), RegState::Confirmed, None);
        assert_eq!(s, "You are registered: Storytime");
        assert!(b.contains("https://lib.example/programs/7.ics"));
        let (_, b) = promoted(&about());
        assert!(b.contains("now registered"));
        let (_, b) = program_cancelled(&about(), None);
        assert!(b.contains("is cancelled") && !b.contains("manage"));
    }
}
