-- Organization invitations and the dev mailbox (owned by the invitations / mail task).

-- Logto's invitation columns take user ids up to 21 characters: an unknown inviter id of 13..21 characters
-- must fail as a missing foreign key (422 entity.relation_foreign_key_not_found), not as a truncation error.
-- (organization_id is widened by 002.)
alter table organization_invitations
  alter column inviter_id type varchar(21),
  alter column accepted_user_id type varchar(21);

-- Newest first is `created_at desc`; `seq` orders invitations created in the same millisecond.
alter table organization_invitations add column seq bigserial;
create index organization_invitations_created_at on organization_invitations (created_at desc, seq desc);
create index organization_invitations_organization on organization_invitations (organization_id);

-- The send throttle and the mailbox filter match recipients case-insensitively (Logto normalises them).
create index sent_messages_recipient_normalized on sent_messages (lower(trim(recipient)), created_at);
