import type { Request } from 'express';
import { ipKeyGenerator, rateLimit } from 'express-rate-limit';

import type { TokenVerifier } from '../auth/token-verifier.js';

import type { RateLimit } from '../env.js';
import { ApiError } from '../errors.js';

const bearerPattern = /^Bearer +([\w\-.~+/]+=*)$/i;

/**
 * Whose request this is, for the limit: the verified user (`user:<sub>`), so colleagues behind one NAT
 * each have their own; the client address (`ip:…`, IPv6 by /56) only for requests without a valid
 * token — a forged token never buys a fresh limit, as only a verified `sub` counts.
 */
export async function rateLimitKey(request: Request, verifier: TokenVerifier): Promise<string> {
  const token = bearerPattern.exec(request.get('authorization')?.trim() ?? '')?.[1];
  if (token !== undefined) {
    try {
      return `user:${(await verifier.verify(token)).userId}`;
    } catch {
      // Not a valid token: the route will answer 401; the request counts against its address.
    }
  }
  return `ip:${ipKeyGenerator(request.ip ?? '')}`;
}

/**
 * Requests per user (per client address without a valid token; set TRUST_PROXY behind a load
 * balancer) to /api, answered with 429 problem+json and `Retry-After` beyond the limit. In memory, per
 * replica.
 */
export function apiRateLimit({ requests, perMs }: RateLimit, verifier: TokenVerifier) {
  return rateLimit({
    keyGenerator: (request) => rateLimitKey(request, verifier),
    windowMs: perMs,
    limit: requests,
    standardHeaders: 'draft-7',
    legacyHeaders: false,
    // Preflights carry no token and cost nothing.
    skip: (request) => request.method === 'OPTIONS',
    handler: (request, _response, next) => {
      // express-rate-limit leaves its count on the request, untyped for Express 5's Request.
      const info: unknown = Reflect.get(request, 'rateLimit');
      const resetTime =
        typeof info === 'object' &&
        info !== null &&
        'resetTime' in info &&
        info.resetTime instanceof Date
          ? info.resetTime
          : undefined;
      const retryAfter = resetTime
        ? Math.max(1, Math.ceil((resetTime.getTime() - Date.now()) / 1000))
        : Math.ceil(perMs / 1000);
      next(new ApiError('rateLimited', undefined, { retryAfter }));
    },
  });
}
