import { pgErrorCode, pgErrorCodes, type Queryable } from '../db/database.js';
import { RequestError } from '../errors.js';
import { generateSecret, generateStandardId } from '../ids.js';
import { koaGuard, z, type GuardState } from '../middleware/guard.js';
import { koaPagination, type PaginationState } from '../middleware/pagination.js';
import { deleteOrNotFound, findEntityById } from './entities.js';
import { defaultTenantId } from './serialize.js';
import type { RouteModule } from './types.js';
import {
  buildSearchConditions,
  findRoleRow,
  findRolesPage,
  parseSearchParams,
  roleColumns,
  whereClause,
  withSearchErrors,
  type RoleRow,
  type Search,
} from './users.js';

/**
 * Applications (OIDC clients), their machine-to-machine roles and their secrets, after Logto's
 * `routes/applications/{application,application-role,application-secret}.ts`.
 *
 * The OIDC provider reads clients straight from these tables: `applications.secret` is the internal
 * secret (`internal_...`, what oidc-provider compares), and `application_secrets` holds the secrets clients
 * actually present (Logto's `koaAppSecretTranspilation` maps one onto the other). SPA and Native apps are
 * public clients; MachineToMachine and Traditional apps are confidential and get a "Default secret".
 */

export const applicationTypes = [
  'Native',
  'SPA',
  'Traditional',
  'MachineToMachine',
  'Protected',
  'SAML',
] as const;
export type ApplicationType = (typeof applicationTypes)[number];

/** Logto's `hasSecrets`: the types whose clients authenticate with a secret. */
const hasSecrets = (type: ApplicationType) =>
  ['MachineToMachine', 'Traditional', 'Protected'].includes(type);

/** Logto's `internalPrefix` for the secret kept in `applications.secret`. */
const internalPrefix = 'internal_';

export type ApplicationRow = {
  id: string;
  name: string;
  secret: string;
  description: string | null;
  type: ApplicationType;
  oidc_client_metadata: Record<string, unknown>;
  custom_client_metadata: Record<string, unknown>;
  custom_data: Record<string, unknown>;
  is_third_party: boolean;
  created_at: number | bigint | string;
};

export const applicationColumns = (alias?: string) =>
  [
    'id',
    'name',
    'secret',
    'description',
    'type',
    'oidc_client_metadata',
    'custom_client_metadata',
    'custom_data',
    'is_third_party',
    'created_at',
  ]
    .map((column) => (alias ? `${alias}.${column}` : column))
    .join(', ');

/** Logto's `Application` in its column order. The emulator has no protected apps (always null). */
export function serializeApplication(row: ApplicationRow) {
  return {
    tenantId: defaultTenantId,
    id: row.id,
    name: row.name,
    secret: row.secret,
    description: row.description,
    type: row.type,
    oidcClientMetadata: row.oidc_client_metadata,
    customClientMetadata: row.custom_client_metadata,
    protectedAppMetadata: null,
    customData: row.custom_data,
    isThirdParty: row.is_third_party,
    createdAt: Number(row.created_at),
  };
}

/** `findApplicationById` (`buildFindEntityById`): a miss is 404 `entity.not_exists_with_id`. */
export const findApplicationRow = (db: Queryable, id: string) =>
  findEntityById<ApplicationRow>(db, 'applications', applicationColumns(), id);

/** Logto's application search fields. */
export const applicationSearchColumns = ['id', 'name', 'description'] as const;

/** Logto's `countM2mApplicationsByIds` / `findM2mApplicationsByIds`: storage order, always paginated. */
export async function findM2mApplicationsPage(
  db: Queryable,
  search: Search,
  applicationIds: string[],
  page: { limit: number; offset: number },
) {
  if (applicationIds.length === 0) return { totalCount: 0, applications: [] };
  const params: unknown[] = [applicationIds];
  const where = whereClause([
    "type = 'MachineToMachine'",
    'id = any($1::varchar[])',
    buildSearchConditions(search, applicationSearchColumns, params),
  ]);
  const { rows: count } = await db.query<{ count: number }>(
    `select count(*)::int as count from applications ${where}`,
    params,
  );
  const { rows } = await db.query<ApplicationRow>(
    `select ${applicationColumns()} from applications ${where} order by seq
     limit $${params.length + 1} offset $${params.length + 2}`,
    [...params, page.limit, page.offset],
  );
  return { totalCount: count[0]?.count ?? 0, applications: rows.map(serializeApplication) };
}

