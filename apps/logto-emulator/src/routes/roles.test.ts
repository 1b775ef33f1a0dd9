import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { managementApi } from '../seed/system.js';
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

async function create(path: string, body: Record<string, unknown>, status = 200) {
  const reply = await call('POST', path, body);
  expect(reply.status, reply.text).toBe(status);
  return record(reply.body);
}

const createRole = async (body: Record<string, unknown> = {}) =>
  create('/api/roles', { name: unique('role'), description: 'A role', ...body });
const createUser = async () =>
  create('/api/users', { username: unique('user').replaceAll('-', '_') });
const createApplication = async (type: string) =>
  create('/api/applications', { name: unique('app'), type });

async function createScopes(count: number) {
  const name = unique('api');
  const resource = await create(
    '/api/resources',
    { name, indicator: `https://${name}.example.com` },
    201,
  );
  const scopes = [];
  for (let index = 0; index < count; index += 1) {
    scopes.push(
      await create(`/api/resources/${String(resource.id)}/scopes`, { name: unique('scope') }, 201),
    );
  }
  const { scopes: _scopes, ...plainResource } = resource;
  return { resource: plainResource, scopes };
}

describe('/api/roles', () => {
  it('POST answers 200 (not 201) with a User role by default', async () => {
    const name = unique('support');
    const reply = await call('POST', '/api/roles', { name, description: 'Support staff' });

    expect(reply.status).toBe(200);
    const role = record(reply.body);
    expect(Object.keys(role)).toEqual([
      'tenantId',
      'id',
      'name',
      'description',
      'type',
      'isDefault',
    ]);
    expect(role).toMatchObject({
      tenantId: 'default',
      name,
      description: 'Support staff',
      type: 'User',
      isDefault: false,
    });
    expect(role.id).toMatch(/^[\da-z]{21}$/);
  });

  it('POST answers 422 role.name_in_use for a taken name, 400 without a description', async () => {
    const role = await createRole();

    const taken = await call('POST', '/api/roles', { name: role.name, description: 'again' });
    expect(taken.status).toBe(422);
    expect(taken.body).toEqual({
      code: 'role.name_in_use',
      message: `This role name ${String(role.name)} is already in use`,
    });

    const noDescription = await call('POST', '/api/roles', { name: unique('x') });
    expect(noDescription.status).toBe(400);
    expect(record(noDescription.body).details).toBe(
      'Error in key path "description": (invalid_type) Expected string but received undefined.',
    );
  });

  it('POST with scopeIds gives the new role those scopes', async () => {
    const { resource, scopes } = await createScopes(2);

    const role = await createRole({
      type: 'MachineToMachine',
      scopeIds: scopes.map(({ id }) => id),
    });

    const listed = await call('GET', `/api/roles/${String(role.id)}/scopes`);
    expect(listed.status).toBe(200);
    // Optional pagination: no headers without page parameters.
    expect(listed.headers.get('total-number')).toBeNull();
    expect(listed.body).toEqual(scopes.map((scope) => ({ ...scope, resource })));
  });

  it('POST keeps Management API scopes off User roles (400), after creating the role, as Logto does', async () => {
    const name = unique('admins');
    const reply = await call('POST', '/api/roles', {
      name,
      description: 'x',
      scopeIds: [managementApi.allScopeId],
    });

    expect(reply.status).toBe(400);
    expect(record(reply.body).code).toBe('role.management_api_scopes_not_assignable_to_user_role');
    const roles = list((await call('GET', `/api/roles?search=${name}`)).body);
    expect(roles.map((role) => role.name)).toEqual([name]);
    expect((await call('GET', `/api/roles/${String(roles[0]?.id)}/scopes`)).body).toEqual([]);

    const unknownScope = await call('POST', '/api/roles', {
      name: unique('x'),
      description: 'x',
      scopeIds: ['nope'],
    });
    expect(unknownScope.status).toBe(404);
    expect(record(unknownScope.body).code).toBe('entity.not_exists_with_id');
  });

  it('GET lists roles (paginated) with user and application counts; filters by type, search and exclusions', async () => {
    const prefix = unique('listed');
    const userRole = await createRole({ name: `${prefix}-user` });
    const machineRole = await createRole({ name: `${prefix}-m2m`, type: 'MachineToMachine' });
    const user = await createUser();
    await call('POST', `/api/roles/${String(userRole.id)}/users`, { userIds: [user.id] });

    const all = await call('GET', `/api/roles?search=${encodeURIComponent(`%${prefix}%`)}`);
    expect(all.headers.get('total-number')).toBe('2');
    expect(list(all.body)).toEqual([
      {
        ...userRole,
        usersCount: 1,
        featuredUsers: [{ id: user.id, avatar: null, name: null }],
        applicationsCount: 0,
        featuredApplications: [],
      },
      {
        ...machineRole,
        usersCount: 0,
        featuredUsers: [],
        applicationsCount: 0,
        featuredApplications: [],
      },
    ]);

    const machines = await call(
      'GET',
      `/api/roles?search=${encodeURIComponent(`%${prefix}%`)}&type=MachineToMachine`,
    );
    expect(ids(machines.body)).toEqual([machineRole.id]);
    const notTheUsers = await call(
      'GET',
      `/api/roles?search=${encodeURIComponent(`%${prefix}%`)}&excludeUserId=${String(user.id)}`,
    );
    expect(ids(notTheUsers.body)).toEqual([machineRole.id]);

    const seeded = list((await call('GET', '/api/roles?type=MachineToMachine')).body).find(
      ({ id }) => id === managementApi.roleId,
    );
    expect(seeded).toMatchObject({
      applicationsCount: 1,
      featuredApplications: [expect.objectContaining({ id: testM2mApp.id })],
    });

    const badType = await call('GET', '/api/roles?type=Robot');
    expect(badType.status).toBe(400);
    expect(record(badType.body).code).toBe('guard.invalid_input');
  });

  it('GET /{id}, PATCH and DELETE; unknown ids are 404 entity.not_exists_with_id', async () => {
    const role = await createRole();
    const other = await createRole();
    const path = `/api/roles/${String(role.id)}`;

    expect((await call('GET', path)).body).toEqual(role);
    const patched = await call('PATCH', path, {
      name: `${String(role.name)}-2`,
      description: 'Renamed',
      isDefault: true,
    });
    expect(patched.body).toEqual({
      ...role,
      name: `${String(role.name)}-2`,
      description: 'Renamed',
      isDefault: true,
    });
    const taken = await call('PATCH', path, { name: other.name });
    expect(taken.status).toBe(422);
    expect(record(taken.body).code).toBe('role.name_in_use');

    expect((await call('DELETE', path)).status).toBe(204);
    const gone = await call('GET', path);
    expect(gone.status).toBe(404);
    expect(gone.body).toEqual({
      code: 'entity.not_exists_with_id',
      message: `The roles with ID \`${String(role.id)}\` does not exist.`,
    });
    expect((await call('DELETE', path)).status).toBe(404);
    expect((await call('PATCH', path, { name: 'x' })).status).toBe(404);
  });
});

