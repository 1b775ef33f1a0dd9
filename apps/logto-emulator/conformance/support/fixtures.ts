/**
 * Test data that works on a shared, non-empty tenant: every name carries a per-run suffix, and every
 * entity is deleted after the test (or file) that created it.
 */
import { randomBytes, randomInt } from 'node:crypto';

import { afterAll, afterEach } from 'vitest';
import { z } from 'zod';

import { expectBody } from './assertions.js';
import { api } from './http.js';
import {
  applicationSchema,
  applicationSecretSchema,
  createdUserSchema,
  invitationSchema,
  organizationRoleSchema,
  organizationSchema,
  organizationScopeSchema,
  resourceScopeSchema,
  resourceWithScopesSchema,
  roleSchema,
  type Application,
  type Invitation,
  type Organization,
  type OrganizationRole,
  type OrganizationScope,
  type Resource,
  type ResourceScope,
  type Role,
  type User,
} from './schemas.js';

/** Lowercase alphanumerics and `_` only, so it fits usernames, emails, scope names and `q` searches. */
export const runId = `cf${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;
let counter = 0;

/** A name unique to this run and call, e.g. `org_cfmf3k2a1b2c3_7`. */
export function uniqueName(label: string): string {
  counter += 1;
  return `${label}_${runId}_${counter}`;
}

export function uniqueEmail(label: string): string {
  return `${uniqueName(label)}@conformance.example.com`;
}

/**
 * An id no entity has, as long as Logto's ids: 12 for users and organizations, 21 for the rest. Longer
 * strings would overflow Logto's varchar columns and answer `entity.value_too_long` instead.
 */
export function missingId(length: 12 | 21): string {
  return `zz${randomBytes(16).toString('hex')}`.slice(0, length);
}

/** A phone number (digits only, as Logto's regex wants) that no other run is likely to use. */
export function uniquePhone(): string {
  return `1555${String(randomInt(0, 10_000_000)).padStart(7, '0')}`;
}

type CleanupTask = { label: string; run: () => Promise<void> };

/** Deletions registered while creating test data, run in reverse order. */
export class Cleanup {
  #tasks: CleanupTask[] = [];

  defer(label: string, run: () => Promise<void>): void {
    this.#tasks.push({ label, run });
  }

  /** Deletes `/api/...`; a 404 means the test deleted it already. */
  deleteLater(path: string): void {
    this.defer(`DELETE ${path}`, async () => {
      const response = await api(path, { method: 'DELETE' });
      if (response.status !== 204 && response.status !== 404) {
        throw new Error(`cleanup DELETE ${path}: ${response.status} ${response.text}`);
      }
    });
  }

  async run(): Promise<void> {
    const tasks = this.#tasks.reverse();
    this.#tasks = [];
    const failures: string[] = [];
    for (const task of tasks) {
      try {
        await task.run();
      } catch (error: unknown) {
        failures.push(`${task.label}: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    if (failures.length > 0) throw new Error(`Cleanup failed:\n${failures.join('\n')}`);
  }
}

/** A cleanup run after each test of the calling file. */
export function useTestCleanup(): Cleanup {
  const cleanup = new Cleanup();
  afterEach(async () => cleanup.run());
  return cleanup;
}

/** A cleanup run once after all tests of the calling file (for data made in `beforeAll`). */
export function useFileCleanup(): Cleanup {
  const cleanup = new Cleanup();
  afterAll(async () => cleanup.run());
  return cleanup;
}

export async function createOrganization(
  cleanup: Cleanup,
  body: Record<string, unknown> = {},
): Promise<Organization> {
  const organization = expectBody(
    await api('/api/organizations', { json: { name: uniqueName('org'), ...body } }),
    201,
    organizationSchema,
  );
  cleanup.deleteLater(`/api/organizations/${organization.id}`);
  return organization;
}

export async function createUser(
  cleanup: Cleanup,
  body: Record<string, unknown> = {},
): Promise<User> {
  const user = expectBody(
    await api('/api/users', { json: { username: uniqueName('user'), ...body } }),
    200,
    createdUserSchema,
  );
  cleanup.deleteLater(`/api/users/${user.id}`);
  return user;
}

