import { describe, expect, it } from 'vitest';
import { z } from 'zod';

import {
  expectBody,
  expectError,
  expectGuardError,
  expectNoContent,
  parseAs,
} from './support/assertions.js';
import {
  createApplication,
  createResource,
  createResourceScope,
  createRole,
  listApplicationSecrets,
  missingId,
  uniqueName,
  useTestCleanup,
} from './support/fixtures.js';
import { api, requestClientCredentials } from './support/http.js';
import {
  applicationSchema,
  applicationSecretSchema,
  clientCredentialsTokenSchema,
} from './support/schemas.js';

// Not in the recorded samples: shapes and statuses from @logto/api 1.42's OpenAPI types
// (CreateApplication 200, CreateApplicationSecret 201, ...) and Logto's application routes.
const spaBody = {
  type: 'SPA',
  oidcClientMetadata: {
    redirectUris: ['https://portal.example/callback'],
    postLogoutRedirectUris: ['https://portal.example/'],
  },
} as const;

describe('applications (/api/applications)', () => {
  const cleanup = useTestCleanup();

  it('POST creates an SPA: 200 with its redirect URIs and no secrets', async () => {
    const name = uniqueName('spa');

    const response = await api('/api/applications', {
      json: { name, description: 'Portal SPA', ...spaBody },
    });

    const application = expectBody(response, 200, applicationSchema);
    cleanup.deleteLater(`/api/applications/${application.id}`);
    expect(application).toMatchObject({
      name,
      description: 'Portal SPA',
      type: 'SPA',
      isThirdParty: false,
      oidcClientMetadata: spaBody.oidcClientMetadata,
    });
    expect(await listApplicationSecrets(application.id)).toEqual([]);
  });

  it('POST creates an M2M app with a "Default secret" that works at the token endpoint', async () => {
    const resource = await createResource(cleanup);
    const scope = await createResourceScope(cleanup, resource.id);
    const role = await createRole(cleanup, { type: 'MachineToMachine', scopeIds: [scope.id] });
    const application = await createApplication(cleanup, {
      type: 'MachineToMachine',
      description: null,
    });
    expect(application).toMatchObject({ type: 'MachineToMachine', description: null });
    await api(`/api/applications/${application.id}/roles`, { json: { roleIds: [role.id] } });

    const secrets = await listApplicationSecrets(application.id);

    expect(secrets).toEqual([
      expect.objectContaining({
        applicationId: application.id,
        name: 'Default secret',
        expiresAt: null,
      }),
    ]);
    const token = await requestClientCredentials({
      clientId: application.id,
      clientSecret: secrets[0]!.value,
      authentication: 'basic',
      resource: resource.indicator,
      scope: scope.name,
    });
    expect(token.status, token.text).toBe(200);
    expect(parseAs(clientCredentialsTokenSchema, token.body)).toMatchObject({
      scope: scope.name,
      expires_in: 3600,
    });
  });

  it('POST answers 400 guard.invalid_input for an unknown type or a missing name', async () => {
    expectGuardError(
      await api('/api/applications', { json: { name: uniqueName('bad'), type: 'Desktop' } }),
      {
        target: 'body',
        path: ['type'],
        issueCode: 'invalid_enum_value',
      },
    );
    expectGuardError(await api('/api/applications', { json: { type: 'MachineToMachine' } }), {
      target: 'body',
      path: ['name'],
      issueCode: 'invalid_type',
    });
  });

  it('GET /{id} returns the application with isAdmin; unknown is 404 entity.not_exists_with_id', async () => {
    const application = await createApplication(cleanup, spaBody);

    const found = expectBody(
      await api(`/api/applications/${application.id}`),
      200,
      applicationSchema.extend({ isAdmin: z.boolean() }),
    );
    expect(found).toMatchObject({ ...application, isAdmin: false });
    expectError(await api(`/api/applications/${missingId(21)}`), 404, 'entity.not_exists_with_id');
  });

  it('GET lists applications, filtered by types', async () => {
    const spa = await createApplication(cleanup, spaBody);
    const machine = await createApplication(cleanup, { type: 'MachineToMachine' });

    const spas = expectBody(
      await api('/api/applications', { query: { types: 'SPA' } }),
      200,
      z.array(z.looseObject({ id: z.string(), type: z.string() })),
    );
    expect(spas.every(({ type }) => type === 'SPA')).toBe(true);
    expect(spas.map(({ id }) => id)).toContain(spa.id);
    expect(spas.map(({ id }) => id)).not.toContain(machine.id);
  });

  it('DELETE answers 204, then 404', async () => {
    const application = await createApplication(cleanup, { type: 'MachineToMachine' });

    expectNoContent(await api(`/api/applications/${application.id}`, { method: 'DELETE' }));

    expectError(
      await api(`/api/applications/${application.id}`, { method: 'DELETE' }),
      404,
      'entity.not_exists_with_id',
    );
  });
});

describe('application secrets (/api/applications/{id}/secrets)', () => {
  const cleanup = useTestCleanup();

  it('POST adds a named secret (201) usable for client_credentials; DELETE revokes it (204)', async () => {
    const application = await createApplication(cleanup, { type: 'MachineToMachine' });
    const resource = await createResource(cleanup);
    const scope = await createResourceScope(cleanup, resource.id);
    const role = await createRole(cleanup, { type: 'MachineToMachine', scopeIds: [scope.id] });
    await api(`/api/applications/${application.id}/roles`, { json: { roleIds: [role.id] } });
    const name = uniqueName('rotation');

    const response = await api(`/api/applications/${application.id}/secrets`, { json: { name } });

    const secret = expectBody(response, 201, applicationSecretSchema);
    expect(secret).toMatchObject({ applicationId: application.id, name, expiresAt: null });
    const names = (await listApplicationSecrets(application.id)).map((item) => item.name);
    expect(names.sort()).toEqual(['Default secret', name].sort());
    const requestToken = async () =>
      requestClientCredentials({
        clientId: application.id,
        clientSecret: secret.value,
        authentication: 'body',
        resource: resource.indicator,
        scope: scope.name,
      });
    expect((await requestToken()).status).toBe(200);

    expectNoContent(
      await api(`/api/applications/${application.id}/secrets/${encodeURIComponent(name)}`, {
        method: 'DELETE',
      }),
    );

    const refused = await requestToken();
    expect(refused.status, refused.text).toBe(401);
    expect(refused.body).toMatchObject({ error: 'invalid_client' });
  });

  it('POST answers 400 request.invalid_input for an expiry in the past', async () => {
    const application = await createApplication(cleanup, { type: 'MachineToMachine' });

    const response = await api(`/api/applications/${application.id}/secrets`, {
      json: { name: uniqueName('old'), expiresAt: Date.now() - 1000 },
    });

    expectError(response, 400, 'request.invalid_input');
    expect(response.body).toMatchObject({
      message: 'Input is invalid. The value of `expiresAt` must be in the future.',
    });
  });

  it('POST keeps a future expiresAt', async () => {
    const application = await createApplication(cleanup, { type: 'MachineToMachine' });
    const expiresAt = Date.now() + 86_400_000;

    const response = await api(`/api/applications/${application.id}/secrets`, {
      json: { name: uniqueName('later'), expiresAt },
    });

    expect(expectBody(response, 201, applicationSecretSchema).expiresAt).toBe(expiresAt);
  });

  it('GET answers 404 for an unknown application', async () => {
    expectError(
      await api(`/api/applications/${missingId(21)}/secrets`),
      404,
      'entity.not_exists_with_id',
    );
  });
});
