import { describe, expect, it } from 'vitest';
import { z } from 'zod';

import {
  expectBody,
  expectError,
  expectKeyOrder,
  expectNoContent,
  expectNoPagination,
  expectPagination,
  sortedById,
} from './support/assertions.js';
import {
  createOrganizationRole,
  createOrganizationScope,
  createResource,
  createResourceScope,
  missingId,
  uniqueName,
  useTestCleanup,
} from './support/fixtures.js';
import { api, apiPath, target } from './support/http.js';
import {
  organizationRoleKeys,
  organizationRoleSchema,
  organizationRoleWithScopesSchema,
  organizationScopeKeys,
  organizationScopeSchema,
  resourceScopeSchema,
} from './support/schemas.js';

const origin = new URL(target.endpoint).origin;
const scopeList = z.array(organizationScopeSchema);
const roleWithScopesList = z.array(organizationRoleWithScopesSchema);
const reference = ({ id, name }: { id: string; name: string }) => ({ id, name });

describe('organization scopes (/api/organization-scopes)', () => {
  const cleanup = useTestCleanup();

  it('POST creates a scope: 201 (samples/10, 11)', async () => {
    const name = uniqueName('read:docs');
    const response = await api('/api/organization-scopes', {
      json: { name, description: 'Read docs' },
    });

    const scope = expectBody(response, 201, organizationScopeSchema);
    cleanup.deleteLater(`/api/organization-scopes/${scope.id}`);
    expectKeyOrder(response.body, organizationScopeKeys);
    expect(scope).toMatchObject({ name, description: 'Read docs' });
    expect((await createOrganizationScope(cleanup)).description).toBeNull();
  });

  it('POST answers 422 entity.unique_integrity_violation for a duplicate name', async () => {
    const scope = await createOrganizationScope(cleanup);

    const response = await api('/api/organization-scopes', { json: { name: scope.name } });

    expectError(response, 422, 'entity.unique_integrity_violation');
  });

  it('POST answers 400 guard.invalid_input without a name', async () => {
    const response = await api('/api/organization-scopes', { json: { description: 'no name' } });

    const body = expectError(response, 400, 'guard.invalid_input');
    expect(body.details).toContain('Error in key path "name": (invalid_type)');
  });

  it('GET lists scopes ordered by name, filtered by q, paginated only when asked (samples/12)', async () => {
    const prefix = uniqueName('list');
    const second = await createOrganizationScope(cleanup, { name: `${prefix}:write` });
    const first = await createOrganizationScope(cleanup, { name: `${prefix}:read` });

    const all = await api('/api/organization-scopes', { query: { q: prefix } });
    expect(expectBody(all, 200, scopeList)).toEqual([first, second]);
    expectNoPagination(all);

    const paged = await api('/api/organization-scopes', {
      query: { q: prefix, page: 2, page_size: 1 },
    });
    expect(expectBody(paged, 200, scopeList)).toEqual([second]);
    expectPagination(paged, {
      total: 2,
      links: [
        [
          'first',
          `${origin}${apiPath('/organization-scopes', { q: prefix, page: 1, page_size: 1 })}`,
        ],
        [
          'prev',
          `${origin}${apiPath('/organization-scopes', { q: prefix, page: 1, page_size: 1 })}`,
        ],
        [
          'last',
          `${origin}${apiPath('/organization-scopes', { q: prefix, page: 2, page_size: 1 })}`,
        ],
      ],
    });
  });

  it('GET /{id} returns the scope, 404 entity.not_exists_with_id when unknown', async () => {
    const scope = await createOrganizationScope(cleanup, { description: 'd' });

    expect(
      expectBody(await api(`/api/organization-scopes/${scope.id}`), 200, organizationScopeSchema),
    ).toEqual(scope);
    expectError(
      await api(`/api/organization-scopes/${missingId(21)}`),
      404,
      'entity.not_exists_with_id',
    );
  });

  it('PATCH updates name and description; a taken name is 422; unknown id is 404', async () => {
    const scope = await createOrganizationScope(cleanup);
    const other = await createOrganizationScope(cleanup);
    const name = uniqueName('renamed');

    const response = await api(`/api/organization-scopes/${scope.id}`, {
      method: 'PATCH',
      json: { name, description: 'Now described' },
    });

    expect(expectBody(response, 200, organizationScopeSchema)).toEqual({
      ...scope,
      name,
      description: 'Now described',
    });
    expectError(
      await api(`/api/organization-scopes/${scope.id}`, {
        method: 'PATCH',
        json: { name: other.name },
      }),
      422,
      'entity.unique_integrity_violation',
    );
    expectError(
      await api(`/api/organization-scopes/${missingId(21)}`, {
        method: 'PATCH',
        json: { name: 'x' },
      }),
      404,
      'entity.not_exists',
    );
  });

  it('DELETE answers 204, then 404 entity.not_found', async () => {
    const scope = await createOrganizationScope(cleanup);

    expectNoContent(await api(`/api/organization-scopes/${scope.id}`, { method: 'DELETE' }));
    expectError(
      await api(`/api/organization-scopes/${scope.id}`, { method: 'DELETE' }),
      404,
      'entity.not_found',
    );
  });
});

