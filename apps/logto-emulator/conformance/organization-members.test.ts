import { beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';

import {
  expectBody,
  expectError,
  expectKeyOrder,
  expectNoContent,
  expectNoPagination,
  expectPagination,
  sortedById,
} from './support/assertions.js';
import {
  addMembers,
  createOrganization,
  createOrganizationRole,
  createOrganizationScope,
  createUser,
  createUsers,
  missingId,
  uniqueName,
  uniquePhone,
  useFileCleanup,
  useTestCleanup,
} from './support/fixtures.js';
import { api, apiPath, target } from './support/http.js';
import {
  memberKeys,
  memberSchema,
  organizationRoleKeys,
  organizationRoleSchema,
  organizationScopeKeys,
  organizationScopeSchema,
  type OrganizationRole,
  type OrganizationScope,
} from './support/schemas.js';

const origin = new URL(target.endpoint).origin;
const memberList = z.array(memberSchema);
const roleList = z.array(organizationRoleSchema);
const scopeList = z.array(organizationScopeSchema);
const byId = <T extends { id: string }>(items: T[]) => items.map(({ id }) => id).sort();

const fileCleanup = useFileCleanup();
/** The organization template for this file: names chosen so that name order differs from creation order. */
let roles: {
  admin: OrganizationRole;
  editor: OrganizationRole;
  viewer: OrganizationRole;
  robot: OrganizationRole;
};
let scopes: { read: OrganizationScope; write: OrganizationScope; manage: OrganizationScope };

beforeAll(async () => {
  const prefix = uniqueName('members');
  const read = await createOrganizationScope(fileCleanup, { name: `${prefix}:read` });
  const write = await createOrganizationScope(fileCleanup, { name: `${prefix}:write` });
  const manage = await createOrganizationScope(fileCleanup, { name: `${prefix}:manage` });
  scopes = { read, write, manage };
  const viewer = await createOrganizationRole(fileCleanup, {
    name: `${prefix}_viewer`,
    organizationScopeIds: [read.id],
  });
  const admin = await createOrganizationRole(fileCleanup, {
    name: `${prefix}_admin`,
    organizationScopeIds: [read.id, write.id, manage.id],
  });
  const editor = await createOrganizationRole(fileCleanup, {
    name: `${prefix}_editor`,
    organizationScopeIds: [read.id, write.id],
  });
  const robot = await createOrganizationRole(fileCleanup, {
    name: `${prefix}_robot`,
    type: 'MachineToMachine',
  });
  roles = { admin, editor, viewer, robot };
});

const reference = ({ id, name }: OrganizationRole) => ({ id, name });

describe('POST /api/organizations/{id}/users', () => {
  const cleanup = useTestCleanup();

  it('adds members and echoes the request, duplicates included (samples/20)', async () => {
    const organization = await createOrganization(cleanup);
    const [alice, bob] = await createUsers(cleanup, 2);

    const response = await api(`/api/organizations/${organization.id}/users`, {
      json: { userIds: [alice!.id, bob!.id, alice!.id] },
    });

    expect(expectBody(response, 201, z.strictObject({ userIds: z.array(z.string()) }))).toEqual({
      userIds: [alice!.id, bob!.id, alice!.id],
    });
    const members = expectBody(
      await api(`/api/organizations/${organization.id}/users`),
      200,
      memberList,
    );
    expect(byId(members)).toEqual(byId([alice!, bob!]));
  });

  it('accepts users who are already members', async () => {
    const organization = await createOrganization(cleanup);
    const [alice] = await createUsers(cleanup, 1);
    await addMembers(organization.id, [alice!.id]);

    const response = await api(`/api/organizations/${organization.id}/users`, {
      json: { userIds: [alice!.id] },
    });

    expect(response.status, response.text).toBe(201);
    expect(
      expectBody(await api(`/api/organizations/${organization.id}/users`), 200, memberList),
    ).toHaveLength(1);
  });

  it('answers 422 entity.relation_foreign_key_not_found for an unknown user (samples/34)', async () => {
    const organization = await createOrganization(cleanup);

    const response = await api(`/api/organizations/${organization.id}/users`, {
      json: { userIds: [missingId(12)] },
    });

    expect(response.status).toBe(422);
    expect(response.body).toEqual({
      code: 'entity.relation_foreign_key_not_found',
      message:
        'Cannot find one or more foreign keys. Please check the input and ensure that all referenced entities exist.',
    });
  });

  it('answers 422 entity.relation_foreign_key_not_found for an unknown 21-character user id', async () => {
    // Logto's relation columns are varchar(21) even though user ids are 12 characters long.
    const organization = await createOrganization(cleanup);

    const response = await api(`/api/organizations/${organization.id}/users`, {
      json: { userIds: [missingId(21)] },
    });

    expectError(response, 422, 'entity.relation_foreign_key_not_found');
  });

  it('answers 422 entity.value_too_long for a user id longer than the column', async () => {
    const organization = await createOrganization(cleanup);

    const response = await api(`/api/organizations/${organization.id}/users`, {
      json: { userIds: ['x'.repeat(40)] },
    });

    expectError(response, 422, 'entity.value_too_long');
  });

  it('answers 422 entity.relation_foreign_key_not_found for an unknown organization', async () => {
    const [alice] = await createUsers(cleanup, 1);

    const response = await api(`/api/organizations/${missingId(12)}/users`, {
      json: { userIds: [alice!.id] },
    });

    expectError(response, 422, 'entity.relation_foreign_key_not_found');
  });

  it('answers 400 guard.invalid_input for an empty userIds', async () => {
    const organization = await createOrganization(cleanup);

    const response = await api(`/api/organizations/${organization.id}/users`, {
      json: { userIds: [] },
    });

    const body = expectError(response, 400, 'guard.invalid_input');
    expect(body.details).toContain('Error in key path "userIds": (too_small)');
  });
});

describe('GET /api/organizations/{id}/users', () => {
  const cleanup = useFileCleanup();
  let organizationId: string;
  let alice: z.infer<typeof memberSchema>;
  let bob: z.infer<typeof memberSchema>;
  let carol: z.infer<typeof memberSchema>;
  let nameToken: string;

  beforeAll(async () => {
    const organization = await createOrganization(cleanup);
    organizationId = organization.id;
    nameToken = uniqueName('Name');
    const created = [
      await createUser(cleanup, {
        username: uniqueName('alice'),
        primaryEmail: `${uniqueName('alice')}@conformance.example.com`,
        name: 'Alice',
      }),
      await createUser(cleanup, { username: uniqueName('bob'), name: `Bob ${nameToken}` }),
      await createUser(cleanup, { username: uniqueName('carol'), primaryPhone: uniquePhone() }),
    ];
    await addMembers(
      organizationId,
      created.map(({ id }) => id),
    );
    await api(`/api/organizations/${organizationId}/users/${created[0]!.id}/roles`, {
      json: { organizationRoleIds: [roles.viewer.id, roles.admin.id, roles.editor.id] },
    });
    await api(`/api/organizations/${organizationId}/users/${created[1]!.id}/roles`, {
      json: { organizationRoleIds: [roles.viewer.id] },
    });
    const members = expectBody(
      await api(`/api/organizations/${organizationId}/users`),
      200,
      memberList,
    );
    const find = (id: string) => members.find((member) => member.id === id)!;
    [alice, bob, carol] = [find(created[0]!.id), find(created[1]!.id), find(created[2]!.id)];
  });

  it('lists members with their organization roles sorted by name, ordered by user id (samples/21, 24)', async () => {
    const response = await api(`/api/organizations/${organizationId}/users`, {
      query: { page: 1, page_size: 20 },
    });

    const members = expectBody(response, 200, memberList);
    expect(members.map(({ id }) => id)).toEqual([alice.id, bob.id, carol.id].sort());
    for (const member of members) expectKeyOrder(member, memberKeys);
    expect(alice.organizationRoles).toEqual(
      [roles.admin, roles.editor, roles.viewer].map(reference),
    );
    expect(bob.organizationRoles).toEqual([reference(roles.viewer)]);
    expect(carol.organizationRoles).toEqual([]);
    expectPagination(response, {
      total: 3,
      links: [
        [
          'first',
          `${origin}${apiPath(`/organizations/${organizationId}/users`, { page: 1, page_size: 20 })}`,
        ],
        [
          'last',
          `${origin}${apiPath(`/organizations/${organizationId}/users`, { page: 1, page_size: 20 })}`,
        ],
      ],
    });
  });

  it('always paginates, even without page parameters (samples/25)', async () => {
    const response = await api(`/api/organizations/${organizationId}/users`);

    expect(expectBody(response, 200, memberList)).toHaveLength(3);
    expectPagination(response, {
      total: 3,
      links: [
        ['first', `${origin}/organizations/${organizationId}/users?page=1`],
        ['last', `${origin}/organizations/${organizationId}/users?page=1`],
      ],
    });
  });

  it('pages with page_size', async () => {
    const ids = [alice.id, bob.id, carol.id].sort();
    const path = `/organizations/${organizationId}/users`;

    const response = await api(`/api${path}`, { query: { page: 2, page_size: 2 } });

    expect(expectBody(response, 200, memberList).map(({ id }) => id)).toEqual([ids[2]]);
    expectPagination(response, {
      total: 3,
      links: [
        ['first', `${origin}${apiPath(path, { page: 1, page_size: 2 })}`],
        ['prev', `${origin}${apiPath(path, { page: 1, page_size: 2 })}`],
        ['last', `${origin}${apiPath(path, { page: 2, page_size: 2 })}`],
      ],
    });
  });

  it('filters with q on username, email, phone, name and id, case-insensitively', async () => {
    const search = async (q: string) =>
      expectBody(
        await api(`/api/organizations/${organizationId}/users`, { query: { q } }),
        200,
        memberList,
      ).map(({ id }) => id);

    expect(await search(alice.username!.toUpperCase())).toEqual([alice.id]);
    expect(await search(alice.primaryEmail!.split('@')[0]!)).toEqual([alice.id]);
    expect(await search(carol.primaryPhone!.slice(-6))).toEqual([carol.id]);
    expect(await search(nameToken.toLowerCase())).toEqual([bob.id]);
    expect(await search(bob.id)).toEqual([bob.id]);
    expect(await search(uniqueName('nobody'))).toEqual([]);
  });

  it('filters with organizationRoleId, still listing all roles of each member (samples/26)', async () => {
    const response = await api(`/api/organizations/${organizationId}/users`, {
      query: { organizationRoleId: roles.editor.id },
    });

    expect(expectBody(response, 200, memberList)).toEqual([alice]);
    expectPagination(response, {
      total: 1,
      links: [
        [
          'first',
          `${origin}/organizations/${organizationId}/users?organizationRoleId=${roles.editor.id}&page=1`,
        ],
        [
          'last',
          `${origin}/organizations/${organizationId}/users?organizationRoleId=${roles.editor.id}&page=1`,
        ],
      ],
    });

    const viewers = await api(`/api/organizations/${organizationId}/users`, {
      query: { organizationRoleId: roles.viewer.id },
    });
    expect(byId(expectBody(viewers, 200, memberList))).toEqual(byId([alice, bob]));
  });

  it('answers 200 [] with Total-Number 0 for an unknown organization (samples/50)', async () => {
    const id = missingId(12);
    const response = await api(`/api/organizations/${id}/users`);

    expect(expectBody(response, 200, memberList)).toEqual([]);
    expectPagination(response, {
      total: 0,
      links: [
        ['first', `${origin}/organizations/${id}/users?page=1`],
        ['last', `${origin}/organizations/${id}/users?page=1`],
      ],
    });
  });
});

describe('PUT /api/organizations/{id}/users', () => {
  const cleanup = useTestCleanup();

  it('replaces the members, dropping duplicates and keeping the roles of those who stay', async () => {
    const organization = await createOrganization(cleanup);
    const [alice, bob, carol] = await createUsers(cleanup, 3);
    await addMembers(organization.id, [alice!.id, bob!.id]);
    await api(`/api/organizations/${organization.id}/users/${alice!.id}/roles`, {
      json: { organizationRoleIds: [roles.viewer.id] },
    });

    const response = await api(`/api/organizations/${organization.id}/users`, {
      method: 'PUT',
      json: { userIds: [alice!.id, carol!.id, carol!.id] },
    });

    expectNoContent(response);
    const members = expectBody(
      await api(`/api/organizations/${organization.id}/users`),
      200,
      memberList,
    );
    expect(byId(members)).toEqual(byId([alice!, carol!]));
    expect(members.find(({ id }) => id === alice!.id)?.organizationRoles).toEqual([
      reference(roles.viewer),
    ]);
  });

  it('empties the organization with []', async () => {
    const organization = await createOrganization(cleanup);
    const users = await createUsers(cleanup, 2);
    await addMembers(
      organization.id,
      users.map(({ id }) => id),
    );

    expectNoContent(
      await api(`/api/organizations/${organization.id}/users`, {
        method: 'PUT',
        json: { userIds: [] },
      }),
    );

    expect(
      expectBody(await api(`/api/organizations/${organization.id}/users`), 200, memberList),
    ).toEqual([]);
  });

  it('answers 422 entity.relation_foreign_key_not_found for an unknown user', async () => {
    const organization = await createOrganization(cleanup);

    const response = await api(`/api/organizations/${organization.id}/users`, {
      method: 'PUT',
      json: { userIds: [missingId(12)] },
    });

    expectError(response, 422, 'entity.relation_foreign_key_not_found');
  });
});

describe('DELETE /api/organizations/{id}/users/{userId}', () => {
  const cleanup = useTestCleanup();

  it('removes the member and their organization roles (samples/60)', async () => {
    const organization = await createOrganization(cleanup);
    const [alice] = await createUsers(cleanup, 1);
    await addMembers(organization.id, [alice!.id]);
    await api(`/api/organizations/${organization.id}/users/${alice!.id}/roles`, {
      json: { organizationRoleIds: [roles.viewer.id] },
    });

    expectNoContent(
      await api(`/api/organizations/${organization.id}/users/${alice!.id}`, { method: 'DELETE' }),
    );

    expect(
      expectBody(await api(`/api/organizations/${organization.id}/users`), 200, memberList),
    ).toEqual([]);
    await addMembers(organization.id, [alice!.id]);
    const [member] = expectBody(
      await api(`/api/organizations/${organization.id}/users`),
      200,
      memberList,
    );
    expect(member?.organizationRoles).toEqual([]);
  });

  it('answers 404 entity.not_found for a user who is not a member', async () => {
    const organization = await createOrganization(cleanup);
    const [alice] = await createUsers(cleanup, 1);

    const response = await api(`/api/organizations/${organization.id}/users/${alice!.id}`, {
      method: 'DELETE',
    });

    expectError(response, 404, 'entity.not_found');
  });
});

describe('organization roles of members', () => {
  const cleanup = useTestCleanup();

  async function organizationWithMembers(count: number) {
    const organization = await createOrganization(cleanup);
    const users = await createUsers(cleanup, count);
    await addMembers(
      organization.id,
      users.map(({ id }) => id),
    );
    return { organization, users };
  }

  it('POST assigns roles by id and echoes them (samples/22)', async () => {
    const { organization, users } = await organizationWithMembers(1);
    const userId = users[0]!.id;

    const response = await api(`/api/organizations/${organization.id}/users/${userId}/roles`, {
      json: { organizationRoleIds: [roles.viewer.id, roles.editor.id] },
    });

    expect(
      expectBody(response, 201, z.strictObject({ organizationRoleIds: z.array(z.string()) })),
    ).toEqual({
      organizationRoleIds: [roles.viewer.id, roles.editor.id],
    });
    const assigned = expectBody(
      await api(`/api/organizations/${organization.id}/users/${userId}/roles`),
      200,
      roleList,
    );
    expect(sortedById(assigned)).toEqual(sortedById([roles.editor, roles.viewer]));
  });

  it('POST resolves organizationRoleNames to ids and drops duplicates', async () => {
    const { organization, users } = await organizationWithMembers(1);
    const userId = users[0]!.id;

    const response = await api(`/api/organizations/${organization.id}/users/${userId}/roles`, {
      json: {
        organizationRoleIds: [roles.viewer.id],
        organizationRoleNames: [roles.admin.name, roles.viewer.name],
      },
    });

    const { organizationRoleIds } = expectBody(
      response,
      201,
      z.strictObject({ organizationRoleIds: z.array(z.string()) }),
    );
    expect([...organizationRoleIds].sort()).toEqual([roles.viewer.id, roles.admin.id].sort());
    expect(new Set(organizationRoleIds).size).toBe(organizationRoleIds.length);
    const assigned = expectBody(
      await api(`/api/organizations/${organization.id}/users/${userId}/roles`),
      200,
      roleList,
    );
    expect(sortedById(assigned)).toEqual(sortedById([roles.admin, roles.viewer]));
  });

  it('POST answers 422 organization.role_names_not_found for an unknown role name', async () => {
    const { organization, users } = await organizationWithMembers(1);

    const response = await api(
      `/api/organizations/${organization.id}/users/${users[0]!.id}/roles`,
      {
        json: { organizationRoleNames: [uniqueName('norole')] },
      },
    );

    expectError(response, 422, 'organization.role_names_not_found');
  });

  it('POST answers 422 entity.relation_foreign_key_not_found for an unknown role id', async () => {
    const { organization, users } = await organizationWithMembers(1);

    const response = await api(
      `/api/organizations/${organization.id}/users/${users[0]!.id}/roles`,
      {
        json: { organizationRoleIds: [missingId(21)] },
      },
    );

    expectError(response, 422, 'entity.relation_foreign_key_not_found');
  });

  it('POST answers 422 entity.db_constraint_violated for a MachineToMachine role', async () => {
    const { organization, users } = await organizationWithMembers(1);

    const response = await api(
      `/api/organizations/${organization.id}/users/${users[0]!.id}/roles`,
      {
        json: { organizationRoleIds: [roles.robot.id] },
      },
    );

    expectError(response, 422, 'entity.db_constraint_violated');
  });

  it("GET lists the member's roles, paginated only when asked (samples/27, 28)", async () => {
    const { organization, users } = await organizationWithMembers(1);
    const path = `/organizations/${organization.id}/users/${users[0]!.id}/roles`;
    await api(`/api${path}`, { json: { organizationRoleIds: [roles.viewer.id, roles.editor.id] } });

    const all = await api(`/api${path}`);
    expect(sortedById(expectBody(all, 200, roleList))).toEqual(
      sortedById([roles.editor, roles.viewer]),
    );
    for (const role of z.array(z.unknown()).parse(all.body))
      expectKeyOrder(role, organizationRoleKeys);
    expectNoPagination(all);

    const first = await api(`/api${path}`, { query: { page: 1, page_size: 1 } });
    const second = await api(`/api${path}`, { query: { page: 2, page_size: 1 } });
    const pages = [
      expectBody(first, 200, roleList.length(1)),
      expectBody(second, 200, roleList.length(1)),
    ];
    expect(sortedById(pages.flat())).toEqual(sortedById([roles.editor, roles.viewer]));
    expectPagination(first, {
      total: 2,
      links: [
        ['first', `${origin}${apiPath(path, { page: 1, page_size: 1 })}`],
        ['last', `${origin}${apiPath(path, { page: 2, page_size: 1 })}`],
        ['next', `${origin}${apiPath(path, { page: 2, page_size: 1 })}`],
      ],
    });
  });

  it('PUT replaces the roles (samples/31), and {} clears them', async () => {
    const { organization, users } = await organizationWithMembers(1);
    const path = `/api/organizations/${organization.id}/users/${users[0]!.id}/roles`;
    await api(path, { json: { organizationRoleIds: [roles.viewer.id, roles.editor.id] } });

    expectNoContent(
      await api(path, { method: 'PUT', json: { organizationRoleIds: [roles.admin.id] } }),
    );
    expect(expectBody(await api(path), 200, roleList)).toEqual([roles.admin]);

    expectNoContent(
      await api(path, { method: 'PUT', json: { organizationRoleNames: [roles.viewer.name] } }),
    );
    expect(expectBody(await api(path), 200, roleList)).toEqual([roles.viewer]);

    expectNoContent(await api(path, { method: 'PUT', json: {} }));
    expect(expectBody(await api(path), 200, roleList)).toEqual([]);
  });

  it('DELETE removes one role (samples/32), then answers 404 entity.not_found', async () => {
    const { organization, users } = await organizationWithMembers(1);
    const path = `/api/organizations/${organization.id}/users/${users[0]!.id}/roles`;
    await api(path, { json: { organizationRoleIds: [roles.viewer.id, roles.editor.id] } });

    expectNoContent(await api(`${path}/${roles.viewer.id}`, { method: 'DELETE' }));
    expect(expectBody(await api(path), 200, roleList)).toEqual([roles.editor]);

    expectError(
      await api(`${path}/${roles.viewer.id}`, { method: 'DELETE' }),
      404,
      'entity.not_found',
    );
  });

  it('answers 422 organization.require_membership on every roles route for a non-member (samples/33)', async () => {
    const organization = await createOrganization(cleanup);
    const [outsider] = await createUsers(cleanup, 1);
    const path = `/api/organizations/${organization.id}/users/${outsider!.id}/roles`;
    const expected = {
      code: 'organization.require_membership',
      message: 'The user must be a member of the organization to proceed.',
    };

    for (const response of [
      await api(path),
      await api(path, { json: { organizationRoleIds: [roles.viewer.id] } }),
      await api(path, { method: 'PUT', json: { organizationRoleIds: [roles.viewer.id] } }),
      await api(`${path}/${roles.viewer.id}`, { method: 'DELETE' }),
    ]) {
      expectError(response, 422, 'organization.require_membership');
      expect(response.body).toEqual(expected);
    }
  });

  it('POST /users/roles assigns roles to several members at once: 201 with a plain "Created" (samples/23)', async () => {
    const { organization, users } = await organizationWithMembers(2);
    const userIds = users.map(({ id }) => id);

    const response = await api(`/api/organizations/${organization.id}/users/roles`, {
      json: { userIds, organizationRoleIds: [roles.viewer.id, roles.editor.id] },
    });

    expect(response.status, response.text).toBe(201);
    expect(response.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    expect(response.text).toBe('Created');
    const again = await api(`/api/organizations/${organization.id}/users/roles`, {
      json: { userIds, organizationRoleIds: [roles.viewer.id] },
    });
    expect(again.status, again.text).toBe(201);
    for (const member of expectBody(
      await api(`/api/organizations/${organization.id}/users`),
      200,
      memberList,
    )) {
      expect(member.organizationRoles).toEqual([roles.editor, roles.viewer].map(reference));
    }
  });

  it('POST /users/roles answers 422 entity.relation_foreign_key_not_found for a non-member', async () => {
    const { organization, users } = await organizationWithMembers(1);
    const [outsider] = await createUsers(cleanup, 1);

    const response = await api(`/api/organizations/${organization.id}/users/roles`, {
      json: { userIds: [users[0]!.id, outsider!.id], organizationRoleIds: [roles.viewer.id] },
    });

    expectError(response, 422, 'entity.relation_foreign_key_not_found');
  });

  it('POST /users/roles answers 400 guard.invalid_input for empty lists', async () => {
    const { organization, users } = await organizationWithMembers(1);

    const response = await api(`/api/organizations/${organization.id}/users/roles`, {
      json: { userIds: [users[0]!.id], organizationRoleIds: [] },
    });

    const body = expectError(response, 400, 'guard.invalid_input');
    expect(body.details).toContain('Error in key path "organizationRoleIds": (too_small)');
  });
});

describe('GET /api/organizations/{id}/users/{userId}/scopes', () => {
  const cleanup = useTestCleanup();

  it('lists the distinct organization scopes the member holds through their roles (samples/29)', async () => {
    const organization = await createOrganization(cleanup);
    const [alice] = await createUsers(cleanup, 1);
    await addMembers(organization.id, [alice!.id]);
    await api(`/api/organizations/${organization.id}/users/${alice!.id}/roles`, {
      json: { organizationRoleIds: [roles.viewer.id, roles.editor.id] },
    });

    const response = await api(`/api/organizations/${organization.id}/users/${alice!.id}/scopes`);

    const held = expectBody(response, 200, scopeList);
    expect(byId(held)).toEqual(byId([scopes.read, scopes.write]));
    for (const scope of held) {
      expectKeyOrder(scope, organizationScopeKeys);
      expect(scope).toEqual(scope.id === scopes.read.id ? scopes.read : scopes.write);
    }
  });

  it('follows role changes', async () => {
    const organization = await createOrganization(cleanup);
    const [alice] = await createUsers(cleanup, 1);
    await addMembers(organization.id, [alice!.id]);
    const path = `/api/organizations/${organization.id}/users/${alice!.id}`;
    await api(`${path}/roles`, { json: { organizationRoleIds: [roles.admin.id] } });
    expect(byId(expectBody(await api(`${path}/scopes`), 200, scopeList))).toEqual(
      byId([scopes.read, scopes.write, scopes.manage]),
    );

    await api(`${path}/roles`, { method: 'PUT', json: { organizationRoleIds: [roles.viewer.id] } });

    expect(expectBody(await api(`${path}/scopes`), 200, scopeList)).toEqual([scopes.read]);
  });

  it('answers 200 [] for a member without roles and for a non-member', async () => {
    const organization = await createOrganization(cleanup);
    const [member, outsider] = await createUsers(cleanup, 2);
    await addMembers(organization.id, [member!.id]);

    for (const user of [member!, outsider!]) {
      const response = await api(`/api/organizations/${organization.id}/users/${user.id}/scopes`);
      expect(expectBody(response, 200, scopeList)).toEqual([]);
    }
  });
});
