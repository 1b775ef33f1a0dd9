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
  createInvitation,
  createOrganization,
  createUsers,
  missingId,
  uniqueName,
  useFileCleanup,
  useTestCleanup,
} from './support/fixtures.js';
import { api, apiPath, target } from './support/http.js';
import {
  organizationKeys,
  organizationSchema,
  organizationWithFeaturedSchema,
  userOrganizationSchema,
  type Organization,
} from './support/schemas.js';

const origin = new URL(target.endpoint).origin;
/** Logto builds Link URLs from the path below `/api` (samples/04-07). */
const link = (path: string, query: Record<string, string | number>) =>
  `${origin}${apiPath(path, query)}`;
const organizationList = z.array(organizationSchema);

describe('POST /api/organizations', () => {
  const cleanup = useTestCleanup();

  it('creates an organization: 201 with every field, in Logto order (samples/02)', async () => {
    const name = uniqueName('Acme');
    const before = Date.now();
    const response = await api('/api/organizations', {
      json: { name, description: 'Sample org', customData: { tier: 'gold' } },
    });

    const organization = expectBody(response, 201, organizationSchema);
    cleanup.deleteLater(`/api/organizations/${organization.id}`);
    expectKeyOrder(response.body, organizationKeys);
    expect(organization).toMatchObject({
      name,
      description: 'Sample org',
      customData: { tier: 'gold' },
      isMfaRequired: false,
      color: {},
      branding: {},
      customCss: null,
    });
    expect(organization.createdAt).toBeGreaterThanOrEqual(before - 60_000);
  });

  it('defaults every optional field from a name-only body (samples/03)', async () => {
    const organization = await createOrganization(cleanup);

    expect(organization).toMatchObject({
      description: null,
      customData: {},
      isMfaRequired: false,
      color: {},
      branding: {},
      customCss: null,
    });
  });

  it('stores color, branding, customCss and isMfaRequired', async () => {
    const organization = await createOrganization(cleanup, {
      isMfaRequired: true,
      color: { primaryColor: '#112233', isDarkModeEnabled: true, darkPrimaryColor: '#abc' },
      branding: {
        logoUrl: 'https://example.com/logo.png',
        favicon: 'https://example.com/favicon.ico',
      },
      customCss: '.a { color: red; }',
    });

    expect(organization).toMatchObject({
      isMfaRequired: true,
      color: { primaryColor: '#112233', isDarkModeEnabled: true, darkPrimaryColor: '#abc' },
      branding: {
        logoUrl: 'https://example.com/logo.png',
        favicon: 'https://example.com/favicon.ico',
      },
      customCss: '.a { color: red; }',
    });
  });

  it('accepts and drops unknown fields (samples/53)', async () => {
    const response = await api('/api/organizations', {
      json: { name: uniqueName('x'), foo: 'bar' },
    });

    const organization = expectBody(response, 201, organizationSchema);
    cleanup.deleteLater(`/api/organizations/${organization.id}`);
    expect(response.body).not.toHaveProperty('foo');
  });

  it('answers 400 guard.invalid_input for a missing name (samples/51)', async () => {
    const response = await api('/api/organizations', { json: {} });

    expectError(response, 400, 'guard.invalid_input');
    expect(response.body).toEqual({
      code: 'guard.invalid_input',
      data: {
        issues: [
          {
            code: 'invalid_type',
            expected: 'string',
            received: 'undefined',
            path: ['name'],
            message: 'Required',
          },
        ],
        name: 'ZodError',
      },
      details: 'Error in key path "name": (invalid_type) Expected string but received undefined.',
      message: 'The request body is invalid.',
    });
  });

  it('answers 400 guard.invalid_input for a name of the wrong type (samples/52)', async () => {
    const response = await api('/api/organizations', { json: { name: 123 } });

    expect(response.status).toBe(400);
    expect(response.body).toEqual({
      code: 'guard.invalid_input',
      data: {
        issues: [
          {
            code: 'invalid_type',
            expected: 'string',
            received: 'number',
            path: ['name'],
            message: 'Expected string, received number',
          },
        ],
        name: 'ZodError',
      },
      details: 'Error in key path "name": (invalid_type) Expected string but received number.',
      message: 'The request body is invalid.',
    });
  });

  it('answers 400 for a name over 128 characters', async () => {
    const response = await api('/api/organizations', { json: { name: 'n'.repeat(129) } });

    expectGuardError(response, { target: 'body', path: ['name'], issueCode: 'too_big' });
  });

  it('answers 400 for a branding logo that is not a URL', async () => {
    const response = await api('/api/organizations', {
      json: { name: uniqueName('bad'), branding: { logoUrl: 'not a url' } },
    });

    expectGuardError(response, {
      target: 'body',
      path: ['branding', 'logoUrl'],
      issueCode: 'invalid_string',
    });
  });

  it('answers 400 with a bare message for malformed JSON (samples/55)', async () => {
    const response = await api('/api/organizations', { rawJson: '{"name":' });

    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(response.body).toEqual({ message: 'Unexpected end of JSON input' });
  });
});

