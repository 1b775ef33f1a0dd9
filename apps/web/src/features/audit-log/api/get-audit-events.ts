import {
  apiPaths,
  auditEventSchema,
  listAuditEventsQuerySchema,
  pageOf,
  type ListAuditEventsQuery,
} from '@portal/shared';
import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';

import type { ApiClient } from '../../../lib/api-client.js';
import { useApiClient } from '../../../lib/api.js';
import { useOrganizationAccess } from '../../../lib/organization-access-context.js';
import {
  organizationCredentials,
  type OrganizationAccess,
} from '../../../lib/organization-access.js';

import { auditEventKeys } from './audit-event-keys.js';

export const getAuditEventsInputSchema = listAuditEventsQuerySchema;
export const auditEventsPageSchema = pageOf(auditEventSchema);

/** GET /api/orgs/:orgId/audit-events (read:audit-log), newest first. */
export const getAuditEvents = (
  api: ApiClient,
  access: OrganizationAccess,
  query: ListAuditEventsQuery,
  signal?: AbortSignal,
) =>
  api.json(
    {
      path: apiPaths.auditEvents(access.organizationId),
      credentials: organizationCredentials(access),
      query: getAuditEventsInputSchema.parse(query),
      signal,
    },
    auditEventsPageSchema,
  );

export const auditEventsQueryOptions = (
  api: ApiClient,
  access: OrganizationAccess,
  query: ListAuditEventsQuery,
) =>
  queryOptions({
    queryKey: auditEventKeys.list(access.organizationId, query),
    queryFn: ({ signal }) => getAuditEvents(api, access, query, signal),
    placeholderData: keepPreviousData,
  });

export function useAuditEvents(query: ListAuditEventsQuery) {
  return useQuery(auditEventsQueryOptions(useApiClient(), useOrganizationAccess(), query));
}
