import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { generateStandardId, generateStandardShortId } from '../ids.js';
import { startTestEmulator, type TestEmulator } from '../test-utils.js';

let emulator: TestEmulator;

beforeAll(async () => {
  emulator = await startTestEmulator({ testControls: true, emailConnector: true });
});

afterAll(async () => {
  await emulator.close();
});

// Fixtures go straight into storage so that these tests depend on the invitation routes only.
let fixtureCount = 0;
const unique = (prefix: string) =>
  `${prefix}-${Date.now().toString(36)}-${(fixtureCount++).toString(36)}`;
const email = (prefix: string) => `${unique(prefix)}@example.com`;

async function createOrganization(name = unique('org')) {
  const id = generateStandardShortId();
  await emulator.deps.db.query(
    'insert into organizations (id, name, created_at) values ($1, $2, $3)',
    [id, name, Date.now()],
  );
  return { id, name };
}

async function createUser(primaryEmail: string | null, name: string | null = null) {
  const id = generateStandardShortId();
  const now = Date.now();
  await emulator.deps.db.query(
    'insert into users (id, primary_email, name, created_at, updated_at) values ($1, $2, $3, $4, $4)',
    [id, primaryEmail, name, now],
  );
  return { id, primaryEmail };
}

async function createRole(name = unique('role'), type: 'User' | 'MachineToMachine' = 'User') {
  const id = generateStandardId();
  await emulator.deps.db.query(
    'insert into organization_roles (id, name, type) values ($1, $2, $3)',
    [id, name, type],
  );
  return { id, name };
}

async function addMember(organizationId: string, userId: string) {
  await emulator.deps.db.query(
    'insert into organization_user_relations (organization_id, user_id, created_at) values ($1, $2, $3)',
    [organizationId, userId, Date.now()],
  );
}

const inADay = () => Date.now() + 86_400_000;

async function createInvitation(body: Record<string, unknown>) {
  return emulator.api('/api/organization-invitations', { method: 'POST', json: body });
}

async function json(response: Response): Promise<unknown> {
  return response.json();
}

async function listInvitations(query = ''): Promise<Array<Record<string, unknown>>> {
  const response = await emulator.api(`/api/organization-invitations${query}`);
  expect(response.status).toBe(200);
  const body = await json(response);
  if (!Array.isArray(body)) throw new Error('Expected an array');
  return body as Array<Record<string, unknown>>;
}

async function mailboxFor(to: string): Promise<Array<Record<string, unknown>>> {
  const response = await fetch(
    `${emulator.url}/_emulator/mailbox.json?to=${encodeURIComponent(to)}`,
  );
  return (await response.json()) as Array<Record<string, unknown>>;
}

/** Makes a pending invitation look as if its expiry passed (the API refuses past `expiresAt`). */
async function expire(invitationId: string) {
  await emulator.deps.db.query(
    'update organization_invitations set expires_at = $2 where id = $1',
    [invitationId, Date.now() - 1000],
  );
}

