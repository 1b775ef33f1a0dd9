import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { startTestEmulator, type TestEmulator } from '../test-utils.js';

let emulator: TestEmulator;

beforeAll(async () => {
  emulator = await startTestEmulator();
});

afterAll(async () => {
  await emulator.close();
});

type Member = { id: string; organizationRoles: Array<{ id: string; name: string }> } & Record<
  string,
  unknown
>;

async function post(path: string, json: unknown, status = 201) {
  const response = await emulator.api(path, { method: 'POST', json });
  expect(response.status, `${path} ${await response.clone().text()}`).toBe(status);
  return response;
}

async function createOrganization(name: string) {
  const response = await post('/api/organizations', { name });
  return ((await response.json()) as { id: string }).id;
}

async function createRole(name: string, extra: Record<string, unknown> = {}) {
  const response = await post('/api/organization-roles', { name, ...extra });
  return ((await response.json()) as { id: string }).id;
}

async function createScope(name: string, description?: string) {
  const response = await post('/api/organization-scopes', { name, description });
  return ((await response.json()) as { id: string }).id;
}

/** Users are fixtures here (the `/users` routes are tested elsewhere): inserted straight into storage. */
async function insertUser(
  id: string,
  fields: { username?: string; primaryEmail?: string; primaryPhone?: string; name?: string } = {},
  createdAt = Date.now(),
) {
  await emulator.deps.db.query(
    `insert into users (id, username, primary_email, primary_phone, name, created_at, updated_at)
     values ($1, $2, $3, $4, $5, $6, $6)`,
    [
      id,
      fields.username ?? null,
      fields.primaryEmail ?? null,
      fields.primaryPhone ?? null,
      fields.name ?? null,
      createdAt,
    ],
  );
}

async function listMembers(organizationId: string, query = '') {
  const response = await emulator.api(`/api/organizations/${organizationId}/users${query}`);
  expect(response.status).toBe(200);
  return { response, members: (await response.json()) as Member[] };
}

