import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { managementApi } from '../seed/system.js';
import {
  startTestEmulator,
  type TestEmulator,
  callApi,
  asObject as record,
  asObjectList as list,
  uniqueName as unique,
} from '../test-utils.js';

let emulator: TestEmulator;

beforeAll(async () => {
  emulator = await startTestEmulator();
});

afterAll(async () => {
  await emulator.close();
});

const call = async (method: string, path: string, json?: unknown) =>
  callApi(emulator, method, path, json);

async function createResource(body: Record<string, unknown> = {}) {
  const name = unique('api');
  const reply = await call('POST', '/api/resources', {
    name,
    indicator: `https://${name}.example.com`,
    ...body,
  });
  expect(reply.status, reply.text).toBe(201);
  const { scopes: _scopes, ...resource } = record(reply.body);
  return resource;
}

async function createScope(resourceId: unknown, body: Record<string, unknown> = {}) {
  const reply = await call('POST', `/api/resources/${String(resourceId)}/scopes`, {
    name: unique('read:x'),
    ...body,
  });
  expect(reply.status, reply.text).toBe(201);
  return record(reply.body);
}

describe('/api/resources', () => {
  it('POST answers 201 with the resource, an empty scope list and the default TTL', async () => {
    const name = unique('api');
    const reply = await call('POST', '/api/resources', {
      name,
      indicator: `https://${name}.example.com`,
    });

    expect(reply.status).toBe(201);
    const resource = record(reply.body);
    expect(Object.keys(resource)).toEqual([
      'tenantId',
      'id',
      'name',
      'indicator',
      'isDefault',
      'accessTokenTtl',
      'scopes',
    ]);
    expect(resource).toMatchObject({
      tenantId: 'default',
      name,
      indicator: `https://${name}.example.com`,
      isDefault: false,
      accessTokenTtl: 3600,
      scopes: [],
    });
    expect(resource.id).toMatch(/^[\da-z]{21}$/);
    expect((await createResource({ accessTokenTtl: 7200 })).accessTokenTtl).toBe(7200);
  });

  it('POST answers 422 for a taken indicator and 400 guard.invalid_input without one', async () => {
    const resource = await createResource();

    const taken = await call('POST', '/api/resources', {
      name: 'again',
      indicator: resource.indicator,
    });
    expect(taken.status).toBe(422);
    expect(record(taken.body).code).toBe('resource.resource_identifier_in_use');
    expect(record(taken.body).message).toContain(
      `The API identifier ${String(resource.indicator)} is already in use`,
    );

    const missing = await call('POST', '/api/resources', { name: 'x' });
    expect(missing.status).toBe(400);
    expect(record(missing.body).code).toBe('guard.invalid_input');
    expect(record(missing.body).details).toBe(
      'Error in key path "indicator": (invalid_type) Expected string but received undefined.',
    );
  });

  it('GET lists every resource (Management API included), with scopes when includeScopes is truthy', async () => {
    const resource = await createResource();
    const scope = await createScope(resource.id);

    const plain = await call('GET', '/api/resources');
    expect(plain.status).toBe(200);
    // Optional pagination: no page params, no headers.
    expect(plain.headers.get('total-number')).toBeNull();
    const listed = list(plain.body);
    expect(listed.find(({ id }) => id === resource.id)).toEqual(resource);
    expect(listed.find(({ indicator }) => indicator === managementApi.indicator)).toMatchObject({
      name: 'Logto Management API',
    });

    const withScopes = list((await call('GET', '/api/resources?includeScopes=true')).body);
    expect(withScopes.find(({ id }) => id === resource.id)).toEqual({
      ...resource,
      scopes: [scope],
    });
    const management = withScopes.find(({ indicator }) => indicator === managementApi.indicator);
    expect(list(management?.scopes).map(({ name }) => name)).toEqual(['all']);

    const paged = await call('GET', '/api/resources?page=1&page_size=1');
    expect(list(paged.body)).toHaveLength(1);
    expect(Number(paged.headers.get('total-number'))).toBe(listed.length);
  });

  it('GET /{id} answers the resource; unknown is 404 entity.not_exists_with_id', async () => {
    const resource = await createResource();

    expect((await call('GET', `/api/resources/${String(resource.id)}`)).body).toEqual(resource);
    const unknown = await call('GET', '/api/resources/no-such-resource');
    expect(unknown.status).toBe(404);
    expect(unknown.body).toEqual({
      code: 'entity.not_exists_with_id',
      message: 'The resources with ID `no-such-resource` does not exist.',
    });
  });

  it('PATCH updates name and TTL; the Management API cannot be modified or deleted', async () => {
    const resource = await createResource();

    const patched = await call('PATCH', `/api/resources/${String(resource.id)}`, {
      name: 'Renamed',
      accessTokenTtl: 600,
    });
    expect(patched.status).toBe(200);
    expect(patched.body).toEqual({ ...resource, name: 'Renamed', accessTokenTtl: 600 });
    expect((await call('PATCH', '/api/resources/no-such-resource', { name: 'x' })).status).toBe(
      404,
    );

    const modify = await call('PATCH', `/api/resources/${managementApi.resourceId}`, {
      name: 'Mine',
    });
    expect(modify.status).toBe(400);
    expect(record(modify.body).code).toBe('resource.cannot_modify_management_api');
    const remove = await call('DELETE', `/api/resources/${managementApi.resourceId}`);
    expect(remove.status).toBe(400);
    expect(record(remove.body).code).toBe('resource.cannot_delete_management_api');
    const addScope = await call('POST', `/api/resources/${managementApi.resourceId}/scopes`, {
      name: 'more',
    });
    expect(addScope.status).toBe(400);
    expect(record(addScope.body).code).toBe('resource.cannot_modify_management_api');
  });

  it('PATCH /{id}/is-default keeps at most one default resource', async () => {
    const first = await createResource();
    const second = await createResource();

    expect(
      record(
        (await call('PATCH', `/api/resources/${String(first.id)}/is-default`, { isDefault: true }))
          .body,
      ),
    ).toMatchObject({
      isDefault: true,
    });
    await call('PATCH', `/api/resources/${String(second.id)}/is-default`, { isDefault: true });

    const defaults = list((await call('GET', '/api/resources')).body).filter(
      ({ isDefault }) => isDefault === true,
    );
    expect(defaults.map(({ id }) => id)).toEqual([second.id]);
    const unknown = await call('PATCH', '/api/resources/no-such-resource/is-default', {
      isDefault: true,
    });
    expect(unknown.status).toBe(404);
    expect(record(unknown.body).code).toBe('entity.not_exists');
    expect(
      list((await call('GET', '/api/resources')).body).filter(
        ({ isDefault }) => isDefault === true,
      ),
    ).toHaveLength(1);
  });

  it('DELETE answers 204 and takes the scopes along; then 404', async () => {
    const resource = await createResource();
    await createScope(resource.id);

    expect((await call('DELETE', `/api/resources/${String(resource.id)}`)).status).toBe(204);
    const again = await call('DELETE', `/api/resources/${String(resource.id)}`);
    expect(again.status).toBe(404);
    expect(record(again.body).code).toBe('entity.not_exists_with_id');
    expect(
      await emulator.deps.db.query('select 1 from scopes where resource_id = $1', [resource.id]),
    ).toEqual([]);
  });
});

