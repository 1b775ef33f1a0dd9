import { beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';

import { expectBody, expectError } from './support/assertions.js';
import {
  createOrganization,
  createUsers,
  uniqueEmail,
  useFileCleanup,
  useTestCleanup,
} from './support/fixtures.js';
import { api } from './support/http.js';
import { invitationSchema, memberSchema, type User } from './support/schemas.js';

// The load rule: concurrent writes lose nothing and create no duplicates.
const concurrency = 50;
const oneDay = 86_400_000;
const memberList = z.array(memberSchema);
const invitationList = z.array(invitationSchema);

const fileCleanup = useFileCleanup();
let users: User[];

beforeAll(async () => {
  users = await createUsers(fileCleanup, concurrency, 'load');
});

describe(`${concurrency} concurrent requests`, () => {
  const cleanup = useTestCleanup();

  it('created distinct users', () => {
    expect(new Set(users.map(({ id }) => id)).size).toBe(concurrency);
  });

  it('member additions, one user each: every user becomes a member exactly once', async () => {
    const organization = await createOrganization(cleanup);

    const responses = await Promise.all(
      users.map(async ({ id }) =>
        api(`/api/organizations/${organization.id}/users`, { json: { userIds: [id] } }),
      ),
    );

    expect(responses.map(({ status }) => status)).toEqual(
      Array.from({ length: concurrency }, () => 201),
    );
    const listed = await api(`/api/organizations/${organization.id}/users`, {
      query: { page_size: 100 },
    });
    const members = expectBody(listed, 200, memberList);
    expect(listed.headers.get('total-number')).toBe(String(concurrency));
    expect(members.map(({ id }) => id).sort()).toEqual(users.map(({ id }) => id).sort());
  });

  it('member additions of the same user: all succeed, one membership', async () => {
    const organization = await createOrganization(cleanup);
    const [user] = users;

    const responses = await Promise.all(
      Array.from({ length: concurrency }, async () =>
        api(`/api/organizations/${organization.id}/users`, { json: { userIds: [user!.id] } }),
      ),
    );

    expect(responses.map(({ status }) => status)).toEqual(
      Array.from({ length: concurrency }, () => 201),
    );
    expect(
      expectBody(await api(`/api/organizations/${organization.id}/users`), 200, memberList),
    ).toEqual([expect.objectContaining({ id: user!.id })]);
  });

  it('invitations to distinct emails: all created, each listed once', async () => {
    const organization = await createOrganization(cleanup);
    const invitees = Array.from({ length: concurrency }, () => uniqueEmail('load'));

    const responses = await Promise.all(
      invitees.map(async (invitee) =>
        api('/api/organization-invitations', {
          json: { organizationId: organization.id, invitee, expiresAt: Date.now() + oneDay },
        }),
      ),
    );

    const created = responses.map((response) => expectBody(response, 201, invitationSchema));
    expect(new Set(created.map(({ id }) => id)).size).toBe(concurrency);
    const listed = expectBody(
      await api('/api/organization-invitations', { query: { organizationId: organization.id } }),
      200,
      invitationList,
    );
    expect(listed.map(({ invitee }) => invitee).sort()).toEqual([...invitees].sort());
    expect(listed.map(({ id }) => id).sort()).toEqual(created.map(({ id }) => id).sort());
  });

  it('invitations to the same email: exactly one Pending invitation, the rest 422', async () => {
    const organization = await createOrganization(cleanup);
    const invitee = uniqueEmail('race');

    const responses = await Promise.all(
      Array.from({ length: concurrency }, async () =>
        api('/api/organization-invitations', {
          json: { organizationId: organization.id, invitee, expiresAt: Date.now() + oneDay },
        }),
      ),
    );

    const created = responses.filter(({ status }) => status === 201);
    expect(created).toHaveLength(1);
    for (const response of responses.filter(({ status }) => status !== 201)) {
      expectError(response, 422, 'entity.unique_integrity_violation');
    }
    const listed = expectBody(
      await api('/api/organization-invitations', { query: { organizationId: organization.id } }),
      200,
      invitationList,
    );
    expect(listed).toEqual([invitationSchema.parse(created[0]!.body)]);
  });
});
