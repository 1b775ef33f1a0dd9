import type { Database } from '../db/database.js';

/** Logto's reserved resource for the organization template (RFC 0001); the SDK adds it for organization scopes. */
export const organizationResource = 'urn:logto:resource:organizations';
/** The access token TTL of reserved resources and organization tokens. */
export const reservedResourceAccessTokenTtl = 3600;

export const buildOrganizationUrn = (organizationId: string) =>
  `urn:logto:organization:${organizationId}`;

/** An API resource by indicator (reserved resources included), or undefined when none is registered. */
export async function findResource(
  db: Database,
  indicator: string,
): Promise<{ indicator: string; accessTokenTtl: number } | undefined> {
  if (indicator === organizationResource) {
    return { indicator, accessTokenTtl: reservedResourceAccessTokenTtl };
  }
  const row = await db.one<{ indicator: string; access_token_ttl: number | string }>(
    'select indicator, access_token_ttl from resources where indicator = $1',
    [indicator],
  );
  return row && { indicator: row.indicator, accessTokenTtl: Number(row.access_token_ttl) };
}

/** The indicator of the tenant's default API resource (used when a request names none), if any. */
export async function findDefaultResourceIndicator(db: Database): Promise<string | undefined> {
  const row = await db.one<{ indicator: string }>(
    'select indicator from resources where is_default limit 1',
  );
  return row?.indicator;
}

const scopeNames = (rows: Array<{ name: string }>) => rows.map(({ name }) => name);

/**
 * Logto's `findResourceScopes` for a user: the resource's scopes the user holds through global roles, plus
 * those granted by organization roles — of one organization when `organizationId` is given, else of all of
 * the user's organizations (Logto's `findFromOrganizations`).
 */
export async function findUserResourceScopes(
  db: Database,
  {
    userId,
    indicator,
    organizationId,
  }: { userId: string; indicator: string; organizationId?: string },
): Promise<string[]> {
  if (indicator === organizationResource) return findAllOrganizationScopes(db);
  const rows = await db.query<{ name: string }>(
    `select s.name from scopes s
     join resources r on r.id = s.resource_id
     where r.indicator = $2 and (
       s.id in (select rs.scope_id from roles_scopes rs
                join users_roles ur on ur.role_id = rs.role_id
                where ur.user_id = $1)
       or s.id in (select rr.scope_id from organization_role_resource_scope_relations rr
                   join organization_role_user_relations ru on ru.organization_role_id = rr.organization_role_id
                   where ru.user_id = $1 and ($3::varchar is null or ru.organization_id = $3))
     )
     order by s.created_at, s.name`,
    [userId, indicator, organizationId ?? null],
  );
  return scopeNames(rows);
}

/** The resource's scopes a machine-to-machine app holds through its roles. */
export async function findApplicationResourceScopes(
  db: Database,
  { applicationId, indicator }: { applicationId: string; indicator: string },
): Promise<string[]> {
  if (indicator === organizationResource) return findAllOrganizationScopes(db);
  const rows = await db.query<{ name: string }>(
    `select distinct s.name, s.created_at from scopes s
     join resources r on r.id = s.resource_id
     join roles_scopes rs on rs.scope_id = s.id
     join applications_roles ar on ar.role_id = rs.role_id
     where ar.application_id = $1 and r.indicator = $2
     order by s.created_at, s.name`,
    [applicationId, indicator],
  );
  return scopeNames(rows);
}

async function findAllOrganizationScopes(db: Database): Promise<string[]> {
  return scopeNames(
    await db.query<{ name: string }>('select name from organization_scopes order by name'),
  );
}

/** The organization scopes a member holds in one organization through their organization roles. */
export async function findUserOrganizationScopes(
  db: Database,
  { userId, organizationId }: { userId: string; organizationId: string },
): Promise<string[]> {
  // Logto selects `distinct on (id)`, so the scopes come out in id order (oidc-samples/07).
  const rows = await db.query<{ name: string }>(
    `select distinct on (os.id) os.name from organization_scopes os
     join organization_role_scope_relations rs on rs.organization_scope_id = os.id
     join organization_role_user_relations ru on ru.organization_role_id = rs.organization_role_id
     where ru.organization_id = $1 and ru.user_id = $2
     order by os.id`,
    [organizationId, userId],
  );
  return scopeNames(rows);
}

/** Membership and the MFA requirement of an organization, for organization token requests. */
export async function findOrganizationAccess(
  db: Database,
  { userId, organizationId }: { userId: string; organizationId: string },
): Promise<{ isMember: boolean; isMfaRequired: boolean }> {
  const row = await db.one<{ is_member: boolean; is_mfa_required: boolean | null }>(
    `select exists (select 1 from organization_user_relations where organization_id = $1 and user_id = $2) as is_member,
            (select is_mfa_required from organizations where id = $1) as is_mfa_required`,
    [organizationId, userId],
  );
  return { isMember: row?.is_member ?? false, isMfaRequired: row?.is_mfa_required ?? false };
}