describe('/api/roles/{id}/scopes', () => {
  it('POST adds scopes (201, answering all of them); repeats are 422; DELETE removes (204, then 404)', async () => {
    const { scopes } = await createScopes(2);
    const [first, second] = scopes;
    const role = await createRole({ type: 'MachineToMachine', scopeIds: [first?.id] });
    const path = `/api/roles/${String(role.id)}/scopes`;

    const added = await call('POST', path, { scopeIds: [second?.id] });
    expect(added.status).toBe(201);
    expect(added.body).toEqual([first, second]);

    const repeated = await call('POST', path, { scopeIds: [first?.id] });
    expect(repeated.status).toBe(422);
    expect(repeated.body).toEqual({
      code: 'role.scope_exists',
      message: `The scope id ${String(first?.id)} has already been added to this role`,
    });

    const empty = await call('POST', path, { scopeIds: [] });
    expect(empty.status).toBe(400);

    const paged = await call('GET', `${path}?page=1&page_size=1`);
    expect(paged.headers.get('total-number')).toBe('2');
    expect(list(paged.body)).toHaveLength(1);

    expect((await call('DELETE', `${path}/${String(first?.id)}`)).status).toBe(204);
    expect((await call('DELETE', `${path}/${String(first?.id)}`)).status).toBe(404);
    expect(ids((await call('GET', path)).body)).toEqual([second?.id]);
  });

  it('a user role cannot hold the Management API scope; unknown role is 404', async () => {
    const role = await createRole();

    const refused = await call('POST', `/api/roles/${String(role.id)}/scopes`, {
      scopeIds: [managementApi.allScopeId],
    });
    expect(refused.status).toBe(400);
    expect(record(refused.body).code).toBe(
      'role.management_api_scopes_not_assignable_to_user_role',
    );

    expect((await call('GET', '/api/roles/no-such-role/scopes')).status).toBe(404);
    expect((await call('POST', '/api/roles/no-such-role/scopes', { scopeIds: ['x'] })).status).toBe(
      404,
    );
  });
});

