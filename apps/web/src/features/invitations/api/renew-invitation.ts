import { apiPaths, invitationDeliverySchema, logtoIdSchema } from '@portal/shared';
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

export const renewInvitationInputSchema = z.object({
  invitationId: logtoIdSchema,
  reason: optionalReasonSchema,
});

export type RenewInvitationInput = z.infer<typeof renewInvitationInputSchema>;

/** POST /api/orgs/:orgId/invitations/:invitationId/renew: a new invitation with a fresh expiry, the old one revoked. */
export function renewInvitation(
  api: ApiClient,
  access: OrganizationAccess,
  input: RenewInvitationInput,
) {
  const { invitationId, reason } = renewInvitationInputSchema.parse(input);
  return api.json(
    {
      method: 'POST',
      path: apiPaths.invitationRenew(access.organizationId, invitationId),
      credentials: organizationCredentials(access),
      headers: supportReasonHeaders(reason),
    },
    invitationDeliverySchema,
  );
}

export function useRenewInvitation(meta: PortalMutationMeta = {}) {
  const api = useApiClient();
  const access = useOrganizationAccess();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: RenewInvitationInput) => renewInvitation(api, access, input),
    onSuccess: () =>
      queryClient.invalidateQueries({ queryKey: invitationKeys.lists(access.organizationId) }),
    meta,
  });
}
