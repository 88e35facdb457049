-- Patron polls: options, one ballot per voter per poll, library cards and one-time codes.

create table polls (
    id          bigint generated always as identity primary key,
    slug        text not null,
    question    text not null,
    description text,
    choice      text not null check (choice in ('single', 'multiple')),
    max_choices bigint not null,
    opens_at    bigint not null,
    closes_at   bigint,
    closed_at   bigint,
    visibility  text not null check (visibility in ('live', 'after_vote', 'after_close')),
    voter_check text not null check (voter_check in ('browser', 'card', 'code')),
    goals       bigint not null default 0,
    offerings   bigint not null default 0,
    created_by  bigint references users (id) on delete set null,
    created_at  bigint not null,
    updated_at  bigint not null,
    constraint polls_slug_key unique (slug)
);
create index polls_opens on polls (opens_at);

create table poll_options (
    id       bigint generated always as identity primary key,
    poll_id  bigint not null references polls (id) on delete cascade,
    position bigint not null,
    label    text not null,
    constraint poll_options_position unique (poll_id, position)
);

-- A voter is a keyed hash (of a browser's voter id, a card number or a code): never the
-- number itself. The unique constraint is what makes a duplicate ballot impossible.
create table ballots (
    id         bigint generated always as identity primary key,
    poll_id    bigint not null references polls (id) on delete cascade,
    voter      text not null,
    choices    text not null,
    cast_at    bigint not null,
    changed_at bigint not null,
    revisions  bigint not null default 0,
    constraint ballots_once unique (poll_id, voter)
);
create index ballots_poll_choices on ballots (poll_id, choices);

create table library_cards (
    card_hash text primary key
);

create table poll_codes (
    code_hash text primary key,
    poll_id   bigint not null references polls (id) on delete cascade,
    batch     bigint not null,
    used_at   bigint
);
create index poll_codes_poll on poll_codes (poll_id, batch);