describe('organization members and their roles (samples/20-34, 50, 60)', () => {
  let organizationId: string;
  let otherOrganizationId: string;
  let viewerId: string;
  let editorId: string;
  let readScopeId: string;
  let writeScopeId: string;

  beforeAll(async () => {
    organizationId = await createOrganization('Acme');
    otherOrganizationId = await createOrganization('Beta');
    readScopeId = await createScope('read:docs', 'Read docs');
    writeScopeId = await createScope('write:docs');
    viewerId = await createRole('viewer', {
      description: 'Viewer',
      organizationScopeIds: [readScopeId],
    });
    editorId = await createRole('editor', { organizationScopeIds: [readScopeId, writeScopeId] });
    await insertUser(
      'alice0000001',
      { username: 'alice', primaryEmail: 'alice@example.com', name: 'Alice' },
      1000,
    );
    await insertUser('bob000000002', { username: 'bob', name: 'Bob' }, 2000);
  });

  it('adds members, echoing the request (samples/20)', async () => {
    const response = await post(`/api/organizations/${organizationId}/users`, {
      userIds: ['alice0000001', 'bob000000002', 'alice0000001'],
    });
    expect(await response.text()).toBe(
      '{"userIds":["alice0000001","bob000000002","alice0000001"]}',
    );
  });

  it('lists members with their user info and no roles yet (samples/21)', async () => {
    const { response, members } = await listMembers(organizationId, '?page=1&page_size=20');
    expect(response.headers.get('total-number')).toBe('2');
    expect(members).toEqual([
      {
        id: 'alice0000001',
        username: 'alice',
        primaryEmail: 'alice@example.com',
        primaryPhone: null,
        name: 'Alice',
        avatar: null,
        customData: {},
        identities: {},
        lastSignInAt: null,
        createdAt: 1000,
        updatedAt: 1000,
        profile: {},
        applicationId: null,
        cimdClientId: null,
        isSuspended: false,
        organizationRoles: [],
      },
      expect.objectContaining({ id: 'bob000000002', organizationRoles: [] }),
    ]);
    expect(Object.keys(members[0]!)).toEqual([
      'id',
      'username',
      'primaryEmail',
      'primaryPhone',
      'name',
      'avatar',
      'customData',
      'identities',
      'lastSignInAt',
      'createdAt',
      'updatedAt',
      'profile',
      'applicationId',
      'cimdClientId',
      'isSuspended',
      'organizationRoles',
    ]);
  });

  it('assigns roles to one member, echoing the ids (samples/22)', async () => {
    const response = await post(`/api/organizations/${organizationId}/users/alice0000001/roles`, {
      organizationRoleIds: [viewerId, editorId],
    });
    expect(await response.json()).toEqual({ organizationRoleIds: [viewerId, editorId] });
  });

  it('assigns roles in bulk with a bare 201 (samples/23)', async () => {
    const response = await post(`/api/organizations/${organizationId}/users/roles`, {
      userIds: ['bob000000002'],
      organizationRoleIds: [viewerId],
    });
    expect(response.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    expect(await response.text()).toBe('Created');
  });

  it('lists members with roles sorted by name (samples/24, 25)', async () => {
    const { response, members } = await listMembers(organizationId);
    expect(response.headers.get('total-number')).toBe('2');
    expect(members.map(({ id, organizationRoles }) => ({ id, organizationRoles }))).toEqual([
      {
        id: 'alice0000001',
        organizationRoles: [
          { id: editorId, name: 'editor' },
          { id: viewerId, name: 'viewer' },
        ],
      },
      { id: 'bob000000002', organizationRoles: [{ id: viewerId, name: 'viewer' }] },
    ]);
  });

  it('filters members by role, still listing all their roles (samples/26)', async () => {
    const { response, members } = await listMembers(
      organizationId,
      `?organizationRoleId=${editorId}`,
    );
    expect(response.headers.get('total-number')).toBe('1');
    expect(members).toHaveLength(1);
    expect(members[0]?.organizationRoles).toHaveLength(2);
  });

  it('searches members over id, email, phone, username and name', async () => {
    const ids = async (q: string) =>
      (await listMembers(organizationId, `?q=${encodeURIComponent(q)}`)).members.map(
        ({ id }) => id,
      );
    expect(await ids('ALICE@EXAMPLE')).toEqual(['alice0000001']);
    expect(await ids('bob')).toEqual(['bob000000002']);
    expect(await ids('000000002')).toEqual(['bob000000002']);
    expect(await ids('_')).toEqual(['alice0000001', 'bob000000002']);
    expect(await ids('carol')).toEqual([]);
  });

  it('lists one member’s roles, optionally paginated (samples/27, 28)', async () => {
    const all = await emulator.api(`/api/organizations/${organizationId}/users/alice0000001/roles`);
    expect(all.status).toBe(200);
    expect(all.headers.get('total-number')).toBeNull();
    expect(await all.json()).toEqual(
      [
        { tenantId: 'default', id: editorId, name: 'editor', description: null, type: 'User' },
        { tenantId: 'default', id: viewerId, name: 'viewer', description: 'Viewer', type: 'User' },
      ].sort((a, b) => a.id.localeCompare(b.id)),
    );

    const page = await emulator.api(
      `/api/organizations/${organizationId}/users/alice0000001/roles?page=1&page_size=1`,
    );
    expect(page.headers.get('total-number')).toBe('2');
    expect((await page.json()) as unknown[]).toHaveLength(1);
  });

  it('lists a member’s scopes through their roles, each once (samples/29)', async () => {
    const response = await emulator.api(
      `/api/organizations/${organizationId}/users/alice0000001/scopes`,
    );
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual(
      [
        { tenantId: 'default', id: readScopeId, name: 'read:docs', description: 'Read docs' },
        { tenantId: 'default', id: writeScopeId, name: 'write:docs', description: null },
      ].sort((a, b) => a.id.localeCompare(b.id)),
    );
  });

  it('gives a non-member an empty scope list rather than an error', async () => {
    const response = await emulator.api(
      `/api/organizations/${otherOrganizationId}/users/alice0000001/scopes`,
    );
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual([]);
  });

  it('replaces a member’s roles (samples/31) and clears them with an empty body', async () => {
    const replaced = await emulator.api(
      `/api/organizations/${organizationId}/users/alice0000001/roles`,
      {
        method: 'PUT',
        json: { organizationRoleIds: [viewerId] },
      },
    );
    expect(replaced.status).toBe(204);
    const { members } = await listMembers(organizationId);
    expect(members[0]?.organizationRoles).toEqual([{ id: viewerId, name: 'viewer' }]);

    const cleared = await emulator.api(
      `/api/organizations/${organizationId}/users/alice0000001/roles`,
      {
        method: 'PUT',
        json: {},
      },
    );
    expect(cleared.status).toBe(204);
    expect((await listMembers(organizationId)).members[0]?.organizationRoles).toEqual([]);
  });

  it('resolves role names, deduplicating ids', async () => {
    const response = await post(`/api/organizations/${organizationId}/users/alice0000001/roles`, {
      organizationRoleIds: [viewerId],
      organizationRoleNames: ['editor', 'viewer'],
    });
    expect(await response.json()).toEqual({ organizationRoleIds: [viewerId, editorId] });

    const replaced = await emulator.api(
      `/api/organizations/${organizationId}/users/alice0000001/roles`,
      {
        method: 'PUT',
        json: { organizationRoleNames: ['editor'] },
      },
    );
    expect(replaced.status).toBe(204);
    expect((await listMembers(organizationId)).members[0]?.organizationRoles).toEqual([
      { id: editorId, name: 'editor' },
    ]);
  });

  it('rejects unknown role names, matched exactly and case-sensitively', async () => {
    const response = await emulator.api(
      `/api/organizations/${organizationId}/users/alice0000001/roles`,
      {
        method: 'POST',
        json: { organizationRoleNames: ['Editor', 'nope'] },
      },
    );
    expect(response.status).toBe(422);
    expect(await response.json()).toMatchObject({ code: 'organization.role_names_not_found' });
  });

  it('rejects unknown role ids with a 422 foreign-key error', async () => {
    const response = await emulator.api(
      `/api/organizations/${organizationId}/users/alice0000001/roles`,
      {
        method: 'POST',
        json: { organizationRoleIds: ['no-such-role'] },
      },
    );
    expect(response.status).toBe(422);
    expect(await response.json()).toMatchObject({ code: 'entity.relation_foreign_key_not_found' });
  });

  it('refuses machine-to-machine roles for users', async () => {
    const machineRoleId = await createRole('machine', { type: 'MachineToMachine' });
    for (const [path, json] of [
      [
        `/api/organizations/${organizationId}/users/alice0000001/roles`,
        { organizationRoleIds: [machineRoleId] },
      ],
      [
        `/api/organizations/${organizationId}/users/roles`,
        { userIds: ['alice0000001'], organizationRoleIds: [machineRoleId] },
      ],
    ] as const) {
      const response = await emulator.api(path, { method: 'POST', json });
      expect(response.status).toBe(422);
      expect(await response.json()).toEqual({
        code: 'entity.db_constraint_violated',
        message: 'Database constraint violated.',
      });
    }
    const put = await emulator.api(
      `/api/organizations/${organizationId}/users/alice0000001/roles`,
      {
        method: 'PUT',
        json: { organizationRoleIds: [viewerId, machineRoleId] },
      },
    );
    expect(put.status).toBe(422);
    // The replacement is all or nothing.
    expect((await listMembers(organizationId)).members[0]?.organizationRoles).toEqual([
      { id: editorId, name: 'editor' },
    ]);
  });

  it('deletes one role of a member (samples/32) and 404s a role the member lacks', async () => {
    const deleted = await emulator.api(
      `/api/organizations/${organizationId}/users/bob000000002/roles/${viewerId}`,
      {
        method: 'DELETE',
      },
    );
    expect(deleted.status).toBe(204);
    const again = await emulator.api(
      `/api/organizations/${organizationId}/users/bob000000002/roles/${viewerId}`,
      {
        method: 'DELETE',
      },
    );
    expect(again.status).toBe(404);
    expect(await again.json()).toEqual({
      code: 'entity.not_found',
      message: 'The resource does not exist.',
    });
  });

  it('requires membership for every /users/:userId/roles route (samples/33)', async () => {
    const expected =
      '{"code":"organization.require_membership","message":"The user must be a member of the organization to proceed."}';
    const base = `/api/organizations/${otherOrganizationId}/users/alice0000001/roles`;
    const requests: Array<[string, RequestInit & { json?: unknown }]> = [
      [base, { method: 'GET' }],
      [base, { method: 'POST', json: { organizationRoleIds: [viewerId] } }],
      [base, { method: 'PUT', json: { organizationRoleIds: [viewerId] } }],
      // Checked before the body is validated.
      [base, { method: 'POST', json: { organizationRoleIds: 'not-an-array' } }],
      [`${base}/${viewerId}`, { method: 'DELETE' }],
      [`/api/organizations/no-such-org/users/no-such-user/roles`, { method: 'GET' }],
    ];
    for (const [path, init] of requests) {
      const response = await emulator.api(path, init);
      expect(response.status, `${init.method} ${path}`).toBe(422);
      expect(await response.text()).toBe(expected);
    }
  });

  it('rejects bulk assignment for non-members and unknown roles', async () => {
    for (const json of [
      { userIds: ['alice0000001'], organizationRoleIds: ['no-such-role'] },
      { userIds: ['not-a-member'], organizationRoleIds: [viewerId] },
    ]) {
      const response = await emulator.api(`/api/organizations/${otherOrganizationId}/users/roles`, {
        method: 'POST',
        json,
      });
      expect(response.status).toBe(422);
      expect(await response.json()).toMatchObject({
        code: 'entity.relation_foreign_key_not_found',
      });
    }
    for (const json of [
      { userIds: [], organizationRoleIds: [viewerId] },
      { userIds: ['alice0000001'] },
    ]) {
      const response = await emulator.api(`/api/organizations/${organizationId}/users/roles`, {
        method: 'POST',
        json,
      });
      expect(response.status).toBe(400);
    }
  });

  it('rejects unknown users and organizations when adding (samples/34)', async () => {
    const unknownUser = await emulator.api(`/api/organizations/${organizationId}/users`, {
      method: 'POST',
      json: { userIds: ['no-such-user'] },
    });
    expect(unknownUser.status).toBe(422);
    expect(await unknownUser.text()).toBe(
      '{"code":"entity.relation_foreign_key_not_found","message":"Cannot find one or more foreign keys. Please check the input and ensure that all referenced entities exist."}',
    );
    const unknownOrganization = await emulator.api('/api/organizations/no-such-org-at-all/users', {
      method: 'POST',
      json: { userIds: ['alice0000001'] },
    });
    expect(unknownOrganization.status).toBe(422);
    expect(await unknownOrganization.json()).toMatchObject({
      code: 'entity.relation_foreign_key_not_found',
    });

    // Ids up to Logto's column size (21) are plain unknown references; longer ones overflow the column.
    const unknownLongId = await emulator.api(`/api/organizations/${organizationId}/users`, {
      method: 'POST',
      json: { userIds: ['u'.repeat(21)] },
    });
    expect(await unknownLongId.json()).toMatchObject({
      code: 'entity.relation_foreign_key_not_found',
    });
    const tooLong = await emulator.api(`/api/organizations/${organizationId}/users`, {
      method: 'POST',
      json: { userIds: ['u'.repeat(22)] },
    });
    expect(tooLong.status).toBe(422);
    expect(await tooLong.json()).toMatchObject({ code: 'entity.value_too_long' });

    const empty = await emulator.api(`/api/organizations/${organizationId}/users`, {
      method: 'POST',
      json: { userIds: [] },
    });
    expect(empty.status).toBe(400);
    expect(await empty.json()).toMatchObject({ code: 'guard.invalid_input' });
  });

  it('lists an unknown organization as empty (samples/50)', async () => {
    const { response, members } = await listMembers('no-such-org');
    expect(members).toEqual([]);
    expect(response.headers.get('total-number')).toBe('0');
  });

  it('replaces the member set, keeping the survivors’ roles', async () => {
    await insertUser('carol0000003', { name: 'Carol' });
    await post(`/api/organizations/${organizationId}/users/roles`, {
      userIds: ['alice0000001', 'bob000000002'],
      organizationRoleIds: [viewerId],
    });
    const replaced = await emulator.api(`/api/organizations/${organizationId}/users`, {
      method: 'PUT',
      json: { userIds: ['alice0000001', 'carol0000003', 'carol0000003'] },
    });
    expect(replaced.status).toBe(204);
    const { members } = await listMembers(organizationId);
    expect(
      members.map(({ id, organizationRoles }) => [id, organizationRoles.map(({ name }) => name)]),
    ).toEqual([
      ['alice0000001', ['editor', 'viewer']],
      ['carol0000003', []],
    ]);

    const unknown = await emulator.api(`/api/organizations/${organizationId}/users`, {
      method: 'PUT',
      json: { userIds: ['alice0000001', 'no-such-user'] },
    });
    expect(unknown.status).toBe(422);
    expect((await listMembers(organizationId)).members).toHaveLength(2);
  });

  it('removes a member with their roles (samples/60), then 404s', async () => {
    const removed = await emulator.api(`/api/organizations/${organizationId}/users/alice0000001`, {
      method: 'DELETE',
    });
    expect(removed.status).toBe(204);
    const rows = await emulator.deps.db.query(
      'select 1 from organization_role_user_relations where organization_id = $1 and user_id = $2',
      [organizationId, 'alice0000001'],
    );
    expect(rows).toHaveLength(0);
    const again = await emulator.api(`/api/organizations/${organizationId}/users/alice0000001`, {
      method: 'DELETE',
    });
    expect(again.status).toBe(404);
    expect(await again.json()).toMatchObject({ code: 'entity.not_found' });
  });

  it('empties the organization with PUT []', async () => {
    const emptied = await emulator.api(`/api/organizations/${organizationId}/users`, {
      method: 'PUT',
      json: { userIds: [] },
    });
    expect(emptied.status).toBe(204);
    expect((await listMembers(organizationId)).members).toEqual([]);
  });
});

describe('concurrent membership changes', () => {
  it('loses nothing and duplicates nothing under 50 parallel adds', async () => {
    const organizationId = await createOrganization('Concurrent');
    const userIds = Array.from(
      { length: 50 },
      (_, index) => `conc${String(index).padStart(8, '0')}`,
    );
    await emulator.deps.db.query(
      `insert into users (id, created_at, updated_at) select id, 1, 1 from unnest($1::varchar[]) as id`,
      [userIds],
    );

    const distinct = await Promise.all(
      userIds.map(async (userId) =>
        emulator.api(`/api/organizations/${organizationId}/users`, {
          method: 'POST',
          json: { userIds: [userId] },
        }),
      ),
    );
    expect(distinct.map(({ status }) => status)).toEqual(userIds.map(() => 201));

    const identical = await Promise.all(
      userIds.map(async () =>
        emulator.api(`/api/organizations/${organizationId}/users`, {
          method: 'POST',
          json: { userIds: [userIds[0]] },
        }),
      ),
    );
    expect(identical.map(({ status }) => status)).toEqual(userIds.map(() => 201));

    const { response, members } = await listMembers(organizationId, '?page=1&page_size=100');
    expect(response.headers.get('total-number')).toBe('50');
    expect(members.map(({ id }) => id)).toEqual(userIds);
    const [row] = await emulator.deps.db.query<{ count: number }>(
      'select count(*)::int as count from organization_user_relations where organization_id = $1',
      [organizationId],
    );
    expect(row?.count).toBe(50);
  });
});

type PlanNode = Record<string, unknown> & { Plans?: PlanNode[] };

/** Rows a query plan (EXPLAIN ANALYZE, JSON) read from `table`, over all loops of every node on it. */
function rowsReadFrom(node: PlanNode, table: string): number {
  const own =
    node['Relation Name'] === table
      ? Number(node['Actual Rows']) * Number(node['Actual Loops'])
      : 0;
  return (node.Plans ?? []).reduce((sum, child) => sum + rowsReadFrom(child, table), own);
}

/** Runs `run`, recording the statements sent inside `db.transaction` (as the member list does). */
async function recordTransactionQueries(run: () => Promise<unknown>) {
  const { db } = emulator.deps;
  // Restored below (the property is a plain arrow function: binding changes nothing).
  const original = db.transaction.bind(db);
  const queries: Array<{ sql: string; params: unknown[] }> = [];
  db.transaction = async (body) =>
    original(async (tx) =>
      body(
        new Proxy(tx, {
          get(target, key) {
            const value: unknown = Reflect.get(target, key, target);
            if (key !== 'query' || typeof value !== 'function') return value;
            return (sql: string, params: unknown[] = [], ...rest: unknown[]): unknown => {
              queries.push({ sql, params });
              return Reflect.apply(value, target, [sql, params, ...rest]);
            };
          },
        }),
      ),
    );
  try {
    await run();
  } finally {
    db.transaction = original;
  }
  return queries;
}

describe('large organizations', () => {
  it('pages through 1,200 members in user id order, aggregating roles for the returned page only', async () => {
    const organizationId = await createOrganization('Large');
    const roleId = await createRole('large-member');
    await emulator.deps.db.query(
      `insert into users (id, username, name, created_at, updated_at)
       select 'big' || lpad(n::text, 9, '0'), 'big_user_' || n, 'Big ' || n, n, n from generate_series(1, 1200) as n`,
    );
    await emulator.deps.db.query(
      `insert into organization_user_relations (organization_id, user_id, created_at)
       select $1, 'big' || lpad(n::text, 9, '0'), n from generate_series(1, 1200) as n`,
      [organizationId],
    );
    await emulator.deps.db.query(
      `insert into organization_role_user_relations (organization_id, organization_role_id, user_id)
       select $1, $2, 'big' || lpad(n::text, 9, '0') from generate_series(1, 1200) as n`,
      [organizationId, roleId],
    );

    let page: Awaited<ReturnType<typeof listMembers>> | undefined;
    const queries = await recordTransactionQueries(async () => {
      page = await listMembers(organizationId, '?page=12&page_size=100');
    });
    const { response, members } = page!;

    expect(response.headers.get('total-number')).toBe('1200');
    expect(members).toHaveLength(100);
    expect(members[0]?.id).toBe('big000001101');
    expect(members[99]?.id).toBe('big000001200');
    expect(members[0]?.organizationRoles).toEqual([{ id: roleId, name: 'large-member' }]);

    // Fast because the roles are read for the 100 members returned, not for the 1,100 skipped by the
    // offset too (the old plan did, and took ~1 s against ~20 ms). Checked in the query plan rather
    // than with a stopwatch, which a loaded machine would fail: each member here has one role.
    const pageQuery = queries.find(({ sql }) => /\boffset\b/i.test(sql));
    if (!pageQuery)
      throw new Error(`No page query among: ${queries.map(({ sql }) => sql).join('; ')}`);
    const [explained] = await emulator.deps.db.query<{ 'QUERY PLAN': Array<{ Plan: PlanNode }> }>(
      `explain (analyze, format json) ${pageQuery.sql}`,
      pageQuery.params,
    );
    const plan = explained?.['QUERY PLAN'][0]?.Plan;
    if (!plan) throw new Error('EXPLAIN returned no plan');
    expect(rowsReadFrom(plan, 'organization_role_user_relations')).toBe(100);

    const searched = await listMembers(organizationId, '?q=big_user_77&page=1&page_size=20');
    expect(searched.response.headers.get('total-number')).toBe('11');
  });
});
