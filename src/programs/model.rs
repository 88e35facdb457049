//! What every part of programs says about a program: whether patrons register, where it
//! stands, and how a series is booked. Pure, shared by both sides.

use serde::{Deserialize, Serialize};

use crate::vocab::{vocab, Vocab};

vocab! {
    /// Whether patrons register for a program.
    Registration {
        Required = "required", "Registration required";
        Optional = "optional", "Registration optional";
        Open = "none", "No registration: drop in";
    }
}

vocab! {
    /// Where a program stands.
    ProgramStatus {
        Draft = "draft", "Draft";
        Published = "published", "Published";
        Cancelled = "cancelled", "Cancelled";
    }
}

vocab! {
    /// How a weekly series is booked.
    RegisterFor {
        Series = "series", "Once for every session";
        Session = "session", "Each session on its own";
    }
}
