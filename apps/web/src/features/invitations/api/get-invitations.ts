import {
  apiPaths,
  invitationSchema,
  listInvitationsQuerySchema,
  pageOf,
  type ListInvitationsQuery,
} from '@portal/shared';
import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';

import type { ApiClient } from '../../../lib/api-client.js';
import { useApiClient } from '../../../lib/api.js';
import { useOrganizationAccess } from '../../../lib/organization-access-context.js';
import {
  organizationCredentials,
  type OrganizationAccess,
} from '../../../lib/organization-access.js';

import { invitationKeys } from './invitation-keys.js';

export const getInvitationsInputSchema = listInvitationsQuerySchema;
export const invitationsPageSchema = pageOf(invitationSchema);

/** GET /api/orgs/:orgId/invitations: one page, filtered and searched by the BFF. */
export const getInvitations = (
  api: ApiClient,
  access: OrganizationAccess,
  query: ListInvitationsQuery,
  signal?: AbortSignal,
) =>
  api.json(
    {
      path: apiPaths.invitations(access.organizationId),
      credentials: organizationCredentials(access),
      query: getInvitationsInputSchema.parse(query),
      signal,
    },
    invitationsPageSchema,
  );

export const invitationsQueryOptions = (
  api: ApiClient,
  access: OrganizationAccess,
  query: ListInvitationsQuery,
) =>
  queryOptions({
    queryKey: invitationKeys.list(access.organizationId, query),
    queryFn: ({ signal }) => getInvitations(api, access, query, signal),
    placeholderData: keepPreviousData,
  });

export function useInvitations(query: ListInvitationsQuery) {
  return useQuery(invitationsQueryOptions(useApiClient(), useOrganizationAccess(), query));
}
