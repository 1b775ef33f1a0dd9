import { pgErrorCode, pgErrorCodes, type Queryable } from '../db/database.js';
import { RequestError } from '../errors.js';
import { generateStandardId } from '../ids.js';
import { koaGuard, z, type GuardState } from '../middleware/guard.js';
import { koaPagination, type PaginationState } from '../middleware/pagination.js';
import { deleteOrNotFound } from './entities.js';
import {
  findApplicationRow,
  findM2mApplicationsPage,
  insertApplicationRoles,
} from './applications.js';
import {
  findScopeRow,
  isManagementApi,
  resourceColumns,
  scopeSearchColumns,
  serializeResource,
  type ResourceRow,
} from './resources.js';
import {
  resourceScopeRowColumns,
  serializeResourceScope,
  serializeUser,
  userRowColumns,
  type ResourceScopeRow,
  type UserRow,
} from './serialize.js';
import type { RouteModule } from './types.js';
import {
  buildSearchConditions,
  findRoleRow,
  findUserRow,
  insertUserRoles,
  parseSearchParams,
  roleColumns,
  roleSearchColumns,
  serializeRole,
  whereClause,
  withSearchErrors,
  type RoleRow,
} from './users.js';

/**
 * Global (tenant-level) roles, after Logto's `routes/role.ts`, `role.scope.ts`, `role.user.ts` and
 * `role.application.ts`: `User` roles go to users, `MachineToMachine` roles to M2M applications, and
 * both carry API resource scopes.
 */

const roleTypes = ['User', 'MachineToMachine'] as const;

// Key order follows `Roles.createGuard` (zod reports issues in this order).
const createRoleGuard = z.object({
  tenantId: z.string().max(21).optional(),
  name: z.string().max(128),
  description: z.string().max(128),
  type: z.enum(roleTypes).optional(),
  isDefault: z.boolean().optional(),
  scopeIds: z.string().min(1).array().optional(),
});
const updateRoleGuard = z
  .object({ name: z.string().max(128), description: z.string().max(128), isDefault: z.boolean() })
  .partial();
const listQueryGuard = z.object({
  excludeUserId: z.string().optional(),
  excludeApplicationId: z.string().optional(),
  type: z.enum(roleTypes).optional(),
});

const idParams = z.object({ id: z.string().min(1) });
const scopeParams = z.object({ id: z.string().min(1), scopeId: z.string().min(1) });
const userParams = z.object({ id: z.string().min(1), userId: z.string().min(1) });
const applicationParams = z.object({ id: z.string().min(1), applicationId: z.string().min(1) });
const scopeIdsBody = z.object({ scopeIds: z.string().min(1).array().nonempty() });
const userIdsBody = z.object({ userIds: z.string().min(1).array().nonempty() });
const applicationIdsBody = z.object({ applicationIds: z.string().min(1).array().nonempty() });

async function assertRoleNameFree(db: Queryable, name: string, excludeRoleId = '') {
  const { rows } = await db.query('select 1 from roles where name = $1 and id <> $2', [
    name,
    excludeRoleId,
  ]);
  if (rows.length > 0)
    throw new RequestError({ code: 'role.name_in_use', status: 422, values: { name } });
}

/**
 * Logto's `validateRoleScopeAssignment`: scopes not yet on the role (unless the role is new), existing, and
 * never Management API scopes on a `User` role.
 */
async function validateRoleScopeAssignment(
  db: Queryable,
  scopeIds: string[],
  role: RoleRow,
  isNewRole: boolean,
) {
  if (!isNewRole) {
    const { rows } = await db.query<{ scope_id: string }>(
      'select scope_id from roles_scopes where role_id = $1',
      [role.id],
    );
    const existing = new Set(rows.map(({ scope_id }) => scope_id));
    const duplicate = scopeIds.find((scopeId) => existing.has(scopeId));
    if (duplicate) {
      throw new RequestError({
        code: 'role.scope_exists',
        status: 422,
        values: { scopeId: duplicate },
      });
    }
  }
  for (const scopeId of scopeIds) {
    const { resource_id: resourceId } = await findScopeRow(db, scopeId);
    if (role.type === 'User') {
      const { rows } = await db.query<{ indicator: string }>(
        'select indicator from resources where id = $1',
        [resourceId],
      );
      if (rows[0] && isManagementApi(rows[0].indicator)) {
        throw new RequestError({
          code: 'role.management_api_scopes_not_assignable_to_user_role',
          status: 400,
        });
      }
    }
  }
}

