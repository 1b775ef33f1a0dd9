import { z } from 'zod';

import type { Database } from '../db/database.js';

/** Logto's user scopes (`@logto/core-kit` `UserScope`), in the order discovery lists them. */
export const userScope = {
  profile: 'profile',
  email: 'email',
  phone: 'phone',
  address: 'address',
  customData: 'custom_data',
  identities: 'identities',
  roles: 'roles',
  organizations: 'urn:logto:scope:organizations',
  organizationRoles: 'urn:logto:scope:organization_roles',
} as const;

/** Claims each scope may put in an ID token (core-kit `idTokenClaims`); order matters, it is the claim order. */
const idTokenClaimsByScope: Record<string, readonly string[]> = {
  [userScope.profile]: [
    'name',
    'family_name',
    'given_name',
    'middle_name',
    'nickname',
    'preferred_username',
    'profile',
    'picture',
    'website',
    'gender',
    'birthdate',
    'zoneinfo',
    'locale',
    'updated_at',
    'username',
    'created_at',
  ],
  [userScope.email]: ['email', 'email_verified'],
  [userScope.phone]: ['phone_number', 'phone_number_verified'],
  [userScope.address]: ['address'],
};

/** Claims that tenant settings add to ID tokens (core-kit `extendedIdTokenClaimsByScope`). */
const extendedClaimsByScope: Record<string, readonly string[]> = {
  [userScope.customData]: ['custom_data'],
  [userScope.identities]: ['identities', 'sso_identities'],
  [userScope.roles]: ['roles'],
  [userScope.organizations]: ['organizations', 'organization_data'],
  [userScope.organizationRoles]: ['organization_roles'],
};

/** A new Logto tenant's ID token config (`enabledExtendedClaims`): no `organization_data`, no custom data. */
const enabledExtendedIdTokenClaims = new Set(['roles', 'organizations', 'organization_roles']);

/** Every claim of each scope (core-kit `userClaims`): what the userinfo endpoint returns and oidc-provider allows. */
export const claimsByScope: Record<string, readonly string[]> = Object.fromEntries(
  Object.values(userScope).map((scope) => [
    scope,
    [...(idTokenClaimsByScope[scope] ?? []), ...(extendedClaimsByScope[scope] ?? [])],
  ]),
);

/** Profile claims read from `users.profile` (camelCase there), `undefined` when unset (Logto drops them). */
const profileClaimKeys: Record<string, string> = {
  family_name: 'familyName',
  given_name: 'givenName',
  middle_name: 'middleName',
  nickname: 'nickname',
  preferred_username: 'preferredUsername',
  profile: 'profile',
  website: 'website',
  gender: 'gender',
  birthdate: 'birthdate',
  zoneinfo: 'zoneinfo',
  locale: 'locale',
  address: 'address',
};

export const userRowGuard = z.object({
  id: z.string(),
  username: z.string().nullable(),
  primary_email: z.string().nullable(),
  primary_phone: z.string().nullable(),
  name: z.string().nullable(),
  avatar: z.string().nullable(),
  profile: z.record(z.string(), z.unknown()).catch({}),
  custom_data: z.record(z.string(), z.unknown()).catch({}),
  identities: z.record(z.string(), z.unknown()).catch({}),
  is_suspended: z.boolean(),
  created_at: z.coerce.number(),
  updated_at: z.coerce.number(),
});
export type UserRow = z.infer<typeof userRowGuard>;

export const userColumns =
  'id, username, primary_email, primary_phone, name, avatar, profile, custom_data, identities, is_suspended, created_at, updated_at';

export async function findUserById(db: Database, userId: string): Promise<UserRow | undefined> {
  const row = await db.one<unknown>(`select ${userColumns} from users where id = $1`, [userId]);
  return row === undefined ? undefined : userRowGuard.parse(row);
}

type UserOrganization = {
  id: string;
  name: string;
  description: string | null;
  roleNames: string[];
};

