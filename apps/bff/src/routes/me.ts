import { allOrganizationPermissions, meResponseSchema, supportPermissions } from '@portal/shared';

import { defineRoute, type Route } from '../http/route.js';
import type { LogtoManagementClient } from '../logto/types.js';
import { scopesOfRoles, type RoleTemplate } from '../roles/role-template.js';

export type MeRouteDependencies = {
  logto: Pick<LogtoManagementClient, 'getUser' | 'getUserOrganizations'>;
  roleTemplate: RoleTemplate;
};

const permissionRank = (scope: string) => {
  const index = allOrganizationPermissions.findIndex((permission) => permission === scope);
  return index === -1 ? allOrganizationPermissions.length : index;
};

/** Portal permissions first, in their canonical order, then any other scopes alphabetically. */
const byPermissionOrder = (a: string, b: string) =>
  permissionRank(a) - permissionRank(b) || a.localeCompare(b);

/** Who is signed in: profile, organizations with roles and permissions, support flags. */
export function createMeRoutes({ logto, roleTemplate }: MeRouteDependencies): Route[] {
  return [
    defineRoute({
      method: 'get',
      path: '/api/me',
      operationId: 'getMe',
      summary: 'The signed-in user, their organizations and what they may do there',
      description:
        'Permissions are computed from the user’s organization roles now (not from any token); support flags come from the portal API token’s scopes.',
      tags: ['Me'],
      access: { kind: 'signed_in' },
      responses: { 200: { description: 'The signed-in user', schema: meResponseSchema } },
      handle: async ({ actor }) => {
        const [user, organizations, template] = await Promise.all([
          logto.getUser(actor.userId),
          logto.getUserOrganizations(actor.userId),
          roleTemplate.roles(),
        ]);
        return {
          status: 200,
          body: {
            user: {
              id: user.id,
              name: user.name,
              username: user.username,
              email: user.primaryEmail,
              avatar: user.avatar,
            },
            organizations: organizations
              .map((organization) => ({
                id: organization.id,
                name: organization.name,
                description: organization.description,
                roles: organization.organizationRoles.map(({ id, name }) => ({ id, name })),
                permissions: scopesOfRoles(organization.organizationRoles, template).sort(
                  byPermissionOrder,
                ),
              }))
              .sort((a, b) => a.name.localeCompare(b.name)),
            support: {
              canRead: actor.scopes.includes(supportPermissions.read),
              canWrite: actor.scopes.includes(supportPermissions.write),
            },
          },
        };
      },
    }),
  ];
}
