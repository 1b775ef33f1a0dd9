import { createHash } from 'node:crypto';

import type { EmulatorDeps } from '../deps.js';
import { pgErrorCode, pgErrorCodes, type Queryable } from '../db/database.js';
import { RequestError } from '../errors.js';
import { generateStandardShortId } from '../ids.js';
import { koaGuard, z, type GuardState } from '../middleware/guard.js';
import { koaPagination, type PaginationState } from '../middleware/pagination.js';
import { hashPassword, verifyPassword } from '../passwords.js';
import { deleteOrNotFound, findEntityById } from './entities.js';
import {
  defaultTenantId,
  organizationRowColumns,
  serializeOrganization,
  serializeUser,
  userRowColumns,
  type OrganizationRow,
  type UserRow,
} from './serialize.js';
import type { RouteModule } from './types.js';

/**
 * Users (CONTRACT.md section 5) and their global roles, after Logto's `routes/admin-user/*`,
 * `queries/user.ts` and `utils/search.ts`. Also home of the advanced search syntax (`search`, `mode`,
 * `joint`, `isCaseSensitive`) that the users, roles, resources and applications lists share.
 */

// MARK: Advanced search (Logto's `utils/search.ts`)

const searchMatchModes = ['exact', 'like', 'similar_to', 'posix'] as const;
type SearchMatchMode = (typeof searchMatchModes)[number];
const searchJointModes = ['and', 'or'] as const;
type SearchJointMode = (typeof searchJointModes)[number];

export type Search = {
  matches: Array<{ mode: SearchMatchMode; field: string | undefined; values: string[] }>;
  joint: SearchJointMode;
  isCaseSensitive: boolean;
};

/** What Logto raises as a `TypeError` for unusable search input; routes turn it into `request.invalid_input`. */
export class SearchInputError extends Error {}

const isOneOf = <T extends string>(values: readonly T[], value: string): value is T =>
  (values as readonly string[]).includes(value);

// Logto's `isTrue` (env-set/parameters.ts): exact, case-sensitive spellings.
const isTrue = (value: string) => ['1', 'true', 'y', 'yes', 'yep', 'yeah'].includes(value);

/** `search.foo` → `foo`, `search` → undefined; deeper paths are refused. */
function getSearchField(key: string): string | undefined {
  const path = key.split('.');
  if (path.length > 2) {
    throw new SearchInputError(
      `Unsupported nested search field path \`${path.slice(1).join('.')}\` detected. Only the first level field is supported.`,
    );
  }
  return path[1];
}

/**
 * Logto's `parseSearchParamsForSearch`: reads the raw query string (so keys like `search.primaryEmail` and
 * repeated values survive). Throws {@link SearchInputError} like Logto throws `TypeError`.
 */
