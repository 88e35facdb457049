-- Which client made a registration, as a keyed hash of its network address (never the address
-- itself), so staff can see many bookings from one place in a short time and cancel them.
alter table registrations add column client_key text;
create index registrations_client on registrations (program_id, client_key);
