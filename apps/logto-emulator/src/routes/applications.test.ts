import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import {
  startTestEmulator,
  testM2mApp,
  type TestEmulator,
  callApi,
  asObject as record,
  asObjectList as list,
  uniqueName as unique,
  idsOf as ids,
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

const spa = {
  type: 'SPA',
  oidcClientMetadata: {
    redirectUris: ['http://localhost:5173/callback', 'io.logto.portal://callback'],
    postLogoutRedirectUris: ['http://localhost:5173/'],
  },
  customClientMetadata: { corsAllowedOrigins: ['http://localhost:5173'] },
} as const;

async function create(path: string, body: Record<string, unknown>, status = 200) {
  const reply = await call('POST', path, body);
  expect(reply.status, reply.text).toBe(status);
  return record(reply.body);
}
const createApplication = async (body: Record<string, unknown>) =>
  create('/api/applications', { name: unique('app'), ...body });
const createRole = async (type: 'User' | 'MachineToMachine', scopeIds?: unknown[]) =>
  create('/api/roles', {
    name: unique('role'),
    description: 'x',
    type,
    ...(scopeIds ? { scopeIds } : {}),
  });

async function requestToken(
  clientId: unknown,
  clientSecret: unknown,
  resource: string,
  scope: string,
) {
  const response = await fetch(`${emulator.url}/oidc/token`, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      authorization: `Basic ${Buffer.from(`${String(clientId)}:${String(clientSecret)}`).toString('base64')}`,
    },
    body: new URLSearchParams({ grant_type: 'client_credentials', resource, scope }),
  });
  return { status: response.status, body: record(await response.json()) };
}

