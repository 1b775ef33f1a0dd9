-- Organization JIT provisioning, SSO connectors, organization applications and connectors (Logto's tables of
-- the same names; tenant is always "default"). `seq` keeps Logto's storage order where it lists without ORDER BY.

create table sso_connectors (
  id varchar(128) primary key,
  provider_name varchar(128) not null,
  connector_name varchar(128) not null,
  config jsonb not null default '{}',
  domains jsonb not null default '[]',
  branding jsonb not null default '{}',
  sync_profile boolean not null default false,
  enable_token_storage boolean not null default false,
  created_at bigint not null,
  seq bigserial
);

create table organization_jit_email_domains (
  organization_id varchar(21) not null references organizations (id) on delete cascade,
  email_domain varchar(128) not null,
  seq bigserial,
  primary key (organization_id, email_domain)
);

create table organization_jit_roles (
  organization_id varchar(21) not null references organizations (id) on delete cascade,
  organization_role_id varchar(21) not null references organization_roles (id) on delete cascade,
  seq bigserial,
  primary key (organization_id, organization_role_id)
);

create table organization_jit_sso_connectors (
  organization_id varchar(21) not null references organizations (id) on delete cascade,
  sso_connector_id varchar(128) not null references sso_connectors (id) on delete cascade,
  seq bigserial,
  primary key (organization_id, sso_connector_id)
);

-- Logto's `check_application_type`: only machine-to-machine apps join organizations. A missing app passes
-- the check and then fails the foreign key (422 entity.relation_foreign_key_not_found).
create function check_application_type(app_id varchar, target_type varchar) returns boolean
  language sql stable
  as $$ select coalesce((select type = target_type from applications where id = app_id), true) $$;

create table organization_application_relations (
  organization_id varchar(21) not null references organizations (id) on delete cascade,
  application_id varchar(21) not null references applications (id) on delete cascade,
  seq bigserial,
  primary key (organization_id, application_id),
  constraint organization_application_relations__application_type
    check (check_application_type(application_id, 'MachineToMachine'))
);

-- An application holds only `MachineToMachine` organization roles (422 entity.db_constraint_violated).
create table organization_role_application_relations (
  organization_id varchar(21) not null,
  organization_role_id varchar(21) not null references organization_roles (id) on delete cascade,
  application_id varchar(21) not null,
  seq bigserial,
  primary key (organization_id, organization_role_id, application_id),
  foreign key (organization_id, application_id)
    references organization_application_relations (organization_id, application_id) on delete cascade,
  constraint organization_role_application_relations__role_type
    check (check_organization_role_type(organization_role_id, 'MachineToMachine'))
);

-- Passwordless connectors (the emulator has email ones only): the email connector exists when a row of an
-- email factory exists; the mailer reads this table (one source of truth with the test control).
create table connectors (
  id varchar(128) primary key,
  connector_id varchar(128) not null,
  config jsonb not null default '{}',
  metadata jsonb not null default '{}',
  sync_profile boolean not null default false,
  created_at bigint not null,
  seq bigserial
);
