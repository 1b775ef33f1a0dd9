import {
  allOrganizationPermissions,
  defaultOrganizationRoles,
  defaultPortalApiResource,
  organizationPermissionDescriptions,
  supportPermissions,
  supportRoles,
  type SupportPermission,
} from '@portal/shared';

import { expectData, expectSuccess, listAll, type SetupClient } from './management-api.js';
import { SetupReport, type SetupLogger } from './report.js';

const supportPermissionDescriptions: Record<SupportPermission, string> = {
  'support:read': 'See any organization, its members and invitations (vendor support).',
  'support:write':
    'Act on any organization on its behalf, with a recorded reason (vendor support).',
};

export type BootstrapOptions = {
  /** The portal API resource indicator (PORTAL_API_RESOURCE); the shared default otherwise. */
  portalApiResource?: string;
  log?: SetupLogger;
  /** Append to an existing report (the demo seed runs bootstrap first). */
  report?: SetupReport;
};

export type BootstrapResult = {
  report: SetupReport;
  /** Organization scope id by name (`read:members` → id). */
  organizationScopeIds: Record<string, string>;
  /** Organization role id by name (`admin`, `member`). */
  organizationRoleIds: Record<string, string>;
  portalApiResource: { id: string; indicator: string; scopeIds: Record<string, string> };
  /** Global role id by name (`portal-support`, ...). */
  supportRoleIds: Record<string, string>;
};

/**
 * Makes any Logto tenant ready for the portal, through the Management API only: the organization scopes
 * and default roles (the organization template), the portal API resource with the support scopes, and the
 * global support roles. Finds existing things by name or indicator and leaves them alone, except that
 * missing scopes are added to existing roles. Running it twice creates nothing the second time.
 */
export async function bootstrap(
  client: SetupClient,
  options: BootstrapOptions = {},
): Promise<BootstrapResult> {
  const report = options.report ?? new SetupReport(options.log);
  const organizationScopeIds = await ensureOrganizationScopes(client, report);
  const organizationRoleIds = await ensureOrganizationRoles(client, report, organizationScopeIds);
  const portalApiResource = await ensurePortalApiResource(
    client,
    report,
    options.portalApiResource ?? defaultPortalApiResource.indicator,
  );
  const supportRoleIds = await ensureSupportRoles(client, report, portalApiResource.scopeIds);
  return { report, organizationScopeIds, organizationRoleIds, portalApiResource, supportRoleIds };
}

async function ensureOrganizationScopes(client: SetupClient, report: SetupReport) {
  const scopes = await listAll(client, 'list organization scopes', (query) =>
    client.api.GET('/api/organization-scopes', { params: { query } }),
  );
  const ids: Record<string, string> = Object.fromEntries(scopes.map(({ name, id }) => [name, id]));
  for (const name of allOrganizationPermissions) {
    if (ids[name]) {
      report.recordExisting(`organization scope ${name}`);
      continue;
    }
    const scope = await expectData(
      client,
      `create organization scope ${name}`,
      client.api.POST('/api/organization-scopes', {
        body: { name, description: organizationPermissionDescriptions[name] },
      }),
    );
    ids[name] = scope.id;
    report.recordCreated(`organization scope ${name}`);
  }
  return ids;
}

async function ensureOrganizationRoles(
  client: SetupClient,
  report: SetupReport,
  scopeIds: Record<string, string>,
) {
  const roles = await listAll(client, 'list organization roles', (query) =>
    client.api.GET('/api/organization-roles', { params: { query } }),
  );
  const ids: Record<string, string> = {};
  for (const { name, description, permissions } of defaultOrganizationRoles) {
    const what = `organization role ${name}`;
    const wantedScopeIds = permissions.map((permission) => requireId(scopeIds, permission));
    const existing = roles.find((role) => role.name === name);
    if (!existing) {
      const role = await expectData(
        client,
        `create ${what}`,
        client.api.POST('/api/organization-roles', {
          body: { name, description, organizationScopeIds: wantedScopeIds, resourceScopeIds: [] },
        }),
      );
      ids[name] = role.id;
      report.recordCreated(
        `${what}${permissions.length > 0 ? ` (${permissions.join(', ')})` : ''}`,
      );
      continue;
    }

    ids[name] = existing.id;
    const held = await listAll(client, `list the scopes of ${what}`, (query) =>
      client.api.GET('/api/organization-roles/{id}/scopes', {
        params: { path: { id: existing.id }, query },
      }),
    );
    const missing = permissions.filter(
      (permission) => !held.some((scope) => scope.name === permission),
    );
    if (missing.length === 0) {
      report.recordExisting(what);
      continue;
    }
    await expectSuccess(
      client,
      `add scopes to ${what}`,
      client.api.POST('/api/organization-roles/{id}/scopes', {
        params: { path: { id: existing.id } },
        body: {
          organizationScopeIds: missing.map((permission) => requireId(scopeIds, permission)),
        },
        // Logto answers `201 Created` as plain text.
        parseAs: 'text',
      }),
    );
    report.recordUpdated(`${what}: added the missing scopes ${missing.join(', ')}`);
  }
  return ids;
}