export function parseSearchParams(params: URLSearchParams): Search {
  const jointValue = params.get('joint') ?? params.get('jointMode');
  let joint: SearchJointMode = 'or';
  if (jointValue) {
    if (!isOneOf(searchJointModes, jointValue)) {
      throw new SearchInputError(
        `Search joint mode \`${jointValue}\` is not valid, expect one of ${searchJointModes.join(', ')}.`,
      );
    }
    joint = jointValue;
  }
  const isCaseSensitive = isTrue(params.get('isCaseSensitive') ?? 'false');

  const matchModes = new Map<string | undefined, SearchMatchMode>();
  const matchValues = new Map<string | undefined, string[]>();
  for (const [key, value] of params.entries()) {
    if (key.startsWith('mode')) {
      const field = getSearchField(key);
      if (!isOneOf(searchMatchModes, value)) {
        throw new SearchInputError(
          `Search match mode \`${value}\`${field ? ` for field \`${field}\`` : ''} is not valid, expect one of ${searchMatchModes.join(', ')}.`,
        );
      }
      matchModes.set(field, value);
      continue;
    }
    if (key.startsWith('search')) {
      const field = getSearchField(key);
      matchValues.set(field, [...(matchValues.get(field) ?? []), value]);
    }
  }

  const matches: Search['matches'] = [];
  for (const [field, values] of matchValues) {
    const mode = matchModes.get(field) ?? matchModes.get(undefined) ?? 'like';
    if (mode === 'exact') {
      if (!values.every(Boolean)) throw new SearchInputError('Search value cannot be empty.');
    } else {
      if (values.length !== 1) {
        throw new SearchInputError(
          'Only one search value is allowed when search mode is not `exact`.',
        );
      }
      if (!values[0]) throw new SearchInputError('Search value cannot be empty.');
    }
    matches.push({ mode, field, values });
  }
  return { matches, joint, isCaseSensitive };
}

/** The `snake-case` package Logto uses on search field names (`primaryEmail` → `primary_email`). */
function snakeCase(input: string): string {
  return input
    .replaceAll(/([a-z0-9])([A-Z])/g, '$1\0$2')
    .replaceAll(/([A-Z])([A-Z][a-z])/g, '$1\0$2')
    .replaceAll(/[^A-Z0-9]+/gi, '\0')
    .split('\0')
    .filter(Boolean)
    .map((word) => word.toLowerCase())
    .join('_');
}

function matchOperator(mode: SearchMatchMode, isCaseSensitive: boolean): string {
  switch (mode) {
    case 'exact': {
      return '=';
    }
    case 'like': {
      return isCaseSensitive ? '~~' : '~~*';
    }
    case 'similar_to': {
      if (!isCaseSensitive)
        throw new SearchInputError('Cannot use case-insensitive match for `similar to`.');
      return 'similar to';
    }
    case 'posix': {
      return isCaseSensitive ? '~' : '~*';
    }
  }
}

/**
 * Logto's `buildConditionsFromSearch`: one parenthesised group per search key, OR-ed over `columns` for the
 * general key, joined with the joint mode. `like` adds no wildcards; `exact` lower-cases both sides unless
 * case-sensitive. Appends values to `params`; returns undefined when there is nothing to match. `columns`
 * are trusted snake_case identifiers; `alias` qualifies them.
 */
export function buildSearchConditions(
  search: Search,
  columns: readonly string[],
  params: unknown[],
  alias?: string,
): string | undefined {
  if (search.matches.length === 0) return undefined;
  const { joint, isCaseSensitive } = search;
  const conditions = search.matches.map(({ mode, field: rawField, values: rawValues }) => {
    const field = rawField ? snakeCase(rawField) : undefined;
    if (field && !columns.includes(field)) {
      throw new SearchInputError(
        `Search field \`${field}\` is not valid, expect one of ${columns.join(', ')}.`,
      );
    }
    const shouldLowercase = !isCaseSensitive && mode === 'exact';
    const values = shouldLowercase ? rawValues.map((value) => value.toLowerCase()) : rawValues;
    if (!values[0] || !values.every(Boolean)) {
      throw new SearchInputError(`Empty value found${field ? ` for field ${field}` : ''}.`);
    }
    const operator = matchOperator(mode, isCaseSensitive);
    params.push(values.length === 1 ? values[0] : values);
    const value = values.length === 1 ? `$${params.length}` : `any($${params.length}::varchar[])`;
    return `(${(field ? [field] : columns)
      .map((column) => {
        const qualified = alias ? `${alias}.${column}` : column;
        return `${shouldLowercase ? `lower(${qualified})` : qualified} ${operator} ${value}`;
      })
      .join(' or ')})`;
  });
  return `(${conditions.join(` ${joint} `)})`;
}

/**
 * Runs a list query that parses search input; Logto's `tryThat` turns the `TypeError` into 400
 * `request.invalid_input` whose `data` is the serialised error (an empty object).
 */
export async function withSearchErrors<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error: unknown) {
    if (error instanceof SearchInputError) {
      throw new RequestError({
        code: 'request.invalid_input',
        status: 400,
        values: { details: error.message },
        data: {},
      });
    }
    throw error;
  }
}

/** `where a and b` from the non-empty conditions, or an empty string. */
export const whereClause = (conditions: ReadonlyArray<string | undefined>) => {
  const present = conditions.filter((condition): condition is string => Boolean(condition));
  return present.length > 0 ? `where ${present.join(' and ')}` : '';
};

// MARK: Users

/** Logto's `userSearchKeys`, as columns. */
const userSearchColumns = ['id', 'primary_email', 'primary_phone', 'username', 'name'] as const;

/** A users row with what the profile response and password checks need on top of the user info. */
export type StoredUserRow = UserRow & {
  password_hash: string | null;
  password_encryption_method: string | null;
};

const storedUserColumns = (alias?: string) =>
  `${userRowColumns(alias)}, ${alias ? `${alias}.` : ''}password_hash, ${alias ? `${alias}.` : ''}password_encryption_method`;

/** Logto's `transpileUserProfileResponse`: the user info plus `hasPassword`. */
export function serializeUserProfile(row: StoredUserRow, { includePasswordHash = false } = {}) {
  return {
    ...serializeUser(row),
    hasPassword: Boolean(row.password_hash),
    // `passwordAlgorithm` is null for hashes the emulator made itself (see src/passwords.ts).
    ...(includePasswordHash && {
      passwordDigest: row.password_hash,
      passwordAlgorithm: row.password_encryption_method,
    }),
  };
}

