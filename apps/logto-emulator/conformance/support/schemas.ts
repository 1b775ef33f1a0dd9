/**
 * Shapes of Logto 1.42 Management API bodies, written from shared/logto/samples (field sets and their
 * order) and CONTRACT.md; for the families the samples do not show (API resources, global roles,
 * applications) from the response schemas of @logto/api 1.42's generated OpenAPI types.
 * Strict objects: a field Logto does not send is a conformance failure too.
 */
import { z } from 'zod';

import { expectedTenantId } from './http.js';

const tenantId = z.literal(expectedTenantId);
/** Organizations and users: 12 lowercase alphanumerics (samples 02, 18). */
const shortId = z.string().regex(/^[\da-z]{12}$/);
/** Roles, scopes, invitations, resources, applications: Logto's standard 21-character id (samples 10, 13, 35). */
const standardId = z.string().regex(/^[\da-z]{21}$/);
const epochMs = z.number().int().min(1_500_000_000_000);
const jsonObject = z.record(z.string(), z.unknown());

export const errorBodySchema = z.strictObject({
  code: z.string().min(1),
  data: z.unknown().optional(),
  details: z.string().optional(),
  message: z.string().min(1),
});
export type ErrorBody = z.infer<typeof errorBodySchema>;

/** A zod 3 issue as Logto serialises it in `data.issues` of `guard.invalid_input`. */
export const zodIssueSchema = z.looseObject({
  code: z.string(),
  path: z.array(z.union([z.string(), z.number()])),
  message: z.string(),
});
export const guardErrorDataSchema = z.strictObject({
  issues: z.array(zodIssueSchema).min(1),
  name: z.literal('ZodError'),
});

export const organizationKeys = [
  'tenantId',
  'id',
  'name',
  'description',
  'customData',
  'isMfaRequired',
  'color',
  'branding',
  'customCss',
  'createdAt',
] as const;
const organizationShape = {
  tenantId,
  id: shortId,
  name: z.string().min(1).max(128),
  description: z.string().max(256).nullable(),
  customData: jsonObject,
  isMfaRequired: z.boolean(),
  color: z.strictObject({
    primaryColor: z.string().optional(),
    isDarkModeEnabled: z.boolean().optional(),
    darkPrimaryColor: z.string().optional(),
  }),
  branding: z.strictObject({
    logoUrl: z.string().optional(),
    darkLogoUrl: z.string().optional(),
    favicon: z.string().optional(),
    darkFavicon: z.string().optional(),
  }),
  customCss: z.string().nullable(),
  createdAt: epochMs,
};
export const organizationSchema = z.strictObject(organizationShape);
export type Organization = z.infer<typeof organizationSchema>;

export const featuredUserSchema = z.strictObject({
  id: shortId,
  avatar: z.string().nullable(),
  name: z.string().nullable(),
});
export const organizationWithFeaturedSchema = z.strictObject({
  ...organizationShape,
  usersCount: z.number().int().min(0),
  featuredUsers: z.array(featuredUserSchema),
});

/** `{ id, name }` of an organization role, as members, user organizations and invitations list them. */
export const roleReferenceSchema = z.strictObject({ id: standardId, name: z.string() });
export const userOrganizationSchema = z.strictObject({
  ...organizationShape,
  organizationRoles: z.array(roleReferenceSchema),
});

const userShape = {
  id: shortId,
  username: z.string().nullable(),
  primaryEmail: z.string().nullable(),
  primaryPhone: z.string().nullable(),
  name: z.string().nullable(),
  avatar: z.string().nullable(),
  customData: jsonObject,
  identities: jsonObject,
  lastSignInAt: epochMs.nullable(),
  createdAt: epochMs,
  updatedAt: epochMs,
  profile: jsonObject,
  applicationId: z.string().nullable(),
  cimdClientId: z.string().nullable(),
  isSuspended: z.boolean(),
};
const userKeys = Object.keys(userShape);
/** POST /api/users (sample 18). */
export const createdUserKeys = [...userKeys, 'hasPassword'];
export const createdUserSchema = z.strictObject({ ...userShape, hasPassword: z.boolean() });
export type User = z.infer<typeof createdUserSchema>;
/** GET /api/users items and GET /api/users/{id}: the profile fields; extra optional fields are allowed. */
export const userProfileSchema = z.looseObject(userShape);

/** GET /api/organizations/{id}/users items (sample 21). */
export const memberKeys = [...userKeys, 'organizationRoles'];
export const memberSchema = z.strictObject({
  ...userShape,
  organizationRoles: z.array(roleReferenceSchema),
});