// Logto's `validateRedirectUrl`: web redirect URIs are http(s); native ones use a reverse-domain scheme.
const validateRedirectUrl = (url: string, type: 'web' | 'mobile') => {
  try {
    const { protocol } = new URL(url);
    return (type === 'mobile' ? /^[a-z][\d_a-z]*(\.[\d_a-z]+)+:$/ : /^https?:$/).test(protocol);
  } catch {
    return false;
  }
};

const oidcClientMetadataGuard = z.object({
  redirectUris: z
    .string()
    .refine((url) => validateRedirectUrl(url, 'web'))
    .or(z.string().refine((url) => validateRedirectUrl(url, 'mobile')))
    .array(),
  postLogoutRedirectUris: z.string().url().array(),
  backchannelLogoutUri: z.string().url().optional(),
  backchannelLogoutSessionRequired: z.boolean().optional(),
  logoUri: z.string().optional(),
});

const customClientMetadataGuard = z.object({
  corsAllowedOrigins: z.string().min(1).array().optional(),
  idTokenTtl: z.number().optional(),
  refreshTokenTtl: z.number().optional(),
  refreshTokenTtlInDays: z.number().int().min(1).max(180).optional(),
  tenantId: z.string().optional(),
  alwaysIssueRefreshToken: z.boolean().optional(),
  rotateRefreshToken: z.boolean().optional(),
  allowTokenExchange: z.boolean().optional(),
});

// Key order follows `Applications.createGuard` (zod reports issues in this order).
const createApplicationGuard = z.object({
  name: z.string().max(256),
  description: z.string().nullable().optional(),
  type: z.enum(applicationTypes),
  oidcClientMetadata: oidcClientMetadataGuard.optional(),
  customClientMetadata: customClientMetadataGuard.optional(),
  protectedAppMetadata: z.object({ subDomain: z.string(), origin: z.string() }).optional(),
  customData: z.record(z.unknown()).optional(),
  isThirdParty: z.boolean().optional(),
});

const updateApplicationGuard = createApplicationGuard
  .omit({ type: true, isThirdParty: true, protectedAppMetadata: true })
  .partial()
  .extend({
    protectedAppMetadata: z
      .object({
        origin: z.string().optional(),
        sessionDuration: z.number().optional(),
        pageRules: z.array(z.object({ path: z.string() })).optional(),
      })
      .optional(),
    isAdmin: z.boolean().optional(),
  });

const applicationTypeGuard = z.enum(applicationTypes);
const listQueryGuard = z.object({
  // A single `types` arrives as a string, several as an array.
  types: applicationTypeGuard
    .array()
    .or(applicationTypeGuard.transform((type) => [type]))
    .optional(),
  excludeRoleId: z.string().optional(),
  excludeOrganizationId: z.string().optional(),
  isThirdParty: z.union([z.literal('true'), z.literal('false')]).optional(),
});

const idParams = z.object({ id: z.string().min(1) });
const applicationIdParams = z.object({ applicationId: z.string() });
const applicationRoleParams = z.object({ applicationId: z.string(), roleId: z.string() });
const roleIdsBody = z.object({ roleIds: z.string().min(1).array() });
const secretParams = z.object({ id: z.string(), name: z.string() });
const createSecretGuard = z.object({
  name: z.string().max(256),
  expiresAt: z.number().nullable().optional(),
});
const updateSecretGuard = z.object({ name: z.string().max(256) });

type SecretRow = {
  application_id: string;
  name: string;
  value: string;
  created_at: number | bigint | string;
  expires_at: number | bigint | string | null;
};
const secretColumns = 'application_id, name, value, created_at, expires_at';

/** Logto's `ApplicationSecret`. */
function serializeSecret(row: SecretRow) {
  return {
    tenantId: defaultTenantId,
    applicationId: row.application_id,
    name: row.name,
    value: row.value,
    createdAt: Number(row.created_at),
    expiresAt: row.expires_at === null ? null : Number(row.expires_at),
  };
}

const generateInternalSecret = () => internalPrefix + generateSecret();

function assertMachineToMachine({ type }: ApplicationRow) {
  if (type !== 'MachineToMachine')
    throw new RequestError({ code: 'application.invalid_type', status: 422 });
}

