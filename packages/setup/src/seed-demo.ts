import { z } from 'zod';

import { bootstrap, type BootstrapResult } from './bootstrap.js';
import {
  demoAccounts,
  demoColleagues,
  demoOrganizations,
  demoSupportAccount,
  largeOrganization,
  largeOrganizationMember,
  type DemoOrganization,
} from './demo-data.js';
import { defaultPortalSettings, type PortalSettings } from './env.js';
import {
  chunk,
  expectData,
  expectSuccess,
  listAll,
  mapConcurrently,
  type SetupClient,
} from './management-api.js';
import { SetupReport, type SetupLogger } from './report.js';
import { writeTenantFile, type DemoTenant } from './tenant-file.js';

export const spaApplicationName = 'Organization admin portal';

/** Parallel but bounded: fast against the emulator, gentle with a real tenant's rate limit. */
const createConcurrency = 8;
/** Users per `POST /organizations/{id}/users` (and per bulk role assignment). */
const membershipBatchSize = 500;

export type SeedDemoOptions = {
  portal?: Partial<PortalSettings>;
  /** Where to record the result (`.data/tenant.json` from the CLI); nothing is written when absent. */
  tenantFile?: string;
  /** The Logto URL recorded in the tenant file, when it differs from the one the client calls. */
  logtoEndpoint?: string;
  /** Generated members of the large organization (at least 1,000 by default). */
  largeOrganizationSize?: number;
  log?: SetupLogger;
};

export type SeedDemoResult = {
  tenant: DemoTenant;
  report: SetupReport;
  bootstrap: BootstrapResult;
  /** Every seeded user's id, by email (lower case). */
  userIds: Record<string, string>;
};

type UserSpec = { email: string; name: string; username?: string; password?: string };

/**
 * Seeds a demo tenant on top of `bootstrap`: demo accounts with known passwords, colleagues, three
 * organizations (one with over a thousand members), their roles, the support account's global role, and
 * the portal's SPA application. Finds everything by name or email first, so a rerun creates nothing.
 */
export async function seedDemo(
  client: SetupClient,
  options: SeedDemoOptions = {},
): Promise<SeedDemoResult> {
  const portal: PortalSettings = { ...defaultPortalSettings, ...options.portal };
  const report = new SetupReport(options.log);
  const setup = await bootstrap(client, { portalApiResource: portal.apiResource, report });

  const namedUsers: UserSpec[] = [...demoAccounts, ...demoColleagues];
  const generatedUsers: UserSpec[] = Array.from(
    { length: options.largeOrganizationSize ?? largeOrganization.defaultCount },
    (_, index) => largeOrganizationMember(index),
  );
  const userIds = {
    ...(await ensureUsers(client, report, namedUsers)),
    ...(await ensureUsers(client, report, generatedUsers, {
      countAs: 'generated members of the large organization',
    })),
  };
  const userId = (email: string) => {
    const id = userIds[email.toLowerCase()];
    if (!id) throw new Error(`Bug: the demo user ${email} was not created`);
    return id;
  };

  const organizations: DemoTenant['organizations'] = [];
  for (const organization of demoOrganizations) {
    const id = await ensureOrganization(client, report, organization);
    const members = organization.members.map(({ email, role }) => ({
      userId: userId(email),
      role,
    }));
    if (organization.key === largeOrganization.key) {
      members.push(
        ...generatedUsers.map(({ email }, index) => ({
          userId: userId(email),
          role: index < largeOrganization.adminCount ? ('admin' as const) : ('member' as const),
        })),
      );
    }
    await ensureMembers(
      client,
      report,
      { id, name: organization.name },
      members,
      setup.organizationRoleIds,
    );
    organizations.push({ key: organization.key, id, name: organization.name });
  }

  await ensureGlobalRoles(
    client,
    report,
    userId(demoSupportAccount.email),
    demoSupportAccount.roles,
    setup,
  );
  const spaAppId = await ensureSpaApplication(client, report, portal);

  const tenant: DemoTenant = {
    logtoEndpoint: options.logtoEndpoint ?? client.connection.endpoint,
    spaAppId,
    portalApiResource: portal.apiResource,
    organizations,
    demoAccounts: demoAccounts.map((account) => ({ ...account, userId: userId(account.email) })),
    seededAt: new Date().toISOString(),
  };
  if (options.tenantFile) await writeTenantFile(options.tenantFile, tenant);
  return { tenant, report, bootstrap: setup, userIds };
}

/**
 * Finds the wanted users by email (one paginated search per email domain rather than one per user),
 * creates the missing ones, and returns every wanted user's id by lower-case email. With `countAs`, the
 * report counts them ("1000 users (generated ...)") instead of naming each.
 */
