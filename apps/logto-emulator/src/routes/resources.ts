import { pgErrorCode, pgErrorCodes, type Queryable } from '../db/database.js';
import { RequestError } from '../errors.js';
import { generateStandardId } from '../ids.js';
import { koaGuard, z, type GuardState } from '../middleware/guard.js';
import { koaPagination, type PaginationState } from '../middleware/pagination.js';
import { deleteOrNotFound, findEntityById } from './entities.js';
import {
  defaultTenantId,
  resourceScopeRowColumns,
  serializeResourceScope,
  type ResourceScopeRow,
} from './serialize.js';
import type { RouteModule } from './types.js';
import {
  buildSearchConditions,
  parseSearchParams,
  whereClause,
  withSearchErrors,
} from './users.js';

/**
 * API resources and their scopes (permissions), after Logto's `routes/resource.ts`,
 * `routes/resource.scope.ts` and `queries/resource.ts` / `queries/scope.ts`. The seeded Management API
 * resource is listed like any other but cannot be modified or deleted, nor can its scopes.
 */

export type ResourceRow = {
  id: string;
  name: string;
  indicator: string;
  is_default: boolean;
  access_token_ttl: number | bigint | string;
};

export const resourceColumns = (alias?: string) =>
  ['id', 'name', 'indicator', 'is_default', 'access_token_ttl']
    .map((column) => (alias ? `${alias}.${column}` : column))
    .join(', ');

/** Logto's `Resource`. */
export function serializeResource(row: ResourceRow) {
  return {
    tenantId: defaultTenantId,
    id: row.id,
    name: row.name,
    indicator: row.indicator,
    isDefault: row.is_default,
    accessTokenTtl: Number(row.access_token_ttl),
  };
}

/** `@logto/schemas`' `isManagementApi`: any tenant's `https://<tenant>.logto.app/api`. */
export const isManagementApi = (indicator: string) =>
  /^https:\/\/[^.]+\.logto\.app\/api$/.test(indicator);

/** `findResourceById` (`buildFindEntityById`): a miss is 404 `entity.not_exists_with_id`. */
export const findResourceRow = (db: Queryable, id: string) =>
  findEntityById<ResourceRow>(db, 'resources', resourceColumns(), id);

/** `findScopeById`: a miss is 404 `entity.not_exists_with_id`. */
export const findScopeRow = (db: Queryable, id: string) =>
  findEntityById<ResourceScopeRow>(db, 'scopes', resourceScopeRowColumns(), id);

/** Logto's scope search fields. */
export const scopeSearchColumns = ['id', 'name', 'description'] as const;

function assertModifiable({ indicator }: ResourceRow) {
  if (isManagementApi(indicator)) {
    throw new RequestError({ code: 'resource.cannot_modify_management_api', status: 400 });
  }
}

function assertScopeName(name: string) {
  if (/\s/.test(name)) throw new RequestError({ code: 'scope.name_with_space', status: 400 });
}

async function assertScopeNameFree(
  db: Queryable,
  resourceId: string,
  name: string,
  excludeScopeId = '',
) {
  const { rows } = await db.query(
    'select 1 from scopes where resource_id = $1 and name = $2 and id <> $3',
    [resourceId, name, excludeScopeId],
  );
  if (rows.length > 0)
    throw new RequestError({ code: 'scope.name_exists', status: 422, values: { name } });
}

/** Races past the pre-checks end as the pre-check's error; over-long values as Logto's 422. */
function toWriteError(error: unknown, duplicate: RequestError): unknown {
  switch (pgErrorCode(error)) {
    case pgErrorCodes.uniqueViolation: {
      return duplicate;
    }
    case pgErrorCodes.stringDataRightTruncation: {
      return new RequestError({ code: 'entity.value_too_long', status: 422 });
    }
    default: {
      return error;
    }
  }
}

// Key order follows Logto's guards (`Resources.createGuard`, `Scopes.createGuard`).
const createResourceGuard = z.object({
  tenantId: z.string().max(21).optional(),
  name: z.string(),
  indicator: z.string(),
  accessTokenTtl: z.number().optional(),
});
const updateResourceGuard = createResourceGuard.omit({ indicator: true }).partial();
const createScopeGuard = z.object({
  name: z.string().max(256),
  description: z.string().nullable().optional(),
});
const updateScopeGuard = createScopeGuard.partial();

const idParams = z.object({ id: z.string().min(1) });
const resourceIdParams = z.object({ resourceId: z.string().min(1) });
const scopeParams = z.object({ resourceId: z.string().min(1), scopeId: z.string().min(1) });

type ResourceListQuery = { includeScopes?: string };

// @silverhand/essentials' `yes`.
const yes = (value: string | undefined) =>
  value !== undefined && ['1', 'true', 'y', 'yes', 'yep', 'yeah'].includes(value.toLowerCase());

