/**
 * THE authorization matrix: every BFF API route × every kind of caller, each cell's status and error code
 * asserted, against the real emulator with real tokens. Plus the live re-check of a demoted admin, the
 * last-admin rule and the organization boundary for member ids.
 */
import {
  apiPaths,
  errorCodes,
  organizationAudience,
  problemContentType,
  supportReasonHeader,
  type ErrorName,
} from '@portal/shared';
import type { JWK } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';

import { demoAccount, startTestStack, type TestStack } from './test/stack.js';
import {
  clientCredentialsToken,
  generateForeignKey,
  signAccessToken,
  type UserSession,
} from './test/tokens.js';

const identities = [
  'no token',
  'malformed',
  'expired',
  'wrong audience',
  'unknown key',
  'member without permissions',
  'admin of another org',
  'admin of this org',
  'support read-only',
  'support read-write',
] as const;
type Identity = (typeof identities)[number];

/** A cell: a success status, or the refusal expected (its status and code come from packages/shared). */
type Cell =
  | 200
  | 201
  | 204
  | 'unauthenticated'
  | 'wrongAudience'
  | 'organizationMismatch'
  | 'forbidden'
  | 'invitationEmailMismatch';

/** Which kind of token a route family takes, for the identities that hold one of each. */
type Family = 'organization' | 'portal' | 'public';

type RequestSpec = { method: string; path: string; json?: unknown };

type Row = {
  route: string;
  family: Family;
  /** Builds the request for one cell (a fresh target where a success consumes it). */
  request: () => Promise<RequestSpec> | RequestSpec;
  /** Its successful requests change the spare member they were given. */
  usesSpareMember?: boolean;
  /** After a refused write: what must not have changed. */
  unchanged?: (spec: RequestSpec) => Promise<void>;
  cells: [Cell, Cell, Cell, Cell, Cell, Cell, Cell, Cell, Cell, Cell];
};

let stack: TestStack;
let acme: string;
let memberRoleId: string;
/** Plain members of Acme, handed out one per cell that removes or changes one. */
let spareMembers: string[];
let tokens: Record<Identity, Record<Family, string | undefined>>;
let sessions: { ada: UserSession };

const u = 'unauthenticated';
const a = 'wrongAudience';
const x = 'organizationMismatch';
const f = 'forbidden';
/** Past authorization, refused by the invitation's own rule: it is for an address nobody here holds. */
const m = 'invitationEmailMismatch';

/** The next spare member; a refused request leaves it as it was, so only a success uses it up. */
const spareMember = () => {
  const [id] = spareMembers;
  if (!id) throw new Error('Out of spare members: create more in beforeAll');
  return id;
};
const takeSpareMember = () => {
  const id = spareMember();
  spareMembers.shift();
  return id;
};

const organizationIdSchema = z.object({ id: z.string() });

