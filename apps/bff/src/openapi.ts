import { STATUS_CODES } from 'node:http';

import {
  errorCodes,
  idempotencyKeyHeader,
  idempotencyKeySchema,
  problemContentType,
  problemSchema,
  requestIdHeader,
  supportPermissions,
  supportReasonHeader,
  supportReasonSchema,
  type ErrorName,
} from '@portal/shared';
import { z } from 'zod';
import {
  createDocument,
  type ZodOpenApiOperationObject,
  type ZodOpenApiPathsObject,
  type ZodOpenApiResponsesObject,
  type oas31,
} from 'zod-openapi';

import { isWriteMethod } from './auth/access.js';
import type { Route } from './http/route.js';

const problem = problemSchema.meta({ id: 'Problem', description: 'RFC 9457 problem details' });

/** Express `:param` → OpenAPI `{param}`. */
const openApiPath = (path: string) => path.replaceAll(/:(\w+)/g, '{$1}');

/** Schemas the route declares that OpenAPI can show as parameters must be objects. */
const asObject = (schema: z.ZodType | undefined) =>
  schema instanceof z.ZodObject ? schema : undefined;

/** The problems any route of this kind may answer, besides its own `errors`. */
function implicitErrors(route: Route): ErrorName[] {
  const names: ErrorName[] = ['rateLimited', 'internal'];
  if (route.request?.params || route.request?.query || route.request?.body)
    names.push('invalidInput');
  if (route.access.kind === 'public') return names;
  names.push(
    'unauthenticated',
    'wrongAudience',
    'forbidden',
    'upstreamError',
    'upstreamUnavailable',
    'upstreamTimeout',
  );
  if (route.access.kind === 'organization')
    names.push('organizationMismatch', 'organizationNotFound');
  if (isWriteMethod(route.method) && route.access.kind !== 'signed_in')
    names.push('reasonRequired');
  if (route.request?.body) names.push('payloadTooLarge');
  return names;
}

function security(route: Route): Array<Record<string, string[]>> {
  const supportScope = isWriteMethod(route.method)
    ? supportPermissions.write
    : supportPermissions.read;
  switch (route.access.kind) {
    case 'public':
      return [];
    case 'signed_in':
      return [{ portalToken: [] }];
    case 'support':
      return [{ portalToken: [supportScope] }];
    case 'organization':
      return [
        { organizationToken: route.access.permission === 'any' ? [] : [route.access.permission] },
        { portalToken: [supportScope] },
      ];
  }
}

function responses(route: Route): ZodOpenApiResponsesObject {
  const result: ZodOpenApiResponsesObject = {};
  for (const [status, spec] of Object.entries(route.responses)) {
    Object.assign(result, {
      [status]: {
        description: spec.description,
        ...(spec.schema ? { content: { 'application/json': { schema: spec.schema } } } : {}),
        ...(spec.headers
          ? {
              headers: Object.fromEntries(
                Object.entries(spec.headers).map(([name, description]) => [
                  name,
                  { description, schema: { type: 'string' as const } },
                ]),
              ),
            }
          : {}),
      },
    });
  }
  const byStatus = new Map<number, string[]>();
  for (const name of new Set([...implicitErrors(route), ...(route.errors ?? [])])) {
    const { status, code } = errorCodes[name];
    byStatus.set(status, [...(byStatus.get(status) ?? []), code]);
  }
  for (const [status, codes] of [...byStatus].sort(([a], [b]) => a - b)) {
    Object.assign(result, {
      [status]: {
        description: `${STATUS_CODES[status] ?? 'Error'}: ${codes.map((code) => `\`${code}\``).join(', ')}`,
        content: { [problemContentType]: { schema: problem } },
      },
    });
  }
  return result;
}

function operation(route: Route): ZodOpenApiOperationObject {
  const headers: Record<string, z.ZodType> = {};
  const supportWrite =
    isWriteMethod(route.method) &&
    (route.access.kind === 'support' || route.access.kind === 'organization');
  if (supportWrite) {
    headers[supportReasonHeader] = supportReasonSchema.optional().meta({
      description:
        'Support staff only, and required for them: why they act (a ticket id or a sentence; percent-encode non-ASCII). Or send `reason` in the JSON body. Shown to the organization’s admins in its audit log.',
    });
  }
  if (route.idempotent) {
    headers[idempotencyKeyHeader] = idempotencyKeySchema.optional().meta({
      description: 'A retry with the same key returns the first answer instead of creating again.',
    });
  }
  headers[requestIdHeader] = z
    .string()
    .optional()
    .meta({
      description:
        'Your request id (letters, digits, `.`, `_`, `-`; up to 128); echoed, else one is made.',
    });

  const params = asObject(route.request?.params);
  const query = asObject(route.request?.query);
  return {
    operationId: route.operationId,
    summary: route.summary,
    ...(route.description ? { description: route.description } : {}),
    tags: route.tags,
    security: security(route),
    requestParams: {
      ...(params ? { path: params } : {}),
      ...(query ? { query } : {}),
      header: z.object(headers),
    },
    ...(route.request?.body
      ? {
          requestBody: {
            required: true,
            content: { 'application/json': { schema: route.request.body } },
          },
        }
      : {}),
    responses: responses(route),
  };
}

/** The OpenAPI 3.1 description of the BFF's API, generated from the routes it mounts and their schemas. */
export function createOpenApiDocument(
  routes: readonly Route[],
  { publicUrl }: { publicUrl: string },
): oas31.OpenAPIObject {
  const paths: ZodOpenApiPathsObject = {};
  for (const route of routes) {
    const path = openApiPath(route.path);
    paths[path] = { ...paths[path], [route.method]: operation(route) };
  }
  return createDocument(
    {
      openapi: '3.1.0',
      info: {
        title: 'Organization admin portal API',
        version: '1.0.0',
        description: [
          'The BFF of the organization admin portal for Logto. Every error is `application/problem+json` with a stable `code`.',
          'Organization routes take an organization token for that organization (`urn:logto:organization:<id>` audience) or, for support staff, a portal API token; writes re-check the caller’s permissions live.',
          'Lists are paginated with `page` and `pageSize` and answer `Total-Number` and `Link` headers.',
        ].join('\n\n'),
      },
      servers: [{ url: publicUrl }],
      components: {
        securitySchemes: {
          organizationToken: {
            type: 'http',
            scheme: 'bearer',
            bearerFormat: 'JWT',
            description:
              'An organization token (Logto `getOrganizationToken(orgId)`); its scopes are organization permissions.',
          },
          portalToken: {
            type: 'http',
            scheme: 'bearer',
            bearerFormat: 'JWT',
            description:
              'An access token for the portal API resource; `support:read` / `support:write` for support staff.',
          },
        },
      },
      paths,
    },
    // Custom data and audit details hold anything JSON.
    { allowEmptySchema: { unknown: true } },
  );
}