describe('/api/resources/{resourceId}/scopes', () => {
  it('POST answers 201 with the scope; names are unique per resource and have no spaces', async () => {
    const resource = await createResource();
    const other = await createResource();

    const scope = await createScope(resource.id, {
      name: 'read:reports',
      description: 'Read reports',
    });
    expect(Object.keys(scope)).toEqual([
      'tenantId',
      'id',
      'resourceId',
      'name',
      'description',
      'createdAt',
    ]);
    expect(scope).toMatchObject({
      resourceId: resource.id,
      name: 'read:reports',
      description: 'Read reports',
    });

    const taken = await call('POST', `/api/resources/${String(resource.id)}/scopes`, {
      name: 'read:reports',
    });
    expect(taken.status).toBe(422);
    expect(taken.body).toEqual({
      code: 'scope.name_exists',
      message: 'The scope name read:reports is already in use',
    });
    await createScope(other.id, { name: 'read:reports' });

    const spaced = await call('POST', `/api/resources/${String(resource.id)}/scopes`, {
      name: 'read reports',
    });
    expect(spaced.status).toBe(400);
    expect(record(spaced.body).code).toBe('scope.name_with_space');

    const unknown = await call('POST', '/api/resources/no-such-resource/scopes', { name: 'x' });
    expect(unknown.status).toBe(404);
  });

  it('GET is paginated, in creation order, with search; an unknown resource lists nothing', async () => {
    const resource = await createResource();
    const first = await createScope(resource.id, { name: 'alpha:read', description: 'First' });
    const second = await createScope(resource.id, { name: 'beta:read' });

    const all = await call('GET', `/api/resources/${String(resource.id)}/scopes`);
    expect(all.body).toEqual([first, second]);
    expect(all.headers.get('total-number')).toBe('2');

    const found = await call(
      'GET',
      `/api/resources/${String(resource.id)}/scopes?search=${encodeURIComponent('%beta%')}`,
    );
    expect(found.body).toEqual([second]);

    const unknown = await call('GET', '/api/resources/no-such-resource/scopes');
    expect(unknown.status).toBe(200);
    expect(unknown.body).toEqual([]);
    expect(unknown.headers.get('total-number')).toBe('0');
  });

  it('PATCH renames (unique names still enforced); DELETE removes (204, then 404)', async () => {
    const resource = await createResource();
    const scope = await createScope(resource.id);
    const other = await createScope(resource.id);
    const path = `/api/resources/${String(resource.id)}/scopes/${String(scope.id)}`;

    const patched = await call('PATCH', path, { name: 'write:reports', description: null });
    expect(patched.status).toBe(200);
    expect(patched.body).toEqual({ ...scope, name: 'write:reports', description: null });

    const taken = await call('PATCH', path, { name: other.name });
    expect(taken.status).toBe(422);
    expect(record(taken.body).code).toBe('scope.name_exists');

    expect((await call('DELETE', path)).status).toBe(204);
    const again = await call('DELETE', path);
    expect(again.status).toBe(404);
    expect(record(again.body).code).toBe('entity.not_found');
  });
});
