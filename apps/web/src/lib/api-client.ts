import { problemContentType, problemSchema, type Problem } from '@portal/shared';
import type { z } from 'zod';

/** The BFF answered with an error (RFC 9457 problem details); `code` is what the SPA branches on. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly requestId: string | undefined;
  /** Per-field validation errors (`path` is dotted, e.g. `body.branding.logoUrl`). */
  readonly fieldErrors: NonNullable<Problem['errors']>;
  /** Seconds to wait, for 429 and 503. */
  readonly retryAfter: number | undefined;

  constructor(problem: Problem) {
    super(problem.detail ?? problem.title);
    this.name = 'ApiError';
    this.status = problem.status;
    this.code = problem.code;
    this.requestId = problem.requestId;
    this.fieldErrors = problem.errors ?? [];
    this.retryAfter = problem.retryAfter;
  }
}

/** The BFF could not be reached at all (server down, network gone, a proxy with nothing behind it). */
export class BffUnreachableError extends Error {
  constructor(cause?: unknown) {
    super('The portal server could not be reached.', { cause });
    this.name = 'BffUnreachableError';
  }
}

/** The code for an error answer that was not problem+json (something between us and the BFF). */
export const unexpectedResponseCode = 'unexpected_response';

/** Turns an error response into an ApiError (or BffUnreachableError for a proxy with no BFF behind it). */
export async function errorFromResponse(response: Response): Promise<Error> {
  const isProblem = (response.headers.get('content-type') ?? '').startsWith(problemContentType);
  // A development proxy answers 502/504 with no problem body when the BFF is not running.
  if (!isProblem && (response.status === 502 || response.status === 504)) {
    return new BffUnreachableError();
  }
  const text = await response.text().catch(() => '');
  try {
    return new ApiError(problemSchema.parse(JSON.parse(text)));
  } catch {
    return new ApiError({
      type: 'about:blank',
      title: response.statusText || 'Error',
      status: response.status,
      code: unexpectedResponseCode,
      requestId: response.headers.get('x-request-id') ?? undefined,
    });
  }
}

/** Which token a request carries (DESIGN.md section 4): chosen per request, never guessed by the transport. */
export type Credentials =
  { kind: 'none' } | { kind: 'portal' } | { kind: 'organization'; organizationId: string };

export type QueryValue = string | number | boolean | undefined;

export type ApiRequest = {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  path: string;
  credentials: Credentials;
  query?: Record<string, QueryValue>;
  body?: unknown;
  headers?: Record<string, string>;
  signal?: AbortSignal | undefined;
};

export type ApiClient = {
  /** Sends the request and parses the JSON answer with the schema from @portal/shared: typed, never `as`. */
  json<Schema extends z.ZodType>(request: ApiRequest, schema: Schema): Promise<z.infer<Schema>>;
  /** For answers without a body (204). */
  send(request: ApiRequest): Promise<void>;
};

export type ApiClientOptions = {
  /** The bearer token for these credentials (the SDK's cached token, or a refreshed one). */
  getToken: (credentials: Exclude<Credentials, { kind: 'none' }>) => Promise<string>;
  /** Where the BFF is; '' means this origin (the BFF serves the SPA). */
  baseUrl?: string;
  fetch?: typeof fetch;
};

/** `?a=1&b=x`, leaving out unset values, so URLs (and query keys) never carry `undefined`. */
export function queryString(query: Record<string, QueryValue> = {}): string {
  const parameters = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === '') continue;
    parameters.set(key, String(value));
  }
  const text = parameters.toString();
  return text ? `?${text}` : '';
}

export function createApiClient({
  getToken,
  baseUrl = '',
  fetch: fetchImplementation = (...parameters) => fetch(...parameters),
}: ApiClientOptions): ApiClient {
  async function call(request: ApiRequest): Promise<Response> {
    const headers: Record<string, string> = { accept: 'application/json', ...request.headers };
    if (request.credentials.kind !== 'none') {
      headers.authorization = `Bearer ${await getToken(request.credentials)}`;
    }
    if (request.body !== undefined) headers['content-type'] = 'application/json';
    let response: Response;
    try {
      response = await fetchImplementation(
        `${baseUrl}${request.path}${queryString(request.query)}`,
        {
          method: request.method ?? 'GET',
          headers,
          ...(request.body === undefined ? {} : { body: JSON.stringify(request.body) }),
          ...(request.signal ? { signal: request.signal } : {}),
        },
      );
    } catch (error) {
      if (request.signal?.aborted) throw error;
      throw new BffUnreachableError(error);
    }
    if (!response.ok) throw await errorFromResponse(response);
    return response;
  }

  return {
    async json(request, schema) {
      const response = await call(request);
      return schema.parse(await response.json());
    },
    async send(request) {
      const response = await call(request);
      // Drain the body so the connection can be reused.
      await response.arrayBuffer().catch(() => undefined);
    },
  };
}

const publicClient = createApiClient({
  getToken: () => Promise.reject(new Error('This client sends no tokens')),
});

/** GET a public BFF resource (no token), parsed with its schema. */
export function getJson<Schema extends z.ZodType>(
  path: string,
  schema: Schema,
  init: { signal?: AbortSignal } = {},
): Promise<z.infer<Schema>> {
  return publicClient.json({ path, credentials: { kind: 'none' }, signal: init.signal }, schema);
}
