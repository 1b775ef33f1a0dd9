import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import { generateStandardShortId } from '../ids.js';
import { startTestEmulator, type TestEmulator } from '../test-utils.js';

const controlRequests: Array<[method: string, path: string, body?: unknown]> = [
  ['POST', '/_emulator/reset'],
  ['GET', '/_emulator/email-connector'],
  ['PUT', '/_emulator/email-connector', { enabled: false }],
  ['POST', '/_emulator/faults', { path: '/api', status: 500 }],
  ['GET', '/_emulator/faults'],
  ['DELETE', '/_emulator/faults'],
  ['DELETE', '/_emulator/faults/some-id'],
  ['DELETE', '/_emulator/mailbox'],
];

async function send(baseUrl: string, method: string, path: string, body?: unknown) {
  return fetch(`${baseUrl}${path}`, {
    method,
    ...(body === undefined
      ? {}
      : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
  });
}

describe('with test controls off', () => {
  let emulator: TestEmulator;

  beforeAll(async () => {
    emulator = await startTestEmulator({ testControls: false });
  });

  afterAll(async () => {
    await emulator.close();
  });

  it('mounts none of them (404), and nothing they would have done happens', async () => {
    for (const [method, path, body] of controlRequests) {
      const response = await send(emulator.url, method, path, body);
      expect({ method, path, status: response.status }).toEqual({ method, path, status: 404 });
    }
    expect(emulator.deps.mailer.isConnectorEnabled()).toBe(true);
    expect((await emulator.api('/api/organization-invitations')).status).toBe(200);
    // The dev mailbox is not a test control.
    expect((await fetch(`${emulator.url}/_emulator/mailbox.json`)).status).toBe(200);
  });
});

describe('with test controls on', () => {
  let emulator: TestEmulator;
  const control = (method: string, path: string, body?: unknown) =>
    send(emulator.url, method, path, body);
  const addFault = async (fault: Record<string, unknown>) => {
    const response = await control('POST', '/_emulator/faults', fault);
    expect(response.status).toBe(201);
    return ((await response.json()) as { id: string }).id;
  };
  const invitations = () => emulator.api('/api/organization-invitations');

  beforeAll(async () => {
    emulator = await startTestEmulator({ testControls: true, emailConnector: true });
  });

  afterAll(async () => {
    await emulator.close();
  });

  beforeEach(async () => {
    expect((await control('DELETE', '/_emulator/faults')).status).toBe(204);
  });

  describe('POST /_emulator/reset', () => {
    it('clears every table, re-seeds the system data, and restores the configured connector', async () => {
      const organizationId = generateStandardShortId();
      await emulator.deps.db.query(
        'insert into organizations (id, name, created_at) values ($1, $2, $3)',
        [organizationId, 'Before reset', Date.now()],
      );
      const created = await emulator.api('/api/organization-invitations', {
        method: 'POST',
        json: {
          organizationId,
          invitee: 'reset@example.com',
          expiresAt: Date.now() + 60_000,
          messagePayload: { link: 'https://x.example' },
        },
      });
      expect(created.status).toBe(201);
      expect((await control('PUT', '/_emulator/email-connector', { enabled: false })).status).toBe(
        204,
      );
      await addFault({ path: '/api/never-called', status: 500, times: 0 });

      const reset = await control('POST', '/_emulator/reset');
      expect(reset.status).toBe(204);

      expect(await emulator.deps.db.query('select 1 from organizations')).toEqual([]);
      expect(await (await invitations()).json()).toEqual([]);
      expect(await (await fetch(`${emulator.url}/_emulator/mailbox.json`)).json()).toEqual([]);
      expect(await (await control('GET', '/_emulator/email-connector')).json()).toEqual({
        enabled: true,
      });
      expect(await (await control('GET', '/_emulator/faults')).json()).toEqual([]);
      // The system seed is back: the M2M app and its Management API role still exist.
      expect(
        await emulator.deps.db.query('select id from applications where id = $1', [
          emulator.deps.config.m2mApp.id,
        ]),
      ).toHaveLength(1);
    });
  });

  describe('/_emulator/email-connector', () => {
    it('reads and switches the connector, which Logto-shaped routes then honour', async () => {
      expect(await (await control('GET', '/_emulator/email-connector')).json()).toEqual({
        enabled: true,
      });
      expect((await control('PUT', '/_emulator/email-connector', { enabled: false })).status).toBe(
        204,
      );
      expect(await (await control('GET', '/_emulator/email-connector')).json()).toEqual({
        enabled: false,
      });

      const resend = await emulator.api('/api/organization-invitations/unknown/message', {
        method: 'POST',
        json: {},
      });
      expect(resend.status).toBe(404);
      expect(emulator.deps.mailer.isConnectorEnabled()).toBe(false);

      expect((await control('PUT', '/_emulator/email-connector', { enabled: true })).status).toBe(
        204,
      );
      expect(emulator.deps.mailer.isConnectorEnabled()).toBe(true);
    });

    it('rejects a body that is not { enabled: boolean } with a clear 400', async () => {
      const wrongType = await control('PUT', '/_emulator/email-connector', { enabled: 'no' });
      expect(wrongType.status).toBe(400);
      expect(await wrongType.json()).toMatchObject({
        code: 'guard.invalid_input',
        details:
          'Error in key path "enabled": (invalid_type) Expected boolean but received string.',
      });

      const badJson = await fetch(`${emulator.url}/_emulator/email-connector`, {
        method: 'PUT',
        headers: { 'content-type': 'application/json' },
        body: '{"enabled":',
      });
      expect(badJson.status).toBe(400);
      expect(((await badJson.json()) as { details: string }).details).toMatch(
        /^The body is not valid JSON/,
      );
      expect((await control('POST', '/_emulator/email-connector', { enabled: true })).status).toBe(
        405,
      );
    });
  });

  describe('/_emulator/faults', () => {
    it('answers the given status once (by default) with a Logto body and Retry-After, then lets requests through', async () => {
      const id = await addFault({
        method: 'get',
        path: '/api/organization-invitations',
        status: 429,
        retryAfter: 7,
      });
      expect(await (await control('GET', '/_emulator/faults')).json()).toEqual([
        {
          id,
          method: 'GET',
          path: '/api/organization-invitations',
          status: 429,
          times: 1,
          retryAfter: 7,
          remaining: 1,
        },
      ]);

      const faulted = await invitations();
      expect(faulted.status).toBe(429);
      expect(faulted.headers.get('retry-after')).toBe('7');
      expect(await faulted.json()).toEqual({
        code: 'request.rate_limited',
        message: 'Too many requests. Please try again later.',
      });

      expect((await invitations()).status).toBe(200);
      expect(await (await control('GET', '/_emulator/faults')).json()).toEqual([]);
    });

    it('matches the method, a path prefix or a /regex/, and applies `times` times (0 = until cleared)', async () => {
      await addFault({
        method: 'POST',
        path: '/api/organization-invitations',
        status: 503,
        times: 2,
      });
      expect((await invitations()).status).toBe(200);
      const post = () =>
        emulator.api('/api/organization-invitations', { method: 'POST', json: {} });
      expect((await post()).status).toBe(503);
      const second = await post();
      expect(second.status).toBe(503);
      expect(await second.json()).toEqual({ message: 'Internal server error.' });
      expect((await post()).status).toBe(400);

      const regex = await addFault({
        path: '/^\\/api\\/organization-invitations\\/[^/]+$/',
        status: 500,
        times: 0,
      });
      for (let attempt = 0; attempt < 3; attempt += 1) {
        expect((await emulator.api('/api/organization-invitations/some-id')).status).toBe(500);
      }
      expect((await invitations()).status).toBe(200);
      expect(
        (
          await emulator.api('/api/organization-invitations/some-id/message', {
            method: 'POST',
            json: {},
          })
        ).status,
      ).toBe(404);
      expect(await (await control('GET', '/_emulator/faults')).json()).toMatchObject([
        { id: regex, times: 0, remaining: null },
      ]);

      expect((await control('DELETE', `/_emulator/faults/${regex}`)).status).toBe(204);
      expect((await emulator.api('/api/organization-invitations/some-id')).status).toBe(404);
      expect((await control('DELETE', `/_emulator/faults/${regex}`)).status).toBe(404);
    });

    it('delays, then answers itself (with the given body) or hands over to the real handler', async () => {
      await addFault({ path: '/api/organization-invitations', delay: 300 });
      let started = performance.now();
      const delayed = await invitations();
      expect(performance.now() - started).toBeGreaterThanOrEqual(290);
      expect(delayed.status).toBe(200);
      expect(await delayed.json()).toEqual([]);

      await addFault({
        path: '/api/organization-invitations',
        delay: 200,
        status: 502,
        body: { custom: true },
      });
      started = performance.now();
      const failed = await invitations();
      expect(performance.now() - started).toBeGreaterThanOrEqual(190);
      expect(failed.status).toBe(502);
      expect(await failed.json()).toEqual({ custom: true });

      await addFault({ path: '/oidc/token', status: 500, body: '<html>Bad gateway</html>' });
      const html = await fetch(`${emulator.url}/oidc/token`, { method: 'POST' });
      expect(html.headers.get('content-type')).toContain('text/html');
      expect(await html.text()).toBe('<html>Bad gateway</html>');
    });

    it('applies the write first with `when: "after"`, then answers late, with a status, or not at all', async () => {
      const names = async () =>
        (
          (await (await emulator.api('/api/organizations?page_size=100')).json()) as Array<{
            name: string;
          }>
        ).map(({ name }) => name);
      const create = (name: string) =>
        emulator.api('/api/organizations', { method: 'POST', json: { name } });

      await addFault({ method: 'POST', path: '/api/organizations', when: 'after', status: 500 });
      const failedAfter = await create('applied-then-500');
      expect(failedAfter.status).toBe(500);
      expect(await names()).toContain('applied-then-500');

      await addFault({ method: 'POST', path: '/api/organizations', when: 'after', delay: 300 });
      const started = performance.now();
      const late = await create('applied-then-late');
      expect(performance.now() - started).toBeGreaterThanOrEqual(290);
      expect(late.status).toBe(201);
      expect(await names()).toContain('applied-then-late');

      // A reset before the handler: nothing is created; after it: created, and still no answer.
      await addFault({ method: 'POST', path: '/api/organizations', reset: true });
      await expect(create('reset-before')).rejects.toThrow();
      await addFault({ method: 'POST', path: '/api/organizations', when: 'after', reset: true });
      await expect(create('reset-after')).rejects.toThrow();
      const after = await names();
      expect(after).not.toContain('reset-before');
      expect(after).toContain('reset-after');
      expect(await (await control('GET', '/_emulator/faults')).json()).toEqual([]);
    });

    it('uses OAuth-shaped default bodies under /oidc and Logto codes elsewhere', async () => {
      await addFault({ path: '/oidc/token', status: 503 });
      const token = await fetch(`${emulator.url}/oidc/token`, { method: 'POST' });
      expect(token.status).toBe(503);
      expect(await token.json()).toEqual({
        error: 'server_error',
        error_description: "Injected fault: 503 from the emulator's test controls.",
      });

      // A method-less fault leaves CORS preflights alone and lets browsers read the injected answer.
      await addFault({ path: '/oidc/token', status: 500 });
      const preflight = await fetch(`${emulator.url}/oidc/token`, { method: 'OPTIONS' });
      expect(preflight.status).not.toBe(500);
      const fromBrowser = await fetch(`${emulator.url}/oidc/token`, {
        method: 'POST',
        headers: { origin: 'http://localhost:5173' },
      });
      expect(fromBrowser.status).toBe(500);
      expect(fromBrowser.headers.get('access-control-allow-origin')).toBe('http://localhost:5173');

      await addFault({ path: '/api', status: 404 });
      expect(await (await invitations()).json()).toEqual({
        code: 'entity.not_found',
        message: 'The resource does not exist.',
      });
    });

    it('never applies to the controls or the mailbox', async () => {
      await addFault({ path: '/', status: 500, times: 0 });
      expect((await control('GET', '/_emulator/faults')).status).toBe(200);
      expect((await fetch(`${emulator.url}/_emulator/mailbox`)).status).toBe(200);
      expect((await invitations()).status).toBe(500);
      expect((await control('DELETE', '/_emulator/faults')).status).toBe(204);
      expect((await invitations()).status).toBe(200);
    });

    it('validates new faults with clear 400s', async () => {
      const cases: Array<[body: unknown, details: string]> = [
        [
          { status: 500 },
          'Error in key path "path": (invalid_type) Expected string but received undefined.',
        ],
        [
          { path: 'api', status: 500 },
          'Error in key path "path": (invalid_string) Expected a path prefix or a /regex/, starting with "/".',
        ],
        [
          { path: '/api' },
          'Error in key path "status": (custom) A fault needs a status, a delay or a reset.',
        ],
        [
          { path: '/api', status: 500, reset: true },
          'Error in key path "reset": (custom) A fault either answers a status or resets the connection, not both.',
        ],
        [
          { path: '/api', delay: 10, retryAfter: 3 },
          'Error in key path "retryAfter": (custom) `retryAfter` and `body` only apply to a fault with a status.',
        ],
        [
          { path: '/api', status: 700 },
          'Error in key path "status": (too_big) Number must be less than or equal to 599',
        ],
        [
          { path: '/api', status: 500, statusCode: 1 },
          'Error in key path "": (unrecognized_keys) Unrecognized key(s) in object: \'statusCode\'',
        ],
      ];
      for (const [body, details] of cases) {
        const response = await control('POST', '/_emulator/faults', body);
        expect(response.status).toBe(400);
        expect(await response.json()).toMatchObject({
          code: 'guard.invalid_input',
          message: 'The request body is invalid.',
          details,
        });
      }
      const badRegex = await control('POST', '/_emulator/faults', { path: '/api/(/', status: 500 });
      expect(badRegex.status).toBe(400);
      expect(((await badRegex.json()) as { details: string }).details).toMatch(
        /^Error in key path "path": \(custom\) Not a valid regular expression: /,
      );
      expect(await (await control('GET', '/_emulator/faults')).json()).toEqual([]);
    });
  });

  describe('DELETE /_emulator/mailbox', () => {
    it('empties the dev mailbox', async () => {
      await emulator.deps.mailer.send({
        to: 'clear@example.com',
        usageType: 'OrganizationInvitation',
        payload: {},
      });
      expect(await (await fetch(`${emulator.url}/_emulator/mailbox.json`)).json()).not.toEqual([]);
      expect((await control('DELETE', '/_emulator/mailbox')).status).toBe(204);
      expect(await (await fetch(`${emulator.url}/_emulator/mailbox.json`)).json()).toEqual([]);
    });
  });
});
