-- Users, global roles, API resources and applications (owned by the users / RBAC / applications task).

-- Logto treats emails as case-insensitive when checking uniqueness (`lower(primary_email)`); the index keeps
-- concurrent creations with the same address (in any case) down to one row.
create unique index users_primary_email_lower on users (lower(primary_email));

-- How `password_hash` was produced: null = the emulator's own hash (src/passwords.ts); otherwise one of
-- Logto's `passwordAlgorithm` values, for digests imported through `passwordDigest`.
alter table users add column password_encryption_method varchar(32);

-- Logto applications carry `customData` (a JSON object).
alter table applications add column custom_data jsonb not null default '{}';

-- Logto lists scopes and application secrets without an ORDER BY (insertion order in practice).
alter table scopes add column seq bigserial;
alter table application_secrets add column seq bigserial;
