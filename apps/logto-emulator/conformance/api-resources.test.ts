import { describe, expect, it } from 'vitest';
import { z } from 'zod';

import {
  expectBody,
  expectError,
  expectGuardError,
  expectNoContent,
} from './support/assertions.js';
import {
  createResource,
  createResourceScope,
  missingId,
  uniqueName,
  useTestCleanup,
} from './support/fixtures.js';
import { api, target } from './support/http.js';
import {
  resourceSchema,
  resourceScopeSchema,
  resourceWithScopesSchema,
} from './support/schemas.js';

// Not in the recorded samples: shapes and statuses from @logto/api 1.42's OpenAPI types
// (CreateResource 201, CreateResourceScope 201, ...) and Logto's resource routes.
const indicatorFor = (name: string) => `https://${name.replaceAll('_', '-')}.example.com/api`;

describe('API resources (/api/resources)', () => {
  const cleanup = useTestCleanup();

  it('POST creates a resource: 201 with an empty scope list and the default token TTL', async () => {
    const name = uniqueName('api');
    const indicator = indicatorFor(name);

    const response = await api('/api/resources', { json: { name, indicator } });

    const created = expectBody(response, 201, resourceWithScopesSchema);
    cleanup.deleteLater(`/api/resources/${created.id}`);
    expect(created).toMatchObject({
      name,
      indicator,
      isDefault: false,
      accessTokenTtl: 3600,
      scopes: [],
    });
  });

  it('POST keeps a custom accessTokenTtl', async () => {
    const resource = await createResource(cleanup, { accessTokenTtl: 7200 });

    expect(resource.accessTokenTtl).toBe(7200);
  });

  it('POST answers 422 resource.resource_identifier_in_use for a taken indicator', async () => {
    const resource = await createResource(cleanup);

    const response = await api('/api/resources', {
      json: { name: uniqueName('again'), indicator: resource.indicator },
    });

    expectError(response, 422, 'resource.resource_identifier_in_use');
  });

  it('POST answers 400 guard.invalid_input without an indicator', async () => {
    const response = await api('/api/resources', { json: { name: uniqueName('api') } });

    expectGuardError(response, { target: 'body', path: ['indicator'], issueCode: 'invalid_type' });
  });

  it('GET /{id} returns the resource without scopes; unknown is 404 entity.not_exists_with_id', async () => {
    const resource = await createResource(cleanup);

    expect(expectBody(await api(`/api/resources/${resource.id}`), 200, resourceSchema)).toEqual(
      resource,
    );
    const id = missingId(21);
    const unknown = await api(`/api/resources/${id}`);
    expectError(unknown, 404, 'entity.not_exists_with_id');
    expect(unknown.body).toMatchObject({
      message: `The resources with ID \`${id}\` does not exist.`,
    });
  });

  it('GET lists resources, with their scopes when includeScopes is truthy', async () => {
    const resource = await createResource(cleanup);
    const scope = await createResourceScope(cleanup, resource.id);

    const plain = expectBody(
      await api('/api/resources'),
      200,
      z.array(z.looseObject({ id: z.string() })),
    );
    expect(plain.find(({ id }) => id === resource.id)).toEqual(resource);

    const withScopes = expectBody(
      await api('/api/resources', { query: { includeScopes: 'true' } }),
      200,
      z.array(z.looseObject({ id: z.string() })),
    );
    const listed = withScopes.find(({ id }) => id === resource.id);
    expect(resourceWithScopesSchema.parse(listed)).toEqual({ ...resource, scopes: [scope] });
    // The Management API resource itself is listed too.
    expect(withScopes.some((item) => item.indicator === target.managementApiResource)).toBe(true);
  });

  it('PATCH updates name and accessTokenTtl; unknown id is 404', async () => {
    const resource = await createResource(cleanup);
    const name = uniqueName('renamed');

    const response = await api(`/api/resources/${resource.id}`, {
      method: 'PATCH',
      json: { name, accessTokenTtl: 600 },
    });

    expect(expectBody(response, 200, resourceSchema)).toEqual({
      ...resource,
      name,
      accessTokenTtl: 600,
    });
    const unknown = await api(`/api/resources/${missingId(21)}`, {
      method: 'PATCH',
      json: { name },
    });
    expect(unknown.status).toBe(404);
  });

  it('DELETE answers 204, then 404', async () => {
    const resource = await createResource(cleanup);

    expectNoContent(await api(`/api/resources/${resource.id}`, { method: 'DELETE' }));

    expectError(
      await api(`/api/resources/${resource.id}`, { method: 'DELETE' }),
      404,
      'entity.not_exists_with_id',
    );
  });
});

describe('API resource scopes (/api/resources/{id}/scopes)', () => {
  const cleanup = useTestCleanup();

  it('POST creates a scope: 201', async () => {
    const resource = await createResource(cleanup);
    const name = uniqueName('read:reports');

    const response = await api(`/api/resources/${resource.id}/scopes`, {
      json: { name, description: 'Read reports' },
    });

    const scope = expectBody(response, 201, resourceScopeSchema);
    cleanup.deleteLater(`/api/resources/${resource.id}/scopes/${scope.id}`);
    expect(scope).toMatchObject({ resourceId: resource.id, name, description: 'Read reports' });
  });

  it('POST answers 422 scope.name_exists for a name taken in the same resource, but not in another', async () => {
    const resource = await createResource(cleanup);
    const other = await createResource(cleanup);
    const scope = await createResourceScope(cleanup, resource.id);

    const duplicate = await api(`/api/resources/${resource.id}/scopes`, {
      json: { name: scope.name },
    });
    expectError(duplicate, 422, 'scope.name_exists');

    await createResourceScope(cleanup, other.id, { name: scope.name });
  });

  it('POST answers 400 scope.name_with_space for a name with a space', async () => {
    const resource = await createResource(cleanup);

    const response = await api(`/api/resources/${resource.id}/scopes`, {
      json: { name: 'read reports' },
    });

    expectError(response, 400, 'scope.name_with_space');
  });

  it('GET lists the scopes of the resource', async () => {
    const resource = await createResource(cleanup);
    const first = await createResourceScope(cleanup, resource.id);
    const second = await createResourceScope(cleanup, resource.id);

    const response = await api(`/api/resources/${resource.id}/scopes`);

    const scopes = expectBody(response, 200, z.array(resourceScopeSchema));
    expect([...scopes].sort((a, b) => a.name.localeCompare(b.name))).toEqual(
      [first, second].sort((a, b) => a.name.localeCompare(b.name)),
    );
  });

  it('PATCH renames a scope; DELETE removes it (204)', async () => {
    const resource = await createResource(cleanup);
    const scope = await createResourceScope(cleanup, resource.id);
    const name = uniqueName('write:reports');

    const patched = await api(`/api/resources/${resource.id}/scopes/${scope.id}`, {
      method: 'PATCH',
      json: { name, description: 'Write' },
    });
    expect(expectBody(patched, 200, resourceScopeSchema)).toEqual({
      ...scope,
      name,
      description: 'Write',
    });

    expectNoContent(
      await api(`/api/resources/${resource.id}/scopes/${scope.id}`, { method: 'DELETE' }),
    );
    expect(
      expectBody(
        await api(`/api/resources/${resource.id}/scopes`),
        200,
        z.array(resourceScopeSchema),
      ),
    ).toEqual([]);
  });
});