describe('/api/applications', () => {
  it('POST creates an SPA: 200, a 21-character id, an internal secret and no client secrets', async () => {
    const name = unique('portal');
    const reply = await call('POST', '/api/applications', {
      name,
      description: 'Portal SPA',
      ...spa,
    });

    expect(reply.status).toBe(200);
    const application = record(reply.body);
    expect(Object.keys(application)).toEqual([
      'tenantId',
      'id',
      'name',
      'secret',
      'description',
      'type',
      'oidcClientMetadata',
      'customClientMetadata',
      'protectedAppMetadata',
      'customData',
      'isThirdParty',
      'createdAt',
    ]);
    expect(application).toMatchObject({
      tenantId: 'default',
      name,
      description: 'Portal SPA',
      type: 'SPA',
      oidcClientMetadata: spa.oidcClientMetadata,
      customClientMetadata: spa.customClientMetadata,
      protectedAppMetadata: null,
      customData: {},
      isThirdParty: false,
    });
    expect(application.id).toMatch(/^[\da-z]{21}$/);
    expect(application.secret).toMatch(/^internal_[\dA-Za-z]{32}$/);
    expect((await call('GET', `/api/applications/${String(application.id)}/secrets`)).body).toEqual(
      [],
    );
  });

  it('POST creates an M2M app whose "Default secret" works at the token endpoint once it holds a role', async () => {
    const name = unique('api');
    const resource = await create(
      '/api/resources',
      { name, indicator: `https://${name}.example.com` },
      201,
    );
    const scope = await create(
      `/api/resources/${String(resource.id)}/scopes`,
      { name: 'read:reports' },
      201,
    );
    const role = await createRole('MachineToMachine', [scope.id]);
    const application = await createApplication({ type: 'MachineToMachine' });
    expect(application.oidcClientMetadata).toEqual({
      redirectUris: [],
      postLogoutRedirectUris: [],
    });

    const secrets = list(
      (await call('GET', `/api/applications/${String(application.id)}/secrets`)).body,
    );
    expect(secrets).toEqual([
      {
        tenantId: 'default',
        applicationId: application.id,
        name: 'Default secret',
        value: expect.stringMatching(/^[\dA-Za-z]{32}$/),
        createdAt: expect.any(Number),
        expiresAt: null,
      },
    ]);
    expect(
      (
        await call('POST', `/api/applications/${String(application.id)}/roles`, {
          roleIds: [role.id],
        })
      ).status,
    ).toBe(201);

    const token = await requestToken(
      application.id,
      secrets[0]?.value,
      String(resource.indicator),
      'read:reports',
    );
    expect(token.status).toBe(200);
    expect(token.body).toMatchObject({
      token_type: 'Bearer',
      scope: 'read:reports',
      expires_in: 3600,
    });
  });

  it('POST validates the body: type, name, redirect URIs; SAML and third-party M2M apps are refused', async () => {
    const badType = await call('POST', '/api/applications', { name: 'x', type: 'Desktop' });
    expect(badType.status).toBe(400);
    expect(list(record(record(badType.body).data).issues)[0]).toMatchObject({
      code: 'invalid_enum_value',
      path: ['type'],
    });

    const noName = await call('POST', '/api/applications', { type: 'SPA' });
    expect(noName.status).toBe(400);
    expect(record(noName.body).details).toBe(
      'Error in key path "name": (invalid_type) Expected string but received undefined.',
    );

    const badRedirect = await call('POST', '/api/applications', {
      name: 'x',
      type: 'SPA',
      oidcClientMetadata: { redirectUris: ['ftp://example.com/cb'], postLogoutRedirectUris: [] },
    });
    expect(badRedirect.status).toBe(400);
    expect(record(badRedirect.body).code).toBe('guard.invalid_input');

    const saml = await call('POST', '/api/applications', { name: 'x', type: 'SAML' });
    expect(saml.status).toBe(400);
    expect(record(saml.body).code).toBe('application.saml.use_saml_app_api');

    const thirdParty = await call('POST', '/api/applications', {
      name: 'x',
      type: 'MachineToMachine',
      isThirdParty: true,
    });
    expect(thirdParty.status).toBe(400);
    expect(record(thirdParty.body).code).toBe('application.invalid_third_party_application_type');
    expect(
      record(await createApplication({ type: 'Traditional', isThirdParty: true })).isThirdParty,
    ).toBe(true);
  });

  it('GET /{id} adds isAdmin; PATCH replaces metadata; DELETE answers 204, then 404', async () => {
    const application = await createApplication(spa);
    const path = `/api/applications/${String(application.id)}`;

    expect((await call('GET', path)).body).toEqual({ ...application, isAdmin: false });

    const patched = await call('PATCH', path, {
      name: 'Renamed',
      customClientMetadata: { corsAllowedOrigins: ['https://portal.example.com'] },
      oidcClientMetadata: {
        redirectUris: ['https://portal.example.com/callback'],
        postLogoutRedirectUris: [],
      },
    });
    expect(patched.status, patched.text).toBe(200);
    expect(patched.body).toEqual({
      ...application,
      name: 'Renamed',
      customClientMetadata: { corsAllowedOrigins: ['https://portal.example.com'] },
      oidcClientMetadata: {
        redirectUris: ['https://portal.example.com/callback'],
        postLogoutRedirectUris: [],
      },
    });

    expect((await call('DELETE', path)).status).toBe(204);
    const gone = await call('GET', path);
    expect(gone.status).toBe(404);
    expect(gone.body).toEqual({
      code: 'entity.not_exists_with_id',
      message: `The applications with ID \`${String(application.id)}\` does not exist.`,
    });
    expect((await call('DELETE', path)).status).toBe(404);
    expect((await call('PATCH', path, { name: 'x' })).status).toBe(404);
  });

  it('GET lists newest first, filtered by types; paginated only when asked', async () => {
    const first = await createApplication(spa);
    const second = await createApplication({ type: 'Native' });
    const third = await createApplication({ type: 'Traditional' });

    const all = await call('GET', '/api/applications');
    expect(all.headers.get('total-number')).toBeNull();
    expect(ids(all.body).slice(0, 3)).toEqual([third.id, second.id, first.id]);
    expect(ids(all.body)).toContain(testM2mApp.id);

    const spas = list((await call('GET', '/api/applications?types=SPA')).body);
    expect(spas.every(({ type }) => type === 'SPA')).toBe(true);
    expect(spas.map(({ id }) => id)).toContain(first.id);
    const several = ids((await call('GET', '/api/applications?types=SPA&types=Native')).body);
    expect(several).toEqual(expect.arrayContaining([first.id, second.id]));
    expect(several).not.toContain(third.id);

    const paged = await call('GET', '/api/applications?page=1&page_size=2');
    expect(ids(paged.body)).toEqual([third.id, second.id]);
    expect(Number(paged.headers.get('total-number'))).toBe(list(all.body).length);

    const found = await call(
      'GET',
      `/api/applications?search=${encodeURIComponent(String(second.name))}`,
    );
    expect(ids(found.body)).toEqual([second.id]);

    const both = await call('GET', '/api/applications?excludeRoleId=a&excludeOrganizationId=b');
    expect(both.status).toBe(400);
    expect(record(both.body).code).toBe('request.invalid_input');
  });

  it('GET excludeRoleId leaves out the applications holding that role', async () => {
    const role = await createRole('MachineToMachine');
    const holder = await createApplication({ type: 'MachineToMachine' });
    const other = await createApplication({ type: 'MachineToMachine' });
    await call('POST', `/api/applications/${String(holder.id)}/roles`, { roleIds: [role.id] });

    const listed = ids(
      (
        await call(
          'GET',
          `/api/applications?types=MachineToMachine&excludeRoleId=${String(role.id)}`,
        )
      ).body,
    );
    expect(listed).toContain(other.id);
    expect(listed).not.toContain(holder.id);
  });
});

