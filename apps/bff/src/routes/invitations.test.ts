import type { IncomingMessage, ServerResponse } from 'node:http';

import {
  apiPaths,
  createInvitationsResultSchema,
  errorCodes,
  idempotencyKeyHeader,
  invitationDeliverySchema,
  invitationLinkSchema,
  invitationSchema,
  pageOf,
  problemSchema,
  supportReasonHeader,
  type ErrorName,
} from '@portal/shared';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';

import { demoAccount, startTestStack, type TestStack } from '../test/stack.js';

const pageSchema = pageOf(invitationSchema);
const logtoInvitationSchema = z.object({
  id: z.string(),
  invitee: z.string(),
  inviterId: z.string().nullable(),
  organizationId: z.string(),
  status: z.string(),
  expiresAt: z.number(),
  organizationRoles: z.array(z.object({ id: z.string(), name: z.string() })),
});

let stack: TestStack;
let acme: string;
let globex: string;
let memberRole: string;
let adminRole: string;
let token: string;
let adaId: string;
let unique = 0;

/** A fresh address per test, so tests do not see each other's invitations. */
const address = (name: string) => {
  unique += 1;
  return `${name}.${unique}@invitee.test`;
};

beforeAll(async () => {
  stack = await startTestStack();
  ({ acme, globex } = stack.organizations);
  memberRole = stack.roleIds.member ?? '';
  adminRole = stack.roleIds.admin ?? '';
  const ada = demoAccount(stack, 'ada');
  adaId = ada.userId;
  token = await (await stack.signIn(ada.email, ada.password)).organizationToken(acme);
}, 120_000);

afterAll(async () => {
  await stack?.close();
});

afterEach(async () => {
  await setEmailConnector(true);
  await stack.clearFaults();
});

async function setEmailConnector(enabled: boolean) {
  const response = await fetch(`${stack.emulator.url}/_emulator/email-connector`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ enabled }),
  });
  expect(response.status).toBe(204);
}

const invite = (json: unknown, headers: Record<string, string> = {}) =>
  stack.call(apiPaths.invitations(acme), { method: 'POST', token, json, headers });

async function inviteOk(json: unknown) {
  const response = await invite(json);
  expect(response.status, await response.clone().text()).toBe(201);
  return createInvitationsResultSchema.parse(await response.json()).results;
}

async function createdId(email: string, roleIds: string[] = [memberRole]) {
  const [result] = await inviteOk({ emails: [email], roleIds });
  expect(result?.outcome).toBe('created');
  return result?.invitationId ?? '';
}

async function logtoInvitation(id: string) {
  const { data, response } = await stack.setup.api.GET('/api/organization-invitations/{id}', {
    params: { path: { id } },
  });
  expect(response.status).toBe(200);
  return logtoInvitationSchema.parse(data);
}

const logtoInvitationsTo = async (invitee: string) => {
  const { data } = await stack.setup.api.GET('/api/organization-invitations', {
    params: { query: { invitee } },
  });
  return z.array(logtoInvitationSchema).parse(data);
};

/** An invitation made behind the BFF's back (another organization, or one to expire). */
async function logtoCreate(organizationId: string, invitee: string, expiresAt: number) {
  const { data, response } = await stack.setup.api.POST('/api/organization-invitations', {
    body: {
      organizationId,
      invitee,
      expiresAt,
      organizationRoleIds: [memberRole],
      messagePayload: false,
    },
  });
  expect(response.status).toBe(201);
  return logtoInvitationSchema.parse(data).id;
}

const mailTo = (to: string) => stack.emulator.deps.mailer.listMessages({ to });
const linkOf = (id: string) => `${stack.url}/invitations/${id}`;

async function expectProblem(response: Response, name: ErrorName) {
  expect(response.status, await response.clone().text()).toBe(errorCodes[name].status);
  const problem = problemSchema.parse(await response.json());
  expect(problem.code).toBe(errorCodes[name].code);
  return problem;
}

