import { apiPaths, logtoIdSchema } from '@portal/shared';
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

import { invalidateAfterMemberChange } from './invalidate-after-member-change.js';

export const removeMemberInputSchema = z.object({
  userId: logtoIdSchema,
  reason: optionalReasonSchema,
});

export type RemoveMemberInput = z.infer<typeof removeMemberInputSchema>;

/** DELETE /api/orgs/:orgId/members/:userId (the BFF refuses to remove the last admin). */
export function removeMember(api: ApiClient, access: OrganizationAccess, input: RemoveMemberInput) {
  const { userId, reason } = removeMemberInputSchema.parse(input);
  return api.send({
    method: 'DELETE',
    path: apiPaths.member(access.organizationId, userId),
    credentials: organizationCredentials(access),
    headers: supportReasonHeaders(reason),
  });
}

export function useRemoveMember(meta: PortalMutationMeta = {}) {
  const api = useApiClient();
  const access = useOrganizationAccess();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: RemoveMemberInput) => removeMember(api, access, input),
    onSuccess: () => invalidateAfterMemberChange(queryClient, access.organizationId),
    meta,
  });
}