async function ensurePortalApiResource(
  client: SetupClient,
  report: SetupReport,
  indicator: string,
) {
  const resources = await listAll(client, 'list API resources', (query) =>
    client.api.GET('/api/resources', { params: { query } }),
  );
  let resource = resources.find((candidate) => candidate.indicator === indicator);
  if (resource) {
    report.recordExisting(`API resource ${indicator}`);
  } else {
    resource = await expectData(
      client,
      `create API resource ${indicator}`,
      client.api.POST('/api/resources', {
        body: { name: defaultPortalApiResource.name, indicator, accessTokenTtl: 3600 },
      }),
    );
    report.recordCreated(`API resource ${indicator}`);
  }

  const resourceId = resource.id;
  const scopes = await listAll(client, `list the scopes of API resource ${indicator}`, (query) =>
    client.api.GET('/api/resources/{resourceId}/scopes', {
      params: { path: { resourceId }, query },
    }),
  );
  const scopeIds: Record<string, string> = Object.fromEntries(
    scopes.map(({ name, id }) => [name, id]),
  );
  for (const name of Object.values(supportPermissions)) {
    if (scopeIds[name]) {
      report.recordExisting(`API scope ${name}`);
      continue;
    }
    const scope = await expectData(
      client,
      `create API scope ${name}`,
      client.api.POST('/api/resources/{resourceId}/scopes', {
        params: { path: { resourceId } },
        body: { name, description: supportPermissionDescriptions[name] },
      }),
    );
    scopeIds[name] = scope.id;
    report.recordCreated(`API scope ${name}`);
  }
  return { id: resourceId, indicator, scopeIds };
}

async function ensureSupportRoles(
  client: SetupClient,
  report: SetupReport,
  scopeIds: Record<string, string>,
) {
  const roles = await listAll(client, 'list roles', (query) =>
    client.api.GET('/api/roles', { params: { query } }),
  );
  const ids: Record<string, string> = {};
  for (const { name, description, permissions } of supportRoles) {
    const what = `global role ${name}`;
    const wantedScopeIds = permissions.map((permission) => requireId(scopeIds, permission));
    const existing = roles.find((role) => role.name === name);
    if (!existing) {
      const role = await expectData(
        client,
        `create ${what}`,
        client.api.POST('/api/roles', {
          body: { name, description, type: 'User', scopeIds: wantedScopeIds },
        }),
      );
      ids[name] = role.id;
      report.recordCreated(`${what} (${permissions.join(', ')})`);
      continue;
    }

    ids[name] = existing.id;
    const held = await listAll(client, `list the scopes of ${what}`, (query) =>
      client.api.GET('/api/roles/{id}/scopes', { params: { path: { id: existing.id }, query } }),
    );
    const missing = wantedScopeIds.filter((scopeId) => !held.some((scope) => scope.id === scopeId));
    if (missing.length === 0) {
      report.recordExisting(what);
      continue;
    }
    await expectSuccess(
      client,
      `add scopes to ${what}`,
      client.api.POST('/api/roles/{id}/scopes', {
        params: { path: { id: existing.id } },
        body: { scopeIds: missing },
        parseAs: 'text',
      }),
    );
    const missingNames = permissions.filter((permission) =>
      missing.includes(requireId(scopeIds, permission)),
    );
    report.recordUpdated(`${what}: added the missing scopes ${missingNames.join(', ')}`);
  }
  return ids;
}

function requireId(ids: Record<string, string>, name: string): string {
  const id = ids[name];
  if (!id) throw new Error(`Bug: ${name} should have been created before it is referenced`);
  return id;
}
