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

export const resendInvitationInputSchema = z.object({
  invitationId: logtoIdSchema,
  reason: optionalReasonSchema,
});

export type ResendInvitationInput = z.infer<typeof resendInvitationInputSchema>;

/** POST /api/orgs/:orgId/invitations/:invitationId/resend: the email again (pending, unexpired only; 429 when Logto throttles the address). */
export function resendInvitation(
  api: ApiClient,
  access: OrganizationAccess,
  input: ResendInvitationInput,
) {
  const { invitationId, reason } = resendInvitationInputSchema.parse(input);
  return api.json(
    {
      method: 'POST',
      path: apiPaths.invitationResend(access.organizationId, invitationId),
      credentials: organizationCredentials(access),
      headers: supportReasonHeaders(reason),
    },
    invitationDeliverySchema,
  );
}

export function useResendInvitation(meta: PortalMutationMeta = {}) {
  const api = useApiClient();
  const access = useOrganizationAccess();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: ResendInvitationInput) => resendInvitation(api, access, input),
    onSuccess: () =>
      queryClient.invalidateQueries({ queryKey: invitationKeys.lists(access.organizationId) }),
    meta,
  });
}
