import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { startTestEmulator, type TestEmulator } from '../test-utils.js';

let emulator: TestEmulator;

beforeAll(async () => {
  emulator = await startTestEmulator();
});

afterAll(async () => {
  await emulator.close();
});

type Organization = { id: string; name: string; createdAt: number } & Record<string, unknown>;

async function createOrganization(body: Record<string, unknown>): Promise<Organization> {
  const response = await emulator.api('/api/organizations', { method: 'POST', json: body });
  expect(response.status).toBe(201);
  return (await response.json()) as Organization;
}

/** Users are fixtures here (the `/users` routes are tested elsewhere): inserted straight into storage. */
async function insertUser(id: string, fields: { name?: string; avatar?: string } = {}) {
  await emulator.deps.db.query(
    'insert into users (id, name, avatar, created_at, updated_at) values ($1, $2, $3, $4, $4)',
    [id, fields.name ?? null, fields.avatar ?? null, Date.now()],
  );
}

const links = (response: Response) => response.headers.get('link')?.split(', ') ?? [];

describe('POST /api/organizations', () => {
  it('creates an organization with Logto’s fields, in Logto’s order (samples/02)', async () => {
    const response = await emulator.api('/api/organizations', {
      method: 'POST',
      json: { name: 'Acme', description: 'Sample org', customData: { tier: 'gold' } },
    });
    expect(response.status).toBe(201);
    const text = await response.text();
    const { id, createdAt } = JSON.parse(text) as Organization;
    expect(id).toMatch(/^[\da-z]{12}$/);
    expect(Math.abs(createdAt - Date.now())).toBeLessThan(60_000);
    expect(text).toBe(
      `{"tenantId":"default","id":"${id}","name":"Acme","description":"Sample org","customData":{"tier":"gold"},"isMfaRequired":false,"color":{},"branding":{},"customCss":null,"createdAt":${createdAt}}`,
    );
  });

  it('ignores unknown fields and the hidden isTrustedDeviceAllowed (samples/53)', async () => {
    const organization = await createOrganization({
      name: 'x',
      foo: 'bar',
      isTrustedDeviceAllowed: true,
    });
    expect(Object.keys(organization)).toEqual([
      'tenantId',
      'id',
      'name',
      'description',
      'customData',
      'isMfaRequired',
      'color',
      'branding',
      'customCss',
      'createdAt',
    ]);
  });

  it('requires a name (samples/51)', async () => {
    const response = await emulator.api('/api/organizations', { method: 'POST', json: {} });
    expect(response.status).toBe(400);
    expect(await response.text()).toBe(
      '{"code":"guard.invalid_input","data":{"issues":[{"code":"invalid_type","expected":"string","received":"undefined","path":["name"],"message":"Required"}],"name":"ZodError"},"details":"Error in key path \\"name\\": (invalid_type) Expected string but received undefined.","message":"The request body is invalid."}',
    );
  });

  it('rejects a name of the wrong type (samples/52)', async () => {
    const response = await emulator.api('/api/organizations', {
      method: 'POST',
      json: { name: 123 },
    });
    expect(response.status).toBe(400);
    expect(await response.text()).toBe(
      '{"code":"guard.invalid_input","data":{"issues":[{"code":"invalid_type","expected":"string","received":"number","path":["name"],"message":"Expected string, received number"}],"name":"ZodError"},"details":"Error in key path \\"name\\": (invalid_type) Expected string but received number.","message":"The request body is invalid."}',
    );
  });

  it('validates lengths, colors and branding URLs', async () => {
    const invalidBodies = [
      { name: '' },
      { name: 'a'.repeat(129) },
      { name: 'x', description: 'd'.repeat(257) },
      { name: 'x', color: { primaryColor: 'red' } },
      { name: 'x', color: { primaryColor: '#12345' } },
      { name: 'x', color: { isDarkModeEnabled: 'yes' } },
      { name: 'x', branding: { logoUrl: 'not a url' } },
      { name: 'x', customData: ['not', 'an', 'object'] },
      { name: 'x', isMfaRequired: 'true' },
    ];
    for (const json of invalidBodies) {
      const response = await emulator.api('/api/organizations', { method: 'POST', json });
      expect(response.status, JSON.stringify(json)).toBe(400);
      expect(await response.json()).toMatchObject({ code: 'guard.invalid_input' });
    }
  });

  it('stores colors, branding, MFA and custom CSS', async () => {
    const organization = await createOrganization({
      name: 'Branded',
      isMfaRequired: true,
      color: {
        primaryColor: '#ABC',
        isDarkModeEnabled: true,
        darkPrimaryColor: '#112233',
        extra: 1,
      },
      branding: {
        logoUrl: 'https://example.com/logo.png',
        darkFavicon: 'https://example.com/f.ico',
      },
      customCss: 'body { color: red; }',
    });
    expect(organization).toMatchObject({
      isMfaRequired: true,
      color: { primaryColor: '#ABC', isDarkModeEnabled: true, darkPrimaryColor: '#112233' },
      branding: {
        logoUrl: 'https://example.com/logo.png',
        darkFavicon: 'https://example.com/f.ico',
      },
      customCss: 'body { color: red; }',
    });
    expect(organization.color).not.toHaveProperty('extra');
  });

  it('takes a caller-given createdAt, as Logto does', async () => {
    const organization = await createOrganization({ name: 'Old', createdAt: 1_600_000_000_000 });
    expect(organization.createdAt).toBe(1_600_000_000_000);
  });
});

