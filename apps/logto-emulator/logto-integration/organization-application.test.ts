/**
 * Port of Logto 1.42.0 packages/integration-tests/src/tests/api/organization/organization-application.test.ts
 * (logto-io/logto, tag @logto/core@1.42.0): same tests, same assertions, on our client.
 */
import assert from 'node:assert';

import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

import { addApplicationsRoles, getApplicationRoles } from './support-b/organization.js';
import {
  createApplication as createApplicationApi,
  deleteApplication,
} from './support/application.js';
import { HttpError } from './support/client.js';
import { OrganizationApiTest } from './support/organization.js';
import type { Application } from './support/schemas.js';
import { generateTestName } from './support/utils.js';

/** Logto's per-block `createApplication`, which records the application for the clean-up. */
function useApplications() {
  const organizationApi = new OrganizationApiTest();
  const applications: Application[] = [];
  const createApplication = async (...args: Parameters<typeof createApplicationApi>) => {
    const created = await createApplicationApi(...args);
    applications.push(created);
    return created;
  };
  const cleanUp = async () => {
    const created = applications.splice(0);
    await Promise.all([
      organizationApi.cleanUp(),
      organizationApi.roleApi.cleanUp(),
      ...created.map(async ({ id }) => deleteApplication(id).catch(() => undefined)),
    ]);
  };
  return { organizationApi, applications, createApplication, cleanUp };
}

