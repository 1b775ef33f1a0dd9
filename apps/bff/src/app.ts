import express, { type Express } from 'express';
import type { Logger } from 'pino';

import { createAuditRecorder, type AuditRecorder } from './audit/recorder.js';
import { MemberScopeCache, supportScopeCache } from './auth/member-scopes.js';
import { createAuth } from './auth/middleware.js';
import { createTokenVerifier, type TokenVerifier } from './auth/token-verifier.js';
import type { PortalDatabase } from './data/types.js';
import type { BffConfig } from './env.js';
import { createErrorHandler, notFoundHandler } from './errors.js';
import { createApiRouter } from './http/api-router.js';
import type { Route } from './http/route.js';
import { KeyedLock } from './lib/keyed-lock.js';
import { createLogger } from './logger.js';
import type { LogtoManagementClient } from './logto/types.js';
import { createMetrics, instrumentManagementClient, type BffMetrics } from './metrics.js';
import { cors } from './middleware/cors.js';
import { apiRateLimit } from './middleware/rate-limit.js';
import { requestContextMiddleware } from './middleware/request-context.js';
import { securityHeaders } from './middleware/security-headers.js';
import { webApp } from './middleware/web-app.js';
import { createOpenApiDocument } from './openapi.js';
import { RoleTemplate } from './roles/role-template.js';
import { createApiDocsRouter } from './routes/api-docs.js';
import { createAuditEventsRoutes } from './routes/audit-events.js';
import { createHealthRouter } from './routes/health.js';
import { createInvitationsRoutes } from './routes/invitations.js';
import { createInviteeRoutes } from './routes/invitations-invitee.js';
import { createMeRoutes } from './routes/me.js';
import { createMembersRoutes } from './routes/members.js';
import { createOrganizationsRoutes } from './routes/organizations.js';
import { createPublicConfigRouter } from './routes/public-config.js';
import { createRolesRoutes } from './routes/roles.js';
import { createSupportRoutes } from './routes/support.js';

/** What `createApp` reads from the configuration (the upstream and database parts are for bff.ts). */
export type BffAppConfig = Pick<
  BffConfig,
  | 'logtoEndpoint'
  | 'spaAppId'
  | 'portalApiResource'
  | 'publicUrl'
  | 'webDistDir'
  | 'logLevel'
  | 'apiRateLimit'
  | 'corsAllowedOrigins'
  | 'tokenAlgorithms'
  | 'trustProxy'
>;

export type BffDependencies = {
  logto: LogtoManagementClient;
  database: PortalDatabase;
  logger?: Logger;
  metrics?: BffMetrics;
  /** Defaults to Logto's JWKS at `${logtoEndpoint}/oidc/jwks`. */
  tokenVerifier?: TokenVerifier;
  /** How long a member's live scopes are trusted before a write checks again (default 5 s). */
  memberScopeTtlMs?: number;
};

/** The BFF's API routes, built from their dependencies: what is mounted is what OpenAPI describes. */
export function createApiRoutes(deps: {
  logto: LogtoManagementClient;
  database: PortalDatabase;
  memberScopes: MemberScopeCache;
  roleTemplate: RoleTemplate;
  locks: KeyedLock;
  /** Routes that write more than their one audit event (one per invited address). */
  recorder: AuditRecorder;
  /** PORTAL_PUBLIC_URL, for links the BFF hands out (invitation accept links). */
  publicUrl: string;
}): Route[] {
  const { logto, database, memberScopes, roleTemplate, locks, recorder, publicUrl } = deps;
  return [
    ...createMeRoutes({ logto, roleTemplate }),
    ...createOrganizationsRoutes({ logto, locks }),
    ...createMembersRoutes({ logto, roleTemplate, memberScopes, locks }),
    ...createRolesRoutes({ roleTemplate }),
    ...createAuditEventsRoutes({ audit: database.audit }),
    ...createSupportRoutes({ logto, memberScopes }),
    ...createInvitationsRoutes({ logto, roleTemplate, locks, recorder, publicUrl }),
    ...createInviteeRoutes({ logto, memberScopes }),
  ];
}

/** Builds the BFF; does not listen (server.ts does, tests listen on port 0). */
export function createApp(config: BffAppConfig, deps: BffDependencies): Express {
  const logger = deps.logger ?? createLogger(config.logLevel);
  const metrics = deps.metrics ?? createMetrics();
  const { database } = deps;
  const logto = instrumentManagementClient(deps.logto, metrics.upstream);

  const memberScopes = new MemberScopeCache(
    (organizationId, userId) => logto.getMemberScopes(organizationId, userId),
    deps.memberScopeTtlMs ?? 5000,
  );
  const supportScopes = supportScopeCache(logto, deps.memberScopeTtlMs ?? 5000);
  const roleTemplate = new RoleTemplate(logto);
  const locks = new KeyedLock();
  const verifier =
    deps.tokenVerifier ??
    createTokenVerifier({
      logtoEndpoint: config.logtoEndpoint,
      algorithms: config.tokenAlgorithms,
    });
  const auth = createAuth({
    verifier,
    portalApiResource: config.portalApiResource,
    memberScopes,
    supportScopes,
    logto,
  });
  const recorder = createAuditRecorder({ audit: database.audit, logto, logger });
  const routes = createApiRoutes({
    logto,
    database,
    memberScopes,
    roleTemplate,
    locks,
    recorder,
    publicUrl: config.publicUrl,
  });

  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', config.trustProxy);
  // Express's default ETag would let a 304 answer stand in for a permission check.
  app.set('etag', false);

  app.use(requestContextMiddleware({ logger, metrics }));
  app.use(securityHeaders(config));
  app.use(createHealthRouter({ logto, database, metrics }));

  app.use(
    '/api',
    cors(config.corsAllowedOrigins),
    apiRateLimit(config.apiRateLimit, verifier),
    express.json({ limit: '100kb', type: ['application/json', 'application/*+json'] }),
  );
  app.use(createPublicConfigRouter(config));
  app.use(createApiDocsRouter(createOpenApiDocument(routes, config)));
  app.use(
    createApiRouter(routes, {
      auth,
      recorder,
      idempotency: database.idempotency,
      publicUrl: config.publicUrl,
      logger,
    }),
  );
  app.use('/api', notFoundHandler);

  app.use(webApp(config.webDistDir));
  app.use(notFoundHandler);
  app.use(createErrorHandler(logger));
  return app;
}
