import {
  apiPaths,
  createInvitationsBodySchema,
  createInvitationsResultSchema,
  idempotencyKeyHeader,
} from '@portal/shared';
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

export const createInvitationsInputSchema = z.object({
  body: createInvitationsBodySchema,
  /** One per submit attempt, reused when the same attempt is retried, so nobody is invited twice. */
  idempotencyKey: z.string().min(1),
  reason: optionalReasonSchema,
});

export type CreateInvitationsInput = z.input<typeof createInvitationsInputSchema>;

/** POST /api/orgs/:orgId/invitations: 1 to 100 addresses, one result each. */
export function createInvitations(
  api: ApiClient,
  access: OrganizationAccess,
  input: CreateInvitationsInput,
) {
  const { body, idempotencyKey, reason } = createInvitationsInputSchema.parse(input);
  return api.json(
    {
      method: 'POST',
      path: apiPaths.invitations(access.organizationId),
      credentials: organizationCredentials(access),
      body,
      headers: { [idempotencyKeyHeader]: idempotencyKey, ...supportReasonHeaders(reason) },
    },
    createInvitationsResultSchema,
  );
}

export function useCreateInvitations(meta: PortalMutationMeta = {}) {
  const api = useApiClient();
  const access = useOrganizationAccess();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: CreateInvitationsInput) => createInvitations(api, access, input),
    onSuccess: () =>
      queryClient.invalidateQueries({ queryKey: invitationKeys.lists(access.organizationId) }),
    meta,
  });
}
