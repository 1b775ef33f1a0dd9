import { allOrganizationPermissions, type ErrorName } from '@portal/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';

import { ApiError } from '../errors.js';
import type { ManagementClient } from './management-client.js';
import { startTestTenant, type TestTenant } from './test-tenant.js';
import {
  EmailConnectorMissingError,
  isEmailConnectorMissing,
  LogtoResponseError,
} from './upstream-errors.js';

/** Awaits a call that must fail, and checks it failed with this named error. */
async function expectApiError(call: Promise<unknown>, name: ErrorName, status: number) {
  const error = await call.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(ApiError);
  if (!(error instanceof ApiError)) throw new Error('unreachable');
  expect({ name: error.errorName, status: error.status }).toEqual({ name, status });
  return error;
}

const mailboxSchema = z.array(z.object({ to: z.string(), link: z.string().nullable() }));

describe('Management API client against the emulator', () => {
  let tenant: TestTenant;
  let client: ManagementClient;
  let alice: string;
  let bob: string;
  let carol: string;
  let robotRoleId: string;
  let adminRoleId: string;
  let memberRoleId: string;

  beforeAll(async () => {
    tenant = await startTestTenant();
    client = tenant.newClient();
    adminRoleId = tenant.roleIds.admin!;
    memberRoleId = tenant.roleIds.member!;
    alice = await tenant.createUser({
      username: 'alice',
      primaryEmail: 'alice@example.com',
      name: 'Alice Admin',
    });
    bob = await tenant.createUser({
      username: 'bob',
      primaryEmail: 'bob@example.com',
      name: 'Bob Member',
    });
    carol = await tenant.createUser({
      username: 'carol',
      primaryEmail: 'Carol@Example.com',
      name: 'Carol Outsider',
    });
    const robot = await tenant.setup.api.POST('/api/organization-roles', {
      body: {
        name: 'robot',
        type: 'MachineToMachine',
        organizationScopeIds: [],
        resourceScopeIds: [],
      },
    });
    robotRoleId = robot.data!.id;
  }, 60_000);

  afterAll(async () => {
    await tenant?.close();
  });

  describe('organizations', () => {
    it('creates, reads, lists, patches (replacing JSON fields) and deletes', async () => {
      const created = await client.createOrganization({ name: 'Acme Rockets', description: 'Up' });
      expect(created).toEqual({
        id: expect.any(String),
        name: 'Acme Rockets',
        description: 'Up',
        customData: {},
        branding: {},
        color: {},
        isMfaRequired: false,
        createdAt: expect.any(Number),
      });
      expect(await client.getOrganization(created.id)).toEqual(created);

      await client.createOrganization({ name: 'Acme Boats' });
      await client.createOrganization({ name: 'Unrelated Corp' });
      const firstPage = await client.listOrganizations({ q: 'acme', page: 1, pageSize: 1 });
      expect(firstPage.totalCount).toBe(2);
      expect(firstPage.items).toHaveLength(1);
      const secondPage = await client.listOrganizations({ q: 'acme', page: 2, pageSize: 1 });
      expect([...firstPage.items, ...secondPage.items].map(({ name }) => name).sort()).toEqual([
        'Acme Boats',
        'Acme Rockets',
      ]);

      const patched = await client.updateOrganization(created.id, {
        name: 'Acme Rockets Ltd',
        customData: { plan: 'gold' },
        branding: { logoUrl: 'https://example.com/logo.png' },
      });
      expect(patched).toMatchObject({
        name: 'Acme Rockets Ltd',
        description: 'Up',
        customData: { plan: 'gold' },
        branding: { logoUrl: 'https://example.com/logo.png' },
      });
      // Logto replaces JSON fields: what is sent is the whole new value (callers merge before).
      const replaced = await client.updateOrganization(created.id, { customData: { seats: 5 } });
      expect(replaced.customData).toEqual({ seats: 5 });
      expect(replaced.branding).toEqual({ logoUrl: 'https://example.com/logo.png' });
      // Nothing to change: not sent at all (Logto would build an empty SET), the current state comes back.
      expect(await client.updateOrganization(created.id, {})).toEqual(replaced);

      await client.deleteOrganization(created.id);
      await expectApiError(client.getOrganization(created.id), 'organizationNotFound', 404);
    });

    it('maps every not-found answer of organizations to organizationNotFound, without upstream text', async () => {
      // Logto answers these with three different codes (not_exists_with_id, not_exists, not_found).
      const read = await expectApiError(
        client.getOrganization('no-such-org'),
        'organizationNotFound',
        404,
      );
      await expectApiError(
        client.updateOrganization('no-such-org', { name: 'x' }),
        'organizationNotFound',
        404,
      );
      await expectApiError(client.deleteOrganization('no-such-org'), 'organizationNotFound', 404);
      expect(read.detail).not.toContain('no-such-org');
      expect(read.cause).toEqual(new LogtoResponseError(404, 'entity.not_exists_with_id'));
    });
  });

  describe('members and roles', () => {
    let organizationId: string;

    beforeAll(async () => {
      organizationId = (await client.createOrganization({ name: 'Members Inc' })).id;
      await client.addMembers(organizationId, [alice, bob]);
    });

    it('lists the organization template roles with the scope names each grants', async () => {
      const roles = await client.listOrganizationRoles();
      const byName = new Map(roles.map((role) => [role.name, role]));
      expect(byName.get('admin')).toEqual({
        id: adminRoleId,
        name: 'admin',
        description: expect.any(String),
        type: 'User',
        scopes: expect.arrayContaining(['read:members', 'manage:members', 'invite:members']),
      });
      expect(byName.get('member')?.scopes).toEqual([]);
      expect(byName.get('robot')).toMatchObject({
        id: robotRoleId,
        type: 'MachineToMachine',
        scopes: [],
      });
    });

    it('replaces, reads and assigns member roles, and reads live scopes', async () => {
      await client.replaceMemberRoles(organizationId, alice, [adminRoleId]);
      await client.assignRoles(organizationId, [alice, bob], [memberRoleId]);
      expect(await client.getMemberRoles(organizationId, alice)).toEqual([
        { id: adminRoleId, name: 'admin' },
        { id: memberRoleId, name: 'member' },
      ]);
      expect(await client.getMemberRoles(organizationId, bob)).toEqual([
        { id: memberRoleId, name: 'member' },
      ]);
      expect((await client.getMemberScopes(organizationId, alice)).sort()).toEqual(
        [...allOrganizationPermissions].sort(),
      );
      // The template's member role grants nothing.
      expect(await client.getMemberScopes(organizationId, bob)).toEqual([]);
      // Not a member: no roles (undefined, not an error) and no scopes.
      expect(await client.getMemberRoles(organizationId, carol)).toBeUndefined();
      expect(await client.getMemberScopes(organizationId, carol)).toEqual([]);

      await client.replaceMemberRoles(organizationId, bob, []);
      expect(await client.getMemberRoles(organizationId, bob)).toEqual([]);
      await client.replaceMemberRoles(organizationId, bob, [memberRoleId]);
    });

    it('lists members with their roles: pages, search, role filter', async () => {
      const page = await client.listMembers(organizationId, { page: 1, pageSize: 1 });
      expect(page.totalCount).toBe(2);
      expect(page.items).toHaveLength(1);
      const everyone = await client.listMembers(organizationId, { page: 1, pageSize: 20 });
      const aliceRow = everyone.items.find((member) => member.id === alice);
      expect(aliceRow).toEqual({
        id: alice,
        username: 'alice',
        primaryEmail: 'alice@example.com',
        primaryPhone: null,
        name: 'Alice Admin',
        avatar: null,
        isSuspended: false,
        lastSignInAt: null,
        createdAt: expect.any(Number),
        organizationRoles: [
          { id: adminRoleId, name: 'admin' },
          { id: memberRoleId, name: 'member' },
        ],
      });
      const searched = await client.listMembers(organizationId, {
        q: 'bob@',
        page: 1,
        pageSize: 20,
      });
      expect(searched.items.map(({ id }) => id)).toEqual([bob]);
      const admins = await client.listMembers(organizationId, {
        roleId: adminRoleId,
        page: 1,
        pageSize: 20,
      });
      expect({ ids: admins.items.map(({ id }) => id), total: admins.totalCount }).toEqual({
        ids: [alice],
        total: 1,
      });
    });

    it('maps membership and role errors to the thing that is missing', async () => {
      await expectApiError(client.removeMember(organizationId, carol), 'memberNotFound', 404);
      // 422 organization.require_membership
      await expectApiError(
        client.replaceMemberRoles(organizationId, carol, [memberRoleId]),
        'memberNotFound',
        404,
      );
      // 422 entity.relation_foreign_key_not_found with role ids sent
      await expectApiError(
        client.replaceMemberRoles(organizationId, bob, ['no-such-role']),
        'roleNotFound',
        404,
      );
      // 422 entity.db_constraint_violated: a machine-to-machine role for a person
      await expectApiError(
        client.replaceMemberRoles(organizationId, bob, [robotRoleId]),
        'roleNotAssignable',
        422,
      );
      await expectApiError(
        client.assignRoles(organizationId, [bob], [robotRoleId]),
        'roleNotAssignable',
        422,
      );
      // Bulk: Logto only says "a reference is missing"; the client finds out which.
      await expectApiError(
        client.assignRoles(organizationId, [bob], ['no-such-role']),
        'roleNotFound',
        404,
      );
      await expectApiError(
        client.assignRoles(organizationId, [bob, carol], [memberRoleId]),
        'memberNotFound',
        404,
      );
      await expectApiError(
        client.addMembers(organizationId, ['no-such-user']),
        'memberNotFound',
        404,
      );
      // Nothing happened to bob on the way.
      expect(await client.getMemberRoles(organizationId, bob)).toEqual([
        { id: memberRoleId, name: 'member' },
      ]);
    });

    it('removes a member (their roles go with them)', async () => {
      const organization = await client.createOrganization({ name: 'Leaving Ltd' });
      await client.addMembers(organization.id, [carol]);
      await client.assignRoles(organization.id, [carol], [memberRoleId]);
      await client.removeMember(organization.id, carol);
      expect(await client.getMemberRoles(organization.id, carol)).toBeUndefined();
      expect(
        (await client.listMembers(organization.id, { page: 1, pageSize: 20 })).totalCount,
      ).toBe(0);
    });

    it('collects every holder of a role across pages', async () => {
      const organization = await client.createOrganization({ name: 'Crowded Co' });
      const userIds: string[] = [];
      for (let index = 0; index < 105; index += 1) {
        userIds.push(await tenant.createUser({ username: `crowd${index}` }));
      }
      await client.addMembers(organization.id, [...userIds, alice]);
      await client.assignRoles(organization.id, userIds, [adminRoleId]);
      const holders = await client.listMemberIdsWithRole(organization.id, adminRoleId);
      expect(holders).toHaveLength(105);
      expect(new Set(holders)).toEqual(new Set(userIds));
      expect(await client.listMemberIdsWithRole(organization.id, memberRoleId)).toEqual([]);
    }, 30_000);
  });

  describe('users', () => {
    it('reads a user and their organizations with roles', async () => {
      const organization = await client.createOrganization({ name: 'Users Org' });
      await client.addMembers(organization.id, [carol]);
      await client.assignRoles(organization.id, [carol], [memberRoleId]);
      expect(await client.getUser(carol)).toEqual({
        id: carol,
        username: 'carol',
        primaryEmail: 'Carol@Example.com',
        primaryPhone: null,
        name: 'Carol Outsider',
        avatar: null,
        isSuspended: false,
        lastSignInAt: null,
        createdAt: expect.any(Number),
      });
      const organizations = await client.getUserOrganizations(carol);
      expect(organizations.find(({ id }) => id === organization.id)).toEqual({
        ...organization,
        organizationRoles: [{ id: memberRoleId, name: 'member' }],
      });
      await expectApiError(client.getUser('no-such-user'), 'notFound', 404);
      await expectApiError(client.getUserOrganizations('no-such-user'), 'notFound', 404);
    });

    it('finds users with flat search keys: text, exact email, not in an organization', async () => {
      const byText = await client.findUsers({ q: 'outsider', page: 1, pageSize: 20 });
      expect(byText.items.map(({ id }) => id)).toEqual([carol]);
      expect(byText.totalCount).toBe(1);
      // Exact and case-insensitive; "carol@example.co" is not a match.
      expect(
        (await client.findUsers({ email: 'carol@example.com', page: 1, pageSize: 20 })).items,
      ).toHaveLength(1);
      expect(
        (await client.findUsers({ email: 'carol@example.co', page: 1, pageSize: 20 })).items,
      ).toEqual([]);
      // LIKE wildcards in the text are plain characters.
      expect((await client.findUsers({ q: 'a_ice', page: 1, pageSize: 20 })).items).toEqual([]);

      const organization = await client.createOrganization({ name: 'Pickers' });
      await client.addMembers(organization.id, [alice]);
      const outside = await client.findUsers({
        q: 'example.com',
        excludeOrganizationId: organization.id,
        page: 1,
        pageSize: 20,
      });
      expect(outside.items.map(({ id }) => id).sort()).toEqual([bob, carol].sort());
    });
  });

  describe('invitations', () => {
    let organizationId: string;
    let otherOrganizationId: string;
    const inAWeek = () => Date.now() + 7 * 24 * 3600 * 1000;

    beforeAll(async () => {
      organizationId = (await client.createOrganization({ name: 'Inviting Inc' })).id;
      otherOrganizationId = (await client.createOrganization({ name: 'Other Inc' })).id;
      await client.addMembers(organizationId, [alice]);
    });

    it('creates, lists (one organization only), reads, emails, revokes and deletes', async () => {
      const expiresAt = inAWeek();
      const invitation = await client.createInvitation({
        organizationId,
        invitee: 'dave@example.com',
        inviterId: alice,
        expiresAt,
        organizationRoleIds: [memberRoleId],
      });
      expect(invitation).toEqual({
        id: expect.any(String),
        inviterId: alice,
        invitee: 'dave@example.com',
        acceptedUserId: null,
        organizationId,
        status: 'Pending',
        createdAt: expect.any(Number),
        updatedAt: expect.any(Number),
        expiresAt,
        organizationRoles: [{ id: memberRoleId, name: 'member' }],
      });
      const elsewhere = await client.createInvitation({
        organizationId: otherOrganizationId,
        invitee: 'dave@example.com',
        inviterId: null,
        expiresAt,
        organizationRoleIds: [],
      });

      expect(await client.listInvitations({ organizationId })).toEqual([invitation]);
      expect(
        (await client.listInvitations({ invitee: 'DAVE@example.com' })).map(({ id }) => id).sort(),
      ).toEqual([invitation.id, elsewhere.id].sort());
      expect(await client.getInvitation(invitation.id)).toEqual(invitation);

      await client.sendInvitationMessage(invitation.id, {
        link: 'https://portal.example/invitations/x',
      });
      const mailbox = await fetch(
        `${tenant.emulator.url}/_emulator/mailbox.json?to=dave@example.com`,
      );
      expect(mailboxSchema.parse(await mailbox.json())).toEqual([
        expect.objectContaining({
          to: 'dave@example.com',
          link: 'https://portal.example/invitations/x',
        }),
      ]);

      const revoked = await client.setInvitationStatus(invitation.id, 'Revoked');
      expect(revoked).toMatchObject({ id: invitation.id, status: 'Revoked' });
      // A second transition is refused (422 request.invalid_input), and not retried as a PUT would be.
      const refused = await expectApiError(
        client.setInvitationStatus(invitation.id, 'Revoked'),
        'conflict',
        409,
      );
      expect(refused.detail).not.toMatch(/cannot be changed anymore/);

      await client.deleteInvitation(invitation.id);
      await expectApiError(client.getInvitation(invitation.id), 'invitationNotFound', 404);
      await expectApiError(client.deleteInvitation(invitation.id), 'invitationNotFound', 404);
      await expectApiError(
        client.setInvitationStatus(invitation.id, 'Revoked'),
        'invitationNotFound',
        404,
      );
    });

    it('accepts an invitation for the invitee', async () => {
      const invitation = await client.createInvitation({
        organizationId,
        invitee: 'bob@example.com',
        inviterId: alice,
        expiresAt: inAWeek(),
        organizationRoleIds: [memberRoleId],
      });
      const accepted = await client.setInvitationStatus(invitation.id, 'Accepted', bob);
      expect(accepted).toMatchObject({ status: 'Accepted', acceptedUserId: bob });
      expect(await client.getMemberRoles(organizationId, bob)).toEqual([
        { id: memberRoleId, name: 'member' },
      ]);
    });

    it('computes Expired from expiresAt', async () => {
      const invitation = await client.createInvitation({
        organizationId,
        invitee: 'erin@example.com',
        inviterId: null,
        expiresAt: inAWeek(),
        organizationRoleIds: [],
      });
      expect(invitation.status).toBe('Pending');
      await tenant.expireInvitation(invitation.id);
      expect((await client.getInvitation(invitation.id)).status).toBe('Expired');
      expect(
        (await client.listInvitations({ organizationId, invitee: 'erin@example.com' }))[0]?.status,
      ).toBe('Expired');
    });

    it('maps invitation refusals: duplicate, already a member, unknown role', async () => {
      const input = {
        organizationId,
        invitee: 'frank@example.com',
        inviterId: null,
        expiresAt: inAWeek(),
        organizationRoleIds: [],
      };
      await client.createInvitation(input);
      await expectApiError(client.createInvitation(input), 'conflict', 409);
      await expectApiError(
        client.createInvitation({ ...input, invitee: 'alice@example.com' }),
        'conflict',
        409,
      );
      await expectApiError(
        client.createInvitation({
          ...input,
          invitee: 'grace@example.com',
          organizationRoleIds: ['no-such-role'],
        }),
        'roleNotFound',
        404,
      );
      await expectApiError(client.getInvitation('no-such-invitation'), 'invitationNotFound', 404);
    });

    it('tells the invitations feature when Logto has no email connector', async () => {
      const invitation = await client.createInvitation({
        organizationId,
        invitee: 'heidi@example.com',
        inviterId: null,
        expiresAt: inAWeek(),
        organizationRoleIds: [],
      });
      await tenant.setEmailConnector(false);
      try {
        const error = await expectApiError(
          client.sendInvitationMessage(invitation.id, { link: 'https://portal.example/i' }),
          'upstreamError',
          502,
        );
        expect(error).toBeInstanceOf(EmailConnectorMissingError);
        expect(isEmailConnectorMissing(error)).toBe(true);
        expect(error.cause).toEqual(new LogtoResponseError(501, 'connector.not_found'));
      } finally {
        await tenant.setEmailConnector(true);
      }
      // Any other upstream error is not mistaken for it.
      expect(isEmailConnectorMissing(new ApiError('upstreamError'))).toBe(false);
    });

    it("stops at once on Logto's per-recipient email throttle", async () => {
      const invitation = await client.createInvitation({
        organizationId,
        invitee: 'ivan@example.com',
        inviterId: null,
        expiresAt: inAWeek(),
        organizationRoleIds: [],
      });
      let sent = 0;
      let throttled: unknown;
      // Logto allows 10 messages per recipient per 10 minutes.
      while (sent < 12 && throttled === undefined) {
        try {
          await client.sendInvitationMessage(invitation.id, { link: 'https://portal.example/i' });
          sent += 1;
        } catch (error) {
          throttled = error;
        }
      }
      expect(sent).toBe(10);
      expect(throttled).toBeInstanceOf(ApiError);
      expect(throttled).toMatchObject({ errorName: 'rateLimited', status: 429 });
    });
  });

  it('answers ping when Logto is there', async () => {
    await expect(client.ping()).resolves.toBeUndefined();
  });
});
