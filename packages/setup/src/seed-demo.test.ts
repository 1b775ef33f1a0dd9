import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { demoAccounts, largeOrganization } from './demo-data.js';
import { expectData, expectSuccess, listAll } from './management-api.js';
import { seedDemo, spaApplicationName, type SeedDemoResult } from './seed-demo.js';
import { readTenantFile } from './tenant-file.js';
import { startTestTenant, type TestTenant } from './test-utils.js';

describe('seedDemo', () => {
  let tenant: TestTenant;
  let folder: string;
  let first: SeedDemoResult;

  beforeAll(async () => {
    tenant = await startTestTenant();
    folder = await mkdtemp(path.join(tmpdir(), 'portal-setup-'));
    first = await seedDemo(tenant.client, { tenantFile: path.join(folder, 'tenant.json') });
  });
  afterAll(async () => {
    await tenant.emulator.close();
    await rm(folder, { recursive: true, force: true });
  });

  const userId = (email: string) => first.userIds[email]!;
  const organizationId = (key: string) =>
    first.tenant.organizations.find((organization) => organization.key === key)!.id;

  it('creates the demo accounts with passwords and records them in the tenant file', async () => {
    const { client } = tenant;
    for (const account of demoAccounts) {
      const user = await expectData(
        client,
        'get user',
        client.api.GET('/api/users/{userId}', {
          params: { path: { userId: userId(account.email) } },
        }),
      );
      expect(user).toMatchObject({
        username: account.username,
        primaryEmail: account.email,
        name: account.name,
        hasPassword: true,
      });
    }
    expect(await readTenantFile(path.join(folder, 'tenant.json'))).toEqual(first.tenant);
    expect(first.tenant.logtoEndpoint).toBe(tenant.emulator.url);
    expect(first.tenant.demoAccounts.map(({ email, userId: id }) => [email, id])).toEqual(
      demoAccounts.map(({ email }) => [email, userId(email)]),
    );
  });

  it('gives each demo account its organizations and roles', async () => {
    const { client } = tenant;
    const organizationsOf = async (email: string) =>
      (
        await expectData(
          client,
          'list user organizations',
          client.api.GET('/api/users/{userId}/organizations', {
            params: { path: { userId: userId(email) } },
          }),
        )
      )
        .map(({ name, organizationRoles }) => [name, organizationRoles.map((role) => role.name)])
        .sort();
    expect(await organizationsOf('ada@example.com')).toEqual([
      ['Acme Corp', ['admin']],
      ['Globex', ['member']],
      ['Initech', ['admin']],
    ]);
    expect(await organizationsOf('max@example.com')).toEqual([['Acme Corp', ['member']]]);
    expect(await organizationsOf('sam@example.com')).toEqual([]);

    const samRoles = await listAll(client, 'list', (query) =>
      client.api.GET('/api/users/{userId}/roles', {
        params: { path: { userId: userId('sam@example.com') }, query },
      }),
    );
    expect(samRoles.map(({ name }) => name)).toEqual(['portal-support']);
  });

  it('fills the large organization with over a thousand members', async () => {
    const { client } = tenant;
    const { response } = await expectSuccess(
      client,
      'count members',
      client.api.GET('/api/organizations/{id}/users', {
        params: { path: { id: organizationId('initech') }, query: { page: 1, page_size: 1 } },
      }),
    );
    expect(Number(response.headers.get('total-number'))).toBe(largeOrganization.defaultCount + 1);
    const admins = await listAll(client, 'list admins', (query) =>
      client.api.GET('/api/organizations/{id}/users', {
        params: {
          path: { id: organizationId('initech') },
          query: { ...query, organizationRoleId: first.bootstrap.organizationRoleIds.admin },
        },
      }),
    );
    expect(admins).toHaveLength(largeOrganization.adminCount + 1);
  });

  it('registers the SPA application for the portal URLs', async () => {
    const { client } = tenant;
    const application = await expectData(
      client,
      'get application',
      client.api.GET('/api/applications/{id}', { params: { path: { id: first.tenant.spaAppId } } }),
    );
    expect(application).toMatchObject({
      name: spaApplicationName,
      type: 'SPA',
      oidcClientMetadata: {
        redirectUris: ['http://localhost:3000/callback', 'http://localhost:5173/callback'],
        postLogoutRedirectUris: ['http://localhost:3000/', 'http://localhost:5173/'],
      },
      customClientMetadata: {
        corsAllowedOrigins: ['http://localhost:3000', 'http://localhost:5173'],
      },
    });
  });

  it('creates nothing when run again, and only adds the URLs of a new public URL', async () => {
    const second = await seedDemo(tenant.client);
    expect(second.report.created).toEqual([]);
    expect(second.report.updated).toEqual([]);
    expect(second.tenant).toEqual({ ...first.tenant, seededAt: second.tenant.seededAt });
    expect(second.userIds).toEqual(first.userIds);

    const moved = await seedDemo(tenant.client, {
      portal: { publicUrl: 'https://portal.example.org' },
    });
    expect(moved.report.created).toEqual([]);
    expect(moved.report.updated).toEqual([
      `SPA application "${spaApplicationName}" (${first.tenant.spaAppId}): registered ` +
        'https://portal.example.org/callback, https://portal.example.org/, https://portal.example.org',
    ]);
    const application = await expectData(
      tenant.client,
      'get application',
      tenant.client.api.GET('/api/applications/{id}', {
        params: { path: { id: first.tenant.spaAppId } },
      }),
    );
    expect(application.oidcClientMetadata.redirectUris).toEqual([
      'http://localhost:3000/callback',
      'http://localhost:5173/callback',
      'https://portal.example.org/callback',
    ]);
  });
});
