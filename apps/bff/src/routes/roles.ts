import { organizationIdParamsSchema, organizationRoleSchema } from '@portal/shared';
import { z } from 'zod';

import { defineRoute, type Route } from '../http/route.js';
import type { RoleTemplate } from '../roles/role-template.js';

export type RolesRouteDependencies = { roleTemplate: RoleTemplate };

/** The organization roles people can be given, each with what it permits. */
export function createRolesRoutes({ roleTemplate }: RolesRouteDependencies): Route[] {
  return [
    defineRoute({
      method: 'get',
      path: '/api/orgs/:orgId/roles',
      operationId: 'listOrganizationRoles',
      summary: 'List the roles members can be given, with their permissions',
      description:
        'The organization template’s user roles (machine-to-machine roles are left out), by name. For anyone holding at least one portal permission in the organization.',
      tags: ['Roles'],
      access: { kind: 'organization', permission: 'any' },
      request: { params: organizationIdParamsSchema },
      responses: { 200: { description: 'The roles', schema: z.array(organizationRoleSchema) } },
      handle: async () => {
        const roles = await roleTemplate.roles();
        return {
          status: 200,
          body: roles
            .filter((role) => role.type === 'User')
            .sort((a, b) => a.name.localeCompare(b.name))
            .map(({ id, name, description, scopes }) => ({
              id,
              name,
              description,
              permissions: scopes,
            })),
        };
      },
    }),
  ];
}