describe('GET /api/organizations', () => {
  let ids: string[];

  beforeAll(async () => {
    await emulator.deps.resetData();
    const created = [
      await createOrganization({ name: 'Gamma list' }),
      await createOrganization({ name: 'Alpha list' }),
      await createOrganization({ name: 'Beta list' }),
    ];
    ids = created.map(({ id }) => id).sort();
  });

  it('lists organizations in id order with pagination headers (samples/04, 05)', async () => {
    const first = await emulator.api('/api/organizations?page=1&page_size=1');
    expect(first.status).toBe(200);
    expect(first.headers.get('total-number')).toBe('3');
    const origin = emulator.url;
    expect(links(first)).toEqual([
      `<${origin}/organizations?page=1&page_size=1>; rel="first"`,
      `<${origin}/organizations?page=3&page_size=1>; rel="last"`,
      `<${origin}/organizations?page=2&page_size=1>; rel="next"`,
    ]);
    expect(((await first.json()) as Organization[]).map(({ id }) => id)).toEqual([ids[0]]);

    const second = await emulator.api('/api/organizations?page=2&page_size=1');
    expect(links(second)).toEqual([
      `<${origin}/organizations?page=1&page_size=1>; rel="first"`,
      `<${origin}/organizations?page=1&page_size=1>; rel="prev"`,
      `<${origin}/organizations?page=3&page_size=1>; rel="last"`,
      `<${origin}/organizations?page=3&page_size=1>; rel="next"`,
    ]);
    expect(((await second.json()) as Organization[]).map(({ id }) => id)).toEqual([ids[1]]);

    const all = await emulator.api('/api/organizations');
    expect(all.headers.get('total-number')).toBe('3');
    expect(((await all.json()) as Organization[]).map(({ id }) => id)).toEqual(ids);
  });

  it('rejects a bad page size (samples/54)', async () => {
    const response = await emulator.api('/api/organizations?page=1&page_size=0');
    expect(response.status).toBe(400);
    expect(await response.text()).toBe(
      '{"code":"guard.invalid_pagination","message":"The request pagination value is invalid."}',
    );
  });

  it('searches id and name case-insensitively, with LIKE wildcards left active (samples/07)', async () => {
    const names = async (q: string) => {
      const response = await emulator.api(
        `/api/organizations?q=${encodeURIComponent(q)}&page=1&page_size=20`,
      );
      return {
        total: response.headers.get('total-number'),
        names: ((await response.json()) as Organization[]).map(({ name }) => name),
      };
    };
    expect(await names('ALPHA')).toEqual({ total: '1', names: ['Alpha list'] });
    expect(await names('b_ta')).toEqual({ total: '1', names: ['Beta list'] });
    expect((await names('%list')).names).toHaveLength(3);
    expect((await names(ids[2]!)).names).toHaveLength(1);
    expect(await names('nothing like this')).toEqual({ total: '0', names: [] });
  });

  it('adds the member count and the first three members with showFeatured', async () => {
    const [organizationId] = ids;
    for (const id of ['fu4', 'fu2', 'fu3', 'fu1']) await insertUser(id, { name: `Name ${id}` });
    const added = await emulator.api(`/api/organizations/${organizationId}/users`, {
      method: 'POST',
      json: { userIds: ['fu4', 'fu2', 'fu3', 'fu1'] },
    });
    expect(added.status).toBe(201);

    const response = await emulator.api('/api/organizations?showFeatured=true');
    const organizations = (await response.json()) as Array<
      Organization & { usersCount: number; featuredUsers: unknown[] }
    >;
    const featured = organizations.find(({ id }) => id === organizationId);
    expect(featured?.usersCount).toBe(4);
    expect(featured?.featuredUsers).toEqual([
      { id: 'fu1', avatar: null, name: 'Name fu1' },
      { id: 'fu2', avatar: null, name: 'Name fu2' },
      { id: 'fu3', avatar: null, name: 'Name fu3' },
    ]);
    expect(organizations.find(({ id }) => id === ids[1])).toMatchObject({
      usersCount: 0,
      featuredUsers: [],
    });
    expect(Object.keys(featured ?? {}).slice(-2)).toEqual(['usersCount', 'featuredUsers']);

    for (const value of ['false', '0', 'no', '']) {
      const plain = await emulator.api(`/api/organizations?showFeatured=${value}`);
      expect((await plain.json()) as Organization[]).not.toContainEqual(
        expect.objectContaining({ usersCount: 4 }),
      );
    }
    const yes = await emulator.api('/api/organizations?showFeatured=YES');
    expect((await yes.json()) as Organization[]).toContainEqual(
      expect.objectContaining({ usersCount: 4 }),
    );
  });
});