async function ensureUsers(
  client: SetupClient,
  report: SetupReport,
  wanted: readonly UserSpec[],
  { countAs }: { countAs?: string } = {},
): Promise<Record<string, string>> {
  const ids: Record<string, string> = {};
  const domains = new Set(wanted.map(({ email }) => email.slice(email.lastIndexOf('@') + 1)));
  for (const domain of domains) {
    const found = await listAll(client, `search users @${domain}`, (query) =>
      client.api.GET('/api/users', {
        params: { query },
        // Logto reads flat search keys; openapi-fetch would send `search_params[...]` (CONTRACT.md 9).
        // `like` mode adds no wildcards: `%@domain` matches every address at that domain.
        querySerializer: () =>
          new URLSearchParams({
            page: String(query.page),
            page_size: String(query.page_size),
            'search.primaryEmail': `%@${domain}`,
          }).toString(),
      }),
    );
    for (const user of found) if (user.primaryEmail) ids[user.primaryEmail.toLowerCase()] = user.id;
  }

  const missing = wanted.filter(({ email }) => !ids[email.toLowerCase()]);
  await mapConcurrently(missing, createConcurrency, async ({ email, name, username, password }) => {
    const user = await expectData(
      client,
      `create user ${email}`,
      client.api.POST('/api/users', { body: { primaryEmail: email, name, username, password } }),
    );
    ids[email.toLowerCase()] = user.id;
    if (!countAs) report.recordCreated(`user ${email}${password ? ' (demo account)' : ''}`);
  });

  if (countAs) {
    const existingCount = wanted.length - missing.length;
    if (missing.length > 0) report.recordCreated(`${missing.length} users (${countAs})`);
    if (existingCount > 0) report.recordExisting(`${existingCount} users (${countAs})`);
  } else {
    for (const { email } of wanted) {
      if (!missing.some((user) => user.email === email)) report.recordExisting(`user ${email}`);
    }
  }
  return ids;
}

async function ensureOrganization(
  client: SetupClient,
  report: SetupReport,
  organization: DemoOrganization,
) {
  const what = `organization ${organization.name}`;
  const candidates = await listAll(client, `find ${what}`, (query) =>
    client.api.GET('/api/organizations', { params: { query: { ...query, q: organization.name } } }),
  );
  const existing = candidates.find(({ name }) => name === organization.name);
  if (existing) {
    report.recordExisting(what);
    return existing.id;
  }
  const created = await expectData(
    client,
    `create ${what}`,
    client.api.POST('/api/organizations', {
      body: { name: organization.name, description: organization.description },
    }),
  );
  report.recordCreated(what);
  return created.id;
}

/** Adds the missing members in a few large calls, then gives each member the role it lacks. */
async function ensureMembers(
  client: SetupClient,
  report: SetupReport,
  organization: { id: string; name: string },
  wanted: ReadonlyArray<{ userId: string; role: 'admin' | 'member' | null }>,
  roleIds: Record<string, string>,
) {
  const path = { id: organization.id };
  const current = await listAll(client, `list the members of ${organization.name}`, (query) =>
    client.api.GET('/api/organizations/{id}/users', { params: { path, query } }),
  );
  const rolesByMember = new Map(
    current.map((member) => [member.id, member.organizationRoles.map(({ name }) => name)]),
  );

  const newMembers = wanted
    .filter(({ userId }) => !rolesByMember.has(userId))
    .map(({ userId }) => userId);
  for (const userIds of chunk(newMembers, membershipBatchSize)) {
    await expectSuccess(
      client,
      `add members to ${organization.name}`,
      client.api.POST('/api/organizations/{id}/users', { params: { path }, body: { userIds } }),
    );
  }
  if (newMembers.length > 0)
    report.recordCreated(`${newMembers.length} memberships in ${organization.name}`);
  if (newMembers.length < wanted.length) {
    report.recordExisting(
      `${wanted.length - newMembers.length} memberships in ${organization.name}`,
    );
  }

  for (const role of ['admin', 'member'] as const) {
    const roleId = roleIds[role];
    if (!roleId) throw new Error(`Bug: bootstrap did not return the organization role ${role}`);
    const lacking = wanted
      .filter(
        (member) =>
          member.role === role && !(rolesByMember.get(member.userId) ?? []).includes(role),
      )
      .map(({ userId }) => userId);
    for (const userIds of chunk(lacking, membershipBatchSize)) {
      await expectSuccess(
        client,
        `assign the role ${role} in ${organization.name}`,
        client.api.POST('/api/organizations/{id}/users/roles', {
          params: { path },
          body: { userIds, organizationRoleIds: [roleId] },
          parseAs: 'text',
        }),
      );
    }
    if (lacking.length > 0)
      report.recordCreated(`role ${role} for ${lacking.length} members of ${organization.name}`);
  }
}

