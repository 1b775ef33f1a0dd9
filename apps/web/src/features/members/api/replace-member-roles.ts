import { apiPaths, logtoIdSchema, replaceMemberRolesBodySchema } from '@portal/shared';
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

export const replaceMemberRolesInputSchema = z.object({
  userId: logtoIdSchema,
  body: replaceMemberRolesBodySchema,
  reason: optionalReasonSchema,
});

export type ReplaceMemberRolesInput = z.infer<typeof replaceMemberRolesInputSchema>;

/** PUT /api/orgs/:orgId/members/:userId/roles: exactly these roles (the BFF keeps one admin). */
export function replaceMemberRoles(
  api: ApiClient,
  access: OrganizationAccess,
  input: ReplaceMemberRolesInput,
) {
  const { userId, body, reason } = replaceMemberRolesInputSchema.parse(input);
  return api.send({
    method: 'PUT',
    path: apiPaths.memberRoles(access.organizationId, userId),
    credentials: organizationCredentials(access),
    headers: supportReasonHeaders(reason),
    body,
  });
}

export function useReplaceMemberRoles(meta: PortalMutationMeta = {}) {
  const api = useApiClient();
  const access = useOrganizationAccess();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: ReplaceMemberRolesInput) => replaceMemberRoles(api, access, input),
    onSuccess: () => invalidateAfterMemberChange(queryClient, access.organizationId),
    meta,
  });
}