const action = (id: string, verb: 'resend' | 'renew' | 'revoke', organizationId = acme) =>
  stack.call(`${apiPaths.invitation(organizationId, id)}/${verb}`, { method: 'POST', token });

describe('POST /api/orgs/:orgId/invitations', () => {
  it('gives each address its own result: created, already a member, already invited, invalid', async () => {
    const fresh = address('fresh');
    const pending = address('pending');
    const pendingId = await createdId(pending);

    const results = await inviteOk({
      emails: [
        `  ${fresh.toUpperCase()} `,
        fresh,
        'not-an-email',
        'PRIYA.PATEL@example.com',
        pending,
      ],
      roleIds: [memberRole],
    });
    expect(results.map(({ email, outcome }) => [email, outcome])).toEqual([
      [fresh, 'created'],
      ['not-an-email', 'invalid'],
      ['priya.patel@example.com', 'already_member'],
      [pending, 'already_invited'],
    ]);
    expect(results[3]?.invitationId).toBe(pendingId);
    const [created] = results;
    expect(created).toMatchObject({ emailSent: true });
    expect(created?.link).toBeUndefined();

    // In Logto: one invitation, lower-cased, by Ada, with the role, for 7 days; the email carries the link.
    const invitation = await logtoInvitation(created?.invitationId ?? '');
    expect(invitation).toMatchObject({
      invitee: fresh,
      inviterId: adaId,
      organizationId: acme,
      status: 'Pending',
      organizationRoles: [{ id: memberRole, name: 'member' }],
    });
    expect(invitation.expiresAt - Date.now()).toBeGreaterThan(7 * 86_400_000 - 60_000);
    expect(invitation.expiresAt - Date.now()).toBeLessThanOrEqual(7 * 86_400_000);
    const mail = await mailTo(fresh);
    expect(mail).toHaveLength(1);
    expect(mail[0]?.link).toBe(linkOf(invitation.id));
    expect(await logtoInvitationsTo('priya.patel@example.com')).toEqual([]);

    // The audit log: one event per invited address, and the request's summary.
    const events = await stack.database.audit.list({
      organizationId: acme,
      action: 'invitation.created',
      page: 1,
      pageSize: 2,
    });
    expect(
      events.items.map(({ target, outcome, actor }) => [target, outcome, actor.userId]),
    ).toEqual([
      [{ type: 'invitations', id: null, label: '4 addresses' }, 'success', adaId],
      [{ type: 'invitation', id: invitation.id, label: fresh }, 'success', adaId],
    ]);
    expect(events.items[0]?.details).toMatchObject({ created: 1, alreadyMember: 1, invalid: 1 });
  });

  it('takes the expiry in days (1 to 30) and only this tenant’s people roles', async () => {
    const email = address('expiry');
    const [result] = await inviteOk({ emails: [email], roleIds: [], expiresInDays: 30 });
    const invitation = await logtoInvitation(result?.invitationId ?? '');
    expect(invitation.expiresAt - Date.now()).toBeGreaterThan(30 * 86_400_000 - 60_000);
    expect(invitation.organizationRoles).toEqual([]);

    const tooLong = await invite({ emails: [address('x')], expiresInDays: 31 });
    const problem = await expectProblem(tooLong, 'invalidInput');
    expect(problem.errors?.map(({ path }) => path)).toEqual(['body.expiresInDays']);

    const unknownRole = address('unknown-role');
    await expectProblem(
      await invite({ emails: [unknownRole], roleIds: ['no-such-role'] }),
      'roleNotFound',
    );
    expect(await logtoInvitationsTo(unknownRole)).toEqual([]);

    await expectProblem(await invite({ emails: [] }), 'invalidInput');
    await expectProblem(
      await invite({ emails: Array.from({ length: 101 }, (_, i) => `a${i}@x.test`) }),
      'invalidInput',
    );
  });

  it('with an Idempotency-Key, a retry creates nothing twice and gets the first answer', async () => {
    const emails = [address('idem-a'), address('idem-b')];
    const key = `invite-${crypto.randomUUID()}`;
    const first = await invite({ emails, roleIds: [memberRole] }, { [idempotencyKeyHeader]: key });
    expect(first.status).toBe(201);
    const firstBody: unknown = await first.json();
    const again = await invite({ emails, roleIds: [memberRole] }, { [idempotencyKeyHeader]: key });
    expect(again.status).toBe(201);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(await again.json()).toEqual(firstBody);
    for (const email of emails) {
      expect(await logtoInvitationsTo(email)).toHaveLength(1);
      expect(await mailTo(email)).toHaveLength(1);
    }

    const other = await invite(
      { emails: [address('idem-c')], roleIds: [memberRole] },
      { [idempotencyKeyHeader]: key },
    );
    await expectProblem(other, 'idempotencyKeyReused');

    // Without a key a retry is still harmless: the addresses are already invited.
    const retried = await inviteOk({ emails, roleIds: [memberRole] });
    expect(retried.map(({ outcome }) => outcome)).toEqual(['already_invited', 'already_invited']);
  });

  it('without an email connector, creates the invitation and hands out the link', async () => {
    await setEmailConnector(false);
    const email = address('no-connector');
    const [result] = await inviteOk({ emails: [email], roleIds: [memberRole] });
    expect(result).toMatchObject({ email, outcome: 'created', emailSent: false });
    expect(result?.link).toBe(linkOf(result?.invitationId ?? ''));
    expect((await logtoInvitation(result?.invitationId ?? '')).status).toBe('Pending');
    expect(await mailTo(email)).toEqual([]);

    const resend = await action(result?.invitationId ?? '', 'resend');
    expect(resend.status).toBe(200);
    expect(invitationDeliverySchema.parse(await resend.json())).toMatchObject({
      emailSent: false,
      link: linkOf(result?.invitationId ?? ''),
    });
  });

  it('reports an upstream failure for one address without losing the others', async () => {
    const [failing, fine] = [address('fails'), address('fine')];
    await stack.addFault({
      method: 'GET',
      // The member list (the email check), not the live permission check under the same prefix.
      path: `/^\\/api\\/organizations\\/${acme}\\/users$/`,
      status: 500, // not retried: one address's member check fails
      times: 1,
    });
    const results = await inviteOk({ emails: [failing, fine], roleIds: [] });
    const byEmail = new Map(results.map((result) => [result.email, result]));
    const outcomes = [byEmail.get(failing)?.outcome, byEmail.get(fine)?.outcome].sort();
    expect(outcomes).toEqual(['created', 'failed']);
    const failed = results.find((result) => result.outcome === 'failed');
    expect(failed?.code).toBe(errorCodes.upstreamError.code);
    expect(await logtoInvitationsTo(failed?.email ?? '')).toEqual([]);
  });

  it('is refused to members without invite:members, and to support without a reason', async () => {
    const max = demoAccount(stack, 'max');
    const maxToken = await (await stack.signIn(max.email, max.password)).organizationToken(acme);
    const email = address('refused');
    const refused = await stack.call(apiPaths.invitations(acme), {
      method: 'POST',
      token: maxToken,
      json: { emails: [email] },
    });
    await expectProblem(refused, 'forbidden');

    const sam = demoAccount(stack, 'sam');
    const support = await (await stack.signIn(sam.email, sam.password)).portalToken();
    await expectProblem(
      await stack.call(apiPaths.invitations(acme), {
        method: 'POST',
        token: support,
        json: { emails: [email] },
      }),
      'reasonRequired',
    );
    expect(await logtoInvitationsTo(email)).toEqual([]);
    const allowed = await stack.call(apiPaths.invitations(acme), {
      method: 'POST',
      token: support,
      json: { emails: [email] },
      headers: { [supportReasonHeader]: 'Ticket 7: customer asked' },
    });
    expect(allowed.status).toBe(201);
    expect(await logtoInvitationsTo(email)).toHaveLength(1);
  });
});