describe('POST /api/organization-invitations', () => {
  it('creates a pending invitation in Logto’s shape, roles sorted by name (samples 35, 37)', async () => {
    const organization = await createOrganization();
    const viewer = await createRole(unique('viewer'));
    const admin = await createRole(unique('admin'));
    const invitee = email('carol');
    const expiresAt = inADay();

    const before = Date.now();
    const response = await createInvitation({
      organizationId: organization.id,
      invitee,
      expiresAt,
      organizationRoleIds: [viewer.id, admin.id, viewer.id],
    });
    expect(response.status).toBe(201);
    const body = (await response.json()) as Record<string, unknown>;
    expect(Object.keys(body)).toEqual([
      'tenantId',
      'id',
      'inviterId',
      'invitee',
      'acceptedUserId',
      'organizationId',
      'status',
      'createdAt',
      'updatedAt',
      'expiresAt',
      'organizationRoles',
    ]);
    expect(body).toMatchObject({
      tenantId: 'default',
      inviterId: null,
      invitee,
      acceptedUserId: null,
      organizationId: organization.id,
      status: 'Pending',
      expiresAt,
      organizationRoles: [
        { id: admin.id, name: admin.name },
        { id: viewer.id, name: viewer.name },
      ],
    });
    expect(body.id).toMatch(/^[0-9a-z]{21}$/);
    expect(body.createdAt).toBeGreaterThanOrEqual(before);
    expect(body.updatedAt).toBe(body.createdAt);

    const inviter = await createUser(email('erin'));
    const withInviter = await createInvitation({
      organizationId: organization.id,
      inviterId: inviter.id,
      invitee: email('erin'),
      expiresAt,
      messagePayload: false,
    });
    expect(withInviter.status).toBe(201);
    expect(await withInviter.json()).toMatchObject({
      inviterId: inviter.id,
      organizationRoles: [],
    });
  });

  it('rejects an expiry that is not in the future (sample 38)', async () => {
    const organization = await createOrganization();
    const response = await createInvitation({
      organizationId: organization.id,
      invitee: email('frank'),
      expiresAt: 1000,
    });
    expect(response.status).toBe(400);
    expect(await response.text()).toBe(
      '{"code":"request.invalid_input","message":"Input is invalid. The value of `expiresAt` must be in the future."}',
    );
  });

  it('guards the body like Logto (sample 39 and friends)', async () => {
    const organization = await createOrganization();
    const badEmail = await createInvitation({
      organizationId: organization.id,
      invitee: 'not-an-email',
      expiresAt: inADay(),
    });
    expect(badEmail.status).toBe(400);
    expect(await badEmail.text()).toBe(
      '{"code":"guard.invalid_input","data":{"issues":[{"validation":"email","code":"invalid_string","message":"Invalid email","path":["invitee"]}],"name":"ZodError"},"details":"Error in key path \\"invitee\\": (invalid_string) Invalid email","message":"The request body is invalid."}',
    );

    const missing = await createInvitation({});
    expect(missing.status).toBe(400);
    const missingBody = (await missing.json()) as { code: string; details: string };
    expect(missingBody.code).toBe('guard.invalid_input');
    expect(missingBody.details.split('\n')).toEqual([
      'Error in key path "invitee": (invalid_type) Expected string but received undefined.',
      'Error in key path "organizationId": (invalid_type) Expected string but received undefined.',
      'Error in key path "expiresAt": (invalid_type) Expected number but received undefined.',
    ]);

    // Only `false` or an object is a valid messagePayload.
    const payloadTrue = await createInvitation({
      organizationId: organization.id,
      invitee: email('gus'),
      expiresAt: inADay(),
      messagePayload: true,
    });
    expect(payloadTrue.status).toBe(400);
    expect(await payloadTrue.json()).toMatchObject({ code: 'guard.invalid_input' });

    const longInviter = await createInvitation({
      organizationId: organization.id,
      inviterId: 'x'.repeat(22),
      invitee: email('gus'),
      expiresAt: inADay(),
    });
    expect(longInviter.status).toBe(400);
  });

  it('answers 422 relation_foreign_key_not_found for an unknown organization, inviter or role, and creates nothing', async () => {
    const organization = await createOrganization();
    const invitee = email('hank');
    const expected = {
      code: 'entity.relation_foreign_key_not_found',
      message:
        'Cannot find one or more foreign keys. Please check the input and ensure that all referenced entities exist.',
    };
    for (const body of [
      { organizationId: 'no-such-org', invitee, expiresAt: inADay() },
      // 13..21 characters: longer than any user id but allowed by the guard.
      {
        organizationId: organization.id,
        inviterId: 'no-such-inviter-00',
        invitee,
        expiresAt: inADay(),
      },
      {
        organizationId: organization.id,
        invitee,
        expiresAt: inADay(),
        organizationRoleIds: ['no-such-role'],
      },
    ]) {
      const response = await createInvitation(body);
      expect(response.status).toBe(422);
      expect(await response.json()).toEqual(expected);
    }
    expect(await listInvitations(`?invitee=${encodeURIComponent(invitee)}`)).toEqual([]);
  });

  it('refuses to invite a member (exact primary email match)', async () => {
    const organization = await createOrganization();
    const member = await createUser(email('ivy'));
    await addMember(organization.id, member.id);

    const response = await createInvitation({
      organizationId: organization.id,
      invitee: member.primaryEmail,
      expiresAt: inADay(),
    });
    expect(response.status).toBe(422);
    expect(await response.json()).toEqual({
      code: 'request.invalid_input',
      message: 'Input is invalid. The invitee is already a member of the organization.',
    });

    // Logto's check compares the raw string, so another casing is not recognised as the member.
    const otherCase = await createInvitation({
      organizationId: organization.id,
      invitee: member.primaryEmail?.toUpperCase(),
      expiresAt: inADay(),
    });
    expect(otherCase.status).toBe(201);
  });

  it('allows one pending invitation per invitee and organization', async () => {
    const [first, second] = [await createOrganization(), await createOrganization()];
    const invitee = email('jack');
    expect(
      (await createInvitation({ organizationId: first.id, invitee, expiresAt: inADay() })).status,
    ).toBe(201);

    const duplicate = await createInvitation({
      organizationId: first.id,
      invitee,
      expiresAt: inADay(),
    });
    expect(duplicate.status).toBe(422);
    expect(await duplicate.json()).toEqual({
      code: 'entity.unique_integrity_violation',
      message: 'The entity already exists. Please check the input and try again.',
    });

    // Another organization, or another spelling (the index is on the raw string), is a different invitation.
    expect(
      (await createInvitation({ organizationId: second.id, invitee, expiresAt: inADay() })).status,
    ).toBe(201);
    expect(
      (
        await createInvitation({
          organizationId: first.id,
          invitee: invitee.toUpperCase(),
          expiresAt: inADay(),
        })
      ).status,
    ).toBe(201);
  });

  it('flips an expired pending invitation first, so the invitee can be invited again', async () => {
    const organization = await createOrganization();
    const invitee = email('kate');
    const first = (await (
      await createInvitation({ organizationId: organization.id, invitee, expiresAt: inADay() })
    ).json()) as {
      id: string;
    };
    await expire(first.id);

    const again = await createInvitation({
      organizationId: organization.id,
      invitee: invitee.toUpperCase(),
      expiresAt: inADay(),
    });
    expect(again.status).toBe(201);
    const rows = await emulator.deps.db.query<{ status: string }>(
      'select status from organization_invitations where id = $1',
      [first.id],
    );
    expect(rows[0]?.status).toBe('Expired');
  });

  it('sends the invitation email inside the transaction, with the organization and inviter in the template context', async () => {
    const organization = await createOrganization(unique('Acme'));
    const inviter = await createUser(email('lena'), 'Lena Inviter');
    const invitee = email('mike');
    const link = `https://portal.example.com/invitation/accept/${unique('token')}`;

    const response = await createInvitation({
      organizationId: organization.id,
      inviterId: inviter.id,
      invitee,
      expiresAt: inADay(),
      messagePayload: { link, locale: 'en' },
    });
    expect(response.status).toBe(201);

    const [message, ...others] = await mailboxFor(invitee);
    expect(others).toEqual([]);
    expect(message).toMatchObject({
      to: invitee,
      usageType: 'OrganizationInvitation',
      link,
      subject: `You're invited to join ${organization.name}`,
      payload: {
        organization: { id: organization.id, name: organization.name, branding: {} },
        inviter: { id: inviter.id, name: 'Lena Inviter', primaryEmail: inviter.primaryEmail },
        link,
        locale: 'en',
      },
    });
    expect(message?.text).toContain(link);
    expect(message?.text).toContain('Lena Inviter invited you to join');
    expect(message?.html).toContain(`<a href="${link}">Accept the invitation</a>`);
  });

  it('answers 501 connector.not_found without a connector and creates nothing (sample 36)', async () => {
    const organization = await createOrganization();
    const invitee = email('dave');
    await emulator.deps.mailer.setConnectorEnabled(false);
    try {
      const response = await createInvitation({
        organizationId: organization.id,
        invitee,
        expiresAt: inADay(),
        messagePayload: { link: 'https://example.com/invite' },
      });
      expect(response.status).toBe(501);
      expect(await response.text()).toBe(
        '{"code":"connector.not_found","message":"Cannot find any available connector for type: Email."}',
      );
      expect(await listInvitations(`?invitee=${encodeURIComponent(invitee)}`)).toEqual([]);

      // Without messagePayload no connector is needed.
      expect(
        (await createInvitation({ organizationId: organization.id, invitee, expiresAt: inADay() }))
          .status,
      ).toBe(201);
    } finally {
      await emulator.deps.mailer.setConnectorEnabled(true);
    }
  });

  it('creates 50 invitations for distinct emails concurrently, but only one of 50 for the same email', async () => {
    const organization = await createOrganization();
    const distinct = await Promise.all(
      Array.from({ length: 50 }, (_, index) =>
        createInvitation({
          organizationId: organization.id,
          invitee: email(`many${index}`),
          expiresAt: inADay(),
        }),
      ),
    );
    expect(distinct.map(({ status }) => status)).toEqual(Array.from({ length: 50 }, () => 201));
    expect(await listInvitations(`?organizationId=${organization.id}`)).toHaveLength(50);

    const invitee = email('same');
    const same = await Promise.all(
      Array.from({ length: 50 }, () =>
        createInvitation({ organizationId: organization.id, invitee, expiresAt: inADay() }),
      ),
    );
    const statuses = same.map(({ status }) => status);
    expect(statuses.filter((status) => status === 201)).toHaveLength(1);
    expect(statuses.filter((status) => status === 422)).toHaveLength(49);
    const failures = await Promise.all(same.filter(({ status }) => status === 422).map(json));
    expect(new Set(failures.map((body) => (body as { code: string }).code))).toEqual(
      new Set(['entity.unique_integrity_violation']),
    );
    expect(await listInvitations(`?invitee=${encodeURIComponent(invitee)}`)).toHaveLength(1);
  });
});