export const organizationScopeKeys = ['tenantId', 'id', 'name', 'description'] as const;
export const organizationScopeSchema = z.strictObject({
  tenantId,
  id: standardId,
  name: z.string().min(1).max(128),
  description: z.string().nullable(),
});
export type OrganizationScope = z.infer<typeof organizationScopeSchema>;

export const organizationRoleKeys = ['tenantId', 'id', 'name', 'description', 'type'] as const;
const organizationRoleShape = {
  tenantId,
  id: standardId,
  name: z.string().min(1).max(128),
  description: z.string().nullable(),
  type: z.enum(['User', 'MachineToMachine']),
};
export const organizationRoleSchema = z.strictObject(organizationRoleShape);
export type OrganizationRole = z.infer<typeof organizationRoleSchema>;
/** GET /api/organization-roles items (sample 15). */
export const organizationRoleWithScopesSchema = z.strictObject({
  ...organizationRoleShape,
  scopes: z.array(z.strictObject({ id: standardId, name: z.string() })),
  resourceScopes: z.array(
    z.strictObject({
      id: standardId,
      name: z.string(),
      resource: z.strictObject({ id: z.string(), name: z.string() }),
    }),
  ),
});

export const invitationKeys = [
  'tenantId',
  'id',
  'inviterId',
  'invitee',
  'acceptedUserId',
  'organizationId',
  'status',
  'createdAt',
  'updatedAt',
  'expiresAt',
  'organizationRoles',
] as const;
export const invitationSchema = z.strictObject({
  tenantId,
  id: standardId,
  inviterId: shortId.nullable(),
  invitee: z.string(),
  acceptedUserId: shortId.nullable(),
  organizationId: shortId,
  status: z.enum(['Pending', 'Accepted', 'Expired', 'Revoked']),
  createdAt: epochMs,
  updatedAt: epochMs,
  expiresAt: epochMs,
  organizationRoles: z.array(roleReferenceSchema),
});
export type Invitation = z.infer<typeof invitationSchema>;

const resourceShape = {
  tenantId,
  id: standardId,
  name: z.string(),
  indicator: z.string(),
  isDefault: z.boolean(),
  accessTokenTtl: z.number().int(),
};
export const resourceSchema = z.strictObject(resourceShape);
export const resourceScopeSchema = z.strictObject({
  tenantId,
  id: standardId,
  resourceId: standardId,
  name: z.string(),
  description: z.string().nullable(),
  createdAt: epochMs,
});
export type ResourceScope = z.infer<typeof resourceScopeSchema>;
export const resourceWithScopesSchema = z.strictObject({
  ...resourceShape,
  scopes: z.array(resourceScopeSchema),
});
export type Resource = z.infer<typeof resourceSchema>;

export const roleSchema = z.strictObject({
  tenantId,
  id: standardId,
  name: z.string(),
  description: z.string(),
  type: z.enum(['User', 'MachineToMachine']),
  isDefault: z.boolean(),
});
export type Role = z.infer<typeof roleSchema>;

export const applicationSchema = z.looseObject({
  tenantId,
  id: standardId,
  name: z.string(),
  description: z.string().nullable(),
  type: z.enum(['Native', 'SPA', 'Traditional', 'MachineToMachine', 'Protected', 'SAML']),
  oidcClientMetadata: z.looseObject({
    redirectUris: z.array(z.string()),
    postLogoutRedirectUris: z.array(z.string()),
  }),
  customClientMetadata: jsonObject,
  isThirdParty: z.boolean(),
  createdAt: epochMs,
});
export type Application = z.infer<typeof applicationSchema>;

export const applicationSecretSchema = z.strictObject({
  tenantId,
  applicationId: standardId,
  name: z.string(),
  value: z.string().min(1),
  createdAt: epochMs,
  expiresAt: epochMs.nullable(),
});

/** The OAuth body of a successful client_credentials grant (sample 01). */
export const clientCredentialsTokenSchema = z.strictObject({
  access_token: z.string(),
  expires_in: z.number(),
  token_type: z.literal('Bearer'),
  scope: z.string().optional(),
});

/** Logto's token-endpoint error body (oidc-samples README): Logto code + message + OAuth fields. */
export const oidcErrorSchema = z.looseObject({
  code: z.string(),
  message: z.string(),
  error: z.string(),
  error_description: z.string(),
});
