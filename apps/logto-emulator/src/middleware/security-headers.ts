import type { Middleware } from 'koa';

/** Helmet's defaults, which Logto sends with every response (samples/*, oidc-samples/*). */
export const securityHeaders: Readonly<Record<string, string>> = {
  'Cross-Origin-Resource-Policy': 'same-origin',
  'Origin-Agent-Cluster': '?1',
  'Referrer-Policy': 'strict-origin-when-cross-origin',
  'Strict-Transport-Security': 'max-age=15552000; includeSubDomains',
  'X-Content-Type-Options': 'nosniff',
  'X-Download-Options': 'noopen',
  'X-Frame-Options': 'SAMEORIGIN',
  'X-Permitted-Cross-Domain-Policies': 'none',
  'X-XSS-Protection': '0',
};

/**
 * What Logto's global middlewares put on every Management API response before any route runs (samples/02-62):
 * `Vary: Accept-Encoding, Origin` (koa-compress, then the CORS middleware) and helmet's headers. They are set
 * first, so errors and 204s carry them too.
 */
export const koaManagementApiHeaders: Middleware = async (ctx, next) => {
  ctx.vary('Accept-Encoding');
  ctx.vary('Origin');
  ctx.set(securityHeaders);
  await next();
};
