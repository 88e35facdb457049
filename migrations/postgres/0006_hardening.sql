-- What the library's daily cap per recipient kept back is kept too, as 'withheld', so staff see
-- it in the outbox (and may send it anyway).
alter table outbox drop constraint outbox_state_check;
alter table outbox add constraint outbox_state_check
    check (state in ('queued', 'sent', 'logged', 'failed', 'withheld'));
-- The daily cap counts what one address was sent about one topic.
create index outbox_recipient on outbox (to_address, topic, created_at);

-- Reminders for the later sessions of a series booked as one (the registration sits on the
-- first session, whose reminder is `registrations.reminded_at`): one row per reminder sent,
-- so each goes once, even with several app servers.
create table session_reminders (
    registration_id bigint not null references registrations (id),
    program_id      bigint not null references programs (id),
    sent_at         bigint not null,
    primary key (registration_id, program_id)
);
