/**
 * Helpers the ported organization application and JIT tests need beyond logto-integration/support/
 * (owned by another helper): Logto's `addApplicationsRoles` and paginated `getApplicationRoles`
 * (integration-tests/src/api/organization.ts) and `createSsoConnector` / `deleteSsoConnectorById`
 * (api/sso-connector.ts), on the same client.
 */
import { z } from 'zod';

import { send, sendFor } from '../support/client.js';
import { organizationRoleSchema } from '../support/schemas.js';

/** `POST /api/organizations/{id}/applications/roles`: every role to every application. */
export async function addApplicationsRoles(
  organizationId: string,
  applicationIds: string[],
  organizationRoleIds: string[],
): Promise<void> {
  await send('POST', `organizations/${organizationId}/applications/roles`, {
    json: { applicationIds, organizationRoleIds },
  });
}

/** `GET /api/organizations/{id}/applications/{applicationId}/roles`, optionally one page of it. */
export async function getApplicationRoles(
  organizationId: string,
  applicationId: string,
  page?: number,
  pageSize?: number,
) {
  const query = new URLSearchParams();
  if (page) query.set('page', String(page));
  if (pageSize) query.set('page_size', String(pageSize));
  return sendFor(
    z.array(organizationRoleSchema),
    'GET',
    `organizations/${organizationId}/applications/${applicationId}/roles`,
    { query },
  );
}

export const ssoConnectorSchema = z.looseObject({
  id: z.string(),
  providerName: z.string(),
  connectorName: z.string(),
});
export type SsoConnector = z.infer<typeof ssoConnectorSchema>;

/** Logto's `providerNames` of its SSO connector mocks (__mocks__/sso-connectors-mock.ts). */
export const providerNames = ['OIDC', 'SAML'] as const;

export async function createSsoConnector(data: {
  providerName: string;
  connectorName: string;
  config?: Record<string, unknown>;
}): Promise<SsoConnector> {
  return sendFor(ssoConnectorSchema, 'POST', 'sso-connectors', { json: data });
}

export async function deleteSsoConnectorById(id: string): Promise<void> {
  await send('DELETE', `sso-connectors/${id}`);
}