describe('GET/PATCH/DELETE /api/organizations/:id', () => {
  it('gets one organization (samples/08) and 404s an unknown one (samples/49)', async () => {
    const created = await createOrganization({ name: 'Get me' });
    const found = await emulator.api(`/api/organizations/${created.id}`);
    expect(found.status).toBe(200);
    expect(await found.json()).toEqual(created);

    const missing = await emulator.api('/api/organizations/no-such-org');
    expect(missing.status).toBe(404);
    expect(await missing.text()).toBe(
      '{"code":"entity.not_exists_with_id","message":"The organizations with ID `no-such-org` does not exist."}',
    );
  });

  it('patches the given fields and replaces JSON columns wholesale (samples/09)', async () => {
    const created = await createOrganization({
      name: 'Patch me',
      description: 'Before',
      customData: { tier: 'gold', seats: 5 },
      branding: { logoUrl: 'https://example.com/a.png' },
    });
    const response = await emulator.api(`/api/organizations/${created.id}`, {
      method: 'PATCH',
      json: { description: 'Updated description', customData: { tier: 'silver' }, branding: {} },
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      ...created,
      description: 'Updated description',
      customData: { tier: 'silver' },
      branding: {},
    });

    const cleared = await emulator.api(`/api/organizations/${created.id}`, {
      method: 'PATCH',
      json: { description: null, customCss: null, isMfaRequired: true },
    });
    expect(await cleared.json()).toMatchObject({
      description: null,
      customCss: null,
      isMfaRequired: true,
      name: 'Patch me',
    });
  });

  it('validates PATCH bodies and keeps ids stable', async () => {
    const created = await createOrganization({ name: 'Validate patch' });
    for (const json of [
      { name: '' },
      { color: { primaryColor: 'blue' } },
      { customData: 'x' },
      { description: 5 },
    ]) {
      const response = await emulator.api(`/api/organizations/${created.id}`, {
        method: 'PATCH',
        json,
      });
      expect(response.status, JSON.stringify(json)).toBe(400);
    }
    const renamed = await emulator.api(`/api/organizations/${created.id}`, {
      method: 'PATCH',
      json: { id: 'other-id', tenantId: 'other', name: 'Renamed' },
    });
    expect(await renamed.json()).toMatchObject({
      id: created.id,
      tenantId: 'default',
      name: 'Renamed',
    });
  });

  it('answers PATCH on an unknown id with entity.not_exists', async () => {
    const response = await emulator.api('/api/organizations/no-such-org', {
      method: 'PATCH',
      json: { name: 'x' },
    });
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({
      code: 'entity.not_exists',
      message: 'The organization does not exist.',
    });
  });

  it('answers an empty PATCH like Logto (its SQL has an empty SET list)', async () => {
    const created = await createOrganization({ name: 'Empty patch' });
    const response = await emulator.api(`/api/organizations/${created.id}`, {
      method: 'PATCH',
      json: {},
    });
    expect(response.status).toBe(500);
    expect(await response.json()).toEqual({ message: 'Internal server error.' });
  });

  it('deletes with cascade, then 404s (samples/61, 62)', async () => {
    const created = await createOrganization({ name: 'Delete me' });
    await insertUser('delmember');
    await emulator.api(`/api/organizations/${created.id}/users`, {
      method: 'POST',
      json: { userIds: ['delmember'] },
    });
    const role = await emulator.api('/api/organization-roles', {
      method: 'POST',
      json: { name: 'delete-me-role' },
    });
    const { id: roleId } = (await role.json()) as { id: string };
    await emulator.api(`/api/organizations/${created.id}/users/roles`, {
      method: 'POST',
      json: { userIds: ['delmember'], organizationRoleIds: [roleId] },
    });

    const deleted = await emulator.api(`/api/organizations/${created.id}`, { method: 'DELETE' });
    expect(deleted.status).toBe(204);
    expect(await deleted.text()).toBe('');

    const [memberships] = await emulator.deps.db.query<{ count: number }>(
      `select (select count(*) from organization_user_relations where organization_id = $1)
            + (select count(*) from organization_role_user_relations where organization_id = $1) as count`,
      [created.id],
    );
    expect(Number(memberships?.count)).toBe(0);

    const again = await emulator.api(`/api/organizations/${created.id}`, { method: 'DELETE' });
    expect(again.status).toBe(404);
    expect(await again.text()).toBe(
      '{"code":"entity.not_found","message":"The resource does not exist."}',
    );
  });
});
