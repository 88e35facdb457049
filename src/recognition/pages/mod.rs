//! The recognition pages: the staff ledger, a partner's items, the sponsor wall and the flyer.

mod ledger;
mod public;

pub use ledger::{PartnerRecognitionSection, RecognitionPage};
pub use public::{FlyerPage, SponsorsPage};
