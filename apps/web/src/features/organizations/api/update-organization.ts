import {
  apiPaths,
  organizationSchema,
  updateOrganizationBodySchema,
  type Organization,
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
import { auditEventKeys } from '../../audit-log/api/audit-event-keys.js';
import { meKeys } from '../../me/api/me-keys.js';

import { organizationKeys } from './organization-keys.js';

export const updateOrganizationInputSchema = z.object({
  body: updateOrganizationBodySchema,
  reason: optionalReasonSchema,
});

export type UpdateOrganizationInput = z.infer<typeof updateOrganizationInputSchema>;

/** PATCH /api/orgs/:orgId: the BFF merges branding, colours and custom data into what is stored. */
export function updateOrganization(
  api: ApiClient,
  access: OrganizationAccess,
  input: UpdateOrganizationInput,
): Promise<Organization> {
  const { body, reason } = updateOrganizationInputSchema.parse(input);
  return api.json(
    {
      method: 'PATCH',
      path: apiPaths.organization(access.organizationId),
      credentials: organizationCredentials(access),
      headers: supportReasonHeaders(reason),
      body,
    },
    organizationSchema,
  );
}

export function useUpdateOrganization(meta: PortalMutationMeta = {}) {
  const api = useApiClient();
  const access = useOrganizationAccess();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: UpdateOrganizationInput) => updateOrganization(api, access, input),
    onSuccess: async (organization) => {
      // The answer is the stored organization: no need to fetch it again.
      queryClient.setQueryData(organizationKeys.detail(access.organizationId), organization);
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: auditEventKeys.lists(access.organizationId) }),
        // The name shows in the switcher (from /api/me).
        queryClient.invalidateQueries({ queryKey: meKeys.access() }),
      ]);
    },
    meta,
  });
}
