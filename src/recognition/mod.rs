//! Recognition: what the library promised partners in return (a flyer mention, a sign, a
//! place on the sponsor wall), the public sponsor wall, and the printable monthly flyer.

pub mod api;
pub mod model;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod repo;
pub mod site;