// prettier-ignore
const matrix: Row[] = [
  // Columns, in `identities` order: no token, malformed, expired, wrong audience, unknown key | member
  // without permissions, admin of another org, admin of this org | support read-only, read-write.
  // u: 401 auth.unauthenticated, a: 401 auth.wrong_audience, x: 403 auth.organization_mismatch,
  // f: 403 auth.forbidden; numbers: that success status.
  { route: 'GET /api/me', family: 'portal',
    request: () => ({ method: 'GET', path: apiPaths.me }),
    cells: [u,   u,   u,   a,   u,   200, 200, 200, 200, 200] },
  { route: 'GET /api/orgs/{orgId}', family: 'organization',
    request: () => ({ method: 'GET', path: apiPaths.organization(acme) }),
    cells: [u,   u,   u,   a,   u,   f,   x,   200, 200, 200] },
  { route: 'PATCH /api/orgs/{orgId}', family: 'organization',
    request: () => ({ method: 'PATCH', path: apiPaths.organization(acme), json: { customData: { matrix: crypto.randomUUID() } } }),
    unchanged: async (spec) => {
      const { matrix: sent } = z.object({ customData: z.object({ matrix: z.string() }) }).parse(spec.json).customData;
      const { data } = await stack.setup.api.GET('/api/organizations/{id}', { params: { path: { id: acme } } });
      expect(data?.customData.matrix).not.toBe(sent);
    },
    cells: [u,   u,   u,   a,   u,   f,   x,   200, f,   200] },
  { route: 'GET /api/orgs/{orgId}/members', family: 'organization',
    request: () => ({ method: 'GET', path: apiPaths.members(acme) }),
    cells: [u,   u,   u,   a,   u,   f,   x,   200, 200, 200] },
  { route: 'DELETE /api/orgs/{orgId}/members/{userId}', family: 'organization',
    request: () => ({ method: 'DELETE', path: apiPaths.member(acme, spareMember()) }), usesSpareMember: true,
    unchanged: async (spec) => {
      const userId = spec.path.split('/').at(-1) ?? '';
      expect(await isMember(acme, userId)).toBe(true);
    },
    cells: [u,   u,   u,   a,   u,   f,   x,   204, f,   204] },
  { route: 'PUT /api/orgs/{orgId}/members/{userId}/roles', family: 'organization',
    request: () => ({ method: 'PUT', path: apiPaths.memberRoles(acme, spareMember()), json: { roleIds: [memberRoleId] } }), usesSpareMember: true,
    unchanged: async (spec) => {
      const userId = spec.path.split('/').at(-2) ?? '';
      expect(await memberRoleNames(acme, userId)).toEqual([]);
    },
    cells: [u,   u,   u,   a,   u,   f,   x,   204, f,   204] },
  { route: 'POST /api/orgs/{orgId}/members/role-assignments', family: 'organization',
    request: () => ({ method: 'POST', path: apiPaths.membersRoleAssignments(acme), json: { userIds: [spareMember()], roleIds: [memberRoleId] } }), usesSpareMember: true,
    unchanged: async (spec) => {
      const [userId = ''] = z.object({ userIds: z.array(z.string()) }).parse(spec.json).userIds;
      expect(await memberRoleNames(acme, userId)).toEqual([]);
    },
    cells: [u,   u,   u,   a,   u,   f,   x,   204, f,   204] },
  { route: 'GET /api/orgs/{orgId}/roles', family: 'organization',
    request: () => ({ method: 'GET', path: apiPaths.roles(acme) }),
    cells: [u,   u,   u,   a,   u,   f,   x,   200, 200, 200] },
  { route: 'GET /api/orgs/{orgId}/audit-events', family: 'organization',
    request: () => ({ method: 'GET', path: apiPaths.auditEvents(acme) }),
    cells: [u,   u,   u,   a,   u,   f,   x,   200, 200, 200] },
  { route: 'GET /api/support/audit-events', family: 'portal',
    request: () => ({ method: 'GET', path: apiPaths.supportAuditEvents }),
    cells: [u,   u,   u,   a,   u,   f,   f,   f,   200, 200] },
  { route: 'GET /api/support/orgs', family: 'portal',
    request: () => ({ method: 'GET', path: apiPaths.supportOrganizations }),
    cells: [u,   u,   u,   a,   u,   f,   f,   f,   200, 200] },
  { route: 'POST /api/support/orgs', family: 'portal',
    request: () => ({ method: 'POST', path: apiPaths.supportOrganizations, json: { name: `Matrix ${crypto.randomUUID()}` } }),
    unchanged: async (spec) => {
      const { name } = z.object({ name: z.string() }).parse(spec.json);
      const { data } = await stack.setup.api.GET('/api/organizations', { params: { query: { q: name } } });
      expect(data).toEqual([]);
    },
    cells: [u,   u,   u,   a,   u,   f,   f,   f,   f,   201] },
  { route: 'DELETE /api/support/orgs/{orgId}', family: 'portal',
    request: async () => {
      const { data } = await stack.setup.api.POST('/api/organizations', { body: { name: `Doomed ${crypto.randomUUID()}` } });
      return { method: 'DELETE', path: apiPaths.supportOrganization(organizationIdSchema.parse(data).id) };
    },
    unchanged: async (spec) => {
      const id = spec.path.split('/').at(-1) ?? '';
      const { response } = await stack.setup.api.GET('/api/organizations/{id}', { params: { path: { id } } });
      expect(response.status).toBe(200);
    },
    cells: [u,   u,   u,   a,   u,   f,   f,   f,   f,   204] },
  // Invitations (issue 4): each cell gets a fresh pending invitation, to a fresh address, in Acme.
  { route: 'GET /api/orgs/{orgId}/invitations', family: 'organization',
    request: () => ({ method: 'GET', path: apiPaths.invitations(acme) }),
    cells: [u,   u,   u,   a,   u,   f,   x,   200, 200, 200] },
  { route: 'POST /api/orgs/{orgId}/invitations', family: 'organization',
    request: () => ({ method: 'POST', path: apiPaths.invitations(acme), json: { emails: [freshAddress()], roleIds: [memberRoleId] } }),
    unchanged: async (spec) => {
      const [email = ''] = z.object({ emails: z.array(z.string()) }).parse(spec.json).emails;
      expect(await invitationsTo(email)).toEqual([]);
    },
    cells: [u,   u,   u,   a,   u,   f,   x,   201, f,   201] },
  { route: 'POST /api/orgs/{orgId}/invitations/{invitationId}/resend', family: 'organization',
    request: async () => ({ method: 'POST', path: apiPaths.invitationResend(acme, await pendingInvitation()) }),
    unchanged: async (spec) => {
      const invitation = await invitationAt(spec.path);
      expect(await stack.emulator.deps.mailer.listMessages({ to: invitation.invitee })).toEqual([]);
    },
    cells: [u,   u,   u,   a,   u,   f,   x,   200, f,   200] },
  { route: 'POST /api/orgs/{orgId}/invitations/{invitationId}/renew', family: 'organization',
    request: async () => ({ method: 'POST', path: apiPaths.invitationRenew(acme, await pendingInvitation()) }),
    unchanged: async (spec) => {
      expect((await invitationAt(spec.path)).status).toBe('Pending');
    },
    cells: [u,   u,   u,   a,   u,   f,   x,   201, f,   201] },
  { route: 'POST /api/orgs/{orgId}/invitations/{invitationId}/revoke', family: 'organization',
    request: async () => ({ method: 'POST', path: apiPaths.invitationRevoke(acme, await pendingInvitation()) }),
    unchanged: async (spec) => {
      expect((await invitationAt(spec.path)).status).toBe('Pending');
    },
    cells: [u,   u,   u,   a,   u,   f,   x,   200, f,   200] },
  { route: 'GET /api/orgs/{orgId}/invitations/{invitationId}/link', family: 'organization',
    request: async () => ({ method: 'GET', path: apiPaths.invitationLink(acme, await pendingInvitation()) }),
    cells: [u,   u,   u,   a,   u,   f,   x,   200, 200, 200] },
  // The invitee's side: any signed-in user with a portal API token.
  { route: 'GET /api/invitations/{invitationId}', family: 'portal',
    request: async () => ({ method: 'GET', path: apiPaths.inviteeInvitation(await pendingInvitation()) }),
    cells: [u,   u,   u,   a,   u,   200, 200, 200, 200, 200] },
  { route: 'POST /api/invitations/{invitationId}/accept', family: 'portal',
    request: async () => ({ method: 'POST', path: apiPaths.acceptInvitation(await pendingInvitation()) }),
    unchanged: async (spec) => {
      expect((await invitationAt(spec.path)).status).toBe('Pending');
    },
    cells: [u,   u,   u,   a,   u,   m,   m,   m,   m,   m] },
  // Public: the Authorization header, whatever it holds, is ignored.
  { route: 'GET /api/config', family: 'public',
    request: () => ({ method: 'GET', path: '/api/config' }),
    cells: [200, 200, 200, 200, 200, 200, 200, 200, 200, 200] },
  { route: 'GET /api/openapi.json', family: 'public',
    request: () => ({ method: 'GET', path: apiPaths.openApi }),
    cells: [200, 200, 200, 200, 200, 200, 200, 200, 200, 200] },
  { route: 'GET /api/docs', family: 'public',
    request: () => ({ method: 'GET', path: apiPaths.docs }),
    cells: [200, 200, 200, 200, 200, 200, 200, 200, 200, 200] },
];

