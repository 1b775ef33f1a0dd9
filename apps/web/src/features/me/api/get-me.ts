import { apiPaths, meResponseSchema, type MeResponse } from '@portal/shared';
import { queryOptions, useQuery } from '@tanstack/react-query';

import type { ApiClient } from '../../../lib/api-client.js';
import { useApiClient } from '../../../lib/api.js';

import { meKeys } from './me-keys.js';

/** GET /api/me with the portal API token. */
export const getMe = (api: ApiClient, signal?: AbortSignal): Promise<MeResponse> =>
  api.json({ path: apiPaths.me, credentials: { kind: 'portal' }, signal }, meResponseSchema);

export const meQueryOptions = (api: ApiClient) =>
  queryOptions({
    queryKey: meKeys.access(),
    queryFn: ({ signal }) => getMe(api, signal),
    // Permissions change rarely, and every write re-checks them in the BFF anyway.
    staleTime: 60_000,
  });

export function useMe() {
  return useQuery(meQueryOptions(useApiClient()));
}