describe('GET /api/organization-invitations', () => {
  it('lists newest first, filters (invitee case-insensitively), computes Expired, and never paginates (samples 40, 41)', async () => {
    const [organization, other] = [await createOrganization(), await createOrganization()];
    const inviter = await createUser(email('nina'));
    const invitee = email('otto');
    const created: Array<{ id: string }> = [];
    for (const body of [
      { organizationId: organization.id, invitee, expiresAt: inADay() },
      {
        organizationId: organization.id,
        inviterId: inviter.id,
        invitee: email('pia'),
        expiresAt: inADay(),
      },
      { organizationId: other.id, invitee, expiresAt: inADay() },
    ]) {
      const response = await createInvitation(body);
      expect(response.status).toBe(201);
      created.push((await response.json()) as { id: string });
    }
    const [a, b, c] = created.map(({ id }) => id);

    const byOrganization = await emulator.api(
      `/api/organization-invitations?organizationId=${organization.id}&page=1&page_size=1`,
    );
    expect(byOrganization.headers.get('total-number')).toBeNull();
    expect(byOrganization.headers.get('link')).toBeNull();
    expect(((await byOrganization.json()) as Array<{ id: string }>).map(({ id }) => id)).toEqual([
      b,
      a,
    ]);

    expect(
      (await listInvitations(`?invitee=${encodeURIComponent(invitee.toUpperCase())}`)).map(
        ({ id }) => id,
      ),
    ).toEqual([c, a]);
    expect((await listInvitations(`?inviterId=${inviter.id}`)).map(({ id }) => id)).toEqual([b]);
    expect(
      (
        await listInvitations(
          `?organizationId=${organization.id}&invitee=${encodeURIComponent(invitee)}`,
        )
      ).map(({ id }) => id),
    ).toEqual([a]);

    const everything = (await listInvitations()).map(({ id }) => id);
    expect(everything.slice(0, 3)).toEqual([c, b, a]);

    await expire(a ?? '');
    const [expired] = await listInvitations(
      `?organizationId=${organization.id}&invitee=${encodeURIComponent(invitee)}`,
    );
    expect(expired).toMatchObject({ id: a, status: 'Expired' });
    // Computed on read: the row itself still says Pending.
    const rows = await emulator.deps.db.query<{ status: string }>(
      'select status from organization_invitations where id = $1',
      [a],
    );
    expect(rows[0]?.status).toBe('Pending');
  });

  it('rejects a repeated filter as a bad query', async () => {
    const response = await emulator.api(
      '/api/organization-invitations?organizationId=a&organizationId=b',
    );
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({
      code: 'guard.invalid_input',
      message: 'The request query is invalid.',
    });
  });
});

