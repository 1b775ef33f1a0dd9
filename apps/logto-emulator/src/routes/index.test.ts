import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { startTestEmulator, type TestEmulator } from '../test-utils.js';

let emulator: TestEmulator;
let authorization: string;

beforeAll(async () => {
  emulator = await startTestEmulator();
  authorization = `Bearer ${await emulator.managementToken()}`;
});

afterAll(async () => {
  await emulator.close();
});

const postRaw = async (path: string, body: string, contentType = 'application/json') =>
  fetch(`${emulator.url}${path}`, {
    method: 'POST',
    headers: { authorization, 'content-type': contentType },
    body,
  });

describe('Management API request handling', () => {
  it('answers malformed JSON with a bare 400 message (samples/55)', async () => {
    const response = await postRaw('/api/organizations', '{"name":');
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(await response.text()).toBe('{"message":"Unexpected end of JSON input"}');
  });

  it('rejects JSON that is not an object or array, as koa-body does', async () => {
    const response = await postRaw('/api/organizations', '"just a string"');
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({
      message: 'invalid JSON, only supports object and array',
    });
  });

  it('rejects prototype-poisoning JSON', async () => {
    const response = await postRaw(
      '/api/organizations',
      '{"name":"x","__proto__":{"polluted":true}}',
    );
    expect(response.status).toBe(400);
    expect(await response.json()).toHaveProperty('message');
  });

  it('refuses bodies over 1 MB with 413 and keeps serving', async () => {
    const response = await postRaw(
      '/api/organizations',
      JSON.stringify({ name: 'x', description: 'a'.repeat(1_100_000) }),
    );
    expect(response.status).toBe(413);
    expect(await response.json()).toEqual({ message: 'request entity too large' });
    expect((await emulator.api('/api/organizations')).status).toBe(200);
  });

  it('checks the token before parsing the body', async () => {
    const response = await fetch(`${emulator.url}/api/organizations`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"name":',
    });
    expect(response.status).toBe(401);
  });

  it('parses form bodies too, like Logto (koa-body defaults)', async () => {
    const response = await postRaw(
      '/api/organizations',
      'name=Form%20Org',
      'application/x-www-form-urlencoded',
    );
    expect(response.status).toBe(201);
    expect(await response.json()).toMatchObject({ name: 'Form Org' });
  });

  it('validates a body that is not JSON as a missing object', async () => {
    const response = await fetch(`${emulator.url}/api/organizations`, {
      method: 'POST',
      headers: { authorization },
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({
      code: 'guard.invalid_input',
      details: 'Error in key path "": (invalid_type) Expected object but received undefined.',
    });
  });

  it('answers an unknown path with Koa’s 404, before any token check', async () => {
    for (const init of [{ method: 'POST' }, { method: 'DELETE', headers: { authorization } }]) {
      const response = await fetch(`${emulator.url}/api/no-such-endpoint`, init);
      expect(response.status).toBe(404);
      expect(response.headers.get('content-type')).toBe('text/plain; charset=utf-8');
      expect(await response.text()).toBe('Not Found');
    }
  });

  it('answers a GET that no route handled with Logto’s 500 (its ETag middleware fails on an empty body)', async () => {
    const response = await fetch(`${emulator.url}/api/no-such-endpoint`);
    expect(response.status).toBe(500);
    expect(await response.json()).toEqual({ message: 'Internal server error.' });
  });

  it('answers a known path with another method with 405 and Allow', async () => {
    const response = await fetch(`${emulator.url}/api/organizations`, {
      method: 'PUT',
      headers: { authorization },
    });
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')?.split(', ').sort()).toEqual(['GET', 'HEAD', 'POST']);
    expect(await response.text()).toBe('Method Not Allowed');
  });

  it('leaves paths outside /api alone', async () => {
    const response = await fetch(`${emulator.url}/apiary`, { method: 'POST' });
    expect(response.status).toBe(404);
  });

  it('answers malformed requests without crashing or hanging', async () => {
    const requests: Array<[string, RequestInit]> = [
      ['/api/organizations/%E0%A4%A', { headers: { authorization } }],
      ['/api/organizations/%00', { headers: { authorization } }],
      [`/api/organizations/${'x'.repeat(5000)}`, { headers: { authorization } }],
      ['/api/organizations?q=a&q=b', { headers: { authorization } }],
      ['/api/organizations?q=%5C', { headers: { authorization } }],
      ['/api/organizations?page=abc', { headers: { authorization } }],
      ['/api/organizations?page=1.5&page_size=1e400', { headers: { authorization } }],
      ['/api/organizations/x/users?organizationRoleId[a]=b', { headers: { authorization } }],
      [
        '/api/organizations',
        {
          method: 'POST',
          headers: { authorization, 'content-type': 'application/json' },
          body: '[1,2,3]',
        },
      ],
      [
        '/api/organizations',
        {
          method: 'POST',
          headers: { authorization, 'content-type': 'application/json' },
          body: '{"name":"\\u0000"}',
        },
      ],
      [
        '/api/organizations',
        {
          method: 'POST',
          headers: { authorization, 'content-type': 'application/json' },
          body: `${'['.repeat(5000)}${']'.repeat(5000)}`,
        },
      ],
      [
        '/api/organizations/x/users',
        {
          method: 'POST',
          headers: { authorization, 'content-type': 'application/json; charset=latin9' },
          body: '{}',
        },
      ],
    ];
    const statuses: number[] = [];
    for (const [path, init] of requests) {
      const response = await fetch(`${emulator.url}${path}`, {
        ...init,
        signal: AbortSignal.timeout(5000),
      });
      statuses.push(response.status);
      await response.arrayBuffer();
    }
    // NUL characters are refused by Postgres (in Logto too): a bare 500, and the server carries on.
    expect(statuses).toEqual([404, 500, 404, 400, 200, 400, 400, 200, 400, 500, 400, 400]);
    expect((await emulator.api('/api/organizations')).status).toBe(200);
  });

  it('sends Logto’s global headers on every /api response, errors and 204s included (samples/02-62)', async () => {
    const created = await emulator.api('/api/organizations', {
      method: 'POST',
      json: { name: 'Headers' },
    });
    const { id } = (await created.json()) as { id: string };
    const responses = [
      created,
      await emulator.api('/api/organizations?page=1&page_size=1'),
      await emulator.api(`/api/organizations/${id}`, { method: 'DELETE' }),
      await emulator.api(`/api/organizations/${id}`, { method: 'DELETE' }),
      await fetch(`${emulator.url}/api/organizations`),
      await postRaw('/api/organizations', '{"name":'),
      await fetch(`${emulator.url}/api/no-such-endpoint`, { method: 'POST' }),
    ];
    expect(responses.map(({ status }) => status)).toEqual([201, 200, 204, 404, 401, 400, 404]);
    for (const response of responses) {
      expect(
        Object.fromEntries(
          [...response.headers].filter(
            ([name]) =>
              name !== 'vary' &&
              !/^(content|date|connection|keep-alive|etag|total-number|link|logto-core-request-id)/.test(
                name,
              ),
          ),
        ),
      ).toEqual({
        'cross-origin-resource-policy': 'same-origin',
        'origin-agent-cluster': '?1',
        'referrer-policy': 'strict-origin-when-cross-origin',
        'strict-transport-security': 'max-age=15552000; includeSubDomains',
        'x-content-type-options': 'nosniff',
        'x-download-options': 'noopen',
        'x-frame-options': 'SAMEORIGIN',
        'x-permitted-cross-domain-policies': 'none',
        'x-xss-protection': '0',
      });
      expect(response.headers.get('vary')).toBe('Accept-Encoding, Origin');
      expect(response.headers.get('logto-core-request-id')).toMatch(/^[\w-]{16}$/);
    }
  });

  it('sets an ETag on successful GETs and answers 304 to a matching If-None-Match', async () => {
    const first = await emulator.api('/api/organizations/no-such-org/users');
    expect(first.status).toBe(200);
    const etag = first.headers.get('etag');
    // The `etag` package's value for "[]", as in samples/50.
    expect(etag).toBe('"2-l9Fw4VUO7kr8CvBlt4zaMCqXZ0w"');

    // fetch adds `Cache-Control: no-cache` to conditional requests unless told otherwise; that would
    // (correctly) disable the 304.
    const second = await emulator.api('/api/organizations/no-such-org/users', {
      headers: { 'if-none-match': etag ?? '', 'cache-control': 'max-age=0' },
    });
    expect(second.status).toBe(304);
    expect(await second.text()).toBe('');
  });

  it('sets no ETag on writes or errors', async () => {
    const created = await emulator.api('/api/organizations', {
      method: 'POST',
      json: { name: 'No ETag' },
    });
    expect(created.status).toBe(201);
    expect(created.headers.get('etag')).toBeNull();
    const missing = await emulator.api('/api/organizations/no-such-org');
    expect(missing.status).toBe(404);
    expect(missing.headers.get('etag')).toBeNull();
  });
});
