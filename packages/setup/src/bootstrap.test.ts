import net from 'node:net';

import { allOrganizationPermissions, defaultPortalApiResource, supportRoles } from '@portal/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { bootstrap } from './bootstrap.js';
import { SetupError } from './errors.js';
import { connectToLogto, expectData, listAll } from './management-api.js';
import { startTestTenant, type TestTenant } from './test-utils.js';

describe('bootstrap', () => {
  let tenant: TestTenant;
  beforeAll(async () => {
    tenant = await startTestTenant();
  });
  afterAll(async () => {
    await tenant.emulator.close();
  });

  it('creates the organization template, the portal API and the support roles; a rerun creates nothing', async () => {
    const { client } = tenant;
    const first = await bootstrap(client);
    expect(first.report.created).toEqual([
      ...allOrganizationPermissions.map((name) => `organization scope ${name}`),
      `organization role admin (${allOrganizationPermissions.join(', ')})`,
      'organization role member',
      `API resource ${defaultPortalApiResource.indicator}`,
      'API scope support:read',
      'API scope support:write',
      'global role portal-support (support:read, support:write)',
      'global role portal-support-readonly (support:read)',
    ]);
    expect(first.report.updated).toEqual([]);
    expect(first.report.existing).toEqual([]);

    // What a real client sees afterwards, read back through the Management API.
    const scopes = await listAll(client, 'list', (query) =>
      client.api.GET('/api/organization-scopes', { params: { query } }),
    );
    expect(scopes.map(({ name }) => name).sort()).toEqual([...allOrganizationPermissions].sort());
    const roleScopes = async (id: string) =>
      (
        await listAll(client, 'list', (query) =>
          client.api.GET('/api/organization-roles/{id}/scopes', {
            params: { path: { id }, query },
          }),
        )
      )
        .map(({ name }) => name)
        .sort();
    expect(await roleScopes(first.organizationRoleIds.admin!)).toEqual(
      [...allOrganizationPermissions].sort(),
    );
    expect(await roleScopes(first.organizationRoleIds.member!)).toEqual([]);

    const resources = await listAll(client, 'list', (query) =>
      client.api.GET('/api/resources', { params: { query } }),
    );
    const portalApi = resources.find(
      ({ indicator }) => indicator === defaultPortalApiResource.indicator,
    );
    expect(portalApi).toMatchObject({
      id: first.portalApiResource.id,
      name: defaultPortalApiResource.name,
    });

    for (const { name, permissions } of supportRoles) {
      const id = first.supportRoleIds[name]!;
      const role = await expectData(
        client,
        'get role',
        client.api.GET('/api/roles/{id}', { params: { path: { id } } }),
      );
      expect(role).toMatchObject({ name, type: 'User' });
      const held = await listAll(client, 'list', (query) =>
        client.api.GET('/api/roles/{id}/scopes', { params: { path: { id }, query } }),
      );
      expect(held.map((scope) => [scope.name, scope.resourceId]).sort()).toEqual(
        [...permissions].sort().map((permission) => [permission, portalApi!.id]),
      );
    }

    const second = await bootstrap(client);
    expect(second.report.created).toEqual([]);
    expect(second.report.updated).toEqual([]);
    expect(second.report.existing).toHaveLength(first.report.created.length);
    expect(second.organizationRoleIds).toEqual(first.organizationRoleIds);
    expect(second.portalApiResource).toEqual(first.portalApiResource);
    expect(second.supportRoleIds).toEqual(first.supportRoleIds);
  });

  it('names LOGTO_M2M_APP_SECRET when the credentials are wrong', async () => {
    const client = connectToLogto({ ...tenant.connection, m2mAppSecret: 'not-the-secret' });
    const failure = bootstrap(client);
    await expect(failure).rejects.toThrow(SetupError);
    await expect(failure).rejects.toThrow(
      /invalid_client.*LOGTO_M2M_APP_ID and LOGTO_M2M_APP_SECRET/,
    );
  });

  it('names LOGTO_MANAGEMENT_API_RESOURCE when the resource is unknown', async () => {
    const client = connectToLogto({
      ...tenant.connection,
      managementApiResource: 'https://tenant.logto.app/api',
    });
    await expect(bootstrap(client)).rejects.toThrow(
      /invalid_target.*LOGTO_MANAGEMENT_API_RESOURCE/,
    );
  });

  it('names LOGTO_ENDPOINT when nothing listens there', async () => {
    const client = connectToLogto({
      ...tenant.connection,
      endpoint: `http://127.0.0.1:${await closedPort()}`,
    });
    await expect(bootstrap(client)).rejects.toThrow(/Cannot reach .*LOGTO_ENDPOINT/);
  });
});

describe('bootstrap on a tenant that is partly set up', () => {
  let tenant: TestTenant;
  beforeAll(async () => {
    tenant = await startTestTenant();
  });
  afterAll(async () => {
    await tenant.emulator.close();
  });

  it('adds missing scopes to existing roles and leaves the rest as it was', async () => {
    const { client } = tenant;
    const readMembers = await expectData(
      client,
      'create scope',
      client.api.POST('/api/organization-scopes', {
        body: { name: 'read:members', description: 'Ours.' },
      }),
    );
    const admin = await expectData(
      client,
      'create role',
      client.api.POST('/api/organization-roles', {
        body: {
          name: 'admin',
          description: 'Our admin.',
          organizationScopeIds: [readMembers.id],
          resourceScopeIds: [],
        },
      }),
    );
    const support = await expectData(
      client,
      'create role',
      client.api.POST('/api/roles', {
        body: { name: 'portal-support', description: 'Our support.', type: 'User' },
      }),
    );

    const { report, organizationRoleIds, supportRoleIds } = await bootstrap(client);

    expect(report.existing).toEqual(expect.arrayContaining(['organization scope read:members']));
    expect(report.updated).toEqual([
      'organization role admin: added the missing scopes invite:members, manage:members, manage:organization, read:audit-log',
      'global role portal-support: added the missing scopes support:read, support:write',
    ]);
    expect(organizationRoleIds.admin).toBe(admin.id);
    expect(supportRoleIds['portal-support']).toBe(support.id);

    const adminNow = await expectData(
      client,
      'get role',
      client.api.GET('/api/organization-roles/{id}', { params: { path: { id: admin.id } } }),
    );
    expect(adminNow.description).toBe('Our admin.');
    const scope = await expectData(
      client,
      'get scope',
      client.api.GET('/api/organization-scopes/{id}', { params: { path: { id: readMembers.id } } }),
    );
    expect(scope.description).toBe('Ours.');

    const rerun = await bootstrap(client);
    expect([...rerun.report.created, ...rerun.report.updated]).toEqual([]);
  });

  it('sends a rate-limited call again after Retry-After', async () => {
    const { emulator, client } = tenant;
    const fault = await fetch(`${emulator.url}/_emulator/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        method: 'GET',
        path: '/api/organization-scopes',
        status: 429,
        retryAfter: 0,
        times: 2,
      }),
    });
    expect(fault.status).toBe(201);

    const { report } = await bootstrap(client);
    expect([...report.created, ...report.updated]).toEqual([]);
    const remaining = await fetch(`${emulator.url}/_emulator/faults`);
    expect(await remaining.json()).toEqual([]);
  });
});

/** A port nothing listens on: one the system just gave out and took back. */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('Expected a TCP address');
  return address.port;
}
