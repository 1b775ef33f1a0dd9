/**
 * Port of Logto 1.42.0 packages/integration-tests/src/tests/api/organization/organization-scope.test.ts
 * (logto-io/logto, tag @logto/core@1.42.0): same tests, same assertions, on our client.
 */
import assert from 'node:assert';

import { afterEach, describe, expect, it } from 'vitest';

import { HttpError } from './support/client.js';
import { OrganizationScopeApiTest } from './support/organization.js';
import { generateTestName } from './support/utils.js';

describe('organization scope APIs', () => {
  const scopeApi = new OrganizationScopeApiTest();

  afterEach(async () => {
    await scopeApi.cleanUp();
  });

  it('should fail if the name of the new organization scope already exists', async () => {
    const name = generateTestName();
    await scopeApi.create({ name });
    const response = await scopeApi.create({ name }).catch((error: unknown) => error);

    assert(response instanceof HttpError);
    expect(response.status).toBe(422);
    expect(response.body).toHaveProperty('code', 'entity.unique_integrity_violation');
  });

  it('should get organization scopes successfully', async () => {
    const [name1, name2] = [generateTestName(), generateTestName()];
    await scopeApi.create({ name: name1, description: 'A test organization scope.' });
    await scopeApi.create({ name: name2 });
    const scopes = await scopeApi.getList();

    expect(scopes).toContainEqual(
      expect.objectContaining({ name: name1, description: 'A test organization scope.' }),
    );
    expect(scopes).toContainEqual(expect.objectContaining({ name: name2, description: null }));
  });

  it('should get organization scopes with pagination', async () => {
    // 30 scopes, more than the default page size (20).
    await Promise.all(
      Array.from({ length: 30 }, async () => scopeApi.create({ name: generateTestName() })),
    );

    const scopes = await scopeApi.getList();
    expect(scopes).toHaveLength(20);

    const scopes2 = await scopeApi.getList(new URLSearchParams({ page: '2', page_size: '10' }));
    expect(scopes2.length).toBeGreaterThanOrEqual(10);
    expect(scopes2[0]?.id).not.toBeFalsy();
    expect(scopes2[0]?.id).toBe(scopes[10]?.id);
  });

  it('should be able to create and get organization scopes by id', async () => {
    const createdScope = await scopeApi.create({ name: generateTestName() });
    const scope = await scopeApi.get(createdScope.id);

    expect(scope).toStrictEqual(createdScope);
  });

  it('should fail when try to get an organization scope that does not exist', async () => {
    const response = await scopeApi.get('0').catch((error: unknown) => error);

    expect(response instanceof HttpError && response.status).toBe(404);
  });

  it('should be able to update organization scope', async () => {
    const createdScope = await scopeApi.create({ name: generateTestName() });
    const newName = generateTestName();
    const scope = await scopeApi.update(createdScope.id, {
      name: newName,
      description: 'test description.',
    });
    expect(scope).toStrictEqual({
      ...createdScope,
      name: newName,
      description: 'test description.',
    });
  });

  it('should fail when try to update an organization scope with a name that already exists', async () => {
    const [scope1, scope2] = await Promise.all([
      scopeApi.create({ name: generateTestName() }),
      scopeApi.create({ name: generateTestName() }),
    ]);
    const response = await scopeApi
      .update(scope2.id, { name: scope1.name })
      .catch((error: unknown) => error);

    assert(response instanceof HttpError);
    expect(response.status).toBe(422);
    expect(response.body).toMatchObject({
      code: 'entity.unique_integrity_violation',
    });
  });

  it('should be able to delete organization scope', async () => {
    const createdScope = await scopeApi.create({ name: generateTestName() });
    await scopeApi.delete(createdScope.id);
    const response = await scopeApi.get(createdScope.id).catch((error: unknown) => error);
    expect(response instanceof HttpError && response.status).toBe(404);
  });

  it('should fail when try to delete an organization scope that does not exist', async () => {
    const response = await scopeApi.delete('0').catch((error: unknown) => error);
    expect(response instanceof HttpError && response.status).toBe(404);
  });
});
