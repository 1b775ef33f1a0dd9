-- Management API (organizations): constraints and column sizes as in Logto's schema.

-- Logto's organization ids are varchar(21) (generated ones have 12 characters). With the wider columns an
-- unknown 13..21-character id fails a foreign key (422 entity.relation_foreign_key_not_found), as in Logto,
-- instead of overflowing the column (422 entity.value_too_long, which Logto gives only beyond 21).
alter table organizations alter column id type varchar(21);
alter table organization_user_relations alter column organization_id type varchar(21);
alter table organization_role_user_relations alter column organization_id type varchar(21);
alter table organization_invitations alter column organization_id type varchar(21);
-- Likewise Logto's membership tables hold user ids as varchar(21) (users.id itself is varchar(12)).
alter table organization_user_relations alter column user_id type varchar(21);
alter table organization_role_user_relations alter column user_id type varchar(21);

-- Logto's `check_organization_role_type`: a user can only hold organization roles of type `User`
-- (assigning a `MachineToMachine` role is 422 entity.db_constraint_violated). A missing role passes the
-- check and then fails the foreign key.
create function check_organization_role_type(role_id varchar, target_type varchar) returns boolean
  language sql stable
  as $$ select coalesce((select type = target_type from organization_roles where id = role_id), true) $$;

alter table organization_role_user_relations
  add constraint organization_role_user_relations__role_type
  check (check_organization_role_type(organization_role_id, 'User'));
