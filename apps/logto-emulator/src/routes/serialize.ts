import { pgErrorCode, pgErrorCodes } from '../db/database.js';
import { RequestError } from '../errors.js';

/** Logto OSS has one tenant; every entity it returns carries this id. */
export const defaultTenantId = 'default';

/** Times are stored as bigint epoch milliseconds; PGlite hands them back as numbers (or bigints). */
type EpochColumn = number | bigint | string;

const toEpoch = (value: EpochColumn) => Number(value);
const toOptionalEpoch = (value: EpochColumn | null) => (value === null ? null : Number(value));

// MARK: Users

/** A `users` row restricted to the columns of Logto's `userInfoSelectFields`. */
export type UserRow = {
  id: string;
  username: string | null;
  primary_email: string | null;
  primary_phone: string | null;
  name: string | null;
  avatar: string | null;
  custom_data: Record<string, unknown>;
  identities: Record<string, unknown>;
  last_sign_in_at: EpochColumn | null;
  created_at: EpochColumn;
  updated_at: EpochColumn;
  profile: Record<string, unknown>;
  application_id: string | null;
  is_suspended: boolean;
};

const userColumns = [
  'id',
  'username',
  'primary_email',
  'primary_phone',
  'name',
  'avatar',
  'custom_data',
  'identities',
  'last_sign_in_at',
  'created_at',
  'updated_at',
  'profile',
  'application_id',
  'is_suspended',
] as const satisfies ReadonlyArray<keyof UserRow>;

/** The select list for a {@link UserRow}, optionally qualified with a table alias (`u.id, u.username, ...`). */
export const userRowColumns = (alias?: string) =>
  userColumns.map((column) => (alias ? `${alias}.${column}` : column)).join(', ');

/**
 * Logto's user info (`userInfoSelectFields`) in its field order, without `hasPassword` (which only the
 * `/users` endpoints add). `cimdClientId` has no storage here: the emulator never creates CIMD clients.
 */
export function serializeUser(row: UserRow) {
  return {
    id: row.id,
    username: row.username,
    primaryEmail: row.primary_email,
    primaryPhone: row.primary_phone,
    name: row.name,
    avatar: row.avatar,
    customData: row.custom_data,
    identities: row.identities,
    lastSignInAt: toOptionalEpoch(row.last_sign_in_at),
    createdAt: toEpoch(row.created_at),
    updatedAt: toEpoch(row.updated_at),
    profile: row.profile,
    applicationId: row.application_id,
    cimdClientId: null,
    isSuspended: row.is_suspended,
  };
}

export type SerializedUser = ReturnType<typeof serializeUser>;

// MARK: Organizations

export type OrganizationRow = {
  id: string;
  name: string;
  description: string | null;
  custom_data: Record<string, unknown>;
  is_mfa_required: boolean;
  color: Record<string, unknown>;
  branding: Record<string, unknown>;
  custom_css: string | null;
  created_at: EpochColumn;
};

export const organizationRowColumns = (alias?: string) =>
  [
    'id',
    'name',
    'description',
    'custom_data',
    'is_mfa_required',
    'color',
    'branding',
    'custom_css',
    'created_at',
  ]
    .map((column) => (alias ? `${alias}.${column}` : column))
    .join(', ');

/** Logto's `Organization` (hidden `isTrustedDeviceAllowed` left out, as with dev features off). */
export function serializeOrganization(row: OrganizationRow) {
  return {
    tenantId: defaultTenantId,
    id: row.id,
    name: row.name,
    description: row.description,
    customData: row.custom_data,
    isMfaRequired: row.is_mfa_required,
    color: row.color,
    branding: row.branding,
    customCss: row.custom_css,
    createdAt: toEpoch(row.created_at),
  };
}

export type SerializedOrganization = ReturnType<typeof serializeOrganization>;

// MARK: Organization template

export type OrganizationRoleRow = {
  id: string;
  name: string;
  description: string | null;
  type: 'User' | 'MachineToMachine';
};

export const organizationRoleRowColumns = (alias?: string) =>
  ['id', 'name', 'description', 'type']
    .map((column) => (alias ? `${alias}.${column}` : column))
    .join(', ');

