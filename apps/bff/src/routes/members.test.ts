import {
  apiPaths,
  errorCodes,
  memberSchema,
  pageOf,
  problemContentType,
  problemSchema,
} from '@portal/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { demoAccount, startTestStack, type TestStack } from '../test/stack.js';

const pageSchema = pageOf(memberSchema);

let stack: TestStack;
let acme: string;
let initech: string;
let adminRole: string;
let memberRole: string;
let token: string;
let adaId: string;

beforeAll(async () => {
  stack = await startTestStack();
  ({ acme, initech } = stack.organizations);
  adminRole = stack.roleIds.admin ?? '';
  memberRole = stack.roleIds.member ?? '';
  const ada = demoAccount(stack, 'ada');
  adaId = ada.userId;
  const session = await stack.signIn(ada.email, ada.password);
  token = await session.organizationToken(acme);
}, 120_000);

afterAll(async () => {
  await stack?.close();
});

const rolesOf = async (organizationId: string, userId: string) => {
  const { data, response } = await stack.setup.api.GET(
    '/api/organizations/{id}/users/{userId}/roles',
    {
      params: { path: { id: organizationId, userId } },
    },
  );
  return response.status === 200 ? (data ?? []).map(({ name }) => name).sort() : undefined;
};

const lastAuditEvent = async (organizationId: string) =>
  (await stack.database.audit.list({ organizationId, page: 1, pageSize: 1 })).items[0];

async function expectInvalidInput(response: Response, paths: string[]) {
  expect(response.status).toBe(400);
  expect(response.headers.get('content-type')).toContain(problemContentType);
  const problem = problemSchema.parse(await response.json());
  expect(problem.code).toBe(errorCodes.invalidInput.code);
  expect(problem.errors?.map((error) => error.path).sort()).toEqual([...paths].sort());
  return problem;
}

describe('GET /api/orgs/:orgId/members', () => {
  it('lists members with their roles, paginated, with Total-Number and Link headers', async () => {
    const response = await stack.call(`${apiPaths.members(acme)}?page=2&pageSize=3`, { token });
    expect(response.status).toBe(200);
    const page = pageSchema.parse(await response.json());
    expect(page).toMatchObject({ page: 2, pageSize: 3, totalCount: 7 });
    expect(page.items).toHaveLength(3);
    expect(response.headers.get('total-number')).toBe('7');
    const link = response.headers.get('link') ?? '';
    const url = (page: number) => `${stack.url}${apiPaths.members(acme)}?page=${page}&pageSize=3`;
    expect(link).toBe(
      [
        `<${url(1)}>; rel="first"`,
        `<${url(1)}>; rel="prev"`,
        `<${url(3)}>; rel="next"`,
        `<${url(3)}>; rel="last"`,
      ].join(', '),
    );
    expect(response.headers.get('cache-control')).toBe('no-store');

    const all = pageSchema.parse(
      await (await stack.call(`${apiPaths.members(acme)}?pageSize=100`, { token })).json(),
    );
    const ada = all.items.find((member) => member.id === adaId);
    expect(ada).toMatchObject({
      email: 'ada@example.com',
      name: 'Ada Admin',
      username: 'ada',
      isSuspended: false,
    });
    expect(ada?.roles).toEqual([{ id: adminRole, name: 'admin' }]);
    // Members of other organizations never show up.
    expect(all.items.map(({ email }) => email)).not.toContain('hank.scorpio@example.com');
  });

  it('searches and filters by role, keeping filters in the Link header', async () => {
    const search = await stack.call(`${apiPaths.members(acme)}?q=priya`, { token });
    const found = pageSchema.parse(await search.json());
    expect(found.items.map(({ email }) => email)).toEqual(['priya.patel@example.com']);

    const admins = await stack.call(`${apiPaths.members(acme)}?roleId=${adminRole}&pageSize=1`, {
      token,
    });
    const page = pageSchema.parse(await admins.json());
    expect(page.totalCount).toBe(2);
    expect(page.items[0]?.roles.map(({ name }) => name)).toContain('admin');
    expect(admins.headers.get('link')).toContain(`roleId=${adminRole}`);
  });

  it('refuses bad query parameters field by field', async () => {
    const response = await stack.call(
      `${apiPaths.members(acme)}?page=0&pageSize=1000&roleId=${'x'.repeat(40)}`,
      {
        token,
      },
    );
    await expectInvalidInput(response, ['query.page', 'query.pageSize', 'query.roleId']);
  });
});