describe('GET and DELETE /api/organization-invitations/:id', () => {
  it('gets one invitation, 404 entity.not_found when unknown (samples 42, 48, 47)', async () => {
    const organization = await createOrganization();
    const created = (await (
      await createInvitation({
        organizationId: organization.id,
        invitee: email('quinn'),
        expiresAt: inADay(),
      })
    ).json()) as { id: string };

    const found = await emulator.api(`/api/organization-invitations/${created.id}`);
    expect(found.status).toBe(200);
    expect(await found.json()).toEqual(created);

    const unknown = await emulator.api('/api/organization-invitations/no-such-invitation');
    expect(unknown.status).toBe(404);
    expect(await unknown.text()).toBe(
      '{"code":"entity.not_found","message":"The resource does not exist."}',
    );

    const deleted = await emulator.api(`/api/organization-invitations/${created.id}`, {
      method: 'DELETE',
    });
    expect(deleted.status).toBe(204);
    expect(await deleted.text()).toBe('');
    expect((await emulator.api(`/api/organization-invitations/${created.id}`)).status).toBe(404);
    const again = await emulator.api(`/api/organization-invitations/${created.id}`, {
      method: 'DELETE',
    });
    expect(again.status).toBe(404);
    expect(await again.json()).toEqual({
      code: 'entity.not_found',
      message: 'The resource does not exist.',
    });
  });
});

