import { createHash } from 'node:crypto';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { generateStandardId, generateStandardShortId } from '../ids.js';
import {
  startTestEmulator,
  type TestEmulator,
  callApi,
  asObject as record,
  asObjectList as list,
  uniqueName,
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
const unique = (prefix: string) => uniqueName(prefix, '_');

async function createUser(body: Record<string, unknown> = {}) {
  const reply = await call('POST', '/api/users', { username: unique('user'), ...body });
  expect(reply.status, reply.text).toBe(200);
  return record(reply.body);
}

// Fixtures of other route families go straight into storage, so these tests depend on the user routes only.
async function insertRole(type: 'User' | 'MachineToMachine', isDefault = false) {
  const id = generateStandardId();
  await emulator.deps.db.query(
    'insert into roles (id, name, description, type, is_default) values ($1, $2, $3, $4, $5)',
    [id, unique('role'), 'A role', type, isDefault],
  );
  return id;
}

async function insertOrganization(name: string) {
  const id = generateStandardShortId();
  await emulator.deps.db.query(
    'insert into organizations (id, name, created_at) values ($1, $2, $3)',
    [id, name, Date.now()],
  );
  return id;
}

describe('POST /api/users', () => {
  it('answers 200 with the profile in sample 18 order, hashing the password', async () => {
    const username = unique('alice');
    const reply = await call('POST', '/api/users', {
      username,
      primaryEmail: `${username}@example.com`,
      password: 'Passw0rd!-xyz',
      name: 'Alice',
    });

    expect(reply.status).toBe(200);
    const user = record(reply.body);
    expect(Object.keys(user)).toEqual([
      'id',
      'username',
      'primaryEmail',
      'primaryPhone',
      'name',
      'avatar',
      'customData',
      'identities',
      'lastSignInAt',
      'createdAt',
      'updatedAt',
      'profile',
      'applicationId',
      'cimdClientId',
      'isSuspended',
      'hasPassword',
    ]);
    expect(user).toMatchObject({
      username,
      primaryEmail: `${username}@example.com`,
      primaryPhone: null,
      name: 'Alice',
      customData: {},
      identities: {},
      lastSignInAt: null,
      profile: {},
      isSuspended: false,
      hasPassword: true,
    });
    expect(user.id).toMatch(/^[\da-z]{12}$/);
    expect(user.updatedAt).toBe(user.createdAt);

    const stored = await emulator.deps.db.one<{ password_hash: string }>(
      'select password_hash from users where id = $1',
      [user.id],
    );
    expect(stored?.password_hash).not.toContain('Passw0rd');
  });

  it('accepts an empty body; hasPassword is false without a password', async () => {
    const reply = await call('POST', '/api/users', {});

    expect(reply.status).toBe(200);
    expect(record(reply.body)).toMatchObject({
      username: null,
      primaryEmail: null,
      hasPassword: false,
    });
  });

  it('answers 422 for a taken username (samples/58), email (any case) or phone', async () => {
    const taken = await createUser({
      primaryEmail: `${unique('taken')}@Example.com`,
      primaryPhone: '15550001111',
    });

    const username = await call('POST', '/api/users', { username: taken.username });
    expect(username.status).toBe(422);
    expect(username.body).toEqual({
      code: 'user.username_already_in_use',
      message: 'This username is already in use.',
    });

    const email = await call('POST', '/api/users', {
      primaryEmail: String(taken.primaryEmail).toUpperCase(),
    });
    expect(email.status).toBe(422);
    expect(record(email.body).code).toBe('user.email_already_in_use');

    const phone = await call('POST', '/api/users', { primaryPhone: '15550001111' });
    expect(phone.status).toBe(422);
    expect(record(phone.body).code).toBe('user.phone_already_in_use');
  });

  it('answers 400 for a password with a digest, or a digest without its algorithm', async () => {
    const both = await call('POST', '/api/users', {
      password: 'x',
      passwordDigest: 'abc',
      passwordAlgorithm: 'MD5',
    });
    expect(both.status).toBe(400);
    expect(record(both.body).code).toBe('user.password_and_digest');

    const noAlgorithm = await call('POST', '/api/users', { passwordDigest: 'abc' });
    expect(noAlgorithm.status).toBe(400);
    expect(record(noAlgorithm.body).code).toBe('user.password_algorithm_required');
  });

  it('answers 400 guard.invalid_input with zod 3 issues for malformed fields', async () => {
    const reply = await call('POST', '/api/users', {
      primaryEmail: 'not-an-email',
      username: '1digit',
      name: 42,
    });

    expect(reply.status).toBe(400);
    const body = record(reply.body);
    expect(body.code).toBe('guard.invalid_input');
    expect(body.message).toBe('The request body is invalid.');
    const issues = list(record(body.data).issues);
    expect(issues.map(({ path }) => path)).toEqual([['primaryEmail'], ['username'], ['name']]);
    expect(issues.map(({ code }) => code)).toEqual([
      'invalid_string',
      'invalid_string',
      'invalid_type',
    ]);
    expect(body.details).toContain(
      'Error in key path "name": (invalid_type) Expected string but received number.',
    );
  });

  it('creates 50 concurrent users with distinct emails, and only one of 50 with the same email', async () => {
    const prefix = unique('crowd');
    const distinct = await Promise.all(
      Array.from({ length: 50 }, (_, index) =>
        call('POST', '/api/users', { primaryEmail: `${prefix}${index}@example.com` }),
      ),
    );
    expect(distinct.map(({ status }) => status)).toEqual(Array.from({ length: 50 }, () => 200));
    expect(new Set(distinct.map(({ body }) => record(body).id)).size).toBe(50);

    const email = `${unique('same')}@example.com`;
    const same = await Promise.all(
      Array.from({ length: 50 }, (_, index) =>
        call('POST', '/api/users', { primaryEmail: index % 2 === 0 ? email : email.toUpperCase() }),
      ),
    );
    expect(same.filter(({ status }) => status === 200)).toHaveLength(1);
    expect(
      same.filter(({ status }) => status === 422).map(({ body }) => record(body).code),
    ).toEqual(Array.from({ length: 49 }, () => 'user.email_already_in_use'));
    const rows = await emulator.deps.db.query(
      'select id from users where lower(primary_email) = $1',
      [email],
    );
    expect(rows).toHaveLength(1);
  });

  it('gives new users the default User roles only', async () => {
    const defaultRole = await insertRole('User', true);
    const defaultMachineRole = await insertRole('MachineToMachine', true);

    const user = await createUser();

    const roles = await call('GET', `/api/users/${String(user.id)}/roles`);
    expect(ids(roles.body)).toContain(defaultRole);
    expect(ids(roles.body)).not.toContain(defaultMachineRole);
    await emulator.deps.db.query(
      'update roles set is_default = false where id = any($1::varchar[])',
      [[defaultRole, defaultMachineRole]],
    );
  });
});

describe('one user: GET, PATCH, DELETE, password', () => {
  it('GET answers the profile; an unknown id is 404 entity.not_found', async () => {
    const user = await createUser({ name: 'Gail' });

    const found = await call('GET', `/api/users/${String(user.id)}`);
    expect(found.status).toBe(200);
    expect(found.body).toEqual(user);

    const unknown = await call('GET', '/api/users/nosuchuser00');
    expect(unknown.status).toBe(404);
    expect(unknown.body).toEqual({
      code: 'entity.not_found',
      message: 'The resource does not exist.',
    });
  });

  it('PATCH updates profile fields, replaces customData and refuses a taken email', async () => {
    const other = await createUser({ primaryEmail: `${unique('other')}@example.com` });
    const user = await createUser({ customData: { plan: 'free', seats: 3 } });

    const patched = await call('PATCH', `/api/users/${String(user.id)}`, {
      name: 'Renamed',
      avatar: 'https://example.com/a.png',
      customData: { plan: 'pro' },
      profile: { givenName: 'Ada' },
    });
    expect(patched.status, patched.text).toBe(200);
    expect(record(patched.body)).toMatchObject({
      name: 'Renamed',
      avatar: 'https://example.com/a.png',
      customData: { plan: 'pro' },
      profile: { givenName: 'Ada' },
    });
    expect(Number(record(patched.body).updatedAt)).toBeGreaterThanOrEqual(Number(user.updatedAt));

    const clash = await call('PATCH', `/api/users/${String(user.id)}`, {
      primaryEmail: String(other.primaryEmail).toUpperCase(),
    });
    expect(clash.status).toBe(422);
    expect(record(clash.body).code).toBe('user.email_already_in_use');

    // Its own identifiers are not a clash.
    const same = await call('PATCH', `/api/users/${String(user.id)}`, { username: user.username });
    expect(same.status).toBe(200);

    expect((await call('PATCH', '/api/users/nosuchuser00', { name: 'x' })).status).toBe(404);
  });

  it('DELETE answers 204, then 404', async () => {
    const user = await createUser();

    const deleted = await call('DELETE', `/api/users/${String(user.id)}`);
    expect(deleted.status).toBe(204);
    expect(deleted.text).toBe('');

    const again = await call('DELETE', `/api/users/${String(user.id)}`);
    expect(again.status).toBe(404);
    expect(record(again.body).code).toBe('entity.not_found');
  });

  it('sets and verifies passwords: 204 when right, 422 session.invalid_credentials when wrong', async () => {
    const user = await createUser();
    const path = `/api/users/${String(user.id)}`;

    const noPassword = await call('POST', `${path}/password/verify`, { password: 'anything' });
    expect(noPassword.status).toBe(422);
    expect(record(noPassword.body).code).toBe('session.invalid_credentials');

    const set = await call('PATCH', `${path}/password`, { password: 'n3w-Secret!' });
    expect(set.status).toBe(200);
    expect(record(set.body).hasPassword).toBe(true);

    expect(
      (await call('POST', `${path}/password/verify`, { password: 'n3w-Secret!' })).status,
    ).toBe(204);
    const wrong = await call('POST', `${path}/password/verify`, { password: 'wrong' });
    expect(wrong.status).toBe(422);
    expect(wrong.body).toEqual({
      code: 'session.invalid_credentials',
      message: 'Incorrect account or password. Please check your input.',
    });
    expect((await call('GET', `${path}/has-password`)).body).toEqual({ hasPassword: true });
    expect(
      (await call('POST', '/api/users/nosuchuser00/password/verify', { password: 'x' })).status,
    ).toBe(404);
  });

  it('verifies an imported SHA256 digest', async () => {
    const digest = createHash('sha256').update('imported-pass').digest('hex');
    const user = await createUser({ passwordDigest: digest, passwordAlgorithm: 'SHA256' });
    expect(user.hasPassword).toBe(true);

    const path = `/api/users/${String(user.id)}/password/verify`;
    expect((await call('POST', path, { password: 'wrong' })).status).toBe(422);
    expect((await call('POST', path, { password: 'imported-pass' })).status).toBe(204);
    // Re-hashed on success; the password keeps working.
    expect((await call('POST', path, { password: 'imported-pass' })).status).toBe(204);
  });
});

describe('GET /api/users (search)', () => {
  const token = unique('find');
  const users: Array<Record<string, unknown>> = [];

  beforeAll(async () => {
    // Sequential, so that the newest-first order is known.
    for (const label of ['ann', 'ben', 'cat']) {
      users.push(
        await createUser({
          username: `${token}_${label}`,
          primaryEmail: `${token}_${label}@Example.com`,
          name: `${label} ${token}`,
        }),
      );
    }
  });

  const newestFirst = () => [...users].reverse().map(({ id }) => id);
  const search = async (query: string) => call('GET', `/api/users?${query}`);

  it('is always paginated and newest first; `%` wildcards match substrings', async () => {
    const reply = await search(`search=${encodeURIComponent(`%${token}%`)}`);

    expect(reply.status).toBe(200);
    expect(ids(reply.body)).toEqual(newestFirst());
    expect(reply.headers.get('total-number')).toBe('3');
    expect(reply.headers.get('link')).toContain('rel="first"');
    expect(list(reply.body).every((user) => typeof user.hasPassword === 'boolean')).toBe(true);
  });

  it('`like` adds no wildcards: a bare value is a case-insensitive equality', async () => {
    expect(ids((await search(`search=${String(users[1]?.username).toUpperCase()}`)).body)).toEqual([
      users[1]?.id,
    ]);
    expect((await search(`search=${token}`)).body).toEqual([]);
  });

  it('isCaseSensitive makes `like` case-sensitive', async () => {
    const upper = encodeURIComponent(`%${token.toUpperCase()}%`);
    expect((await search(`search=${upper}&isCaseSensitive=true`)).body).toEqual([]);
    expect(ids((await search(`search=${upper}&isCaseSensitive=false`)).body)).toEqual(
      newestFirst(),
    );
  });

  it('exact mode lower-cases both sides and takes several values', async () => {
    const [ann, , cat] = users;
    const one = await search(
      `search.primaryEmail=${encodeURIComponent(String(ann?.primaryEmail).toUpperCase())}&mode.primaryEmail=exact`,
    );
    expect(ids(one.body)).toEqual([ann?.id]);

    const several = await search(
      `search.primaryEmail=${encodeURIComponent(String(ann?.primaryEmail))}` +
        `&search.primaryEmail=${encodeURIComponent(String(cat?.primaryEmail))}&mode=exact`,
    );
    expect(ids(several.body)).toEqual([cat?.id, ann?.id]);
  });

  it('joint=and requires every key; joint=or (default) any', async () => {
    const [ann, ben] = users;
    const name = encodeURIComponent(`%${token}%`);
    const both = await search(
      `search.username=${String(ann?.username)}&search.name=${name}&joint=and`,
    );
    expect(ids(both.body)).toEqual([ann?.id]);

    const mismatch = await search(
      `search.username=${String(ann?.username)}&search.name=${encodeURIComponent(String(ben?.name))}&jointMode=and`,
    );
    expect(mismatch.body).toEqual([]);

    const either = await search(
      `search.username=${String(ann?.username)}&search.name=${encodeURIComponent(String(ben?.name))}`,
    );
    expect(ids(either.body)).toEqual([ben?.id, ann?.id]);
  });

  it('similar_to and posix modes', async () => {
    const similar = await search(
      `search.username=${encodeURIComponent(`${token}_(ann|cat)`)}&mode.username=similar_to&isCaseSensitive=true`,
    );
    expect(ids(similar.body)).toEqual([users[2]?.id, users[0]?.id]);

    const posix = await search(`search.name=${encodeURIComponent(`^BEN `)}&mode.name=posix`);
    expect(ids(posix.body)).toEqual([users[1]?.id]);
  });

  it('excludeOrganizationId leaves members out; excludeRoleId leaves role holders out; not both', async () => {
    const [ann, ben, cat] = users;
    const organizationId = await insertOrganization(unique('org'));
    await emulator.deps.db.query(
      'insert into organization_user_relations (organization_id, user_id, created_at) values ($1, $2, $3)',
      [organizationId, ann?.id, Date.now()],
    );
    const roleId = await insertRole('User');
    await call('POST', `/api/users/${String(cat?.id)}/roles`, { roleIds: [roleId] });
    const all = `search=${encodeURIComponent(`%${token}%`)}`;

    expect(ids((await search(`${all}&excludeOrganizationId=${organizationId}`)).body)).toEqual([
      cat?.id,
      ben?.id,
    ]);
    expect(ids((await search(`${all}&excludeRoleId=${roleId}`)).body)).toEqual([ben?.id, ann?.id]);

    const both = await search(
      `${all}&excludeRoleId=${roleId}&excludeOrganizationId=${organizationId}`,
    );
    expect(both.status).toBe(422);
    expect(both.body).toEqual({
      code: 'request.invalid_input',
      message:
        'Input is invalid. Parameter `excludeRoleId` and `excludeOrganizationId` cannot be used at the same time.',
    });
  });

  it.each([
    [
      'search=x&mode=fuzzy',
      'Search match mode `fuzzy` is not valid, expect one of exact, like, similar_to, posix.',
    ],
    [
      'search.nickname=x',
      'Search field `nickname` is not valid, expect one of id, primary_email, primary_phone, username, name.',
    ],
    ['search=a&search=b', 'Only one search value is allowed when search mode is not `exact`.'],
    ['search=', 'Search value cannot be empty.'],
    ['search=a&mode=similar_to', 'Cannot use case-insensitive match for `similar to`.'],
    [
      'search.a.b=x',
      'Unsupported nested search field path `a.b` detected. Only the first level field is supported.',
    ],
    ['search=x&joint=xor', 'Search joint mode `xor` is not valid, expect one of and, or.'],
  ])(
    'answers 400 request.invalid_input with the reason in the message for %s',
    async (query, reason) => {
      const reply = await search(query);

      expect(reply.status).toBe(400);
      expect(reply.body).toEqual({
        code: 'request.invalid_input',
        data: {},
        message: `Input is invalid. ${reason}`,
      });
    },
  );

  it('answers 400 guard.invalid_pagination for page_size over 100', async () => {
    const reply = await search('page_size=101');
    expect(reply.status).toBe(400);
    expect(record(reply.body).code).toBe('guard.invalid_pagination');
  });
});

describe('GET /api/users/{userId}/organizations', () => {
  it("lists the user's organizations with their roles sorted by name (samples/30); 404 for an unknown user", async () => {
    const user = await createUser();
    const withRoles = await insertOrganization('With roles');
    const withoutRoles = await insertOrganization('Without roles');
    const viewer = generateStandardId();
    const editor = generateStandardId();
    const { db } = emulator.deps;
    await db.query('insert into organization_roles (id, name) values ($1, $2), ($3, $4)', [
      viewer,
      unique('viewer'),
      editor,
      unique('editor'),
    ]);
    for (const organizationId of [withRoles, withoutRoles]) {
      await db.query(
        'insert into organization_user_relations (organization_id, user_id, created_at) values ($1, $2, $3)',
        [organizationId, user.id, Date.now()],
      );
    }
    await db.query(
      `insert into organization_role_user_relations (organization_id, organization_role_id, user_id)
       values ($1, $2, $4), ($1, $3, $4)`,
      [withRoles, viewer, editor, user.id],
    );

    const reply = await call('GET', `/api/users/${String(user.id)}/organizations`);

    expect(reply.status).toBe(200);
    expect(reply.headers.get('total-number')).toBeNull();
    const organizations = list(reply.body);
    expect(organizations).toHaveLength(2);
    const first = organizations.find(({ id }) => id === withRoles);
    expect(Object.keys(first ?? {})).toEqual([
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
      'organizationRoles',
    ]);
    const roleNames = list(first?.organizationRoles).map(({ name }) => String(name));
    expect(roleNames).toEqual([...roleNames].sort());
    expect(
      list(first?.organizationRoles)
        .map(({ id }) => id)
        .sort(),
    ).toEqual([viewer, editor].sort());
    expect(organizations.find(({ id }) => id === withoutRoles)?.organizationRoles).toEqual([]);

    const unknown = await call('GET', '/api/users/no-such-user/organizations');
    expect(unknown.status).toBe(404);
    expect(unknown.body).toEqual({
      code: 'entity.not_found',
      message: 'The resource does not exist.',
    });
  });
});

describe('/api/users/{userId}/roles (global roles)', () => {
  it('POST adds User roles (201, existing ignored); GET lists them paginated; DELETE removes (204, then 404)', async () => {
    const user = await createUser();
    const path = `/api/users/${String(user.id)}/roles`;
    const first = await insertRole('User');
    const second = await insertRole('User');

    const added = await call('POST', path, { roleIds: [first, second] });
    expect(added.status).toBe(201);
    expect((await call('POST', path, { roleIds: [first] })).status).toBe(201);

    const listed = await call('GET', path);
    expect(ids(listed.body).sort()).toEqual([first, second].sort());
    expect(listed.headers.get('total-number')).toBe('2');
    expect(Object.keys(list(listed.body)[0] ?? {})).toEqual([
      'tenantId',
      'id',
      'name',
      'description',
      'type',
      'isDefault',
    ]);

    expect((await call('DELETE', `${path}/${first}`)).status).toBe(204);
    const again = await call('DELETE', `${path}/${first}`);
    expect(again.status).toBe(404);
    expect(record(again.body).code).toBe('entity.not_found');
    expect(ids((await call('GET', path)).body)).toEqual([second]);
  });

  it('refuses machine-to-machine roles (422 user.invalid_role_type) and unknown roles or users (404)', async () => {
    const user = await createUser();
    const path = `/api/users/${String(user.id)}/roles`;
    const machineRole = await insertRole('MachineToMachine');

    const machine = await call('POST', path, { roleIds: [machineRole] });
    expect(machine.status).toBe(422);
    expect(record(machine.body).code).toBe('user.invalid_role_type');

    const unknownRole = await call('POST', path, { roleIds: ['no-such-role'] });
    expect(unknownRole.status).toBe(404);
    expect(unknownRole.body).toEqual({
      code: 'entity.not_exists_with_id',
      message: 'The roles with ID `no-such-role` does not exist.',
    });

    expect((await call('POST', '/api/users/nosuchuser00/roles', { roleIds: [] })).status).toBe(404);
    expect((await call('GET', '/api/users/nosuchuser00/roles')).status).toBe(404);
    expect((await call('GET', path)).body).toEqual([]);
  });

  it('PUT replaces the roles (200)', async () => {
    const user = await createUser();
    const path = `/api/users/${String(user.id)}/roles`;
    const [kept, dropped, added] = [
      await insertRole('User'),
      await insertRole('User'),
      await insertRole('User'),
    ];
    await call('POST', path, { roleIds: [kept, dropped] });

    const replaced = await call('PUT', path, { roleIds: [kept, added] });

    expect(replaced.status).toBe(200);
    expect(ids((await call('GET', path)).body).sort()).toEqual([kept, added].sort());
  });
});