describe('DELETE /api/orgs/:orgId/members/:userId', () => {
  it('removes the member and records who did it', async () => {
    const leaver = await stack.createUser({
      username: 'leaver',
      organizations: [{ id: acme, roles: ['member'] }],
    });
    const response = await stack.call(apiPaths.member(acme, leaver.id), {
      method: 'DELETE',
      token,
      headers: { 'x-request-id': 'remove-leaver-1' },
    });
    expect(response.status).toBe(204);
    expect(await response.text()).toBe('');
    expect(await rolesOf(acme, leaver.id)).toBeUndefined();

    expect(await lastAuditEvent(acme)).toMatchObject({
      actor: { userId: adaId, email: 'ada@example.com', kind: 'organization_admin' },
      organizationId: acme,
      action: 'member.removed',
      target: { type: 'member', id: leaver.id, label: leaver.email },
      reason: null,
      outcome: 'success',
      errorCode: null,
      requestId: 'remove-leaver-1',
      details: { roles: [{ id: memberRole, name: 'member' }] },
    });
  });

  it('answers 404 for someone who is not a member, and records the failed attempt', async () => {
    const stranger = await stack.createUser({ username: 'stranger' });
    const response = await stack.call(apiPaths.member(acme, stranger.id), {
      method: 'DELETE',
      token,
    });
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ code: errorCodes.memberNotFound.code });
    expect(await lastAuditEvent(acme)).toMatchObject({
      action: 'member.removed',
      target: { id: stranger.id },
      outcome: 'failure',
      errorCode: errorCodes.memberNotFound.code,
    });
  });

  it('refuses a malformed user id without calling Logto', async () => {
    const response = await stack.call(apiPaths.member(acme, 'not an id!'), {
      method: 'DELETE',
      token,
    });
    await expectInvalidInput(response, ['params.userId']);
  });
});

describe('PUT /api/orgs/:orgId/members/:userId/roles', () => {
  it('replaces the roles and records before and after', async () => {
    const mover = await stack.createUser({
      username: 'mover',
      organizations: [{ id: acme, roles: ['member'] }],
    });
    const response = await stack.call(apiPaths.memberRoles(acme, mover.id), {
      method: 'PUT',
      token,
      json: { roleIds: [adminRole] },
    });
    expect(response.status).toBe(204);
    expect(await rolesOf(acme, mover.id)).toEqual(['admin']);
    expect(await lastAuditEvent(acme)).toMatchObject({
      action: 'member.roles_replaced',
      outcome: 'success',
      target: { id: mover.id, label: mover.email },
      details: {
        before: [{ id: memberRole, name: 'member' }],
        after: [{ id: adminRole, name: 'admin' }],
      },
    });

    // No roles at all is a valid answer.
    const cleared = await stack.call(apiPaths.memberRoles(acme, mover.id), {
      method: 'PUT',
      token,
      json: { roleIds: [] },
    });
    expect(cleared.status).toBe(204);
    expect(await rolesOf(acme, mover.id)).toEqual([]);
  });

  it('refuses invalid bodies field by field, and changes nothing', async () => {
    const steady = await stack.createUser({
      username: 'steady',
      organizations: [{ id: acme, roles: ['member'] }],
    });
    const path = apiPaths.memberRoles(acme, steady.id);
    await expectInvalidInput(
      await stack.call(path, { method: 'PUT', token, json: { roleIds: 'admin' } }),
      ['body.roleIds'],
    );
    await expectInvalidInput(
      await stack.call(path, {
        method: 'PUT',
        token,
        json: { roleIds: [adminRole, adminRole], extra: true },
      }),
      ['body', 'body.roleIds'],
    );
    await expectInvalidInput(await stack.call(path, { method: 'PUT', token }), ['body']);
    const badJson = await stack.call(path, {
      method: 'PUT',
      token,
      headers: { 'content-type': 'application/json' },
      body: '{"roleIds": [',
    });
    await expectInvalidInput(badJson, ['body']);
    expect(await rolesOf(acme, steady.id)).toEqual(['member']);
  });

  it('answers 404 role.not_found for an unknown role and 422 for a machine-to-machine role', async () => {
    const target = await stack.createUser({
      username: 'target',
      organizations: [{ id: acme, roles: ['member'] }],
    });
    const unknown = await stack.call(apiPaths.memberRoles(acme, target.id), {
      method: 'PUT',
      token,
      json: { roleIds: [memberRole, 'no-such-role'] },
    });
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toMatchObject({
      code: errorCodes.roleNotFound.code,
      errors: [{ path: 'body.roleIds.1', code: 'not_found' }],
    });

    const { data } = await stack.setup.api.POST('/api/organization-roles', {
      body: {
        name: `robot-${crypto.randomUUID().slice(0, 8)}`,
        type: 'MachineToMachine',
        organizationScopeIds: [],
        resourceScopeIds: [],
      },
    });
    const robot = await stack.call(apiPaths.memberRoles(acme, target.id), {
      method: 'PUT',
      token,
      json: { roleIds: [data?.id ?? ''] },
    });
    expect(robot.status).toBe(422);
    expect(await robot.json()).toMatchObject({ code: errorCodes.roleNotAssignable.code });
    expect(await rolesOf(acme, target.id)).toEqual(['member']);
  });
});

