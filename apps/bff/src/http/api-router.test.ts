import { describe, expect, it } from 'vitest';

import { checkRouteTable } from './api-router.js';
import { defineRoute, type Route } from './route.js';

const handle = () => Promise.resolve({ status: 200 });
const audit = {
  action: 'organization.updated' as const,
  target: () => ({ type: 'organization', id: null, label: null }),
};

const route = (overrides: Partial<Route>): Route => ({
  ...defineRoute({
    method: 'get',
    path: '/api/orgs/:orgId/things',
    operationId: 'things',
    summary: 'Things',
    tags: [],
    access: { kind: 'organization', permission: 'read:members' },
    responses: { 200: { description: 'ok' } },
    handle,
  }),
  ...overrides,
});

describe('checkRouteTable (deny by default, structurally)', () => {
  it('accepts a well-declared table', () => {
    expect(() =>
      checkRouteTable([
        route({}),
        route({ method: 'patch', audit }),
        route({ path: '/api/support/things', access: { kind: 'support' } }),
        route({ path: '/api/me', access: { kind: 'signed_in' } }),
      ]),
    ).not.toThrow();
  });

  it('refuses a route without an access declaration', () => {
    const { access: _access, ...withoutAccess } = route({});
    // A route typed around the checker, as a JavaScript caller or a cast could produce.
    expect(() =>
      checkRouteTable([{ ...withoutAccess, access: { kind: 'anyone' } } as unknown as Route]),
    ).toThrow(/no access declaration/);
  });

  it('refuses public writes and unaudited writes', () => {
    expect(() =>
      checkRouteTable([
        route({ method: 'post', path: '/api/things', access: { kind: 'public' }, audit }),
      ]),
    ).toThrow(/public route may not write/);
    expect(() => checkRouteTable([route({ method: 'delete' })])).toThrow(
      /must declare its audit event/,
    );
  });

  it('refuses access that does not fit the path family', () => {
    expect(() => checkRouteTable([route({ access: { kind: 'signed_in' } })])).toThrow(
      /organization access/,
    );
    expect(() =>
      checkRouteTable([
        route({ path: '/api/me', access: { kind: 'organization', permission: 'read:members' } }),
      ]),
    ).toThrow(/organization access/);
    expect(() =>
      checkRouteTable([route({ path: '/api/support/things', access: { kind: 'signed_in' } })]),
    ).toThrow(/support routes need support access/);
    expect(() =>
      checkRouteTable([route({ path: '/healthz', access: { kind: 'public' } })]),
    ).toThrow(/under \/api\//);
  });

  it('refuses duplicates and routes without a success answer', () => {
    expect(() => checkRouteTable([route({}), route({})])).toThrow(/declared twice/);
    expect(() => checkRouteTable([route({ responses: { 404: { description: 'no' } } })])).toThrow(
      /no success response/,
    );
  });
});
