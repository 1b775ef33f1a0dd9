import { publicConfigPath, publicConfigSchema, type PublicConfig } from '@portal/shared';
import { queryOptions, useQuery } from '@tanstack/react-query';

import { getJson } from '../../../lib/api-client.js';

export const runtimeConfigKeys = {
  all: ['runtime-config'] as const,
};

/** The BFF's public runtime config: which Logto, which app, which API. Needed before anything else. */
export const getRuntimeConfig = (signal?: AbortSignal): Promise<PublicConfig> =>
  getJson(publicConfigPath, publicConfigSchema, signal ? { signal } : {});

export const runtimeConfigQueryOptions = () =>
  queryOptions({
    queryKey: runtimeConfigKeys.all,
    queryFn: ({ signal }) => getRuntimeConfig(signal),
    // Fixed for the life of the page: a change means a new deploy and a reload.
    staleTime: Number.POSITIVE_INFINITY,
    gcTime: Number.POSITIVE_INFINITY,
  });

export const useRuntimeConfig = () => useQuery(runtimeConfigQueryOptions());
