import type { Transaction } from '@electric-sql/pglite';

import { generateStandardShortId } from '../ids.js';
import { z } from '../middleware/guard.js';
import { organizationSchemaRoutes } from './organization-relations.js';
import { searchQuery } from './schema-router.js';
import { serializeOrganization } from './serialize.js';
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

const listQuery = searchQuery.extend({ showFeatured: z.string().optional() });

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

/**
 * Organizations (CONTRACT.md 1): CRUD and the paginated, searchable list. Declared in Logto's order: its
 * `SchemaRouter` adds POST and the `/:id` routes, then the organization router its own GET list
 * (`Allow: POST, HEAD, GET` on `/organizations`).
 */
export const organizationRoutes: RouteModule = (router, { db }) => {
  const organizations = organizationSchemaRoutes(router, db);

  organizations.create({
    body: createBody,
    values: (body) => ({
      id: generateStandardShortId(),
      name: body.name,
      description: body.description ?? null,
      custom_data: body.customData ?? {},
      is_mfa_required: body.isMfaRequired ?? false,
      color: body.color ?? {},
      branding: body.branding ?? {},
      custom_css: body.customCss ?? null,
      // Logto stores a caller-given `createdAt` (a timestamptz, so whole milliseconds).
      created_at: body.createdAt === undefined ? Date.now() : Math.floor(body.createdAt),
    }),
  });

  organizations.getById();

  // `id` and `tenantId` pass Logto's guard too; the emulator does not apply them (ids stay stable).
  organizations.patchById({
    body: updateBody,
    changes: (body) => [
      ['name', body.name],
      ['description', body.description],
      ['custom_data', body.customData],
      ['is_mfa_required', body.isMfaRequired],
      ['color', body.color],
      ['branding', body.branding],
      ['custom_css', body.customCss],
      ['created_at', body.createdAt === undefined ? undefined : Math.floor(body.createdAt)],
    ],
  });

  // Memberships, member roles and invitations go with it (`on delete cascade`).
  organizations.deleteById();

  // Logto has no ORDER BY here; its (tenant_id, id) index scan yields id order (samples/04-06).
  organizations.list({
    query: listQuery,
    search: ['id', 'name'],
    orderBy: 'id',
    serializeList: async (rows, tx, { showFeatured }) => {
      const featured = yes(showFeatured)
        ? await findFeatured(
            tx,
            rows.map(({ id }) => id),
          )
        : undefined;
      return rows.map((row) => {
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
  });
};