describe('GET /api/organizations/{id}', () => {
  const cleanup = useTestCleanup();

  it('returns the organization (samples/08)', async () => {
    const created = await createOrganization(cleanup, {
      description: 'Sample org',
      customData: { tier: 'gold' },
    });

    const response = await api(`/api/organizations/${created.id}`);

    expect(expectBody(response, 200, organizationSchema)).toEqual(created);
    expectKeyOrder(response.body, organizationKeys);
  });

  it('answers 404 entity.not_exists_with_id for an unknown id (samples/49)', async () => {
    const id = missingId(12);
    const response = await api(`/api/organizations/${id}`);

    expectError(response, 404, 'entity.not_exists_with_id');
    expect(response.body).toEqual({
      code: 'entity.not_exists_with_id',
      message: `The organizations with ID \`${id}\` does not exist.`,
    });
  });
});

describe('PATCH /api/organizations/{id}', () => {
  const cleanup = useTestCleanup();

  it('updates only the given fields (samples/09)', async () => {
    const created = await createOrganization(cleanup, {
      description: 'Sample org',
      customData: { tier: 'gold' },
    });

    const response = await api(`/api/organizations/${created.id}`, {
      method: 'PATCH',
      json: { description: 'Updated description' },
    });

    expect(expectBody(response, 200, organizationSchema)).toEqual({
      ...created,
      description: 'Updated description',
    });
    expectKeyOrder(response.body, organizationKeys);
    expect(
      expectBody(await api(`/api/organizations/${created.id}`), 200, organizationSchema),
    ).toEqual({
      ...created,
      description: 'Updated description',
    });
  });

  it('replaces customData, branding and color wholesale instead of merging them', async () => {
    const created = await createOrganization(cleanup, {
      customData: { tier: 'gold', seats: 10 },
      branding: { logoUrl: 'https://example.com/logo.png' },
      color: { primaryColor: '#112233' },
    });

    const first = await api(`/api/organizations/${created.id}`, {
      method: 'PATCH',
      json: {
        customData: { plan: 'pro' },
        branding: { favicon: 'https://example.com/favicon.ico' },
      },
    });
    expect(expectBody(first, 200, organizationSchema)).toMatchObject({
      customData: { plan: 'pro' },
      branding: { favicon: 'https://example.com/favicon.ico' },
      color: { primaryColor: '#112233' },
    });
    const afterFirst = expectBody(
      await api(`/api/organizations/${created.id}`),
      200,
      organizationSchema,
    );
    expect(afterFirst.customData).toEqual({ plan: 'pro' });
    expect(afterFirst.branding).toEqual({ favicon: 'https://example.com/favicon.ico' });

    const second = await api(`/api/organizations/${created.id}`, {
      method: 'PATCH',
      json: { color: { darkPrimaryColor: '#000000' }, customData: {} },
    });
    const afterSecond = expectBody(second, 200, organizationSchema);
    expect(afterSecond.color).toEqual({ darkPrimaryColor: '#000000' });
    expect(afterSecond.customData).toEqual({});
    expect(afterSecond.branding).toEqual({ favicon: 'https://example.com/favicon.ico' });
  });

  it('answers 404 entity.not_exists for an unknown id', async () => {
    const response = await api(`/api/organizations/${missingId(12)}`, {
      method: 'PATCH',
      json: { description: 'x' },
    });

    expectError(response, 404, 'entity.not_exists');
  });

  it('answers 400 guard.invalid_input for a wrongly typed field', async () => {
    const created = await createOrganization(cleanup);

    const response = await api(`/api/organizations/${created.id}`, {
      method: 'PATCH',
      json: { isMfaRequired: 'yes' },
    });

    expectGuardError(response, {
      target: 'body',
      path: ['isMfaRequired'],
      issueCode: 'invalid_type',
    });
    expect(
      expectBody(await api(`/api/organizations/${created.id}`), 200, organizationSchema),
    ).toEqual(created);
  });
});

