/**
 * The BFF's shell: serving the SPA, security headers, the API description, CORS, rate limits, body
 * errors, request ids and logging. Logto is deliberately unreachable here (a closed port): nothing in
 * these tests needs it, and what does (token verification) must fail as "Logto unavailable", not crash.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';

import { apiPaths, errorCodes, problemContentType, publicConfigSchema } from '@portal/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';

import { createApp, type BffAppConfig } from './app.js';
import { openPortalDatabase } from './data/database.js';
import type { PortalDatabase } from './data/types.js';
import { createLogger } from './logger.js';
import { createManagementClient, type ManagementClient } from './logto/management-client.js';

const indexHtml =
  '<!doctype html><html><head><title>Portal</title></head><body><div id="root"></div></body></html>';

/** Nothing listens on port 9 (discard) here: every call to "Logto" is refused at once. */
const unreachableLogto = 'http://127.0.0.1:9';

const baseConfig: BffAppConfig = {
  logtoEndpoint: unreachableLogto,
  spaAppId: 'spa-app-id',
  portalApiResource: 'https://portal.example/api',
  publicUrl: 'http://localhost:3000',
  webDistDir: os.tmpdir(),
  logLevel: 'silent',
  apiRateLimit: { requests: 10_000, perMs: 60_000 },
  corsAllowedOrigins: [],
  tokenAlgorithms: ['ES384'],
  trustProxy: false,
};

let database: PortalDatabase;
const clients: ManagementClient[] = [];

beforeAll(async () => {
  database = await openPortalDatabase();
}, 60_000);

afterAll(async () => {
  for (const client of clients) client.close();
  await database.close();
});

/** Log lines, parsed, as the BFF writes them. */
function captureLogs() {
  const lines: Array<Record<string, unknown>> = [];
  const raw: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      for (const line of chunk.toString('utf8').split('\n').filter(Boolean)) {
        raw.push(line);
        lines.push(z.record(z.string(), z.unknown()).parse(JSON.parse(line)));
      }
      callback();
    },
  });
  return { lines, raw, logger: createLogger('info', stream) };
}

