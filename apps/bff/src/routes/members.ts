import {
  assignRolesBodySchema,
  listMembersQuerySchema,
  memberParamsSchema,
  memberSchema,
  organizationIdParamsSchema,
  organizationPermissions,
  pageOf,
  replaceMemberRolesBodySchema,
  type Member,
  type RoleRef,
} from '@portal/shared';

import type { MemberScopeCache } from '../auth/member-scopes.js';
import { ApiError, type FieldError } from '../errors.js';
import { defineRoute, type Route } from '../http/route.js';
import type { KeyedLock } from '../lib/keyed-lock.js';
import { paginationHeaders } from '../lib/pagination.js';
import type { LogtoManagementClient, LogtoMember } from '../logto/types.js';
import { assertNotLastAdmin } from '../members/last-admin.js';
import { assignableRoles, type RoleTemplate } from '../roles/role-template.js';
import { listHeaders, noContent } from './common.js';

export type MembersRouteDependencies = {
  logto: LogtoManagementClient;
  roleTemplate: RoleTemplate;
  memberScopes: MemberScopeCache;
  /** Per organization: role changes and removals are decided and made one at a time. */
  locks: KeyedLock;
};

export function toMember(member: LogtoMember): Member {
  return {
    id: member.id,
    name: member.name,
    username: member.username,
    email: member.primaryEmail,
    avatar: member.avatar,
    roles: member.organizationRoles,
    isSuspended: member.isSuspended,
    lastSignInAt: member.lastSignInAt,
    createdAt: member.createdAt,
  };
}

const roleRefs = (roles: readonly RoleRef[]) => roles.map(({ id, name }) => ({ id, name }));

const memberTarget = (params: Record<string, string>) => ({
  type: 'member',
  id: params.userId ?? null,
  label: null,
});

