-- Corrections: when staff last reworded a poll after voting began (shown on its staff page).
alter table polls add column wording_edited_at bigint;
