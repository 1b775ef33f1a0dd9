import { apiPaths, organizationSchema, type Organization } from '@portal/shared';
import { queryOptions, useQuery } from '@tanstack/react-query';

import type { ApiClient } from '../../../lib/api-client.js';
import { useApiClient } from '../../../lib/api.js';
import { useOrganizationAccess } from '../../../lib/organization-access-context.js';
import {
  organizationCredentials,
  type OrganizationAccess,
} from '../../../lib/organization-access.js';

import { organizationKeys } from './organization-keys.js';

/** GET /api/orgs/:orgId: name, description, branding, colours. */
export const getOrganization = (
  api: ApiClient,
  access: OrganizationAccess,
  signal?: AbortSignal,
): Promise<Organization> =>
  api.json(
    {
      path: apiPaths.organization(access.organizationId),
      credentials: organizationCredentials(access),
      signal,
    },
    organizationSchema,
  );

export const organizationQueryOptions = (api: ApiClient, access: OrganizationAccess) =>
  queryOptions({
    queryKey: organizationKeys.detail(access.organizationId),
    queryFn: ({ signal }) => getOrganization(api, access, signal),
  });

export function useOrganization() {
  return useQuery(organizationQueryOptions(useApiClient(), useOrganizationAccess()));
}
