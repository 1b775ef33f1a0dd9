import { createManagementApi } from '@logto/api/management';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';

import { expectKeyOrder, parseAs } from './support/assertions.js';
import { uniqueName, useTestCleanup } from './support/fixtures.js';
import { target } from './support/http.js';
import { organizationKeys, organizationSchema } from './support/schemas.js';

// CONTRACT 9: the official client, configured for OSS with an explicit baseUrl and apiIndicator.
describe('@logto/api (createManagementApi)', () => {
  const cleanup = useTestCleanup();

  it('gets a token with client_secret_post and lists, creates and deletes organizations', async () => {
    const { apiClient, clientCredentials } = createManagementApi('default', {
      clientId: target.m2mApp.id,
      clientSecret: target.m2mApp.secret,
      baseUrl: target.endpoint,
      apiIndicator: target.managementApiResource,
    });
    const name = uniqueName('sdk');

    const token = await clientCredentials.getAccessToken();
    expect(token.scope).toBe('all');
    expect(token.expiresAt).toBeGreaterThan(Date.now() / 1000 + 3000);

    const created = await apiClient.POST('/api/organizations', {
      body: { name, description: 'Made by @logto/api' },
    });
    expect(created.response.status).toBe(201);
    const organization = parseAs(organizationSchema, created.data);
    cleanup.deleteLater(`/api/organizations/${organization.id}`);
    expectKeyOrder(created.data, organizationKeys);
    expect(organization).toMatchObject({ name, description: 'Made by @logto/api' });

    const listed = await apiClient.GET('/api/organizations', {
      params: { query: { q: name, page: 1, page_size: 5 } },
    });
    expect(listed.response.status).toBe(200);
    expect(listed.response.headers.get('total-number')).toBe('1');
    expect(parseAs(z.array(organizationSchema), listed.data)).toEqual([organization]);

    const found = await apiClient.GET('/api/organizations/{id}', {
      params: { path: { id: organization.id } },
    });
    expect(parseAs(organizationSchema, found.data)).toEqual(organization);

    const deleted = await apiClient.DELETE('/api/organizations/{id}', {
      params: { path: { id: organization.id } },
    });
    expect(deleted.response.status).toBe(204);

    const missing = await apiClient.GET('/api/organizations/{id}', {
      params: { path: { id: organization.id } },
    });
    expect(missing.response.status).toBe(404);
    // Error bodies are untyped in the generated client (CONTRACT 9): parse them yourself.
    expect(parseAs(z.looseObject({ code: z.string() }), missing.error).code).toBe(
      'entity.not_exists_with_id',
    );
  });
});
