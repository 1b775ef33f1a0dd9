import {
  apiPaths,
  listOrganizationsQuerySchema,
  organizationSchema,
  pageOf,
  paginationQuerySchema,
} from '@portal/shared';
import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import type { z } from 'zod';

import type { ApiClient } from '../../../lib/api-client.js';
import { useApiClient } from '../../../lib/api.js';

import { supportOrganizationKeys } from './support-organization-keys.js';

/** The BFF pages every list; the shared organizations query adds the search. */
export const getSupportOrganizationsInputSchema = paginationQuerySchema.extend(
  listOrganizationsQuerySchema.shape,
);
export type GetSupportOrganizationsInput = z.infer<typeof getSupportOrganizationsInputSchema>;

/** GET /api/support/orgs (support:read, the portal API token): find organizations by name or id. */
export const getSupportOrganizations = (
  api: ApiClient,
  input: GetSupportOrganizationsInput,
  signal?: AbortSignal,
) =>
  api.json(
    {
      path: apiPaths.supportOrganizations,
      credentials: { kind: 'portal' },
      query: getSupportOrganizationsInputSchema.parse(input),
      signal,
    },
    pageOf(organizationSchema),
  );

export const supportOrganizationsQueryOptions = (
  api: ApiClient,
  input: GetSupportOrganizationsInput,
) =>
  queryOptions({
    queryKey: supportOrganizationKeys.list(input),
    queryFn: ({ signal }) => getSupportOrganizations(api, input, signal),
    placeholderData: keepPreviousData,
  });

export function useSupportOrganizations(input: GetSupportOrganizationsInput, enabled: boolean) {
  return useQuery({ ...supportOrganizationsQueryOptions(useApiClient(), input), enabled });
}