describe('organization application APIs', () => {
  describe('organization get applications', () => {
    const { organizationApi, applications, createApplication, cleanUp } = useApplications();
    const firstOrganizationId = () => {
      const [organization] = organizationApi.organizations;
      assert(organization);
      return organization.id;
    };
    const firstApplication = () => {
      const [application] = applications;
      assert(application);
      return application;
    };

    beforeAll(async () => {
      const organization = await organizationApi.create({ name: 'test' });
      const createdApplications = await Promise.all(
        Array.from({ length: 30 }, async () =>
          createApplication(generateTestName(), 'MachineToMachine'),
        ),
      );
      await organizationApi.applications.add(
        organization.id,
        createdApplications.map(({ id }) => id),
      );
    });

    afterAll(cleanUp);

    it('should be able to get organization applications with pagination', async () => {
      const organizationId = firstOrganizationId();
      const fetchedApps1 = await organizationApi.applications.getList(organizationId, 1, 20);
      const fetchedApps2 = await organizationApi.applications.getList(organizationId, 2, 10);
      expect(fetchedApps2.length).toBe(10);
      expect(fetchedApps2[0]?.id).not.toBeFalsy();
      expect(fetchedApps2[0]?.id).toBe(fetchedApps1[10]?.id);
    });

    it('should be able to get organization applications with search', async () => {
      const organizationId = firstOrganizationId();
      const application = firstApplication();
      const fetchedApps = await organizationApi.applications.getList(organizationId, 1, 20, {
        q: application.name,
      });
      expect(fetchedApps.length).toBe(1);
      expect(fetchedApps[0]?.id).toBe(application.id);
      expect(fetchedApps[0]).toMatchObject(application);
    });

    it('should be able to get organization applications with their roles', async () => {
      const organizationId = firstOrganizationId();
      const app = firstApplication();
      const roles = await Promise.all([
        organizationApi.roleApi.create({ name: generateTestName(), type: 'MachineToMachine' }),
        organizationApi.roleApi.create({ name: generateTestName(), type: 'MachineToMachine' }),
      ]);
      const roleIds = roles.map(({ id }) => id);
      await organizationApi.addApplicationRoles(organizationId, app.id, roleIds);

      const [fetchedApp] = await organizationApi.applications.getList(
        organizationId,
        undefined,
        undefined,
        { q: app.name },
      );
      expect(fetchedApp).toMatchObject(app);
      expect(fetchedApp?.organizationRoles).toHaveLength(2);
      expect(fetchedApp?.organizationRoles).toEqual(
        expect.arrayContaining(roles.map(({ id }): unknown => expect.objectContaining({ id }))),
      );
    });
  });

  describe('organization - application relations', () => {
    const { organizationApi, createApplication, cleanUp } = useApplications();

    afterEach(cleanUp);

    it('should fail when try to add empty application list', async () => {
      const organization = await organizationApi.create({ name: 'test' });
      const response = await organizationApi.applications
        .add(organization.id, [])
        .catch((error: unknown) => error);
      expect(response instanceof HttpError && response.status).toBe(400);
    });

    it('should fail when try to add application to an organization that does not exist', async () => {
      const response = await organizationApi.applications
        .add('0', ['0'])
        .catch((error: unknown) => error);
      assert(response instanceof HttpError);
      expect(response.status).toBe(422);
      expect(response.body).toMatchObject({ code: 'entity.relation_foreign_key_not_found' });
    });

    it('should be able to add and delete organization application', async () => {
      const organization = await organizationApi.create({ name: 'test' });
      const application = await createApplication(generateTestName(), 'MachineToMachine');

      await organizationApi.applications.add(organization.id, [application.id]);
      expect(await organizationApi.applications.getList(organization.id)).toContainEqual({
        ...application,
        organizationRoles: [],
      });

      await organizationApi.applications.delete(organization.id, application.id);
      expect(await organizationApi.applications.getList(organization.id)).not.toContainEqual({
        ...application,
        organizationRoles: [],
      });
    });

    it('should fail when try to delete application from an organization that does not exist', async () => {
      const response = await organizationApi.applications
        .delete('0', '0')
        .catch((error: unknown) => error);
      assert(response instanceof HttpError);
      expect(response.status).toBe(404);
    });

    it('should fail when try to add application that is not machine-to-machine', async () => {
      const organization = await organizationApi.create({ name: 'test' });
      const application = await createApplication(generateTestName(), 'Native');

      const response = await organizationApi.applications
        .add(organization.id, [application.id])
        .catch((error: unknown) => error);
      expect(response instanceof HttpError && response.status).toBe(422);
    });
  });

  describe('organization - application - organization role relations', () => {
    const { organizationApi, createApplication, cleanUp } = useApplications();

    afterEach(cleanUp);

    it('should fail when try to add application to an organization role that does not exist', async () => {
      const organization = await organizationApi.create({ name: 'test' });
      const application = await createApplication(generateTestName(), 'MachineToMachine');

      const response = await organizationApi
        .addApplicationRoles(organization.id, application.id, ['0'])
        .catch((error: unknown) => error);
      assert(response instanceof HttpError);
      expect(response.status).toBe(422);
    });

    it('should be able to add and delete organization application role', async () => {
      const organization = await organizationApi.create({ name: 'test' });
      const role = await organizationApi.roleApi.create({
        name: `test-${generateTestName()}`,
        type: 'MachineToMachine',
      });
      const application = await createApplication(generateTestName(), 'MachineToMachine');

      await organizationApi.applications.add(organization.id, [application.id]);
      await organizationApi.addApplicationRoles(organization.id, application.id, [role.id]);
      expect(
        await organizationApi.getApplicationRoles(organization.id, application.id),
      ).toContainEqual(role);

      await organizationApi.deleteApplicationRole(organization.id, application.id, role.id);
      expect(
        await organizationApi.getApplicationRoles(organization.id, application.id),
      ).not.toContainEqual(role);
    });

    it('should fail when try to delete application role from an organization that does not exist', async () => {
      const response = await organizationApi
        .deleteApplicationRole('0', '0', '0')
        .catch((error: unknown) => error);
      assert(response instanceof HttpError);
      expect(response.status).toBe(422);
    });

    it('should fail when try to add role that is not machine-to-machine type', async () => {
      const organization = await organizationApi.create({ name: 'test' });
      const role = await organizationApi.roleApi.create({
        name: `test-${generateTestName()}`,
        type: 'User',
      });
      const application = await createApplication(generateTestName(), 'MachineToMachine');
      await organizationApi.applications.add(organization.id, [application.id]);

      const response = await organizationApi
        .addApplicationRoles(organization.id, application.id, [role.id])
        .catch((error: unknown) => error);
      assert(response instanceof HttpError);
      expect(response.status).toBe(422);
      expect(response.body).toMatchObject({ code: 'entity.db_constraint_violated' });
    });

    it('should be able to assign multiple roles to multiple applications', async () => {
      const organization = await organizationApi.create({ name: 'test' });
      const roles = await Promise.all(
        Array.from({ length: 30 }, async () =>
          organizationApi.roleApi.create({
            name: `test-${generateTestName()}`,
            type: 'MachineToMachine',
          }),
        ),
      );
      const applications = await Promise.all(
        Array.from({ length: 3 }, async () =>
          createApplication(generateTestName(), 'MachineToMachine'),
        ),
      );

      await organizationApi.applications.add(
        organization.id,
        applications.map(({ id }) => id),
      );
      await addApplicationsRoles(
        organization.id,
        applications.map(({ id }) => id),
        roles.map(({ id }) => id),
      );
      const fetchedRoles = await Promise.all(
        applications.map(async ({ id }) => getApplicationRoles(organization.id, id)),
      );

      expect(fetchedRoles).toEqual(
        Array.from({ length: 3 }, (): unknown =>
          expect.arrayContaining(roles.map((role): unknown => expect.objectContaining(role))),
        ),
      );

      // Pagination
      const [firstApplication] = applications;
      assert(firstApplication);
      const fetchedRoles1 = await getApplicationRoles(organization.id, firstApplication.id, 1, 20);
      const fetchedRoles2 = await getApplicationRoles(organization.id, firstApplication.id, 2, 10);
      expect(fetchedRoles1).toHaveLength(20);
      expect(fetchedRoles2).toHaveLength(10);
      expect(roles).toEqual(expect.arrayContaining(fetchedRoles1));
      expect(roles).toEqual(expect.arrayContaining(fetchedRoles2));
    });
  });
});
