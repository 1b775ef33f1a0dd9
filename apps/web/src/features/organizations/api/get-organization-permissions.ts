import { allOrganizationPermissions, organizationAudience } from '@portal/shared';
import { queryOptions, useQuery } from '@tanstack/react-query';
import { z } from 'zod';

import { useAuthClient, type AuthClient } from '../../../lib/auth.js';
import { decodeJwtPayload } from '../../../lib/jwt.js';

import { organizationKeys } from './organization-keys.js';

const organizationTokenClaimsSchema = z.object({
  aud: z.union([z.string(), z.array(z.string())]),
  scope: z.string().optional(),
});

/**
 * The permissions an organization token grants: its space-separated `scope`. Decoded for display
 * only; the BFF verifies the token (signature, issuer, audience, expiry) before trusting any of it.
 */
export function permissionsFromOrganizationToken(token: string, organizationId: string): string[] {
  const claims = organizationTokenClaimsSchema.parse(decodeJwtPayload(token));
  const audiences = Array.isArray(claims.aud) ? claims.aud : [claims.aud];
  // Real Logto has no organization claim: the organization is in the audience.
  if (!audiences.includes(organizationAudience(organizationId))) {
    throw new Error(`The organization token is not for organization ${organizationId}.`);
  }
  const scopes = [...new Set((claims.scope ?? '').split(' ').filter(Boolean))];
  // The portal's own permissions in their usual order, then any a vendor added, alphabetically.
  const rank = (scope: string) => {
    const index = allOrganizationPermissions.findIndex((permission) => permission === scope);
    return index === -1 ? allOrganizationPermissions.length : index;
  };
  return scopes.sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
}

export const organizationPermissionsQueryOptions = (auth: AuthClient, organizationId: string) =>
  queryOptions({
    queryKey: organizationKeys.permissions(organizationId),
    queryFn: async () =>
      permissionsFromOrganizationToken(
        await auth.getOrganizationToken(organizationId),
        organizationId,
      ),
    // The SDK caches the token until it expires; this only avoids re-decoding on every mount.
    staleTime: 60_000,
  });

export function useOrganizationPermissions(organizationId: string) {
  return useQuery(organizationPermissionsQueryOptions(useAuthClient(), organizationId));
}
