import { RequestError } from '../errors.js';
import { koaGuard, z, type GuardState } from '../middleware/guard.js';
import { koaPagination, type PaginationState } from '../middleware/pagination.js';
import {
  applicationColumns,
  applicationSearchColumns,
  findApplicationRow,
  serializeApplication,
  type ApplicationRow,
} from './applications.js';
import { deleteOrNotFound } from './entities.js';
import { addOrganizationRelationRoutes } from './organization-relations.js';
import {
  buildSearchCondition,
  organizationRoleRowColumns,
  organizationRowColumns,
  serializeOrganization,
  serializeOrganizationRole,
  withOrganizationErrors,
  type OrganizationRoleRow,
  type OrganizationRow,
} from './serialize.js';
import type { RouteModule } from './types.js';

const organizationParams = z.object({ id: z.string().min(1) });
const listQuery = z.object({ q: z.string().optional() });
const appParams = organizationParams.extend({ applicationId: z.string().min(1) });
const appRoleParams = appParams.extend({ organizationRoleId: z.string().min(1) });
const roleIdsBody = z.object({ organizationRoleIds: z.string().min(1).array().nonempty() });
const assignBody = z.object({
  applicationIds: z.string().min(1).array().nonempty(),
  organizationRoleIds: z.string().min(1).array().nonempty(),
});

type AppParams = z.infer<typeof appParams>;
type RoleIdsBody = z.infer<typeof roleIdsBody>;
type RoleNames = { organization_roles: Array<{ id: string; name: string }> };

/** The organization roles of an (organization, application) pair as `[{ id, name }]`, by name. */
const rolesOf = (organization: string, application: string) =>
  `coalesce(
     (select json_agg(json_build_object('id', o.id, 'name', o.name) order by o.name)
        from organization_role_application_relations ra
        join organization_roles o on o.id = ra.organization_role_id
       where ra.organization_id = ${organization} and ra.application_id = ${application}),
     '[]'::json) as organization_roles`;

const insertRoles = `insert into organization_role_application_relations
                       (organization_id, organization_role_id, application_id)
                     select $1, role_id, app_id
                       from unnest($2::varchar[]) with ordinality as r(role_id, n)
                       cross join unnest($3::varchar[]) with ordinality as a(app_id, m)
                      order by n, m
                     on conflict do nothing`;

/**
 * Machine-to-machine applications in organizations (Logto's `routes/organization/application`): the
 * membership relation (only `MachineToMachine` apps: 422 `entity.db_constraint_violated`), their
 * organization roles (only `MachineToMachine` roles, same error), and `GET /applications/:id/organizations`.
 */