/** `queries.users.findUserById` is a `pool.one`: a miss is 404 `entity.not_found`. */
export async function findUserRow(db: Queryable, userId: string): Promise<StoredUserRow> {
  const { rows } = await db.query<StoredUserRow>(
    `select ${storedUserColumns()} from users where id = $1`,
    [userId],
  );
  const [row] = rows;
  if (!row) throw new RequestError({ code: 'entity.not_found', status: 404 });
  return row;
}

// Logto's `@logto/core-kit` regular expressions.
const emailRegEx = /^\S+@\S+\.\S+$/;
const phoneRegEx = /^\d+$/;
const usernameRegEx = /^[A-Z_a-z]\w*$/;

const jsonObjectGuard = z.record(z.unknown());

const userProfileGuard = z
  .object({
    familyName: z.string(),
    givenName: z.string(),
    middleName: z.string(),
    nickname: z.string(),
    preferredUsername: z.string(),
    profile: z.string(),
    website: z.string(),
    gender: z.string(),
    birthdate: z.string(),
    zoneinfo: z.string(),
    locale: z.string(),
    address: z
      .object({
        formatted: z.string(),
        streetAddress: z.string(),
        locality: z.string(),
        region: z.string(),
        postalCode: z.string(),
        country: z.string(),
      })
      .partial(),
  })
  .partial();

const passwordAlgorithms = [
  'Argon2i',
  'Argon2id',
  'Argon2d',
  'SHA1',
  'SHA256',
  'MD5',
  'Bcrypt',
  'Legacy',
] as const;

// Key order follows Logto's guard: zod reports issues in this order.
const createUserGuard = z
  .object({
    primaryPhone: z.string().regex(phoneRegEx),
    primaryEmail: z.string().regex(emailRegEx),
    username: z.string().regex(usernameRegEx),
    password: z.string().min(1),
    passwordDigest: z.string().max(256),
    passwordAlgorithm: z.enum(passwordAlgorithms),
    name: z.string(),
    avatar: z.string().url().or(z.literal('')).nullable(),
    customData: jsonObjectGuard,
    profile: userProfileGuard,
  })
  .partial();

const updateUserGuard = z
  .object({
    username: z.string().regex(usernameRegEx).or(z.literal('')).nullable(),
    primaryEmail: z.string().regex(emailRegEx).or(z.literal('')).nullable(),
    primaryPhone: z.string().regex(phoneRegEx).or(z.literal('')).nullable(),
    name: z.string().or(z.literal('')).nullable(),
    avatar: z.string().url().or(z.literal('')).nullable(),
    customData: jsonObjectGuard,
    profile: userProfileGuard,
  })
  .partial();

const userIdParams = z.object({ userId: z.string() });
const userRoleParams = z.object({ userId: z.string(), roleId: z.string() });
const passwordBody = z.object({ password: z.string().min(1) });
const roleIdsBody = z.object({ roleIds: z.string().min(1).array() });

type UserIdentifiers = {
  username?: string | null;
  primaryEmail?: string | null;
  primaryPhone?: string | null;
};

/**
 * Logto's identifier checks (`hasUser`, `hasUserWithEmail`, `hasUserWithPhone`): usernames and phones
 * exactly (Logto's default `CASE_SENSITIVE_USERNAME`), emails case-insensitively. Empty values are not
 * checked. `order` is the order Logto asserts them in on that route.
 */
async function assertIdentifiersFree(
  db: Queryable,
  identifiers: UserIdentifiers,
  order: ReadonlyArray<keyof UserIdentifiers>,
  excludeUserId?: string,
) {
  const checks = {
    username: {
      sql: 'username = $1',
      code: 'user.username_already_in_use',
    },
    primaryEmail: {
      sql: 'lower(primary_email) = lower($1)',
      code: 'user.email_already_in_use',
    },
    primaryPhone: {
      sql: 'primary_phone = $1',
      code: 'user.phone_already_in_use',
    },
  } as const;
  for (const key of order) {
    const value = identifiers[key];
    if (!value) continue;
    const { sql, code } = checks[key];
    const { rows } = await db.query(`select 1 from users where ${sql} and id <> $2 limit 1`, [
      value,
      excludeUserId ?? '',
    ]);
    if (rows.length > 0) throw new RequestError({ code, status: 422 });
  }
}

