import type { Database } from '../db/database.js';
import { RequestError } from '../errors.js';
import { generateStandardId } from '../ids.js';
import { koaGuard, z, type GuardState } from '../middleware/guard.js';
import { koaPagination, type PaginationState } from '../middleware/pagination.js';
import { deleteOrNotFound } from './entities.js';
import {
  buildSearchCondition,
  buildUpdateAssignments,
  emptyUpdateResponse,
  organizationRoleRowColumns,
  organizationScopeRowColumns,
  resourceScopeRowColumns,
  serializeOrganizationRole,
  serializeOrganizationScope,
  serializeResourceScope,
  withOrganizationErrors,
  type OrganizationRoleRow,
  type OrganizationScopeRow,
  type ResourceScopeRow,
} from './serialize.js';
import type { ManagementApiRouter, RouteModule } from './types.js';

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

const idParams = z.object({ id: z.string().min(1) });
const listQuery = z.object({ q: z.string().optional() });

type CreateBody = z.infer<typeof createBody>;
type UpdateBody = z.infer<typeof updateBody>;
type IdParams = z.infer<typeof idParams>;
type ListQuery = z.infer<typeof listQuery>;

type RoleWithScopesRow = OrganizationRoleRow & {
  scopes: Array<{ id: string; name: string }>;
  resource_scopes: Array<{ id: string; name: string; resource: { id: string; name: string } }>;
};

/** Logto finds a role with `pool.one`, whose miss is a plain `entity.not_found`. */
const roleNotFound = () => new RequestError({ code: 'entity.not_found', status: 404 });

type RelationConfig<Row> = {
  /** Path segment under `/organization-roles/:id/`. */
  pathname: string;
  /** Body key for POST/PUT and route parameter (singular) for DELETE. */
  idsKey: 'organizationScopeIds' | 'scopeIds';
  idParam: 'organizationScopeId' | 'scopeId';
  table: string;
  column: string;
  /** Selects the related rows of role `$1`, ordered, without limit. */
  selectSql: string;
  serialize: (row: Row) => unknown;
};

/**
 * Logto's `SchemaRouter.addRelationRoutes` for a role's scopes: GET (optional pagination, 404 for an unknown
 * role), POST (add, existing ignored), PUT (replace), DELETE one (404 when not related). Ordered by scope id,
 * the order of the relation's primary key.
 */
function addRoleRelationRoutes<Row>(
  router: ManagementApiRouter,
  db: Database,
  config: RelationConfig<Row>,
) {
  const path = `/organization-roles/:id/${config.pathname}`;
  const addBody = z.object({ [config.idsKey]: z.string().min(1).array().nonempty() });
  const replaceBody = z.object({ [config.idsKey]: z.string().min(1).array() });
  const deleteParams = z.object({ id: z.string().min(1), [config.idParam]: z.string().min(1) });
  const idsOf = (body: Partial<Record<string, string[]>>) => body[config.idsKey] ?? [];

  router.get<PaginationState & GuardState<undefined, undefined, IdParams>>(
    path,
    koaPagination({ isOptional: true }),
    koaGuard({ params: idParams }),
    async (ctx) => {
      const { id } = ctx.state.guard.params;
      const { disabled, limit, offset } = ctx.state.pagination;
      const { total, rows } = await db.transaction(async (tx) => {
        const { rows: found } = await tx.query('select id from organization_roles where id = $1', [
          id,
        ]);
        if (found.length === 0) throw roleNotFound();
        const counted = await tx.query<{ count: number }>(
          `select count(*)::int as count from ${config.table} where organization_role_id = $1`,
          [id],
        );
        const { rows: related } = await tx.query<Row>(
          disabled ? config.selectSql : `${config.selectSql} limit $2 offset $3`,
          disabled ? [id] : [id, limit, offset],
        );
        return { total: counted.rows[0]?.count ?? 0, rows: related };
      });
      if (!disabled) ctx.state.pagination.totalCount = total;
      ctx.body = rows.map((row) => config.serialize(row));
    },
  );

  router.post<GuardState<undefined, z.infer<typeof addBody>, IdParams>>(
    path,
    koaGuard({ params: idParams, body: addBody }),
    async (ctx) => {
      const { params, body } = ctx.state.guard;
      await withOrganizationErrors(async () =>
        db.query(
          `insert into ${config.table} (organization_role_id, ${config.column})
           select $1, related_id from unnest($2::varchar[]) as related_id
           on conflict do nothing`,
          [params.id, idsOf(body)],
        ),
      );
      ctx.status = 201;
    },
  );

  router.put<GuardState<undefined, z.infer<typeof replaceBody>, IdParams>>(
    path,
    koaGuard({ params: idParams, body: replaceBody }),
    async (ctx) => {
      const { params, body } = ctx.state.guard;
      const ids = idsOf(body);
      await withOrganizationErrors(async () =>
        db.transaction(async (tx) => {
          await tx.query(
            `delete from ${config.table} where organization_role_id = $1 and not (${config.column} = any($2::varchar[]))`,
            [params.id, ids],
          );
          if (ids.length === 0) return;
          await tx.query(
            `insert into ${config.table} (organization_role_id, ${config.column})
             select $1, related_id from unnest($2::varchar[]) as related_id
             on conflict do nothing`,
            [params.id, ids],
          );
        }),
      );
      ctx.status = 204;
    },
  );

  router.delete<GuardState<undefined, undefined, z.infer<typeof deleteParams>>>(
    `${path}/:${config.idParam}`,
    koaGuard({ params: deleteParams }),
    async (ctx) => {
      const { params } = ctx.state.guard;
      await deleteOrNotFound(
        db.pg,
        `delete from ${config.table} where organization_role_id = $1 and ${config.column} = $2
         returning organization_role_id`,
        [params.id, params[config.idParam]],
      );
      ctx.status = 204;
    },
  );
}