/**
 * `applications_roles` in Logto has a CHECK that the role is a machine-to-machine role
 * (`check_role_type`): 422 `entity.db_constraint_violated`. Existing pairs are kept.
 */
export async function insertApplicationRoles(
  db: Queryable,
  pairs: ReadonlyArray<{ applicationId: string; roleId: string }>,
) {
  if (pairs.length === 0) return;
  const roleIds = [...new Set(pairs.map((pair) => pair.roleId))];
  const { rows } = await db.query(
    "select 1 from roles where id = any($1::varchar[]) and type <> 'MachineToMachine'",
    [roleIds],
  );
  if (rows.length > 0)
    throw new RequestError({ code: 'entity.db_constraint_violated', status: 422 });
  await db.query(
    `insert into applications_roles (application_id, role_id)
     select * from unnest($1::varchar[], $2::varchar[]) on conflict do nothing`,
    [pairs.map((pair) => pair.applicationId), pairs.map((pair) => pair.roleId)],
  );
}

async function findApplicationRoleIds(db: Queryable, applicationId: string): Promise<string[]> {
  const { rows } = await db.query<{ role_id: string }>(
    'select role_id from applications_roles where application_id = $1',
    [applicationId],
  );
  return rows.map(({ role_id }) => role_id);
}

function toSecretWriteError(error: unknown): unknown {
  switch (pgErrorCode(error)) {
    case pgErrorCodes.uniqueViolation: {
      return new RequestError({ code: 'application.secret_name_exists', status: 422 });
    }
    case pgErrorCodes.foreignKeyViolation: {
      return new RequestError({ code: 'entity.relation_foreign_key_not_found', status: 404 });
    }
    case pgErrorCodes.stringDataRightTruncation: {
      return new RequestError({ code: 'entity.value_too_long', status: 422 });
    }
    default: {
      return error;
    }
  }
}

