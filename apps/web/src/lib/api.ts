import { useMemo } from 'react';

import { createApiClient, type ApiClient } from './api-client.js';
import { useAuthClient } from './auth.js';

/**
 * The BFF client with this session's tokens: the portal API token or an organization token, as each
 * request's credentials say. Token calls wait in the auth module's queue, so refreshes never race.
 */
export function useApiClient(): ApiClient {
  const auth = useAuthClient();
  return useMemo(
    () =>
      createApiClient({
        getToken: (credentials) =>
          credentials.kind === 'portal'
            ? auth.getPortalApiToken()
            : auth.getOrganizationToken(credentials.organizationId),
      }),
    [auth],
  );
}
