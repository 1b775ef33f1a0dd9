import type { AuditAction, ErrorName } from '@portal/shared';
import type { z } from 'zod';

import type { RouteAccess } from '../auth/access.js';
import type { Actor } from '../auth/types.js';

export type HttpMethod = 'get' | 'post' | 'put' | 'patch' | 'delete';

export type ResponseSpec = {
  description: string;
  /** The JSON body, validated before it is sent; none for 204. */
  schema?: z.ZodType;
  /** Response headers worth documenting (name → description). */
  headers?: Record<string, string>;
};

export type AuditTarget = { type: string; id: string | null; label: string | null };

/** What a write route's audit event says; known from the path alone, so failures are recorded too. */
export type AuditDeclaration = {
  action: AuditAction;
  target: (params: Record<string, string>) => AuditTarget;
};

/** What a handler adds to its audit event while it runs (kept for failures too). */
export type AuditNotes = {
  details: Record<string, unknown>;
  target?: Partial<AuditTarget>;
  /** Defaults to the path's `:orgId`; set it when the organization is only known later (creation). */
  organizationId?: string | null;
};

export type RouteContext<Access extends RouteAccess, Params, Query, Body> = {
  params: Params;
  query: Query;
  body: Body;
  actor: Access extends { kind: 'public' } ? undefined : Actor;
  requestId: string;
  /** A support write's stated reason (required for those; null otherwise). */
  reason: string | null;
  /** This request as the client addressed it (PORTAL_PUBLIC_URL + path + query), for Link headers. */
  url: URL;
  audit: AuditNotes;
};

export type RouteResult = { status: number; body?: unknown; headers?: Record<string, string> };

type Parsed<Schema> = Schema extends z.ZodType ? z.output<Schema> : undefined;

export type RouteDefinition<
  Access extends RouteAccess,
  Params extends z.ZodType | undefined,
  Query extends z.ZodType | undefined,
  Body extends z.ZodType | undefined,
> = {
  method: HttpMethod;
  /** Express syntax (`/api/orgs/:orgId/members`). */
  path: string;
  operationId: string;
  summary: string;
  description?: string;
  tags: string[];
  /** Required: there is no default, so no route is reachable without saying who may reach it. */
  access: Access;
  request?: { params?: Params; query?: Query; body?: Body; headers?: Record<string, string> };
  /** Every status the handler may answer with; any other is a bug (500). */
  responses: Record<number, ResponseSpec>;
  /** Problem responses beyond those every route of its kind may give (401, 403, 400, 5xx). */
  errors?: ErrorName[];
  /** Required for writes. */
  audit?: AuditDeclaration;
  /** Accepts an `Idempotency-Key` header: a retry with the same key returns the first answer. */
  idempotent?: boolean;
  handle(
    context: RouteContext<Access, Parsed<Params>, Parsed<Query>, Parsed<Body>>,
  ): Promise<RouteResult>;
};

/** A route with its types erased, as the router and the API description take it. */
export type Route = RouteDefinition<
  RouteAccess,
  z.ZodType | undefined,
  z.ZodType | undefined,
  z.ZodType | undefined
>;

/** Declares a route; its handler's params, query and body are typed from the schemas. */
export function defineRoute<
  const Access extends RouteAccess,
  Params extends z.ZodType | undefined = undefined,
  Query extends z.ZodType | undefined = undefined,
  Body extends z.ZodType | undefined = undefined,
>(definition: RouteDefinition<Access, Params, Query, Body>): Route {
  return definition;
}
