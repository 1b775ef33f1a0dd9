import { describe, expect, it } from 'vitest';
import { z } from 'zod';

import {
  expectBody,
  expectError,
  expectGuardError,
  expectNoContent,
  sortedById,
} from './support/assertions.js';
import {
  createApplication,
  createResource,
  createResourceScope,
  createRole,
  createUser,
  missingId,
  uniqueName,
  useTestCleanup,
} from './support/fixtures.js';
import { api } from './support/http.js';
import { resourceScopeSchema, roleSchema } from './support/schemas.js';

// Global (API resource) roles. Not in the recorded samples: shapes and statuses from @logto/api 1.42's
// OpenAPI types (CreateRole 200, AssignUserRoles 201, AssignApplicationRoles 201, ...) and Logto's routes.
const roleList = z.array(roleSchema);
const roleListItem = roleSchema.extend({
  usersCount: z.number().int(),
  featuredUsers: z.array(
    z.strictObject({ id: z.string(), avatar: z.string().nullable(), name: z.string().nullable() }),
  ),
  applicationsCount: z.number().int(),
  featuredApplications: z.array(
    z.strictObject({ id: z.string(), name: z.string(), type: z.string() }),
  ),
});

describe('roles (/api/roles)', () => {
  const cleanup = useTestCleanup();

  it('POST creates a User role by default: 200', async () => {
    const name = uniqueName('support');

    const response = await api('/api/roles', { json: { name, description: 'Support staff' } });

    const role = expectBody(response, 200, roleSchema);
    cleanup.deleteLater(`/api/roles/${role.id}`);
    expect(role).toMatchObject({
      name,
      description: 'Support staff',
      type: 'User',
      isDefault: false,
    });
  });

  it('POST creates a MachineToMachine role with initial scopes', async () => {
    const resource = await createResource(cleanup);
    const read = await createResourceScope(cleanup, resource.id);
    const write = await createResourceScope(cleanup, resource.id);

    const role = await createRole(cleanup, {
      type: 'MachineToMachine',
      scopeIds: [read.id, write.id],
    });

    expect(role.type).toBe('MachineToMachine');
    const scopes = expectBody(
      await api(`/api/roles/${role.id}/scopes`),
      200,
      z.array(
        resourceScopeSchema.extend({
          resource: z.looseObject({ id: z.string(), indicator: z.string() }),
        }),
      ),
    );
    expect(sortedById(scopes.map(({ resource: _resource, ...scope }) => scope))).toEqual(
      sortedById([read, write]),
    );
    expect(scopes.every(({ resource: { id } }) => id === resource.id)).toBe(true);
  });

  it('POST answers 422 role.name_in_use for a taken name', async () => {
    const role = await createRole(cleanup);

    const response = await api('/api/roles', { json: { name: role.name, description: 'again' } });

    expectError(response, 422, 'role.name_in_use');
  });

  it('POST answers 400 guard.invalid_input without a description', async () => {
    const response = await api('/api/roles', { json: { name: uniqueName('nodesc') } });

    expectGuardError(response, {
      target: 'body',
      path: ['description'],
      issueCode: 'invalid_type',
    });
  });

  it('GET /{id} returns the role; unknown is 404 entity.not_exists_with_id', async () => {
    const role = await createRole(cleanup);

    expect(expectBody(await api(`/api/roles/${role.id}`), 200, roleSchema)).toEqual(role);
    expectError(await api(`/api/roles/${missingId(21)}`), 404, 'entity.not_exists_with_id');
  });

  it('GET lists roles with user and application counts, filtered by type and search', async () => {
    const prefix = uniqueName('listed');
    const userRole = await createRole(cleanup, { name: `${prefix}_user` });
    const machineRole = await createRole(cleanup, {
      name: `${prefix}_m2m`,
      type: 'MachineToMachine',
    });

    const all = await api('/api/roles', { query: { search: `%${prefix}%` } });
    expect(all.headers.get('total-number')).toBe('2');
    const listed = expectBody(all, 200, z.array(roleListItem));
    expect(sortedById(listed.map(({ id }) => ({ id })))).toEqual(
      sortedById([userRole, machineRole].map(({ id }) => ({ id }))),
    );
    for (const item of listed) {
      expect(item).toMatchObject({
        usersCount: 0,
        featuredUsers: [],
        applicationsCount: 0,
        featuredApplications: [],
      });
    }

    const machines = await api('/api/roles', {
      query: { search: `%${prefix}%`, type: 'MachineToMachine' },
    });
    expect(expectBody(machines, 200, z.array(roleListItem)).map(({ id }) => id)).toEqual([
      machineRole.id,
    ]);
  });

  it('PATCH updates name and description; DELETE answers 204, then 404', async () => {
    const role = await createRole(cleanup);
    const name = uniqueName('renamed');

    const patched = await api(`/api/roles/${role.id}`, {
      method: 'PATCH',
      json: { name, description: 'Renamed' },
    });
    expect(expectBody(patched, 200, roleSchema)).toEqual({ ...role, name, description: 'Renamed' });

    expectNoContent(await api(`/api/roles/${role.id}`, { method: 'DELETE' }));
    expectError(
      await api(`/api/roles/${role.id}`, { method: 'DELETE' }),
      404,
      'entity.not_exists_with_id',
    );
  });
});

