/**
 * Input that must not hurt, through the real BFF and emulator: control characters and oversized or
 * deeply nested JSON are refused with a 400 carrying a stable code (not a 502 from Logto), an
 * absolute-form request target is served like its path, and `Link` headers carry known parameters only.
 */
import http from 'node:http';

import {
  apiPaths,
  errorCodes,
  inputLimitCodes,
  problemContentType,
  problemSchema,
} from '@portal/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { demoAccount, startTestStack, type TestStack } from './test/stack.js';

let stack: TestStack;
let acme: string;
let token: string;

beforeAll(async () => {
  stack = await startTestStack();
  ({ acme } = stack.organizations);
  const account = demoAccount(stack, 'ada');
  token = await (await stack.signIn(account.email, account.password)).organizationToken(acme);
}, 120_000);

afterAll(async () => {
  await stack?.close();
});

/** `{ a: { a: … } }`, `levels` objects deep. */
function nested(levels: number): Record<string, unknown> {
  let value: Record<string, unknown> = {};
  for (let level = 1; level < levels; level += 1) value = { a: value };
  return value;
}

async function expectInputLimit(response: Response, path: string, code: string) {
  expect(response.status).toBe(400);
  expect(response.headers.get('content-type')).toContain(problemContentType);
  const problem = problemSchema.parse(await response.json());
  expect(problem.code).toBe(errorCodes.invalidInput.code);
  expect(problem.errors).toContainEqual(expect.objectContaining({ path, code }));
}

/** A request whose target is in absolute form (`GET http://host/path`), which fetch cannot send. */
function absoluteFormGet(
  target: string,
): Promise<{ status: number; headers: http.IncomingHttpHeaders }> {
  const { hostname, port } = new URL(stack.url);
  return new Promise((resolve, reject) => {
    const request = http.request(
      {
        hostname,
        port,
        method: 'GET',
        path: target,
        headers: { authorization: `Bearer ${token}` },
      },
      (response) => {
        response.resume();
        response.on('end', () =>
          resolve({ status: response.statusCode ?? 0, headers: response.headers }),
        );
      },
    );
    request.on('error', reject);
    request.end();
  });
}

describe('control characters', () => {
  it.each([
    ['a NUL', 'ad\u0000a'],
    ['an escape', '\u001b[31mada'],
    ['a C1 control', 'ada\u0085'],
  ])('refuses %s in a search with 400 text.control_character, not a 502', async (_, q) => {
    const response = await stack.call(`${apiPaths.members(acme)}?q=${encodeURIComponent(q)}`, {
      token,
    });
    await expectInputLimit(response, 'query.q', inputLimitCodes.controlCharacter);
  });

  it('refuses them in an organization name, and lets line breaks through in a description', async () => {
    await expectInputLimit(
      await stack.call(apiPaths.organization(acme), {
        method: 'PATCH',
        token,
        json: { name: 'Acme\u0000Corp' },
      }),
      'body.name',
      inputLimitCodes.controlCharacter,
    );
    const before = await stack.call(apiPaths.organization(acme), { token });
    const { description } = (await before.json()) as { description: string | null };
    const multiline = await stack.call(apiPaths.organization(acme), {
      method: 'PATCH',
      token,
      json: { description: 'Line one\nLine two' },
    });
    expect(multiline.status).toBe(200);
    await stack.call(apiPaths.organization(acme), {
      method: 'PATCH',
      token,
      json: { description },
    });
  });
});

describe('customData', () => {
  it('refuses 1,500 levels of nesting (9 KB) with json.too_deep before Logto sees it', async () => {
    const body = { customData: nested(1500) };
    expect(JSON.stringify(body).length).toBeLessThan(16 * 1024);
    await expectInputLimit(
      await stack.call(apiPaths.organization(acme), { method: 'PATCH', token, json: body }),
      'body.customData',
      inputLimitCodes.jsonTooDeep,
    );
  });

  it('refuses more than 16 KB with json.too_large', async () => {
    await expectInputLimit(
      await stack.call(apiPaths.organization(acme), {
        method: 'PATCH',
        token,
        json: { customData: { note: 'x'.repeat(17 * 1024) } },
      }),
      'body.customData',
      inputLimitCodes.jsonTooLarge,
    );
  });

  it('still stores an ordinary object', async () => {
    const response = await stack.call(apiPaths.organization(acme), {
      method: 'PATCH',
      token,
      json: { customData: { plan: 'pro', seats: { used: 3, max: 10 } } },
    });
    expect(response.status).toBe(200);
  });
});

describe('absolute-form request targets', () => {
  it('serves GET http://other-host/api/... like its path, with Links on the portal origin', async () => {
    const answer = await absoluteFormGet(
      `http://evil.example${apiPaths.members(acme)}?page=1&pageSize=1`,
    );
    expect(answer.status).toBe(200);
    const link = String(answer.headers.link);
    expect(link).toContain(`<${stack.url}${apiPaths.members(acme)}?`);
    expect(link).not.toContain('evil.example');
  });

  it.each([
    ['http://evil.example/api/nothing-here', 404],
    ['https://evil.example/healthz', 200],
    // The web app's answer in a BFF started without a built SPA: a designed 503, not a crash.
    ['http://evil.example/', errorCodes.webAppNotBuilt.status],
  ])('answers %s as its path (%i)', async (target, status) => {
    expect((await absoluteFormGet(target)).status).toBe(status);
  });
});

describe('Link headers', () => {
  it('keep the known parameters a route parsed and drop unknown ones, however large', async () => {
    const junk = 'j'.repeat(6 * 1024);
    const response = await stack.call(
      `${apiPaths.members(acme)}?page=1&pageSize=1&q=a&junk=${junk}&utm_source=x`,
      { token },
    );
    expect(response.status).toBe(200);
    const link = response.headers.get('link') ?? '';
    expect(link).toContain('q=a');
    expect(link).toContain('pageSize=1');
    expect(link).not.toContain('junk');
    expect(link).not.toContain('utm_source');
    expect(link.length).toBeLessThan(1024);
  });
});
