import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { callApi, idsOf, startTestEmulator, uniqueName, type TestEmulator } from '../test-utils.js';
import { provisionOrganizationsByEmail } from './organization-jit.js';

let emulator: TestEmulator;

beforeAll(async () => {
  emulator = await startTestEmulator();
});

afterAll(async () => {
  await emulator.close();
});

const createOrganization = async () => {
  const reply = await callApi(emulator, 'POST', '/api/organizations', { name: uniqueName('jit') });
  return (reply.body as { id: string }).id;
};

describe('/api/organizations/:id/jit', () => {
  it('adds, pages, replaces and deletes email domains with Logto status codes', async () => {
    const id = await createOrganization();
    const added = await callApi(emulator, 'POST', `/api/organizations/${id}/jit/email-domains`, {
      emailDomain: 'a.example',
    });
    expect(added.status).toBe(201);
    expect(added.body).toEqual({
      tenantId: 'default',
      organizationId: id,
      emailDomain: 'a.example',
    });
    const again = await callApi(emulator, 'POST', `/api/organizations/${id}/jit/email-domains`, {
      emailDomain: 'a.example',
    });
    expect(again.status).toBe(422);

    const domains = Array.from({ length: 30 }, (_, index) => `d${index}.example`);
    const replaced = await callApi(emulator, 'PUT', `/api/organizations/${id}/jit/email-domains`, {
      emailDomains: domains,
    });
    expect(replaced.status).toBe(204);
    const page1 = await callApi(emulator, 'GET', `/api/organizations/${id}/jit/email-domains`);
    const page2 = await callApi(
      emulator,
      'GET',
      `/api/organizations/${id}/jit/email-domains?page=2`,
    );
    expect((page1.body as unknown[]).length).toBe(20);
    expect((page2.body as unknown[]).length).toBe(10);
    expect(page1.headers.get('total-number')).toBe('30');

    const removed = await callApi(
      emulator,
      'DELETE',
      `/api/organizations/${id}/jit/email-domains/d0.example`,
    );
    expect(removed.status).toBe(204);
    const missing = await callApi(
      emulator,
      'DELETE',
      `/api/organizations/${id}/jit/email-domains/d0.example`,
    );
    expect(missing.status).toBe(404);
  });

  it('relates default roles: 422 for an unknown role, repeats ignored, 404 on a missing delete', async () => {
    const id = await createOrganization();
    const role = await callApi(emulator, 'POST', '/api/organization-roles', {
      name: uniqueName('r'),
    });
    const roleId = (role.body as { id: string }).id;
    const path = `/api/organizations/${id}/jit/roles`;
    expect((await callApi(emulator, 'POST', path, { organizationRoleIds: ['nope'] })).status).toBe(
      422,
    );
    expect((await callApi(emulator, 'POST', path, { organizationRoleIds: [roleId] })).status).toBe(
      201,
    );
    expect((await callApi(emulator, 'POST', path, { organizationRoleIds: [roleId] })).status).toBe(
      201,
    );
    expect(idsOf((await callApi(emulator, 'GET', path)).body)).toEqual([roleId]);
    expect((await callApi(emulator, 'DELETE', `${path}/${roleId}`)).status).toBe(204);
    expect((await callApi(emulator, 'DELETE', `${path}/${roleId}`)).status).toBe(404);
  });

  it('provisions a new user by email domain with the default roles', async () => {
    const id = await createOrganization();
    const role = await callApi(emulator, 'POST', '/api/organization-roles', {
      name: uniqueName('r'),
    });
    const roleId = (role.body as { id: string }).id;
    await callApi(emulator, 'POST', `/api/organizations/${id}/jit/email-domains`, {
      emailDomain: 'joins.example',
    });
    await callApi(emulator, 'POST', `/api/organizations/${id}/jit/roles`, {
      organizationRoleIds: [roleId],
    });
    const user = await callApi(emulator, 'POST', '/api/users', {
      primaryEmail: 'new@joins.example',
    });
    const userId = (user.body as { id: string }).id;
    // The Management API does not provision (Logto 1.42): the user is not a member yet.
    expect(idsOf((await callApi(emulator, 'GET', `/api/organizations/${id}/users`)).body)).toEqual(
      [],
    );

    const added = await provisionOrganizationsByEmail(
      emulator.deps.db.pg,
      userId,
      'new@joins.example',
    );
    expect(added).toEqual([id]);
    const roles = await callApi(emulator, 'GET', `/api/organizations/${id}/users/${userId}/roles`);
    expect(idsOf(roles.body)).toEqual([roleId]);
    expect(
      await provisionOrganizationsByEmail(emulator.deps.db.pg, userId, 'x@other.example'),
    ).toEqual([]);
  });
});
