import type { ListMembersQuery } from '@portal/shared';

/** Query keys for members, general to specific: every list of an organization shares a prefix. */
export const memberKeys = {
  all: ['members'] as const,
  organization: (organizationId: string) => [...memberKeys.all, organizationId] as const,
  lists: (organizationId: string) => [...memberKeys.organization(organizationId), 'list'] as const,
  list: (organizationId: string, query: ListMembersQuery) =>
    [...memberKeys.lists(organizationId), query] as const,
};
