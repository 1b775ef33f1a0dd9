import {
  apiPaths,
  auditEventSchema,
  errorCodes,
  idempotencyKeyHeader,
  organizationSchema,
  pageOf,
  supportReasonHeader,
} from '@portal/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { demoAccount, startTestStack, type TestStack } from '../test/stack.js';

const organizationsPage = pageOf(organizationSchema);
const eventsPage = pageOf(auditEventSchema);

let stack: TestStack;
let supportToken: string;
let adminToken: string;
let samId: string;

beforeAll(async () => {
  stack = await startTestStack();
  const sam = demoAccount(stack, 'sam');
  const ada = demoAccount(stack, 'ada');
  samId = sam.userId;
  const [samSession, adaSession] = await Promise.all([
    stack.signIn(sam.email, sam.password),
    stack.signIn(ada.email, ada.password),
  ]);
  supportToken = await samSession.portalToken();
  adminToken = await adaSession.organizationToken(stack.organizations.acme);
}, 120_000);

afterAll(async () => {
  await stack?.close();
});

const exists = async (organizationId: string) =>
  (
    await stack.setup.api.GET('/api/organizations/{id}', {
      params: { path: { id: organizationId } },
    })
  ).response.status === 200;

describe('support: organizations', () => {
  it('finds organizations, paginated', async () => {
    const response = await stack.call(`${apiPaths.supportOrganizations}?q=Acme`, {
      token: supportToken,
    });
    expect(response.status).toBe(200);
    const page = organizationsPage.parse(await response.json());
    expect(page.items.map(({ name }) => name)).toEqual(['Acme Corp']);
    expect(response.headers.get('total-number')).toBe('1');

    const all = await stack.call(`${apiPaths.supportOrganizations}?pageSize=2`, {
      token: supportToken,
    });
    const firstPage = organizationsPage.parse(await all.json());
    expect(firstPage.items).toHaveLength(2);
    expect(firstPage.totalCount).toBeGreaterThanOrEqual(3);
    expect(all.headers.get('link')).toContain('rel="next"');
  });

  it('creates an organization with a reason, once per Idempotency-Key', async () => {
    const request = {
      method: 'POST',
      token: supportToken,
      json: { name: 'Umbrella', description: 'Created by support' },
      headers: {
        [supportReasonHeader]: 'Ticket 1001',
        [idempotencyKeyHeader]: 'create-umbrella-1',
      },
    };
    const first = await stack.call(apiPaths.supportOrganizations, request);
    expect(first.status).toBe(201);
    const created = organizationSchema.parse(await first.json());
    expect(created).toMatchObject({ name: 'Umbrella', description: 'Created by support' });
    expect(first.headers.get('location')).toBe(apiPaths.organization(created.id));

    const retry = await stack.call(apiPaths.supportOrganizations, request);
    expect(retry.status).toBe(201);
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
    expect(organizationSchema.parse(await retry.json()).id).toBe(created.id);
    const { data } = await stack.setup.api.GET('/api/organizations', {
      params: { query: { q: 'Umbrella' } },
    });
    expect(data?.map(({ id }) => id)).toEqual([created.id]);

    const reused = await stack.call(apiPaths.supportOrganizations, {
      ...request,
      json: { name: 'Umbrella 2' },
    });
    expect(reused.status).toBe(422);
    expect(await reused.json()).toMatchObject({ code: errorCodes.idempotencyKeyReused.code });

    const [event] = (
      await stack.database.audit.list({ organizationId: created.id, page: 1, pageSize: 5 })
    ).items;
    expect(event).toMatchObject({
      actor: { userId: samId, email: 'sam@example.com', kind: 'support' },
      action: 'organization.created',
      organizationId: created.id,
      target: { type: 'organization', id: created.id, label: 'Umbrella' },
      reason: 'Ticket 1001',
      outcome: 'success',
    });
  });

  it('requires a reason for support writes, and creates nothing without one', async () => {
    for (const reason of [undefined, '  ', 'x'.repeat(501)]) {
      const response = await stack.call(apiPaths.supportOrganizations, {
        method: 'POST',
        token: supportToken,
        json: { name: 'Reasonless' },
        headers: reason === undefined ? {} : { [supportReasonHeader]: reason },
      });
      expect(response.status).toBe(400);
      expect(await response.json()).toMatchObject({
        code: errorCodes.reasonRequired.code,
        errors: [{ path: 'reason' }],
      });
    }
    const { data } = await stack.setup.api.GET('/api/organizations', {
      params: { query: { q: 'Reasonless' } },
    });
    expect(data).toEqual([]);
    const [event] = (
      await stack.database.audit.list({ organizationId: null, page: 1, pageSize: 1 })
    ).items;
    expect(event).toMatchObject({
      action: 'organization.created',
      outcome: 'failure',
      errorCode: errorCodes.reasonRequired.code,
      reason: null,
    });
  });

  it('takes the reason from the body, or percent-encoded from the header', async () => {
    const fromBody = await stack.call(apiPaths.supportOrganizations, {
      method: 'POST',
      token: supportToken,
      json: { name: 'Initrode', reason: 'Customer asked in ticket 7' },
    });
    expect(fromBody.status).toBe(201);
    const initrode = organizationSchema.parse(await fromBody.json());

    const response = await stack.call(apiPaths.supportOrganization(initrode.id), {
      method: 'DELETE',
      token: supportToken,
      headers: { [supportReasonHeader]: encodeURIComponent('客户要求删除 (ticket 8)') },
    });
    expect(response.status).toBe(204);
    expect(await exists(initrode.id)).toBe(false);

    const events = await stack.database.audit.list({
      organizationId: initrode.id,
      page: 1,
      pageSize: 5,
    });
    expect(events.items.map(({ action, reason }) => [action, reason])).toEqual([
      ['organization.deleted', '客户要求删除 (ticket 8)'],
      ['organization.created', 'Customer asked in ticket 7'],
    ]);
  });

  it('answers 404 for an organization that does not exist', async () => {
    const response = await stack.call(apiPaths.supportOrganization('nosuchorg123'), {
      method: 'DELETE',
      token: supportToken,
      headers: { [supportReasonHeader]: 'Cleanup' },
    });
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ code: errorCodes.organizationNotFound.code });

    const members = await stack.call(apiPaths.members('nosuchorg123'), { token: supportToken });
    expect(members.status).toBe(404);
  });
});