describe('/api/applications/{id}/roles', () => {
  it('POST assigns M2M roles (201); repeats are 422; PUT replaces (200); DELETE removes (204, then 404)', async () => {
    const application = await createApplication({ type: 'MachineToMachine' });
    const path = `/api/applications/${String(application.id)}/roles`;
    const [first, second] = [
      await createRole('MachineToMachine'),
      await createRole('MachineToMachine'),
    ];

    expect((await call('POST', path, { roleIds: [first.id] })).status).toBe(201);
    const repeated = await call('POST', path, { roleIds: [first.id] });
    expect(repeated.status).toBe(422);
    expect(repeated.body).toEqual({
      code: 'application.role_exists',
      message: `The role id ${String(first.id)} is already been added to this application.`,
    });

    const listed = await call('GET', path);
    expect(listed.body).toEqual([first]);
    expect(listed.headers.get('total-number')).toBe('1');

    expect((await call('PUT', path, { roleIds: [second.id] })).status).toBe(200);
    expect((await call('GET', path)).body).toEqual([second]);

    expect((await call('DELETE', `${path}/${String(second.id)}`)).status).toBe(204);
    const gone = await call('DELETE', `${path}/${String(second.id)}`);
    expect(gone.status).toBe(404);
    expect(record(gone.body).code).toBe('entity.not_found');
  });

  it('refuses User roles (422 application.invalid_role_type), unknown roles (404) and non-M2M apps (422)', async () => {
    const application = await createApplication({ type: 'MachineToMachine' });
    const path = `/api/applications/${String(application.id)}/roles`;

    const userRole = await call('POST', path, { roleIds: [(await createRole('User')).id] });
    expect(userRole.status).toBe(422);
    expect(record(userRole.body).code).toBe('application.invalid_role_type');

    const unknown = await call('POST', path, { roleIds: ['no-such-role'] });
    expect(unknown.status).toBe(404);
    expect(record(unknown.body).code).toBe('entity.not_exists_with_id');

    const single = await createApplication(spa);
    for (const reply of [
      await call('GET', `/api/applications/${String(single.id)}/roles`),
      await call('POST', `/api/applications/${String(single.id)}/roles`, { roleIds: [] }),
      await call('DELETE', `/api/applications/${String(single.id)}/roles/x`),
    ]) {
      expect(reply.status).toBe(422);
      expect(reply.body).toEqual({
        code: 'application.invalid_type',
        message: 'Only machine to machine applications can have associated roles.',
      });
    }
    expect((await call('GET', '/api/applications/no-such-app/roles')).status).toBe(404);
  });
});