export function serializeOrganizationRole(row: OrganizationRoleRow) {
  return {
    tenantId: defaultTenantId,
    id: row.id,
    name: row.name,
    description: row.description,
    type: row.type,
  };
}

export type OrganizationScopeRow = { id: string; name: string; description: string | null };

export const organizationScopeRowColumns = (alias?: string) =>
  ['id', 'name', 'description'].map((column) => (alias ? `${alias}.${column}` : column)).join(', ');

export function serializeOrganizationScope(row: OrganizationScopeRow) {
  return { tenantId: defaultTenantId, id: row.id, name: row.name, description: row.description };
}

/** An API resource scope (`scopes` table) as Logto's `Scope`. */
export type ResourceScopeRow = {
  id: string;
  resource_id: string;
  name: string;
  description: string | null;
  created_at: EpochColumn;
};

export const resourceScopeRowColumns = (alias?: string) =>
  ['id', 'resource_id', 'name', 'description', 'created_at']
    .map((column) => (alias ? `${alias}.${column}` : column))
    .join(', ');

export function serializeResourceScope(row: ResourceScopeRow) {
  return {
    tenantId: defaultTenantId,
    id: row.id,
    resourceId: row.resource_id,
    name: row.name,
    description: row.description,
    createdAt: toEpoch(row.created_at),
  };
}

// MARK: Simple search (`q`)

/**
 * Logto's `parseSearchOptions` + `buildSearchSql` (CONTRACT.md 0.5): `column ILIKE '%q%'` OR-ed over fixed
 * columns. `%` and `_` in `q` keep their LIKE meaning, as in Logto. An empty or absent `q` means no filter.
 *
 * Appends the pattern to `params` and returns the parenthesised condition, or `undefined` when there is
 * nothing to filter. `columns` must be trusted identifiers (they are inlined).
 */
export function buildSearchCondition(
  q: string | undefined,
  columns: readonly string[],
  params: unknown[],
): string | undefined {
  if (!q || columns.length === 0) return undefined;
  params.push(`%${q}%`);
  const placeholder = `$${params.length}`;
  return `(${columns.map((column) => `${column} ilike ${placeholder}`).join(' or ')})`;
}

// MARK: Updates

/**
 * The `set` list of a PATCH from `[column, value]` pairs, skipping `undefined` values as Logto's `updateWhere`
 * does; values are appended to `params`. An empty result means Logto would send an empty `set` list.
 */
export function buildUpdateAssignments(
  changes: ReadonlyArray<readonly [column: string, value: unknown]>,
  params: unknown[],
): string[] {
  const assignments: string[] = [];
  for (const [column, value] of changes) {
    if (value === undefined) continue;
    params.push(value);
    assignments.push(`${column} = $${params.length}`);
  }
  return assignments;
}

/** What Logto answers to a PATCH without any field: its `update ... set  where` fails in SQL, a bare 500. */
export const emptyUpdateResponse = {
  status: 500,
  body: { message: 'Internal server error.' },
} as const;

// MARK: Database errors in organization routers

/**
 * The error mapping of Logto's organization routers (`routes/organization/utils.ts` plus the generic Slonik
 * handler): constraint violations become 422s. Anything else is returned unchanged.
 */
export function toOrganizationRequestError(error: unknown): unknown {
  switch (pgErrorCode(error)) {
    case pgErrorCodes.uniqueViolation: {
      return new RequestError({ code: 'entity.unique_integrity_violation', status: 422 });
    }
    case pgErrorCodes.foreignKeyViolation: {
      return new RequestError({ code: 'entity.relation_foreign_key_not_found', status: 422 });
    }
    case pgErrorCodes.checkViolation: {
      return new RequestError({ code: 'entity.db_constraint_violated', status: 422 });
    }
    case pgErrorCodes.stringDataRightTruncation: {
      return new RequestError({ code: 'entity.value_too_long', status: 422 });
    }
    default: {
      return error;
    }
  }
}

/** Runs a database write and rethrows constraint violations as Logto's organization-router errors. */
export async function withOrganizationErrors<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error: unknown) {
    throw toOrganizationRequestError(error);
  }
}
