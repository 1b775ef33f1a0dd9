import type { Database } from '../db/database.js';
import { RequestError } from '../errors.js';
import { koaGuard, z, type GuardState } from '../middleware/guard.js';
import { koaPagination, type PaginationState } from '../middleware/pagination.js';
import { deleteOrNotFound } from './entities.js';
import {
  buildSearchCondition,
  organizationRoleRowColumns,
  organizationScopeRowColumns,
  serializeOrganizationRole,
  serializeOrganizationScope,
  serializeUser,
  userRowColumns,
  withOrganizationErrors,
  type OrganizationRoleRow,
  type OrganizationScopeRow,
  type UserRow,
} from './serialize.js';
import type { RouteModule } from './types.js';

const organizationParams = z.object({ id: z.string().min(1) });
const memberParams = z.object({ id: z.string().min(1), userId: z.string().min(1) });
const memberRoleParams = memberParams.extend({ organizationRoleId: z.string().min(1) });
const memberListQuery = z.object({
  q: z.string().optional(),
  organizationRoleId: z.string().optional(),
});
const addMembersBody = z.object({ userIds: z.string().min(1).array().nonempty() });
const replaceMembersBody = z.object({ userIds: z.string().min(1).array() });
const assignRolesBody = z.object({
  userIds: z.string().min(1).array().nonempty(),
  organizationRoleIds: z.string().min(1).array().nonempty(),
});
const memberRolesBody = z.object({
  organizationRoleIds: z.string().min(1).array().optional(),
  organizationRoleNames: z.string().min(1).array().optional(),
});

type OrganizationParams = z.infer<typeof organizationParams>;
type MemberParams = z.infer<typeof memberParams>;
type MemberRoleParams = z.infer<typeof memberRoleParams>;
type MemberListQuery = z.infer<typeof memberListQuery>;
type AddMembersBody = z.infer<typeof addMembersBody>;
type ReplaceMembersBody = z.infer<typeof replaceMembersBody>;
type AssignRolesBody = z.infer<typeof assignRolesBody>;
type MemberRolesBody = z.infer<typeof memberRolesBody>;

/** Logto's `userSearchKeys`, as columns of `users u`. */
const memberSearchColumns = ['u.id', 'u.primary_email', 'u.primary_phone', 'u.username', 'u.name'];

type MemberRow = UserRow & { organization_roles: Array<{ id: string; name: string }> };

/**
 * One page of an organization's members with their roles (sorted by role name), ordered by user id: a count
 * and a page query. The page of ids is chosen first (walking the `(organization_id, user_id)` primary key),
 * so the role aggregation runs for the rows returned only, not for every row skipped by the offset.
 */
async function findMembers(
  db: Database,
  organizationId: string,
  { q, organizationRoleId }: MemberListQuery,
  { limit, offset }: { limit: number; offset: number },
) {
  const params: unknown[] = [organizationId];
  const conditions = ['r.organization_id = $1'];
  const search = buildSearchCondition(q, memberSearchColumns, params);
  if (search) conditions.push(search);
  if (organizationRoleId) {
    params.push(organizationRoleId);
    conditions.push(`exists (
      select 1 from organization_role_user_relations f
       where f.organization_id = r.organization_id and f.user_id = r.user_id
         and f.organization_role_id = $${params.length})`);
  }
  // Every member is a user (foreign key), so `users` is only joined when the search needs its columns.
  const from = `from organization_user_relations r ${search ? 'join users u on u.id = r.user_id' : ''}
                where ${conditions.join(' and ')}`;

  return db.transaction(async (tx) => {
    const counted = await tx.query<{ count: number }>(
      `select count(*)::int as count ${from}`,
      params,
    );
    const { rows } = await tx.query<MemberRow>(
      `with page as (
         select r.organization_id, r.user_id ${from}
          order by r.user_id
          limit $${params.length + 1} offset $${params.length + 2}
       )
       select ${userRowColumns('u')},
         coalesce(
           (select json_agg(json_build_object('id', o.id, 'name', o.name) order by o.name)
              from organization_role_user_relations ru
              join organization_roles o on o.id = ru.organization_role_id
             where ru.organization_id = p.organization_id and ru.user_id = p.user_id),
           '[]'::json) as organization_roles
       from page p
       join users u on u.id = p.user_id
       order by p.user_id`,
      [...params, limit, offset],
    );
    return { total: counted.rows[0]?.count ?? 0, rows };
  });
}

/**
 * The role ids of a role assignment: `organizationRoleIds` first, then `organizationRoleNames` resolved by
 * exact, case-sensitive name; duplicates dropped. Unknown names are a 422.
 */