describe('PUT /api/organization-invitations/:id/status', () => {
  const putStatus = (id: string, body: unknown) =>
    emulator.api(`/api/organization-invitations/${id}/status`, { method: 'PUT', json: body });

  it('revokes once; later changes are refused; Pending is not a valid target (samples 44–46)', async () => {
    const organization = await createOrganization();
    const created = (await (
      await createInvitation({
        organizationId: organization.id,
        invitee: email('rita'),
        expiresAt: inADay(),
      })
    ).json()) as { id: string; createdAt: number };

    const revoked = await putStatus(created.id, {
      status: 'Revoked',
      acceptedUserId: 'ignored-when-revoking',
    });
    expect(revoked.status).toBe(200);
    const revokedBody = (await revoked.json()) as Record<string, unknown>;
    expect(revokedBody).toMatchObject({
      ...created,
      status: 'Revoked',
      acceptedUserId: null,
      updatedAt: expect.any(Number),
    });
    expect(revokedBody.updatedAt).toBeGreaterThanOrEqual(created.createdAt);

    const again = await putStatus(created.id, { status: 'Revoked' });
    expect(again.status).toBe(422);
    expect(await again.text()).toBe(
      '{"code":"request.invalid_input","message":"Input is invalid. The status of the invitation cannot be changed anymore."}',
    );

    const pending = await putStatus(created.id, { status: 'Pending' });
    expect(pending.status).toBe(400);
    expect(await pending.text()).toBe(
      '{"code":"guard.invalid_input","data":{"issues":[{"received":"Pending","code":"invalid_enum_value","options":["Accepted","Revoked"],"path":["status"],"message":"Invalid enum value. Expected \'Accepted\' | \'Revoked\', received \'Pending\'"}],"name":"ZodError"},"details":"Error in key path \\"status\\": (invalid_enum_value) Invalid enum value. Expected \'Accepted\' | \'Revoked\', received \'Pending\'","message":"The request body is invalid."}',
    );

    expect((await putStatus('no-such-invitation', { status: 'Revoked' })).status).toBe(404);
  });

  it('accepts for a user with the invitee’s email (any casing): membership and roles in one go', async () => {
    const organization = await createOrganization();
    const [viewer, editor] = [
      await createRole(unique('viewer')),
      await createRole(unique('editor')),
    ];
    const invitee = email('sam');
    const created = (await (
      await createInvitation({
        organizationId: organization.id,
        invitee,
        expiresAt: inADay(),
        organizationRoleIds: [viewer.id, editor.id],
      })
    ).json()) as { id: string; organizationRoles: unknown };

    // Checked before the invitation is looked up.
    const withoutUser = await putStatus('no-such-invitation', { status: 'Accepted' });
    expect(withoutUser.status).toBe(422);
    expect(await withoutUser.json()).toEqual({
      code: 'request.invalid_input',
      message: 'Input is invalid. The `acceptedUserId` is required when accepting an invitation.',
    });

    const unknownUser = await putStatus(created.id, {
      status: 'Accepted',
      acceptedUserId: 'nosuchuser12',
    });
    expect(unknownUser.status).toBe(404);
    expect(await unknownUser.json()).toEqual({
      code: 'entity.not_found',
      message: 'The resource does not exist.',
    });

    const stranger = await createUser(email('stranger'));
    const wrongUser = await putStatus(created.id, {
      status: 'Accepted',
      acceptedUserId: stranger.id,
    });
    expect(wrongUser.status).toBe(422);
    expect(await wrongUser.json()).toEqual({
      code: 'request.invalid_input',
      message: 'Input is invalid. The accepted user must have the same email as the invitee.',
    });

    const user = await createUser(invitee.toUpperCase());
    const accepted = await putStatus(created.id, { status: 'Accepted', acceptedUserId: user.id });
    expect(accepted.status).toBe(200);
    expect(await accepted.json()).toMatchObject({
      id: created.id,
      status: 'Accepted',
      acceptedUserId: user.id,
      organizationRoles: created.organizationRoles,
    });

    const memberships = await emulator.deps.db.query(
      'select 1 from organization_user_relations where organization_id = $1 and user_id = $2',
      [organization.id, user.id],
    );
    expect(memberships).toHaveLength(1);
    const roles = await emulator.deps.db.query<{ organization_role_id: string }>(
      'select organization_role_id from organization_role_user_relations where organization_id = $1 and user_id = $2 order by 1',
      [organization.id, user.id],
    );
    expect(roles.map((row) => row.organization_role_id)).toEqual([viewer.id, editor.id].sort());

    expect((await putStatus(created.id, { status: 'Revoked' })).status).toBe(422);
  });

  it('accepts for someone who is already a member, adding the invitation’s roles', async () => {
    const organization = await createOrganization();
    const role = await createRole();
    const invitee = email('tess');
    const created = (await (
      await createInvitation({
        organizationId: organization.id,
        invitee,
        expiresAt: inADay(),
        organizationRoleIds: [role.id],
      })
    ).json()) as { id: string };
    // Became a member after the invitation was sent (e.g. added directly).
    const user = await createUser(invitee);
    await addMember(organization.id, user.id);

    const accepted = await putStatus(created.id, { status: 'Accepted', acceptedUserId: user.id });
    expect(accepted.status).toBe(200);
    const roles = await emulator.deps.db.query(
      'select 1 from organization_role_user_relations where user_id = $1 and organization_role_id = $2',
      [user.id, role.id],
    );
    expect(roles).toHaveLength(1);
  });

  it('refuses to change an expired invitation', async () => {
    const organization = await createOrganization();
    const invitee = email('uma');
    const created = (await (
      await createInvitation({ organizationId: organization.id, invitee, expiresAt: inADay() })
    ).json()) as {
      id: string;
    };
    await expire(created.id);
    const user = await createUser(invitee);
    const response = await putStatus(created.id, { status: 'Accepted', acceptedUserId: user.id });
    expect(response.status).toBe(422);
    expect(await response.json()).toMatchObject({
      message: 'Input is invalid. The status of the invitation cannot be changed anymore.',
    });
    const memberships = await emulator.deps.db.query(
      'select 1 from organization_user_relations where user_id = $1',
      [user.id],
    );
    expect(memberships).toEqual([]);
  });

  it('rolls the acceptance back when a role cannot be given to a user', async () => {
    const organization = await createOrganization();
    const machineRole = await createRole(unique('machine'), 'MachineToMachine');
    const invitee = email('vic');
    const created = (await (
      await createInvitation({
        organizationId: organization.id,
        invitee,
        expiresAt: inADay(),
        organizationRoleIds: [machineRole.id],
      })
    ).json()) as { id: string };
    const user = await createUser(invitee);

    const response = await putStatus(created.id, { status: 'Accepted', acceptedUserId: user.id });
    expect(response.status).toBe(422);
    expect(await response.json()).toMatchObject({ code: 'entity.db_constraint_violated' });
    expect(
      await emulator.deps.db.query('select 1 from organization_user_relations where user_id = $1', [
        user.id,
      ]),
    ).toEqual([]);
    expect(
      (await (await emulator.api(`/api/organization-invitations/${created.id}`)).json()) as object,
    ).toMatchObject({
      status: 'Pending',
    });
  });
});

