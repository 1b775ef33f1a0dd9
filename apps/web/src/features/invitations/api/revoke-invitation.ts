import { apiPaths, invitationSchema, logtoIdSchema } from '@portal/shared';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { z } from 'zod';

import type { ApiClient } from '../../../lib/api-client.js';
import { useApiClient } from '../../../lib/api.js';
import { useOrganizationAccess } from '../../../lib/organization-access-context.js';
import {
  organizationCredentials,
  type OrganizationAccess,
} from '../../../lib/organization-access.js';
import type { PortalMutationMeta } from '../../../lib/query-client.js';
import { optionalReasonSchema, supportReasonHeaders } from '../../../lib/support-reason.js';

import { invitationKeys } from './invitation-keys.js';

export const revokeInvitationInputSchema = z.object({
  invitationId: logtoIdSchema,
  reason: optionalReasonSchema,
});

export type RevokeInvitationInput = z.infer<typeof revokeInvitationInputSchema>;

/** POST /api/orgs/:orgId/invitations/:invitationId/revoke: its link stops working. */
export function revokeInvitation(
  api: ApiClient,
  access: OrganizationAccess,
  input: RevokeInvitationInput,
) {
  const { invitationId, reason } = revokeInvitationInputSchema.parse(input);
  return api.json(
    {
      method: 'POST',
      path: apiPaths.invitationRevoke(access.organizationId, invitationId),
      credentials: organizationCredentials(access),
      headers: supportReasonHeaders(reason),
    },
    invitationSchema,
  );
}

export function useRevokeInvitation(meta: PortalMutationMeta = {}) {
  const api = useApiClient();
  const access = useOrganizationAccess();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: RevokeInvitationInput) => revokeInvitation(api, access, input),
    onSuccess: () =>
      queryClient.invalidateQueries({ queryKey: invitationKeys.lists(access.organizationId) }),
    meta,
  });
}
