import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { managementApi } from '../seed/system.js';
import { startTestEmulator, type TestEmulator } from '../test-utils.js';

let emulator: TestEmulator;

beforeAll(async () => {
  emulator = await startTestEmulator();
});

afterAll(async () => {
  await emulator.close();
});

type Role = {
  tenantId: string;
  id: string;
  name: string;
  description: string | null;
  type: string;
};
type RoleWithScopes = Role & {
  scopes: Array<{ id: string; name: string }>;
  resourceScopes: Array<{ id: string; name: string; resource: { id: string; name: string } }>;
};

async function create<T>(path: string, json: Record<string, unknown>): Promise<T> {
  const response = await emulator.api(path, { method: 'POST', json });
  expect(response.status, await response.clone().text()).toBe(201);
  return (await response.json()) as T;
}

const byId = <T extends { id: string }>(items: T[]) =>
  [...items].sort((a, b) => a.id.localeCompare(b.id));

describe('/api/organization-roles', () => {
  let readScope: { id: string; name: string };
  let writeScope: { id: string; name: string };
  let viewer: Role;
  let editor: Role;

  beforeAll(async () => {
    readScope = await create('/api/organization-scopes', {
      name: 'read:docs',
      description: 'Read docs',
    });
    writeScope = await create('/api/organization-scopes', { name: 'write:docs' });
  });

  it('creates roles with initial scopes; the response has no scopes (samples/13, 14)', async () => {
    const response = await emulator.api('/api/organization-roles', {
      method: 'POST',
      json: { name: 'viewer', description: 'Viewer', organizationScopeIds: [readScope.id] },
    });
    expect(response.status).toBe(201);
    const text = await response.text();
    viewer = JSON.parse(text) as Role;
    expect(text).toBe(
      `{"tenantId":"default","id":"${viewer.id}","name":"viewer","description":"Viewer","type":"User"}`,
    );

    editor = await create<Role>('/api/organization-roles', {
      name: 'editor',
      organizationScopeIds: [readScope.id, writeScope.id, writeScope.id],
      resourceScopeIds: [managementApi.allScopeId],
    });
    expect(editor).toEqual({
      tenantId: 'default',
      id: editor.id,
      name: 'editor',
      description: null,
      type: 'User',
    });
  });

  it('rejects a duplicate name (samples/17)', async () => {
    const response = await emulator.api('/api/organization-roles', {
      method: 'POST',
      json: { name: 'viewer' },
    });
    expect(response.status).toBe(422);
    expect(await response.text()).toBe(
      '{"code":"entity.unique_integrity_violation","message":"The entity already exists. Please check the input and try again."}',
    );
  });

  it('creates nothing when an initial scope does not exist', async () => {
    const response = await emulator.api('/api/organization-roles', {
      method: 'POST',
      json: { name: 'broken', organizationScopeIds: [readScope.id, 'no-such-scope'] },
    });
    expect(response.status).toBe(422);
    expect(await response.json()).toMatchObject({ code: 'entity.relation_foreign_key_not_found' });
    const list = await emulator.api('/api/organization-roles?q=broken');
    expect(await list.json()).toEqual([]);
  });

  it('validates the body', async () => {
    for (const json of [
      {},
      { name: 'x', type: 'Robot' },
      { name: 'x', organizationScopeIds: 'a' },
      { name: '' },
    ]) {
      const response = await emulator.api('/api/organization-roles', { method: 'POST', json });
      expect(response.status, JSON.stringify(json)).toBe(400);
    }
  });

  it('lists roles by name with their scopes and resource scopes (samples/15)', async () => {
    const response = await emulator.api('/api/organization-roles?page=1&page_size=20');
    expect(response.status).toBe(200);
    expect(response.headers.get('total-number')).toBe('2');
    const roles = (await response.json()) as RoleWithScopes[];
    expect(roles).toEqual([
      {
        ...editor,
        scopes: byId([readScope, writeScope]).map(({ id, name }) => ({ id, name })),
        resourceScopes: [
          {
            id: managementApi.allScopeId,
            name: 'all',
            resource: { id: managementApi.resourceId, name: managementApi.name },
          },
        ],
      },
      { ...viewer, scopes: [{ id: readScope.id, name: readScope.name }], resourceScopes: [] },
    ]);
    expect(Object.keys(roles[0]!)).toEqual([
      'tenantId',
      'id',
      'name',
      'description',
      'type',
      'scopes',
      'resourceScopes',
    ]);

    const searched = await emulator.api('/api/organization-roles?q=VIEW');
    expect(((await searched.json()) as Role[]).map(({ name }) => name)).toEqual(['viewer']);
    const byDescription = await emulator.api('/api/organization-roles?q=iewer');
    expect(byDescription.headers.get('total-number')).toBe('1');
  });

  it('gets one role without scopes, 404 entity.not_found otherwise', async () => {
    const found = await emulator.api(`/api/organization-roles/${editor.id}`);
    expect(await found.json()).toEqual(editor);
    const missing = await emulator.api('/api/organization-roles/no-such-role');
    expect(missing.status).toBe(404);
    expect(await missing.json()).toEqual({
      code: 'entity.not_found',
      message: 'The resource does not exist.',
    });
  });

  it('lists, adds, replaces and removes a role’s scopes (samples/16)', async () => {
    const path = `/api/organization-roles/${viewer.id}/scopes`;
    const initial = await emulator.api(path);
    expect(initial.headers.get('total-number')).toBeNull();
    expect(await initial.json()).toEqual([
      { tenantId: 'default', id: readScope.id, name: 'read:docs', description: 'Read docs' },
    ]);

    const added = await emulator.api(path, {
      method: 'POST',
      json: { organizationScopeIds: [writeScope.id, readScope.id] },
    });
    expect(added.status).toBe(201);
    const paged = await emulator.api(`${path}?page=1&page_size=1`);
    expect(paged.headers.get('total-number')).toBe('2');

    const replaced = await emulator.api(path, {
      method: 'PUT',
      json: { organizationScopeIds: [writeScope.id] },
    });
    expect(replaced.status).toBe(204);
    expect(
      ((await (await emulator.api(path)).json()) as Array<{ id: string }>).map(({ id }) => id),
    ).toEqual([writeScope.id]);

    const removed = await emulator.api(`${path}/${writeScope.id}`, { method: 'DELETE' });
    expect(removed.status).toBe(204);
    const again = await emulator.api(`${path}/${writeScope.id}`, { method: 'DELETE' });
    expect(again.status).toBe(404);
    expect(await again.json()).toMatchObject({ code: 'entity.not_found' });

    const unknown = await emulator.api(path, {
      method: 'POST',
      json: { organizationScopeIds: ['no-such-scope'] },
    });
    expect(unknown.status).toBe(422);
    expect(await unknown.json()).toMatchObject({ code: 'entity.relation_foreign_key_not_found' });
    const empty = await emulator.api(path, { method: 'POST', json: { organizationScopeIds: [] } });
    expect(empty.status).toBe(400);

    const missingRole = await emulator.api('/api/organization-roles/no-such-role/scopes');
    expect(missingRole.status).toBe(404);
    expect(await missingRole.json()).toMatchObject({ code: 'entity.not_found' });
  });

  it('lists, adds, replaces and removes a role’s resource scopes', async () => {
    const path = `/api/organization-roles/${viewer.id}/resource-scopes`;
    expect(await (await emulator.api(path)).json()).toEqual([]);
    expect(
      (await emulator.api(path, { method: 'POST', json: { scopeIds: [managementApi.allScopeId] } }))
        .status,
    ).toBe(201);
    const listed = (await (await emulator.api(path)).json()) as Array<Record<string, unknown>>;
    expect(listed).toEqual([
      {
        tenantId: 'default',
        id: managementApi.allScopeId,
        resourceId: managementApi.resourceId,
        name: 'all',
        description: 'Default scope for Management API, allows all permissions.',
        createdAt: expect.any(Number),
      },
    ]);
    expect((await emulator.api(path, { method: 'PUT', json: { scopeIds: [] } })).status).toBe(204);
    expect(await (await emulator.api(path)).json()).toEqual([]);
    const missing = await emulator.api(`${path}/${managementApi.allScopeId}`, { method: 'DELETE' });
    expect(missing.status).toBe(404);
  });

  it('patches a role and rejects a name already taken', async () => {
    const patched = await emulator.api(`/api/organization-roles/${viewer.id}`, {
      method: 'PATCH',
      json: { description: 'Reads things', type: 'MachineToMachine' },
    });
    expect(await patched.json()).toEqual({
      ...viewer,
      description: 'Reads things',
      type: 'MachineToMachine',
    });
    const taken = await emulator.api(`/api/organization-roles/${viewer.id}`, {
      method: 'PATCH',
      json: { name: 'editor' },
    });
    expect(taken.status).toBe(422);
    expect(await taken.json()).toMatchObject({ code: 'entity.unique_integrity_violation' });
    const missing = await emulator.api('/api/organization-roles/no-such-role', {
      method: 'PATCH',
      json: { name: 'x' },
    });
    expect(missing.status).toBe(404);
    expect(await missing.json()).toEqual({
      code: 'entity.not_exists',
      message: 'The organization_role does not exist.',
    });
  });

  it('deletes a role with its relations', async () => {
    const deleted = await emulator.api(`/api/organization-roles/${editor.id}`, {
      method: 'DELETE',
    });
    expect(deleted.status).toBe(204);
    const [row] = await emulator.deps.db.query<{ count: number }>(
      `select (select count(*) from organization_role_scope_relations where organization_role_id = $1)
            + (select count(*) from organization_role_resource_scope_relations where organization_role_id = $1) as count`,
      [editor.id],
    );
    expect(Number(row?.count)).toBe(0);
    expect(
      (await emulator.api(`/api/organization-roles/${editor.id}`, { method: 'DELETE' })).status,
    ).toBe(404);
  });
});