let invitationCount = 0;
const freshAddress = () => {
  invitationCount += 1;
  return `matrix-invitee-${invitationCount}-${crypto.randomUUID().slice(0, 8)}@invitee.test`;
};

const logtoInvitationSchema = z.object({ id: z.string(), invitee: z.string(), status: z.string() });

/** A pending invitation to a fresh address in Acme, made behind the BFF's back. */
async function pendingInvitation() {
  const { data } = await stack.setup.api.POST('/api/organization-invitations', {
    body: {
      organizationId: acme,
      invitee: freshAddress(),
      expiresAt: Date.now() + 86_400_000,
      organizationRoleIds: [memberRoleId],
      messagePayload: false,
    },
  });
  return logtoInvitationSchema.parse(data).id;
}

/** The invitation whose id is in the path (`.../invitations/<id>[/verb]`). */
async function invitationAt(path: string) {
  const segments = path.split('/');
  const id = segments[segments.indexOf('invitations') + 1] ?? '';
  const { data } = await stack.setup.api.GET('/api/organization-invitations/{id}', {
    params: { path: { id } },
  });
  return logtoInvitationSchema.parse(data);
}

async function invitationsTo(invitee: string) {
  const { data } = await stack.setup.api.GET('/api/organization-invitations', {
    params: { query: { invitee } },
  });
  return data ?? [];
}

