import type { Member } from '@portal/shared';

/** What to call a member: their name, else username, else email, else their id. */
export const memberName = (member: Pick<Member, 'id' | 'name' | 'username' | 'email'>) =>
  member.name?.trim() || member.username || member.email || member.id;
