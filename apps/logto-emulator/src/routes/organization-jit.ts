import type { Queryable } from '../db/database.js';
import { koaGuard, z, type GuardState } from '../middleware/guard.js';
import { koaPagination, type PaginationState } from '../middleware/pagination.js';
import { ssoConnectorColumns, serializeSsoConnector, type SsoConnectorRow } from '../sso/store.js';
import { deleteOrNotFound } from './entities.js';
import { addOrganizationRelationRoutes } from './organization-relations.js';
import {
  defaultTenantId,
  organizationRoleRowColumns,
  serializeOrganizationRole,
  withOrganizationErrors,
  type OrganizationRoleRow,
} from './serialize.js';
import type { RouteModule } from './types.js';

const organizationParams = z.object({ id: z.string().min(1) });
const emailDomainParams = organizationParams.extend({ emailDomain: z.string().min(1) });
const addEmailDomainBody = z.object({ emailDomain: z.string().min(1) });
const replaceEmailDomainsBody = z.object({ emailDomains: z.string().array() });

type OrganizationParams = z.infer<typeof organizationParams>;

type EmailDomainRow = { organization_id: string; email_domain: string };

const serializeEmailDomain = (row: EmailDomainRow) => ({
  tenantId: defaultTenantId,
  organizationId: row.organization_id,
  emailDomain: row.email_domain,
});

/**
 * Organization just-in-time provisioning (Logto's `routes/organization/jit`): email domains (always
 * paginated, unique per organization), default roles and SSO connectors (relation routes, optional
 * pagination). Who joins, and when, is `src/jit/provision.ts`.
 */
export const organizationJitRoutes: RouteModule = (router, { db }) => {
  const emailDomainsPath = '/organizations/:id/jit/email-domains';

  router.get<PaginationState & GuardState<undefined, undefined, OrganizationParams>>(
    emailDomainsPath,
    koaPagination(),
    koaGuard({ params: organizationParams }),
    async (ctx) => {
      const { id } = ctx.state.guard.params;
      const { limit, offset } = ctx.state.pagination;
      const count = await db.one<{ count: number }>(
        'select count(*)::int as count from organization_jit_email_domains where organization_id = $1',
        [id],
      );
      const rows = await db.query<EmailDomainRow>(
        `select organization_id, email_domain from organization_jit_email_domains
          where organization_id = $1 order by seq limit $2 offset $3`,
        [id, limit, offset],
      );
      ctx.state.pagination.totalCount = count?.count ?? 0;
      ctx.body = rows.map(serializeEmailDomain);
    },
  );

  router.post<GuardState<undefined, z.infer<typeof addEmailDomainBody>, OrganizationParams>>(
    emailDomainsPath,
    koaGuard({ params: organizationParams, body: addEmailDomainBody }),
    async (ctx) => {
      const { params, body } = ctx.state.guard;
      // A repeated domain is 422 entity.unique_integrity_violation, an unknown organization a foreign-key 422.
      const [row] = await withOrganizationErrors(async () =>
        db.query<EmailDomainRow>(
          `insert into organization_jit_email_domains (organization_id, email_domain) values ($1, $2)
           returning organization_id, email_domain`,
          [params.id, body.emailDomain],
        ),
      );
      ctx.status = 201;
      ctx.body = row && serializeEmailDomain(row);
    },
  );

  router.put<GuardState<undefined, z.infer<typeof replaceEmailDomainsBody>, OrganizationParams>>(
    emailDomainsPath,
    koaGuard({ params: organizationParams, body: replaceEmailDomainsBody }),
    async (ctx) => {
      const { params, body } = ctx.state.guard;
      await withOrganizationErrors(async () =>
        db.transaction(async (tx) => {
          await tx.query('delete from organization_jit_email_domains where organization_id = $1', [
            params.id,
          ]);
          if (body.emailDomains.length === 0) return;
          // Repeated domains in the list violate the primary key, as Logto's plain insert does.
          await tx.query(
            `insert into organization_jit_email_domains (organization_id, email_domain)
             select $1, domain from unnest($2::varchar[]) with ordinality as t(domain, n) order by n`,
            [params.id, body.emailDomains],
          );
        }),
      );
      ctx.status = 204;
    },
  );

  router.delete<GuardState<undefined, undefined, z.infer<typeof emailDomainParams>>>(
    `${emailDomainsPath}/:emailDomain`,
    koaGuard({ params: emailDomainParams }),
    async (ctx) => {
      const { id, emailDomain } = ctx.state.guard.params;
      await deleteOrNotFound(
        db.pg,
        `delete from organization_jit_email_domains where organization_id = $1 and email_domain = $2
         returning organization_id`,
        [id, emailDomain],
      );
      ctx.status = 204;
    },
  );

  addOrganizationRelationRoutes<OrganizationRoleRow>(router, db, {
    path: 'jit/roles',
    table: 'organization_jit_roles',
    relationColumn: 'organization_role_id',
    entityTable: 'organization_roles',
    entityColumns: organizationRoleRowColumns('e'),
    serialize: serializeOrganizationRole,
    bodyKey: 'organizationRoleIds',
    paramKey: 'organizationRoleId',
    isPaginationOptional: true,
  });

  addOrganizationRelationRoutes<SsoConnectorRow>(router, db, {
    path: 'jit/sso-connectors',
    table: 'organization_jit_sso_connectors',
    relationColumn: 'sso_connector_id',
    entityTable: 'sso_connectors',
    entityColumns: ssoConnectorColumns('e'),
    serialize: serializeSsoConnector,
    bodyKey: 'ssoConnectorIds',
    paramKey: 'ssoConnectorId',
    isPaginationOptional: true,
  });
};

/**
 * Logto's `provisionOrganizations` on sign-up (and enterprise SSO sign-in): adds the user to every organization
 * whose JIT email domains hold the domain of `email` (exact match, as Logto's query) or whose JIT SSO
 * connectors hold `ssoConnectorId`, with that organization's default JIT roles. Existing memberships and roles
 * are kept (Logto's relation inserts ignore conflicts). Logto 1.42 does not call it when the Management API
 * creates a user, and neither does the emulator. Returns the organization ids the user was newly added to.
 */
export async function provisionOrganizationsByEmail(
  db: Queryable,
  userId: string,
  email: string | undefined,
  ssoConnectorId?: string,
): Promise<string[]> {
  const domain = email?.split('@')[1];
  const { rows: organizations } = await db.query<{ organization_id: string }>(
    `select organization_id from organization_jit_email_domains where email_domain = $1
     union
     select organization_id from organization_jit_sso_connectors where sso_connector_id = $2`,
    [domain ?? null, ssoConnectorId ?? null],
  );
  const organizationIds = organizations.map(({ organization_id }) => organization_id);
  if (organizationIds.length === 0) return [];
  const { rows: added } = await db.query<{ organization_id: string }>(
    `insert into organization_user_relations (organization_id, user_id, created_at)
     select id, $2, $3 from unnest($1::varchar[]) as id
     on conflict do nothing
     returning organization_id`,
    [organizationIds, userId, Date.now()],
  );
  // Only `User` roles can be held by users (Logto's role-type check); a JIT role of another type is skipped
  // rather than failing the sign-up.
  await db.query(
    `insert into organization_role_user_relations (organization_id, organization_role_id, user_id)
     select j.organization_id, j.organization_role_id, $2
       from organization_jit_roles j join organization_roles r on r.id = j.organization_role_id
      where j.organization_id = any($1::varchar[]) and r.type = 'User'
     on conflict do nothing`,
    [organizationIds, userId],
  );
  return added.map(({ organization_id }) => organization_id);
}
