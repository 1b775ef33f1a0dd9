import { createHash } from 'node:crypto';

import Router, { type RouterMiddleware } from '@koa/router';
import type Koa from 'koa';
import { koaBody } from 'koa-body';

import type { EmulatorDeps } from '../deps.js';
import { koaManagementAuth } from '../middleware/auth.js';
import { koaManagementApiHeaders } from '../middleware/security-headers.js';
import { applicationRoutes } from './applications.js';
import { organizationApplicationRoutes } from './organization-applications.js';
import { organizationInvitationRoutes } from './organization-invitations.js';
import { organizationJitRoutes } from './organization-jit.js';
import { organizationRoleRoutes } from './organization-roles.js';
import { organizationScopeRoutes } from './organization-scopes.js';
import { organizationUserRoutes } from './organization-users.js';
import { organizationRoutes } from './organizations.js';
import { resourceRoutes } from './resources.js';
import { roleRoutes } from './roles.js';
import { ssoConnectorRoutes } from './sso-connectors.js';
import type { ManagementApiRouter, ManagementApiState, RouteModule } from './types.js';
import { userRoutes } from './users.js';

const routeModules: readonly RouteModule[] = [
  organizationRoutes,
  organizationUserRoutes,
  organizationApplicationRoutes,
  organizationJitRoutes,
  organizationRoleRoutes,
  organizationScopeRoutes,
  organizationInvitationRoutes,
  userRoutes,
  resourceRoutes,
  roleRoutes,
  applicationRoutes,
  ssoConnectorRoutes,
];

/** The `etag` package's strong ETag of a string: `"<byte length hex>-<first 27 chars of base64 SHA-1>"`. */
function entityTag(entity: string): string {
  const hash = createHash('sha1').update(entity, 'utf8').digest('base64').slice(0, 27);
  return `"${Buffer.byteLength(entity, 'utf8').toString(16)}-${hash}"`;
}

/**
 * Logto's `koaBodyEtag` for GET: an ETag from the JSON of the body, 304 when the client's copy is fresh.
 * Logto feeds `JSON.stringify(body)` to `etag()`, which throws on `undefined`: a GET that no route answered
 * (unknown path, or a path without a GET route) therefore ends in a 500, not a 404. Reproduced on purpose.
 */
const bodyEtag: Koa.Middleware = async (ctx, next) => {
  await next();
  if (ctx.method !== 'GET') return;
  const json: unknown = JSON.stringify(ctx.body);
  if (typeof json !== 'string') {
    // Where Logto's `etag()` throws and its error handler answers 500 (headers already set, e.g. `Allow`, stay).
    ctx.status = 500;
    ctx.body = { message: 'Internal server error.' };
    return;
  }
  ctx.response.etag = entityTag(json);
  if (ctx.fresh) {
    ctx.status = 304;
    ctx.body = null;
  }
};

/** koa-body's errors (bad JSON, body too large) carry an HTTP status; anything else is not a body error. */
function bodyErrorStatus(error: unknown): number | undefined {
  if (!(error instanceof Error) || !('status' in error) || typeof error.status !== 'number')
    return undefined;
  return error.status >= 400 && error.status < 500 ? error.status : undefined;
}

/**
 * Parses JSON (and form/text) bodies of POST, PUT and PATCH like Logto's guards do with koa-body. A body that
 * cannot be parsed answers with its status and a bare `{ message }` (samples/55: 400 "Unexpected end of JSON
 * input", no `code`).
 */
function koaParseBody(): Koa.Middleware {
  const parse = koaBody();
  // koa-body ends with `return next()`; the real `next` runs only after parsing succeeded.
  const parsed = () => Promise.resolve();
  return async (ctx, next) => {
    try {
      // koa-body's typings are written against @types/koa 2; at run time it only uses what Koa 3's context
      // has (`req`, `request`, `is()`), so the context is handed over as the type it declares.
      await parse(ctx as unknown as Parameters<typeof parse>[0], parsed);
    } catch (error: unknown) {
      const status = bodyErrorStatus(error);
      if (status === undefined || !(error instanceof Error)) throw error;
      ctx.status = status;
      ctx.body = { message: error.message };
      return;
    }
    await next();
  };
}

/**
 * The Management API: every route module on one router under `/api`, behind the bearer-token check.
 * As in Logto (koa-router), the auth middleware only runs when some route matches the path and method;
 * unknown paths fall through (404 "Not Found" from Koa, or 500 for GET, see {@link bodyEtag}), and a known
 * path with another method gets 405 from `allowedMethods()`.
 */
export function createManagementApi(deps: EmulatorDeps): RouterMiddleware<ManagementApiState> {
  const router: ManagementApiRouter = new Router<ManagementApiState>({ prefix: '/api' });
  router.use(koaManagementAuth(deps));
  router.use(koaParseBody());
  for (const registerRoutes of routeModules) {
    registerRoutes(router, deps);
  }

  const routes = router.routes();
  const allowedMethods = router.allowedMethods();
  return async (ctx, next) => {
    if (ctx.path !== '/api' && !ctx.path.startsWith('/api/')) {
      await next();
      return;
    }
    await koaManagementApiHeaders(ctx, async () => {
      await bodyEtag(ctx, async () => {
        await routes(ctx, async () => {
          await allowedMethods(ctx, next);
        });
      });
    });
  };
}
