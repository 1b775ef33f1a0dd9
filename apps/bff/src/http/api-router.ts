import { createHash } from 'node:crypto';

import { idempotencyKeyHeader, idempotencyKeySchema, inputLimitCode } from '@portal/shared';
import { Router, type Request, type Response } from 'express';
import type { Logger } from 'pino';
import type { z } from 'zod';

import type { AuditRecorder } from '../audit/recorder.js';
import { isWriteMethod } from '../auth/access.js';
import type { Auth } from '../auth/middleware.js';
import type { Actor } from '../auth/types.js';
import type { IdempotencyStore } from '../data/types.js';
import { ApiError, type FieldError } from '../errors.js';
import { identifyCaller } from '../middleware/request-context.js';
import type { AuditNotes, Route, RouteResult } from './route.js';

export type ApiRouterDependencies = {
  auth: Auth;
  recorder: AuditRecorder;
  idempotency: IdempotencyStore;
  publicUrl: string;
  logger: Logger;
};

const accessKinds = new Set(['organization', 'signed_in', 'support', 'public']);
const organizationPathPrefix = '/api/orgs/:orgId';
const supportPathPrefix = '/api/support/';

/**
 * Refuses, at start-up, a route table that could expose something by mistake: a route without an
 * access declaration, a public or unaudited write, a route whose access does not match its path family
 * (an `/api/orgs/:orgId` route must be organization-scoped; an `/api/support/` route support-only).
 */
export function checkRouteTable(routes: readonly Route[]): void {
  const seen = new Set<string>();
  for (const route of routes) {
    const name = `${route.method.toUpperCase()} ${route.path}`;
    const problem = (message: string) => new Error(`Route ${name}: ${message}`);
    if (seen.has(name)) throw problem('declared twice');
    seen.add(name);
    if (!accessKinds.has(route.access.kind)) throw problem('no access declaration');
    const writes = isWriteMethod(route.method);
    if (writes && route.access.kind === 'public') throw problem('a public route may not write');
    if (writes && !route.audit) throw problem('a write must declare its audit event');
    const organizationRoute =
      route.path === organizationPathPrefix || route.path.startsWith(`${organizationPathPrefix}/`);
    if (organizationRoute !== (route.access.kind === 'organization'))
      throw problem(`organization access is for ${organizationPathPrefix}/... and only there`);
    if (route.path.startsWith(supportPathPrefix) && route.access.kind !== 'support')
      throw problem('support routes need support access');
    if (!route.path.startsWith('/api/')) throw problem('API routes live under /api/');
    if (
      route.responses[200] === undefined &&
      route.responses[201] === undefined &&
      route.responses[204] === undefined
    )
      throw problem('no success response declared');
  }
}

/**
 * `zod` issues as the problem body's `errors`: dotted paths from the part of the request; an input
 * limit's own stable code (`json.too_deep`, `text.control_character`, …) rather than zod's `custom`.
 */
function fieldErrors(part: 'params' | 'query' | 'body', error: z.ZodError): FieldError[] {
  return error.issues.map((issue) => ({
    path: [part, ...issue.path.map(String)].join('.'),
    message: issue.message,
    code: inputLimitCode(issue) ?? issue.code,
  }));
}

function parsePart(
  part: 'params' | 'query' | 'body',
  schema: z.ZodType | undefined,
  value: unknown,
): { value: unknown; errors: FieldError[] } {
  if (!schema) return { value: undefined, errors: [] };
  const result = schema.safeParse(value);
  return result.success
    ? { value: result.data, errors: [] }
    : { value: undefined, errors: fieldErrors(part, result.error) };
}

const rawParams = (request: Request): Record<string, string> =>
  Object.fromEntries(
    Object.entries(request.params).flatMap(([key, value]) =>
      typeof value === 'string' ? [[key, value.slice(0, 128)]] : [],
    ),
  );

/**
 * Mounts the route table. For each request: authenticate (401), authorize (403; writes re-checked
 * live; support reasons), validate params, query and body (400 with per-field errors), run the
 * handler, validate its answer against the declared response, then append the audit event of a write
 * — on failure too, once the caller is known.
 */
export function createApiRouter(routes: readonly Route[], deps: ApiRouterDependencies): Router {
  checkRouteTable(routes);
  const router = Router();
  for (const route of routes) {
    router[route.method](route.path, async (request, response) => {
      response.locals.routeLabel = route.path;
      await serve(route, request, response, deps);
    });
  }
  return router;
}

