import { beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';

import {
  expectBody,
  expectError,
  expectGuardError,
  expectKeyOrder,
  expectNoContent,
  expectPagination,
} from './support/assertions.js';
import {
  addMembers,
  createOrganization,
  createOrganizationRole,
  createUser,
  missingId,
  uniqueEmail,
  uniqueName,
  uniquePhone,
  useFileCleanup,
  useTestCleanup,
} from './support/fixtures.js';
import { api, apiPath, target } from './support/http.js';
import {
  createdUserKeys,
  createdUserSchema,
  organizationKeys,
  userOrganizationSchema,
  userProfileSchema,
  type User,
} from './support/schemas.js';

const origin = new URL(target.endpoint).origin;
const userList = z.array(userProfileSchema);

describe('POST /api/users', () => {
  const cleanup = useTestCleanup();

  it('creates a user: 200 (not 201) with hasPassword true when a password is given (samples/18)', async () => {
    const username = uniqueName('alice');
    const primaryEmail = `${username}@conformance.example.com`;
    const before = Date.now();

    const response = await api('/api/users', {
      json: { username, primaryEmail, password: `Passw0rd!-${username}`, name: 'Alice' },
    });

    const user = expectBody(response, 200, createdUserSchema);
    cleanup.deleteLater(`/api/users/${user.id}`);
    expectKeyOrder(response.body, createdUserKeys);
    expect(user).toMatchObject({
      username,
      primaryEmail,
      primaryPhone: null,
      name: 'Alice',
      avatar: null,
      customData: {},
      identities: {},
      lastSignInAt: null,
      profile: {},
      applicationId: null,
      isSuspended: false,
      hasPassword: true,
    });
    expect(user.createdAt).toBeGreaterThanOrEqual(before - 60_000);
    expect(user.updatedAt).toBe(user.createdAt);
    expect(response.body).not.toHaveProperty('passwordEncrypted');
  });

  it('creates a user without a password: hasPassword false (samples/19)', async () => {
    const user = await createUser(cleanup, { name: 'Bob' });

    expect(user).toMatchObject({ primaryEmail: null, name: 'Bob', hasPassword: false });
  });

  it('stores phone, avatar, customData and profile', async () => {
    const primaryPhone = uniquePhone();

    const user = await createUser(cleanup, {
      primaryPhone,
      avatar: 'https://example.com/avatar.png',
      customData: { plan: 'pro' },
      profile: { givenName: 'Ada', familyName: 'Lovelace' },
    });

    expect(user).toMatchObject({
      primaryPhone,
      avatar: 'https://example.com/avatar.png',
      customData: { plan: 'pro' },
      profile: { givenName: 'Ada', familyName: 'Lovelace' },
    });
  });

  it('answers 422 user.username_already_in_use for a taken username (samples/58)', async () => {
    const existing = await createUser(cleanup);

    const response = await api('/api/users', { json: { username: existing.username } });

    expect(response.status).toBe(422);
    expect(response.body).toEqual({
      code: 'user.username_already_in_use',
      message: 'This username is already in use.',
    });
  });

  it('answers 422 user.email_already_in_use for a taken email', async () => {
    const email = uniqueEmail('taken');
    await createUser(cleanup, { primaryEmail: email });

    const response = await api('/api/users', {
      json: { username: uniqueName('other'), primaryEmail: email },
    });

    expectError(response, 422, 'user.email_already_in_use');
  });

  it('answers 422 user.phone_already_in_use for a taken phone', async () => {
    const primaryPhone = uniquePhone();
    await createUser(cleanup, { primaryPhone });

    const response = await api('/api/users', {
      json: { username: uniqueName('other'), primaryPhone },
    });

    expectError(response, 422, 'user.phone_already_in_use');
  });

  it.each([
    [{ primaryEmail: 'not-an-email' }, ['primaryEmail'], 'invalid_string'],
    [{ username: '1starts-with-a-digit' }, ['username'], 'invalid_string'],
    [{ primaryPhone: '+1 (555) 000' }, ['primaryPhone'], 'invalid_string'],
    [{ name: 42 }, ['name'], 'invalid_type'],
  ] as const)('answers 400 guard.invalid_input for %o', async (json, path, issueCode) => {
    const response = await api('/api/users', { json });

    expectGuardError(response, { target: 'body', path: [...path], issueCode });
  });
});

describe('GET /api/users/{userId} and DELETE /api/users/{userId}', () => {
  const cleanup = useTestCleanup();

  it('GET returns the user profile; unknown is 404', async () => {
    const user = await createUser(cleanup, { name: 'Gail' });

    const found = expectBody(await api(`/api/users/${user.id}`), 200, userProfileSchema);
    const { hasPassword: _hasPassword, ...profile } = user;
    expect(found).toMatchObject(profile);

    expectError(await api(`/api/users/${missingId(12)}`), 404, 'entity.not_found');
  });

  it('DELETE answers 204, then 404', async () => {
    const user = await createUser(cleanup);

    expectNoContent(await api(`/api/users/${user.id}`, { method: 'DELETE' }));

    expectError(await api(`/api/users/${user.id}`, { method: 'DELETE' }), 404, 'entity.not_found');
    expectError(await api(`/api/users/${user.id}`), 404, 'entity.not_found');
  });
});

describe('GET /api/users (search)', () => {
  const cleanup = useFileCleanup();
  let token: string;
  let users: User[];
  let organizationId: string;

  beforeAll(async () => {
    token = uniqueName('find');
    users = [];
    // Sequential, so that createdAt order is known: the list is newest first.
    for (const label of ['ann', 'ben', 'cat']) {
      users.push(
        await createUser(cleanup, {
          username: `${token}_${label}`,
          primaryEmail: `${token}_${label}@Conformance.Example.com`,
          name: `${label} ${token}`,
        }),
      );
    }
    organizationId = (await createOrganization(cleanup)).id;
    await addMembers(organizationId, [users[0]!.id]);
  });

  const ids = (list: Array<{ id: string }>) => list.map(({ id }) => id);
  const newestFirst = () => ids([...users].reverse());

  it('search with `%` wildcards matches substrings across fields, newest first, paginated (CONTRACT 5.2)', async () => {
    const response = await api('/api/users', { query: { search: `%${token}%` } });

    expect(ids(expectBody(response, 200, userList))).toEqual(newestFirst());
    expect(response.headers.get('total-number')).toBe('3');
  });

  it('search without wildcards is a case-insensitive equality', async () => {
    const exact = await api('/api/users', { query: { search: users[1]!.username!.toUpperCase() } });
    expect(ids(expectBody(exact, 200, userList))).toEqual([users[1]!.id]);

    const partial = await api('/api/users', { query: { search: token } });
    expect(expectBody(partial, 200, userList)).toEqual([]);
  });

  it('search.primaryEmail with mode exact matches one email case-insensitively, and several values', async () => {
    const single = await api('/api/users', {
      query: {
        'search.primaryEmail': users[0]!.primaryEmail!.toLowerCase(),
        'mode.primaryEmail': 'exact',
      },
    });
    expect(ids(expectBody(single, 200, userList))).toEqual([users[0]!.id]);

    const several = await api('/api/users', {
      query: {
        'search.primaryEmail': [users[0]!.primaryEmail!, users[2]!.primaryEmail!],
        'mode.primaryEmail': 'exact',
      },
    });
    expect(ids(expectBody(several, 200, userList))).toEqual([users[2]!.id, users[0]!.id]);
  });

  it('search.username with mode exact does not match a substring', async () => {
    const response = await api('/api/users', {
      query: { 'search.username': token, 'mode.username': 'exact' },
    });

    expect(expectBody(response, 200, userList)).toEqual([]);
  });

  it('joint=and requires every search key to match', async () => {
    const [ann, ben] = users;
    const both = await api('/api/users', {
      query: {
        'search.username': ann!.username!,
        'search.name': `%${token}%`,
        joint: 'and',
        'mode.username': 'exact',
      },
    });
    expect(ids(expectBody(both, 200, userList))).toEqual([ann!.id]);

    const mismatch = await api('/api/users', {
      query: {
        'search.username': ann!.username!,
        'search.name': ben!.name!,
        joint: 'and',
        mode: 'exact',
      },
    });
    expect(expectBody(mismatch, 200, userList)).toEqual([]);
  });

  it('excludeOrganizationId leaves out the members of that organization', async () => {
    const response = await api('/api/users', {
      query: { search: `%${token}%`, excludeOrganizationId: organizationId },
    });

    expect(ids(expectBody(response, 200, userList))).toEqual([users[2]!.id, users[1]!.id]);
  });

  it('pages with Total-Number and Link headers', async () => {
    const query = { search: `%${token}%`, page: 2, page_size: 2 };
    const response = await api('/api/users', { query });

    expect(ids(expectBody(response, 200, userList))).toEqual([users[0]!.id]);
    expectPagination(response, {
      total: 3,
      links: [
        ['first', `${origin}${apiPath('/users', { ...query, page: 1 })}`],
        ['prev', `${origin}${apiPath('/users', { ...query, page: 1 })}`],
        ['last', `${origin}${apiPath('/users', { ...query, page: 2 })}`],
      ],
    });
  });

  it.each([
    [{ search: 'x', mode: 'fuzzy' }, 'Search match mode `fuzzy` is not valid'],
    [{ 'search.nickname': 'x' }, 'nickname'],
    [{ search: ['a', 'b'] }, 'Only one search value is allowed when search mode is not `exact`.'],
  ] as const)('answers 400 request.invalid_input for %o', async (query, reason) => {
    const response = await api('/api/users', { query: { ...query } });

    const body = expectError(response, 400, 'request.invalid_input');
    expect(body.message).toMatch(/^Input is invalid\. /);
    expect(body.message).toContain(reason);
  });

  it('answers 400 guard.invalid_pagination for page_size over 100', async () => {
    expectError(
      await api('/api/users', { query: { page_size: 101 } }),
      400,
      'guard.invalid_pagination',
    );
  });
});

describe('GET /api/users/{userId}/organizations', () => {
  const cleanup = useTestCleanup();

  it("lists the user's organizations with their roles sorted by name (samples/30)", async () => {
    const prefix = uniqueName('uo');
    const viewer = await createOrganizationRole(cleanup, { name: `${prefix}_viewer` });
    const editor = await createOrganizationRole(cleanup, { name: `${prefix}_editor` });
    const withRoles = await createOrganization(cleanup, {
      description: 'd',
      customData: { tier: 'gold' },
    });
    const withoutRoles = await createOrganization(cleanup);
    const user = await createUser(cleanup);
    await addMembers(withRoles.id, [user.id]);
    await addMembers(withoutRoles.id, [user.id]);
    await api(`/api/organizations/${withRoles.id}/users/${user.id}/roles`, {
      json: { organizationRoleIds: [viewer.id, editor.id] },
    });

    const response = await api(`/api/users/${user.id}/organizations`);

    const organizations = expectBody(response, 200, z.array(userOrganizationSchema));
    expect(response.headers.get('total-number')).toBeNull();
    for (const organization of z.array(z.unknown()).parse(response.body)) {
      expectKeyOrder(organization, [...organizationKeys, 'organizationRoles']);
    }
    expect(organizations).toHaveLength(2);
    expect(organizations).toContainEqual({
      ...withRoles,
      organizationRoles: [editor, viewer].map(({ id, name }) => ({ id, name })),
    });
    expect(organizations).toContainEqual({ ...withoutRoles, organizationRoles: [] });
  });

  it('answers [] for a user without organizations', async () => {
    const user = await createUser(cleanup);

    expect(
      expectBody(
        await api(`/api/users/${user.id}/organizations`),
        200,
        z.array(userOrganizationSchema),
      ),
    ).toEqual([]);
  });

  it('answers 404 entity.not_found for an unknown user (samples/59)', async () => {
    const response = await api(`/api/users/${missingId(12)}/organizations`);

    expect(response.status).toBe(404);
    expect(response.body).toEqual({
      code: 'entity.not_found',
      message: 'The resource does not exist.',
    });
  });
});
