import http from 'node:http';
import type { AddressInfo } from 'node:net';

import { meResponseSchema } from '@portal/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ZodError } from 'zod';

import { ApiError, BffUnreachableError, createApiClient, queryString } from './api-client.js';

type Seen = { method: string; url: string; authorization: string | undefined; body: string };

/** A small real HTTP server standing in for the BFF's answers (status, content type, body). */
let server: http.Server;
let baseUrl: string;
const seen: Seen[] = [];

beforeAll(async () => {
  server = http.createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on('end', () => {
      seen.push({
        method: request.method ?? '',
        url: request.url ?? '',
        authorization: request.headers.authorization,
        body,
      });
      const path = new URL(request.url ?? '/', 'http://x').pathname;
      if (path === '/api/me') {
        response.setHeader('content-type', 'application/json');
        response.end(
          JSON.stringify({
            user: { id: 'u1', name: 'Ada', username: null, email: null, avatar: null },
            organizations: [],
            support: { canRead: false, canWrite: false },
          }),
        );
      } else if (path === '/api/orgs/o1/members/u2') {
        response.statusCode = 409;
        response.setHeader('content-type', 'application/problem+json');
        response.end(
          JSON.stringify({
            type: 'about:blank',
            title: 'Conflict',
            status: 409,
            detail: 'The last admin',
            code: 'member.last_admin',
            requestId: 'req-9',
          }),
        );
      } else if (path === '/api/orgs/o1/members/u3/roles') {
        response.statusCode = 204;
        response.end();
      } else if (path === '/api/proxy-down') {
        response.statusCode = 502;
        response.setHeader('content-type', 'text/html');
        response.end('<h1>Bad gateway</h1>');
      } else if (path === '/api/html-error') {
        response.statusCode = 500;
        response.setHeader('content-type', 'text/html');
        response.setHeader('x-request-id', 'req-html');
        response.end('<h1>oops</h1>');
      } else {
        response.setHeader('content-type', 'application/json');
        response.end(JSON.stringify({ unexpected: true }));
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

const tokens: string[] = [];
const client = () =>
  createApiClient({
    baseUrl,
    getToken: (credentials) => {
      const token =
        credentials.kind === 'portal' ? 'portal-token' : `org-token-${credentials.organizationId}`;
      tokens.push(token);
      return Promise.resolve(token);
    },
  });

describe('createApiClient', () => {
  it('sends the token the credentials ask for and parses the answer with the shared schema', async () => {
    const me = await client().json(
      { path: '/api/me', credentials: { kind: 'portal' } },
      meResponseSchema,
    );
    expect(me.user.name).toBe('Ada');
    expect(seen.at(-1)?.authorization).toBe('Bearer portal-token');
  });

  it('sends JSON bodies and extra headers with an organization token', async () => {
    await client().send({
      method: 'PUT',
      path: '/api/orgs/o1/members/u3/roles',
      credentials: { kind: 'organization', organizationId: 'o1' },
      body: { roleIds: ['r1'] },
    });
    expect(seen.at(-1)).toMatchObject({
      method: 'PUT',
      authorization: 'Bearer org-token-o1',
      body: '{"roleIds":["r1"]}',
    });
  });

  it('turns problem+json into an ApiError with its stable code and request id', async () => {
    const error: unknown = await client()
      .send({ method: 'DELETE', path: '/api/orgs/o1/members/u2', credentials: { kind: 'portal' } })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 409, code: 'member.last_admin', requestId: 'req-9' });
  });

  it('says the server is unreachable for a proxy’s bare 502, or a refused connection', async () => {
    await expect(
      client().send({ path: '/api/proxy-down', credentials: { kind: 'none' } }),
    ).rejects.toBeInstanceOf(BffUnreachableError);
    const refused = createApiClient({
      baseUrl: 'http://127.0.0.1:9',
      getToken: () => Promise.resolve('t'),
    });
    await expect(
      refused.send({ path: '/api/me', credentials: { kind: 'none' } }),
    ).rejects.toBeInstanceOf(BffUnreachableError);
  });

  it('keeps the status and request id of an error that is not problem+json', async () => {
    const error: unknown = await client()
      .send({ path: '/api/html-error', credentials: { kind: 'none' } })
      .catch((caught: unknown) => caught);
    expect(error).toMatchObject({
      status: 500,
      code: 'unexpected_response',
      requestId: 'req-html',
    });
  });

  it('refuses an answer that does not match the schema instead of passing it on', async () => {
    await expect(
      client().json({ path: '/api/other', credentials: { kind: 'none' } }, meResponseSchema),
    ).rejects.toBeInstanceOf(ZodError);
    // No token was asked for a request that needs none.
    const before = tokens.length;
    await client().send({ path: '/api/other', credentials: { kind: 'none' } });
    expect(tokens.length).toBe(before);
    expect(seen.at(-1)?.authorization).toBeUndefined();
  });
});

describe('queryString', () => {
  it('leaves out unset and empty values', () => {
    expect(queryString({ page: 2, q: '', roleId: undefined, pageSize: 20 })).toBe(
      '?page=2&pageSize=20',
    );
    expect(queryString({})).toBe('');
    expect(queryString({ q: 'a b&c' })).toBe('?q=a+b%26c');
  });
});