async function findUserOrganizations(db: Database, userId: string): Promise<UserOrganization[]> {
  const rows = await db.query<{
    id: string;
    name: string;
    description: string | null;
    role_names: string[];
  }>(
    `select o.id, o.name, o.description,
            coalesce(array_agg(r.name order by r.name) filter (where r.name is not null), '{}') as role_names
     from organization_user_relations m
     join organizations o on o.id = m.organization_id
     left join organization_role_user_relations ru on ru.organization_id = m.organization_id and ru.user_id = m.user_id
     left join organization_roles r on r.id = ru.organization_role_id
     where m.user_id = $1
     group by o.id, o.name, o.description, o.seq
     order by o.seq`,
    [userId],
  );
  return rows.map(({ id, name, description, role_names }) => ({
    id,
    name,
    description,
    roleNames: role_names,
  }));
}

async function findUserRoleNames(db: Database, userId: string): Promise<string[]> {
  const rows = await db.query<{ name: string }>(
    'select r.name from users_roles ur join roles r on r.id = ur.role_id where ur.user_id = $1 order by r.seq',
    [userId],
  );
  return rows.map(({ name }) => name);
}

/** Logto's `getAcceptedUserClaims`: the claims the given scopes expand to, in scope order. */
function acceptedClaims(use: string, scope: string): string[] {
  return scope.split(' ').flatMap((requested) => {
    if (use === 'userinfo') return [...(claimsByScope[requested] ?? [])];
    const extended = (extendedClaimsByScope[requested] ?? []).filter((claim) =>
      enabledExtendedIdTokenClaims.has(claim),
    );
    return [...(idTokenClaimsByScope[requested] ?? []), ...extended];
  });
}

/**
 * The user's claims for an ID token or the userinfo endpoint, as Logto builds them (`getUserClaimsData`):
 * `sub` first, then each accepted claim in scope order. Organization claims are read now, so a role change
 * shows in the next token.
 */
export async function buildUserClaims(
  db: Database,
  user: UserRow,
  { use, scope, rejected }: { use: string; scope: string; rejected: readonly string[] },
): Promise<{ sub: string; [claim: string]: unknown }> {
  const claims = acceptedClaims(use, scope).filter((claim) => !rejected.includes(claim));
  const organizations = claims.some((claim) => claim.startsWith('organization'))
    ? await findUserOrganizations(db, user.id)
    : [];
  const result: { sub: string; [claim: string]: unknown } = { sub: user.id };

  for (const claim of claims) {
    switch (claim) {
      case 'name':
        result[claim] = user.name;
        break;
      case 'picture':
        result[claim] = user.avatar;
        break;
      case 'username':
        result[claim] = user.username;
        break;
      case 'email':
        result[claim] = user.primary_email;
        break;
      case 'email_verified':
        result[claim] = Boolean(user.primary_email);
        break;
      case 'phone_number':
        result[claim] = user.primary_phone;
        break;
      case 'phone_number_verified':
        result[claim] = Boolean(user.primary_phone);
        break;
      case 'custom_data':
        result[claim] = user.custom_data;
        break;
      case 'identities':
        result[claim] = user.identities;
        break;
      case 'sso_identities':
        // The emulator has no enterprise SSO connectors.
        result[claim] = [];
        break;
      case 'created_at':
        result[claim] = user.created_at;
        break;
      case 'updated_at':
        result[claim] = user.updated_at;
        break;
      case 'roles':
        result[claim] = await findUserRoleNames(db, user.id);
        break;
      case 'organizations':
        result[claim] = organizations.map(({ id }) => id);
        break;
      case 'organization_data':
        result[claim] = organizations.map(({ id, name, description }) => ({
          id,
          name,
          description,
        }));
        break;
      case 'organization_roles':
        result[claim] = organizations.flatMap(({ id, roleNames }) =>
          roleNames.map((role) => `${id}:${role}`),
        );
        break;
      default: {
        const profileKey = profileClaimKeys[claim];
        if (profileKey !== undefined) result[claim] = user.profile[profileKey];
      }
    }
  }
  return result;
}
