import type { Transaction } from '@electric-sql/pglite';

import { RequestError } from '../errors.js';
import { generateStandardShortId } from '../ids.js';
import { koaGuard, z, type GuardState } from '../middleware/guard.js';
import { koaPagination, type PaginationState } from '../middleware/pagination.js';
import { deleteOrNotFound, findEntityById } from './entities.js';
import {
  buildSearchCondition,
  buildUpdateAssignments,
  emptyUpdateResponse,
  organizationRowColumns,
  serializeOrganization,
  withOrganizationErrors,
  type OrganizationRow,
} from './serialize.js';
import type { RouteModule } from './types.js';

// MARK: Guards (Logto's generated `Organizations` guards, `isTrustedDeviceAllowed` hidden)

/** `hexColorRegEx` of `@logto/core-kit`: #rgb or #rrggbb. */
const hexColor = z.string().regex(/^#[\da-f]{3}([\da-f]{3})?$/i);

/** `partialColorGuard` */
const colorGuard = z
  .object({ primaryColor: hexColor, isDarkModeEnabled: z.boolean(), darkPrimaryColor: hexColor })
  .partial();

/** `brandingGuard` */
const brandingGuard = z.object({
  logoUrl: z.string().url().optional(),
  darkLogoUrl: z.string().url().optional(),
  favicon: z.string().url().optional(),
  darkFavicon: z.string().url().optional(),
});

/** `jsonObjectGuard`: any JSON object (the body is JSON already, so only the top-level type matters). */
const jsonObject = z.record(z.string(), z.unknown());

/** `Organizations.createGuard.omit({ id })`. */
const createBody = z.object({
  tenantId: z.string().max(21).optional(),
  name: z.string().min(1).max(128),
  description: z.string().max(256).nullable().optional(),
  customData: jsonObject.optional(),
  isMfaRequired: z.boolean().optional(),
  color: colorGuard.optional(),
  branding: brandingGuard.optional(),
  customCss: z.string().nullable().optional(),
  createdAt: z.number().optional(),
});

/** `Organizations.updateGuard` (= `guard.partial()`). */
const updateBody = z
  .object({
    tenantId: z.string().max(21),
    id: z.string().min(1).max(21),
    name: z.string().min(1).max(128),
    description: z.string().max(256).nullable(),
    customData: jsonObject,
    isMfaRequired: z.boolean(),
    color: colorGuard,
    branding: brandingGuard,
    customCss: z.string().nullable(),
    createdAt: z.number(),
  })
  .partial();

const idParams = z.object({ id: z.string().min(1) });
const listQuery = z.object({ q: z.string().optional(), showFeatured: z.string().optional() });

type CreateBody = z.infer<typeof createBody>;
type UpdateBody = z.infer<typeof updateBody>;
type IdParams = z.infer<typeof idParams>;
type ListQuery = z.infer<typeof listQuery>;

/** `yes()` of `@silverhand/essentials`, which Logto uses for `showFeatured`. */
const yes = (value: string | undefined) =>
  Boolean(value) && ['1', 'true', 'y', 'yes', 'yep', 'yeah'].includes(String(value).toLowerCase());

type FeaturedRow = {
  id: string;
  users_count: number | bigint;
  featured_users: Array<{ id: string; avatar: string | null; name: string | null }>;
};

/** Member count and the first three members (by user id) of each organization, in one query. */
async function findFeatured(tx: Pick<Transaction, 'query'>, organizationIds: string[]) {
  const { rows } = await tx.query<FeaturedRow>(
    `select o.id,
       (select count(*) from organization_user_relations r where r.organization_id = o.id) as users_count,
       coalesce(
         (select json_agg(json_build_object('id', f.id, 'avatar', f.avatar, 'name', f.name) order by f.id)
            from (select u.id, u.avatar, u.name
                    from organization_user_relations r
                    join users u on u.id = r.user_id
                   where r.organization_id = o.id
                   order by r.user_id
                   limit 3) f),
         '[]'::json) as featured_users
     from organizations o
     where o.id = any($1)`,
    [organizationIds],
  );
  return new Map(rows.map((row) => [row.id, row]));
}

/** Organizations (CONTRACT.md 1): CRUD and the paginated, searchable list. */
export const organizationRoutes: RouteModule = (router, { db }) => {
  router.get<PaginationState & GuardState<ListQuery, undefined, undefined>>(
    '/organizations',
    koaPagination(),
    koaGuard({ query: listQuery }),
    async (ctx) => {
      const { q, showFeatured } = ctx.state.guard.query;
      const { limit, offset } = ctx.state.pagination;
      const params: unknown[] = [];
      const search = buildSearchCondition(q, ['id', 'name'], params);
      const where = search ? `where ${search}` : '';

      // Logto has no ORDER BY here; its (tenant_id, id) index scan yields id order (samples/04-06).
      const { organizations, total, featured } = await db.transaction(async (tx) => {
        const counted = await tx.query<{ count: number }>(
          `select count(*)::int as count from organizations ${where}`,
          params,
        );
        const { rows } = await tx.query<OrganizationRow>(
          `select ${organizationRowColumns()} from organizations ${where}
           order by id limit $${params.length + 1} offset $${params.length + 2}`,
          [...params, limit, offset],
        );
        return {
          total: counted.rows[0]?.count ?? 0,
          organizations: rows,
          featured: yes(showFeatured)
            ? await findFeatured(
                tx,
                rows.map(({ id }) => id),
              )
            : undefined,
        };
      });

      ctx.state.pagination.totalCount = total;
      ctx.body = organizations.map((row) => {
        const organization = serializeOrganization(row);
        if (!featured) return organization;
        const extra = featured.get(row.id);
        return {
          ...organization,
          usersCount: Number(extra?.users_count ?? 0),
          featuredUsers: extra?.featured_users ?? [],
        };
      });
    },
  );

  router.post<GuardState<undefined, CreateBody, undefined>>(
    '/organizations',
    koaGuard({ body: createBody }),
    async (ctx) => {
      const {
        name,
        description,
        customData,
        isMfaRequired,
        color,
        branding,
        customCss,
        createdAt,
      } = ctx.state.guard.body;
      const row = await withOrganizationErrors(async () =>
        db.one<OrganizationRow>(
          `insert into organizations
             (id, name, description, custom_data, is_mfa_required, color, branding, custom_css, created_at)
           values ($1, $2, $3, $4, $5, $6, $7, $8, $9)
           returning ${organizationRowColumns()}`,
          [
            generateStandardShortId(),
            name,
            description ?? null,
            customData ?? {},
            isMfaRequired ?? false,
            color ?? {},
            branding ?? {},
            customCss ?? null,
            // Logto stores a caller-given `createdAt` (a timestamptz, so whole milliseconds).
            createdAt === undefined ? Date.now() : Math.floor(createdAt),
          ],
        ),
      );
      if (!row) throw new Error('insert into organizations returned no row');
      ctx.status = 201;
      ctx.body = serializeOrganization(row);
    },
  );

  router.get<GuardState<undefined, undefined, IdParams>>(
    '/organizations/:id',
    koaGuard({ params: idParams }),
    async (ctx) => {
      const { id } = ctx.state.guard.params;
      const row = await findEntityById<OrganizationRow>(
        db.pg,
        'organizations',
        organizationRowColumns(),
        id,
      );
      ctx.body = serializeOrganization(row);
    },
  );

  router.patch<GuardState<undefined, UpdateBody, IdParams>>(
    '/organizations/:id',
    koaGuard({ params: idParams, body: updateBody }),
    async (ctx) => {
      const { id } = ctx.state.guard.params;
      const { body } = ctx.state.guard;
      // `id` and `tenantId` pass Logto's guard too; the emulator does not apply them (ids stay stable).
      const changes: Array<[column: string, value: unknown]> = [
        ['name', body.name],
        ['description', body.description],
        ['custom_data', body.customData],
        ['is_mfa_required', body.isMfaRequired],
        ['color', body.color],
        ['branding', body.branding],
        ['custom_css', body.customCss],
        ['created_at', body.createdAt === undefined ? undefined : Math.floor(body.createdAt)],
      ];
      const params: unknown[] = [];
      // JSON columns are replaced wholesale, like Logto's `jsonbMode: 'replace'`.
      const assignments = buildUpdateAssignments(changes, params);
      if (assignments.length === 0) {
        ctx.status = emptyUpdateResponse.status;
        ctx.body = emptyUpdateResponse.body;
        return;
      }
      params.push(id);
      const row = await withOrganizationErrors(async () =>
        db.one<OrganizationRow>(
          `update organizations set ${assignments.join(', ')} where id = $${params.length}
           returning ${organizationRowColumns()}`,
          params,
        ),
      );
      if (!row) {
        throw new RequestError({
          code: 'entity.not_exists',
          status: 404,
          values: { name: 'organization' },
        });
      }
      ctx.body = serializeOrganization(row);
    },
  );

  router.delete<GuardState<undefined, undefined, IdParams>>(
    '/organizations/:id',
    koaGuard({ params: idParams }),
    async (ctx) => {
      // Memberships, member roles and invitations go with it (`on delete cascade`).
      await deleteOrNotFound(db.pg, 'delete from organizations where id = $1 returning id', [
        ctx.state.guard.params.id,
      ]);
      ctx.status = 204;
    },
  );
};
