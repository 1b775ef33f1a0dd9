/**
 * Port of Logto 1.42.0 packages/integration-tests/src/tests/api/organization/organization-role.test.ts
 * (logto-io/logto, tag @logto/core@1.42.0): same tests, same assertions, on our client.
 */
import assert from 'node:assert';

import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import { HttpError } from './support/client.js';
import { OrganizationRoleApiTest, OrganizationScopeApiTest } from './support/organization.js';
import { ScopeApiTest } from './support/resource.js';
import { generateTestName } from './support/utils.js';

const pickIdAndName = ({ id, name }: { id: string; name: string }) => ({ id, name });

describe('organization role APIs', () => {
  describe('organization roles', () => {
    const roleApi = new OrganizationRoleApiTest();
    const scopeApi = new OrganizationScopeApiTest();
    const resourceScopeApi = new ScopeApiTest();

    beforeAll(async () => {
      await resourceScopeApi.initResource();
    });

    afterAll(async () => {
      await resourceScopeApi.cleanUp();
    });

    afterEach(async () => {
      await Promise.all([roleApi.cleanUp(), scopeApi.cleanUp()]);
    });

    it('should fail if the name of the new organization role already exists', async () => {
      const name = generateTestName();
      await roleApi.create({ name });
      const response = await roleApi.create({ name }).catch((error: unknown) => error);

      assert(response instanceof HttpError);
      expect(response.status).toBe(422);
      expect(response.body).toHaveProperty('code', 'entity.unique_integrity_violation');
    });

    it('should get organization roles successfully', async () => {
      const [name1, name2] = [generateTestName(), generateTestName()];
      await Promise.all([
        roleApi.create({ name: name1, description: 'A test organization role.' }),
        roleApi.create({ name: name2 }),
      ]);
      const roles = await roleApi.getList();

      expect(roles).toContainEqual(
        expect.objectContaining({ name: name1, description: 'A test organization role.' }),
      );
      expect(roles).toContainEqual(expect.objectContaining({ name: name2, description: null }));
    });

    it('should get organization roles with pagination', async () => {
      // 30 roles, more than the default page size (20).
      await Promise.all(
        Array.from({ length: 30 }, async () => roleApi.create({ name: generateTestName() })),
      );

      const roles = await roleApi.getList();
      expect(roles).toHaveLength(20);

      const roles2 = await roleApi.getList(new URLSearchParams({ page: '2', page_size: '10' }));
      expect(roles2.length).toBeGreaterThanOrEqual(10);
      expect(roles2[0]?.id).not.toBeFalsy();
      expect(roles2[0]?.id).toBe(roles[10]?.id);
    });

    it('should be able to get organization roles with search keyword', async () => {
      const [name1, name2] = [generateTestName(), generateTestName()];
      await Promise.all([
        roleApi.create({ name: name1, description: 'A test organization role.' }),
        roleApi.create({ name: name2 }),
      ]);
      const roles = await roleApi.getList(new URLSearchParams({ q: name1 }));

      expect(roles).toHaveLength(1);
      expect(roles[0]).toHaveProperty('name', name1);
    });

    it('should be able to create and get organization roles by id', async () => {
      const createdRole = await roleApi.create({ name: generateTestName() });
      const { scopes: _scopes, ...role } = await roleApi.get(createdRole.id);

      expect(role).toStrictEqual(createdRole);
    });

    it('should be able to create a new organization with initial organization scopes and resource scopes', async () => {
      const [scope1, scope2] = await Promise.all([
        scopeApi.create({ name: generateTestName() }),
        scopeApi.create({ name: generateTestName() }),
      ]);
      const [resourceScope1, resourceScope2] = await Promise.all([
        resourceScopeApi.create({ name: generateTestName() }),
        resourceScopeApi.create({ name: generateTestName() }),
      ]);
      const createdRole = await roleApi.create({
        name: generateTestName(),
        description: 'test description.',
        organizationScopeIds: [scope1.id, scope2.id],
        resourceScopeIds: [resourceScope1.id, resourceScope2.id],
      });
      const scopes = await roleApi.getScopes(createdRole.id);
      const resourceScopes = await roleApi.getResourceScopes(createdRole.id);
      const roles = await roleApi.getListWithScopes();
      const roleWithScopes = roles.find((role) => role.id === createdRole.id);

      for (const scope of [scope1, scope2]) {
        expect(roleWithScopes?.scopes).toContainEqual(
          expect.objectContaining(pickIdAndName(scope)),
        );
        expect(scopes).toContainEqual(expect.objectContaining(pickIdAndName(scope)));
      }

      for (const scope of [resourceScope1, resourceScope2]) {
        expect(roleWithScopes?.resourceScopes).toContainEqual(
          expect.objectContaining(pickIdAndName(scope)),
        );
        expect(resourceScopes).toContainEqual(expect.objectContaining(pickIdAndName(scope)));
      }
    });

    it('should fail when try to get an organization role that does not exist', async () => {
      const response = await roleApi.get('0').catch((error: unknown) => error);

      expect(response instanceof HttpError && response.status).toBe(404);
    });

    it('should be able to update organization role', async () => {
      const createdRole = await roleApi.create({ name: generateTestName() });
      const newName = generateTestName();
      const role = await roleApi.update(createdRole.id, {
        name: newName,
        description: 'test description.',
      });
      expect(role).toStrictEqual({
        ...createdRole,
        name: newName,
        description: 'test description.',
      });
    });

    it('should fail when try to update an organization role with a name that already exists', async () => {
      const [role1, role2] = await Promise.all([
        roleApi.create({ name: generateTestName() }),
        roleApi.create({ name: generateTestName() }),
      ]);
      const response = await roleApi
        .update(role1.id, { name: role2.name })
        .catch((error: unknown) => error);

      assert(response instanceof HttpError);
      expect(response.status).toBe(422);
      expect(response.body).toMatchObject({ code: 'entity.unique_integrity_violation' });
    });

    it('should be able to delete organization role', async () => {
      const createdRole = await roleApi.create({ name: generateTestName() });
      await roleApi.delete(createdRole.id);
      const response = await roleApi.get(createdRole.id).catch((error: unknown) => error);
      expect(response instanceof HttpError && response.status).toBe(404);
    });

    it('should fail when try to delete an organization role that does not exist', async () => {
      const response = await roleApi.delete('0').catch((error: unknown) => error);
      expect(response instanceof HttpError && response.status).toBe(404);
    });
  });

  /**
   * Logto's two relation blocks ("organization role - scope relations" and "organization role -
   * resource scope relations") run the same five tests against each kind of scope.
   */
  const relationKinds = [
    {
      title: 'organization role - scope relations',
      makeScopeApi: () => new OrganizationScopeApiTest(),
      add: (roleApi: OrganizationRoleApiTest, id: string, scopeIds: string[]) =>
        roleApi.addScopes(id, scopeIds),
      list: (roleApi: OrganizationRoleApiTest, id: string) => roleApi.getScopes(id),
      remove: (roleApi: OrganizationRoleApiTest, id: string, scopeId: string) =>
        roleApi.deleteScope(id, scopeId),
    },
    {
      title: 'organization role - resource scope relations',
      makeScopeApi: () => new ScopeApiTest(),
      add: (roleApi: OrganizationRoleApiTest, id: string, scopeIds: string[]) =>
        roleApi.addResourceScopes(id, scopeIds),
      list: (roleApi: OrganizationRoleApiTest, id: string) => roleApi.getResourceScopes(id),
      remove: (roleApi: OrganizationRoleApiTest, id: string, scopeId: string) =>
        roleApi.deleteResourceScope(id, scopeId),
    },
  ] as const;

  for (const kind of relationKinds) {
    describe(kind.title, () => {
      const roleApi = new OrganizationRoleApiTest();
      const scopeApi = kind.makeScopeApi();

      if (scopeApi instanceof ScopeApiTest) {
        beforeEach(async () => {
          await scopeApi.initResource();
        });
      }

      afterEach(async () => {
        await Promise.all([roleApi.cleanUp(), scopeApi.cleanUp()]);
      });

      const createRoleAndTwoScopes = async () =>
        Promise.all([
          roleApi.create({ name: generateTestName() }),
          scopeApi.create({ name: generateTestName() }),
          scopeApi.create({ name: generateTestName() }),
        ]);

      it('should be able to add and get scopes of a role', async () => {
        const [role, scope1, scope2] = await createRoleAndTwoScopes();
        await kind.add(roleApi, role.id, [scope1.id, scope2.id]);
        const scopes = await kind.list(roleApi, role.id);

        expect(scopes).toContainEqual(expect.objectContaining({ name: scope1.name }));
        expect(scopes).toContainEqual(expect.objectContaining({ name: scope2.name }));
      });

      it('should safely add scopes to a role when some of them already exist', async () => {
        const [role, scope1, scope2] = await createRoleAndTwoScopes();

        await kind.add(roleApi, role.id, [scope1.id, scope2.id]);

        await expect(kind.add(roleApi, role.id, [scope2.id])).resolves.not.toThrow();

        const scopes = await kind.list(roleApi, role.id);

        expect(scopes).toContainEqual(expect.objectContaining({ name: scope1.name }));
        expect(scopes).toContainEqual(expect.objectContaining({ name: scope2.name }));
      });

      it('should fail when try to add non-existent scopes to a role', async () => {
        const [role, scope1, scope2] = await createRoleAndTwoScopes();
        const response = await kind
          .add(roleApi, role.id, [scope1.id, scope2.id, '0'])
          .catch((error: unknown) => error);

        assert(response instanceof HttpError);
        expect(response.status).toBe(422);
        expect(response.body).toMatchObject({ code: 'entity.relation_foreign_key_not_found' });
      });

      it('should be able to remove scopes from a role', async () => {
        const [role, scope1, scope2] = await createRoleAndTwoScopes();
        await kind.add(roleApi, role.id, [scope1.id, scope2.id]);
        await kind.remove(roleApi, role.id, scope1.id);
        const scopes = await kind.list(roleApi, role.id);

        expect(scopes).not.toContainEqual(expect.objectContaining({ name: scope1.name }));
        expect(scopes).toContainEqual(expect.objectContaining({ name: scope2.name }));
      });

      it('should fail when try to remove non-existent scopes from a role', async () => {
        const role = await roleApi.create({ name: generateTestName() });

        const response = await kind.remove(roleApi, role.id, '0').catch((error: unknown) => error);

        assert(response instanceof HttpError);
        expect(response.status).toBe(404);
      });
    });
  }
});
