import { jwtVerify } from 'jose';
import type { Middleware } from 'koa';
import { z } from 'zod/v3';

import type { EmulatorDeps } from '../deps.js';
import { RequestError } from '../errors.js';
import type { ManagementAuth, ManagementApiState } from '../routes/types.js';
import { managementApi } from '../seed/system.js';

const bearerTokenIdentifier = 'Bearer';
const allScope = 'all';

/**
 * Logto's `extractBearerTokenFromHeaders`. The prefix test is a plain `startsWith('Bearer')`, and the token
 * is what follows `Bearer` and one more character, exactly as Logto slices it.
 */
function extractBearerToken(authorization: string | undefined): string {
  if (!authorization) {
    throw new RequestError({ code: 'auth.authorization_header_missing', status: 401 });
  }
  if (!authorization.startsWith(bearerTokenIdentifier)) {
    throw new RequestError({
      code: 'auth.authorization_token_type_not_supported',
      status: 401,
      data: { supportedTypes: [bearerTokenIdentifier] },
    });
  }
  return authorization.slice(bearerTokenIdentifier.length + 1);
}

/**
 * Verifies the Management API access token the way Logto's `koa-auth` does (CONTRACT.md 0.1): signature
 * against the emulator's JWKS, `iss` = the emulator's issuer, `aud` = the Management API indicator, a `sub`,
 * and the `all` scope. Verification failures are 401 `auth.unauthorized` carrying the underlying error as
 * `data` (for jose errors that serialises to `{ code, name, ... }`, as in samples/56).
 */
export async function verifyManagementToken(
  authorization: string | undefined,
  { keys, issuer }: Pick<EmulatorDeps, 'keys' | 'issuer'>,
): Promise<ManagementAuth> {
  try {
    const { payload } = await jwtVerify(extractBearerToken(authorization), keys.keySet, {
      issuer,
      audience: managementApi.indicator,
    });
    const { sub, client_id: clientId, scope = '' } = payload;
    if (!sub) {
      throw new RequestError({ code: 'auth.jwt_sub_missing', status: 401 });
    }
    return {
      sub,
      clientId: typeof clientId === 'string' ? clientId : undefined,
      // Logto parses the claim with zod; a non-string scope becomes a 401 carrying the ZodError.
      scopes: z.string().parse(scope).split(' '),
    };
  } catch (error: unknown) {
    if (error instanceof RequestError) throw error;
    throw new RequestError({ code: 'auth.unauthorized', status: 401, data: error });
  }
}

/** The Management API guard: a verified token with the `all` scope, or 401/403. No bypass exists. */
export function koaManagementAuth(
  deps: Pick<EmulatorDeps, 'keys' | 'issuer'>,
): Middleware<ManagementApiState> {
  return async (ctx, next) => {
    const auth = await verifyManagementToken(ctx.get('authorization') || undefined, deps);
    if (!auth.scopes.includes(allScope)) {
      throw new RequestError({ code: 'auth.forbidden', status: 403 });
    }
    ctx.state.auth = auth;
    await next();
  };
}
