import { setTimeout as sleep } from 'node:timers/promises';

import { beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';

import {
  expectBody,
  expectError,
  expectKeyOrder,
  expectNoContent,
  expectNoPagination,
  sortedById,
} from './support/assertions.js';
import {
  addMembers,
  createInvitation,
  createOrganization,
  createOrganizationRole,
  createUser,
  missingId,
  uniqueEmail,
  uniqueName,
  useFileCleanup,
  useTestCleanup,
} from './support/fixtures.js';
import { api } from './support/http.js';
import {
  invitationKeys,
  invitationSchema,
  memberSchema,
  type Invitation,
  type OrganizationRole,
} from './support/schemas.js';

const invitationList = z.array(invitationSchema);
const oneDay = 86_400_000;

const fileCleanup = useFileCleanup();
let viewer: OrganizationRole;
let editor: OrganizationRole;

beforeAll(async () => {
  const prefix = uniqueName('inv');
  // Created in reverse name order, so a name-sorted list differs from creation order.
  viewer = await createOrganizationRole(fileCleanup, { name: `${prefix}_viewer` });
  editor = await createOrganizationRole(fileCleanup, { name: `${prefix}_editor` });
});

describe('POST /api/organization-invitations', () => {
  const cleanup = useTestCleanup();

  it('creates a Pending invitation with its roles, sending nothing by default (samples/35)', async () => {
    const organization = await createOrganization(cleanup);
    const invitee = uniqueEmail('carol');
    const expiresAt = Date.now() + oneDay;
    const before = Date.now();

    const response = await api('/api/organization-invitations', {
      json: {
        organizationId: organization.id,
        invitee,
        expiresAt,
        organizationRoleIds: [viewer.id, editor.id],
      },
    });

    const invitation = expectBody(response, 201, invitationSchema);
    cleanup.deleteLater(`/api/organization-invitations/${invitation.id}`);
    expectKeyOrder(response.body, invitationKeys);
    expect(invitation).toMatchObject({
      inviterId: null,
      invitee,
      acceptedUserId: null,
      organizationId: organization.id,
      status: 'Pending',
      expiresAt,
      organizationRoles: [editor, viewer].map(({ id, name }) => ({ id, name })),
    });
    expect(invitation.createdAt).toBeGreaterThanOrEqual(before - 60_000);
    expect(invitation.updatedAt).toBe(invitation.createdAt);
  });

  it('records the inviter and accepts messagePayload: false (samples/37)', async () => {
    const organization = await createOrganization(cleanup);
    const inviter = await createUser(cleanup);

    const invitation = await createInvitation(cleanup, {
      organizationId: organization.id,
      inviterId: inviter.id,
      messagePayload: false,
    });

    expect(invitation).toMatchObject({
      inviterId: inviter.id,
      organizationRoles: [],
      status: 'Pending',
    });
  });

  it('answers 400 request.invalid_input for an expiry in the past (samples/38)', async () => {
    const organization = await createOrganization(cleanup);

    const response = await api('/api/organization-invitations', {
      json: { organizationId: organization.id, invitee: uniqueEmail('frank'), expiresAt: 1000 },
    });

    expectError(response, 400, 'request.invalid_input');
    expect(response.body).toEqual({
      code: 'request.invalid_input',
      message: 'Input is invalid. The value of `expiresAt` must be in the future.',
    });
  });

  it('answers 400 guard.invalid_input for an invitee that is not an email (samples/39)', async () => {
    const organization = await createOrganization(cleanup);

    const response = await api('/api/organization-invitations', {
      json: {
        organizationId: organization.id,
        invitee: 'not-an-email',
        expiresAt: Date.now() + oneDay,
      },
    });

    expectError(response, 400, 'guard.invalid_input');
    expect(response.body).toEqual({
      code: 'guard.invalid_input',
      data: {
        issues: [
          {
            validation: 'email',
            code: 'invalid_string',
            message: 'Invalid email',
            path: ['invitee'],
          },
        ],
        name: 'ZodError',
      },
      details: 'Error in key path "invitee": (invalid_string) Invalid email',
      message: 'The request body is invalid.',
    });
  });

  it('answers 400 guard.invalid_input without expiresAt or organizationId', async () => {
    const organization = await createOrganization(cleanup);

    const withoutExpiry = await api('/api/organization-invitations', {
      json: { organizationId: organization.id, invitee: uniqueEmail('x') },
    });
    expect(expectError(withoutExpiry, 400, 'guard.invalid_input').details).toContain(
      'Error in key path "expiresAt": (invalid_type)',
    );

    const withoutOrganization = await api('/api/organization-invitations', {
      json: { invitee: uniqueEmail('x'), expiresAt: Date.now() + oneDay },
    });
    expect(expectError(withoutOrganization, 400, 'guard.invalid_input').details).toContain(
      'Error in key path "organizationId": (invalid_type)',
    );
  });

  it('answers 422 request.invalid_input when the invitee is already a member', async () => {
    const organization = await createOrganization(cleanup);
    const email = uniqueEmail('member');
    const member = await createUser(cleanup, { primaryEmail: email });
    await addMembers(organization.id, [member.id]);

    const response = await api('/api/organization-invitations', {
      json: { organizationId: organization.id, invitee: email, expiresAt: Date.now() + oneDay },
    });

    expectError(response, 422, 'request.invalid_input');
  });

  it('answers 422 entity.unique_integrity_violation for a second Pending invitation to the same email', async () => {
    const organization = await createOrganization(cleanup);
    const other = await createOrganization(cleanup);
    const first = await createInvitation(cleanup, { organizationId: organization.id });

    const duplicate = await api('/api/organization-invitations', {
      json: {
        organizationId: organization.id,
        invitee: first.invitee,
        expiresAt: Date.now() + oneDay,
      },
    });

    expectError(duplicate, 422, 'entity.unique_integrity_violation');
    // The same email may be invited to another organization.
    await createInvitation(cleanup, { organizationId: other.id, invitee: first.invitee });
    // And again to this one once the first invitation is no longer Pending.
    await api(`/api/organization-invitations/${first.id}/status`, {
      method: 'PUT',
      json: { status: 'Revoked' },
    });
    await createInvitation(cleanup, { organizationId: organization.id, invitee: first.invitee });
  });

  it('answers 422 entity.relation_foreign_key_not_found for an unknown organization, inviter or role', async () => {
    const organization = await createOrganization(cleanup);
    const base = { invitee: uniqueEmail('fk'), expiresAt: Date.now() + oneDay };

    for (const json of [
      { ...base, organizationId: missingId(12) },
      { ...base, organizationId: organization.id, inviterId: missingId(12) },
      { ...base, organizationId: organization.id, organizationRoleIds: [missingId(21)] },
    ]) {
      const response = await api('/api/organization-invitations', { json });
      expectError(response, 422, 'entity.relation_foreign_key_not_found');
    }
    const left = expectBody(
      await api('/api/organization-invitations', { query: { organizationId: organization.id } }),
      200,
      invitationList,
    );
    expect(left).toEqual([]);
  });
});

describe('GET /api/organization-invitations', () => {
  const cleanup = useFileCleanup();
  let organizationId: string;
  let otherOrganizationId: string;
  let inviterId: string;
  let first: Invitation;
  let second: Invitation;
  let elsewhere: Invitation;

  beforeAll(async () => {
    organizationId = (await createOrganization(cleanup)).id;
    otherOrganizationId = (await createOrganization(cleanup)).id;
    inviterId = (await createUser(cleanup)).id;
    first = await createInvitation(cleanup, { organizationId, organizationRoleIds: [viewer.id] });
    await sleep(5);
    second = await createInvitation(cleanup, { organizationId, inviterId });
    elsewhere = await createInvitation(cleanup, { organizationId: otherOrganizationId, inviterId });
  });

  it('filters by organizationId, newest first, ignoring page parameters: no pagination (samples/40, 41)', async () => {
    const response = await api('/api/organization-invitations', {
      query: { organizationId, page: 1, page_size: 1 },
    });

    expect(expectBody(response, 200, invitationList)).toEqual([second, first]);
    expectNoPagination(response);
    for (const invitation of z.array(z.unknown()).parse(response.body))
      expectKeyOrder(invitation, invitationKeys);
  });

  it('filters by inviterId', async () => {
    const response = await api('/api/organization-invitations', { query: { inviterId } });

    expect(sortedById(expectBody(response, 200, invitationList))).toEqual(
      sortedById([second, elsewhere]),
    );
  });

  it('filters by invitee, case-insensitively, and combines filters', async () => {
    const byInvitee = await api('/api/organization-invitations', {
      query: { invitee: first.invitee.toUpperCase() },
    });
    expect(expectBody(byInvitee, 200, invitationList)).toEqual([first]);

    const combined = await api('/api/organization-invitations', {
      query: { organizationId: otherOrganizationId, inviterId },
    });
    expect(expectBody(combined, 200, invitationList)).toEqual([elsewhere]);
  });

  it("lists every organization's invitations without filters", async () => {
    const response = await api('/api/organization-invitations');

    const all = expectBody(response, 200, invitationList);
    for (const invitation of [first, second, elsewhere]) expect(all).toContainEqual(invitation);
  });

  it('GET /{id} returns one invitation (samples/42); unknown is 404 entity.not_found (samples/48)', async () => {
    const response = await api(`/api/organization-invitations/${first.id}`);

    expect(expectBody(response, 200, invitationSchema)).toEqual(first);
    expectKeyOrder(response.body, invitationKeys);
    const unknown = await api(`/api/organization-invitations/${missingId(21)}`);
    expectError(unknown, 404, 'entity.not_found');
    expect(unknown.body).toEqual({
      code: 'entity.not_found',
      message: 'The resource does not exist.',
    });
  });
});

describe('PUT /api/organization-invitations/{id}/status', () => {
  const cleanup = useTestCleanup();

  async function pendingInvitation(invitee = uniqueEmail('dana')) {
    const organization = await createOrganization(cleanup);
    const invitation = await createInvitation(cleanup, {
      organizationId: organization.id,
      invitee,
      organizationRoleIds: [viewer.id, editor.id],
    });
    return { organization, invitation };
  }

  const setStatus = async (id: string, json: Record<string, unknown>) =>
    api(`/api/organization-invitations/${id}/status`, { method: 'PUT', json });

  it('Revoked: 200 with the new status (samples/44); again: 422 request.invalid_input (samples/45)', async () => {
    const { invitation } = await pendingInvitation();

    const response = await setStatus(invitation.id, { status: 'Revoked' });

    const revoked = expectBody(response, 200, invitationSchema);
    expectKeyOrder(response.body, invitationKeys);
    expect(revoked).toEqual({ ...invitation, status: 'Revoked', updatedAt: revoked.updatedAt });
    expect(revoked.updatedAt).toBeGreaterThanOrEqual(invitation.updatedAt);

    const again = await setStatus(invitation.id, { status: 'Revoked' });
    expect(again.status).toBe(422);
    expect(again.body).toEqual({
      code: 'request.invalid_input',
      message: 'Input is invalid. The status of the invitation cannot be changed anymore.',
    });
    expectError(
      await setStatus(invitation.id, { status: 'Accepted' }),
      422,
      'request.invalid_input',
    );
  });

  it('Accepted: makes the user a member with the invitation roles; the email matches case-insensitively', async () => {
    const invitee = uniqueEmail('erin');
    const { organization, invitation } = await pendingInvitation(invitee);
    const [local, domain] = invitee.split('@');
    const user = await createUser(cleanup, { primaryEmail: `${local!.toUpperCase()}@${domain}` });

    const response = await setStatus(invitation.id, {
      status: 'Accepted',
      acceptedUserId: user.id,
    });

    const accepted = expectBody(response, 200, invitationSchema);
    expect(accepted).toMatchObject({
      id: invitation.id,
      status: 'Accepted',
      acceptedUserId: user.id,
    });
    const members = expectBody(
      await api(`/api/organizations/${organization.id}/users`),
      200,
      z.array(memberSchema),
    );
    expect(members.map(({ id }) => id)).toEqual([user.id]);
    expect(members[0]?.organizationRoles).toEqual(
      [editor, viewer].map(({ id, name }) => ({ id, name })),
    );
    expect(
      expectBody(
        await api(`/api/organization-invitations/${invitation.id}`),
        200,
        invitationSchema,
      ),
    ).toEqual(accepted);

    const again = await setStatus(invitation.id, { status: 'Accepted', acceptedUserId: user.id });
    expectError(again, 422, 'request.invalid_input');
    expect(again.body).toMatchObject({
      message: 'Input is invalid. The status of the invitation cannot be changed anymore.',
    });
    expectError(
      await setStatus(invitation.id, { status: 'Revoked' }),
      422,
      'request.invalid_input',
    );
  });

  it('Accepted: works when the user is already a member', async () => {
    const invitee = uniqueEmail('gina');
    const { organization, invitation } = await pendingInvitation(invitee);
    const user = await createUser(cleanup, { primaryEmail: invitee });
    // Added after the invitation was created (the member check only runs at creation).
    await addMembers(organization.id, [user.id]);

    const response = await setStatus(invitation.id, {
      status: 'Accepted',
      acceptedUserId: user.id,
    });

    expect(expectBody(response, 200, invitationSchema).status).toBe('Accepted');
    const [member] = expectBody(
      await api(`/api/organizations/${organization.id}/users`),
      200,
      z.array(memberSchema),
    );
    expect(member?.organizationRoles).toEqual(
      [editor, viewer].map(({ id, name }) => ({ id, name })),
    );
  });

  it("Accepted: 422 when the user's email differs from the invitee", async () => {
    const { invitation } = await pendingInvitation();
    const stranger = await createUser(cleanup, { primaryEmail: uniqueEmail('stranger') });

    const response = await setStatus(invitation.id, {
      status: 'Accepted',
      acceptedUserId: stranger.id,
    });

    expectError(response, 422, 'request.invalid_input');
    expect(response.body).toMatchObject({
      message: 'Input is invalid. The accepted user must have the same email as the invitee.',
    });
    expect(
      expectBody(await api(`/api/organization-invitations/${invitation.id}`), 200, invitationSchema)
        .status,
    ).toBe('Pending');
  });

  it('Accepted: 422 without acceptedUserId, 404 entity.not_found for an unknown user', async () => {
    const { invitation } = await pendingInvitation();

    expectError(
      await setStatus(invitation.id, { status: 'Accepted' }),
      422,
      'request.invalid_input',
    );
    expectError(
      await setStatus(invitation.id, { status: 'Accepted', acceptedUserId: missingId(12) }),
      404,
      'entity.not_found',
    );
  });

  it('answers 400 guard.invalid_input for a status other than Accepted or Revoked (samples/46)', async () => {
    const { invitation } = await pendingInvitation();

    const response = await setStatus(invitation.id, { status: 'Pending' });

    expect(response.status).toBe(400);
    expect(response.body).toEqual({
      code: 'guard.invalid_input',
      data: {
        issues: [
          {
            received: 'Pending',
            code: 'invalid_enum_value',
            options: ['Accepted', 'Revoked'],
            path: ['status'],
            message: "Invalid enum value. Expected 'Accepted' | 'Revoked', received 'Pending'",
          },
        ],
        name: 'ZodError',
      },
      details:
        "Error in key path \"status\": (invalid_enum_value) Invalid enum value. Expected 'Accepted' | 'Revoked', received 'Pending'",
      message: 'The request body is invalid.',
    });
  });

  it('answers 404 entity.not_found for an unknown invitation', async () => {
    const response = await setStatus(missingId(21), { status: 'Revoked' });

    expectError(response, 404, 'entity.not_found');
  });
});

describe('DELETE /api/organization-invitations/{id}', () => {
  const cleanup = useTestCleanup();

  it('answers 204 (samples/47), then 404 entity.not_found', async () => {
    const organization = await createOrganization(cleanup);
    const invitation = await createInvitation(cleanup, { organizationId: organization.id });

    expectNoContent(
      await api(`/api/organization-invitations/${invitation.id}`, { method: 'DELETE' }),
    );

    expectError(
      await api(`/api/organization-invitations/${invitation.id}`),
      404,
      'entity.not_found',
    );
    expectError(
      await api(`/api/organization-invitations/${invitation.id}`, { method: 'DELETE' }),
      404,
      'entity.not_found',
    );
  });
});

describe('expiry', () => {
  const cleanup = useTestCleanup();

  it('reports a Pending invitation past expiresAt as Expired, refuses status changes, and allows a new invitation', async () => {
    const organization = await createOrganization(cleanup);
    // Logto refuses an expiry already past when the request arrives: enough ahead that a slow request
    // (seconds, on a loaded machine or a remote Logto) still creates it Pending.
    const expiresAt = Date.now() + 5000;
    const invitation = await createInvitation(cleanup, {
      organizationId: organization.id,
      expiresAt,
    });
    expect(invitation.status).toBe('Pending');

    // The one wait of the suite: Logto computes Expired on read, so there is nothing to trigger.
    await sleep(Math.max(0, expiresAt - Date.now()) + 500);

    const expired = expectBody(
      await api(`/api/organization-invitations/${invitation.id}`),
      200,
      invitationSchema,
    );
    expect(expired).toEqual({ ...invitation, status: 'Expired' });
    const listed = expectBody(
      await api('/api/organization-invitations', { query: { organizationId: organization.id } }),
      200,
      invitationList,
    );
    expect(listed).toEqual([expired]);
    const refused = await api(`/api/organization-invitations/${invitation.id}/status`, {
      method: 'PUT',
      json: { status: 'Revoked' },
    });
    expectError(refused, 422, 'request.invalid_input');

    const renewed = await createInvitation(cleanup, {
      organizationId: organization.id,
      invitee: invitation.invitee,
    });
    expect(renewed.status).toBe('Pending');
    const statuses = expectBody(
      await api('/api/organization-invitations', { query: { organizationId: organization.id } }),
      200,
      invitationList,
    ).map(({ id, status }) => [id, status]);
    expect(statuses).toEqual([
      [renewed.id, 'Pending'],
      [invitation.id, 'Expired'],
    ]);
  });
});