describe('DELETE /api/organizations/{id}', () => {
  const cleanup = useTestCleanup();

  it('answers 204, then 404 entity.not_found (samples/61, 62)', async () => {
    const organization = await createOrganization(cleanup);

    expectNoContent(await api(`/api/organizations/${organization.id}`, { method: 'DELETE' }));

    const again = await api(`/api/organizations/${organization.id}`, { method: 'DELETE' });
    expectError(again, 404, 'entity.not_found');
    expect(again.body).toEqual({
      code: 'entity.not_found',
      message: 'The resource does not exist.',
    });
    expectError(
      await api(`/api/organizations/${organization.id}`),
      404,
      'entity.not_exists_with_id',
    );
  });

  it('cascades to memberships and invitations', async () => {
    const organization = await createOrganization(cleanup);
    const [user] = await createUsers(cleanup, 1);
    await addMembers(organization.id, [user!.id]);
    const invitation = await createInvitation(cleanup, { organizationId: organization.id });

    expectNoContent(await api(`/api/organizations/${organization.id}`, { method: 'DELETE' }));

    const organizations = expectBody(
      await api(`/api/users/${user!.id}/organizations`),
      200,
      z.array(userOrganizationSchema),
    );
    expect(organizations).toEqual([]);
    expectError(
      await api(`/api/organization-invitations/${invitation.id}`),
      404,
      'entity.not_found',
    );
  });
});