describe('support acting inside an organization', () => {
  it('works with a reason, which the organization’s admins then read in their audit log', async () => {
    const { acme } = stack.organizations;
    const response = await stack.call(apiPaths.organization(acme), {
      method: 'PATCH',
      token: supportToken,
      json: { description: 'Fixed by support' },
      headers: { [supportReasonHeader]: 'Ticket 2002: typo in the description' },
    });
    expect(response.status).toBe(200);

    const log = await stack.call(`${apiPaths.auditEvents(acme)}?action=organization.updated`, {
      token: adminToken,
    });
    expect(log.status).toBe(200);
    const page = eventsPage.parse(await log.json());
    expect(page.items[0]).toMatchObject({
      actor: { userId: samId, kind: 'support' },
      reason: 'Ticket 2002: typo in the description',
      outcome: 'success',
    });
  });
});

describe('audit log lists', () => {
  it('filter and paginate, per organization and across them', async () => {
    const { acme } = stack.organizations;
    const byOutcome = await stack.call(`${apiPaths.supportAuditEvents}?outcome=failure`, {
      token: supportToken,
    });
    expect(byOutcome.status).toBe(200);
    const failures = eventsPage.parse(await byOutcome.json());
    expect(failures.totalCount).toBeGreaterThan(0);
    expect(failures.items.every(({ outcome }) => outcome === 'failure')).toBe(true);

    const oneOrganization = await stack.call(
      `${apiPaths.supportAuditEvents}?organizationId=${acme}&pageSize=1`,
      {
        token: supportToken,
      },
    );
    const page = eventsPage.parse(await oneOrganization.json());
    expect(page.items.every(({ organizationId }) => organizationId === acme)).toBe(true);
    expect(oneOrganization.headers.get('total-number')).toBe(String(page.totalCount));

    // An organization's own log never shows another organization's events.
    const own = eventsPage.parse(
      await (await stack.call(apiPaths.auditEvents(acme), { token: adminToken })).json(),
    );
    expect(own.items.every(({ organizationId }) => organizationId === acme)).toBe(true);

    const future = new Date(Date.now() + 60_000).toISOString();
    const none = eventsPage.parse(
      await (
        await stack.call(`${apiPaths.auditEvents(acme)}?from=${encodeURIComponent(future)}`, {
          token: adminToken,
        })
      ).json(),
    );
    expect(none).toMatchObject({ items: [], totalCount: 0 });

    const invalid = await stack.call(`${apiPaths.auditEvents(acme)}?action=nope&from=yesterday`, {
      token: adminToken,
    });
    expect(invalid.status).toBe(400);
    expect(await invalid.json()).toMatchObject({
      errors: [{ path: 'query.action' }, { path: 'query.from' }],
    });
  });
});
