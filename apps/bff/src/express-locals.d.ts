import type { Actor } from './auth/types.js';

/** What the BFF's middleware leaves on `res.locals` for what comes after it. */
declare global {
  namespace Express {
    interface Locals {
      /** Set first thing (middleware/request-context.ts); in every log line and problem body. */
      requestId?: string;
      /** The route pattern for metrics and logs (`/api/orgs/:orgId/members`), never a raw path. */
      routeLabel?: string;
      /** Who is calling, set by the auth middleware once the token is verified (auth/middleware.ts). */
      actor?: Actor;
    }
  }
}

export {};
