import { createRemoteJWKSet, errors, jwtVerify, type JWTVerifyGetKey } from 'jose';

import { ApiError } from '../errors.js';

/** A Logto access token whose signature, issuer, type, algorithm and lifetime were checked. */
export type VerifiedToken = {
  userId: string;
  /** `aud`, always as a list. */
  audiences: string[];
  /** The space-separated `scope` claim, split. */
  scopes: string[];
  /** Only on API tokens issued with `resource` + `organization_id` (organization-level API resources). */
  organizationIdClaim: string | undefined;
};

export type TokenVerifier = {
  /** Throws `ApiError('unauthenticated')` for any token that is not a valid Logto access token. */
  verify(token: string): Promise<VerifiedToken>;
};

export type TokenVerifierOptions = {
  logtoEndpoint: string;
  algorithms: string[];
  /** For tests: a key set other than `${logtoEndpoint}/oidc/jwks`. */
  keySet?: JWTVerifyGetKey;
};

/** Seconds of clock skew tolerated between Logto and the BFF. */
const clockToleranceSeconds = 5;

/**
 * Verifies Logto access tokens against the issuer's JWKS (fetched once, cached for 10 minutes, fetched
 * again when a token names an unknown key, at most every 30 s). The audience is left to the caller: each
 * route family accepts different ones (auth/authenticate.ts).
 */
export function createTokenVerifier({
  logtoEndpoint,
  algorithms,
  keySet,
}: TokenVerifierOptions): TokenVerifier {
  const issuer = `${logtoEndpoint}/oidc`;
  const keys =
    keySet ??
    createRemoteJWKSet(new URL(`${issuer}/jwks`), {
      timeoutDuration: 5000,
      cooldownDuration: 30_000,
      cacheMaxAge: 10 * 60_000,
    });

  return {
    async verify(token) {
      try {
        const { payload } = await jwtVerify(token, keys, {
          issuer,
          algorithms,
          typ: 'at+jwt',
          requiredClaims: ['sub', 'exp', 'aud'],
          clockTolerance: clockToleranceSeconds,
        });
        const { sub, aud, scope, organization_id: organizationId } = payload;
        if (typeof sub !== 'string' || sub === '') throw new ApiError('unauthenticated');
        return {
          userId: sub,
          audiences: typeof aud === 'string' ? [aud] : (aud ?? []),
          scopes: typeof scope === 'string' ? scope.split(' ').filter(Boolean) : [],
          organizationIdClaim: typeof organizationId === 'string' ? organizationId : undefined,
        };
      } catch (error: unknown) {
        throw toApiError(error);
      }
    },
  };
}

/**
 * Bad tokens are 401; failing to fetch Logto's keys is Logto's problem (502/503/504), not the
 * caller's, so a Logto outage does not sign everybody out.
 */
function toApiError(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  if (error instanceof errors.JWKSTimeout)
    return new ApiError('upstreamTimeout', undefined, { cause: error });
  if (error instanceof errors.JWTExpired)
    return new ApiError('unauthenticated', 'The access token has expired.', { cause: error });
  if (error instanceof errors.JOSEError) {
    // The base class (no subclass) is what jose throws when the JWKS response is not a 200 JSON key set.
    if (error.constructor === errors.JOSEError || error instanceof errors.JWKSInvalid)
      return new ApiError('upstreamError', undefined, { cause: error });
    return new ApiError('unauthenticated', undefined, { cause: error });
  }
  // fetch() of the JWKS failed: connection refused, DNS, reset.
  if (error instanceof TypeError && error.message === 'fetch failed')
    return new ApiError('upstreamUnavailable', undefined, { cause: error });
  return new ApiError('internal', undefined, { cause: error });
}
