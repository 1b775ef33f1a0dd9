import {
  acceptInvitationResultSchema,
  apiPaths,
  createInvitationsResultSchema,
  errorCodes,
  inviteeInvitationSchema,
  problemSchema,
  type ErrorName,
} from '@portal/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';

import { demoAccount, startTestStack, type TestStack } from '../test/stack.js';

let stack: TestStack;
let acme: string;
let memberRole: string;
let adminToken: string;

beforeAll(async () => {
  stack = await startTestStack();
  ({ acme } = stack.organizations);
  memberRole = stack.roleIds.member ?? '';
  const ada = demoAccount(stack, 'ada');
  adminToken = await (await stack.signIn(ada.email, ada.password)).organizationToken(acme);
}, 120_000);

afterAll(async () => {
  await stack?.close();
});

/** A new user (no organization) signed in with a portal API token, as the SPA's accept page has. */
async function invitee(username: string) {
  const user = await stack.createUser({ username });
  const token = await (await stack.signIn(user.email, user.password)).portalToken();
  return { ...user, token };
}

/** Ada invites the address to Acme as a member, through the BFF. */
async function invite(email: string) {
  const response = await stack.call(apiPaths.invitations(acme), {
    method: 'POST',
    token: adminToken,
    json: { emails: [email], roleIds: [memberRole] },
  });
  expect(response.status).toBe(201);
  const [result] = createInvitationsResultSchema.parse(await response.json()).results;
  expect(result?.outcome).toBe('created');
  return result?.invitationId ?? '';
}

const view = (id: string, token: string) => stack.call(apiPaths.inviteeInvitation(id), { token });
const accept = (id: string, token: string) =>
  stack.call(apiPaths.acceptInvitation(id), { method: 'POST', token });

async function logtoStatus(id: string) {
  const { data } = await stack.setup.api.GET('/api/organization-invitations/{id}', {
    params: { path: { id } },
  });
  return z.object({ status: z.string() }).parse(data).status;
}

async function rolesIn(organizationId: string, userId: string) {
  const { data, response } = await stack.setup.api.GET(
    '/api/organizations/{id}/users/{userId}/roles',
    { params: { path: { id: organizationId, userId } } },
  );
  return response.status === 200 ? (data ?? []).map(({ name }) => name) : undefined;
}

async function expectProblem(response: Response, name: ErrorName) {
  expect(response.status, await response.clone().text()).toBe(errorCodes[name].status);
  expect(problemSchema.parse(await response.json()).code).toBe(errorCodes[name].code);
}

describe('GET /api/invitations/:invitationId', () => {
  it('shows the organization, the inviter, the roles, the expiry and whether the email matches', async () => {
    const wanda = await invitee('wanda');
    const id = await invite(wanda.email.toUpperCase());
    const response = await view(id, wanda.token);
    expect(response.status).toBe(200);
    const invitation = inviteeInvitationSchema.parse(await response.json());
    expect(invitation).toMatchObject({
      id,
      organization: { id: acme },
      inviterName: 'Ada Admin',
      roles: [{ id: memberRole, name: 'member' }],
      status: 'Pending',
      emailMatches: true,
      invitedEmail: wanda.email,
      signedInEmail: wanda.email,
    });
    expect(invitation.organization.name).toMatch(/acme/i);
    expect(invitation.expiresAt).toBeGreaterThan(Date.now());

    // Someone else holding the link learns which account to use, not the address.
    const other = await invitee('otto');
    const theirs = inviteeInvitationSchema.parse(await (await view(id, other.token)).json());
    expect(theirs).toMatchObject({ emailMatches: false, invitedEmail: 'w•••@example.com' });
    expect(await logtoStatus(id)).toBe('Pending');

    await expectProblem(await view('no-such-invitation', wanda.token), 'invitationNotFound');
    // An organization token is not the invitee's side's token.
    await expectProblem(await view(id, adminToken), 'wrongAudience');
  });
});

