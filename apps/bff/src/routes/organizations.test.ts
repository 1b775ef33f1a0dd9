import {
  apiPaths,
  errorCodes,
  meResponseSchema,
  organizationRoleSchema,
  organizationSchema,
  problemSchema,
} from '@portal/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';

import { demoAccount, startTestStack, type TestStack } from '../test/stack.js';
import type { UserSession } from '../test/tokens.js';

let stack: TestStack;
let acme: string;
let ada: UserSession;
let token: string;

beforeAll(async () => {
  stack = await startTestStack();
  ({ acme } = stack.organizations);
  const account = demoAccount(stack, 'ada');
  ada = await stack.signIn(account.email, account.password);
  token = await ada.organizationToken(acme);
}, 120_000);

afterAll(async () => {
  await stack?.close();
});

const stored = async (organizationId: string) => {
  const { data } = await stack.setup.api.GET('/api/organizations/{id}', {
    params: { path: { id: organizationId } },
  });
  if (!data) throw new Error('organization not found');
  return data;
};

describe('GET /api/me', () => {
  it('answers the profile, the organizations with roles and live permissions, and support flags', async () => {
    const response = await stack.call(apiPaths.me, { token: await ada.portalToken() });
    expect(response.status).toBe(200);
    const me = meResponseSchema.parse(await response.json());
    expect(me.user).toEqual({
      id: ada.userId,
      name: 'Ada Admin',
      username: 'ada',
      email: 'ada@example.com',
      avatar: null,
    });
    expect(
      me.organizations.map(({ name, roles, permissions }) => ({
        name,
        roles: roles.map((role) => role.name),
        permissions,
      })),
    ).toEqual([
      {
        name: 'Acme Corp',
        roles: ['admin'],
        permissions: [
          'read:members',
          'invite:members',
          'manage:members',
          'manage:organization',
          'read:audit-log',
        ],
      },
      { name: 'Globex', roles: ['member'], permissions: [] },
      {
        name: 'Initech',
        roles: ['admin'],
        permissions: [
          'read:members',
          'invite:members',
          'manage:members',
          'manage:organization',
          'read:audit-log',
        ],
      },
    ]);
    expect(me.support).toEqual({ canRead: false, canWrite: false });
  });

  it('says what support staff may do, from their token', async () => {
    const sam = demoAccount(stack, 'sam');
    const session = await stack.signIn(sam.email, sam.password);
    const me = meResponseSchema.parse(
      await (await stack.call(apiPaths.me, { token: await session.portalToken() })).json(),
    );
    expect(me.support).toEqual({ canRead: true, canWrite: true });
    expect(me.organizations).toEqual([]);
  });

  it('refuses an organization token: /api/me takes a portal API token', async () => {
    const response = await stack.call(apiPaths.me, { token });
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toBe('Bearer error="invalid_token"');
    expect(await response.json()).toMatchObject({ code: errorCodes.wrongAudience.code });
  });
});

describe('GET /api/orgs/:orgId/roles', () => {
  it('lists the roles people can be given, with their permissions, leaving machine roles out', async () => {
    await stack.setup.api.POST('/api/organization-roles', {
      body: {
        name: 'robot',
        type: 'MachineToMachine',
        organizationScopeIds: [],
        resourceScopeIds: [],
      },
    });
    const response = await stack.call(apiPaths.roles(acme), { token });
    expect(response.status).toBe(200);
    const roles = z.array(organizationRoleSchema).parse(await response.json());
    expect(
      roles.map(({ name, permissions }) => ({ name, permissions: [...permissions].sort() })),
    ).toEqual([
      {
        name: 'admin',
        permissions: [
          'invite:members',
          'manage:members',
          'manage:organization',
          'read:audit-log',
          'read:members',
        ],
      },
      { name: 'member', permissions: [] },
    ]);
  });
});

describe('GET and PATCH /api/orgs/:orgId', () => {
  it('answers the settings', async () => {
    const response = await stack.call(apiPaths.organization(acme), { token });
    expect(response.status).toBe(200);
    expect(organizationSchema.parse(await response.json())).toMatchObject({
      id: acme,
      name: 'Acme Corp',
      description: 'A small customer with two admins.',
    });
  });

  it('merges branding, colour and custom data instead of replacing them', async () => {
    await stack.setup.api.PATCH('/api/organizations/{id}', {
      params: { path: { id: acme } },
      body: {
        customData: { plan: 'gold', limits: { seats: 10, projects: 3 }, legacy: true },
        branding: {
          logoUrl: 'https://cdn.example.com/acme.png',
          favicon: 'https://cdn.example.com/acme.ico',
        },
        color: { primaryColor: '#112233', isDarkModeEnabled: false },
      },
    });

    const response = await stack.call(apiPaths.organization(acme), {
      method: 'PATCH',
      token,
      json: {
        name: 'Acme Corporation',
        customData: { limits: { seats: 25 }, legacy: null, region: 'eu' },
        branding: { darkLogoUrl: 'https://cdn.example.com/acme-dark.png', favicon: null },
        color: { darkPrimaryColor: '#445566' },
      },
    });
    expect(response.status).toBe(200);
    const expected = {
      name: 'Acme Corporation',
      description: 'A small customer with two admins.',
      customData: { plan: 'gold', limits: { seats: 25, projects: 3 }, region: 'eu' },
      branding: {
        logoUrl: 'https://cdn.example.com/acme.png',
        darkLogoUrl: 'https://cdn.example.com/acme-dark.png',
      },
      color: { primaryColor: '#112233', isDarkModeEnabled: false, darkPrimaryColor: '#445566' },
    };
    expect(organizationSchema.parse(await response.json())).toMatchObject(expected);
    // What Logto now stores, not only what the BFF said.
    expect(await stored(acme)).toMatchObject(expected);

    const [event] = (
      await stack.database.audit.list({ organizationId: acme, page: 1, pageSize: 1 })
    ).items;
    expect(event).toMatchObject({
      action: 'organization.updated',
      outcome: 'success',
      target: { type: 'organization', id: acme, label: 'Acme Corp' },
      details: {
        changed: ['name', 'branding', 'color', 'customData'],
        before: { name: 'Acme Corp' },
        after: { name: 'Acme Corporation' },
        customDataKeys: ['limits', 'legacy', 'region'],
      },
    });
    // Custom data values stay out of the audit log.
    expect(JSON.stringify(event?.details)).not.toContain('gold');
  });

  it('refuses invalid settings field by field, and changes nothing', async () => {
    const before = await stored(acme);
    const response = await stack.call(apiPaths.organization(acme), {
      method: 'PATCH',
      token,
      json: {
        name: '',
        branding: { logoUrl: 'javascript:alert(1)' },
        color: { primaryColor: 'red' },
        unknown: 1,
      },
    });
    expect(response.status).toBe(400);
    const problem = problemSchema.parse(await response.json());
    expect(problem.code).toBe(errorCodes.invalidInput.code);
    expect(problem.errors?.map(({ path }) => path).sort()).toEqual(
      ['body', 'body.branding.logoUrl', 'body.color.primaryColor', 'body.name'].sort(),
    );
    expect(await stored(acme)).toEqual(before);

    const empty = await stack.call(apiPaths.organization(acme), {
      method: 'PATCH',
      token,
      json: {},
    });
    expect(empty.status).toBe(400);
  });
});