async function resolveRoleIds(
  db: Database,
  { organizationRoleIds = [], organizationRoleNames = [] }: MemberRolesBody,
) {
  const roleIds = [...organizationRoleIds];
  if (organizationRoleNames.length > 0) {
    const roles = await db.query<{ id: string; name: string }>(
      'select id, name from organization_roles where name = any($1::varchar[])',
      [organizationRoleNames],
    );
    const idsByName = new Map(roles.map(({ id, name }) => [name, id]));
    const missing = [...new Set(organizationRoleNames.filter((name) => !idsByName.has(name)))];
    if (missing.length > 0) {
      throw new RequestError({
        code: 'organization.role_names_not_found',
        status: 422,
        values: { roleNames: missing.join(', ') },
      });
    }
    for (const name of organizationRoleNames) {
      const id = idsByName.get(name);
      if (id) roleIds.push(id);
    }
  }
  return [...new Set(roleIds)];
}

/** Organization members and their organization roles (CONTRACT.md 2). */
export const organizationUserRoutes: RouteModule = (router, { db }) => {
  // No existence check on the organization: an unknown id is an empty list (samples/50).
  router.get<PaginationState & GuardState<MemberListQuery, undefined, OrganizationParams>>(
    '/organizations/:id/users',
    koaPagination(),
    koaGuard({ query: memberListQuery, params: organizationParams }),
    async (ctx) => {
      const { total, rows } = await findMembers(
        db,
        ctx.state.guard.params.id,
        ctx.state.guard.query,
        ctx.state.pagination,
      );
      ctx.state.pagination.totalCount = total;
      ctx.body = rows.map(({ organization_roles, ...user }) => ({
        ...serializeUser(user),
        organizationRoles: organization_roles,
      }));
    },
  );

  router.post<GuardState<undefined, AddMembersBody, OrganizationParams>>(
    '/organizations/:id/users',
    koaGuard({ params: organizationParams, body: addMembersBody }),
    async (ctx) => {
      const { params, body } = ctx.state.guard;
      // Existing members and repeated ids are ignored; a missing organization or user is a 422.
      await withOrganizationErrors(async () =>
        db.query(
          `insert into organization_user_relations (organization_id, user_id, created_at)
           select $1, user_id, $3 from unnest($2::varchar[]) as user_id
           on conflict do nothing`,
          [params.id, body.userIds, Date.now()],
        ),
      );
      ctx.status = 201;
      ctx.body = { userIds: body.userIds };
    },
  );

  router.put<GuardState<undefined, ReplaceMembersBody, OrganizationParams>>(
    '/organizations/:id/users',
    koaGuard({ params: organizationParams, body: replaceMembersBody }),
    async (ctx) => {
      const { params, body } = ctx.state.guard;
      // Only members not in the new list leave, so the survivors keep their roles.
      await withOrganizationErrors(async () =>
        db.transaction(async (tx) => {
          await tx.query(
            `delete from organization_user_relations
             where organization_id = $1 and not (user_id = any($2::varchar[]))`,
            [params.id, body.userIds],
          );
          if (body.userIds.length === 0) return;
          await tx.query(
            `insert into organization_user_relations (organization_id, user_id, created_at)
             select $1, user_id, $3 from unnest($2::varchar[]) as user_id
             on conflict do nothing`,
            [params.id, body.userIds, Date.now()],
          );
        }),
      );
      ctx.status = 204;
    },
  );

  router.post<GuardState<undefined, AssignRolesBody, OrganizationParams>>(
    '/organizations/:id/users/roles',
    koaGuard({ params: organizationParams, body: assignRolesBody }),
    async (ctx) => {
      const { params, body } = ctx.state.guard;
      // Every user × every role; existing pairs ignored. A non-member fails the (organization, user) foreign key.
      await withOrganizationErrors(async () =>
        db.query(
          `insert into organization_role_user_relations (organization_id, organization_role_id, user_id)
           select $1, role_id, user_id
             from unnest($2::varchar[]) as role_id cross join unnest($3::varchar[]) as user_id
           on conflict do nothing`,
          [params.id, body.organizationRoleIds, body.userIds],
        ),
      );
      ctx.status = 201;
    },
  );

  router.delete<GuardState<undefined, undefined, MemberParams>>(
    '/organizations/:id/users/:userId',
    koaGuard({ params: memberParams }),
    async (ctx) => {
      const { id, userId } = ctx.state.guard.params;
      // The member's roles in the organization cascade away with the membership.
      await deleteOrNotFound(
        db.pg,
        'delete from organization_user_relations where organization_id = $1 and user_id = $2 returning user_id',
        [id, userId],
      );
      ctx.status = 204;
    },
  );

  // Logto guards every `/:id/users/:userId/roles*` route with a prefix-matched membership check, which runs
  // before the route's own body validation.
  router.use<GuardState<undefined, undefined, MemberParams>>(
    '/organizations/:id/users/:userId/roles',
    koaGuard({ params: memberParams }),
    async (ctx, next) => {
      const { id, userId } = ctx.state.guard.params;
      const member = await db.one<{ user_id: string }>(
        'select user_id from organization_user_relations where organization_id = $1 and user_id = $2',
        [id, userId],
      );
      if (!member) throw new RequestError({ code: 'organization.require_membership', status: 422 });
      await next();
    },
  );

  router.get<PaginationState & GuardState<undefined, undefined, MemberParams>>(
    '/organizations/:id/users/:userId/roles',
    koaPagination({ isOptional: true }),
    koaGuard({ params: memberParams }),
    async (ctx) => {
      const { id, userId } = ctx.state.guard.params;
      const { disabled, limit, offset } = ctx.state.pagination;
      const page = disabled ? '' : 'limit $3 offset $4';
      const { total, rows } = await db.transaction(async (tx) => {
        const counted = await tx.query<{ count: number }>(
          `select count(*)::int as count from organization_role_user_relations
           where organization_id = $1 and user_id = $2`,
          [id, userId],
        );
        const { rows: roles } = await tx.query<OrganizationRoleRow>(
          `select ${organizationRoleRowColumns('o')}
             from organization_role_user_relations ru
             join organization_roles o on o.id = ru.organization_role_id
            where ru.organization_id = $1 and ru.user_id = $2
            order by o.id ${page}`,
          disabled ? [id, userId] : [id, userId, limit, offset],
        );
        return { total: counted.rows[0]?.count ?? 0, rows: roles };
      });
      if (!disabled) ctx.state.pagination.totalCount = total;
      ctx.body = rows.map((row) => serializeOrganizationRole(row));
    },
  );

  router.post<GuardState<undefined, MemberRolesBody, MemberParams>>(
    '/organizations/:id/users/:userId/roles',
    koaGuard({ params: memberParams, body: memberRolesBody }),
    async (ctx) => {
      const { id, userId } = ctx.state.guard.params;
      const organizationRoleIds = await resolveRoleIds(db, ctx.state.guard.body);
      if (organizationRoleIds.length > 0) {
        await withOrganizationErrors(async () =>
          db.query(
            `insert into organization_role_user_relations (organization_id, organization_role_id, user_id)
             select $1, role_id, $3 from unnest($2::varchar[]) as role_id
             on conflict do nothing`,
            [id, organizationRoleIds, userId],
          ),
        );
      }
      ctx.status = 201;
      ctx.body = { organizationRoleIds };
    },
  );

  router.put<GuardState<undefined, MemberRolesBody, MemberParams>>(
    '/organizations/:id/users/:userId/roles',
    koaGuard({ params: memberParams, body: memberRolesBody }),
    async (ctx) => {
      const { id, userId } = ctx.state.guard.params;
      const organizationRoleIds = await resolveRoleIds(db, ctx.state.guard.body);
      await withOrganizationErrors(async () =>
        db.transaction(async (tx) => {
          await tx.query(
            'delete from organization_role_user_relations where organization_id = $1 and user_id = $2',
            [id, userId],
          );
          if (organizationRoleIds.length === 0) return;
          await tx.query(
            `insert into organization_role_user_relations (organization_id, organization_role_id, user_id)
             select $1, role_id, $3 from unnest($2::varchar[]) as role_id`,
            [id, organizationRoleIds, userId],
          );
        }),
      );
      ctx.status = 204;
    },
  );

  router.delete<GuardState<undefined, undefined, MemberRoleParams>>(
    '/organizations/:id/users/:userId/roles/:organizationRoleId',
    koaGuard({ params: memberRoleParams }),
    async (ctx) => {
      const { id, userId, organizationRoleId } = ctx.state.guard.params;
      await deleteOrNotFound(
        db.pg,
        `delete from organization_role_user_relations
         where organization_id = $1 and user_id = $2 and organization_role_id = $3
         returning user_id`,
        [id, userId, organizationRoleId],
      );
      ctx.status = 204;
    },
  );

  // Not behind the membership check (Logto's code has none here): a non-member simply has no scopes.
  router.get<GuardState<undefined, undefined, MemberParams>>(
    '/organizations/:id/users/:userId/scopes',
    koaGuard({ params: memberParams }),
    async (ctx) => {
      const { id, userId } = ctx.state.guard.params;
      const scopes = await db.query<OrganizationScopeRow>(
        `select distinct ${organizationScopeRowColumns('s')}
           from organization_role_user_relations ru
           join organization_role_scope_relations rs on rs.organization_role_id = ru.organization_role_id
           join organization_scopes s on s.id = rs.organization_scope_id
          where ru.organization_id = $1 and ru.user_id = $2
          order by s.id`,
        [id, userId],
      );
      ctx.body = scopes.map((row) => serializeOrganizationScope(row));
    },
  );
};
