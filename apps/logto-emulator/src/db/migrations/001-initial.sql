-- The emulator's storage: the subset of Logto's schema this project uses. Times are epoch milliseconds.
-- Tenant is always "default" (added when serialising). Names follow Logto's tables.

create table users (
  id varchar(12) primary key,
  username varchar(128) unique,
  primary_email varchar(128) unique,
  primary_phone varchar(128) unique,
  password_hash text,
  name varchar(128),
  avatar varchar(2048),
  profile jsonb not null default '{}',
  custom_data jsonb not null default '{}',
  identities jsonb not null default '{}',
  application_id varchar(21),
  is_suspended boolean not null default false,
  last_sign_in_at bigint,
  created_at bigint not null,
  updated_at bigint not null,
  seq bigserial
);
create index users_created_at on users (created_at desc, seq desc);

create table applications (
  id varchar(21) primary key,
  name varchar(256) not null,
  description text,
  type varchar(32) not null check (type in ('Native', 'SPA', 'Traditional', 'MachineToMachine', 'Protected', 'SAML')),
  secret varchar(64) not null,
  oidc_client_metadata jsonb not null default '{"redirectUris":[],"postLogoutRedirectUris":[]}',
  custom_client_metadata jsonb not null default '{}',
  is_third_party boolean not null default false,
  created_at bigint not null,
  seq bigserial
);

create table application_secrets (
  application_id varchar(21) not null references applications (id) on delete cascade,
  name varchar(256) not null,
  value varchar(64) not null,
  created_at bigint not null,
  expires_at bigint,
  primary key (application_id, name)
);

create table resources (
  id varchar(21) primary key,
  name text not null,
  indicator text not null unique,
  is_default boolean not null default false,
  access_token_ttl bigint not null default 3600,
  seq bigserial
);

create table scopes (
  id varchar(21) primary key,
  resource_id varchar(21) not null references resources (id) on delete cascade,
  name varchar(256) not null,
  description text,
  created_at bigint not null,
  unique (resource_id, name)
);

create table roles (
  id varchar(21) primary key,
  name varchar(128) not null unique,
  description varchar(128) not null,
  type varchar(32) not null default 'User' check (type in ('User', 'MachineToMachine')),
  is_default boolean not null default false,
  seq bigserial
);

create table roles_scopes (
  role_id varchar(21) not null references roles (id) on delete cascade,
  scope_id varchar(21) not null references scopes (id) on delete cascade,
  primary key (role_id, scope_id)
);

create table users_roles (
  user_id varchar(12) not null references users (id) on delete cascade,
  role_id varchar(21) not null references roles (id) on delete cascade,
  primary key (user_id, role_id)
);

create table applications_roles (
  application_id varchar(21) not null references applications (id) on delete cascade,
  role_id varchar(21) not null references roles (id) on delete cascade,
  primary key (application_id, role_id)
);

create table organizations (
  id varchar(12) primary key,
  name varchar(128) not null,
  description varchar(256),
  custom_data jsonb not null default '{}',
  is_mfa_required boolean not null default false,
  color jsonb not null default '{}',
  branding jsonb not null default '{}',
  custom_css text,
  created_at bigint not null,
  seq bigserial
);

create table organization_scopes (
  id varchar(21) primary key,
  name varchar(128) not null unique,
  description varchar(256)
);

create table organization_roles (
  id varchar(21) primary key,
  name varchar(128) not null unique,
  description varchar(256),
  type varchar(32) not null default 'User' check (type in ('User', 'MachineToMachine'))
);

create table organization_role_scope_relations (
  organization_role_id varchar(21) not null references organization_roles (id) on delete cascade,
  organization_scope_id varchar(21) not null references organization_scopes (id) on delete cascade,
  primary key (organization_role_id, organization_scope_id)
);

create table organization_role_resource_scope_relations (
  organization_role_id varchar(21) not null references organization_roles (id) on delete cascade,
  scope_id varchar(21) not null references scopes (id) on delete cascade,
  primary key (organization_role_id, scope_id)
);

create table organization_user_relations (
  organization_id varchar(12) not null references organizations (id) on delete cascade,
  user_id varchar(12) not null references users (id) on delete cascade,
  created_at bigint not null,
  primary key (organization_id, user_id)
);
create index organization_user_relations_user on organization_user_relations (user_id);

create table organization_role_user_relations (
  organization_id varchar(12) not null,
  organization_role_id varchar(21) not null references organization_roles (id) on delete cascade,
  user_id varchar(12) not null,
  primary key (organization_id, organization_role_id, user_id),
  foreign key (organization_id, user_id) references organization_user_relations (organization_id, user_id) on delete cascade
);
create index organization_role_user_relations_user on organization_role_user_relations (organization_id, user_id);

create table organization_invitations (
  id varchar(21) primary key,
  inviter_id varchar(12) references users (id) on delete cascade,
  invitee varchar(256) not null,
  accepted_user_id varchar(12) references users (id) on delete cascade,
  organization_id varchar(12) not null references organizations (id) on delete cascade,
  status varchar(32) not null check (status in ('Pending', 'Accepted', 'Expired', 'Revoked')),
  created_at bigint not null,
  updated_at bigint not null,
  expires_at bigint not null
);
create unique index organization_invitations_pending_unique
  on organization_invitations (invitee, organization_id) where status = 'Pending';

create table organization_invitation_role_relations (
  organization_invitation_id varchar(21) not null references organization_invitations (id) on delete cascade,
  organization_role_id varchar(21) not null references organization_roles (id) on delete cascade,
  primary key (organization_invitation_id, organization_role_id)
);

-- oidc-provider's models (Session, Grant, AccessToken, RefreshToken, ...), as in Logto.
create table oidc_model_instances (
  model_name varchar(64) not null,
  id varchar(128) not null,
  payload jsonb not null,
  expires_at bigint not null,
  consumed_at bigint,
  primary key (model_name, id)
);
create index oidc_model_instances_uid on oidc_model_instances (model_name, (payload->>'uid'));
create index oidc_model_instances_grant on oidc_model_instances ((payload->>'grantId'));

-- The emulator's own signing keys (ES384), generated on first start.
create table signing_keys (
  kid varchar(64) primary key,
  private_jwk jsonb not null,
  created_at bigint not null
);

-- Messages delivered by the built-in email connector: the dev mailbox, and the per-recipient throttle.
create table sent_messages (
  id varchar(21) primary key,
  recipient varchar(256) not null,
  usage_type varchar(64) not null,
  subject text not null,
  html text not null,
  text text not null,
  payload jsonb not null,
  created_at bigint not null,
  seq bigserial
);
create index sent_messages_recipient on sent_messages (recipient, created_at);

-- Emulator settings that survive restarts (e.g. whether the email connector exists).
create table emulator_settings (
  key varchar(64) primary key,
  value jsonb not null
);
