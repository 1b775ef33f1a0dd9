import { errorCodes } from '@portal/shared';
import { ZodError } from 'zod';

import { ApiError, BffUnreachableError } from './api-client.js';
import { TokenUnavailableError } from './auth.js';

/** Every kind of failure the SPA explains; each has `errors.<kind>.title` and `.description` texts. */
export const errorKinds = [
  'unreachable',
  'invalidResponse',
  'unexpected',
  'sessionExpired',
  'tokenUnavailable',
  'forbidden',
  'organizationNotFound',
  'memberNotFound',
  'roleNotFound',
  'notFound',
  'invitationNotFound',
  'invitationNotPending',
  'invitationNotResendable',
  'invitationExpired',
  'invitationRevoked',
  'invitationAlreadyAccepted',
  'invitationEmailMismatch',
  'lastAdmin',
  'invalidInput',
  'reasonRequired',
  'roleNotAssignable',
  'conflict',
  'rateLimited',
  'payloadTooLarge',
  'upstreamError',
  'upstreamUnavailable',
  'upstreamTimeout',
] as const;

export type ErrorKind = (typeof errorKinds)[number];

/** Who and where, so a message can name them ("Bob is the last person who can manage members…"). */
export type ErrorContext = { member?: string; organization?: string };

export type ErrorDescription = {
  kind: ErrorKind;
  /** Interpolation values for the texts. */
  values: {
    member: string;
    organization: string;
    /** How long until a retry may work, in `formatParams.wait.range` units (a relative time). */
    wait: number;
    formatParams: { wait: { range: WaitUnit } };
  };
  /** Shown with the error so support can find it in the logs. */
  requestId?: string | undefined;
  /** Per-field problems of a 400, as the BFF reported them. */
  fieldErrors: Array<{ path: string; message: string }>;
  /** Whether trying the same thing again may work (no point offering "Try again" otherwise). */
  retryable: boolean;
};

const kindByCode: Record<string, ErrorKind> = {
  [errorCodes.unauthenticated.code]: 'sessionExpired',
  [errorCodes.wrongAudience.code]: 'sessionExpired',
  [errorCodes.organizationMismatch.code]: 'forbidden',
  [errorCodes.forbidden.code]: 'forbidden',
  [errorCodes.notFound.code]: 'notFound',
  [errorCodes.organizationNotFound.code]: 'organizationNotFound',
  [errorCodes.memberNotFound.code]: 'memberNotFound',
  [errorCodes.roleNotFound.code]: 'roleNotFound',
  [errorCodes.invitationNotFound.code]: 'invitationNotFound',
  [errorCodes.invitationNotPending.code]: 'invitationNotPending',
  [errorCodes.invitationNotResendable.code]: 'invitationNotResendable',
  [errorCodes.invitationExpired.code]: 'invitationExpired',
  [errorCodes.invitationRevoked.code]: 'invitationRevoked',
  [errorCodes.invitationAlreadyAccepted.code]: 'invitationAlreadyAccepted',
  [errorCodes.invitationEmailMismatch.code]: 'invitationEmailMismatch',
  [errorCodes.lastAdmin.code]: 'lastAdmin',
  [errorCodes.invalidInput.code]: 'invalidInput',
  [errorCodes.reasonRequired.code]: 'reasonRequired',
  [errorCodes.roleNotAssignable.code]: 'roleNotAssignable',
  [errorCodes.conflict.code]: 'conflict',
  [errorCodes.idempotencyKeyReused.code]: 'conflict',
  [errorCodes.rateLimited.code]: 'rateLimited',
  [errorCodes.payloadTooLarge.code]: 'payloadTooLarge',
  [errorCodes.internal.code]: 'unexpected',
  [errorCodes.upstreamError.code]: 'upstreamError',
  [errorCodes.upstreamUnavailable.code]: 'upstreamUnavailable',
  [errorCodes.upstreamTimeout.code]: 'upstreamTimeout',
  [errorCodes.webAppNotBuilt.code]: 'unreachable',
};

const retryableKinds: ReadonlySet<ErrorKind> = new Set([
  'unreachable',
  'unexpected',
  'tokenUnavailable',
  'rateLimited',
  'upstreamError',
  'upstreamUnavailable',
  'upstreamTimeout',
]);

/** The SPA's words for an error code (e.g. a failed audit event's), `unexpected` when unknown. */
export const errorKindForCode = (code: string): ErrorKind => kindByCode[code] ?? 'unexpected';

function kindOf(error: unknown): ErrorKind {
  if (error instanceof BffUnreachableError) return 'unreachable';
  if (error instanceof ZodError) return 'invalidResponse';
  if (error instanceof TokenUnavailableError) return 'tokenUnavailable';
  if (error instanceof ApiError) {
    const known = kindByCode[error.code];
    if (known) return known;
    if (error.status === 401) return 'sessionExpired';
    if (error.status === 403) return 'forbidden';
    if (error.status === 404) return 'notFound';
    if (error.status === 429) return 'rateLimited';
  }
  return 'unexpected';
}

type WaitUnit = 'second' | 'minute' | 'hour';

/** A wait in the unit a person reads it in: "in 45 seconds", "in 10 minutes", "in 2 hours". */
export function waitOf(seconds: number): { wait: number; range: WaitUnit } {
  if (seconds < 90) return { wait: Math.max(1, Math.ceil(seconds)), range: 'second' };
  if (seconds < 90 * 60) return { wait: Math.ceil(seconds / 60), range: 'minute' };
  return { wait: Math.ceil(seconds / 3600), range: 'hour' };
}

/** Turns any failure into words a person can act on (as translation keys and values). */
export function describeError(error: unknown, context: ErrorContext = {}): ErrorDescription {
  const kind = kindOf(error);
  const apiError = error instanceof ApiError ? error : undefined;
  const { wait, range } = waitOf(apiError?.retryAfter ?? 10);
  return {
    kind,
    values: {
      member: context.member ?? '',
      organization: context.organization ?? '',
      wait,
      formatParams: { wait: { range } },
    },
    requestId: apiError?.requestId,
    fieldErrors: (apiError?.fieldErrors ?? []).map(({ path, message }) => ({ path, message })),
    retryable: retryableKinds.has(kind),
  };
}

/** A 401 from the BFF: the session's tokens are no longer accepted. */
export const isSessionRejected = (error: unknown) =>
  error instanceof ApiError && error.status === 401;