describe('/api/applications/{id}/secrets', () => {
  it('POST adds a named secret (201) that authenticates; DELETE revokes it (204, then 404)', async () => {
    const name = unique('api');
    const resource = await create(
      '/api/resources',
      { name, indicator: `https://${name}.example.com` },
      201,
    );
    const application = await createApplication({ type: 'MachineToMachine' });
    const path = `/api/applications/${String(application.id)}/secrets`;

    const reply = await call('POST', path, { name: 'rotation 1' });
    expect(reply.status).toBe(201);
    const secret = record(reply.body);
    expect(Object.keys(secret)).toEqual([
      'tenantId',
      'applicationId',
      'name',
      'value',
      'createdAt',
      'expiresAt',
    ]);
    expect(secret).toMatchObject({
      applicationId: application.id,
      name: 'rotation 1',
      expiresAt: null,
    });
    expect(list((await call('GET', path)).body).map((item) => item.name)).toEqual([
      'Default secret',
      'rotation 1',
    ]);
    expect(
      (await requestToken(application.id, secret.value, String(resource.indicator), '')).status,
    ).toBe(200);

    const taken = await call('POST', path, { name: 'rotation 1' });
    expect(taken.status).toBe(422);
    expect(record(taken.body).code).toBe('application.secret_name_exists');

    const renamed = await call('PATCH', `${path}/${encodeURIComponent('rotation 1')}`, {
      name: 'rotation 2',
    });
    expect(renamed.body).toEqual({ ...secret, name: 'rotation 2' });

    expect((await call('DELETE', `${path}/${encodeURIComponent('rotation 2')}`)).status).toBe(204);
    const gone = await call('DELETE', `${path}/${encodeURIComponent('rotation 2')}`);
    expect(gone.status).toBe(404);
    expect(record(gone.body).code).toBe('entity.not_found');
    const refused = await requestToken(
      application.id,
      secret.value,
      String(resource.indicator),
      '',
    );
    expect(refused.status).toBe(401);
    expect(refused.body.error).toBe('invalid_client');
  });

  it('POST checks expiresAt, the application type and the application', async () => {
    const application = await createApplication({ type: 'MachineToMachine' });

    const past = await call('POST', `/api/applications/${String(application.id)}/secrets`, {
      name: 'old',
      expiresAt: Date.now() - 1000,
    });
    expect(past.status).toBe(400);
    expect(past.body).toEqual({
      code: 'request.invalid_input',
      message: 'Input is invalid. The value of `expiresAt` must be in the future.',
    });
    const expiresAt = Date.now() + 86_400_000;
    expect(
      (
        await create(
          `/api/applications/${String(application.id)}/secrets`,
          { name: 'later', expiresAt },
          201,
        )
      ).expiresAt,
    ).toBe(expiresAt);

    const single = await createApplication(spa);
    const publicClient = await call('POST', `/api/applications/${String(single.id)}/secrets`, {
      name: 'x',
    });
    expect(publicClient.status).toBe(422);
    expect(record(publicClient.body).code).toBe('entity.db_constraint_violated');

    const unknown = await call('POST', '/api/applications/no-such-app/secrets', { name: 'x' });
    expect(unknown.status).toBe(404);
    expect(record(unknown.body).code).toBe('entity.relation_foreign_key_not_found');
    expect((await call('GET', '/api/applications/no-such-app/secrets')).status).toBe(404);
  });

  it('DELETE /legacy-secret replaces a legacy secret with an internal one, once', async () => {
    const path = `/api/applications/${testM2mApp.id}/legacy-secret`;

    const replaced = await call('DELETE', path);
    expect(replaced.status).toBe(200);
    expect(record(replaced.body).secret).toMatch(/^internal_/);

    const again = await call('DELETE', path);
    expect(again.status).toBe(400);
    expect(record(again.body).code).toBe('application.no_legacy_secret_found');
  });
});
