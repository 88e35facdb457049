-- Staff, sessions, partners, interactions and public sign-ups.

create table settings (
    key   text primary key,
    value text not null
);

create table users (
    id            integer primary key autoincrement,
    email         text not null,
    name          text not null,
    role          text not null check (role in ('admin', 'staff')),
    password_hash text not null,
    active        integer not null default 1,
    created_at    integer not null,
    constraint users_email_key unique (email)
);

create table sessions (
    id_hash      text primary key,
    user_id      integer not null references users (id) on delete cascade,
    created_at   integer not null,
    last_seen_at integer not null
);
create index sessions_user on sessions (user_id);

create table rate_events (
    bucket text not null,
    at     integer not null
);
create index rate_events_bucket_at on rate_events (bucket, at);

create table partners (
    id           integer primary key autoincrement,
    name         text not null,
    name_key     text not null,
    kind         text not null,
    description  text,
    street       text,
    neighborhood text,
    latitude     real,
    longitude    real,
    website      text,
    offerings    integer not null default 0,
    goals        integer not null default 0,
    audiences    integer not null default 0,
    availability integer not null default 0,
    stage        text not null,
    tags         text not null default '',
    notes        text,
    archived     integer not null default 0,
    search_text  text not null default '',
    created_at   integer not null,
    updated_at   integer not null
);
-- The directory filters and counts from this index alone, without reading whole rows.
create index partners_listing on partners (archived, name_key, id, kind, stage, offerings, goals, audiences, neighborhood);
create index partners_neighborhoods on partners (archived, neighborhood);
create index partners_updated on partners (archived, updated_at);

create table contacts (
    id         integer primary key autoincrement,
    partner_id integer not null references partners (id) on delete cascade,
    position   integer not null,
    name       text not null,
    role       text,
    email      text,
    phone      text
);
create index contacts_partner on contacts (partner_id, position);

create table interactions (
    id          integer primary key autoincrement,
    partner_id  integer not null references partners (id) on delete cascade,
    occurred_on text not null,
    kind        text not null,
    note        text not null,
    staff_id    integer references users (id) on delete set null,
    created_at  integer not null
);
create index interactions_partner on interactions (partner_id, occurred_on, id);

create table signups (
    id             integer primary key autoincrement,
    org_name       text not null,
    org_key        text not null,
    email_key      text not null,
    kind           text not null,
    website        text,
    street         text,
    neighborhood   text,
    contact_name   text not null,
    contact_role   text,
    contact_email  text not null,
    contact_phone  text,
    offerings      integer not null default 0,
    goals          integer not null default 0,
    audiences      integer not null default 0,
    availability   integer not null default 0,
    message        text,
    status         text not null default 'pending' check (status in ('pending', 'approved', 'declined')),
    decline_reason text,
    partner_id     integer references partners (id) on delete set null,
    reviewed_by    integer references users (id) on delete set null,
    reviewed_at    integer,
    submissions    integer not null default 1,
    created_at     integer not null,
    updated_at     integer not null
);
-- One pending sign-up per organization and e-mail: a second one updates the first.
create unique index signups_pending_once on signups (org_key, email_key) where status = 'pending';
create index signups_status on signups (status, created_at);