export const organizationApplicationRoutes: RouteModule = (router, { db }) => {
  addOrganizationRelationRoutes<ApplicationRow>(router, db, {
    path: 'applications',
    table: 'organization_application_relations',
    relationColumn: 'application_id',
    entityTable: 'applications',
    entityColumns: applicationColumns('e'),
    serialize: serializeApplication,
    bodyKey: 'applicationIds',
    paramKey: 'applicationId',
    isPaginationOptional: false,
    disabled: { get: true },
  });

  // Always paginated; `q` searches the application's id, name and description.
  router.get<PaginationState & GuardState<z.infer<typeof listQuery>, undefined, { id: string }>>(
    '/organizations/:id/applications',
    koaPagination(),
    koaGuard({ query: listQuery, params: organizationParams }),
    async (ctx) => {
      const { id } = ctx.state.guard.params;
      const { limit, offset } = ctx.state.pagination;
      const params: unknown[] = [id];
      const search = buildSearchCondition(
        ctx.state.guard.query.q,
        applicationSearchColumns.map((column) => `a.${column}`),
        params,
      );
      const from = `from organization_application_relations r join applications a on a.id = r.application_id
                    where r.organization_id = $1 ${search ? `and ${search}` : ''}`;
      const count = await db.one<{ count: number }>(
        `select count(*)::int as count ${from}`,
        params,
      );
      const rows = await db.query<ApplicationRow & RoleNames>(
        `select ${applicationColumns('a')}, ${rolesOf('r.organization_id', 'r.application_id')}
         ${from} order by r.seq limit $${params.length + 1} offset $${params.length + 2}`,
        [...params, limit, offset],
      );
      ctx.state.pagination.totalCount = count?.count ?? 0;
      ctx.body = rows.map(({ organization_roles, ...row }) => ({
        ...serializeApplication(row),
        organizationRoles: organization_roles,
      }));
    },
  );

  router.post<GuardState<undefined, z.infer<typeof assignBody>, { id: string }>>(
    '/organizations/:id/applications/roles',
    koaGuard({ params: organizationParams, body: assignBody }),
    async (ctx) => {
      const { params, body } = ctx.state.guard;
      await withOrganizationErrors(async () =>
        db.query(insertRoles, [params.id, body.organizationRoleIds, body.applicationIds]),
      );
      ctx.status = 201;
    },
  );

  // Logto checks membership on every `/:id/applications/:applicationId/roles*` route (prefix match), before
  // the route's own validation.
  router.use<GuardState<undefined, undefined, AppParams>>(
    '/organizations/:id/applications/:applicationId/roles',
    koaGuard({ params: appParams }),
    async (ctx, next) => {
      const { id, applicationId } = ctx.state.guard.params;
      const member = await db.one(
        `select 1 from organization_application_relations
          where organization_id = $1 and application_id = $2`,
        [id, applicationId],
      );
      if (!member) throw new RequestError({ code: 'organization.require_membership', status: 422 });
      await next();
    },
  );

  router.get<PaginationState & GuardState<undefined, undefined, AppParams>>(
    '/organizations/:id/applications/:applicationId/roles',
    koaPagination({ isOptional: true }),
    koaGuard({ params: appParams }),
    async (ctx) => {
      const { id, applicationId } = ctx.state.guard.params;
      const { disabled, limit, offset } = ctx.state.pagination;
      const from = `from organization_role_application_relations ra
                    join organization_roles e on e.id = ra.organization_role_id
                   where ra.organization_id = $1 and ra.application_id = $2`;
      const rows = await db.query<OrganizationRoleRow>(
        `select ${organizationRoleRowColumns('e')} ${from} order by ra.seq
         ${disabled ? '' : 'limit $3 offset $4'}`,
        disabled ? [id, applicationId] : [id, applicationId, limit, offset],
      );
      if (!disabled) {
        const count = await db.one<{ count: number }>(`select count(*)::int as count ${from}`, [
          id,
          applicationId,
        ]);
        ctx.state.pagination.totalCount = count?.count ?? 0;
      }
      ctx.body = rows.map(serializeOrganizationRole);
    },
  );

  router.post<GuardState<undefined, RoleIdsBody, AppParams>>(
    '/organizations/:id/applications/:applicationId/roles',
    koaGuard({ params: appParams, body: roleIdsBody }),
    async (ctx) => {
      const { params, body } = ctx.state.guard;
      await withOrganizationErrors(async () =>
        db.query(insertRoles, [params.id, body.organizationRoleIds, [params.applicationId]]),
      );
      ctx.status = 201;
    },
  );

  router.put<GuardState<undefined, RoleIdsBody, AppParams>>(
    '/organizations/:id/applications/:applicationId/roles',
    koaGuard({ params: appParams, body: roleIdsBody }),
    async (ctx) => {
      const { params, body } = ctx.state.guard;
      await withOrganizationErrors(async () =>
        db.transaction(async (tx) => {
          await tx.query(
            `delete from organization_role_application_relations
              where organization_id = $1 and application_id = $2`,
            [params.id, params.applicationId],
          );
          await tx.query(insertRoles, [
            params.id,
            body.organizationRoleIds,
            [params.applicationId],
          ]);
        }),
      );
      ctx.status = 204;
    },
  );

  router.delete<GuardState<undefined, undefined, z.infer<typeof appRoleParams>>>(
    '/organizations/:id/applications/:applicationId/roles/:organizationRoleId',
    koaGuard({ params: appRoleParams }),
    async (ctx) => {
      const { id, applicationId, organizationRoleId } = ctx.state.guard.params;
      await deleteOrNotFound(
        db.pg,
        `delete from organization_role_application_relations
          where organization_id = $1 and application_id = $2 and organization_role_id = $3
          returning organization_id`,
        [id, applicationId, organizationRoleId],
      );
      ctx.status = 204;
    },
  );

  router.get<PaginationState & GuardState<undefined, undefined, { id: string }>>(
    '/applications/:id/organizations',
    koaPagination({ isOptional: true }),
    koaGuard({ params: z.object({ id: z.string() }) }),
    async (ctx) => {
      const { id } = ctx.state.guard.params;
      await findApplicationRow(db.pg, id);
      const { disabled, limit, offset } = ctx.state.pagination;
      const from = `from organization_application_relations r join organizations o on o.id = r.organization_id
                   where r.application_id = $1`;
      const rows = await db.query<OrganizationRow & RoleNames>(
        `select ${organizationRowColumns('o')}, ${rolesOf('r.organization_id', 'r.application_id')}
         ${from} order by r.seq ${disabled ? '' : 'limit $2 offset $3'}`,
        disabled ? [id] : [id, limit, offset],
      );
      if (!disabled) {
        const count = await db.one<{ count: number }>(`select count(*)::int as count ${from}`, [
          id,
        ]);
        ctx.state.pagination.totalCount = count?.count ?? 0;
      }
      ctx.body = rows.map(({ organization_roles, ...row }) => ({
        ...serializeOrganization(row),
        organizationRoles: organization_roles,
      }));
    },
  );
};
