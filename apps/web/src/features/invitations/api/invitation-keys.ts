import type { ListInvitationsQuery } from '@portal/shared';

/** Query keys for invitations, general to specific: every list of an organization shares a prefix. */
export const invitationKeys = {
  all: ['invitations'] as const,
  organization: (organizationId: string) => [...invitationKeys.all, organizationId] as const,
  lists: (organizationId: string) =>
    [...invitationKeys.organization(organizationId), 'list'] as const,
  list: (organizationId: string, query: ListInvitationsQuery) =>
    [...invitationKeys.lists(organizationId), query] as const,
  /** The invitee's view of one invitation (any organization: the link is the key). */
  invitee: (invitationId: string) => [...invitationKeys.all, 'invitee', invitationId] as const,
};
