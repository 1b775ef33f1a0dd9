import { apiPaths, assignRolesBodySchema } from '@portal/shared';
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

export const assignMemberRolesInputSchema = z.object({
  body: assignRolesBodySchema,
  reason: optionalReasonSchema,
});

export type AssignMemberRolesInput = z.infer<typeof assignMemberRolesInputSchema>;

/** POST /api/orgs/:orgId/members/role-assignments: adds roles to the selected members. */
export function assignMemberRoles(
  api: ApiClient,
  access: OrganizationAccess,
  input: AssignMemberRolesInput,
) {
  const { body, reason } = assignMemberRolesInputSchema.parse(input);
  return api.send({
    method: 'POST',
    path: apiPaths.membersRoleAssignments(access.organizationId),
    credentials: organizationCredentials(access),
    headers: supportReasonHeaders(reason),
    body,
  });
}

export function useAssignMemberRoles(meta: PortalMutationMeta = {}) {
  const api = useApiClient();
  const access = useOrganizationAccess();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: AssignMemberRolesInput) => assignMemberRoles(api, access, input),
    onSuccess: () => invalidateAfterMemberChange(queryClient, access.organizationId),
    meta,
  });
}
