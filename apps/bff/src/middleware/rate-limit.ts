import { rateLimit } from 'express-rate-limit';

import type { RateLimit } from '../env.js';
import { ApiError } from '../errors.js';

/**
 * Requests per client (IP address; set TRUST_PROXY behind a load balancer) to /api, answered with 429
 * problem+json and `Retry-After` beyond the limit. In memory, per replica.
 */
export function apiRateLimit({ requests, perMs }: RateLimit) {
  return rateLimit({
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
