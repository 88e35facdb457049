-- Asks to partners, the outbox that mails them, and the recognition the library promises back.

-- Whether a partner agreed to be named in public (the sponsor wall, the flyer).
alter table partners add column listed_publicly bigint not null default 0;

-- Partnership health, kept current by every logged contact and once a day (see src/health).
alter table partners add column health_score bigint;
alter table partners add column health_reasons text not null default '';
alter table partners add column health_risks text not null default '';
create index partners_health on partners (archived, health_score);

create table outbox (
    id              bigint generated always as identity primary key,
    to_address      text not null,
    to_name         text,
    subject         text not null,
    body            text not null,
    -- What the message is about, for the staff view: 'ask', 'registration', ...
    topic           text not null,
    state           text not null default 'queued' check (state in ('queued', 'sent', 'logged', 'failed')),
    attempts        bigint not null default 0,
    next_attempt_at bigint not null,
    -- A worker holds a message it is sending until this time; after it, another may retry.
    lease_until     bigint,
    last_error      text,
    created_at      bigint not null,
    sent_at         bigint
);
create index outbox_due on outbox (state, next_attempt_at);
create index outbox_recent on outbox (created_at, id);

create table ask_templates (
    id         bigint generated always as identity primary key,
    name       text not null,
    kind       text not null,
    subject    text not null,
    body       text not null,
    updated_at bigint not null,
    constraint ask_templates_name_once unique (name)
);

create table asks (
    id            bigint generated always as identity primary key,
    partner_id    bigint not null references partners (id) on delete cascade,
    need_id       bigint references needs (id) on delete set null,
    contact_name  text not null,
    contact_email text not null,
    kind          text not null,
    subject       text not null,
    message       text not null,
    in_return     text not null default '',
    reply_by      text not null,
    status        text not null default 'draft'
                  check (status in ('draft', 'sent', 'accepted', 'declined', 'proposed', 'fulfilled')),
    token_hash    text,
    sent_at       bigint,
    expires_at    bigint,
    answer_note   text,
    proposed_on   text,
    answered_at   bigint,
    answers       bigint not null default 0,
    fulfilled_at  bigint,
    created_by    bigint references users (id) on delete set null,
    created_at    bigint not null,
    updated_at    bigint not null,
    constraint asks_token_once unique (token_hash)
);
create index asks_by_status on asks (status, sent_at, id);
create index asks_by_partner on asks (partner_id, sent_at);

create table recognitions (
    id           bigint generated always as identity primary key,
    partner_id   bigint not null references partners (id) on delete cascade,
    ask_id       bigint references asks (id) on delete set null,
    kind         text not null,
    note         text,
    due_on       text not null,
    fulfilled_on text,
    created_at   bigint not null,
    -- One item of each kind per ask: a second "yes" does not promise twice.
    constraint recognitions_once_per_ask unique (ask_id, kind)
);
create index recognitions_by_partner on recognitions (partner_id, due_on);
create index recognitions_by_due on recognitions (fulfilled_on, due_on);

-- Three starting templates; staff edit them or add their own. {placeholders} are filled in
-- from the need, the partner and the contact when an ask is drafted.
insert into ask_templates (name, kind, subject, body, updated_at) values
('Refreshments for an event', 'refreshments', 'Could {partner} bring refreshments to {need}?',
'Dear {contact},

{branch} is hosting {need} ({dates}), and neighbours always linger longer when there is
something good to eat. Would {partner} be willing to provide refreshments for the evening?

In return, the library would be glad to offer: {in_return}.

You can answer with one click at the link below by {reply_by}: accept, decline, or suggest
a date that suits you better.

With thanks,
{library}', 0),
('Invitation to present', 'presentation', 'An invitation to present at {need}',
'Dear {contact},

Our patrons keep asking about topics {partner} knows well. We are planning {need} at
{branch} ({dates}) and would love one of your people to lead it: a talk, a demonstration
or a hands-on session, whatever suits you.

In return, the library would be glad to offer: {in_return}.

Please let us know by {reply_by} through the link below. If the date does not work,
propose another one there.

Warm regards,
{library}', 0),
('Sponsorship donation', 'sponsorship', 'A small gift toward {need}?',
'Dear {contact},

The library is gathering supplies for {need} ({dates}). A modest donation from
{partner} would go straight to the materials participants use and take home.

Sponsors are thanked in public: {in_return}.

Could you tell us by {reply_by}, using the link below, whether {partner} would like to
take part? Any amount helps, and declining is perfectly fine.

Gratefully,
{library}', 0);