async function isMember(organizationId: string, userId: string) {
  const { response } = await stack.setup.api.GET('/api/organizations/{id}/users/{userId}/roles', {
    params: { path: { id: organizationId, userId } },
  });
  return response.status === 200;
}

async function memberRoleNames(organizationId: string, userId: string) {
  const { data } = await stack.setup.api.GET('/api/organizations/{id}/users/{userId}/roles', {
    params: { path: { id: organizationId, userId } },
  });
  return (data ?? []).map(({ name }) => name).sort();
}

beforeAll(async () => {
  stack = await startTestStack();
  acme = stack.organizations.acme;
  memberRoleId = stack.roleIds.member ?? '';
  const { globex } = stack.organizations;

  const [gina, rita] = await Promise.all([
    stack.createUser({ username: 'gina', organizations: [{ id: globex, roles: ['admin'] }] }),
    stack.createUser({ username: 'rita', globalRoles: ['portal-support-readonly'] }),
  ]);
  spareMembers = [];
  for (let index = 0; index < 12; index += 1) {
    const spare = await stack.createUser({
      username: `spare${index}`,
      organizations: [{ id: acme, roles: [] }],
    });
    spareMembers.push(spare.id);
  }

  const ada = demoAccount(stack, 'ada');
  const max = demoAccount(stack, 'max');
  const sam = demoAccount(stack, 'sam');
  const [adaSession, maxSession, samSession, ginaSession, ritaSession] = await Promise.all([
    stack.signIn(ada.email, ada.password),
    stack.signIn(max.email, max.password),
    stack.signIn(sam.email, sam.password),
    stack.signIn(gina.email, gina.password),
    stack.signIn(rita.email, rita.password),
  ]);
  sessions = { ada: adaSession };

  const [emulatorKey] = stack.emulator.deps.keys.privateJwks.keys;
  if (!emulatorKey) throw new Error('The emulator has no signing key');
  const foreignKey: JWK = await generateForeignKey();
  const issuer = `${stack.emulator.url}/oidc`;
  const adminClaims = {
    iss: issuer,
    sub: adaSession.userId,
    aud: organizationAudience(acme),
    scope: 'read:members invite:members manage:members manage:organization read:audit-log',
  };
  const supportClaims = {
    iss: issuer,
    sub: samSession.userId,
    aud: stack.seed.tenant.portalApiResource,
    scope: 'support:read support:write',
  };
  const anHourAgo = Math.floor(Date.now() / 1000) - 3600;
  const managementToken = await clientCredentialsToken({
    logtoEndpoint: stack.emulator.url,
    appId: 'bff-test-m2m',
    appSecret: 'bff-test-m2m-secret-not-real',
    resource: 'https://default.logto.app/api',
  });

  const both = (organization: string | undefined, portal: string | undefined) => ({
    organization,
    portal,
    public: portal,
  });
  tokens = {
    'no token': both(undefined, undefined),
    malformed: both('not.a.jwt', 'eyJhbGciOiJFUzM4NCJ9.e30.c2ln'),
    expired: both(
      await signAccessToken(emulatorKey, adminClaims, { expiresAt: anHourAgo }),
      await signAccessToken(emulatorKey, supportClaims, { expiresAt: anHourAgo }),
    ),
    'wrong audience': both(managementToken, managementToken),
    'unknown key': both(
      await signAccessToken(foreignKey, adminClaims),
      await signAccessToken(foreignKey, supportClaims),
    ),
    'member without permissions': both(
      await maxSession.organizationToken(acme),
      await maxSession.portalToken(),
    ),
    'admin of another org': both(
      await ginaSession.organizationToken(globex),
      await ginaSession.portalToken(),
    ),
    'admin of this org': both(
      await adaSession.organizationToken(acme),
      await adaSession.portalToken(),
    ),
    'support read-only': both(await ritaSession.portalToken(), await ritaSession.portalToken()),
    'support read-write': both(await samSession.portalToken(), await samSession.portalToken()),
  };
}, 120_000);

