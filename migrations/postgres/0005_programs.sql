-- Programs: rooms at branches, programs (single sessions or weekly series) with partner
-- presenters, and patrons' registrations with a waitlist.

create table rooms (
    id            bigint generated always as identity primary key,
    branch_id     bigint not null references branches (id),
    name          text not null,
    name_key      text not null,
    capacity      bigint not null check (capacity > 0),
    accessibility text,
    created_at    bigint not null,
    updated_at    bigint not null,
    constraint rooms_name_once unique (branch_id, name_key)
);

create table programs (
    id               bigint generated always as identity primary key,
    -- The first session of a weekly series (itself included); null for a single program.
    series_id        bigint references programs (id),
    -- 'series': one registration covers every session, held by the first; 'session': each
    -- session takes its own.
    register_for     text not null default 'session' check (register_for in ('series', 'session')),
    title            text not null,
    description      text not null default '',
    audiences        bigint not null default 0,
    goals            bigint not null default 0,
    branch_id        bigint references branches (id),
    room_id          bigint references rooms (id),
    address          text,
    starts_at        bigint not null,
    ends_at          bigint not null,
    setup_minutes    bigint not null default 0 check (setup_minutes >= 0),
    teardown_minutes bigint not null default 0 check (teardown_minutes >= 0),
    capacity         bigint not null check (capacity > 0),
    registration     text not null check (registration in ('required', 'optional', 'none')),
    party_limit      bigint not null default 4 check (party_limit > 0),
    other_presenters text,
    status           text not null default 'draft' check (status in ('draft', 'published', 'cancelled')),
    seats_taken      bigint not null default 0 check (seats_taken >= 0),
    waitlist_next    bigint not null default 0,
    created_by       bigint references users (id) on delete set null,
    created_at       bigint not null,
    updated_at       bigint not null,
    check (ends_at > starts_at),
    check (seats_taken <= capacity),
    check (room_id is not null or address is not null)
);
create index programs_by_time on programs (status, starts_at);
create index programs_by_room on programs (room_id, starts_at);
create index programs_by_series on programs (series_id, starts_at);

create table program_presenters (
    program_id bigint not null references programs (id) on delete cascade,
    partner_id bigint not null references partners (id),
    primary key (program_id, partner_id)
);
create index presenters_by_partner on program_presenters (partner_id);

create table registrations (
    id          bigint generated always as identity primary key,
    program_id  bigint not null references programs (id),
    name        text not null,
    email       text not null,
    party_size  bigint not null check (party_size > 0),
    needs       text,
    state       text not null check (state in ('confirmed', 'waiting', 'cancelled')),
    -- Order on the waitlist (from the program's counter); kept after promotion for the record.
    waitlist_seq bigint,
    -- The manage link is a keyed hash of this nonce (so it can be mailed again); only the
    -- link's SHA-256 is looked up.
    token_nonce text not null,
    token_hash  text not null,
    attendance  text check (attendance in ('attended', 'no_show')),
    reminded_at bigint,
    created_at  bigint not null,
    updated_at  bigint not null,
    constraint registrations_token_once unique (token_hash)
);
-- One live registration per e-mail per program: a second one is refused by the database.
create unique index registrations_once on registrations (program_id, email) where state <> 'cancelled';
create index registrations_by_state on registrations (program_id, state, waitlist_seq);

-- One row every schedule change updates first: publishing programs is serialised, so two
-- librarians cannot book the same room or presenter at once.
create table schedule_lock (
    id      bigint primary key,
    version bigint not null
);
insert into schedule_lock (id, version) values (1, 0);

-- A message may carry one text attachment (a registration's .ics).
alter table outbox add column attachment_name text;
alter table outbox add column attachment_type text;
alter table outbox add column attachment_body text;

-- A poll may ask for feedback on a program.
alter table polls add column program_id bigint references programs (id);
create index polls_by_program on polls (program_id);
