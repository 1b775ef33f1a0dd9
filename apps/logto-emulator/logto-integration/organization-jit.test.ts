/**
 * Port of Logto 1.42.0 packages/integration-tests/src/tests/api/organization/organization-jit.test.ts
 * (logto-io/logto, tag @logto/core@1.42.0): same tests, same assertions, on our client. Logto's
 * inline snapshots `[HTTPError: Request failed with status code 404 Not Found]` become "rejects with an
 * HTTP error of status 404" (`expectHttpStatus`).
 */
import { afterEach, describe, expect, it } from 'vitest';

import {
  createSsoConnector as createSsoConnectorApi,
  deleteSsoConnectorById,
  providerNames,
  type SsoConnector,
} from './support-b/organization.js';
import { HttpError } from './support/client.js';
import { OrganizationApiTest } from './support/organization.js';
import { randomId as generateStandardId, randomString } from './support/utils.js';

const randomId = () => generateStandardId(6);

/** The promise rejects with an HTTP error of this status (Logto's inline `HTTPError` snapshots). */
async function expectHttpStatus(promise: Promise<unknown>, status: number): Promise<void> {
  const error = await promise.then(
    () => undefined,
    (error: unknown) => error,
  );
  expect(error, 'the request should have failed').toBeInstanceOf(HttpError);
  expect(error instanceof HttpError && error.status).toBe(status);
}

