import { apiPaths, inviteeInvitationSchema, logtoIdSchema } from '@portal/shared';
import { queryOptions, useQuery } from '@tanstack/react-query';

import type { ApiClient } from '../../../lib/api-client.js';
import { useApiClient } from '../../../lib/api.js';

import { invitationKeys } from './invitation-keys.js';

/** GET /api/invitations/:invitationId with the portal API token: what the invitee sees; uses nothing up. */
export const getInviteeInvitation = (api: ApiClient, invitationId: string, signal?: AbortSignal) =>
  api.json(
    {
      path: apiPaths.inviteeInvitation(logtoIdSchema.parse(invitationId)),
      credentials: { kind: 'portal' },
      signal,
    },
    inviteeInvitationSchema,
  );

export const inviteeInvitationQueryOptions = (api: ApiClient, invitationId: string) =>
  queryOptions({
    queryKey: invitationKeys.invitee(invitationId),
    queryFn: ({ signal }) => getInviteeInvitation(api, invitationId, signal),
  });

export function useInviteeInvitation(invitationId: string) {
  return useQuery(inviteeInvitationQueryOptions(useApiClient(), invitationId));
}
