// Ports logto-io/logto @logto/core@1.42.0 packages/integration-tests/src/tests/api/organization/organization-invitation.status.test.ts
import { afterEach, describe, expect, it } from 'vitest';

import { OrganizationApiTest, OrganizationInvitationApiTest } from './support/organization.js';
import { UserApiTest } from './support/user.js';
import { expectErrorResponse, randomId as randomIdOfSize } from './support/utils.js';

const randomId = () => randomIdOfSize(4);

describe('organization invitation status update', () => {
  const invitationApi = new OrganizationInvitationApiTest();
  const organizationApi = new OrganizationApiTest();
  const userApi = new UserApiTest();

  afterEach(async () => {
    await Promise.all([
      organizationApi.cleanUp(),
      organizationApi.roleApi.cleanUp(),
      invitationApi.cleanUp(),
      userApi.cleanUp(),
    ]);
  });

  /** A pending invitation to a new organization (every test of Logto's file starts with one). */
  async function createPendingInvitation(organizationRoleIds?: string[]) {
    const organization = await organizationApi.create({ name: 'test' });
    const invitation = await invitationApi.create({
      organizationId: organization.id,
      invitee: `${randomId()}@example.com`,
      expiresAt: Date.now() + 1_000_000,
      organizationRoleIds,
    });
    expect(invitation.status).toBe('Pending');
    return { organization, invitation };
  }

  it('should expire invitations and disable update after the expiration date', async () => {
    const organization = await organizationApi.create({ name: 'test' });
    const invitation = await invitationApi.create({
      organizationId: organization.id,
      invitee: `${randomId()}@example.com`,
      expiresAt: Date.now() + 100,
    });
    expect(invitation.status).toBe('Pending');

    await new Promise((resolve) => {
      setTimeout(resolve, 200);
    });

    const invitationById = await invitationApi.get(invitation.id);
    expect(invitationById.status).toBe('Expired');

    const error = await invitationApi
      .updateStatus(invitation.id, 'Accepted')
      .catch((error: unknown) => error);
    expectErrorResponse(error, 422, 'request.invalid_input');
  });

  it('should be able to accept an invitation', async () => {
    const { organization, invitation } = await createPendingInvitation();

    const user = await userApi.create({ primaryEmail: invitation.invitee });
    const updated = await invitationApi.updateStatus(invitation.id, 'Accepted', user.id);

    expect(updated.status).toBe('Accepted');

    const userOrganizations = await organizationApi.getUserOrganizations(user.id);
    expect(userOrganizations).toContainEqual(
      expect.objectContaining({ id: organization.id, name: organization.name }),
    );
  });

  it('should be able to accept an invitation with roles', async () => {
    const role = await organizationApi.roleApi.create({ name: 'test' });
    const { organization, invitation } = await createPendingInvitation([role.id]);

    const user = await userApi.create({ primaryEmail: invitation.invitee });
    const updated = await invitationApi.updateStatus(invitation.id, 'Accepted', user.id);

    expect(updated.status).toBe('Accepted');

    const userOrganizations = await organizationApi.getUserOrganizations(user.id);
    expect(userOrganizations).toContainEqual(
      expect.objectContaining({
        id: organization.id,
        name: organization.name,
        organizationRoles: [expect.objectContaining({ id: role.id, name: role.name })],
      }),
    );
  });

  it('should not be able to accept an invitation with a different email', async () => {
    const { invitation } = await createPendingInvitation();

    const user = await userApi.create({ primaryEmail: `${randomId()}@example.com` });
    const error = await invitationApi
      .updateStatus(invitation.id, 'Accepted', user.id)
      .catch((error: unknown) => error);

    expectErrorResponse(error, 422, 'request.invalid_input');
  });

  it('should not be able to accept an invitation with an invalid user id', async () => {
    const { invitation } = await createPendingInvitation();

    const error = await invitationApi
      .updateStatus(invitation.id, 'Accepted', 'invalid')
      .catch((error: unknown) => error);

    expectErrorResponse(error, 404, 'entity.not_found');
  });

  it('should not be able to update the status of an ended invitation', async () => {
    const { invitation } = await createPendingInvitation();

    await invitationApi.updateStatus(invitation.id, 'Revoked');

    const error = await invitationApi
      .updateStatus(invitation.id, 'Accepted')
      .catch((error: unknown) => error);

    expectErrorResponse(error, 422, 'request.invalid_input');
  });
});
