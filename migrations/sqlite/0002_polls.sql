-- Patron polls: options, one ballot per voter per poll, library cards and one-time codes.

create table polls (
    id          integer primary key autoincrement,
    slug        text not null,
    question    text not null,
    description text,
    choice      text not null check (choice in ('single', 'multiple')),
    max_choices integer not null,
    opens_at    integer not null,
    closes_at   integer,
    closed_at   integer,
    visibility  text not null check (visibility in ('live', 'after_vote', 'after_close')),
    voter_check text not null check (voter_check in ('browser', 'card', 'code')),
    goals       integer not null default 0,
    offerings   integer not null default 0,
    created_by  integer references users (id) on delete set null,
    created_at  integer not null,
    updated_at  integer not null,
    constraint polls_slug_key unique (slug)
);
create index polls_opens on polls (opens_at);

create table poll_options (
    id       integer primary key autoincrement,
    poll_id  integer not null references polls (id) on delete cascade,
    position integer not null,
    label    text not null,
    constraint poll_options_position unique (poll_id, position)
);

-- A voter is a keyed hash (of a browser's voter id, a card number or a code): never the
-- number itself. The unique constraint is what makes a duplicate ballot impossible.
create table ballots (
    id         integer primary key autoincrement,
    poll_id    integer not null references polls (id) on delete cascade,
    voter      text not null,
    choices    text not null,
    cast_at    integer not null,
    changed_at integer not null,
    revisions  integer not null default 0,
    constraint ballots_once unique (poll_id, voter)
);
create index ballots_poll_choices on ballots (poll_id, choices);

create table library_cards (
    card_hash text primary key
);

create table poll_codes (
    code_hash text primary key,
    poll_id   integer not null references polls (id) on delete cascade,
    batch     integer not null,
    used_at   integer
);
create index poll_codes_poll on poll_codes (poll_id, batch);