describe('assigning roles to users (/api/users/{userId}/roles)', () => {
  const cleanup = useTestCleanup();

  it('POST assigns User roles (201), GET lists them, DELETE removes one (204)', async () => {
    const user = await createUser(cleanup);
    const first = await createRole(cleanup);
    const second = await createRole(cleanup);

    const assigned = await api(`/api/users/${user.id}/roles`, {
      json: { roleIds: [first.id, second.id] },
    });
    expect(assigned.status, assigned.text).toBe(201);
    // Roles the user already has are ignored.
    expect(
      (await api(`/api/users/${user.id}/roles`, { json: { roleIds: [first.id] } })).status,
    ).toBe(201);

    const listed = await api(`/api/users/${user.id}/roles`);
    expect(sortedById(expectBody(listed, 200, roleList))).toEqual(sortedById([first, second]));
    expect(listed.headers.get('total-number')).toBe('2');

    expectNoContent(await api(`/api/users/${user.id}/roles/${first.id}`, { method: 'DELETE' }));
    expect(expectBody(await api(`/api/users/${user.id}/roles`), 200, roleList)).toEqual([second]);
  });

  it('POST answers 422 user.invalid_role_type for a MachineToMachine role', async () => {
    const user = await createUser(cleanup);
    const machineRole = await createRole(cleanup, { type: 'MachineToMachine' });

    const response = await api(`/api/users/${user.id}/roles`, {
      json: { roleIds: [machineRole.id] },
    });

    expectError(response, 422, 'user.invalid_role_type');
    expect(expectBody(await api(`/api/users/${user.id}/roles`), 200, roleList)).toEqual([]);
  });

  it('POST answers 404 for an unknown user or role', async () => {
    const user = await createUser(cleanup);
    const role = await createRole(cleanup);

    expect(
      (await api(`/api/users/${missingId(12)}/roles`, { json: { roleIds: [role.id] } })).status,
    ).toBe(404);
    expect(
      (await api(`/api/users/${user.id}/roles`, { json: { roleIds: [missingId(21)] } })).status,
    ).toBe(404);
  });
});

describe('assigning roles to applications (/api/applications/{id}/roles)', () => {
  const cleanup = useTestCleanup();

  it('POST assigns MachineToMachine roles to an M2M app (201); GET lists them; DELETE removes one (204)', async () => {
    const application = await createApplication(cleanup, { type: 'MachineToMachine' });
    const role = await createRole(cleanup, { type: 'MachineToMachine' });

    const assigned = await api(`/api/applications/${application.id}/roles`, {
      json: { roleIds: [role.id] },
    });
    expect(assigned.status, assigned.text).toBe(201);

    expect(
      expectBody(await api(`/api/applications/${application.id}/roles`), 200, roleList),
    ).toEqual([role]);

    expectNoContent(
      await api(`/api/applications/${application.id}/roles/${role.id}`, { method: 'DELETE' }),
    );
    expect(
      expectBody(await api(`/api/applications/${application.id}/roles`), 200, roleList),
    ).toEqual([]);
  });

  it('POST answers 422 application.role_exists for a role the app already has', async () => {
    const application = await createApplication(cleanup, { type: 'MachineToMachine' });
    const role = await createRole(cleanup, { type: 'MachineToMachine' });
    await api(`/api/applications/${application.id}/roles`, { json: { roleIds: [role.id] } });

    const response = await api(`/api/applications/${application.id}/roles`, {
      json: { roleIds: [role.id] },
    });

    expectError(response, 422, 'application.role_exists');
  });

  it('POST answers 422 application.invalid_role_type for a User role', async () => {
    const application = await createApplication(cleanup, { type: 'MachineToMachine' });
    const userRole = await createRole(cleanup);

    const response = await api(`/api/applications/${application.id}/roles`, {
      json: { roleIds: [userRole.id] },
    });

    expectError(response, 422, 'application.invalid_role_type');
  });

  it('answers 422 application.invalid_type for an application that is not machine-to-machine', async () => {
    const spa = await createApplication(cleanup, {
      type: 'SPA',
      oidcClientMetadata: {
        redirectUris: ['https://portal.example/callback'],
        postLogoutRedirectUris: [],
      },
    });
    const role = await createRole(cleanup, { type: 'MachineToMachine' });

    expectError(
      await api(`/api/applications/${spa.id}/roles`, { json: { roleIds: [role.id] } }),
      422,
      'application.invalid_type',
    );
    expectError(await api(`/api/applications/${spa.id}/roles`), 422, 'application.invalid_type');
  });

  it('POST /api/roles/{id}/applications assigns the role from the role side (201)', async () => {
    const application = await createApplication(cleanup, { type: 'MachineToMachine' });
    const role = await createRole(cleanup, { type: 'MachineToMachine' });

    const response = await api(`/api/roles/${role.id}/applications`, {
      json: { applicationIds: [application.id] },
    });

    expect(response.status, response.text).toBe(201);
    expect(
      expectBody(await api(`/api/applications/${application.id}/roles`), 200, roleList),
    ).toEqual([role]);
  });

  it('POST /api/roles/{id}/users assigns the role from the role side (201)', async () => {
    const user = await createUser(cleanup);
    const role = await createRole(cleanup);

    const response = await api(`/api/roles/${role.id}/users`, { json: { userIds: [user.id] } });

    expect(response.status, response.text).toBe(201);
    expect(expectBody(await api(`/api/users/${user.id}/roles`), 200, roleList)).toEqual([role]);
  });
});
