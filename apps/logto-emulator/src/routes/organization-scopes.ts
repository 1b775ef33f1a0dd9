import { generateStandardId } from '../ids.js';
import { z } from '../middleware/guard.js';
import { schemaRoutes, searchQuery } from './schema-router.js';
import {
  organizationScopeRowColumns,
  serializeOrganizationScope,
  type OrganizationScopeRow,
} from './serialize.js';
import type { RouteModule } from './types.js';

/** `OrganizationScopes.createGuard.omit({ id })` */
const createBody = z.object({
  tenantId: z.string().max(21).optional(),
  name: z.string().min(1).max(128),
  description: z.string().max(256).nullable().optional(),
});

/** `OrganizationScopes.updateGuard` */
const updateBody = z
  .object({
    tenantId: z.string().max(21),
    id: z.string().min(1).max(21),
    name: z.string().min(1).max(128),
    description: z.string().max(256).nullable(),
  })
  .partial();

/** Organization scopes, the permissions of the organization template (CONTRACT.md 3.2). */
export const organizationScopeRoutes: RouteModule = (router, { db }) => {
  const scopes = schemaRoutes<OrganizationScopeRow>(router, db, {
    table: 'organization_scopes',
    singular: 'organization_scope',
    columns: organizationScopeRowColumns,
    serialize: serializeOrganizationScope,
  });

  scopes.list({ query: searchQuery, search: ['name'], orderBy: 'name', pagination: 'optional' });
  scopes.create({
    body: createBody,
    values: ({ name, description }) => ({
      id: generateStandardId(),
      name,
      description: description ?? null,
    }),
  });
  scopes.getById();
  // `id` and `tenantId` pass Logto's guard too; the emulator does not apply them (ids stay stable).
  scopes.patchById({
    body: updateBody,
    changes: (body) => [
      ['name', body.name],
      ['description', body.description],
    ],
  });
  scopes.deleteById();
};
