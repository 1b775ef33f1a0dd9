/**
 * Invitation emails: the only tests that depend on the target's email connector. They live in one file
 * (run in order) because, against the emulator, they switch its connector off and back on; the other
 * files never send a message, so they do not care about its state.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';

import { expectBody, expectError, expectNoContent } from './support/assertions.js';
import {
  createInvitation,
  createOrganization,
  missingId,
  uniqueEmail,
  useTestCleanup,
} from './support/fixtures.js';
import { api, readEmulatorMailbox, setEmulatorEmailConnector, target } from './support/http.js';
import { invitationSchema } from './support/schemas.js';

const oneDay = 86_400_000;
const switchable = target.emailConnector === 'switchable';
const withConnector = switchable || target.emailConnector === 'present';
const withoutConnector = switchable || target.emailConnector === 'absent';

describe.runIf(withConnector)('with an email connector', () => {
  const cleanup = useTestCleanup();

  beforeAll(async () => {
    if (switchable) await setEmulatorEmailConnector(true);
  });

  it('creates an invitation and sends it when messagePayload is given', async () => {
    const organization = await createOrganization(cleanup);
    const invitee = uniqueEmail('mail');
    const link = `https://portal.example/invitation/${invitee}`;

    const response = await api('/api/organization-invitations', {
      json: {
        organizationId: organization.id,
        invitee,
        expiresAt: Date.now() + oneDay,
        messagePayload: { link },
      },
    });

    const invitation = expectBody(response, 201, invitationSchema);
    cleanup.deleteLater(`/api/organization-invitations/${invitation.id}`);
    expect(invitation).toMatchObject({
      invitee,
      status: 'Pending',
      organizationId: organization.id,
    });
    if (target.kind === 'emulator') expect(await readEmulatorMailbox(invitee)).toContain(link);
  });

  it('POST /{id}/message resends the invitation: 204', async () => {
    const organization = await createOrganization(cleanup);
    const invitation = await createInvitation(cleanup, { organizationId: organization.id });

    const link = `https://portal.example/invitation/resent/${invitation.id}`;

    const response = await api(`/api/organization-invitations/${invitation.id}/message`, {
      json: { link },
    });

    expectNoContent(response);
    if (target.kind === 'emulator')
      expect(await readEmulatorMailbox(invitation.invitee)).toContain(link);
  });

  it('POST /{id}/message does not check the status: a revoked invitation is sent too', async () => {
    const organization = await createOrganization(cleanup);
    const invitation = await createInvitation(cleanup, { organizationId: organization.id });
    await api(`/api/organization-invitations/${invitation.id}/status`, {
      method: 'PUT',
      json: { status: 'Revoked' },
    });

    const response = await api(`/api/organization-invitations/${invitation.id}/message`, {
      json: { link: 'https://portal.example/invitation/revoked' },
    });

    expectNoContent(response);
  });

  it('POST /{id}/message answers 404 entity.not_found for an unknown invitation', async () => {
    const response = await api(`/api/organization-invitations/${missingId(21)}/message`, {
      json: { link: 'https://portal.example/invitation/none' },
    });

    expectError(response, 404, 'entity.not_found');
  });
});

describe.runIf(withoutConnector)('without an email connector', () => {
  const cleanup = useTestCleanup();

  beforeAll(async () => {
    if (switchable) await setEmulatorEmailConnector(false);
  });
  afterAll(async () => {
    if (switchable) await setEmulatorEmailConnector(true);
  });

  it('answers 501 connector.not_found to a create with messagePayload, and creates nothing (samples/36)', async () => {
    const organization = await createOrganization(cleanup);
    const invitee = uniqueEmail('dave');

    const response = await api('/api/organization-invitations', {
      json: {
        organizationId: organization.id,
        invitee,
        expiresAt: Date.now() + oneDay,
        messagePayload: { link: 'https://example.com/invite' },
      },
    });

    expectError(response, 501, 'connector.not_found');
    expect(response.body).toEqual({
      code: 'connector.not_found',
      message: 'Cannot find any available connector for type: Email.',
    });
    const listed = expectBody(
      await api('/api/organization-invitations', {
        query: { organizationId: organization.id, invitee },
      }),
      200,
      z.array(invitationSchema),
    );
    expect(listed).toEqual([]);
    if (target.kind === 'emulator')
      expect(await readEmulatorMailbox(invitee)).not.toContain(invitee);
  });

  it('still creates invitations with messagePayload: false', async () => {
    const organization = await createOrganization(cleanup);

    const invitation = await createInvitation(cleanup, {
      organizationId: organization.id,
      messagePayload: false,
    });

    expect(invitation.status).toBe('Pending');
  });

  it('answers 501 connector.not_found to POST /{id}/message (samples/43)', async () => {
    const organization = await createOrganization(cleanup);
    const invitation = await createInvitation(cleanup, { organizationId: organization.id });

    const response = await api(`/api/organization-invitations/${invitation.id}/message`, {
      json: { link: 'https://example.com/invite' },
    });

    expectError(response, 501, 'connector.not_found');
    expect(response.body).toEqual({
      code: 'connector.not_found',
      message: 'Cannot find any available connector for type: Email.',
    });
  });
});