describe('organization roles (/api/organization-roles)', () => {
  const cleanup = useTestCleanup();

  it('POST creates a role with initial scopes: 201 without the scopes in the body (samples/13, 14)', async () => {
    const scope = await createOrganizationScope(cleanup);
    const name = uniqueName('viewer');

    const response = await api('/api/organization-roles', {
      json: { name, description: 'Viewer', organizationScopeIds: [scope.id] },
    });

    const role = expectBody(response, 201, organizationRoleSchema);
    cleanup.deleteLater(`/api/organization-roles/${role.id}`);
    expectKeyOrder(response.body, organizationRoleKeys);
    expect(role).toMatchObject({ name, description: 'Viewer', type: 'User' });
    expect(
      expectBody(await api(`/api/organization-roles/${role.id}/scopes`), 200, scopeList),
    ).toEqual([scope]);
  });

  it('POST creates a MachineToMachine role', async () => {
    const role = await createOrganizationRole(cleanup, { type: 'MachineToMachine' });

    expect(role).toMatchObject({ type: 'MachineToMachine', description: null });
  });

  it('POST answers 422 entity.unique_integrity_violation for a duplicate name (samples/17)', async () => {
    const role = await createOrganizationRole(cleanup);

    const response = await api('/api/organization-roles', { json: { name: role.name } });

    expect(response.status).toBe(422);
    expect(response.body).toEqual({
      code: 'entity.unique_integrity_violation',
      message: 'The entity already exists. Please check the input and try again.',
    });
  });

  it('POST answers 422 entity.relation_foreign_key_not_found for an unknown scope id', async () => {
    const name = uniqueName('broken');

    const response = await api('/api/organization-roles', {
      json: { name, organizationScopeIds: [missingId(21)] },
    });

    expectError(response, 422, 'entity.relation_foreign_key_not_found');
    // Remove the role if the server kept it despite the failure (creation is transactional in 1.42).
    const leftovers = expectBody(
      await api('/api/organization-roles', { query: { q: name } }),
      200,
      roleWithScopesList,
    );
    for (const leftover of leftovers) cleanup.deleteLater(`/api/organization-roles/${leftover.id}`);
    expect(leftovers).toEqual([]);
  });

  it('POST answers 400 guard.invalid_input for an unknown type', async () => {
    const response = await api('/api/organization-roles', {
      json: { name: uniqueName('bad'), type: 'Robot' },
    });

    const body = expectError(response, 400, 'guard.invalid_input');
    expect(body.details).toContain('Error in key path "type": (invalid_enum_value)');
  });

  it('GET lists roles ordered by name with their scopes, filtered by q, always paginated (samples/15)', async () => {
    const prefix = uniqueName('list');
    const read = await createOrganizationScope(cleanup, { name: `${prefix}:read` });
    const write = await createOrganizationScope(cleanup, { name: `${prefix}:write` });
    const descriptionToken = uniqueName('Described');
    const viewer = await createOrganizationRole(cleanup, {
      name: `${prefix}_viewer`,
      description: `Viewer ${descriptionToken}`,
      organizationScopeIds: [read.id],
    });
    const editor = await createOrganizationRole(cleanup, {
      name: `${prefix}_editor`,
      organizationScopeIds: [read.id, write.id],
    });

    const response = await api('/api/organization-roles', {
      query: { q: prefix, page: 1, page_size: 20 },
    });

    const listed = expectBody(response, 200, roleWithScopesList);
    expect(listed.map(({ id }) => id)).toEqual([editor.id, viewer.id]);
    for (const role of listed)
      expectKeyOrder(role, [...organizationRoleKeys, 'scopes', 'resourceScopes']);
    const [listedEditor, listedViewer] = listed;
    expect(listedEditor).toMatchObject({ ...editor, resourceScopes: [] });
    expect([...listedEditor!.scopes].sort((a, b) => a.id.localeCompare(b.id))).toEqual(
      [reference(read), reference(write)].sort((a, b) => a.id.localeCompare(b.id)),
    );
    expect(listedViewer).toEqual({ ...viewer, scopes: [reference(read)], resourceScopes: [] });
    expectPagination(response, {
      total: 2,
      links: [
        [
          'first',
          `${origin}${apiPath('/organization-roles', { q: prefix, page: 1, page_size: 20 })}`,
        ],
        [
          'last',
          `${origin}${apiPath('/organization-roles', { q: prefix, page: 1, page_size: 20 })}`,
        ],
      ],
    });

    // q matches id, name and description (CONTRACT 0.5), case-insensitively.
    for (const q of [viewer.id, descriptionToken.toLowerCase()]) {
      const found = await api('/api/organization-roles', { query: { q } });
      expect(expectBody(found, 200, roleWithScopesList).map(({ id }) => id)).toEqual([viewer.id]);
    }
  });

  it('GET /{id} returns the role without its scopes; unknown is 404 entity.not_found', async () => {
    const scope = await createOrganizationScope(cleanup);
    const role = await createOrganizationRole(cleanup, { organizationScopeIds: [scope.id] });

    const response = await api(`/api/organization-roles/${role.id}`);

    expect(expectBody(response, 200, organizationRoleSchema)).toEqual(role);
    expectKeyOrder(response.body, organizationRoleKeys);
    expectError(await api(`/api/organization-roles/${missingId(21)}`), 404, 'entity.not_found');
  });

  it('PATCH updates name and description; a taken name is 422; unknown id is 404', async () => {
    const role = await createOrganizationRole(cleanup);
    const other = await createOrganizationRole(cleanup);
    const name = uniqueName('renamed');

    const response = await api(`/api/organization-roles/${role.id}`, {
      method: 'PATCH',
      json: { name, description: 'Renamed' },
    });

    expect(expectBody(response, 200, organizationRoleSchema)).toEqual({
      ...role,
      name,
      description: 'Renamed',
    });
    expectError(
      await api(`/api/organization-roles/${role.id}`, {
        method: 'PATCH',
        json: { name: other.name },
      }),
      422,
      'entity.unique_integrity_violation',
    );
    expectError(
      await api(`/api/organization-roles/${missingId(21)}`, {
        method: 'PATCH',
        json: { name: 'x' },
      }),
      404,
      'entity.not_exists',
    );
  });

  it('DELETE answers 204, then 404 entity.not_found', async () => {
    const role = await createOrganizationRole(cleanup);

    expectNoContent(await api(`/api/organization-roles/${role.id}`, { method: 'DELETE' }));
    expectError(
      await api(`/api/organization-roles/${role.id}`, { method: 'DELETE' }),
      404,
      'entity.not_found',
    );
  });
});