afterAll(async () => {
  await stack?.close();
});

describe('the authorization matrix', () => {
  it('covers every route the BFF describes in its OpenAPI document, and nothing else', async () => {
    const response = await stack.call(apiPaths.openApi);
    const document = z
      .object({ paths: z.record(z.string(), z.record(z.string(), z.unknown())) })
      .parse(await response.json());
    const described = Object.entries(document.paths).flatMap(([path, operations]) =>
      Object.keys(operations).map((method) => `${method.toUpperCase()} ${path}`),
    );
    const publicRoutes = matrix.filter((row) => row.family === 'public').map((row) => row.route);
    expect(
      matrix
        .map((row) => row.route)
        .filter((route) => !publicRoutes.includes(route))
        .sort(),
    ).toEqual(described.sort());
  });

  describe.each(matrix)('$route', (row) => {
    it.each(row.cells.map((cell, index) => ({ identity: identities[index] ?? 'no token', cell })))(
      '$identity → $cell',
      async ({ identity, cell }) => {
        const spec = await row.request();
        const token = tokens[identity][row.family];
        const response = await stack.call(spec.path, {
          method: spec.method,
          token,
          json: spec.json,
          // Support writes need a reason; everyone else's is ignored.
          headers: { [supportReasonHeader]: 'Authorization matrix run' },
        });
        if (typeof cell === 'number') {
          expect(response.status, await response.clone().text()).toBe(cell);
          if (row.usesSpareMember) takeSpareMember();
          return;
        }
        const expected = errorCodes[cell satisfies ErrorName];
        expect(response.status).toBe(expected.status);
        expect(response.headers.get('content-type')).toContain(problemContentType);
        expect(await response.json()).toMatchObject({
          status: expected.status,
          code: expected.code,
        });
        if (row.unchanged) await row.unchanged(spec);
      },
    );
  });
});

