-- The tenant's sign-in experience (Logto's `sign_in_experiences`, one row `default`) and the verification
-- codes the emulator's sign-in and sign-up pages send (Logto keeps these in its verification records).

-- Only the stored configuration: a missing row means the emulator's defaults (src/oidc/sign-in-experience.ts),
-- so a reset (which truncates every table) brings the defaults back.
create table sign_in_experiences (
  id varchar(21) primary key,
  data jsonb not null
);

-- One pending identifier verification per sign-in interaction (oidc-provider's interaction uid): the flow
-- (`register` or `signIn`), the identifier, the code sent to it (null for a username, which verifies nothing),
-- the wrong tries so far and when it was verified. Starting over in the same interaction replaces the row;
-- finishing the flow deletes it.
create table experience_verifications (
  interaction_uid varchar(128) primary key,
  flow varchar(16) not null,
  identifier_type varchar(16) not null,
  identifier varchar(256) not null,
  code varchar(16),
  failed_attempts integer not null default 0,
  sent_at bigint not null,
  verified_at bigint
);