export const resourceRoutes: RouteModule = (router, { db }) => {
  router.get<GuardState<ResourceListQuery, undefined, undefined> & PaginationState>(
    '/resources',
    koaPagination({ isOptional: true }),
    koaGuard({ query: z.object({ includeScopes: z.string().optional() }) }),
    async (ctx) => {
      const { disabled, limit, offset } = ctx.state.pagination;
      const page = disabled ? '' : 'limit $1 offset $2';
      // Logto's `findAllResources` has no ORDER BY: storage order.
      const { rows } = await db.pg.query<ResourceRow>(
        `select ${resourceColumns()} from resources order by seq ${page}`,
        disabled ? [] : [limit, offset],
      );
      if (!disabled) {
        const { rows: count } = await db.pg.query<{ count: number }>(
          'select count(*)::int as count from resources',
        );
        ctx.state.pagination.totalCount = count[0]?.count ?? 0;
      }
      const resources = rows.map(serializeResource);
      if (!yes(ctx.state.guard.query.includeScopes)) {
        ctx.body = resources;
        return;
      }
      const { rows: scopes } = await db.pg.query<ResourceScopeRow>(
        `select ${resourceScopeRowColumns()} from scopes where resource_id = any($1::varchar[]) order by seq`,
        [rows.map(({ id }) => id)],
      );
      ctx.body = resources.map((resource) => ({
        ...resource,
        scopes: scopes
          .filter((scope) => scope.resource_id === resource.id)
          .map(serializeResourceScope),
      }));
    },
  );

  router.post<GuardState<undefined, z.infer<typeof createResourceGuard>, undefined>>(
    '/resources',
    koaGuard({ body: createResourceGuard }),
    async (ctx) => {
      const { name, indicator, accessTokenTtl } = ctx.state.guard.body;
      const inUse = new RequestError({
        code: 'resource.resource_identifier_in_use',
        status: 422,
        values: { indicator },
      });
      const resource = await db
        .transaction(async (tx) => {
          const { rows: existing } = await tx.query(
            'select 1 from resources where indicator = $1',
            [indicator],
          );
          if (existing.length > 0) throw inUse;
          const { rows } = await tx.query<ResourceRow>(
            `insert into resources (id, name, indicator, access_token_ttl) values ($1, $2, $3, coalesce($4, 3600))
             returning ${resourceColumns()}`,
            [generateStandardId(), name, indicator, accessTokenTtl ?? null],
          );
          return rows[0];
        })
        .catch((error: unknown) => {
          throw toWriteError(error, inUse);
        });
      if (!resource) throw new Error('The resource insert returned no row');
      ctx.status = 201;
      ctx.body = { ...serializeResource(resource), scopes: [] };
    },
  );

  router.get<GuardState<undefined, undefined, z.infer<typeof idParams>>>(
    '/resources/:id',
    koaGuard({ params: idParams }),
    async (ctx) => {
      ctx.body = serializeResource(await findResourceRow(db.pg, ctx.state.guard.params.id));
    },
  );

  router.patch<
    GuardState<undefined, z.infer<typeof updateResourceGuard>, z.infer<typeof idParams>>
  >('/resources/:id', koaGuard({ params: idParams, body: updateResourceGuard }), async (ctx) => {
    const { id } = ctx.state.guard.params;
    const { name, accessTokenTtl } = ctx.state.guard.body;
    const resource = await findResourceRow(db.pg, id);
    assertModifiable(resource);
    const { rows } = await db.pg.query<ResourceRow>(
      `update resources set name = coalesce($2, name), access_token_ttl = coalesce($3, access_token_ttl)
         where id = $1 returning ${resourceColumns()}`,
      [id, name ?? null, accessTokenTtl ?? null],
    );
    const [updated] = rows;
    if (!updated)
      throw new RequestError({
        code: 'entity.not_exists',
        status: 404,
        values: { name: 'resource' },
      });
    ctx.body = serializeResource(updated);
  });

  const isDefaultBody = z.object({ isDefault: z.boolean() });
  router.patch<GuardState<undefined, z.infer<typeof isDefaultBody>, z.infer<typeof idParams>>>(
    '/resources/:id/is-default',
    koaGuard({ params: idParams, body: isDefaultBody }),
    async (ctx) => {
      const { id } = ctx.state.guard.params;
      const { isDefault } = ctx.state.guard.body;
      // At most one default resource: clearing the others and setting this one is one transaction.
      ctx.body = await db.transaction(async (tx) => {
        if (isDefault)
          await tx.query(
            'update resources set is_default = false where is_default = true and id <> $1',
            [id],
          );
        const { rows } = await tx.query<ResourceRow>(
          `update resources set is_default = $2 where id = $1 returning ${resourceColumns()}`,
          [id, isDefault],
        );
        const [row] = rows;
        if (!row)
          throw new RequestError({
            code: 'entity.not_exists',
            status: 404,
            values: { name: 'resource' },
          });
        return serializeResource(row);
      });
    },
  );

  router.delete<GuardState<undefined, undefined, z.infer<typeof idParams>>>(
    '/resources/:id',
    koaGuard({ params: idParams }),
    async (ctx) => {
      const { id } = ctx.state.guard.params;
      const { indicator } = await findResourceRow(db.pg, id);
      if (isManagementApi(indicator)) {
        throw new RequestError({ code: 'resource.cannot_delete_management_api', status: 400 });
      }
      await deleteOrNotFound(db.pg, 'delete from resources where id = $1 returning 1', [id]);
      ctx.status = 204;
    },
  );

  router.get<GuardState<undefined, undefined, z.infer<typeof resourceIdParams>> & PaginationState>(
    '/resources/:resourceId/scopes',
    koaPagination(),
    koaGuard({ params: resourceIdParams }),
    async (ctx) => {
      const { resourceId } = ctx.state.guard.params;
      const { limit, offset } = ctx.state.pagination;
      // No existence check on the resource, as in Logto: an unknown id lists nothing.
      await withSearchErrors(async () => {
        const params: unknown[] = [resourceId];
        const search = parseSearchParams(ctx.request.URL.searchParams);
        const where = whereClause([
          'resource_id = $1',
          buildSearchConditions(search, scopeSearchColumns, params),
        ]);
        const { rows: count } = await db.pg.query<{ count: number }>(
          `select count(*)::int as count from scopes ${where}`,
          params,
        );
        const { rows } = await db.pg.query<ResourceScopeRow>(
          `select ${resourceScopeRowColumns()} from scopes ${where} order by seq
           limit $${params.length + 1} offset $${params.length + 2}`,
          [...params, limit, offset],
        );
        ctx.state.pagination.totalCount = count[0]?.count ?? 0;
        ctx.body = rows.map(serializeResourceScope);
      });
    },
  );

  router.post<
    GuardState<undefined, z.infer<typeof createScopeGuard>, z.infer<typeof resourceIdParams>>
  >(
    '/resources/:resourceId/scopes',
    koaGuard({ params: resourceIdParams, body: createScopeGuard }),
    async (ctx) => {
      const { resourceId } = ctx.state.guard.params;
      const { name, description } = ctx.state.guard.body;
      const nameExists = new RequestError({
        code: 'scope.name_exists',
        status: 422,
        values: { name },
      });
      const scope = await db
        .transaction(async (tx) => {
          assertScopeName(name);
          assertModifiable(await findResourceRow(tx, resourceId));
          await assertScopeNameFree(tx, resourceId, name);
          const { rows } = await tx.query<ResourceScopeRow>(
            `insert into scopes (id, resource_id, name, description, created_at) values ($1, $2, $3, $4, $5)
             returning ${resourceScopeRowColumns()}`,
            [generateStandardId(), resourceId, name, description ?? null, Date.now()],
          );
          return rows[0];
        })
        .catch((error: unknown) => {
          throw toWriteError(error, nameExists);
        });
      if (!scope) throw new Error('The scope insert returned no row');
      ctx.status = 201;
      ctx.body = serializeResourceScope(scope);
    },
  );

  router.patch<
    GuardState<undefined, z.infer<typeof updateScopeGuard>, z.infer<typeof scopeParams>>
  >(
    '/resources/:resourceId/scopes/:scopeId',
    koaGuard({ params: scopeParams, body: updateScopeGuard }),
    async (ctx) => {
      const { resourceId, scopeId } = ctx.state.guard.params;
      const { name, description } = ctx.state.guard.body;
      const nameExists = new RequestError({
        code: 'scope.name_exists',
        status: 422,
        values: { name: name ?? '' },
      });
      const scope = await db
        .transaction(async (tx) => {
          assertModifiable(await findResourceRow(tx, resourceId));
          if (name) {
            assertScopeName(name);
            await assertScopeNameFree(tx, resourceId, name, scopeId);
          }
          const { rows } = await tx.query<ResourceScopeRow>(
            `update scopes set name = coalesce($3, name),
                               description = case when $4::boolean then $5 else description end
             where id = $1 and resource_id = $2 returning ${resourceScopeRowColumns()}`,
            [scopeId, resourceId, name ?? null, description !== undefined, description ?? null],
          );
          const [row] = rows;
          if (!row)
            throw new RequestError({
              code: 'entity.not_exists',
              status: 404,
              values: { name: 'scope' },
            });
          return row;
        })
        .catch((error: unknown) => {
          throw toWriteError(error, nameExists);
        });
      ctx.body = serializeResourceScope(scope);
    },
  );

  router.delete<GuardState<undefined, undefined, z.infer<typeof scopeParams>>>(
    '/resources/:resourceId/scopes/:scopeId',
    koaGuard({ params: scopeParams }),
    async (ctx) => {
      const { resourceId, scopeId } = ctx.state.guard.params;
      assertModifiable(await findResourceRow(db.pg, resourceId));
      await deleteOrNotFound(
        db.pg,
        'delete from scopes where id = $1 and resource_id = $2 returning 1',
        [scopeId, resourceId],
      );
      ctx.status = 204;
    },
  );
};