describe('POST /api/invitations/:invitationId/accept', () => {
  it('makes the invited user a member with the invitation’s roles, once', async () => {
    const alma = await invitee('alma');
    const id = await invite(alma.email);
    expect(await rolesIn(acme, alma.id)).toBeUndefined();

    const response = await accept(id, alma.token);
    expect(response.status, await response.clone().text()).toBe(200);
    expect(acceptInvitationResultSchema.parse(await response.json())).toEqual({
      organizationId: acme,
      roles: [{ id: memberRole, name: 'member' }],
    });
    expect(await rolesIn(acme, alma.id)).toEqual(['member']);
    expect(await logtoStatus(id)).toBe('Accepted');
    // Now a member, the user's organization token works.
    const session = await stack.signIn(alma.email, alma.password);
    expect((await session.requestOrganizationToken(acme)).status).toBe(200);

    await expectProblem(await accept(id, alma.token), 'invitationAlreadyAccepted');
    const viewed = inviteeInvitationSchema.parse(await (await view(id, alma.token)).json());
    expect(viewed.status).toBe('Accepted');

    const [event] = (
      await stack.database.audit.list({
        organizationId: acme,
        action: 'invitation.accepted',
        targetId: id,
        page: 1,
        pageSize: 5,
      })
    ).items;
    expect(event).toMatchObject({
      outcome: 'failure',
      errorCode: errorCodes.invitationAlreadyAccepted.code,
      actor: { userId: alma.id, kind: 'member' },
    });
    const events = await stack.database.audit.list({
      organizationId: acme,
      action: 'invitation.accepted',
      targetId: id,
      page: 1,
      pageSize: 5,
    });
    expect(events.items.map(({ outcome }) => outcome)).toEqual(['failure', 'success']);
  });

  it('refuses another user’s invitation, and nothing is used up', async () => {
    const bea = await invitee('bea');
    const mallory = await invitee('mallory');
    const id = await invite(bea.email);

    await expectProblem(await accept(id, mallory.token), 'invitationEmailMismatch');
    expect(await logtoStatus(id)).toBe('Pending');
    expect(await rolesIn(acme, mallory.id)).toBeUndefined();

    // The right person still can.
    expect((await accept(id, bea.token)).status).toBe(200);
    expect(await rolesIn(acme, bea.id)).toEqual(['member']);
  });

  it('refuses a revoked invitation', async () => {
    const cleo = await invitee('cleo');
    const id = await invite(cleo.email);
    const revoke = await stack.call(apiPaths.invitationRevoke(acme, id), {
      method: 'POST',
      token: adminToken,
    });
    expect(revoke.status).toBe(200);
    await expectProblem(await accept(id, cleo.token), 'invitationRevoked');
    expect(await rolesIn(acme, cleo.id)).toBeUndefined();
  });

  it('refuses an expired invitation', async () => {
    const dora = await invitee('dora');
    const { data } = await stack.setup.api.POST('/api/organization-invitations', {
      body: {
        organizationId: acme,
        invitee: dora.email,
        expiresAt: Date.now() + 86_400_000,
        organizationRoleIds: [memberRole],
        messagePayload: false,
      },
    });
    const { id } = z.object({ id: z.string() }).parse(data);
    await stack.expireInvitation(id);
    const viewed = inviteeInvitationSchema.parse(await (await view(id, dora.token)).json());
    expect(viewed.status).toBe('Expired');
    await expectProblem(await accept(id, dora.token), 'invitationExpired');
    expect(await rolesIn(acme, dora.id)).toBeUndefined();
  });

  it('answers 404 for an unknown invitation and 401 without a token', async () => {
    const eve = await invitee('eve');
    await expectProblem(await accept('no-such-invitation', eve.token), 'invitationNotFound');
    const response = await stack.call(apiPaths.acceptInvitation('whatever'), { method: 'POST' });
    await expectProblem(response, 'unauthenticated');
  });
});
