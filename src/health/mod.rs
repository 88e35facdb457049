//! Partnership health: a score from 0 to 100 per partner, from how recently the library was
//! in touch, how the partner answers asks, what it delivered and whether the library kept its
//! own promises; with the reasons in words and the risks that put a partner on the staff home.

pub mod model;
#[cfg(feature = "ssr")]
pub mod repo;