async function ensureGlobalRoles(
  client: SetupClient,
  report: SetupReport,
  userId: string,
  roleNames: readonly string[],
  setup: BootstrapResult,
) {
  const held = await listAll(client, 'list the support account’s roles', (query) =>
    client.api.GET('/api/users/{userId}/roles', { params: { path: { userId }, query } }),
  );
  const missing = roleNames.filter((name) => !held.some((role) => role.name === name));
  for (const name of roleNames) {
    if (!missing.includes(name))
      report.recordExisting(`global role ${name} of ${demoSupportAccount.email}`);
  }
  if (missing.length === 0) return;
  const roleIds = missing.map((name) => {
    const id = setup.supportRoleIds[name];
    if (!id) throw new Error(`Bug: bootstrap did not return the global role ${name}`);
    return id;
  });
  await expectSuccess(
    client,
    `assign global roles to ${demoSupportAccount.email}`,
    client.api.POST('/api/users/{userId}/roles', {
      params: { path: { userId } },
      body: { roleIds },
      parseAs: 'text',
    }),
  );
  for (const name of missing)
    report.recordCreated(`global role ${name} of ${demoSupportAccount.email}`);
}

const uriListSchema = z.array(z.string()).catch([]);

/** The SPA application the portal signs in with; registers the portal's URLs (missing ones are added). */
async function ensureSpaApplication(
  client: SetupClient,
  report: SetupReport,
  portal: PortalSettings,
) {
  const what = `SPA application "${spaApplicationName}"`;
  const origins = unique([new URL(portal.publicUrl).origin, new URL(portal.devUrl).origin]);
  const wanted = {
    redirectUris: unique([`${portal.publicUrl}/callback`, `${portal.devUrl}/callback`]),
    postLogoutRedirectUris: unique([`${portal.publicUrl}/`, `${portal.devUrl}/`]),
    corsAllowedOrigins: origins,
  };

  const applications = await listAll(client, 'list applications', (query) =>
    client.api.GET('/api/applications', { params: { query } }),
  );
  const existing = applications.find(
    ({ type, name }) => type === 'SPA' && name === spaApplicationName,
  );
  if (!existing) {
    const created = await expectData(
      client,
      `create ${what}`,
      client.api.POST('/api/applications', {
        body: {
          name: spaApplicationName,
          description:
            'The organization admin portal (apps/web), signed in through the BFF’s origin.',
          type: 'SPA',
          oidcClientMetadata: {
            redirectUris: asGeneratedUriList(wanted.redirectUris),
            postLogoutRedirectUris: asGeneratedUriList(wanted.postLogoutRedirectUris),
          },
          customClientMetadata: { corsAllowedOrigins: wanted.corsAllowedOrigins },
        },
      }),
    );
    report.recordCreated(`${what} (${created.id})`);
    return created.id;
  }

  const current = {
    redirectUris: uriListSchema.parse(existing.oidcClientMetadata.redirectUris),
    postLogoutRedirectUris: uriListSchema.parse(existing.oidcClientMetadata.postLogoutRedirectUris),
    corsAllowedOrigins: existing.customClientMetadata.corsAllowedOrigins ?? [],
  };
  const added = [
    ...wanted.redirectUris.filter((uri) => !current.redirectUris.includes(uri)),
    ...wanted.postLogoutRedirectUris.filter((uri) => !current.postLogoutRedirectUris.includes(uri)),
    ...wanted.corsAllowedOrigins.filter((origin) => !current.corsAllowedOrigins.includes(origin)),
  ];
  if (added.length === 0) {
    report.recordExisting(`${what} (${existing.id})`);
    return existing.id;
  }
  await expectData(
    client,
    `update ${what}`,
    client.api.PATCH('/api/applications/{id}', {
      params: { path: { id: existing.id } },
      body: {
        oidcClientMetadata: {
          ...existing.oidcClientMetadata,
          redirectUris: asGeneratedUriList(
            unique([...current.redirectUris, ...wanted.redirectUris]),
          ),
          postLogoutRedirectUris: asGeneratedUriList(
            unique([...current.postLogoutRedirectUris, ...wanted.postLogoutRedirectUris]),
          ),
        },
        customClientMetadata: {
          ...existing.customClientMetadata,
          corsAllowedOrigins: unique([...current.corsAllowedOrigins, ...wanted.corsAllowedOrigins]),
        },
      },
    }),
  );
  report.recordUpdated(`${what} (${existing.id}): registered ${added.join(', ')}`);
  return existing.id;
}

/**
 * @logto/api 1.42's generated types declare redirect URIs as objects (an OpenAPI generation slip); Logto
 * takes and returns plain URL strings, which is what this sends.
 */
function asGeneratedUriList(uris: string[]): Array<Record<string, unknown>> {
  return uris as unknown as Array<Record<string, unknown>>;
}

const unique = (values: string[]) => [...new Set(values)];
