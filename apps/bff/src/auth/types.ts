/**
 * Who is calling, as the auth middleware established it from a verified Logto token. Routes read it
 * from `res.locals.actor` (see auth/middleware.ts); nothing else decides identity.
 */
export type OrganizationActor = {
  kind: 'organization_member';
  userId: string;
  /** The organization the token is for (from its audience), equal to the path's. */
  organizationId: string;
  /** Organization scopes in the token (may be stale up to the token's lifetime: writes re-check live). */
  scopes: string[];
};

export type SupportActor = {
  kind: 'support';
  userId: string;
  /** `support:read` / `support:write` from the portal API token. */
  scopes: string[];
};

export type PortalUserActor = {
  kind: 'portal_user';
  userId: string;
  scopes: string[];
};

export type Actor = OrganizationActor | SupportActor | PortalUserActor;
