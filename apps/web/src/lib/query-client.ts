import { QueryClient } from '@tanstack/react-query';

import { ApiError } from './api-client.js';

/** Client errors (4xx) will not change on a retry; anything else (network, 5xx, token service) might. */
function shouldRetry(failureCount: number, error: unknown) {
  if (error instanceof ApiError && error.status >= 400 && error.status < 500) return false;
  return failureCount < 2;
}

export function createQueryClient() {
  return new QueryClient({
    defaultOptions: {
      queries: { retry: shouldRetry, refetchOnWindowFocus: false },
      mutations: { retry: false },
    },
  });
}