/** The organization's members: list, remove, replace roles, bulk role assignment. */
export function createMembersRoutes({
  logto,
  roleTemplate,
  memberScopes,
  locks,
}: MembersRouteDependencies): Route[] {
  /** The member's current roles; 404 when the user is not a member of THIS organization. */
  const currentRoles = async (organizationId: string, userId: string): Promise<RoleRef[]> => {
    const roles = await logto.getMemberRoles(organizationId, userId);
    if (!roles) throw new ApiError('memberNotFound');
    return roles;
  };

  const labelOf = async (userId: string) => {
    try {
      const user = await logto.getUser(userId);
      return user.primaryEmail ?? user.username ?? user.name;
    } catch {
      // The label is a courtesy for the audit log; the change does not depend on it.
      return null;
    }
  };

  return [
    defineRoute({
      method: 'get',
      path: '/api/orgs/:orgId/members',
      operationId: 'listMembers',
      summary: 'List the organization’s members',
      description:
        'Search (`q`: name, email, username, phone or id), filter by role, paginate. `Total-Number` and `Link` headers as Logto sends them.',
      tags: ['Members'],
      access: { kind: 'organization', permission: organizationPermissions.readMembers },
      request: { params: organizationIdParamsSchema, query: listMembersQuerySchema },
      responses: {
        200: {
          description: 'A page of members',
          schema: pageOf(memberSchema),
          headers: listHeaders,
        },
      },
      handle: async ({ params, query, url }) => {
        const page = await logto.listMembers(params.orgId, {
          ...(query.q ? { q: query.q } : {}),
          ...(query.roleId ? { roleId: query.roleId } : {}),
          page: query.page,
          pageSize: query.pageSize,
        });
        const body = {
          items: page.items.map(toMember),
          page: query.page,
          pageSize: query.pageSize,
          totalCount: page.totalCount,
        };
        return { status: 200, body, headers: paginationHeaders(url, body) };
      },
    }),

    defineRoute({
      method: 'delete',
      path: '/api/orgs/:orgId/members/:userId',
      operationId: 'removeMember',
      summary: 'Remove a member from the organization',
      description:
        'Refused with 409 `member.last_admin` for the last member who can manage members.',
      tags: ['Members'],
      access: { kind: 'organization', permission: organizationPermissions.manageMembers },
      request: { params: memberParamsSchema },
      responses: { 204: noContent },
      errors: ['memberNotFound', 'lastAdmin'],
      audit: { action: 'member.removed', target: memberTarget },
      handle: async ({ params: { orgId, userId }, audit }) =>
        locks.run(orgId, async () => {
          const rolesBefore = await currentRoles(orgId, userId);
          const [template, label] = await Promise.all([
            roleTemplate.roles({ fresh: true }),
            labelOf(userId),
          ]);
          audit.target = { label };
          audit.details = { roles: roleRefs(rolesBefore) };
          await assertNotLastAdmin(logto, {
            organizationId: orgId,
            userId,
            template,
            rolesBefore,
            rolesAfter: undefined,
          });
          await logto.removeMember(orgId, userId);
          memberScopes.forget(orgId, userId);
          return { status: 204 };
        }),
    }),

    defineRoute({
      method: 'put',
      path: '/api/orgs/:orgId/members/:userId/roles',
      operationId: 'replaceMemberRoles',
      summary: 'Replace a member’s roles',
      description:
        'The member ends up with exactly these roles (possibly none). Refused with 409 `member.last_admin` when it would take `manage:members` from the last member holding it.',
      tags: ['Members'],
      access: { kind: 'organization', permission: organizationPermissions.manageMembers },
      request: { params: memberParamsSchema, body: replaceMemberRolesBodySchema },
      responses: { 204: noContent },
      errors: ['memberNotFound', 'roleNotFound', 'roleNotAssignable', 'lastAdmin'],
      audit: { action: 'member.roles_replaced', target: memberTarget },
      handle: async ({ params: { orgId, userId }, body, audit }) =>
        locks.run(orgId, async () => {
          const rolesBefore = await currentRoles(orgId, userId);
          const [template, label] = await Promise.all([
            roleTemplate.roles({ fresh: true }),
            labelOf(userId),
          ]);
          const rolesAfter = assignableRoles(template, body.roleIds, 'body.roleIds');
          audit.target = { label };
          audit.details = { before: roleRefs(rolesBefore), after: roleRefs(rolesAfter) };
          await assertNotLastAdmin(logto, {
            organizationId: orgId,
            userId,
            template,
            rolesBefore,
            rolesAfter,
          });
          await logto.replaceMemberRoles(orgId, userId, body.roleIds);
          memberScopes.forget(orgId, userId);
          return { status: 204 };
        }),
    }),

    defineRoute({
      method: 'post',
      path: '/api/orgs/:orgId/members/role-assignments',
      operationId: 'assignRolesToMembers',
      summary: 'Give several members roles, in addition to the ones they have',
      description:
        'All or nothing: when any user is not a member of this organization (404 `member.not_found`) or any role cannot be given, nothing changes.',
      tags: ['Members'],
      access: { kind: 'organization', permission: organizationPermissions.manageMembers },
      request: { params: organizationIdParamsSchema, body: assignRolesBodySchema },
      responses: { 204: noContent },
      errors: ['memberNotFound', 'roleNotFound', 'roleNotAssignable'],
      audit: {
        action: 'members.roles_assigned',
        target: () => ({ type: 'members', id: null, label: null }),
      },
      handle: async ({ params: { orgId }, body, audit }) =>
        locks.run(orgId, async () => {
          audit.details = { userIds: body.userIds, roleIds: body.roleIds };
          const roles = assignableRoles(
            await roleTemplate.roles({ fresh: true }),
            body.roleIds,
            'body.roleIds',
          );
          const before = await mapBounded(body.userIds, 8, (userId) =>
            logto.getMemberRoles(orgId, userId),
          );
          const notMembers: FieldError[] = body.userIds.flatMap((_, index) =>
            before[index] === undefined
              ? [
                  {
                    path: `body.userIds.${index}`,
                    message: 'Not a member of this organization',
                    code: 'not_found',
                  },
                ]
              : [],
          );
          if (notMembers.length > 0)
            throw new ApiError('memberNotFound', undefined, { errors: notMembers });
          audit.target = {
            label: `${body.userIds.length} ${body.userIds.length === 1 ? 'member' : 'members'}`,
          };
          audit.details = {
            userIds: body.userIds,
            roles: roleRefs(roles),
            before: Object.fromEntries(
              body.userIds.map((userId, index) => [userId, roleRefs(before[index] ?? [])]),
            ),
          };
          await logto.assignRoles(orgId, body.userIds, body.roleIds);
          for (const userId of body.userIds) memberScopes.forget(orgId, userId);
          return { status: 204 };
        }),
    }),
  ];
}

/** Like Promise.all over `items`, with at most `limit` calls in flight (the upstream budget is shared). */
async function mapBounded<Item, Result>(
  items: readonly Item[],
  limit: number,
  map: (item: Item) => Promise<Result>,
): Promise<Result[]> {
  const results: Result[] = new Array<Result>(items.length);
  const queue = items.map((item, index) => ({ item, index }));
  const worker = async () => {
    for (let job = queue.shift(); job; job = queue.shift())
      results[job.index] = await map(job.item);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
