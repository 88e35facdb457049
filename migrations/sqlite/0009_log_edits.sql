-- Corrections to a partner's log: when an entry was last edited, and by whom.
alter table interactions add column edited_at integer;
alter table interactions add column edited_by integer references users (id) on delete set null;