describe('organization role scopes (/api/organization-roles/{id}/scopes)', () => {
  const cleanup = useTestCleanup();

  it("GET lists the role's scopes, paginated only when asked (samples/16)", async () => {
    const prefix = uniqueName('rs');
    const write = await createOrganizationScope(cleanup, { name: `${prefix}:write` });
    const read = await createOrganizationScope(cleanup, {
      name: `${prefix}:read`,
      description: 'Read docs',
    });
    const role = await createOrganizationRole(cleanup, {
      organizationScopeIds: [write.id, read.id],
    });
    const path = `/organization-roles/${role.id}/scopes`;

    const all = await api(`/api${path}`);
    expect(sortedById(expectBody(all, 200, scopeList))).toEqual(sortedById([read, write]));
    expectNoPagination(all);

    const first = await api(`/api${path}`, { query: { page: 1, page_size: 1 } });
    const second = await api(`/api${path}`, { query: { page: 2, page_size: 1 } });
    const pages = [
      expectBody(first, 200, scopeList.length(1)),
      expectBody(second, 200, scopeList.length(1)),
    ];
    expect(sortedById(pages.flat())).toEqual(sortedById([read, write]));
    expectPagination(first, {
      total: 2,
      links: [
        ['first', `${origin}${apiPath(path, { page: 1, page_size: 1 })}`],
        ['last', `${origin}${apiPath(path, { page: 2, page_size: 1 })}`],
        ['next', `${origin}${apiPath(path, { page: 2, page_size: 1 })}`],
      ],
    });
  });

  it('POST adds scopes (201, existing ones ignored), PUT replaces them (204), DELETE removes one (204)', async () => {
    const prefix = uniqueName('rs');
    const a = await createOrganizationScope(cleanup, { name: `${prefix}:a` });
    const b = await createOrganizationScope(cleanup, { name: `${prefix}:b` });
    const c = await createOrganizationScope(cleanup, { name: `${prefix}:c` });
    const role = await createOrganizationRole(cleanup, { organizationScopeIds: [a.id] });
    const path = `/api/organization-roles/${role.id}/scopes`;

    const added = await api(path, { json: { organizationScopeIds: [a.id, b.id] } });
    expect(added.status, added.text).toBe(201);
    expect(sortedById(expectBody(await api(path), 200, scopeList))).toEqual(sortedById([a, b]));

    expectNoContent(await api(path, { method: 'PUT', json: { organizationScopeIds: [c.id] } }));
    expect(expectBody(await api(path), 200, scopeList)).toEqual([c]);

    expectNoContent(await api(`${path}/${c.id}`, { method: 'DELETE' }));
    expect(expectBody(await api(path), 200, scopeList)).toEqual([]);
    expectError(await api(`${path}/${c.id}`, { method: 'DELETE' }), 404, 'entity.not_found');
  });

  it('POST answers 422 entity.relation_foreign_key_not_found for an unknown scope', async () => {
    const role = await createOrganizationRole(cleanup);

    const response = await api(`/api/organization-roles/${role.id}/scopes`, {
      json: { organizationScopeIds: [missingId(21)] },
    });

    expectError(response, 422, 'entity.relation_foreign_key_not_found');
  });

  it('resource scopes: POST 201, GET lists them, and the role list shows them with their resource', async () => {
    const resource = await createResource(cleanup);
    const apiScope = await createResourceScope(cleanup, resource.id);
    const role = await createOrganizationRole(cleanup);
    const path = `/api/organization-roles/${role.id}/resource-scopes`;

    const added = await api(path, { json: { scopeIds: [apiScope.id] } });

    expect(added.status, added.text).toBe(201);
    expect(expectBody(await api(path), 200, z.array(resourceScopeSchema))).toEqual([apiScope]);
    const [listed] = expectBody(
      await api('/api/organization-roles', { query: { q: role.name } }),
      200,
      roleWithScopesList,
    );
    expect(listed?.resourceScopes).toEqual([
      { id: apiScope.id, name: apiScope.name, resource: { id: resource.id, name: resource.name } },
    ]);

    expectNoContent(await api(`${path}/${apiScope.id}`, { method: 'DELETE' }));
    expect(expectBody(await api(path), 200, z.array(resourceScopeSchema))).toEqual([]);
  });
});
