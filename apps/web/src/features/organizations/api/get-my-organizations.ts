import { queryOptions, useQuery } from '@tanstack/react-query';
import { z } from 'zod';

import { useAuthClient, type AuthClient } from '../../../lib/auth.js';

import { organizationKeys } from './organization-keys.js';

/**
 * Logto puts the user's organizations and `orgId:roleName` pairs in the ID token when the
 * `urn:logto:scope:organizations` and `urn:logto:scope:organization_roles` scopes were granted.
 */
const organizationClaimsSchema = z.object({
  organizations: z.array(z.string()).optional(),
  organization_roles: z.array(z.string()).optional(),
});

/** Only userinfo carries organization names (`organization_data`); the ID token has ids only. */
const userInfoSchema = z.object({
  organization_data: z
    .array(z.object({ id: z.string(), name: z.string(), description: z.string().nullish() }))
    .optional(),
});

export type OrganizationData = NonNullable<z.infer<typeof userInfoSchema>['organization_data']>;

export type OrganizationMembership = {
  id: string;
  name: string | undefined;
  description: string | undefined;
  roles: string[];
};

export function membershipsFromClaims(
  claims: unknown,
  organizationData?: OrganizationData,
): OrganizationMembership[] {
  const { organizations = [], organization_roles: organizationRoles = [] } =
    organizationClaimsSchema.parse(claims);
  const rolesByOrganization = new Map<string, string[]>();
  for (const pair of organizationRoles) {
    // Organization ids have no colon; role names may.
    const separator = pair.indexOf(':');
    if (separator <= 0) continue;
    const organizationId = pair.slice(0, separator);
    const roles = rolesByOrganization.get(organizationId) ?? [];
    roles.push(pair.slice(separator + 1));
    rolesByOrganization.set(organizationId, roles);
  }
  const ids = [...new Set([...organizations, ...rolesByOrganization.keys()])];
  const memberships = ids.map((id) => {
    const data = organizationData?.find((organization) => organization.id === id);
    return {
      id,
      name: data?.name,
      description: data?.description ?? undefined,
      roles: (rolesByOrganization.get(id) ?? []).sort(),
    };
  });
  return memberships.sort((a, b) => (a.name ?? a.id).localeCompare(b.name ?? b.id));
}

export type MyOrganizations = {
  memberships: OrganizationMembership[];
  /** False when userinfo failed: the page then shows ids instead of names, and says so. */
  namesAvailable: boolean;
};

export const myOrganizationsQueryOptions = (auth: AuthClient) =>
  queryOptions({
    queryKey: organizationKeys.mine(),
    queryFn: async (): Promise<MyOrganizations> => {
      const claims = await auth.getIdTokenClaims();
      const organizationData = await auth.fetchUserInfo().then(
        (userInfo) => userInfoSchema.parse(userInfo).organization_data,
        () => undefined,
      );
      return {
        memberships: membershipsFromClaims(claims, organizationData),
        namesAvailable: organizationData !== undefined,
      };
    },
    staleTime: 5 * 60_000,
  });

export function useMyOrganizations() {
  return useQuery(myOrganizationsQueryOptions(useAuthClient()));
}
