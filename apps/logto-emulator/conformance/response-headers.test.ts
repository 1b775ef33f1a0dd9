import { describe, expect, it } from 'vitest';

import { expectNoContent } from './support/assertions.js';
import { createOrganization, useTestCleanup } from './support/fixtures.js';
import { api, type ReadResponse } from './support/http.js';

/** Helmet's defaults, which Logto sends on every response (samples/02-62). */
const securityHeaders = {
  'cross-origin-resource-policy': 'same-origin',
  'origin-agent-cluster': '?1',
  'referrer-policy': 'strict-origin-when-cross-origin',
  'strict-transport-security': 'max-age=15552000; includeSubDomains',
  'x-content-type-options': 'nosniff',
  'x-download-options': 'noopen',
  'x-frame-options': 'SAMEORIGIN',
  'x-permitted-cross-domain-policies': 'none',
  'x-xss-protection': '0',
};

function expectLogtoHeaders(response: ReadResponse): void {
  for (const [name, value] of Object.entries(securityHeaders)) {
    expect(response.headers.get(name), name).toBe(value);
  }
  // koa-compress, then the CORS middleware (a proxy in front of Logto may add to it).
  const vary = response.headers.get('vary')?.split(/,\s*/) ?? [];
  expect(vary).toEqual(expect.arrayContaining(['Accept-Encoding', 'Origin']));
  expect(vary.indexOf('Accept-Encoding')).toBeLessThan(vary.indexOf('Origin'));
  expect(response.headers.get('logto-core-request-id')).toBeTruthy();
}

// What Logto's global middlewares add to every Management API response, whatever the route answered.
describe('Management API response headers', () => {
  const cleanup = useTestCleanup();

  it('sends Vary, helmet’s headers and a request id on successes, 204s and errors alike (samples/02-62)', async () => {
    const organization = await createOrganization(cleanup);
    const path = `/api/organizations/${organization.id}`;

    const read = await api(path);
    expect(read.status).toBe(200);
    expectLogtoHeaders(read);
    const list = await api('/api/organizations', { query: { q: organization.id } });
    expect(list.status).toBe(200);
    expectLogtoHeaders(list);

    const deleted = await api(path, { method: 'DELETE' });
    expectNoContent(deleted);
    expectLogtoHeaders(deleted);

    for (const response of [
      await api(path),
      await api(path, { method: 'DELETE' }),
      await api('/api/organizations', { authorization: null }),
      await api('/api/organizations', { rawJson: '{"name":' }),
    ]) {
      expect(response.status).toBeGreaterThanOrEqual(400);
      expectLogtoHeaders(response);
    }
  });
});
