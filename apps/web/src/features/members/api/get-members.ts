import {
  apiPaths,
  listMembersQuerySchema,
  memberSchema,
  pageOf,
  type ListMembersQuery,
} from '@portal/shared';
import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';

import type { ApiClient } from '../../../lib/api-client.js';
import { useApiClient } from '../../../lib/api.js';
import { useOrganizationAccess } from '../../../lib/organization-access-context.js';
import {
  organizationCredentials,
  type OrganizationAccess,
} from '../../../lib/organization-access.js';

import { memberKeys } from './member-keys.js';

export const getMembersInputSchema = listMembersQuerySchema;
export const membersPageSchema = pageOf(memberSchema);

/** GET /api/orgs/:orgId/members: one page, searched and filtered by the BFF. */
export const getMembers = (
  api: ApiClient,
  access: OrganizationAccess,
  query: ListMembersQuery,
  signal?: AbortSignal,
) =>
  api.json(
    {
      path: apiPaths.members(access.organizationId),
      credentials: organizationCredentials(access),
      query: getMembersInputSchema.parse(query),
      signal,
    },
    membersPageSchema,
  );

export const membersQueryOptions = (
  api: ApiClient,
  access: OrganizationAccess,
  query: ListMembersQuery,
) =>
  queryOptions({
    queryKey: memberKeys.list(access.organizationId, query),
    queryFn: ({ signal }) => getMembers(api, access, query, signal),
    // The previous page stays on screen (dimmed) while the next one loads, instead of a flash.
    placeholderData: keepPreviousData,
  });

export function useMembers(query: ListMembersQuery) {
  return useQuery(membersQueryOptions(useApiClient(), useOrganizationAccess(), query));
}