describe('GET /api/organizations', () => {
  const cleanup = useFileCleanup();
  /** Three organizations sharing a unique name prefix, so `q` isolates them on a shared tenant. */
  let prefix: string;
  let organizations: Organization[];

  beforeAll(async () => {
    prefix = uniqueName('list');
    organizations = [];
    for (const suffix of ['alpha', 'beta', 'gamma']) {
      organizations.push(await createOrganization(cleanup, { name: `${prefix}_${suffix}` }));
    }
  });

  it('filters by `q` on the name, case-insensitively (samples/07)', async () => {
    const response = await api('/api/organizations', { query: { q: prefix.toUpperCase() } });

    const found = expectBody(response, 200, organizationList);
    expect(found.map(({ id }) => id).sort()).toEqual(organizations.map(({ id }) => id).sort());
    for (const organization of found) expectKeyOrder(organization, organizationKeys);
  });

  it('filters by `q` on the id', async () => {
    const [organization] = organizations;
    const response = await api('/api/organizations', { query: { q: organization!.id } });

    expect(expectBody(response, 200, organizationList)).toEqual([organization]);
  });

  it('paginates with Total-Number and Link headers in first, prev, last, next order (samples/04, 05)', async () => {
    const path = '/organizations';
    const query = (page: number) => ({ q: prefix, page, page_size: 1 });
    const pages: Organization[][] = [];

    const first = await api('/api/organizations', { query: query(1) });
    pages.push(expectBody(first, 200, organizationList));
    expectPagination(first, {
      total: 3,
      links: [
        ['first', link(path, query(1))],
        ['last', link(path, query(3))],
        ['next', link(path, query(2))],
      ],
    });

    const second = await api('/api/organizations', { query: query(2) });
    pages.push(expectBody(second, 200, organizationList));
    expectPagination(second, {
      total: 3,
      links: [
        ['first', link(path, query(1))],
        ['prev', link(path, query(1))],
        ['last', link(path, query(3))],
        ['next', link(path, query(3))],
      ],
    });

    const third = await api('/api/organizations', { query: query(3) });
    pages.push(expectBody(third, 200, organizationList));
    expectPagination(third, {
      total: 3,
      links: [
        ['first', link(path, query(1))],
        ['prev', link(path, query(2))],
        ['last', link(path, query(3))],
      ],
    });

    expect(pages.map((page) => page.length)).toEqual([1, 1, 1]);
    expect(
      pages
        .flat()
        .map(({ id }) => id)
        .sort(),
    ).toEqual(organizations.map(({ id }) => id).sort());
  });

  it('sends pagination headers without page parameters, linking with `page` only (samples/06)', async () => {
    const response = await api('/api/organizations', { query: { q: prefix } });

    expect(expectBody(response, 200, organizationList)).toHaveLength(3);
    expectPagination(response, {
      total: 3,
      links: [
        ['first', link('/organizations', { q: prefix, page: 1 })],
        ['last', link('/organizations', { q: prefix, page: 1 })],
      ],
    });
  });

  it('keeps the request parameter order in Link URLs and replaces `page` in place', async () => {
    const response = await api('/api/organizations', {
      query: { page_size: 2, page: 2, q: prefix },
    });

    expect(expectBody(response, 200, organizationList)).toHaveLength(1);
    expectPagination(response, {
      total: 3,
      links: [
        ['first', link('/organizations', { page_size: 2, page: 1, q: prefix })],
        ['prev', link('/organizations', { page_size: 2, page: 1, q: prefix })],
        ['last', link('/organizations', { page_size: 2, page: 2, q: prefix })],
      ],
    });
  });

  it('answers an empty page past the end', async () => {
    const response = await api('/api/organizations', {
      query: { q: prefix, page: 5, page_size: 2 },
    });

    expect(expectBody(response, 200, organizationList)).toEqual([]);
    expectPagination(response, {
      total: 3,
      links: [
        ['first', link('/organizations', { q: prefix, page: 1, page_size: 2 })],
        ['prev', link('/organizations', { q: prefix, page: 4, page_size: 2 })],
        ['last', link('/organizations', { q: prefix, page: 2, page_size: 2 })],
      ],
    });
  });

  it('builds Link queries as URLSearchParams does: form encoding, repeated parameters joined by commas', async () => {
    // Unknown parameters are ignored by the route and kept in the links, like every other one.
    const query = new URLSearchParams([
      ['note', "a b*c~!'"],
      ['tag', 'x'],
      ['tag', 'y'],
      ['q', prefix],
      ['page_size', '5'],
    ]);
    const response = await api('/api/organizations', { query });

    expect(expectBody(response, 200, organizationList)).toHaveLength(3);
    const linked = { note: "a b*c~!'", tag: 'x,y', q: prefix, page_size: 5, page: 1 };
    expectPagination(response, {
      total: 3,
      links: [
        ['first', link('/organizations', linked)],
        ['last', link('/organizations', linked)],
      ],
    });
    expect(response.headers.get('link')).toContain('?note=a+b*c%7E%21%27&tag=x%2Cy&q=');
  });

  it('treats empty `page` and `page_size` as absent, keeping them in the links', async () => {
    const response = await api('/api/organizations', {
      query: { q: prefix, page: '', page_size: '' },
    });

    expect(expectBody(response, 200, organizationList)).toHaveLength(3);
    expectPagination(response, {
      total: 3,
      links: [
        ['first', link('/organizations', { q: prefix, page: 1, page_size: '' })],
        ['last', link('/organizations', { q: prefix, page: 1, page_size: '' })],
      ],
    });
  });

  it.each([
    { page: 1, page_size: 0 },
    { page: 0, page_size: 10 },
    { page: 1, page_size: 101 },
    { page: 'abc', page_size: 10 },
  ])('answers 400 guard.invalid_pagination for %o (samples/54)', async (query) => {
    const response = await api('/api/organizations', { query });

    expectError(response, 400, 'guard.invalid_pagination');
    expect(response.body).toEqual({
      code: 'guard.invalid_pagination',
      message: 'The request pagination value is invalid.',
    });
  });

  it('adds usersCount and up to three featuredUsers with showFeatured', async () => {
    const organization = organizations[0]!;
    const users = await createUsers(cleanup, 4, 'featured');
    await addMembers(
      organization.id,
      users.map(({ id }) => id),
    );

    const response = await api('/api/organizations', {
      query: { q: organization.id, showFeatured: 'true' },
    });

    const [featured] = expectBody(response, 200, z.array(organizationWithFeaturedSchema).length(1));
    expectKeyOrder(featured, [...organizationKeys, 'usersCount', 'featuredUsers']);
    expect(featured!.usersCount).toBe(4);
    expect(featured!.featuredUsers).toHaveLength(3);
    for (const featuredUser of featured!.featuredUsers) {
      const user = users.find(({ id }) => id === featuredUser.id);
      expect(user).toBeDefined();
      expect(featuredUser).toEqual({ id: user!.id, avatar: user!.avatar, name: user!.name });
    }

    for (const value of ['1', 'yes']) {
      const truthy = await api('/api/organizations', {
        query: { q: organization.id, showFeatured: value },
      });
      expect(expectBody(truthy, 200, z.array(organizationWithFeaturedSchema))[0]?.usersCount).toBe(
        4,
      );
    }
    const off = await api('/api/organizations', {
      query: { q: organization.id, showFeatured: 'false' },
    });
    expectBody(off, 200, organizationList.length(1));
    const absent = await api('/api/organizations', { query: { q: organization.id } });
    expectBody(absent, 200, organizationList.length(1));
  });
});