describe('organization just-in-time provisioning', () => {
  const organizationApi = new OrganizationApiTest();
  const ssoConnectors: SsoConnector[] = [];
  const createSsoConnector = async (...args: Parameters<typeof createSsoConnectorApi>) => {
    const ssoConnector = await createSsoConnectorApi(...args);
    ssoConnectors.push(ssoConnector);
    return ssoConnector;
  };

  afterEach(async () => {
    const connectors = ssoConnectors.splice(0);
    await Promise.all([
      organizationApi.cleanUp(),
      organizationApi.roleApi.cleanUp(),
      ...connectors.map(async ({ id }) => deleteSsoConnectorById(id).catch(() => undefined)),
    ]);
  });

  describe('email domains', () => {
    it('should add and delete email domains', async () => {
      const organization = await organizationApi.create({ name: 'foo' });
      const emailDomain = `${randomId()}.com`;

      await organizationApi.jit.addEmailDomain(organization.id, emailDomain);
      await expect(organizationApi.jit.getEmailDomains(organization.id)).resolves.toMatchObject([
        { emailDomain },
      ]);

      await organizationApi.jit.deleteEmailDomain(organization.id, emailDomain);
      await expect(organizationApi.jit.getEmailDomains(organization.id)).resolves.toEqual([]);
    });

    it('should have default pagination', async () => {
      const organization = await organizationApi.create({ name: 'foo' });

      const emailDomains = Array.from({ length: 30 }, () => `${randomId()}.com`);

      await organizationApi.jit.replaceEmailDomains(organization.id, emailDomains);

      const emailDomainsPage1 = await organizationApi.jit.getEmailDomains(organization.id);
      const emailDomainsPage2 = await organizationApi.jit.getEmailDomains(organization.id, 2);

      expect(emailDomainsPage1).toHaveLength(20);
      expect(emailDomainsPage2).toHaveLength(10);
      expect(emailDomainsPage1.concat(emailDomainsPage2)).toEqual(
        expect.arrayContaining(
          emailDomains.map((emailDomain): unknown => expect.objectContaining({ emailDomain })),
        ),
      );
    });

    it('should return 404 when deleting a non-existent email domain', async () => {
      const organization = await organizationApi.create({ name: 'foo' });
      const emailDomain = `${randomId()}.com`;

      await expectHttpStatus(
        organizationApi.jit.deleteEmailDomain(organization.id, emailDomain),
        404,
      );
    });

    it('should return 422 when adding an email domain that already exists', async () => {
      const organization = await organizationApi.create({ name: 'foo' });
      const emailDomain = `${randomId()}.com`;

      await organizationApi.jit.addEmailDomain(organization.id, emailDomain);
      await expectHttpStatus(organizationApi.jit.addEmailDomain(organization.id, emailDomain), 422);
    });

    it('should be able to replace email domains', async () => {
      const organization = await organizationApi.create({ name: 'foo' });
      await organizationApi.jit.addEmailDomain(organization.id, `${randomId()}.com`);

      const emailDomains = [`${randomId()}.com`, `${randomId()}.com`];

      await organizationApi.jit.replaceEmailDomains(organization.id, emailDomains);
      await expect(organizationApi.jit.getEmailDomains(organization.id)).resolves.toEqual(
        expect.arrayContaining(
          emailDomains.map((emailDomain): unknown => expect.objectContaining({ emailDomain })),
        ),
      );
    });
  });

  describe('organization roles', () => {
    const createRole = async () =>
      organizationApi.roleApi.create({ name: `jit-role:${randomString()}` });
    const createRoles = async (count: number) =>
      Promise.all(Array.from({ length: count }, createRole));

    it('should add and delete organization roles', async () => {
      const organization = await organizationApi.create({ name: `jit-role:${randomString()}` });
      const { id: organizationRoleId } = await organizationApi.roleApi.create({
        name: `jit-role:${randomString()}`,
      });

      await organizationApi.jit.addRole(organization.id, [organizationRoleId]);
      await expect(organizationApi.jit.getRoles(organization.id)).resolves.toMatchObject([
        { id: organizationRoleId },
      ]);

      await organizationApi.jit.deleteRole(organization.id, organizationRoleId);
      await expect(organizationApi.jit.getRoles(organization.id)).resolves.toEqual([]);
    });

    it('should have no pagination', async () => {
      const organization = await organizationApi.create({ name: `jit-role:${randomString()}` });
      const organizationRoles = await createRoles(30);

      await organizationApi.jit.replaceRoles(
        organization.id,
        organizationRoles.map(({ id }) => id),
      );

      await expect(organizationApi.jit.getRoles(organization.id)).resolves.toEqual(
        expect.arrayContaining(
          organizationRoles.map(({ id }): unknown => expect.objectContaining({ id })),
        ),
      );
    });

    it('should return 404 when deleting a non-existent organization role', async () => {
      const organization = await organizationApi.create({ name: `jit-role:${randomString()}` });
      const organizationRoleId = randomId();

      await expectHttpStatus(
        organizationApi.jit.deleteRole(organization.id, organizationRoleId),
        404,
      );
    });

    it('should return 422 when adding a non-existent organization role', async () => {
      const organization = await organizationApi.create({ name: `jit-role:${randomString()}` });
      const organizationRoleId = randomId();

      await expectHttpStatus(
        organizationApi.jit.addRole(organization.id, [organizationRoleId]),
        422,
      );
    });

    it('should do nothing when adding an organization role that already exists', async () => {
      const organization = await organizationApi.create({ name: `jit-role:${randomString()}` });
      const [role1, role2] = await Promise.all([createRole(), createRole()]);

      await organizationApi.jit.addRole(organization.id, [role1.id]);
      await expect(
        organizationApi.jit.addRole(organization.id, [role1.id, role2.id]),
      ).resolves.toBeUndefined();
    });

    it('should be able to replace organization roles', async () => {
      const organization = await organizationApi.create({ name: `jit-role:${randomString()}` });
      const organizationRoles = await createRoles(2);

      await organizationApi.jit.replaceRoles(
        organization.id,
        organizationRoles.map(({ id }) => id),
      );
      await expect(organizationApi.jit.getRoles(organization.id)).resolves.toEqual(
        expect.arrayContaining(
          organizationRoles.map(({ id }): unknown => expect.objectContaining({ id })),
        ),
      );
    });
  });

  describe('sso connectors', () => {
    const createConnector = async () =>
      createSsoConnector({
        providerName: providerNames[0],
        connectorName: `My dude:${randomString()}`,
      });
    const createConnectors = async (count: number) =>
      Promise.all(Array.from({ length: count }, createConnector));
    const { ssoConnectors: jitSsoConnectors } = organizationApi.jit;

    it('should add and delete sso connectors', async () => {
      const organization = await organizationApi.create({ name: `jit-sso:${randomString()}` });
      const ssoConnector = await createConnector();

      await jitSsoConnectors.add(organization.id, [ssoConnector.id]);
      await expect(jitSsoConnectors.getList(organization.id)).resolves.toMatchObject([
        { id: ssoConnector.id },
      ]);

      await jitSsoConnectors.delete(organization.id, ssoConnector.id);
      await expect(jitSsoConnectors.getList(organization.id)).resolves.toEqual([]);
    });

    it('should have no pagination', async () => {
      const organization = await organizationApi.create({ name: `jit-sso:${randomString()}` });
      const connectors = await createConnectors(30);

      await jitSsoConnectors.replace(
        organization.id,
        connectors.map(({ id }) => id),
      );

      await expect(jitSsoConnectors.getList(organization.id)).resolves.toEqual(
        expect.arrayContaining(
          connectors.map(({ id }): unknown => expect.objectContaining({ id })),
        ),
      );
    });

    it('should return 404 when deleting a non-existent sso connector', async () => {
      const organization = await organizationApi.create({ name: `jit-sso:${randomString()}` });
      const ssoConnectorId = randomId();

      await expectHttpStatus(jitSsoConnectors.delete(organization.id, ssoConnectorId), 404);
    });

    it('should return 422 when adding a non-existent sso connector', async () => {
      const organization = await organizationApi.create({ name: `jit-sso:${randomString()}` });
      const ssoConnectorId = randomId();

      await expectHttpStatus(jitSsoConnectors.add(organization.id, [ssoConnectorId]), 422);
    });

    it('should do nothing when adding an sso connector that already exists', async () => {
      const organization = await organizationApi.create({ name: `jit-sso:${randomString()}` });
      const ssoConnector = await createConnector();

      await jitSsoConnectors.add(organization.id, [ssoConnector.id]);
      await expect(
        jitSsoConnectors.add(organization.id, [ssoConnector.id]),
      ).resolves.toBeUndefined();
    });

    it('should be able to replace sso connectors', async () => {
      const organization = await organizationApi.create({ name: `jit-sso:${randomString()}` });
      const connectors = await createConnectors(2);

      await jitSsoConnectors.replace(
        organization.id,
        connectors.map(({ id }) => id),
      );
      await expect(jitSsoConnectors.getList(organization.id)).resolves.toEqual(
        expect.arrayContaining(
          connectors.map(({ id }): unknown => expect.objectContaining({ id })),
        ),
      );
    });

    it('should return 422 when replacing with a non-existent sso connector', async () => {
      const organization = await organizationApi.create({ name: `jit-sso:${randomString()}` });
      const ssoConnectorId = randomId();

      await expectHttpStatus(jitSsoConnectors.replace(organization.id, [ssoConnectorId]), 422);
    });
  });
});
