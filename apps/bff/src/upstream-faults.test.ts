/**
 * What the browser sees when Logto misbehaves: Logto's faults injected with the emulator's test controls
 * (`/_emulator/faults`), through the real Management API client. Also readiness and metrics.
 */
import { apiPaths, errorCodes, problemContentType, problemSchema } from '@portal/shared';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

import { demoAccount, startTestStack, type TestStack } from './test/stack.js';

const leak = 'SECRET-UPSTREAM-DETAIL';

let stack: TestStack;
let acme: string;
let token: string;

beforeAll(async () => {
  // Short upstream timeouts, one retry: a slow Logto shows up in seconds.
  stack = await startTestStack({ upstream: { timeoutMs: 2000, retries: 1 } });
  ({ acme } = stack.organizations);
  const ada = demoAccount(stack, 'ada');
  token = await (await stack.signIn(ada.email, ada.password)).organizationToken(acme);
}, 120_000);

afterEach(async () => {
  await stack.clearFaults();
});

afterAll(async () => {
  await stack?.close();
});

const membersPath = () => `/api/organizations/${acme}/users`;

async function expectProblem(
  response: Response,
  name: 'upstreamError' | 'upstreamTimeout' | 'upstreamUnavailable',
) {
  const { status, code } = errorCodes[name];
  expect(response.status).toBe(status);
  expect(response.headers.get('content-type')).toContain(problemContentType);
  const text = await response.text();
  // Nothing of Logto's answer reaches the browser: not its body, not its headers, not a stack trace.
  expect(text).not.toContain(leak);
  expect(text).not.toMatch(/\bat .*\.(ts|js):\d+/);
  expect(response.headers.get('logto-core-request-id')).toBeNull();
  expect(response.headers.get('x-upstream-secret')).toBeNull();
  const problem = problemSchema.parse(JSON.parse(text));
  expect(problem).toMatchObject({ status, code, requestId: response.headers.get('x-request-id') });
  return problem;
}

describe('upstream faults', () => {
  it('turns a Logto 5xx into 502 problem+json without its details', async () => {
    await stack.addFault({
      method: 'GET',
      path: membersPath(),
      status: 500,
      times: 0,
      body: { message: `${leak} at /srv/logto/core.ts:42`, stack: leak },
    });
    await expectProblem(await stack.call(apiPaths.members(acme), { token }), 'upstreamError');
  });

  it('answers 504 when Logto does not answer in time', async () => {
    // Far slower than the 2 s upstream timeout (with a status, the late answer never reaches the real
    // handler), so that "gave up in time" and "waited for Logto" stay seconds apart on a loaded machine.
    await stack.addFault({
      method: 'GET',
      path: membersPath(),
      delay: 10_000,
      status: 503,
      times: 0,
    });
    const started = Date.now();
    await expectProblem(await stack.call(apiPaths.members(acme), { token }), 'upstreamTimeout');
    // At most two attempts of 2 s each and a short backoff: the browser is not kept waiting for Logto.
    expect(Date.now() - started).toBeLessThan(8000);
  });

  it('waits out a 429 within the budget and answers normally', async () => {
    await stack.addFault({
      method: 'GET',
      path: membersPath(),
      status: 429,
      retryAfter: 1,
      times: 1,
    });
    const started = Date.now();
    const response = await stack.call(apiPaths.members(acme), { token });
    expect(response.status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
  });

  it('fails a write cleanly on a Logto 503: nothing changes, and the failure is in the audit log', async () => {
    const member = await stack.createUser({
      username: 'steady',
      organizations: [{ id: acme, roles: ['member'] }],
    });
    await stack.addFault({
      method: 'PUT',
      path: `${membersPath()}/${member.id}/roles`,
      status: 503,
      times: 0,
      body: { message: leak },
    });
    const response = await stack.call(apiPaths.memberRoles(acme, member.id), {
      method: 'PUT',
      token,
      json: { roleIds: [stack.roleIds.admin] },
    });
    await expectProblem(response, 'upstreamError');
    const { data } = await stack.setup.api.GET('/api/organizations/{id}/users/{userId}/roles', {
      params: { path: { id: acme, userId: member.id } },
    });
    expect(data?.map(({ name }) => name)).toEqual(['member']);
    const [event] = (
      await stack.database.audit.list({ organizationId: acme, page: 1, pageSize: 1 })
    ).items;
    expect(event).toMatchObject({
      action: 'member.roles_replaced',
      outcome: 'failure',
      errorCode: errorCodes.upstreamError.code,
      target: { id: member.id },
    });
  });

  it('keeps serving other requests after faults (the process never falls over)', async () => {
    await stack.addFault({ method: 'GET', path: '/api/organizations', status: 502, times: 3 });
    await Promise.all([1, 2, 3].map(() => stack.call(apiPaths.organization(acme), { token })));
    const response = await stack.call(apiPaths.organization(acme), { token });
    expect(response.status).toBe(200);
  });
});

describe('health, readiness and metrics', () => {
  it('is live and ready when Logto and the database answer', async () => {
    const live = await stack.call('/healthz');
    expect(live.status).toBe(200);
    expect(await live.json()).toEqual({ status: 'ok' });
    const ready = await stack.call('/readyz');
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: 'ok', checks: { logto: 'ok', database: 'ok' } });
  });

  it('is not ready, with 503 problem+json, while Logto fails', async () => {
    await stack.addFault({
      method: 'GET',
      path: '/^\\/api\\/organizations$/',
      status: 500,
      times: 0,
    });
    const response = await stack.call('/readyz');
    expect(response.status).toBe(503);
    expect(response.headers.get('retry-after')).toBe('5');
    expect(await response.json()).toMatchObject({
      code: errorCodes.upstreamUnavailable.code,
      detail: 'Not ready. Logto: unreachable.',
    });
    // Still alive: a restart would not help.
    expect((await stack.call('/healthz')).status).toBe(200);
  });

  it('counts requests by route pattern and status, and upstream calls', async () => {
    await stack.call(apiPaths.members(acme), { token });
    await stack.call(apiPaths.members(acme));
    const response = await stack.call('/metrics');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/plain');
    const text = await response.text();
    expect(text).toMatch(
      /bff_http_requests_total\{method="GET",route="\/api\/orgs\/:orgId\/members",status="200"\} \d+/,
    );
    expect(text).toMatch(
      /bff_http_requests_total\{method="GET",route="\/api\/orgs\/:orgId\/members",status="401"\} \d+/,
    );
    expect(text).toContain('bff_http_request_duration_seconds_bucket');
    // Upstream calls by operation and outcome (the faults above included).
    expect(text).toMatch(
      /bff_upstream_requests_total\{operation="listMembers",outcome="success"\} \d+/,
    );
    expect(text).toMatch(
      /bff_upstream_requests_total\{operation="listMembers",outcome="server_error"\} \d+/,
    );
    expect(text).toMatch(
      /bff_upstream_requests_total\{operation="listMembers",outcome="timeout"\} \d+/,
    );
    // No raw paths (ids) as labels.
    expect(text).not.toContain(acme);
  });
});
