import { MutationCache, QueryCache, QueryClient } from '@tanstack/react-query';

import { ApiError, BffUnreachableError } from './api-client.js';
import { describeError, isSessionRejected, type ErrorContext } from './describe-error.js';
import { reportSessionRejected } from './session-events.js';

/** What a mutation tells the cache about itself (typed through `Register` below). */
export type PortalMutationMeta = {
  /** Names for the error message ("Bob is the last person who can manage members of Acme…"). */
  errorContext?: ErrorContext;
  /** The page shows this mutation's errors itself (e.g. inside its dialog): no toast. */
  errorsShownInPlace?: boolean;
  /** Said in a toast when it worked (already translated). */
  successMessage?: string;
};

declare module '@tanstack/react-query' {
  interface Register {
    mutationMeta: PortalMutationMeta;
  }
}

export type Notifier = {
  error: (description: ReturnType<typeof describeError>) => void;
  success: (message: string) => void;
};

/** Client errors (4xx) will not change on a retry; anything else (network, 5xx, token service) might. */
export function shouldRetry(failureCount: number, error: unknown) {
  if (error instanceof ApiError && error.status >= 400 && error.status < 500) return false;
  if (error instanceof BffUnreachableError) return failureCount < 1;
  return failureCount < 2;
}

/**
 * Errors are handled here, not in the transport: a 401 ends the session; a failed background refresh
 * (the page still shows the old data) and a failed mutation are toasted. A first load's error is shown
 * in place by the page, with a retry.
 */
export function createQueryClient(notify?: Notifier) {
  return new QueryClient({
    queryCache: new QueryCache({
      onError: (error, query) => {
        if (isSessionRejected(error)) {
          reportSessionRejected();
          return;
        }
        if (query.state.data !== undefined) notify?.error(describeError(error));
      },
    }),
    mutationCache: new MutationCache({
      onError: (error, _variables, _context, mutation) => {
        if (isSessionRejected(error)) {
          reportSessionRejected();
          return;
        }
        if (mutation.meta?.errorsShownInPlace) return;
        notify?.error(describeError(error, mutation.meta?.errorContext));
      },
      onSuccess: (_data, _variables, _context, mutation) => {
        if (mutation.meta?.successMessage) notify?.success(mutation.meta.successMessage);
      },
    }),
    defaultOptions: {
      queries: { retry: shouldRetry, refetchOnWindowFocus: false },
      mutations: { retry: false },
    },
  });
}