describe('POST /api/orgs/:orgId/members/role-assignments', () => {
  it('adds roles to several members at once', async () => {
    const [first, second] = await Promise.all([
      stack.createUser({ username: 'bulk1', organizations: [{ id: acme, roles: ['member'] }] }),
      stack.createUser({ username: 'bulk2', organizations: [{ id: acme, roles: [] }] }),
    ]);
    if (!first || !second) throw new Error('users not created');
    const response = await stack.call(apiPaths.membersRoleAssignments(acme), {
      method: 'POST',
      token,
      json: { userIds: [first.id, second.id], roleIds: [adminRole] },
    });
    expect(response.status).toBe(204);
    expect(await rolesOf(acme, first.id)).toEqual(['admin', 'member']);
    expect(await rolesOf(acme, second.id)).toEqual(['admin']);
    expect(await lastAuditEvent(acme)).toMatchObject({
      action: 'members.roles_assigned',
      outcome: 'success',
      target: { type: 'members', label: '2 members' },
      details: {
        userIds: [first.id, second.id],
        roles: [{ id: adminRole, name: 'admin' }],
        before: { [first.id]: [{ id: memberRole, name: 'member' }], [second.id]: [] },
      },
    });
  });

  it('is all or nothing: one non-member and nobody gets the role', async () => {
    const [insider, outsider] = await Promise.all([
      stack.createUser({ username: 'insider', organizations: [{ id: acme, roles: [] }] }),
      stack.createUser({ username: 'elsewhere', organizations: [{ id: initech, roles: [] }] }),
    ]);
    if (!insider || !outsider) throw new Error('users not created');
    const response = await stack.call(apiPaths.membersRoleAssignments(acme), {
      method: 'POST',
      token,
      json: { userIds: [insider.id, outsider.id], roleIds: [adminRole] },
    });
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({
      code: errorCodes.memberNotFound.code,
      errors: [{ path: 'body.userIds.1' }],
    });
    expect(await rolesOf(acme, insider.id)).toEqual([]);
    expect(await rolesOf(initech, outsider.id)).toEqual([]);
  });

  it('validates the body', async () => {
    const response = await stack.call(apiPaths.membersRoleAssignments(acme), {
      method: 'POST',
      token,
      json: { userIds: [], roleIds: [] },
    });
    await expectInvalidInput(response, ['body.userIds', 'body.roleIds']);
  });
});