describe('GET /api/orgs/:orgId/invitations', () => {
  it('lists only this organization’s invitations, with status filter, search and pagination', async () => {
    const tag = `list${crypto.randomUUID().slice(0, 8)}`;
    const emails = [1, 2, 3].map((n) => `${tag}-${n}@invitee.test`);
    // One request each, in order: a batch is created concurrently, so its members have no defined
    // order among themselves; separate requests give "newest first" something to check.
    for (const email of emails) await inviteOk({ emails: [email], roleIds: [memberRole] });
    const elsewhere = await logtoCreate(
      globex,
      `${tag}-globex@invitee.test`,
      Date.now() + 86_400_000,
    );

    const page = async (query: string) => {
      const response = await stack.call(`${apiPaths.invitations(acme)}?${query}`, { token });
      expect(response.status).toBe(200);
      return { response, body: pageSchema.parse(await response.json()) };
    };
    const first = await page(`q=${tag.toUpperCase()}&pageSize=2`);
    expect(first.body).toMatchObject({ page: 1, pageSize: 2, totalCount: 3 });
    expect(first.body.items.map(({ email }) => email)).toEqual([emails[2], emails[1]]);
    expect(first.response.headers.get('total-number')).toBe('3');
    expect(first.response.headers.get('link')).toContain('rel="next"');
    expect(first.body.items[0]).toMatchObject({
      status: 'Pending',
      roles: [{ id: memberRole, name: 'member' }],
      inviter: { id: adaId, name: 'Ada Admin', email: 'ada@example.com' },
      acceptedUserId: null,
    });
    const second = await page(`q=${tag}&pageSize=2&page=2`);
    expect(second.body.items.map(({ email }) => email)).toEqual([emails[0]]);

    const revokedId = first.body.items[0]?.id ?? '';
    expect((await action(revokedId, 'revoke')).status).toBe(200);
    const revoked = await page(`q=${tag}&status=Revoked`);
    expect(revoked.body.items.map(({ id }) => id)).toEqual([revokedId]);
    const pending = await page(`q=${tag}&status=Pending`);
    expect(pending.body.totalCount).toBe(2);

    const all = await page('pageSize=100');
    expect(all.body.items.map(({ id }) => id)).not.toContain(elsewhere);
    expect(all.body.items.every(({ email }) => !email.includes('globex'))).toBe(true);

    await expectProblem(
      await stack.call(`${apiPaths.invitations(acme)}?status=Lost`, { token }),
      'invalidInput',
    );
  });

  it('shows a pending invitation past its expiry as Expired', async () => {
    const email = address('expired-list');
    const id = await logtoCreate(acme, email, Date.now() + 86_400_000);
    await stack.expireInvitation(id);
    const response = await stack.call(
      `${apiPaths.invitations(acme)}?status=Expired&q=${encodeURIComponent(email)}`,
      { token },
    );
    expect(
      pageSchema.parse(await response.json()).items.map((item) => [item.id, item.status]),
    ).toEqual([[id, 'Expired']]);
  });
});

