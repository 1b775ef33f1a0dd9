import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';

import { publicConfigSchema } from '@portal/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { createApp, type BffAppConfig } from './app.js';

const indexHtml =
  '<!doctype html><html><head><title>Portal</title></head><body><div id="root"></div></body></html>';

async function startBff(config: BffAppConfig) {
  const server = http.createServer(createApp(config));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

const baseConfig = {
  logtoEndpoint: 'http://logto.test:3001',
  spaAppId: 'spa-app-id',
  portalApiResource: 'https://portal.example/api',
  publicUrl: 'http://localhost:3000',
  logLevel: 'silent',
} as const;

async function expectProblem(response: Response, status: number, code: string) {
  expect(response.status).toBe(status);
  expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  const body: unknown = await response.json();
  expect(body).toEqual({
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
    bff = await startBff({ ...baseConfig, webDistDir: distDir });
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
    // Nothing beyond the public fields.
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
    // Plain http: no upgrade, no HSTS.
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
    await expectProblem(await fetch(`${bff.url}/assets/missing-123.js`), 404, 'not_found');
  });

  it('answers unknown /api paths with a 404 problem, never with the SPA', async () => {
    for (const apiPath of ['/api', '/api/', '/api/nope', '/api/orgs/abc/members']) {
      await expectProblem(
        await fetch(`${bff.url}${apiPath}`, { headers: { accept: 'text/html' } }),
        404,
        'not_found',
      );
    }
    await expectProblem(await fetch(`${bff.url}/api/config`, { method: 'POST' }), 404, 'not_found');
  });

  it('answers a malformed path with a problem, no stack trace', async () => {
    await expectProblem(await fetch(`${bff.url}/assets/%E0%A4%A.js`), 404, 'not_found');
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
    const bff = await startBff({
      ...baseConfig,
      webDistDir: path.join(os.tmpdir(), 'bff-no-such-dist-dir'),
    });
    try {
      const response = await fetch(`${bff.url}/`, { headers: { accept: 'text/html' } });
      await expectProblem(response, 503, 'web_app_not_built');
      // The API still works.
      expect((await fetch(`${bff.url}/api/config`)).status).toBe(200);
    } finally {
      await bff.close();
    }
  });
});

describe('BFF over https', () => {
  it('upgrades insecure requests and sends HSTS', async () => {
    const bff = await startBff({
      ...baseConfig,
      publicUrl: 'https://portal.example',
      webDistDir: os.tmpdir(),
    });
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