export async function createUsers(
  cleanup: Cleanup,
  count: number,
  label = 'user',
): Promise<User[]> {
  return Promise.all(
    Array.from({ length: count }, async () => {
      const username = uniqueName(label);
      return createUser(cleanup, { username, primaryEmail: `${username}@conformance.example.com` });
    }),
  );
}

export async function addMembers(organizationId: string, userIds: string[]): Promise<void> {
  const response = await api(`/api/organizations/${organizationId}/users`, { json: { userIds } });
  expectBody(response, 201, z.object({ userIds: z.array(z.string()) }));
}

export async function createOrganizationScope(
  cleanup: Cleanup,
  body: Record<string, unknown> = {},
): Promise<OrganizationScope> {
  const scope = expectBody(
    await api('/api/organization-scopes', { json: { name: uniqueName('read:scope'), ...body } }),
    201,
    organizationScopeSchema,
  );
  cleanup.deleteLater(`/api/organization-scopes/${scope.id}`);
  return scope;
}

export async function createOrganizationRole(
  cleanup: Cleanup,
  body: Record<string, unknown> = {},
): Promise<OrganizationRole> {
  const role = expectBody(
    await api('/api/organization-roles', { json: { name: uniqueName('role'), ...body } }),
    201,
    organizationRoleSchema,
  );
  cleanup.deleteLater(`/api/organization-roles/${role.id}`);
  return role;
}

/** An invitation created without sending a message (no email connector needed). */
export async function createInvitation(
  cleanup: Cleanup,
  body: { organizationId: string } & Record<string, unknown>,
): Promise<Invitation> {
  const invitation = expectBody(
    await api('/api/organization-invitations', {
      json: { invitee: uniqueEmail('invitee'), expiresAt: Date.now() + 86_400_000, ...body },
    }),
    201,
    invitationSchema,
  );
  cleanup.deleteLater(`/api/organization-invitations/${invitation.id}`);
  return invitation;
}

export async function createResource(
  cleanup: Cleanup,
  body: Record<string, unknown> = {},
): Promise<Resource> {
  const name = uniqueName('api');
  const { scopes: _scopes, ...resource } = expectBody(
    await api('/api/resources', {
      json: { name, indicator: `https://${name.replaceAll('_', '-')}.example.com/api`, ...body },
    }),
    201,
    resourceWithScopesSchema,
  );
  cleanup.deleteLater(`/api/resources/${resource.id}`);
  return resource;
}

export async function createResourceScope(
  cleanup: Cleanup,
  resourceId: string,
  body: Record<string, unknown> = {},
): Promise<ResourceScope> {
  const scope = expectBody(
    await api(`/api/resources/${resourceId}/scopes`, {
      json: { name: uniqueName('read:things'), ...body },
    }),
    201,
    resourceScopeSchema,
  );
  cleanup.deleteLater(`/api/resources/${resourceId}/scopes/${scope.id}`);
  return scope;
}

export async function createRole(
  cleanup: Cleanup,
  body: Record<string, unknown> = {},
): Promise<Role> {
  const role = expectBody(
    await api('/api/roles', {
      json: { name: uniqueName('role'), description: 'Conformance test role', ...body },
    }),
    200,
    roleSchema,
  );
  cleanup.deleteLater(`/api/roles/${role.id}`);
  return role;
}

export async function createApplication(
  cleanup: Cleanup,
  body: { type: Application['type'] } & Record<string, unknown>,
): Promise<Application> {
  const application = expectBody(
    await api('/api/applications', { json: { name: uniqueName('app'), ...body } }),
    200,
    applicationSchema,
  );
  cleanup.deleteLater(`/api/applications/${application.id}`);
  return application;
}

/** The secrets of an application (an M2M app gets a "Default secret" when created). */
export async function listApplicationSecrets(applicationId: string) {
  return expectBody(
    await api(`/api/applications/${applicationId}/secrets`),
    200,
    z.array(applicationSecretSchema),
  );
}
