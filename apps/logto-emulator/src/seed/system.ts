import type { Transaction } from '@electric-sql/pglite';

import type { EmulatorDeps } from '../deps.js';

/** What Logto's database seed holds before anyone calls the Management API. */
export const managementApi = {
  resourceId: 'management-api',
  name: 'Logto Management API',
  indicator: 'https://default.logto.app/api',
  allScopeId: 'management-api-all',
  roleId: 'management-api-access',
  roleName: 'Logto Management API access',
} as const;

/**
 * Idempotently creates the Management API resource with its `all` scope, the M2M role holding it, and
 * the setup M2M app from configuration (the credential `pnpm bootstrap` and the demo seed use).
 */
export async function seedSystem({ db, config }: Pick<EmulatorDeps, 'db' | 'config'>) {
  const now = Date.now();
  await db.transaction(async (tx: Transaction) => {
    await tx.query(
      `insert into resources (id, name, indicator, is_default, access_token_ttl)
       values ($1, $2, $3, false, 3600) on conflict do nothing`,
      [managementApi.resourceId, managementApi.name, managementApi.indicator],
    );
    await tx.query(
      `insert into scopes (id, resource_id, name, description, created_at)
       values ($1, $2, 'all', 'Default scope for Management API, allows all permissions.', $3)
       on conflict do nothing`,
      [managementApi.allScopeId, managementApi.resourceId, now],
    );
    await tx.query(
      `insert into roles (id, name, description, type) values ($1, $2, $3, 'MachineToMachine')
       on conflict do nothing`,
      [managementApi.roleId, managementApi.roleName, 'Grants access to the Logto Management API.'],
    );
    await tx.query(
      'insert into roles_scopes (role_id, scope_id) values ($1, $2) on conflict do nothing',
      [managementApi.roleId, managementApi.allScopeId],
    );
    const { id, secret } = config.m2mApp;
    await tx.query(
      `insert into applications (id, name, description, type, secret, created_at)
       values ($1, 'Organization portal (setup and BFF)', 'Created by the emulator from its configuration.',
               'MachineToMachine', $2, $3)
       on conflict (id) do update set secret = excluded.secret`,
      [id, secret, now],
    );
    await tx.query(
      'insert into applications_roles (application_id, role_id) values ($1, $2) on conflict do nothing',
      [id, managementApi.roleId],
    );
  });
}
