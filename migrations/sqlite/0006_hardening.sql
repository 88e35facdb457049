-- What the library's daily cap per recipient kept back is kept too, as 'withheld', so staff see
-- it in the outbox (and may send it anyway). SQLite cannot change a check constraint in place:
-- the table is rebuilt with the same columns.
create table outbox_next (
    id              integer primary key autoincrement,
    to_address      text not null,
    to_name         text,
    subject         text not null,
    body            text not null,
    -- What the message is about, for the staff view: 'ask', 'registration', ...
    topic           text not null,
    state           text not null default 'queued' check (state in ('queued', 'sent', 'logged', 'failed', 'withheld')),
    attempts        integer not null default 0,
    next_attempt_at integer not null,
    -- A worker holds a message it is sending until this time; after it, another may retry.
    lease_until     integer,
    last_error      text,
    created_at      integer not null,
    sent_at         integer,
    attachment_name text,
    attachment_type text,
    attachment_body text
);
insert into outbox_next (id, to_address, to_name, subject, body, topic, state, attempts, next_attempt_at,
    lease_until, last_error, created_at, sent_at, attachment_name, attachment_type, attachment_body)
select id, to_address, to_name, subject, body, topic, state, attempts, next_attempt_at,
    lease_until, last_error, created_at, sent_at, attachment_name, attachment_type, attachment_body
from outbox;
drop table outbox;
alter table outbox_next rename to outbox;
create index outbox_due on outbox (state, next_attempt_at);
create index outbox_recent on outbox (created_at, id);
-- The daily cap counts what one address was sent about one topic.
create index outbox_recipient on outbox (to_address, topic, created_at);

-- Reminders for the later sessions of a series booked as one (the registration sits on the
-- first session, whose reminder is `registrations.reminded_at`): one row per reminder sent,
-- so each goes once, even with several app servers.
create table session_reminders (
    registration_id integer not null references registrations (id),
    program_id      integer not null references programs (id),
    sent_at         integer not null,
    primary key (registration_id, program_id)
);
