import { apiPaths, organizationRoleSchema } from '@portal/shared';
import { queryOptions, useQuery } from '@tanstack/react-query';
import { z } from 'zod';

import type { ApiClient } from '../../../lib/api-client.js';
import { useApiClient } from '../../../lib/api.js';
import { useOrganizationAccess } from '../../../lib/organization-access-context.js';
import {
  organizationCredentials,
  type OrganizationAccess,
} from '../../../lib/organization-access.js';

import { roleKeys } from './role-keys.js';

export const organizationRolesSchema = z.array(organizationRoleSchema);

/** GET /api/orgs/:orgId/roles: the roles a member can be given, with what each permits. */
export const getRoles = (api: ApiClient, access: OrganizationAccess, signal?: AbortSignal) =>
  api.json(
    {
      path: apiPaths.roles(access.organizationId),
      credentials: organizationCredentials(access),
      signal,
    },
    organizationRolesSchema,
  );

export const rolesQueryOptions = (api: ApiClient, access: OrganizationAccess) =>
  queryOptions({
    queryKey: roleKeys.list(access.organizationId),
    queryFn: ({ signal }) => getRoles(api, access, signal),
    // The organization template changes rarely (a vendor's console action).
    staleTime: 5 * 60_000,
  });

export function useRoles() {
  return useQuery(rolesQueryOptions(useApiClient(), useOrganizationAccess()));
}