/** A unique-index race the pre-checks could not see, reported the way the pre-check would have. */
function toUserWriteError(error: unknown): unknown {
  const code = pgErrorCode(error);
  if (code === pgErrorCodes.stringDataRightTruncation) {
    return new RequestError({ code: 'entity.value_too_long', status: 422 });
  }
  if (code !== pgErrorCodes.uniqueViolation) return error;
  const constraint =
    typeof error === 'object' &&
    error !== null &&
    'constraint' in error &&
    typeof error.constraint === 'string'
      ? error.constraint
      : '';
  if (constraint.includes('email'))
    return new RequestError({ code: 'user.email_already_in_use', status: 422 });
  if (constraint.includes('phone'))
    return new RequestError({ code: 'user.phone_already_in_use', status: 422 });
  if (constraint.includes('username')) {
    return new RequestError({ code: 'user.username_already_in_use', status: 422 });
  }
  return error;
}

/**
 * Logto's `verifyUserPassword`: 422 `session.invalid_credentials` unless the password matches. Digests
 * imported with MD5/SHA1/SHA256 are compared as lower-case hex and then re-hashed with the emulator's own
 * algorithm (Logto migrates them to Argon2i). Bcrypt, Argon2 and Legacy digests cannot be checked here.
 */
async function verifyUserPassword(db: Queryable, user: StoredUserRow, password: string) {
  const invalid = new RequestError({ code: 'session.invalid_credentials', status: 422 });
  const { password_hash: hash, password_encryption_method: method } = user;
  if (!hash) throw invalid;
  if (method === null) {
    if (!(await verifyPassword(password, hash))) throw invalid;
    return;
  }
  const digestAlgorithms: Record<string, string> = { MD5: 'md5', SHA1: 'sha1', SHA256: 'sha256' };
  const algorithm = digestAlgorithms[method];
  if (!algorithm || createHash(algorithm).update(password).digest('hex') !== hash) throw invalid;
  await db.query(
    'update users set password_hash = $2, password_encryption_method = null, updated_at = $3 where id = $1',
    [user.id, await hashPassword(password), Date.now()],
  );
}

// MARK: Global roles (shared with roles.ts and applications.ts)

export type RoleType = 'User' | 'MachineToMachine';

export type RoleRow = {
  id: string;
  name: string;
  description: string;
  type: RoleType;
  is_default: boolean;
};

export const roleColumns = (alias?: string) =>
  ['id', 'name', 'description', 'type', 'is_default']
    .map((column) => (alias ? `${alias}.${column}` : column))
    .join(', ');

/** Logto's `Role`. */
export function serializeRole(row: RoleRow) {
  return {
    tenantId: defaultTenantId,
    id: row.id,
    name: row.name,
    description: row.description,
    type: row.type,
    isDefault: row.is_default,
  };
}

/** `queries.roles.findRoleById` (`buildFindEntityById`): a miss is 404 `entity.not_exists_with_id`. */
export const findRoleRow = (db: Queryable, roleId: string) =>
  findEntityById<RoleRow>(db, 'roles', roleColumns(), roleId);

/** Logto's role search fields. */
export const roleSearchColumns = ['id', 'name', 'description'] as const;

/**
 * Logto's `countRoles`/`findRoles` for a fixed set of role ids (`roleIds`) of one type, with search, in
 * storage order, paginated.
 */
export async function findRolesPage(
  db: Queryable,
  search: Search,
  filter: { roleIds: string[]; type: RoleType },
  page: { limit: number; offset: number },
) {
  const params: unknown[] = [filter.roleIds, filter.type];
  const where = whereClause([
    'id = any($1::varchar[])',
    'type = $2',
    buildSearchConditions(search, roleSearchColumns, params),
  ]);
  const { rows: count } = await db.query<{ count: number }>(
    `select count(*)::int as count from roles ${where}`,
    params,
  );
  const { rows } = await db.query<RoleRow>(
    `select ${roleColumns()} from roles ${where} order by seq
     limit $${params.length + 1} offset $${params.length + 2}`,
    [...params, page.limit, page.offset],
  );
  return { totalCount: count[0]?.count ?? 0, roles: rows.map(serializeRole) };
}

// MARK: Helpers

// @silverhand/essentials' `yes`.
const yes = (value: string) =>
  ['1', 'true', 'y', 'yes', 'yep', 'yeah'].includes(value.toLowerCase());

/** Logto's `generateUserId`: a 12-character id not taken yet. */
async function generateUserId(db: Queryable): Promise<string> {
  for (let attempt = 0; attempt < 500; attempt += 1) {
    const id = generateStandardShortId();
    const { rows } = await db.query('select 1 from users where id = $1', [id]);
    if (rows.length === 0) return id;
  }
  throw new Error('Cannot generate user ID in reasonable retries');
}

