import type Router from '@koa/router';

import type { EmulatorDeps } from '../deps.js';

/** What the Management API auth middleware puts on `ctx.state` once the M2M token is verified. */
export type ManagementAuth = { sub: string; clientId: string | undefined; scopes: string[] };

export type ManagementApiState = { auth: ManagementAuth };

/** Every Management API route module registers itself on this router (mounted at `/api`). */
export type ManagementApiRouter = Router<ManagementApiState>;

/** A route module: `export const organizationRoutes: RouteModule = (router, deps) => { ... }`. */
export type RouteModule = (router: ManagementApiRouter, deps: EmulatorDeps) => void;
