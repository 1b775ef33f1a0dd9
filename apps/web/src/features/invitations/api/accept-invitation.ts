import { acceptInvitationResultSchema, apiPaths, logtoIdSchema } from '@portal/shared';
import { useMutation, useQueryClient } from '@tanstack/react-query';

import type { ApiClient } from '../../../lib/api-client.js';
import { useApiClient } from '../../../lib/api.js';
import type { PortalMutationMeta } from '../../../lib/query-client.js';
import { meKeys } from '../../me/api/me-keys.js';

import { invitationKeys } from './invitation-keys.js';

/** POST /api/invitations/:invitationId/accept: the signed-in person becomes a member with its roles. */
export const acceptInvitation = (api: ApiClient, invitationId: string) =>
  api.json(
    {
      method: 'POST',
      path: apiPaths.acceptInvitation(logtoIdSchema.parse(invitationId)),
      credentials: { kind: 'portal' },
    },
    acceptInvitationResultSchema,
  );

export function useAcceptInvitation(invitationId: string, meta: PortalMutationMeta = {}) {
  const api = useApiClient();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => acceptInvitation(api, invitationId),
    // A new membership: /api/me (organizations, permissions) and the invitation's state both changed.
    onSuccess: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: meKeys.all }),
        queryClient.invalidateQueries({ queryKey: invitationKeys.invitee(invitationId) }),
      ]),
    meta,
  });
}