describe('the organization boundary', () => {
  it('answers 404 for another organization’s invitation through this one’s path, and changes nothing', async () => {
    const email = address('globex-only');
    const id = await logtoCreate(globex, email, Date.now() + 86_400_000);
    for (const verb of ['resend', 'renew', 'revoke'] as const) {
      await expectProblem(await action(id, verb), 'invitationNotFound');
    }
    await expectProblem(
      await stack.call(`${apiPaths.invitation(acme, id)}/link`, { token }),
      'invitationNotFound',
    );
    expect(await logtoInvitation(id)).toMatchObject({ status: 'Pending', organizationId: globex });
    expect(await logtoInvitationsTo(email)).toHaveLength(1);
    expect(await mailTo(email)).toEqual([]);
    // And Ada's token is for Acme only.
    await expectProblem(await action(id, 'revoke', globex), 'organizationMismatch');
    await expectProblem(await action('no-such-invitation', 'revoke'), 'invitationNotFound');
  });
});

describe('resend, renew, revoke, link', () => {
  it('resends a pending invitation’s email with the same link', async () => {
    const email = address('resend');
    const id = await createdId(email);
    const response = await action(id, 'resend');
    expect(response.status).toBe(200);
    expect(invitationDeliverySchema.parse(await response.json())).toMatchObject({
      emailSent: true,
      link: linkOf(id),
      invitation: { id, status: 'Pending', email },
    });
    const mail = await mailTo(email);
    expect(mail.map(({ link }) => link)).toEqual([linkOf(id), linkOf(id)]);
    // Both the first email and the resent one say who invites them where (Logto adds no context
    // on /message; the BFF sends it).
    for (const message of mail) {
      expect(message.subject).toBe("You're invited to join Acme Corp");
      expect(message.text).toContain('Ada Admin invited you to join Acme Corp.');
    }
    const [event] = (
      await stack.database.audit.list({
        organizationId: acme,
        action: 'invitation.resent',
        page: 1,
        pageSize: 1,
      })
    ).items;
    expect(event).toMatchObject({
      target: { id, label: email },
      outcome: 'success',
      actor: { userId: adaId, email: 'ada@example.com' },
      // The actor's display name at the time, for the audit page's sentences.
      details: { actorName: 'Ada Admin' },
    });
  });

  it('surfaces Logto’s per-recipient throttle as a 429 with when to retry', async () => {
    const email = address('throttled');
    const id = await createdId(email); // the first of 10 emails in 10 minutes
    for (let sent = 1; sent < 10; sent += 1) expect((await action(id, 'resend')).status).toBe(200);
    const throttled = await action(id, 'resend');
    const problem = await expectProblem(throttled, 'rateLimited');
    expect(problem.retryAfter).toBe(600);
    expect(throttled.headers.get('retry-after')).toBe('600');
    expect(await mailTo(email)).toHaveLength(10);
  });

  it('does not resend an expired, revoked or accepted invitation', async () => {
    const expired = await logtoCreate(acme, address('resend-expired'), Date.now() + 86_400_000);
    await stack.expireInvitation(expired);
    const revoked = await createdId(address('resend-revoked'));
    expect((await action(revoked, 'revoke')).status).toBe(200);
    await expectProblem(await action(expired, 'resend'), 'invitationNotResendable');
    await expectProblem(await action(revoked, 'resend'), 'invitationNotResendable');
  });

  it('renews a pending invitation: a new one with the same roles and a fresh expiry, the old one revoked, the email sent', async () => {
    const email = address('renew');
    const oldId = await createdId(email, [memberRole, adminRole]);
    const response = await stack.call(`${apiPaths.invitation(acme, oldId)}/renew`, {
      method: 'POST',
      token,
      json: { expiresInDays: 3 },
    });
    expect(response.status, await response.clone().text()).toBe(201);
    const renewed = invitationDeliverySchema.parse(await response.json());
    const newId = renewed.invitation.id;
    expect(newId).not.toBe(oldId);
    expect(renewed).toMatchObject({ emailSent: true, link: linkOf(newId) });
    expect(renewed.invitation.roles.map(({ name }) => name).sort()).toEqual(['admin', 'member']);
    expect(renewed.invitation.expiresAt - Date.now()).toBeGreaterThan(3 * 86_400_000 - 60_000);
    expect(renewed.invitation.expiresAt - Date.now()).toBeLessThanOrEqual(3 * 86_400_000);
    expect((await logtoInvitation(oldId)).status).toBe('Revoked');
    expect((await logtoInvitation(newId)).status).toBe('Pending');
    expect((await mailTo(email))[0]).toMatchObject({
      link: linkOf(newId),
      subject: "You're invited to join Acme Corp",
    });

    // The replaced one cannot be renewed again.
    await expectProblem(await action(oldId, 'renew'), 'invitationNotPending');
  });

  it('renews an expired invitation', async () => {
    const email = address('renew-expired');
    const oldId = await logtoCreate(acme, email, Date.now() + 86_400_000);
    await stack.expireInvitation(oldId);
    const response = await action(oldId, 'renew');
    expect(response.status).toBe(201);
    const renewed = invitationDeliverySchema.parse(await response.json());
    expect(renewed.invitation).toMatchObject({ status: 'Pending', email });
    expect(renewed.invitation.expiresAt - Date.now()).toBeGreaterThan(7 * 86_400_000 - 60_000);
    const statuses = (await logtoInvitationsTo(email)).map(({ id, status }) => [id, status]);
    expect(statuses).toContainEqual([renewed.invitation.id, 'Pending']);
    expect(statuses).toHaveLength(2);
  });

  it('revokes a pending invitation once; its link stays copyable', async () => {
    const email = address('revoke');
    const id = await createdId(email);
    const response = await action(id, 'revoke');
    expect(response.status).toBe(200);
    expect(invitationSchema.parse(await response.json())).toMatchObject({ id, status: 'Revoked' });
    expect((await logtoInvitation(id)).status).toBe('Revoked');
    await expectProblem(await action(id, 'revoke'), 'invitationNotPending');

    const link = await stack.call(`${apiPaths.invitation(acme, id)}/link`, { token });
    expect(invitationLinkSchema.parse(await link.json())).toEqual({ link: linkOf(id) });

    const events = await stack.database.audit.list({
      organizationId: acme,
      action: 'invitation.revoked',
      targetId: id,
      page: 1,
      pageSize: 5,
    });
    expect(events.items.map(({ outcome, errorCode }) => [outcome, errorCode])).toEqual([
      ['failure', errorCodes.invitationNotPending.code],
      ['success', null],
    ]);
  });
});

