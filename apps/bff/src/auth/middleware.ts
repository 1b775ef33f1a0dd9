import {
  allOrganizationPermissions,
  logtoIdSchema,
  organizationAudience,
  organizationAudiencePrefix,
  supportPermissions,
  supportReasonHeader,
  supportReasonSchema,
} from '@portal/shared';
import type { Request } from 'express';

import { ApiError } from '../errors.js';
import type { LogtoManagementClient } from '../logto/types.js';
import { isWriteMethod, type RouteAccess } from './access.js';
import type { MemberScopeCache } from './member-scopes.js';
import type { TokenVerifier, VerifiedToken } from './token-verifier.js';
import type { Actor } from './types.js';

export type Auth = {
  /**
   * Step 1 (401): the bearer token is a valid Logto access token whose audience this route family
   * accepts; for organization routes, for the organization in the path (403 otherwise). Returns who calls.
   */
  authenticate(access: RouteAccess, request: Request): Promise<Actor | undefined>;
  /**
   * Step 2 (403): the actor holds what the route needs; for writes, checked again against Logto now.
   * Support writes must carry a reason, returned here (and taken out of the body).
   */
  authorize(
    access: RouteAccess,
    actor: Actor | undefined,
    request: Request,
  ): Promise<{ reason: string | null }>;
};

export type AuthDependencies = {
  verifier: TokenVerifier;
  portalApiResource: string;
  memberScopes: MemberScopeCache;
  /** Support staff's portal API scopes now (`supportScopeCache`). */
  supportScopes: MemberScopeCache;
  logto: Pick<LogtoManagementClient, 'getOrganization'>;
};

/** RFC 6750 `b64token`. */
const bearerPattern = /^Bearer +([\w\-.~+/]+=*)$/i;

function bearerToken(request: Request): string {
  const header = request.get('authorization');
  if (header === undefined) {
    throw new ApiError('unauthenticated', 'Send an access token: Authorization: Bearer <token>.');
  }
  const match = bearerPattern.exec(header.trim());
  if (!match?.[1])
    throw new ApiError('unauthenticated', 'The Authorization header is not a bearer token.');
  return match[1];
}

export function createAuth({
  verifier,
  portalApiResource,
  memberScopes,
  supportScopes,
  logto,
}: AuthDependencies): Auth {
  /** A plain portal API token; organization-level API tokens (with `organization_id`) are not ours. */
  const isPortalToken = (token: VerifiedToken) =>
    token.audiences.includes(portalApiResource) && token.organizationIdClaim === undefined;

  const wrongAudience = () =>
    new ApiError('wrongAudience', `This route takes a token for ${portalApiResource}.`);

  return {
    async authenticate(access, request) {
      if (access.kind === 'public') return undefined;
      const token = await verifier.verify(bearerToken(request));

      if (access.kind === 'organization') {
        const organizationAudiences = token.audiences.filter((audience) =>
          audience.startsWith(organizationAudiencePrefix),
        );
        if (organizationAudiences.length > 0) {
          const pathOrganizationId = request.params.orgId;
          // Logto puts no organization claim in organization tokens: the audience is the organization.
          if (
            typeof pathOrganizationId !== 'string' ||
            organizationAudiences.length !== 1 ||
            organizationAudiences[0] !== organizationAudience(pathOrganizationId)
          ) {
            throw new ApiError('organizationMismatch');
          }
          return {
            kind: 'organization_member',
            userId: token.userId,
            organizationId: pathOrganizationId,
            scopes: token.scopes,
          };
        }
        if (isPortalToken(token))
          return { kind: 'support', userId: token.userId, scopes: token.scopes };
        throw new ApiError(
          'wrongAudience',
          `This route takes an organization token for this organization, or a token for ${portalApiResource}.`,
        );
      }

      if (!isPortalToken(token)) throw wrongAudience();
      return access.kind === 'support'
        ? { kind: 'support', userId: token.userId, scopes: token.scopes }
        : { kind: 'portal_user', userId: token.userId, scopes: token.scopes };
    },

    async authorize(access, actor, request) {
      if (access.kind === 'public' || access.kind === 'signed_in') return { reason: null };
      if (!actor) throw new ApiError('unauthenticated');
      const writes = isWriteMethod(request.method);

      if (actor.kind === 'organization_member') {
        if (access.kind !== 'organization') throw new ApiError('forbidden');
        const holds = (scopes: string[]) =>
          access.permission === 'any'
            ? allOrganizationPermissions.some((permission) => scopes.includes(permission))
            : scopes.includes(access.permission);
        if (!holds(actor.scopes))
          throw new ApiError('forbidden', permissionDetail(access.permission));
        // The token may be up to an hour old: a demoted admin must not keep writing with it.
        if (writes && !holds(await memberScopes.get(actor.organizationId, actor.userId))) {
          throw new ApiError(
            'forbidden',
            `${permissionDetail(access.permission)} Your roles in this organization have changed since you signed in.`,
          );
        }
        return { reason: null };
      }

      if (actor.kind !== 'support') throw new ApiError('forbidden');
      const needed = writes ? supportPermissions.write : supportPermissions.read;
      if (!actor.scopes.includes(needed)) {
        throw new ApiError('forbidden', `This needs the ${needed} permission of support staff.`);
      }
      const reason = writes ? takeSupportReason(request) : null;
      // As for members: the token may be up to an hour old, and the support role may be gone since.
      if (writes && !(await supportScopes.get(portalApiResource, actor.userId)).includes(needed)) {
        throw new ApiError(
          'forbidden',
          `This needs the ${needed} permission of support staff, which you no longer hold.`,
        );
      }

      if (access.kind === 'organization') {
        // Support may act on any organization, but only on one that exists (Logto's lists don't check).
        const organizationId = request.params.orgId;
        if (
          typeof organizationId !== 'string' ||
          !logtoIdSchema.safeParse(organizationId).success
        ) {
          throw new ApiError('organizationNotFound');
        }
        await logto.getOrganization(organizationId);
      }
      return { reason };
    },
  };
}

const permissionDetail = (permission: string) =>
  permission === 'any'
    ? 'This needs a portal permission in this organization.'
    : `This needs the ${permission} permission in this organization.`;

/**
 * A support write's reason: the `X-Support-Reason` header (percent-encoded UTF-8 allowed, as headers
 * are Latin-1) or `reason` in a JSON body, which is then removed so that the body schema sees only its
 * own fields.
 */
function takeSupportReason(request: Request): string {
  let candidate: unknown = request.get(supportReasonHeader);
  if (typeof candidate === 'string') candidate = decodeHeader(candidate);
  const body: unknown = request.body;
  if (isRecord(body) && 'reason' in body) {
    if (candidate === undefined) candidate = body.reason;
    delete body.reason;
  }
  const parsed = supportReasonSchema.safeParse(candidate);
  if (!parsed.success) {
    throw new ApiError('reasonRequired', undefined, {
      errors: [
        {
          path: 'reason',
          message: 'Say why (a ticket id or a sentence), 3 to 500 characters.',
          code: candidate === undefined ? 'required' : 'invalid',
        },
      ],
    });
  }
  return parsed.data;
}

function decodeHeader(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    // "100% sure" is not percent-encoding: take it as it is.
    return value;
  }
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