describe('/api/roles/{id}/users', () => {
  it('POST assigns (201); assigned again is 422 role.user_exists; GET lists user info; DELETE (204, then 404)', async () => {
    const role = await createRole();
    const [first, second] = [await createUser(), await createUser()];
    const path = `/api/roles/${String(role.id)}/users`;

    expect((await call('POST', path, { userIds: [first.id, second.id] })).status).toBe(201);
    const again = await call('POST', path, { userIds: [second.id] });
    expect(again.status).toBe(422);
    expect(again.body).toEqual({
      code: 'role.user_exists',
      message: `The user id ${String(second.id)} is already been added to this role`,
    });

    const listed = await call('GET', path);
    expect(listed.headers.get('total-number')).toBe('2');
    const { hasPassword: _first, ...firstInfo } = first;
    const { hasPassword: _second, ...secondInfo } = second;
    expect(listed.body).toEqual([secondInfo, firstInfo]);

    expect((await call('DELETE', `${path}/${String(first.id)}`)).status).toBe(204);
    const gone = await call('DELETE', `${path}/${String(first.id)}`);
    expect(gone.status).toBe(404);
    expect(record(gone.body).code).toBe('entity.not_found');
  });

  it('refuses unknown users (404) and machine-to-machine roles (422 entity.db_constraint_violated)', async () => {
    const user = await createUser();
    const role = await createRole();
    const machineRole = await createRole({ type: 'MachineToMachine' });

    const unknown = await call('POST', `/api/roles/${String(role.id)}/users`, {
      userIds: [user.id, 'nosuchuser00'],
    });
    expect(unknown.status).toBe(404);
    expect(record(unknown.body).code).toBe('entity.not_found');
    expect((await call('GET', `/api/roles/${String(role.id)}/users`)).body).toEqual([]);

    const machine = await call('POST', `/api/roles/${String(machineRole.id)}/users`, {
      userIds: [user.id],
    });
    expect(machine.status).toBe(422);
    expect(record(machine.body).code).toBe('entity.db_constraint_violated');
  });
});

describe('/api/roles/{id}/applications', () => {
  it('assigns machine-to-machine roles to applications and lists the M2M ones', async () => {
    const role = await createRole({ type: 'MachineToMachine' });
    const machine = await createApplication('MachineToMachine');
    const path = `/api/roles/${String(role.id)}/applications`;

    expect((await call('POST', path, { applicationIds: [machine.id] })).status).toBe(201);
    const again = await call('POST', path, { applicationIds: [machine.id] });
    expect(again.status).toBe(422);
    expect(record(again.body).code).toBe('role.application_exists');

    const listed = await call('GET', path);
    expect(listed.body).toEqual([machine]);
    expect(listed.headers.get('total-number')).toBe('1');
    expect(ids((await call('GET', `/api/applications/${String(machine.id)}/roles`)).body)).toEqual([
      role.id,
    ]);

    expect((await call('DELETE', `${path}/${String(machine.id)}`)).status).toBe(204);
    expect((await call('DELETE', `${path}/${String(machine.id)}`)).status).toBe(404);
  });

  it('refuses User roles (422 entity.db_constraint_violated) and unknown applications (404)', async () => {
    const userRole = await createRole();
    const machineRole = await createRole({ type: 'MachineToMachine' });
    const machine = await createApplication('MachineToMachine');

    const wrongType = await call('POST', `/api/roles/${String(userRole.id)}/applications`, {
      applicationIds: [machine.id],
    });
    expect(wrongType.status).toBe(422);
    expect(record(wrongType.body).code).toBe('entity.db_constraint_violated');

    const unknown = await call('POST', `/api/roles/${String(machineRole.id)}/applications`, {
      applicationIds: ['no-app'],
    });
    expect(unknown.status).toBe(404);
    expect(record(unknown.body).code).toBe('entity.not_exists_with_id');
  });

  it('deleting a role removes it from users and applications', async () => {
    const role = await createRole({ type: 'MachineToMachine' });
    const machine = await createApplication('MachineToMachine');
    await call('POST', `/api/roles/${String(role.id)}/applications`, {
      applicationIds: [machine.id],
    });

    expect((await call('DELETE', `/api/roles/${String(role.id)}`)).status).toBe(204);

    expect((await call('GET', `/api/applications/${String(machine.id)}/roles`)).body).toEqual([]);
  });
});
