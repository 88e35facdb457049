-- Branches and the needs librarians record for them.

create table branches (
    id         bigint generated always as identity primary key,
    name       text not null,
    name_key   text not null,
    address    text,
    latitude   double precision,
    longitude  double precision,
    created_at bigint not null,
    updated_at bigint not null,
    constraint branches_name_once unique (name_key)
);

create table needs (
    id          bigint generated always as identity primary key,
    title       text not null,
    offering    text not null,
    goals       bigint not null default 0,
    audiences   bigint not null default 0,
    branch_id   bigint not null references branches (id),
    starts_on   text not null,
    ends_on     text not null,
    time_of_day text not null check (time_of_day in ('any', 'morning', 'afternoon', 'evening')),
    notes       text,
    status      text not null default 'open' check (status in ('open', 'filled', 'cancelled')),
    poll_id     bigint references polls (id) on delete set null,
    created_by  bigint references users (id) on delete set null,
    created_at  bigint not null,
    updated_at  bigint not null,
    check (ends_on >= starts_on)
);
create index needs_by_status on needs (status, starts_on, id);
create index needs_by_branch on needs (branch_id, status);