async function startBff(config: Partial<BffAppConfig> = {}, logger = createLogger('silent')) {
  const logto = createManagementClient({
    endpoint: unreachableLogto,
    managementApiResource: 'https://default.logto.app/api',
    appId: 'unused',
    appSecret: 'unused',
    rateLimit: { requests: 100, perMs: 1000 },
    timeoutMs: 1000,
    retries: 0,
  });
  clients.push(logto);
  const server = http.createServer(
    createApp({ ...baseConfig, ...config }, { logto, database, logger }),
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

type ErrorName = keyof typeof errorCodes;

async function expectProblem(response: Response, name: ErrorName) {
  const { status, code } = errorCodes[name];
  expect(response.status).toBe(status);
  expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  const body: unknown = await response.json();
  expect(body).toMatchObject({
    type: 'about:blank',
    title: expect.any(String),
    status,
    detail: expect.any(String),
    code,
    requestId: response.headers.get('x-request-id'),
  });
  expect(JSON.stringify(body)).not.toMatch(/\bat .*\.(ts|js):\d+/);
  return body;
}

describe('BFF serving the built SPA', () => {
  let distDir: string;
  let bff: Awaited<ReturnType<typeof startBff>>;

  beforeAll(async () => {
    distDir = await mkdtemp(path.join(os.tmpdir(), 'bff-web-dist-'));
    await mkdir(path.join(distDir, 'assets'));
    await writeFile(path.join(distDir, 'index.html'), indexHtml);
    await writeFile(path.join(distDir, 'assets', 'index-abc123.js'), 'console.log("portal");');
    await writeFile(path.join(distDir, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
    bff = await startBff({ webDistDir: distDir, logtoEndpoint: 'http://logto.test:3001' });
  });

  afterAll(async () => {
    await bff.close();
    await rm(distDir, { recursive: true, force: true });
  });

  it('answers /healthz', async () => {
    const response = await fetch(`${bff.url}/healthz`);
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(await response.json()).toEqual({ status: 'ok' });
  });

  it('serves the public runtime config the SPA parses', async () => {
    const response = await fetch(`${bff.url}/api/config`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    const body: unknown = await response.json();
    expect(publicConfigSchema.parse(body)).toEqual({
      logtoEndpoint: 'http://logto.test:3001',
      appId: 'spa-app-id',
      portalApiResource: 'https://portal.example/api',
    });
    expect(Object.keys(body as object).sort()).toEqual([
      'appId',
      'logtoEndpoint',
      'portalApiResource',
    ]);
  });

  it('sends a CSP that lets the browser reach Logto and nothing else', async () => {
    const response = await fetch(`${bff.url}/`);
    const csp = response.headers.get('content-security-policy') ?? '';
    const directives = new Map(
      csp.split(';').map((directive) => {
        const [name = '', ...values] = directive.trim().split(/\s+/);
        return [name, values] as const;
      }),
    );
    expect(directives.get('default-src')).toEqual(["'self'"]);
    expect(directives.get('script-src')).toEqual(["'self'"]);
    expect(directives.get('connect-src')).toEqual(["'self'", 'http://logto.test:3001']);
    expect(directives.get('form-action')).toEqual(["'self'", 'http://logto.test:3001']);
    expect(directives.get('frame-ancestors')).toEqual(["'none'"]);
    expect(directives.has('upgrade-insecure-requests')).toBe(false);
    expect(response.headers.get('strict-transport-security')).toBeNull();
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('x-powered-by')).toBeNull();
    expect(response.headers.get('x-frame-options')).toBe('DENY');
  });

  it('serves index.html for client routes, uncached', async () => {
    for (const route of ['/', '/callback', '/orgs/abc/members']) {
      const response = await fetch(`${bff.url}${route}`, { headers: { accept: 'text/html' } });
      expect(response.status, route).toBe(200);
      expect(response.headers.get('content-type')).toMatch(/^text\/html/);
      expect(response.headers.get('cache-control')).toBe('no-cache');
      expect(await response.text()).toBe(indexHtml);
    }
  });

  it('serves hashed assets with a long cache and other files revalidated', async () => {
    const asset = await fetch(`${bff.url}/assets/index-abc123.js`);
    expect(asset.status).toBe(200);
    expect(asset.headers.get('content-type')).toMatch(/javascript/);
    expect(asset.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(await asset.text()).toBe('console.log("portal");');

    const favicon = await fetch(`${bff.url}/favicon.svg`);
    expect(favicon.status).toBe(200);
    expect(favicon.headers.get('cache-control')).toBe('no-cache');
  });

  it('answers a missing file with 404, never with index.html', async () => {
    await expectProblem(await fetch(`${bff.url}/assets/missing-123.js`), 'notFound');
  });

  it('answers unknown /api paths with a 404 problem, never with the SPA', async () => {
    for (const apiPath of ['/api', '/api/', '/api/nope', '/api/orgs/abc/nothing-here']) {
      await expectProblem(
        await fetch(`${bff.url}${apiPath}`, { headers: { accept: 'text/html' } }),
        'notFound',
      );
    }
    await expectProblem(await fetch(`${bff.url}/api/config`, { method: 'POST' }), 'notFound');
  });

  it('answers a malformed path with a problem, no stack trace', async () => {
    await expectProblem(await fetch(`${bff.url}/assets/%E0%A4%A.js`), 'notFound');
  });

  it('keeps a sane incoming request id and replaces an unsafe one', async () => {
    const kept = await fetch(`${bff.url}/api/nope`, { headers: { 'x-request-id': 'lb-1234.abc' } });
    expect(kept.headers.get('x-request-id')).toBe('lb-1234.abc');
    expect(await kept.json()).toMatchObject({ requestId: 'lb-1234.abc' });

    const replaced = await fetch(`${bff.url}/healthz`, {
      headers: { 'x-request-id': 'bad id <script>' },
    });
    expect(replaced.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });
});

describe('BFF without a built SPA', () => {
  it('says how to build it instead of a bare 404', async () => {
    const bff = await startBff({ webDistDir: path.join(os.tmpdir(), 'bff-no-such-dist-dir') });
    try {
      const response = await fetch(`${bff.url}/`, { headers: { accept: 'text/html' } });
      await expectProblem(response, 'webAppNotBuilt');
      expect((await fetch(`${bff.url}/api/config`)).status).toBe(200);
    } finally {
      await bff.close();
    }
  });
});

describe('BFF over https', () => {
  it('upgrades insecure requests and sends HSTS', async () => {
    const bff = await startBff({ publicUrl: 'https://portal.example' });
    try {
      const response = await fetch(`${bff.url}/healthz`);
      expect(response.headers.get('content-security-policy')).toContain(
        'upgrade-insecure-requests',
      );
      expect(response.headers.get('strict-transport-security')).toBe(
        'max-age=15552000; includeSubDomains',
      );
    } finally {
      await bff.close();
    }
  });
});

describe('the API', () => {
  let bff: Awaited<ReturnType<typeof startBff>>;
  beforeAll(async () => {
    bff = await startBff();
  });
  afterAll(async () => {
    await bff.close();
  });

  it('refuses requests without a token with 401 and a Bearer challenge', async () => {
    const response = await fetch(`${bff.url}${apiPaths.me}`);
    expect(response.headers.get('www-authenticate')).toBe('Bearer error="invalid_token"');
    await expectProblem(response, 'unauthenticated');
    await expectProblem(
      await fetch(`${bff.url}${apiPaths.members('abc')}`, {
        headers: { authorization: 'Basic dXNlcjpwYXNz' },
      }),
      'unauthenticated',
    );
  });

  it('answers 503 when Logto’s keys cannot be fetched, rather than signing everyone out', async () => {
    const response = await fetch(`${bff.url}${apiPaths.me}`, {
      headers: {
        authorization: 'Bearer eyJhbGciOiJFUzM4NCIsInR5cCI6ImF0K2p3dCIsImtpZCI6ImsifQ.e30.c2ln',
      },
    });
    await expectProblem(response, 'upstreamUnavailable');
  });

  it('answers a body that is not JSON with 400 and one too large with 413', async () => {
    const broken = await fetch(`${bff.url}${apiPaths.organization('abc')}`, {
      method: 'PATCH',
      headers: { 'content-type': 'application/json' },
      body: '{"name": ',
    });
    const problem = await expectProblem(broken, 'invalidInput');
    expect(problem).toMatchObject({ errors: [{ path: 'body', code: 'invalid_json' }] });

    const huge = await fetch(`${bff.url}${apiPaths.organization('abc')}`, {
      method: 'PATCH',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ customData: { blob: 'x'.repeat(200_000) } }),
    });
    await expectProblem(huge, 'payloadTooLarge');
  });

  it('serves the OpenAPI document generated from the routes', async () => {
    const response = await fetch(`${bff.url}${apiPaths.openApi}`);
    expect(response.status).toBe(200);
    const document = z
      .object({
        openapi: z.string(),
        paths: z.record(
          z.string(),
          z.record(
            z.string(),
            z.object({
              security: z.array(z.record(z.string(), z.array(z.string()))),
              responses: z.record(
                z.string(),
                z.object({ content: z.record(z.string(), z.unknown()).optional() }),
              ),
              parameters: z.array(z.object({ name: z.string(), in: z.string() })).optional(),
            }),
          ),
        ),
      })
      .parse(await response.json());
    expect(document.openapi).toBe('3.1.0');
    const removeMember = document.paths['/api/orgs/{orgId}/members/{userId}']?.delete;
    expect(removeMember?.security).toEqual([
      { organizationToken: ['manage:members'] },
      { portalToken: ['support:write'] },
    ]);
    expect(Object.keys(removeMember?.responses ?? {})).toEqual(
      expect.arrayContaining([
        '204',
        '400',
        '401',
        '403',
        '404',
        '409',
        '429',
        '502',
        '503',
        '504',
      ]),
    );
    expect(removeMember?.responses['409']?.content).toHaveProperty(problemContentType);
    expect(
      removeMember?.parameters?.map(({ name, in: location }) => `${location}:${name}`),
    ).toEqual(expect.arrayContaining(['path:orgId', 'path:userId', 'header:X-Support-Reason']));
    const createOrganization = document.paths['/api/support/orgs']?.post;
    expect(createOrganization?.parameters?.map(({ name }) => name)).toContain('Idempotency-Key');
    expect(document.paths['/api/me']?.get?.security).toEqual([{ portalToken: [] }]);
  });

  it('serves a browsable page that loads only its own files', async () => {
    const response = await fetch(`${bff.url}${apiPaths.docs}`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    const html = await response.text();
    const sources = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map(([, source]) => source ?? '');
    expect(sources.length).toBeGreaterThanOrEqual(3);
    for (const source of sources) {
      expect(source.startsWith(`${apiPaths.docs}/`), source).toBe(true);
      const asset = await fetch(`${bff.url}${source}`);
      expect(asset.status, source).toBe(200);
    }
    // No inline script: the CSP's script-src 'self' allows the page as it is.
    expect(html).not.toMatch(/<script>(?!<\/script>)/);
    expect(response.headers.get('content-security-policy')).toContain("script-src 'self'");
    const initializer = await (await fetch(`${bff.url}${apiPaths.docs}/initializer.js`)).text();
    expect(initializer).toContain(apiPaths.openApi);
    expect(initializer).toContain('validatorUrl: null');
  });
});

describe('CORS', () => {
  it('allows only the configured origins, without credentials', async () => {
    const bff = await startBff({ corsAllowedOrigins: ['https://dashboard.example'] });
    try {
      const preflight = await fetch(`${bff.url}${apiPaths.me}`, {
        method: 'OPTIONS',
        headers: {
          origin: 'https://dashboard.example',
          'access-control-request-method': 'GET',
          'access-control-request-headers': 'authorization',
        },
      });
      expect(preflight.status).toBe(204);
      expect(preflight.headers.get('access-control-allow-origin')).toBe(
        'https://dashboard.example',
      );
      expect(preflight.headers.get('access-control-allow-headers')).toContain('Authorization');
      expect(preflight.headers.get('access-control-allow-credentials')).toBeNull();

      const allowed = await fetch(`${bff.url}/api/config`, {
        headers: { origin: 'https://dashboard.example' },
      });
      expect(allowed.headers.get('access-control-allow-origin')).toBe('https://dashboard.example');
      expect(allowed.headers.get('access-control-expose-headers')).toContain('Total-Number');

      const other = await fetch(`${bff.url}/api/config`, {
        headers: { origin: 'https://evil.example' },
      });
      expect(other.headers.get('access-control-allow-origin')).toBeNull();
      const otherPreflight = await fetch(`${bff.url}${apiPaths.me}`, {
        method: 'OPTIONS',
        headers: { origin: 'https://evil.example', 'access-control-request-method': 'DELETE' },
      });
      expect(otherPreflight.headers.get('access-control-allow-origin')).toBeNull();
      expect(otherPreflight.headers.get('access-control-allow-methods')).toBeNull();
    } finally {
      await bff.close();
    }
  });
});

describe('rate limiting', () => {
  it('answers 429 problem+json with Retry-After beyond the per-client limit', async () => {
    const bff = await startBff({ apiRateLimit: { requests: 3, perMs: 60_000 } });
    try {
      for (let count = 0; count < 3; count += 1)
        expect((await fetch(`${bff.url}/api/config`)).status).toBe(200);
      const limited = await fetch(`${bff.url}/api/config`);
      await expectProblem(limited, 'rateLimited');
      expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
      // Only /api counts.
      expect((await fetch(`${bff.url}/healthz`)).status).toBe(200);
    } finally {
      await bff.close();
    }
  });
});

describe('logging', () => {
  it('puts the request id on every line and never a token', async () => {
    const { lines, raw, logger } = captureLogs();
    const bff = await startBff({}, logger);
    const token =
      'eyJhbGciOiJFUzM4NCIsInR5cCI6ImF0K2p3dCIsImtpZCI6ImsifQ.eyJzdWIiOiJzZWNyZXQtdXNlciJ9.c2lnbmF0dXJl';
    try {
      const response = await fetch(`${bff.url}${apiPaths.me}`, {
        headers: {
          authorization: `Bearer ${token}`,
          cookie: 'session=very-secret',
          'x-request-id': 'trace-me-1',
        },
      });
      expect(response.status).toBe(503);
      const mine = lines.filter((line) => line.requestId === 'trace-me-1');
      // The error (with its cause) and the access line.
      expect(mine.map((line) => line.msg)).toEqual(expect.arrayContaining(['request']));
      expect(mine.length).toBeGreaterThanOrEqual(2);
      expect(
        lines.filter((line) => line.requestId === undefined && line.msg !== 'request'),
      ).toEqual([]);
      expect(raw.join('\n')).not.toContain(token);
      expect(raw.join('\n')).not.toContain('very-secret');

      logger.info(
        {
          headers: { authorization: `Bearer ${token}`, cookie: 'a=b' },
          config: { appSecret: 'app-secret-1', nested: { password: 'pw-1' } },
          access_token: 'at-1',
        },
        'redaction check',
      );
      const last = raw.at(-1) ?? '';
      for (const secret of [token, 'a=b', 'app-secret-1', 'pw-1', 'at-1'])
        expect(last).not.toContain(secret);
      expect(last).toContain('[redacted]');
    } finally {
      await bff.close();
    }
  });
});