async function insertRoleScopes(db: Queryable, roleId: string, scopeIds: string[]) {
  await db.query(
    `insert into roles_scopes (role_id, scope_id) select $1, unnest($2::varchar[]) on conflict do nothing`,
    [roleId, scopeIds],
  );
}

/** `role.user_exists` / `role.application_exists`: the first requested id already related to the role. */
async function findFirstRelated(
  db: Queryable,
  table: 'users_roles' | 'applications_roles',
  roleId: string,
  ids: string[],
) {
  const column = table === 'users_roles' ? 'user_id' : 'application_id';
  const { rows } = await db.query<{ id: string }>(
    `select ${column} as id from ${table} where role_id = $1 and ${column} = any($2::varchar[]) limit 1`,
    [roleId, ids],
  );
  return rows[0]?.id;
}

type RoleWithFeaturedRow = RoleRow & {
  users_count: number;
  featured_users: Array<{ id: string; avatar: string | null; name: string | null }>;
  applications_count: number;
  featured_applications: Array<{ id: string; name: string; type: string }>;
};

export const roleRoutes: RouteModule = (router, { db }) => {
  router.get<GuardState<z.infer<typeof listQueryGuard>, undefined, undefined> & PaginationState>(
    '/roles',
    koaPagination(),
    koaGuard({ query: listQueryGuard }),
    async (ctx) => {
      const { limit, offset } = ctx.state.pagination;
      const { type, excludeUserId, excludeApplicationId } = ctx.state.guard.query;
      await withSearchErrors(async () => {
        const search = parseSearchParams(ctx.request.URL.searchParams);
        const params: unknown[] = [];
        const conditions: Array<string | undefined> = [];
        if (excludeUserId) {
          params.push(excludeUserId);
          conditions.push(
            `id not in (select role_id from users_roles where user_id = $${params.length})`,
          );
        }
        if (excludeApplicationId) {
          params.push(excludeApplicationId);
          conditions.push(
            `id not in (select role_id from applications_roles where application_id = $${params.length})`,
          );
        }
        if (type) {
          params.push(type);
          conditions.push(`type = $${params.length}`);
        }
        conditions.push(buildSearchConditions(search, roleSearchColumns, params, 'roles'));
        const where = whereClause(conditions);

        const { rows: count } = await db.pg.query<{ count: number }>(
          `select count(*)::int as count from roles ${where}`,
          params,
        );
        // Each role with its user and application counts and the first three of each (Logto's console list).
        const { rows } = await db.pg.query<RoleWithFeaturedRow>(
          `select ${roleColumns('roles')},
             (select count(*)::int from users_roles ur where ur.role_id = roles.id) as users_count,
             coalesce((select json_agg(json_build_object('id', u.id, 'avatar', u.avatar, 'name', u.name))
                       from (select u.id, u.avatar, u.name from users_roles ur join users u on u.id = ur.user_id
                             where ur.role_id = roles.id order by u.seq limit 3) u), '[]'::json) as featured_users,
             (select count(*)::int from applications_roles ar where ar.role_id = roles.id) as applications_count,
             coalesce((select json_agg(json_build_object('id', a.id, 'name', a.name, 'type', a.type))
                       from (select a.id, a.name, a.type from applications_roles ar
                             join applications a on a.id = ar.application_id
                             where ar.role_id = roles.id order by a.seq limit 3) a), '[]'::json)
               as featured_applications
           from roles ${where} order by roles.seq
           limit $${params.length + 1} offset $${params.length + 2}`,
          [...params, limit, offset],
        );
        ctx.state.pagination.totalCount = count[0]?.count ?? 0;
        ctx.body = rows.map((row) => ({
          ...serializeRole(row),
          usersCount: row.users_count,
          featuredUsers: row.featured_users,
          applicationsCount: row.applications_count,
          featuredApplications: row.featured_applications,
        }));
      });
    },
  );

  router.post<GuardState<undefined, z.infer<typeof createRoleGuard>, undefined>>(
    '/roles',
    koaGuard({ body: createRoleGuard }),
    async (ctx) => {
      const {
        name,
        description,
        type = 'User',
        isDefault = false,
        scopeIds,
      } = ctx.state.guard.body;
      const nameInUse = new RequestError({
        code: 'role.name_in_use',
        status: 422,
        values: { name },
      });
      const role = await db
        .transaction(async (tx) => {
          await assertRoleNameFree(tx, name);
          const { rows } = await tx.query<RoleRow>(
            `insert into roles (id, name, description, type, is_default) values ($1, $2, $3, $4, $5)
             returning ${roleColumns()}`,
            [generateStandardId(), name, description, type, isDefault],
          );
          return rows[0];
        })
        .catch((error: unknown) => {
          throw pgErrorCode(error) === pgErrorCodes.uniqueViolation ? nameInUse : error;
        });
      if (!role) throw new Error('The role insert returned no row');

      // As in Logto, the role is created before its scopes are checked: a bad scope id answers 404 (or
      // 400 for Management API scopes on a user role) and leaves the new role in place.
      if (scopeIds) {
        const uniqueScopeIds = [...new Set(scopeIds)];
        await db.transaction(async (tx) => {
          await validateRoleScopeAssignment(tx, uniqueScopeIds, role, true);
          await insertRoleScopes(tx, role.id, uniqueScopeIds);
        });
      }
      // Logto answers 200 here, not 201.
      ctx.body = serializeRole(role);
    },
  );

  router.get<GuardState<undefined, undefined, z.infer<typeof idParams>>>(
    '/roles/:id',
    koaGuard({ params: idParams }),
    async (ctx) => {
      ctx.body = serializeRole(await findRoleRow(db.pg, ctx.state.guard.params.id));
    },
  );

  router.patch<GuardState<undefined, z.infer<typeof updateRoleGuard>, z.infer<typeof idParams>>>(
    '/roles/:id',
    koaGuard({ params: idParams, body: updateRoleGuard }),
    async (ctx) => {
      const { id } = ctx.state.guard.params;
      const { name, description, isDefault } = ctx.state.guard.body;
      const nameInUse = new RequestError({
        code: 'role.name_in_use',
        status: 422,
        values: { name: name ?? '' },
      });
      const role = await db
        .transaction(async (tx) => {
          const current = await findRoleRow(tx, id);
          if (name) await assertRoleNameFree(tx, name, id);
          if (name === undefined && description === undefined && isDefault === undefined)
            return current;
          const { rows } = await tx.query<RoleRow>(
            `update roles set name = coalesce($2, name), description = coalesce($3, description),
                              is_default = coalesce($4, is_default)
             where id = $1 returning ${roleColumns()}`,
            [id, name ?? null, description ?? null, isDefault ?? null],
          );
          const [row] = rows;
          if (!row)
            throw new RequestError({
              code: 'entity.not_exists',
              status: 404,
              values: { name: 'role' },
            });
          return row;
        })
        .catch((error: unknown) => {
          throw pgErrorCode(error) === pgErrorCodes.uniqueViolation ? nameInUse : error;
        });
      ctx.body = serializeRole(role);
    },
  );

  router.delete<GuardState<undefined, undefined, z.infer<typeof idParams>>>(
    '/roles/:id',
    koaGuard({ params: idParams }),
    async (ctx) => {
      const { id } = ctx.state.guard.params;
      await findRoleRow(db.pg, id);
      // Relations to users, applications and scopes cascade.
      await db.pg.query('delete from roles where id = $1', [id]);
      ctx.status = 204;
    },
  );

  // MARK: Scopes (API resource permissions) of a role

  router.get<GuardState<undefined, undefined, z.infer<typeof idParams>> & PaginationState>(
    '/roles/:id/scopes',
    koaPagination({ isOptional: true }),
    koaGuard({ params: idParams }),
    async (ctx) => {
      const { id } = ctx.state.guard.params;
      const { disabled, limit, offset } = ctx.state.pagination;
      await findRoleRow(db.pg, id);
      await withSearchErrors(async () => {
        const search = parseSearchParams(ctx.request.URL.searchParams);
        const params: unknown[] = [id];
        const where = whereClause([
          's.id in (select scope_id from roles_scopes where role_id = $1)',
          buildSearchConditions(search, scopeSearchColumns, params, 's'),
        ]);
        const page = disabled ? '' : `limit $${params.length + 1} offset $${params.length + 2}`;
        const { rows } = await db.pg.query<ResourceScopeRow & { resource: ResourceRow }>(
          `select ${resourceScopeRowColumns('s')}, row_to_json(r) as resource
           from scopes s join (select ${resourceColumns()} from resources) r on r.id = s.resource_id
           ${where} order by s.seq ${page}`,
          disabled ? params : [...params, limit, offset],
        );
        if (!disabled) {
          const { rows: count } = await db.pg.query<{ count: number }>(
            `select count(*)::int as count from scopes s ${where}`,
            params,
          );
          ctx.state.pagination.totalCount = count[0]?.count ?? 0;
        }
        // Logto's `scopeResponseGuard`: each scope with its resource.
        ctx.body = rows.map((row) => ({
          ...serializeResourceScope(row),
          resource: serializeResource(row.resource),
        }));
      });
    },
  );

  router.post<GuardState<undefined, z.infer<typeof scopeIdsBody>, z.infer<typeof idParams>>>(
    '/roles/:id/scopes',
    koaGuard({ params: idParams, body: scopeIdsBody }),
    async (ctx) => {
      const { id } = ctx.state.guard.params;
      const scopeIds = [...new Set(ctx.state.guard.body.scopeIds)];
      const scopes = await db.transaction(async (tx) => {
        const role = await findRoleRow(tx, id);
        await validateRoleScopeAssignment(tx, scopeIds, role, false);
        await insertRoleScopes(tx, id, scopeIds);
        // Deprecated in Logto but still there: the body lists all of the role's scopes.
        const { rows } = await tx.query<ResourceScopeRow>(
          `select ${resourceScopeRowColumns()} from scopes
           where id in (select scope_id from roles_scopes where role_id = $1) order by seq`,
          [id],
        );
        return rows;
      });
      ctx.status = 201;
      ctx.body = scopes.map(serializeResourceScope);
    },
  );

  router.delete<GuardState<undefined, undefined, z.infer<typeof scopeParams>>>(
    '/roles/:id/scopes/:scopeId',
    koaGuard({ params: scopeParams }),
    async (ctx) => {
      const { id, scopeId } = ctx.state.guard.params;
      await deleteOrNotFound(
        db.pg,
        'delete from roles_scopes where role_id = $1 and scope_id = $2 returning 1',
        [id, scopeId],
      );
      ctx.status = 204;
    },
  );

  // MARK: Users holding a role

  router.get<GuardState<undefined, undefined, z.infer<typeof idParams>> & PaginationState>(
    '/roles/:id/users',
    koaPagination(),
    koaGuard({ params: idParams }),
    async (ctx) => {
      const { id } = ctx.state.guard.params;
      const { limit, offset } = ctx.state.pagination;
      await findRoleRow(db.pg, id);
      await withSearchErrors(async () => {
        const search = parseSearchParams(ctx.request.URL.searchParams);
        const params: unknown[] = [id];
        const where = whereClause([
          'exists (select 1 from users_roles r where r.role_id = $1 and r.user_id = users.id)',
          buildSearchConditions(
            search,
            ['id', 'primary_email', 'primary_phone', 'username', 'name'],
            params,
            'users',
          ),
        ]);
        const { rows: count } = await db.pg.query<{ count: number }>(
          `select count(*)::int as count from users ${where}`,
          params,
        );
        const { rows } = await db.pg.query<UserRow>(
          `select ${userRowColumns('users')} from users ${where} order by users.created_at desc, users.seq desc
           limit $${params.length + 1} offset $${params.length + 2}`,
          [...params, limit, offset],
        );
        ctx.state.pagination.totalCount = count[0]?.count ?? 0;
        // This list has the plain user info (no `hasPassword`).
        ctx.body = rows.map(serializeUser);
      });
    },
  );

  router.post<GuardState<undefined, z.infer<typeof userIdsBody>, z.infer<typeof idParams>>>(
    '/roles/:id/users',
    koaGuard({ params: idParams, body: userIdsBody }),
    async (ctx) => {
      const { id } = ctx.state.guard.params;
      const userIds = [...new Set(ctx.state.guard.body.userIds)];
      await db.transaction(async (tx) => {
        await findRoleRow(tx, id);
        const related = await findFirstRelated(tx, 'users_roles', id, userIds);
        if (related)
          throw new RequestError({
            code: 'role.user_exists',
            status: 422,
            values: { userId: related },
          });
        for (const userId of userIds) await findUserRow(tx, userId);
        await insertUserRoles(
          tx,
          userIds.map((userId) => ({ userId, roleId: id })),
        );
      });
      ctx.status = 201;
    },
  );

  router.delete<GuardState<undefined, undefined, z.infer<typeof userParams>>>(
    '/roles/:id/users/:userId',
    koaGuard({ params: userParams }),
    async (ctx) => {
      const { id, userId } = ctx.state.guard.params;
      await deleteOrNotFound(
        db.pg,
        'delete from users_roles where role_id = $1 and user_id = $2 returning 1',
        [id, userId],
      );
      ctx.status = 204;
    },
  );

  // MARK: Machine-to-machine applications holding a role

  router.get<GuardState<undefined, undefined, z.infer<typeof idParams>> & PaginationState>(
    '/roles/:id/applications',
    koaPagination(),
    koaGuard({ params: idParams }),
    async (ctx) => {
      const { id } = ctx.state.guard.params;
      const { limit, offset } = ctx.state.pagination;
      await findRoleRow(db.pg, id);
      await withSearchErrors(async () => {
        const search = parseSearchParams(ctx.request.URL.searchParams);
        const { rows } = await db.pg.query<{ application_id: string }>(
          'select application_id from applications_roles where role_id = $1',
          [id],
        );
        const { totalCount, applications } = await findM2mApplicationsPage(
          db.pg,
          search,
          rows.map(({ application_id }) => application_id),
          { limit, offset },
        );
        ctx.state.pagination.totalCount = totalCount;
        ctx.body = applications;
      });
    },
  );

  router.post<GuardState<undefined, z.infer<typeof applicationIdsBody>, z.infer<typeof idParams>>>(
    '/roles/:id/applications',
    koaGuard({ params: idParams, body: applicationIdsBody }),
    async (ctx) => {
      const { id } = ctx.state.guard.params;
      const applicationIds = [...new Set(ctx.state.guard.body.applicationIds)];
      await db.transaction(async (tx) => {
        await findRoleRow(tx, id);
        const related = await findFirstRelated(tx, 'applications_roles', id, applicationIds);
        if (related) {
          // Logto fills the message's `{{applicationId}}` from a `userId` value, so it renders empty.
          throw new RequestError({
            code: 'role.application_exists',
            status: 422,
            values: { userId: related },
          });
        }
        for (const applicationId of applicationIds) await findApplicationRow(tx, applicationId);
        await insertApplicationRoles(
          tx,
          applicationIds.map((applicationId) => ({ applicationId, roleId: id })),
        );
      });
      ctx.status = 201;
    },
  );

  router.delete<GuardState<undefined, undefined, z.infer<typeof applicationParams>>>(
    '/roles/:id/applications/:applicationId',
    koaGuard({ params: applicationParams }),
    async (ctx) => {
      const { id, applicationId } = ctx.state.guard.params;
      await deleteOrNotFound(
        db.pg,
        'delete from applications_roles where role_id = $1 and application_id = $2 returning 1',
        [id, applicationId],
      );
      ctx.status = 204;
    },
  );
};
