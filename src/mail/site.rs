//! The mail pages in the site map (`crate::site`): path, who may open each, menu entries.

use super::pages::{OutboxMessagePage, OutboxPage};

crate::pages! {
    "/staff/outbox" => OutboxPage lazy OutboxRoute, Staff, nav(Staff, 75, "Outbox");
    "/staff/outbox/:id" => OutboxMessagePage lazy OutboxMessageRoute, Staff;
}