async function serve(
  route: Route,
  request: Request,
  response: Response,
  { auth, recorder, idempotency, publicUrl, logger }: ApiRouterDependencies,
): Promise<void> {
  const requestId = response.locals.requestId ?? '';
  const audited = route.audit !== undefined && isWriteMethod(request.method);
  const notes: AuditNotes = { details: {} };
  let actor: Actor | undefined;
  let reason: string | null = null;

  const recordAudit = async (outcome: 'success' | 'failure', errorCode: string | null) => {
    if (!audited || !route.audit || !actor) return;
    const params = rawParams(request);
    const target = { ...route.audit.target(params), ...notes.target };
    await recorder.record({
      actor,
      organizationId:
        notes.organizationId !== undefined ? notes.organizationId : (params.orgId ?? null),
      action: route.audit.action,
      target,
      reason,
      outcome,
      errorCode,
      requestId,
      details: notes.details,
    });
  };

  let idempotencyClaim: { key: string; scope: string } | undefined;
  try {
    actor = await auth.authenticate(route.access, request);
    response.locals.actor = actor;
    if (actor) identifyCaller(actor.userId);
    ({ reason } = await auth.authorize(route.access, actor, request));

    const params = parsePart('params', route.request?.params, request.params);
    const query = parsePart('query', route.request?.query, request.query);
    // Express leaves `body` undefined when nothing (or nothing JSON) was sent; the schema says if that is fine.
    const body = parsePart('body', route.request?.body, request.body);
    const errors = [...params.errors, ...query.errors, ...body.errors];
    if (errors.length > 0) throw new ApiError('invalidInput', undefined, { errors });

    if (route.idempotent && actor) {
      const replay = await claimIdempotencyKey(idempotency, request, actor, body.value);
      if (replay.kind === 'replay') {
        response.setHeader('Idempotent-Replayed', 'true');
        send(response, { status: replay.status, body: replay.body });
        return;
      }
      idempotencyClaim = replay.claim;
    }

    const result = await route.handle({
      params: params.value,
      query: query.value,
      body: body.value,
      actor,
      requestId,
      reason,
      url: canonicalUrl(publicUrl, request.path, query.value),
      audit: notes,
    });
    const answer = checkedResult(route, result, logger);

    if (idempotencyClaim) {
      await idempotency.complete({
        ...idempotencyClaim,
        status: answer.status,
        body: answer.body ?? null,
      });
      idempotencyClaim = undefined;
    }
    await recordAudit('success', null);
    send(response, answer);
  } catch (error: unknown) {
    if (idempotencyClaim) {
      await idempotency.release(idempotencyClaim).catch((releaseError: unknown) => {
        logger.error({ err: releaseError }, 'could not release an idempotency key');
      });
    }
    await recordAudit('failure', error instanceof ApiError ? error.code : 'internal_error');
    throw error;
  }
}

/**
 * This request as the portal addresses it: PORTAL_PUBLIC_URL, the path, and only the query parameters
 * the route's schema knows, as it parsed them. Built from parts rather than `originalUrl`, so an
 * absolute-form target (`GET http://elsewhere/api/...`) cannot smuggle in another origin, and an
 * unknown or oversized parameter never reaches a `Link` header.
 */
function canonicalUrl(publicUrl: string, path: string, query: unknown): URL {
  const url = new URL(`${publicUrl}${path}`);
  if (typeof query !== 'object' || query === null) return url;
  for (const [name, value] of Object.entries(query)) {
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean')
      url.searchParams.set(name, String(value));
  }
  return url;
}

function send(response: Response, { status, body, headers = {} }: RouteResult): void {
  for (const [name, value] of Object.entries(headers)) response.setHeader(name, value);
  // Answers are per person and per permission: no shared cache may keep them.
  response.setHeader('Cache-Control', 'no-store');
  if (body === undefined || body === null || status === 204) {
    response.status(status).end();
    return;
  }
  response.status(status).json(body);
}

/** The handler's answer, checked against what the route declares; anything else is our bug. */
function checkedResult(route: Route, result: RouteResult, logger: Logger): RouteResult {
  const declared = route.responses[result.status];
  if (!declared) {
    logger.error(
      { route: route.path, status: result.status },
      'a handler answered an undeclared status',
    );
    throw new ApiError('internal');
  }
  if (!declared.schema) return { ...result, body: undefined };
  const parsed = declared.schema.safeParse(result.body);
  if (!parsed.success) {
    logger.error(
      { route: route.path, status: result.status, issues: parsed.error.issues },
      'a handler answered a body that does not match its schema',
    );
    throw new ApiError('internal');
  }
  return { ...result, body: parsed.data };
}

type IdempotencyOutcome =
  | { kind: 'replay'; status: number; body: unknown }
  | { kind: 'proceed'; claim: { key: string; scope: string } | undefined };

async function claimIdempotencyKey(
  idempotency: IdempotencyStore,
  request: Request,
  actor: Actor,
  body: unknown,
): Promise<IdempotencyOutcome> {
  const header = request.get(idempotencyKeyHeader);
  if (header === undefined) return { kind: 'proceed', claim: undefined };
  const key = idempotencyKeySchema.safeParse(header);
  if (!key.success) {
    throw new ApiError('invalidInput', undefined, {
      errors: [
        {
          path: `headers.${idempotencyKeyHeader}`,
          message: '8 to 128 letters, digits, dots, colons, underscores or dashes',
          code: 'invalid_format',
        },
      ],
    });
  }
  // Keys are per caller and per endpoint: nobody replays someone else's answer.
  const scope = `${actor.userId}:${request.method} ${request.path}`;
  const requestHash = createHash('sha256')
    .update(JSON.stringify(body ?? null))
    .digest('hex');
  const claim = await idempotency.claim({ key: key.data, scope, requestHash });
  if (claim.state === 'claimed') return { kind: 'proceed', claim: { key: key.data, scope } };
  if (claim.state === 'in_progress') {
    throw new ApiError('conflict', 'A request with this Idempotency-Key is still being processed.');
  }
  if (claim.record.requestHash !== requestHash) throw new ApiError('idempotencyKeyReused');
  return { kind: 'replay', status: claim.record.status, body: claim.record.body };
}