describe('inviting 100 addresses at once', () => {
  it('creates and emails all of them', async () => {
    const tag = `bulk${crypto.randomUUID().slice(0, 8)}`;
    const emails = Array.from({ length: 100 }, (_, n) => `${tag}-${n}@invitee.test`);
    const started = performance.now();
    const results = await inviteOk({ emails, roleIds: [memberRole] });
    const elapsedMs = performance.now() - started;
    console.info(`Inviting 100 addresses took ${Math.round(elapsedMs)} ms against the emulator`);
    expect(results).toHaveLength(100);
    expect(results.every(({ outcome, emailSent }) => outcome === 'created' && emailSent)).toBe(
      true,
    );
    const listed = await stack.call(`${apiPaths.invitations(acme)}?q=${tag}&pageSize=100`, {
      token,
    });
    expect(pageSchema.parse(await listed.json()).totalCount).toBe(100);
    expect(await mailTo(emails[99] ?? '')).toHaveLength(1);
  }, 60_000);

  it('never has more than 4 upstream calls in flight', async () => {
    const tag = `budget${crypto.randomUUID().slice(0, 8)}`;
    const emails = Array.from({ length: 16 }, (_, n) => `${tag}-${n}@invitee.test`);
    // Counted where Logto receives them; each call waits a little there, so that calls overlap.
    let inFlight = 0;
    let most = 0;
    const count = (request: IncomingMessage, response: ServerResponse) => {
      if (!request.url?.startsWith('/api/')) return;
      inFlight += 1;
      most = Math.max(most, inFlight);
      response.once('close', () => {
        inFlight -= 1;
      });
    };
    stack.emulator.server.on('request', count);
    await stack.addFault({ path: '/api/', delay: 30, times: 1000 });
    try {
      const results = await inviteOk({ emails, roleIds: [] });
      expect(results.every(({ outcome }) => outcome === 'created')).toBe(true);
    } finally {
      stack.emulator.server.off('request', count);
    }
    expect(most).toBeGreaterThanOrEqual(2);
    expect(most).toBeLessThanOrEqual(4);
  }, 30_000);
});
