import { apiPaths, invitationLinkSchema, logtoIdSchema } from '@portal/shared';

import type { ApiClient } from '../../../lib/api-client.js';
import type { OrganizationAccess } from '../../../lib/organization-access.js';
import { organizationCredentials } from '../../../lib/organization-access.js';

/**
 * GET /api/orgs/:orgId/invitations/:invitationId/link: the accept link, fetched when "Copy link" is
 * pressed (not a cached query: the link is copied once, right then).
 */
export const getInvitationLink = (
  api: ApiClient,
  access: OrganizationAccess,
  invitationId: string,
) =>
  api.json(
    {
      path: apiPaths.invitationLink(access.organizationId, logtoIdSchema.parse(invitationId)),
      credentials: organizationCredentials(access),
    },
    invitationLinkSchema,
  );