/** Updates the given (defined) columns and `updated_at` (Logto's trigger), returning the new row. */
async function updateUserColumns(
  db: Queryable,
  userId: string,
  columns: Record<string, unknown>,
): Promise<StoredUserRow> {
  const entries = Object.entries(columns).filter(([, value]) => value !== undefined);
  const params: unknown[] = [userId, Date.now()];
  const assignments = entries.map(([column, value]) => {
    params.push(value);
    return `${column} = $${params.length}`;
  });
  // Logto's empty update is an SQL error; the emulator returns the user unchanged instead.
  const set = entries.length > 0 ? [...assignments, 'updated_at = $2'].join(', ') : 'id = id';
  const { rows } = await db.query<StoredUserRow>(
    `update users set ${set} where id = $1 returning ${storedUserColumns()}`,
    params,
  );
  const [row] = rows;
  if (!row)
    throw new RequestError({ code: 'entity.not_exists', status: 404, values: { name: 'user' } });
  return row;
}

async function findUserRoleIds(db: Queryable, userId: string): Promise<Set<string>> {
  const { rows } = await db.query<{ role_id: string }>(
    'select role_id from users_roles where user_id = $1',
    [userId],
  );
  return new Set(rows.map(({ role_id }) => role_id));
}

// MARK: Routes

type UserListQuery = {
  search: Search;
  excludeRoleId: string | null;
  excludeOrganizationId: string | null;
};

async function findUsersPage(
  db: Queryable,
  query: UserListQuery,
  page: { limit: number; offset: number },
) {
  const params: unknown[] = [];
  const relation = (() => {
    if (query.excludeRoleId) {
      params.push(query.excludeRoleId);
      return `not exists (select 1 from users_roles r where r.role_id = $${params.length} and r.user_id = users.id)`;
    }
    if (query.excludeOrganizationId) {
      params.push(query.excludeOrganizationId);
      return `not exists (select 1 from organization_user_relations r where r.organization_id = $${params.length} and r.user_id = users.id)`;
    }
    return undefined;
  })();
  const where = whereClause([
    relation,
    buildSearchConditions(query.search, userSearchColumns, params, 'users'),
  ]);
  const countParams = [...params];
  params.push(page.limit, page.offset);
  const { rows: countRows } = await db.query<{ count: number }>(
    `select count(*)::int as count from users ${where}`,
    countParams,
  );
  const { rows } = await db.query<StoredUserRow>(
    `select ${storedUserColumns('users')} from users ${where}
     order by users.created_at desc, users.seq desc limit $${params.length - 1} offset $${params.length}`,
    params,
  );
  return { totalCount: countRows[0]?.count ?? 0, rows };
}

type UserOrganizationRow = OrganizationRow & {
  organization_roles: Array<{ id: string; name: string }>;
};

