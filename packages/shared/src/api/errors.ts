import { z } from 'zod';

/**
 * Every error the BFF returns carries one of these codes; the SPA branches on `code`, never on text.
 * Statuses are the ones the BFF uses for each code.
 */
export const errorCodes = {
  /** 400: a parameter, query or body failed validation; `errors` lists each field. */
  invalidInput: { code: 'request.invalid_input', status: 400 },
  /** 400: a support write without a reason. */
  reasonRequired: { code: 'support.reason_required', status: 400 },
  /** 401: no bearer token, or a token that is malformed, badly signed, expired or from another issuer. */
  unauthenticated: { code: 'auth.unauthenticated', status: 401 },
  /** 401: the token is valid but for another audience than this route needs. */
  wrongAudience: { code: 'auth.wrong_audience', status: 401 },
  /** 403: the token is for another organization than the one in the path. */
  organizationMismatch: { code: 'auth.organization_mismatch', status: 403 },
  /** 403: signed in, but without the permission this action needs (checked live for writes). */
  forbidden: { code: 'auth.forbidden', status: 403 },
  /** 404 */
  notFound: { code: 'resource.not_found', status: 404 },
  organizationNotFound: { code: 'organization.not_found', status: 404 },
  memberNotFound: { code: 'member.not_found', status: 404 },
  roleNotFound: { code: 'role.not_found', status: 404 },
  invitationNotFound: { code: 'invitation.not_found', status: 404 },
  /** 409: the invitation is no longer pending (accepted or revoked), so this cannot be done to it. */
  invitationNotPending: { code: 'invitation.not_pending', status: 409 },
  /** 409: only a pending, unexpired invitation's email can be sent again (renew an expired one). */
  invitationNotResendable: { code: 'invitation.not_resendable', status: 409 },
  /** 410: the invitation expired; the invitee asks for a new one (an admin renews it). */
  invitationExpired: { code: 'invitation.expired', status: 410 },
  /** 410: the invitation was revoked. */
  invitationRevoked: { code: 'invitation.revoked', status: 410 },
  /** 409: the invitation was accepted already. */
  invitationAlreadyAccepted: { code: 'invitation.already_accepted', status: 409 },
  /** 403: the invitation is for another email address than the signed-in user's. */
  invitationEmailMismatch: { code: 'invitation.email_mismatch', status: 403 },
  /** 409: the change would leave the organization without anyone who can manage members. */
  lastAdmin: { code: 'member.last_admin', status: 409 },
  /** 409: something with that name already exists. */
  conflict: { code: 'resource.conflict', status: 409 },
  /** 422: an Idempotency-Key reused with a different request. */
  idempotencyKeyReused: { code: 'request.idempotency_key_reused', status: 422 },
  /** 422: a role that cannot be given to people (e.g. a machine-to-machine role). */
  roleNotAssignable: { code: 'role.not_assignable', status: 422 },
  /** 429: too many requests from this client, or Logto's per-recipient message throttle. */
  rateLimited: { code: 'request.rate_limited', status: 429 },
  /** 413 */
  payloadTooLarge: { code: 'request.payload_too_large', status: 413 },
  /** 502: Logto answered with an error the BFF cannot map, or a 5xx. */
  upstreamError: { code: 'upstream.error', status: 502 },
  /** 503: Logto is unreachable, or the upstream request budget is exhausted for longer than we wait. */
  upstreamUnavailable: { code: 'upstream.unavailable', status: 503 },
  /** 504: Logto did not answer in time. */
  upstreamTimeout: { code: 'upstream.timeout', status: 504 },
  /** 503: the BFF runs without a built SPA. */
  webAppNotBuilt: { code: 'web_app_not_built', status: 503 },
  /** 500 */
  internal: { code: 'internal_error', status: 500 },
} as const;

export type ErrorName = keyof typeof errorCodes;
export type ErrorCode = (typeof errorCodes)[ErrorName]['code'];

export const errorCodeValues = Object.values(errorCodes).map(({ code }) => code) as [
  ErrorCode,
  ...ErrorCode[],
];

/** RFC 9457 problem details, as every BFF error body (`application/problem+json`). */
export const problemSchema = z.object({
  type: z.string(),
  title: z.string(),
  status: z.number().int(),
  detail: z.string().optional(),
  code: z.string(),
  requestId: z.string().optional(),
  /** Per-field validation errors: `path` is dotted (`body.roleIds.2`). */
  errors: z.array(z.object({ path: z.string(), message: z.string(), code: z.string() })).optional(),
  /** Seconds to wait, for 429 and 503. */
  retryAfter: z.number().int().optional(),
});

export type Problem = z.infer<typeof problemSchema>;

export const problemContentType = 'application/problem+json';
