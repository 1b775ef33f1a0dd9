import type { OrganizationPermission } from '@portal/shared';

/**
 * What a route requires, declared on every route (http/route.ts refuses a route without one). Whether
 * the request reads or writes comes from its method: GET reads, anything else writes.
 *
 * - `organization`: `/api/orgs/:orgId/...`. An organization token for exactly that organization with
 *   `permission` in its scopes (`any`: at least one portal permission; writes re-check the permission
 *   live), or a portal API token with `support:read` (reads) / `support:write` + a reason (writes).
 * - `signed_in`: any signed-in user with a portal API token (`/api/me`, the invitee's side).
 * - `support`: a portal API token with `support:read` (reads) / `support:write` + a reason (writes).
 * - `public`: no token at all (configuration, API description). Reads only.
 */
export type RouteAccess =
  | { kind: 'organization'; permission: OrganizationPermission | 'any' }
  | { kind: 'signed_in' }
  | { kind: 'support' }
  | { kind: 'public' };

export const isWriteMethod = (method: string) =>
  !['GET', 'HEAD', 'OPTIONS'].includes(method.toUpperCase());
