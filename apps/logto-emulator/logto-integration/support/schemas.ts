/**
 * The bodies the ported tests read, as loose objects: only the fields Logto's tests use are checked
 * (`@logto/schemas` types in Logto's helpers), every other field is kept as sent, so `toStrictEqual`
 * between two answers compares everything. The exact field sets are the conformance suite's job
 * (conformance/support/schemas.ts).
 */
import { z } from 'zod';

const reference = z.looseObject({ id: z.string(), name: z.string() });

export const organizationSchema = z.looseObject({
  id: z.string(),
  name: z.string(),
  description: z.string().nullable(),
  customData: z.record(z.string(), z.unknown()),
});
export type Organization = z.infer<typeof organizationSchema>;

export const organizationWithFeaturedSchema = organizationSchema.extend({
  usersCount: z.number().optional(),
  featuredUsers: z.array(z.looseObject({ id: z.string() })).optional(),
});

/** `GET /api/users/{id}/organizations`: organizations with the user's roles in each. */
export const organizationWithRolesSchema = organizationSchema.extend({
  organizationRoles: z.array(reference),
});

export const userSchema = z.looseObject({
  id: z.string(),
  username: z.string().nullable(),
  primaryEmail: z.string().nullable(),
});
export type User = z.infer<typeof userSchema>;

/** `GET /api/organizations/{id}/users`: members with their organization roles. */
export const memberSchema = userSchema.extend({ organizationRoles: z.array(reference) });

export const organizationScopeSchema = reference.extend({ description: z.string().nullable() });
export type OrganizationScope = z.infer<typeof organizationScopeSchema>;

export const organizationRoleSchema = reference.extend({
  description: z.string().nullable(),
  type: z.string(),
});
export type OrganizationRole = z.infer<typeof organizationRoleSchema>;

/** Organization roles as listed and fetched one by one: with their organization and resource scopes. */
export const organizationRoleWithScopesSchema = organizationRoleSchema.extend({
  scopes: z.array(reference),
  resourceScopes: z.array(reference),
});

export const addedOrganizationRolesSchema = z.looseObject({
  organizationRoleIds: z.array(z.string()),
});

export const invitationSchema = z.looseObject({
  id: z.string(),
  inviterId: z.string().nullable(),
  invitee: z.string(),
  organizationId: z.string(),
  status: z.string(),
  organizationRoles: z.array(reference),
});
export type Invitation = z.infer<typeof invitationSchema>;

export const resourceSchema = z.looseObject({ id: z.string(), indicator: z.string() });
export const resourceScopeSchema = reference.extend({ resourceId: z.string() });
export type ResourceScope = z.infer<typeof resourceScopeSchema>;

export const applicationSchema = reference.extend({ type: z.string() });
export type Application = z.infer<typeof applicationSchema>;

export const connectorSchema = z.looseObject({
  id: z.string(),
  connectorId: z.string(),
  type: z.string(),
});
export const connectorFactorySchema = z.looseObject({ id: z.string(), type: z.string() });

/** What Logto's mock connectors record for `readConnectorMessage` (helpers/index.ts). */
export const sentMessageSchema = z.looseObject({
  to: z.string(),
  usageType: z.string(),
  payload: z.record(z.string(), z.unknown()),
});

/** Logto's RequestError body. */
export const errorBodySchema = z.looseObject({ code: z.string(), message: z.string() });