describe('the live re-check before writes', () => {
  it('refuses a demoted admin’s writes within seconds, while their token is still valid', async () => {
    const boss = await stack.createUser({
      username: 'boss',
      organizations: [{ id: acme, roles: ['admin'] }],
    });
    const session = await stack.signIn(boss.email, boss.password);
    const token = await session.organizationToken(acme);
    const rename = (description: string) =>
      stack.call(apiPaths.organization(acme), { method: 'PATCH', token, json: { description } });
    expect((await rename('Before the demotion')).status).toBe(200);

    await stack.setup.api.PUT('/api/organizations/{id}/users/{userId}/roles', {
      params: { path: { id: acme, userId: boss.id } },
      body: { organizationRoleIds: [memberRoleId] },
    });
    const demotedAt = Date.now();
    // The scope cache keeps an answer at most 5 s (asked for before `demotedAt`): every write sent
    // from then on must be refused. What counts is when an attempt was sent, not how long it took to
    // come back, which on a loaded machine can be seconds.
    const scopeTtlMs = 5000;
    let refused: Response | undefined;
    let lastAcceptedSentAfterMs = -1;
    while (!refused && Date.now() - demotedAt < 3 * scopeTtlMs) {
      const sentAfterMs = Date.now() - demotedAt;
      const response = await rename(`Attempt ${Date.now()}`);
      if (response.status === 403) refused = response;
      else {
        expect(response.status).toBe(200);
        lastAcceptedSentAfterMs = sentAfterMs;
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
    }
    expect(lastAcceptedSentAfterMs).toBeLessThan(scopeTtlMs);
    expect(await refused?.json()).toMatchObject({ code: errorCodes.forbidden.code });
    // The token itself still says admin: only the live check stopped it.
    expect((await stack.call(apiPaths.members(acme), { token })).status).toBe(200);
  }, 30_000);

  it('refuses at once when the admin was demoted before their first write', async () => {
    const former = await stack.createUser({
      username: 'former',
      organizations: [{ id: acme, roles: ['admin'] }],
    });
    const session = await stack.signIn(former.email, former.password);
    const token = await session.organizationToken(acme);
    const target = takeSpareMember();
    await stack.setup.api.DELETE('/api/organizations/{id}/users/{userId}', {
      params: { path: { id: acme, userId: former.id } },
    });
    const response = await stack.call(apiPaths.member(acme, target), { method: 'DELETE', token });
    expect(response.status).toBe(403);
    expect(await isMember(acme, target)).toBe(true);
  });
});

describe('the last-admin rule', () => {
  it('refuses to remove or demote the last member who can manage members, and says so in the audit log', async () => {
    const organization = await stack.setup.api.POST('/api/organizations', {
      body: { name: `Solo ${crypto.randomUUID()}` },
    });
    const solo = organizationIdSchema.parse(organization.data).id;
    const owner = await stack.createUser({
      username: 'owner',
      organizations: [{ id: solo, roles: ['admin'] }],
    });
    const colleague = await stack.createUser({
      username: 'colleague',
      organizations: [{ id: solo, roles: ['member'] }],
    });
    const token = await (await stack.signIn(owner.email, owner.password)).organizationToken(solo);

    const demote = await stack.call(apiPaths.memberRoles(solo, owner.id), {
      method: 'PUT',
      token,
      json: { roleIds: [memberRoleId] },
    });
    expect(demote.status).toBe(409);
    expect(await demote.json()).toMatchObject({ code: errorCodes.lastAdmin.code });
    const remove = await stack.call(apiPaths.member(solo, owner.id), { method: 'DELETE', token });
    expect(remove.status).toBe(409);
    expect(await memberRoleNames(solo, owner.id)).toEqual(['admin']);

    // Support is held to it too.
    const support = await stack.call(apiPaths.member(solo, owner.id), {
      method: 'DELETE',
      token: tokens['support read-write'].portal,
      headers: { [supportReasonHeader]: 'Ticket 42' },
    });
    expect(support.status).toBe(409);

    // With a second admin, the first may step down.
    const promote = await stack.call(apiPaths.memberRoles(solo, colleague.id), {
      method: 'PUT',
      token,
      json: { roleIds: [stack.roleIds.admin] },
    });
    expect(promote.status).toBe(204);
    const stepDown = await stack.call(apiPaths.memberRoles(solo, owner.id), {
      method: 'PUT',
      token,
      json: { roleIds: [memberRoleId] },
    });
    expect(stepDown.status).toBe(204);

    const events = await stack.database.audit.list({ organizationId: solo, page: 1, pageSize: 20 });
    expect(
      events.items.map(({ action, outcome, errorCode, target }) => [
        action,
        outcome,
        errorCode,
        target.id,
      ]),
    ).toEqual([
      ['member.roles_replaced', 'success', null, owner.id],
      ['member.roles_replaced', 'success', null, colleague.id],
      ['member.removed', 'failure', errorCodes.lastAdmin.code, owner.id],
      ['member.removed', 'failure', errorCodes.lastAdmin.code, owner.id],
      ['member.roles_replaced', 'failure', errorCodes.lastAdmin.code, owner.id],
    ]);
    expect(events.items[2]?.actor.kind).toBe('support');
    expect(events.items[2]?.reason).toBe('Ticket 42');
  });
});

describe('the organization boundary', () => {
  it('answers 404 for a member of another organization, and changes nothing there', async () => {
    const { globex } = stack.organizations;
    const outsider = await stack.createUser({
      username: 'outsider',
      organizations: [{ id: globex, roles: ['admin'] }],
    });
    const token = await sessions.ada.organizationToken(acme);

    const requests = [
      stack.call(apiPaths.member(acme, outsider.id), { method: 'DELETE', token }),
      stack.call(apiPaths.memberRoles(acme, outsider.id), {
        method: 'PUT',
        token,
        json: { roleIds: [memberRoleId] },
      }),
      stack.call(apiPaths.membersRoleAssignments(acme), {
        method: 'POST',
        token,
        json: { userIds: [outsider.id], roleIds: [memberRoleId] },
      }),
    ];
    for (const response of await Promise.all(requests)) {
      expect(response.status).toBe(404);
      expect(await response.json()).toMatchObject({ code: errorCodes.memberNotFound.code });
    }
    expect(await memberRoleNames(globex, outsider.id)).toEqual(['admin']);
    expect(await isMember(acme, outsider.id)).toBe(false);

    // And the organization in the path is the one the token is for, never another.
    const elsewhere = await stack.call(apiPaths.member(globex, outsider.id), {
      method: 'DELETE',
      token,
    });
    expect(elsewhere.status).toBe(403);
    expect(await isMember(globex, outsider.id)).toBe(true);
  });
});
