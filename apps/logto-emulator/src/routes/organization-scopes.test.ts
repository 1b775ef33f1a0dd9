import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { startTestEmulator, type TestEmulator } from '../test-utils.js';

let emulator: TestEmulator;

beforeAll(async () => {
  emulator = await startTestEmulator();
});

afterAll(async () => {
  await emulator.close();
});

type Scope = { tenantId: string; id: string; name: string; description: string | null };

async function createScope(json: Record<string, unknown>) {
  const response = await emulator.api('/api/organization-scopes', { method: 'POST', json });
  expect(response.status).toBe(201);
  return (await response.json()) as Scope;
}

describe('/api/organization-scopes', () => {
  it('creates scopes (samples/10, 11)', async () => {
    const response = await emulator.api('/api/organization-scopes', {
      method: 'POST',
      json: { name: 'read:docs', description: 'Read docs' },
    });
    expect(response.status).toBe(201);
    const text = await response.text();
    const { id } = JSON.parse(text) as Scope;
    expect(id).toMatch(/^[\da-z]{21}$/);
    expect(text).toBe(
      `{"tenantId":"default","id":"${id}","name":"read:docs","description":"Read docs"}`,
    );
    expect(await createScope({ name: 'write:docs' })).toMatchObject({ description: null });
  });

  it('rejects duplicate names with 422', async () => {
    const response = await emulator.api('/api/organization-scopes', {
      method: 'POST',
      json: { name: 'read:docs' },
    });
    expect(response.status).toBe(422);
    expect(await response.json()).toEqual({
      code: 'entity.unique_integrity_violation',
      message: 'The entity already exists. Please check the input and try again.',
    });
  });

  it('validates the body', async () => {
    for (const json of [
      {},
      { name: '' },
      { name: 'x'.repeat(129) },
      { name: 'x', description: 'd'.repeat(257) },
    ]) {
      const response = await emulator.api('/api/organization-scopes', { method: 'POST', json });
      expect(response.status, JSON.stringify(json)).toBe(400);
    }
  });

  it('lists by name, paginated only when asked (samples/12)', async () => {
    await createScope({ name: 'admin:all' });
    const all = await emulator.api('/api/organization-scopes');
    expect(all.status).toBe(200);
    expect(all.headers.get('total-number')).toBeNull();
    expect(((await all.json()) as Scope[]).map(({ name }) => name)).toEqual([
      'admin:all',
      'read:docs',
      'write:docs',
    ]);

    const page = await emulator.api('/api/organization-scopes?page=2&page_size=2');
    expect(page.headers.get('total-number')).toBe('3');
    expect(((await page.json()) as Scope[]).map(({ name }) => name)).toEqual(['write:docs']);

    const searched = await emulator.api('/api/organization-scopes?q=DOCS&page=1&page_size=20');
    expect(searched.headers.get('total-number')).toBe('2');
  });

  it('gets, patches and deletes one scope, with Logto’s 404 codes', async () => {
    const scope = await createScope({ name: 'temporary', description: 'Temp' });
    const found = await emulator.api(`/api/organization-scopes/${scope.id}`);
    expect(await found.json()).toEqual(scope);

    const patched = await emulator.api(`/api/organization-scopes/${scope.id}`, {
      method: 'PATCH',
      json: { description: null, name: 'renamed' },
    });
    expect(await patched.json()).toEqual({ ...scope, name: 'renamed', description: null });

    const duplicate = await emulator.api(`/api/organization-scopes/${scope.id}`, {
      method: 'PATCH',
      json: { name: 'read:docs' },
    });
    expect(duplicate.status).toBe(422);

    expect(
      (await emulator.api(`/api/organization-scopes/${scope.id}`, { method: 'DELETE' })).status,
    ).toBe(204);

    const missing = await emulator.api(`/api/organization-scopes/${scope.id}`);
    expect(missing.status).toBe(404);
    expect(await missing.json()).toEqual({
      code: 'entity.not_exists_with_id',
      message: `The organization_scopes with ID \`${scope.id}\` does not exist.`,
    });
    const patchMissing = await emulator.api(`/api/organization-scopes/${scope.id}`, {
      method: 'PATCH',
      json: { name: 'x' },
    });
    expect(patchMissing.status).toBe(404);
    expect(await patchMissing.json()).toEqual({
      code: 'entity.not_exists',
      message: 'The organization_scope does not exist.',
    });
    const deleteMissing = await emulator.api(`/api/organization-scopes/${scope.id}`, {
      method: 'DELETE',
    });
    expect(deleteMissing.status).toBe(404);
    expect(await deleteMissing.json()).toMatchObject({ code: 'entity.not_found' });
  });
});