/** Organization roles of the organization template (CONTRACT.md 3.1). */
export const organizationRoleRoutes: RouteModule = (router, { db }) => {
  router.get<PaginationState & GuardState<ListQuery, undefined, undefined>>(
    '/organization-roles',
    koaPagination(),
    koaGuard({ query: listQuery }),
    async (ctx) => {
      const { limit, offset } = ctx.state.pagination;
      const params: unknown[] = [];
      const search = buildSearchCondition(
        ctx.state.guard.query.q,
        ['r.id', 'r.name', 'r.description'],
        params,
      );
      const where = search ? `where ${search}` : '';
      const { total, rows } = await db.transaction(async (tx) => {
        const counted = await tx.query<{ count: number }>(
          `select count(*)::int as count from organization_roles r ${where}`,
          params,
        );
        // Scopes come sorted by id, as Logto's `json_agg(distinct jsonb_build_object('id', ...))` sorts them.
        const { rows: roles } = await tx.query<RoleWithScopesRow>(
          `select ${organizationRoleRowColumns('r')},
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
               '[]'::json) as resource_scopes
           from organization_roles r ${where}
           order by r.name
           limit $${params.length + 1} offset $${params.length + 2}`,
          [...params, limit, offset],
        );
        return { total: counted.rows[0]?.count ?? 0, rows: roles };
      });
      ctx.state.pagination.totalCount = total;
      ctx.body = rows.map(({ scopes, resource_scopes, ...role }) => ({
        ...serializeOrganizationRole(role),
        scopes,
        resourceScopes: resource_scopes,
      }));
    },
  );

  router.post<GuardState<undefined, CreateBody, undefined>>(
    '/organization-roles',
    koaGuard({ body: createBody }),
    async (ctx) => {
      const { name, description, type, organizationScopeIds, resourceScopeIds } =
        ctx.state.guard.body;
      // The role and its initial scopes are created together or not at all.
      const row = await withOrganizationErrors(async () =>
        db.transaction(async (tx) => {
          const {
            rows: [role],
          } = await tx.query<OrganizationRoleRow>(
            `insert into organization_roles (id, name, description, type) values ($1, $2, $3, $4)
             returning ${organizationRoleRowColumns()}`,
            [generateStandardId(), name, description ?? null, type ?? 'User'],
          );
          if (!role) throw new Error('insert into organization_roles returned no row');
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
        }),
      );
      ctx.status = 201;
      ctx.body = serializeOrganizationRole(row);
    },
  );

  router.get<GuardState<undefined, undefined, IdParams>>(
    '/organization-roles/:id',
    koaGuard({ params: idParams }),
    async (ctx) => {
      const row = await db.one<OrganizationRoleRow>(
        `select ${organizationRoleRowColumns()} from organization_roles where id = $1`,
        [ctx.state.guard.params.id],
      );
      if (!row) throw roleNotFound();
      ctx.body = serializeOrganizationRole(row);
    },
  );

  router.patch<GuardState<undefined, UpdateBody, IdParams>>(
    '/organization-roles/:id',
    koaGuard({ params: idParams, body: updateBody }),
    async (ctx) => {
      const { body } = ctx.state.guard;
      const params: unknown[] = [];
      // `id` and `tenantId` pass Logto's guard too; the emulator does not apply them (ids stay stable).
      const assignments = buildUpdateAssignments(
        [
          ['name', body.name],
          ['description', body.description],
          ['type', body.type],
        ],
        params,
      );
      if (assignments.length === 0) {
        ctx.status = emptyUpdateResponse.status;
        ctx.body = emptyUpdateResponse.body;
        return;
      }
      params.push(ctx.state.guard.params.id);
      const row = await withOrganizationErrors(async () =>
        db.one<OrganizationRoleRow>(
          `update organization_roles set ${assignments.join(', ')} where id = $${params.length}
           returning ${organizationRoleRowColumns()}`,
          params,
        ),
      );
      if (!row) {
        throw new RequestError({
          code: 'entity.not_exists',
          status: 404,
          values: { name: 'organization_role' },
        });
      }
      ctx.body = serializeOrganizationRole(row);
    },
  );

  router.delete<GuardState<undefined, undefined, IdParams>>(
    '/organization-roles/:id',
    koaGuard({ params: idParams }),
    async (ctx) => {
      // User, invitation and scope relations go with it (`on delete cascade`).
      await deleteOrNotFound(db.pg, 'delete from organization_roles where id = $1 returning id', [
        ctx.state.guard.params.id,
      ]);
      ctx.status = 204;
    },
  );

  addRoleRelationRoutes<OrganizationScopeRow>(router, db, {
    pathname: 'scopes',
    idsKey: 'organizationScopeIds',
    idParam: 'organizationScopeId',
    table: 'organization_role_scope_relations',
    column: 'organization_scope_id',
    selectSql: `select ${organizationScopeRowColumns('s')}
                  from organization_role_scope_relations rs
                  join organization_scopes s on s.id = rs.organization_scope_id
                 where rs.organization_role_id = $1
                 order by s.id`,
    serialize: serializeOrganizationScope,
  });

  addRoleRelationRoutes<ResourceScopeRow>(router, db, {
    pathname: 'resource-scopes',
    idsKey: 'scopeIds',
    idParam: 'scopeId',
    table: 'organization_role_resource_scope_relations',
    column: 'scope_id',
    selectSql: `select ${resourceScopeRowColumns('sc')}
                  from organization_role_resource_scope_relations rr
                  join scopes sc on sc.id = rr.scope_id
                 where rr.organization_role_id = $1
                 order by sc.id`,
    serialize: serializeResourceScope,
  });
};