export const applicationRoutes: RouteModule = (router, { db }) => {
  router.get<GuardState<z.infer<typeof listQueryGuard>, undefined, undefined> & PaginationState>(
    '/applications',
    koaPagination({ isOptional: true }),
    koaGuard({ query: listQueryGuard }),
    async (ctx) => {
      const { disabled, limit, offset } = ctx.state.pagination;
      const { types, excludeRoleId, excludeOrganizationId, isThirdParty } = ctx.state.guard.query;
      if (excludeRoleId && excludeOrganizationId) {
        throw new RequestError({
          code: 'request.invalid_input',
          status: 400,
          values: {
            details:
              'Parameter `excludeRoleId` and `excludeOrganizationId` cannot be used at the same time.',
          },
        });
      }
      // Unlike the other lists, Logto parses the search outside `tryThat` here: bad search input is a 500.
      const search = parseSearchParams(ctx.request.URL.searchParams);

      const params: unknown[] = [];
      const conditions: Array<string | undefined> = [];
      if (excludeRoleId) {
        params.push(excludeRoleId);
        conditions.push(
          `not exists (select 1 from applications_roles r where r.role_id = $${params.length} and r.application_id = applications.id)`,
        );
      }
      // `excludeOrganizationId` excludes organization members; the emulator has no organization
      // applications, so no application is ever excluded by it.
      if (types && types.length > 0) {
        params.push(types);
        conditions.push(`type = any($${params.length}::varchar[])`);
      }
      if (isThirdParty) {
        params.push(isThirdParty === 'true');
        conditions.push(`is_third_party = $${params.length}`);
      }
      conditions.push(
        buildSearchConditions(search, applicationSearchColumns, params, 'applications'),
      );
      const where = whereClause(conditions);

      const page = disabled ? '' : `limit $${params.length + 1} offset $${params.length + 2}`;
      const { rows } = await db.pg.query<ApplicationRow>(
        `select ${applicationColumns()} from applications ${where} order by created_at desc, seq desc ${page}`,
        disabled ? params : [...params, limit, offset],
      );
      if (!disabled) {
        const { rows: count } = await db.pg.query<{ count: number }>(
          `select count(*)::int as count from applications ${where}`,
          params,
        );
        ctx.state.pagination.totalCount = count[0]?.count ?? 0;
      }
      ctx.body = rows.map(serializeApplication);
    },
  );

  router.post<GuardState<undefined, z.infer<typeof createApplicationGuard>, undefined>>(
    '/applications',
    koaGuard({ body: createApplicationGuard }),
    async (ctx) => {
      const {
        name,
        description,
        type,
        oidcClientMetadata,
        customClientMetadata,
        protectedAppMetadata,
        customData,
      } = ctx.state.guard.body;
      const isThirdParty = ctx.state.guard.body.isThirdParty ?? false;

      if (type === 'SAML')
        throw new RequestError({ code: 'application.saml.use_saml_app_api', status: 400 });
      if (type === 'Protected') {
        if (!protectedAppMetadata) {
          throw new RequestError({
            code: 'application.protected_app_metadata_is_required',
            status: 400,
          });
        }
        // Protected apps need Logto Cloud's Cloudflare integration, which OSS (and the emulator) lacks.
        throw new RequestError({ code: 'application.protected_app_not_configured', status: 501 });
      }
      // Logto 1.35+ allows third-party SPA and Native apps besides traditional web apps.
      if (isThirdParty && !['Traditional', 'SPA', 'Native'].includes(type)) {
        throw new RequestError({
          code: 'application.invalid_third_party_application_type',
          status: 400,
        });
      }

      const application = await db.transaction(async (tx) => {
        const { rows } = await tx.query<ApplicationRow>(
          `insert into applications (id, name, description, type, secret, oidc_client_metadata, custom_client_metadata,
                                     custom_data, is_third_party, created_at)
           values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
           returning ${applicationColumns()}`,
          [
            generateStandardId(),
            name,
            description ?? null,
            type,
            generateInternalSecret(),
            { redirectUris: [], postLogoutRedirectUris: [], ...oidcClientMetadata },
            customClientMetadata ?? {},
            customData ?? {},
            isThirdParty,
            Date.now(),
          ],
        );
        const [row] = rows;
        if (!row) throw new Error('The application insert returned no row');
        if (hasSecrets(type)) {
          await tx.query(
            `insert into application_secrets (application_id, name, value, created_at) values ($1, 'Default secret', $2, $3)`,
            [row.id, generateSecret(), Date.now()],
          );
        }
        return row;
      });
      // Logto answers 200 here.
      ctx.body = serializeApplication(application);
    },
  );

  router.get<GuardState<undefined, undefined, z.infer<typeof idParams>>>(
    '/applications/:id',
    koaGuard({ params: idParams }),
    async (ctx) => {
      const application = await findApplicationRow(db.pg, ctx.state.guard.params.id);
      // `isAdmin` means "holds the tenant's internal admin role", which the emulator does not have.
      ctx.body = { ...serializeApplication(application), isAdmin: false };
    },
  );

  router.patch<
    GuardState<undefined, z.infer<typeof updateApplicationGuard>, z.infer<typeof idParams>>
  >(
    '/applications/:id',
    koaGuard({ params: idParams, body: updateApplicationGuard }),
    async (ctx) => {
      const { id } = ctx.state.guard.params;
      const {
        name,
        description,
        oidcClientMetadata,
        customClientMetadata,
        customData,
        protectedAppMetadata,
      } = ctx.state.guard.body;
      const application = await findApplicationRow(db.pg, id);
      if (application.type === 'SAML') {
        throw new RequestError({ code: 'application.saml.use_saml_app_api', status: 400 });
      }
      if (protectedAppMetadata) {
        throw new RequestError({ code: 'application.protected_application_only', status: 400 });
      }
      // JSON columns are replaced, not merged (`updateApplicationById(id, rest, 'replace')`).
      const columns = {
        name,
        description,
        oidc_client_metadata: oidcClientMetadata,
        custom_client_metadata: customClientMetadata,
        custom_data: customData,
      };
      const entries = Object.entries(columns).filter(([, value]) => value !== undefined);
      if (entries.length === 0) {
        ctx.body = serializeApplication(application);
        return;
      }
      const params: unknown[] = [id, ...entries.map(([, value]) => value)];
      const { rows } = await db.pg.query<ApplicationRow>(
        `update applications set ${entries.map(([column], index) => `${column} = $${index + 2}`).join(', ')}
         where id = $1 returning ${applicationColumns()}`,
        params,
      );
      const [updated] = rows;
      if (!updated) {
        throw new RequestError({
          code: 'entity.not_exists',
          status: 404,
          values: { name: 'application' },
        });
      }
      ctx.body = serializeApplication(updated);
    },
  );

  router.delete<GuardState<undefined, undefined, z.infer<typeof idParams>>>(
    '/applications/:id',
    koaGuard({ params: idParams }),
    async (ctx) => {
      const { id } = ctx.state.guard.params;
      await findApplicationRow(db.pg, id);
      // Roles and secrets cascade; tokens already issued stop working once the client is gone.
      await db.pg.query('delete from applications where id = $1', [id]);
      ctx.status = 204;
    },
  );

  // MARK: Roles of a machine-to-machine application

  router.get<
    GuardState<undefined, undefined, z.infer<typeof applicationIdParams>> & PaginationState
  >(
    '/applications/:applicationId/roles',
    koaPagination(),
    koaGuard({ params: applicationIdParams }),
    async (ctx) => {
      const { applicationId } = ctx.state.guard.params;
      const { limit, offset } = ctx.state.pagination;
      assertMachineToMachine(await findApplicationRow(db.pg, applicationId));
      await withSearchErrors(async () => {
        const search = parseSearchParams(ctx.request.URL.searchParams);
        const roleIds = await findApplicationRoleIds(db.pg, applicationId);
        const { totalCount, roles } = await findRolesPage(
          db.pg,
          search,
          { roleIds, type: 'MachineToMachine' },
          { limit, offset },
        );
        ctx.state.pagination.totalCount = totalCount;
        ctx.body = roles;
      });
    },
  );

  router.post<
    GuardState<undefined, z.infer<typeof roleIdsBody>, z.infer<typeof applicationIdParams>>
  >(
    '/applications/:applicationId/roles',
    koaGuard({ params: applicationIdParams, body: roleIdsBody }),
    async (ctx) => {
      const { applicationId } = ctx.state.guard.params;
      const roleIds = [...new Set(ctx.state.guard.body.roleIds)];
      await db.transaction(async (tx) => {
        assertMachineToMachine(await findApplicationRow(tx, applicationId));
        const existing = new Set(await findApplicationRoleIds(tx, applicationId));
        const { rows: roles } = await tx.query<RoleRow>(
          `select ${roleColumns()} from roles where id = any($1::varchar[]) order by seq`,
          [roleIds],
        );
        for (const role of roles) {
          if (existing.has(role.id)) {
            throw new RequestError({
              code: 'application.role_exists',
              status: 422,
              values: { roleId: role.id },
            });
          }
          if (role.type !== 'MachineToMachine') {
            throw new RequestError({ code: 'application.invalid_role_type', status: 422 });
          }
        }
        for (const roleId of roleIds) await findRoleRow(tx, roleId);
        await insertApplicationRoles(
          tx,
          roleIds.map((roleId) => ({ applicationId, roleId })),
        );
      });
      ctx.status = 201;
    },
  );

  router.put<
    GuardState<undefined, z.infer<typeof roleIdsBody>, z.infer<typeof applicationIdParams>>
  >(
    '/applications/:applicationId/roles',
    koaGuard({ params: applicationIdParams, body: roleIdsBody }),
    async (ctx) => {
      const { applicationId } = ctx.state.guard.params;
      const roleIds = [...new Set(ctx.state.guard.body.roleIds)];
      await db.transaction(async (tx) => {
        assertMachineToMachine(await findApplicationRow(tx, applicationId));
        const existing = new Set(await findApplicationRoleIds(tx, applicationId));
        const roleIdsToAdd = roleIds.filter((id) => !existing.has(id));
        for (const roleId of roleIdsToAdd) await findRoleRow(tx, roleId);
        await tx.query(
          'delete from applications_roles where application_id = $1 and not (role_id = any($2::varchar[]))',
          [applicationId, roleIds],
        );
        await insertApplicationRoles(
          tx,
          roleIdsToAdd.map((roleId) => ({ applicationId, roleId })),
        );
      });
      // Logto sets 200 without a body (Koa then answers "OK").
      ctx.status = 200;
    },
  );

  router.delete<GuardState<undefined, undefined, z.infer<typeof applicationRoleParams>>>(
    '/applications/:applicationId/roles/:roleId',
    koaGuard({ params: applicationRoleParams }),
    async (ctx) => {
      const { applicationId, roleId } = ctx.state.guard.params;
      assertMachineToMachine(await findApplicationRow(db.pg, applicationId));
      await deleteOrNotFound(
        db.pg,
        'delete from applications_roles where application_id = $1 and role_id = $2 returning 1',
        [applicationId, roleId],
      );
      ctx.status = 204;
    },
  );

  // MARK: Secrets

  router.delete<GuardState<undefined, undefined, z.infer<typeof idParams>>>(
    '/applications/:id/legacy-secret',
    koaGuard({ params: idParams }),
    async (ctx) => {
      const { id } = ctx.state.guard.params;
      const application = await findApplicationRow(db.pg, id);
      if (!application.secret || application.secret.startsWith(internalPrefix)) {
        throw new RequestError({ code: 'application.no_legacy_secret_found', status: 400 });
      }
      const { rows } = await db.pg.query<ApplicationRow>(
        `update applications set secret = $2 where id = $1 returning ${applicationColumns()}`,
        [id, generateInternalSecret()],
      );
      const [updated] = rows;
      if (!updated) {
        throw new RequestError({
          code: 'entity.not_exists',
          status: 404,
          values: { name: 'application' },
        });
      }
      ctx.body = serializeApplication(updated);
    },
  );

  router.get<GuardState<undefined, undefined, { id: string }>>(
    '/applications/:id/secrets',
    koaGuard({ params: z.object({ id: z.string() }) }),
    async (ctx) => {
      const { id } = ctx.state.guard.params;
      await findApplicationRow(db.pg, id);
      const { rows } = await db.pg.query<SecretRow>(
        `select ${secretColumns} from application_secrets where application_id = $1 order by seq`,
        [id],
      );
      ctx.body = rows.map(serializeSecret);
    },
  );

  router.post<GuardState<undefined, z.infer<typeof createSecretGuard>, { id: string }>>(
    '/applications/:id/secrets',
    koaGuard({ params: z.object({ id: z.string() }), body: createSecretGuard }),
    async (ctx) => {
      const { id } = ctx.state.guard.params;
      const { name, expiresAt } = ctx.state.guard.body;
      if (expiresAt && expiresAt <= Date.now()) {
        throw new RequestError({
          code: 'request.invalid_input',
          status: 400,
          values: { details: 'The value of `expiresAt` must be in the future.' },
        });
      }
      const secret = await db
        .transaction(async (tx) => {
          // Logto's CHECK (`check_application_type`): only these types hold secrets. An unknown app passes
          // the check and fails the foreign key instead.
          const { rows: apps } = await tx.query<{ type: ApplicationType }>(
            'select type from applications where id = $1',
            [id],
          );
          const [app] = apps;
          if (app && !hasSecrets(app.type)) {
            throw new RequestError({ code: 'entity.db_constraint_violated', status: 422 });
          }
          const { rows } = await tx.query<SecretRow>(
            `insert into application_secrets (application_id, name, value, created_at, expires_at)
             values ($1, $2, $3, $4, $5) returning ${secretColumns}`,
            [id, name, generateSecret(), Date.now(), expiresAt ?? null],
          );
          return rows[0];
        })
        .catch((error: unknown) => {
          throw toSecretWriteError(error);
        });
      if (!secret) throw new Error('The secret insert returned no row');
      ctx.status = 201;
      ctx.body = serializeSecret(secret);
    },
  );

  router.patch<
    GuardState<undefined, z.infer<typeof updateSecretGuard>, z.infer<typeof secretParams>>
  >(
    '/applications/:id/secrets/:name',
    koaGuard({ params: secretParams, body: updateSecretGuard }),
    async (ctx) => {
      const { id, name } = ctx.state.guard.params;
      const { rows } = await db.pg
        .query<SecretRow>(
          `update application_secrets set name = $3 where application_id = $1 and name = $2 returning ${secretColumns}`,
          [id, name, ctx.state.guard.body.name],
        )
        .catch((error: unknown) => {
          throw toSecretWriteError(error);
        });
      const [secret] = rows;
      if (!secret) {
        throw new RequestError({
          code: 'entity.not_exists',
          status: 404,
          values: { name: 'application_secret' },
        });
      }
      ctx.body = serializeSecret(secret);
    },
  );

  router.delete<GuardState<undefined, undefined, z.infer<typeof secretParams>>>(
    '/applications/:id/secrets/:name',
    koaGuard({ params: secretParams }),
    async (ctx) => {
      const { id, name } = ctx.state.guard.params;
      await deleteOrNotFound(
        db.pg,
        'delete from application_secrets where application_id = $1 and name = $2 returning 1',
        [id, name],
      );
      ctx.status = 204;
    },
  );
};