describe('POST /api/organization-invitations/:id/message', () => {
  const resend = (id: string, body: unknown = { link: 'https://example.com/invite' }) =>
    emulator.api(`/api/organization-invitations/${id}/message`, { method: 'POST', json: body });

  it('resends whatever the status, with the request body as the payload', async () => {
    const organization = await createOrganization();
    const invitee = email('walt');
    const created = (await (
      await createInvitation({ organizationId: organization.id, invitee, expiresAt: inADay() })
    ).json()) as {
      id: string;
    };
    await emulator.api(`/api/organization-invitations/${created.id}/status`, {
      method: 'PUT',
      json: { status: 'Revoked' },
    });

    const response = await resend(created.id, { link: 'https://example.com/again', extra: 1 });
    expect(response.status).toBe(204);
    const [message] = await mailboxFor(invitee);
    expect(message).toMatchObject({
      link: 'https://example.com/again',
      subject: 'Organization invitation',
      payload: { link: 'https://example.com/again', extra: 1 },
    });

    expect((await resend('no-such-invitation')).status).toBe(404);
    const badBody = await resend(created.id, { link: 42 });
    expect(badBody.status).toBe(400);
  });

  it('answers 501 without a connector (sample 43)', async () => {
    const organization = await createOrganization();
    const created = (await (
      await createInvitation({
        organizationId: organization.id,
        invitee: email('xena'),
        expiresAt: inADay(),
      })
    ).json()) as { id: string };
    await emulator.deps.mailer.setConnectorEnabled(false);
    try {
      const response = await resend(created.id);
      expect(response.status).toBe(501);
      expect(await response.text()).toBe(
        '{"code":"connector.not_found","message":"Cannot find any available connector for type: Email."}',
      );
    } finally {
      await emulator.deps.mailer.setConnectorEnabled(true);
    }
  });

  it('throttles at 10 messages per recipient (any casing), on resend and on create', async () => {
    const [organization, other] = [await createOrganization(), await createOrganization()];
    const invitee = email('yara');
    const created = await createInvitation({
      organizationId: organization.id,
      invitee,
      expiresAt: inADay(),
      messagePayload: { link: 'https://example.com/1' },
    });
    expect(created.status).toBe(201);
    const { id } = (await created.json()) as { id: string };
    for (let sent = 1; sent < 10; sent += 1) {
      expect((await resend(id)).status).toBe(204);
    }

    const limited = await resend(id);
    expect(limited.status).toBe(429);
    expect(await limited.json()).toEqual({
      code: 'request.message_rate_limited',
      message: 'Too many messages sent to this recipient. Please try again later.',
    });

    const createLimited = await createInvitation({
      organizationId: other.id,
      invitee: invitee.toUpperCase(),
      expiresAt: inADay(),
      messagePayload: { link: 'https://example.com/2' },
    });
    expect(createLimited.status).toBe(429);
    expect(await listInvitations(`?organizationId=${other.id}`)).toEqual([]);
    expect(await mailboxFor(invitee)).toHaveLength(10);
  });
});