export const userRoutes: RouteModule = (router, deps: EmulatorDeps) => {
  const { db } = deps;

  router.get<PaginationState>('/users', koaPagination(), async (ctx) => {
    const { limit, offset } = ctx.state.pagination;
    const { searchParams } = ctx.request.URL;
    const excludeRoleId = searchParams.get('excludeRoleId');
    const excludeOrganizationId = searchParams.get('excludeOrganizationId');
    const includePasswordHash = isTrue(searchParams.get('includePasswordHash') ?? 'false');

    await withSearchErrors(async () => {
      // Logto 1.42 (`admin-user/search.ts`) answers this combination with 422.
      if (excludeRoleId && excludeOrganizationId) {
        throw new RequestError({
          code: 'request.invalid_input',
          status: 422,
          values: {
            details:
              'Parameter `excludeRoleId` and `excludeOrganizationId` cannot be used at the same time.',
          },
        });
      }
      const search = parseSearchParams(searchParams);
      const { totalCount, rows } = await findUsersPage(
        db.pg,
        { search, excludeRoleId, excludeOrganizationId },
        { limit, offset },
      );
      ctx.state.pagination.totalCount = totalCount;
      ctx.body = rows.map((row) => serializeUserProfile(row, { includePasswordHash }));
    });
  });

  router.post<GuardState<undefined, z.infer<typeof createUserGuard>, undefined>>(
    '/users',
    koaGuard({ body: createUserGuard }),
    async (ctx) => {
      const { password, passwordDigest, passwordAlgorithm, customData, profile, ...identity } =
        ctx.state.guard.body;

      if (password && passwordDigest) {
        throw new RequestError({ code: 'user.password_and_digest', status: 400 });
      }
      if (passwordDigest && !passwordAlgorithm) {
        throw new RequestError({ code: 'user.password_algorithm_required', status: 400 });
      }

      // Hashing is slow; do it before taking the database lock so concurrent creations interleave.
      const passwordColumns = password
        ? { hash: await hashPassword(password), method: null }
        : passwordDigest
          ? { hash: passwordDigest, method: passwordAlgorithm ?? null }
          : { hash: null, method: null };

      const user = await db
        .transaction(async (tx) => {
          await assertIdentifiersFree(tx, identity, ['username', 'primaryEmail', 'primaryPhone']);
          const now = Date.now();
          const id = await generateUserId(tx);
          const { rows } = await tx.query<StoredUserRow>(
            `insert into users (id, username, primary_email, primary_phone, password_hash, password_encryption_method,
                                name, avatar, custom_data, profile, created_at, updated_at)
             values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $11)
             returning ${storedUserColumns()}`,
            [
              id,
              identity.username ?? null,
              identity.primaryEmail ?? null,
              identity.primaryPhone ?? null,
              passwordColumns.hash,
              passwordColumns.method,
              identity.name ?? null,
              identity.avatar ?? null,
              customData ?? {},
              profile ?? {},
              now,
            ],
          );
          // Logto's `insertUser` gives every new user the tenant's default (User-type) roles.
          await tx.query(
            `insert into users_roles (user_id, role_id)
             select $1, id from roles where is_default = true and type = 'User' on conflict do nothing`,
            [id],
          );
          return rows[0];
        })
        .catch((error: unknown) => {
          throw toUserWriteError(error);
        });
      if (!user) throw new Error('The user insert returned no row');

      // Logto answers 200 here, not 201 (samples/18).
      ctx.body = serializeUserProfile(user);
    },
  );

  router.get<
    GuardState<{ includeSsoIdentities?: string }, undefined, z.infer<typeof userIdParams>>
  >(
    '/users/:userId',
    koaGuard({
      params: userIdParams,
      query: z.object({ includeSsoIdentities: z.string().optional() }),
    }),
    async (ctx) => {
      const user = await findUserRow(db.pg, ctx.state.guard.params.userId);
      const { includeSsoIdentities = 'false' } = ctx.state.guard.query;
      // The emulator has no enterprise SSO, so a user's SSO identities are always empty.
      ctx.body = {
        ...serializeUserProfile(user),
        ...(yes(includeSsoIdentities) && { ssoIdentities: [] }),
      };
    },
  );

  router.patch<
    GuardState<undefined, z.infer<typeof updateUserGuard>, z.infer<typeof userIdParams>>
  >('/users/:userId', koaGuard({ params: userIdParams, body: updateUserGuard }), async (ctx) => {
    const { userId } = ctx.state.guard.params;
    const body = ctx.state.guard.body;
    const user = await db
      .transaction(async (tx) => {
        await findUserRow(tx, userId);
        // `checkIdentifierCollision` checks email, then phone, then username.
        await assertIdentifiersFree(tx, body, ['primaryEmail', 'primaryPhone', 'username'], userId);
        const columns = {
          username: body.username,
          primary_email: body.primaryEmail,
          primary_phone: body.primaryPhone,
          name: body.name,
          avatar: body.avatar,
          // JSON columns are replaced, not merged (`updateUserById(..., 'replace')`).
          custom_data: body.customData,
          profile: body.profile,
        };
        return updateUserColumns(tx, userId, columns);
      })
      .catch((error: unknown) => {
        throw toUserWriteError(error);
      });
    ctx.body = serializeUserProfile(user);
  });

  router.delete<GuardState<undefined, undefined, z.infer<typeof userIdParams>>>(
    '/users/:userId',
    koaGuard({ params: userIdParams }),
    async (ctx) => {
      const { userId } = ctx.state.guard.params;
      await db.transaction(async (tx) => {
        await findUserRow(tx, userId);
        // Logto's `signOutUser`: the user's sessions, grants and tokens go with the user.
        await tx.query("delete from oidc_model_instances where payload->>'accountId' = $1", [
          userId,
        ]);
        await tx.query('delete from users where id = $1', [userId]);
      });
      ctx.status = 204;
    },
  );

  router.patch<GuardState<undefined, z.infer<typeof passwordBody>, z.infer<typeof userIdParams>>>(
    '/users/:userId/password',
    koaGuard({ params: userIdParams, body: passwordBody }),
    async (ctx) => {
      const { userId } = ctx.state.guard.params;
      await findUserRow(db.pg, userId);
      const hash = await hashPassword(ctx.state.guard.body.password);
      const { rows } = await db.pg.query<StoredUserRow>(
        `update users set password_hash = $2, password_encryption_method = null, updated_at = $3 where id = $1
         returning ${storedUserColumns()}`,
        [userId, hash, Date.now()],
      );
      const [user] = rows;
      if (!user)
        throw new RequestError({
          code: 'entity.not_exists',
          status: 404,
          values: { name: 'user' },
        });
      ctx.body = serializeUserProfile(user);
    },
  );

  router.post<GuardState<undefined, z.infer<typeof passwordBody>, z.infer<typeof userIdParams>>>(
    '/users/:userId/password/verify',
    koaGuard({ params: userIdParams, body: passwordBody }),
    async (ctx) => {
      const user = await findUserRow(db.pg, ctx.state.guard.params.userId);
      await verifyUserPassword(db.pg, user, ctx.state.guard.body.password);
      ctx.status = 204;
    },
  );

  router.get<GuardState<undefined, undefined, z.infer<typeof userIdParams>>>(
    '/users/:userId/has-password',
    koaGuard({ params: userIdParams }),
    async (ctx) => {
      const user = await findUserRow(db.pg, ctx.state.guard.params.userId);
      ctx.body = { hasPassword: Boolean(user.password_hash) };
    },
  );

  router.get<GuardState<undefined, undefined, z.infer<typeof userIdParams>>>(
    '/users/:userId/custom-data',
    koaGuard({ params: userIdParams }),
    async (ctx) => {
      ctx.body = (await findUserRow(db.pg, ctx.state.guard.params.userId)).custom_data;
    },
  );

  const customDataBody = z.object({ customData: jsonObjectGuard });
  router.patch<GuardState<undefined, z.infer<typeof customDataBody>, z.infer<typeof userIdParams>>>(
    '/users/:userId/custom-data',
    koaGuard({ params: userIdParams, body: customDataBody }),
    async (ctx) => {
      const { userId } = ctx.state.guard.params;
      await findUserRow(db.pg, userId);
      // Logto's default update mode here is `merge` (shallow, jsonb `||`).
      const { rows } = await db.pg.query<{ custom_data: Record<string, unknown> }>(
        `update users set custom_data = custom_data || $2::jsonb, updated_at = $3 where id = $1 returning custom_data`,
        [userId, ctx.state.guard.body.customData, Date.now()],
      );
      ctx.body = rows[0]?.custom_data ?? {};
    },
  );

  const profileBody = z.object({ profile: userProfileGuard });
  router.patch<GuardState<undefined, z.infer<typeof profileBody>, z.infer<typeof userIdParams>>>(
    '/users/:userId/profile',
    koaGuard({ params: userIdParams, body: profileBody }),
    async (ctx) => {
      const { userId } = ctx.state.guard.params;
      await findUserRow(db.pg, userId);
      const { rows } = await db.pg.query<{ profile: Record<string, unknown> }>(
        `update users set profile = profile || $2::jsonb, updated_at = $3 where id = $1 returning profile`,
        [userId, ctx.state.guard.body.profile, Date.now()],
      );
      ctx.body = rows[0]?.profile ?? {};
    },
  );

  const suspensionBody = z.object({ isSuspended: z.boolean() });
  router.patch<GuardState<undefined, z.infer<typeof suspensionBody>, z.infer<typeof userIdParams>>>(
    '/users/:userId/is-suspended',
    koaGuard({ params: userIdParams, body: suspensionBody }),
    async (ctx) => {
      const { userId } = ctx.state.guard.params;
      const { isSuspended } = ctx.state.guard.body;
      const user = await db.transaction(async (tx) => {
        await findUserRow(tx, userId);
        const updated = await updateUserColumns(tx, userId, { is_suspended: isSuspended });
        if (isSuspended) {
          await tx.query("delete from oidc_model_instances where payload->>'accountId' = $1", [
            userId,
          ]);
        }
        return updated;
      });
      ctx.body = serializeUserProfile(user);
    },
  );

  router.get<GuardState<undefined, undefined, z.infer<typeof userIdParams>>>(
    '/users/:userId/organizations',
    koaGuard({ params: userIdParams }),
    async (ctx) => {
      const { userId } = ctx.state.guard.params;
      await findUserRow(db.pg, userId);
      // Not paginated; each organization carries the user's roles in it, sorted by name (samples/30).
      const { rows } = await db.pg.query<UserOrganizationRow>(
        `select ${organizationRowColumns('o')},
                coalesce(
                  (select json_agg(json_build_object('id', r.id, 'name', r.name) order by r.name)
                   from organization_role_user_relations rel
                   join organization_roles r on r.id = rel.organization_role_id
                   where rel.organization_id = o.id and rel.user_id = m.user_id),
                  '[]'::json) as organization_roles
         from organization_user_relations m
         join organizations o on o.id = m.organization_id
         where m.user_id = $1
         order by o.id`,
        [userId],
      );
      ctx.body = rows.map((row) => ({
        ...serializeOrganization(row),
        organizationRoles: row.organization_roles,
      }));
    },
  );

  router.get<GuardState<undefined, undefined, z.infer<typeof userIdParams>> & PaginationState>(
    '/users/:userId/roles',
    koaPagination(),
    koaGuard({ params: userIdParams }),
    async (ctx) => {
      const { userId } = ctx.state.guard.params;
      const { limit, offset } = ctx.state.pagination;
      await findUserRow(db.pg, userId);
      await withSearchErrors(async () => {
        const search = parseSearchParams(ctx.request.URL.searchParams);
        const { rows } = await db.pg.query<{ role_id: string }>(
          'select role_id from users_roles where user_id = $1',
          [userId],
        );
        const { totalCount, roles } = await findRolesPage(
          db.pg,
          search,
          { roleIds: rows.map(({ role_id }) => role_id), type: 'User' },
          { limit, offset },
        );
        ctx.state.pagination.totalCount = totalCount;
        ctx.body = roles;
      });
    },
  );

  router.post<GuardState<undefined, z.infer<typeof roleIdsBody>, z.infer<typeof userIdParams>>>(
    '/users/:userId/roles',
    koaGuard({ params: userIdParams, body: roleIdsBody }),
    async (ctx) => {
      const { userId } = ctx.state.guard.params;
      const { roleIds } = ctx.state.guard.body;
      await db.transaction(async (tx) => {
        await findUserRow(tx, userId);
        const existing = await findUserRoleIds(tx, userId);
        // Roles the user already has are ignored.
        const roleIdsToAdd = [...new Set(roleIds)].filter((id) => !existing.has(id));
        const { rows: roles } = await tx.query<RoleRow>(
          `select ${roleColumns()} from roles where id = any($1::varchar[])`,
          [roleIdsToAdd],
        );
        const machineRole = roles.find(({ type }) => type !== 'User');
        if (machineRole) throw new RequestError({ code: 'user.invalid_role_type', status: 422 });
        for (const roleId of roleIdsToAdd) await findRoleRow(tx, roleId);
        await insertUserRoles(
          tx,
          roleIdsToAdd.map((roleId) => ({ userId, roleId })),
        );
      });
      ctx.status = 201;
    },
  );

  router.put<GuardState<undefined, z.infer<typeof roleIdsBody>, z.infer<typeof userIdParams>>>(
    '/users/:userId/roles',
    koaGuard({ params: userIdParams, body: roleIdsBody }),
    async (ctx) => {
      const { userId } = ctx.state.guard.params;
      const roleIds = [...new Set(ctx.state.guard.body.roleIds)];
      await db.transaction(async (tx) => {
        await findUserRow(tx, userId);
        const existing = await findUserRoleIds(tx, userId);
        const roleIdsToAdd = roleIds.filter((id) => !existing.has(id));
        for (const roleId of roleIdsToAdd) await findRoleRow(tx, roleId);
        await tx.query(
          'delete from users_roles where user_id = $1 and not (role_id = any($2::varchar[]))',
          [userId, roleIds],
        );
        // Logto has no type check on this route; the `users_roles` CHECK constraint refuses machine roles.
        await insertUserRoles(
          tx,
          roleIdsToAdd.map((roleId) => ({ userId, roleId })),
        );
      });
      // Logto sets 200 without a body (Koa then answers "OK").
      ctx.status = 200;
    },
  );

  router.delete<GuardState<undefined, undefined, z.infer<typeof userRoleParams>>>(
    '/users/:userId/roles/:roleId',
    koaGuard({ params: userRoleParams }),
    async (ctx) => {
      const { userId, roleId } = ctx.state.guard.params;
      await deleteOrNotFound(
        db.pg,
        'delete from users_roles where user_id = $1 and role_id = $2 returning 1',
        [userId, roleId],
      );
      ctx.status = 204;
    },
  );
};

/**
 * Inserts user-role relations (existing pairs are kept). Logto's `users_roles` has a CHECK that the role is
 * a `User` role (`check_role_type`), which surfaces as 422 `entity.db_constraint_violated`.
 */
export async function insertUserRoles(
  db: Queryable,
  pairs: ReadonlyArray<{ userId: string; roleId: string }>,
) {
  if (pairs.length === 0) return;
  const roleIds = [...new Set(pairs.map((pair) => pair.roleId))];
  const { rows } = await db.query(
    "select 1 from roles where id = any($1::varchar[]) and type <> 'User'",
    [roleIds],
  );
  if (rows.length > 0)
    throw new RequestError({ code: 'entity.db_constraint_violated', status: 422 });
  await db.query(
    `insert into users_roles (user_id, role_id)
     select * from unnest($1::varchar[], $2::varchar[]) on conflict do nothing`,
    [pairs.map((pair) => pair.userId), pairs.map((pair) => pair.roleId)],
  );
}
