import { generateStandardId } from '../ids.js';
import { z } from '../middleware/guard.js';
import { schemaRoutes, searchQuery } from './schema-router.js';
import {
  organizationRoleRowColumns,
  organizationScopeRowColumns,
  resourceScopeRowColumns,
  serializeOrganizationRole,
  serializeOrganizationScope,
  serializeResourceScope,
  type OrganizationRoleRow,
  type OrganizationScopeRow,
  type ResourceScopeRow,
} from './serialize.js';
import type { RouteModule } from './types.js';

const roleType = z.enum(['User', 'MachineToMachine']);

/** `OrganizationRoles.createGuard.omit({ id })` plus the initial scopes. */
const createBody = z.object({
  tenantId: z.string().max(21).optional(),
  name: z.string().min(1).max(128),
  description: z.string().max(256).nullable().optional(),
  type: roleType.optional(),
  organizationScopeIds: z.array(z.string()).default([]),
  resourceScopeIds: z.array(z.string()).default([]),
});

/** `OrganizationRoles.updateGuard` */
const updateBody = z
  .object({
    tenantId: z.string().max(21),
    id: z.string().min(1).max(21),
    name: z.string().min(1).max(128),
    description: z.string().max(256).nullable(),
    type: roleType,
  })
  .partial();

type RoleScopes = {
  scopes: Array<{ id: string; name: string }>;
  resource_scopes: Array<{ id: string; name: string; resource: { id: string; name: string } }>;
};

/** Organization roles of the organization template (CONTRACT.md 3.1). */
export const organizationRoleRoutes: RouteModule = (router, { db }) => {
  // Logto finds a role with `pool.one`, whose miss is a plain `entity.not_found`.
  const roles = schemaRoutes<OrganizationRoleRow>(router, db, {
    table: 'organization_roles',
    singular: 'organization_role',
    columns: organizationRoleRowColumns,
    serialize: serializeOrganizationRole,
    notFound: 'plain',
  });

  roles.list<z.infer<typeof searchQuery>, RoleScopes>({
    query: searchQuery,
    alias: 'r',
    search: ['r.id', 'r.name', 'r.description'],
    orderBy: 'r.name',
    // Scopes come sorted by id, as Logto's `json_agg(distinct jsonb_build_object('id', ...))` sorts them.
    select: `${organizationRoleRowColumns('r')},
      coalesce(
        (select json_agg(json_build_object('id', s.id, 'name', s.name) order by s.id)
           from organization_role_scope_relations rs
           join organization_scopes s on s.id = rs.organization_scope_id
          where rs.organization_role_id = r.id),
        '[]'::json) as scopes,
      coalesce(
        (select json_agg(
                  json_build_object(
                    'id', sc.id, 'name', sc.name,
                    'resource', json_build_object('id', res.id, 'name', res.name))
                  order by sc.id)
           from organization_role_resource_scope_relations rr
           join scopes sc on sc.id = rr.scope_id
           join resources res on res.id = sc.resource_id
          where rr.organization_role_id = r.id),
        '[]'::json) as resource_scopes`,
    serializeList: (rows) =>
      rows.map(({ scopes, resource_scopes, ...role }) => ({
        ...serializeOrganizationRole(role),
        scopes,
        resourceScopes: resource_scopes,
      })),
  });

  // The role and its initial scopes are created together or not at all.
  roles.create({
    body: createBody,
    write: async (tx, { name, description, type, organizationScopeIds, resourceScopeIds }) => {
      const role = await roles.insertRow(tx, {
        id: generateStandardId(),
        name,
        description: description ?? null,
        type: type ?? 'User',
      });
      if (organizationScopeIds.length > 0) {
        await tx.query(
          `insert into organization_role_scope_relations (organization_role_id, organization_scope_id)
           select $1, scope_id from unnest($2::varchar[]) as scope_id on conflict do nothing`,
          [role.id, organizationScopeIds],
        );
      }
      if (resourceScopeIds.length > 0) {
        await tx.query(
          `insert into organization_role_resource_scope_relations (organization_role_id, scope_id)
           select $1, scope_id from unnest($2::varchar[]) as scope_id on conflict do nothing`,
          [role.id, resourceScopeIds],
        );
      }
      return role;
    },
  });

  roles.getById();

  // `id` and `tenantId` pass Logto's guard too; the emulator does not apply them (ids stay stable).
  roles.patchById({
    body: updateBody,
    changes: (body) => [
      ['name', body.name],
      ['description', body.description],
      ['type', body.type],
    ],
  });

  // User, invitation and scope relations go with it (`on delete cascade`).
  roles.deleteById();

  // Logto's `addRelationRoutes` for a role's scopes: ordered by scope id, the relation's primary key order.
  roles.relation<OrganizationScopeRow>({
    pathname: 'scopes',
    idsKey: 'organizationScopeIds',
    idParam: 'organizationScopeId',
    table: 'organization_role_scope_relations',
    ownerColumn: 'organization_role_id',
    relatedColumn: 'organization_scope_id',
    selectSql: `select ${organizationScopeRowColumns('s')}
                  from organization_role_scope_relations rs
                  join organization_scopes s on s.id = rs.organization_scope_id
                 where rs.organization_role_id = $1
                 order by s.id`,
    serialize: serializeOrganizationScope,
    pagination: 'optional',
  });

  roles.relation<ResourceScopeRow>({
    pathname: 'resource-scopes',
    idsKey: 'scopeIds',
    idParam: 'scopeId',
    table: 'organization_role_resource_scope_relations',
    ownerColumn: 'organization_role_id',
    relatedColumn: 'scope_id',
    selectSql: `select ${resourceScopeRowColumns('sc')}
                  from organization_role_resource_scope_relations rr
                  join scopes sc on sc.id = rr.scope_id
                 where rr.organization_role_id = $1
                 order by sc.id`,
    serialize: serializeResourceScope,
    pagination: 'optional',
  });
};
