import { RequestError } from '../errors.js';
import { generateStandardId } from '../ids.js';
import { koaGuard, z, type GuardState } from '../middleware/guard.js';
import { koaPagination, type PaginationState } from '../middleware/pagination.js';
import { deleteOrNotFound, findEntityById } from './entities.js';
import {
  buildSearchCondition,
  buildUpdateAssignments,
  emptyUpdateResponse,
  organizationScopeRowColumns,
  serializeOrganizationScope,
  withOrganizationErrors,
  type OrganizationScopeRow,
} from './serialize.js';
import type { RouteModule } from './types.js';

/** `OrganizationScopes.createGuard.omit({ id })` */
const createBody = z.object({
  tenantId: z.string().max(21).optional(),
  name: z.string().min(1).max(128),
  description: z.string().max(256).nullable().optional(),
});

/** `OrganizationScopes.updateGuard` */
const updateBody = z
  .object({
    tenantId: z.string().max(21),
    id: z.string().min(1).max(21),
    name: z.string().min(1).max(128),
    description: z.string().max(256).nullable(),
  })
  .partial();

const idParams = z.object({ id: z.string().min(1) });
const listQuery = z.object({ q: z.string().optional() });

type CreateBody = z.infer<typeof createBody>;
type UpdateBody = z.infer<typeof updateBody>;
type IdParams = z.infer<typeof idParams>;
type ListQuery = z.infer<typeof listQuery>;

/** Organization scopes, the permissions of the organization template (CONTRACT.md 3.2). */
export const organizationScopeRoutes: RouteModule = (router, { db }) => {
  router.get<PaginationState & GuardState<ListQuery, undefined, undefined>>(
    '/organization-scopes',
    koaPagination({ isOptional: true }),
    koaGuard({ query: listQuery }),
    async (ctx) => {
      const { disabled, limit, offset } = ctx.state.pagination;
      const params: unknown[] = [];
      const search = buildSearchCondition(ctx.state.guard.query.q, ['name'], params);
      const where = search ? `where ${search}` : '';
      const page = disabled ? '' : `limit $${params.length + 1} offset $${params.length + 2}`;
      const { total, rows } = await db.transaction(async (tx) => {
        const counted = await tx.query<{ count: number }>(
          `select count(*)::int as count from organization_scopes ${where}`,
          params,
        );
        const { rows: scopes } = await tx.query<OrganizationScopeRow>(
          `select ${organizationScopeRowColumns()} from organization_scopes ${where} order by name ${page}`,
          disabled ? params : [...params, limit, offset],
        );
        return { total: counted.rows[0]?.count ?? 0, rows: scopes };
      });
      if (!disabled) ctx.state.pagination.totalCount = total;
      ctx.body = rows.map((row) => serializeOrganizationScope(row));
    },
  );

  router.post<GuardState<undefined, CreateBody, undefined>>(
    '/organization-scopes',
    koaGuard({ body: createBody }),
    async (ctx) => {
      const { name, description } = ctx.state.guard.body;
      const row = await withOrganizationErrors(async () =>
        db.one<OrganizationScopeRow>(
          `insert into organization_scopes (id, name, description) values ($1, $2, $3)
           returning ${organizationScopeRowColumns()}`,
          [generateStandardId(), name, description ?? null],
        ),
      );
      if (!row) throw new Error('insert into organization_scopes returned no row');
      ctx.status = 201;
      ctx.body = serializeOrganizationScope(row);
    },
  );

  router.get<GuardState<undefined, undefined, IdParams>>(
    '/organization-scopes/:id',
    koaGuard({ params: idParams }),
    async (ctx) => {
      const { id } = ctx.state.guard.params;
      const row = await findEntityById<OrganizationScopeRow>(
        db.pg,
        'organization_scopes',
        organizationScopeRowColumns(),
        id,
      );
      ctx.body = serializeOrganizationScope(row);
    },
  );

  router.patch<GuardState<undefined, UpdateBody, IdParams>>(
    '/organization-scopes/:id',
    koaGuard({ params: idParams, body: updateBody }),
    async (ctx) => {
      const { body } = ctx.state.guard;
      // `id` and `tenantId` pass Logto's guard too; the emulator does not apply them (ids stay stable).
      const changes: Array<[column: string, value: unknown]> = [
        ['name', body.name],
        ['description', body.description],
      ];
      const params: unknown[] = [];
      // JSON columns are replaced wholesale, like Logto's `jsonbMode: 'replace'`.
      const assignments = buildUpdateAssignments(changes, params);
      if (assignments.length === 0) {
        ctx.status = emptyUpdateResponse.status;
        ctx.body = emptyUpdateResponse.body;
        return;
      }
      params.push(ctx.state.guard.params.id);
      const row = await withOrganizationErrors(async () =>
        db.one<OrganizationScopeRow>(
          `update organization_scopes set ${assignments.join(', ')} where id = $${params.length}
           returning ${organizationScopeRowColumns()}`,
          params,
        ),
      );
      if (!row) {
        throw new RequestError({
          code: 'entity.not_exists',
          status: 404,
          values: { name: 'organization_scope' },
        });
      }
      ctx.body = serializeOrganizationScope(row);
    },
  );

  router.delete<GuardState<undefined, undefined, IdParams>>(
    '/organization-scopes/:id',
    koaGuard({ params: idParams }),
    async (ctx) => {
      await deleteOrNotFound(db.pg, 'delete from organization_scopes where id = $1 returning id', [
        ctx.state.guard.params.id,
      ]);
      ctx.status = 204;
    },
  );
};
