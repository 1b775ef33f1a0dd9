import { createApiClient } from '@logto/api/management';
import { z } from 'zod';

import type { LogtoConnection } from './env.js';
import { ManagementApiError, SetupError } from './errors.js';

export type ManagementApi = ReturnType<typeof createApiClient>;
type Middleware = Parameters<ManagementApi['use']>[0];

/** A Management API client for one tenant, authenticated as an M2M app. */
export type SetupClient = {
  api: ManagementApi;
  connection: LogtoConnection;
};

const tokenResponseSchema = z.object({
  access_token: z.string().min(1),
  expires_in: z.number(),
  scope: z.string().optional(),
});
const oauthErrorSchema = z.object({ error: z.string(), error_description: z.string().optional() });
const logtoErrorSchema = z.object({ code: z.string().optional(), message: z.string().optional() });

/**
 * Connects to a tenant's Management API. Built on `createApiClient` from `@logto/api/management` with our
 * own token provider rather than `createManagementApi`: that one cannot use a separate token endpoint
 * (Logto Cloud with a custom domain) and discards the OAuth error, which is what tells a person whether
 * the credentials or the resource indicator are wrong.
 */
export function connectToLogto(connection: LogtoConnection): SetupClient {
  const getToken = createTokenProvider(connection);
  const api = createApiClient({ baseUrl: connection.endpoint, getToken });
  api.use(retryWhenRateLimited());
  return { api, connection };
}

const rateLimitRetries = 5;

/**
 * Logto Cloud limits Management API calls (about 200 per 10 s) and answers 429 beyond that; the demo seed
 * makes over a thousand. A 429 means the call was not processed, so it is sent again after `Retry-After`
 * (or a growing pause), up to 5 times.
 */
function retryWhenRateLimited(): Middleware {
  const sent = new Map<string, Request>();
  return {
    onRequest({ request, id }) {
      // Kept before fetch consumes the body; this runs after @logto/api has set the Authorization header.
      sent.set(id, request.clone());
    },
    async onResponse({ response, id }) {
      const request = sent.get(id);
      sent.delete(id);
      let current = response;
      for (
        let attempt = 1;
        request && current.status === 429 && attempt <= rateLimitRetries;
        attempt += 1
      ) {
        // Seconds; an absent (or HTTP-date) Retry-After gets a growing pause instead.
        const retryAfter = Number(current.headers.get('retry-after') ?? Number.NaN);
        await sleep(
          Number.isFinite(retryAfter) && retryAfter >= 0 ? retryAfter * 1000 : 500 * 2 ** attempt,
        );
        current = await fetch(request.clone());
      }
      return current;
    },
    onError({ id }) {
      sent.delete(id);
    },
  };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function createTokenProvider(connection: LogtoConnection) {
  let token: { value: string; expiresAt: number } | undefined;
  let inFlight: Promise<string> | undefined;

  return async () => {
    // Refetch a minute before expiry, like @logto/api; one request at a time (setup runs calls in parallel).
    if (token && token.expiresAt - 60_000 > Date.now()) return token.value;
    inFlight ??= fetchManagementToken(connection)
      .then((fresh) => {
        token = fresh;
        return fresh.value;
      })
      .finally(() => {
        inFlight = undefined;
      });
    return inFlight;
  };
}

async function fetchManagementToken(connection: LogtoConnection) {
  const tokenEndpoint = connection.tokenEndpoint ?? `${connection.endpoint}/oidc/token`;
  const startedAt = Date.now();
  let response: Response;
  try {
    response = await fetch(tokenEndpoint, {
      method: 'POST',
      headers: {
        authorization: `Basic ${Buffer.from(`${connection.m2mAppId}:${connection.m2mAppSecret}`).toString('base64')}`,
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        resource: connection.managementApiResource,
        scope: 'all',
      }),
    });
  } catch (error) {
    throw new SetupError(
      `Cannot reach the token endpoint ${tokenEndpoint} (${describeNetworkError(error)}). ` +
        'Check LOGTO_ENDPOINT (and LOGTO_TOKEN_ENDPOINT if set), and that Logto is running.',
    );
  }

  const body: unknown = await response.json().catch(() => undefined);
  if (!response.ok) throw tokenError(connection, tokenEndpoint, response.status, body);

  const parsed = tokenResponseSchema.safeParse(body);
  if (!parsed.success) {
    throw new SetupError(
      `${tokenEndpoint} did not answer with an access token. Check LOGTO_ENDPOINT.`,
    );
  }
  const scopes = parsed.data.scope?.split(' ') ?? [];
  if (!scopes.includes('all')) throw new SetupError(noManagementAccess(connection));
  return { value: parsed.data.access_token, expiresAt: startedAt + parsed.data.expires_in * 1000 };
}

function tokenError(
  connection: LogtoConnection,
  tokenEndpoint: string,
  status: number,
  body: unknown,
) {
  const oauth = oauthErrorSchema.safeParse(body);
  if (!oauth.success) {
    return new SetupError(
      `${tokenEndpoint} answered HTTP ${status} without an OAuth error: is LOGTO_ENDPOINT the Logto origin ` +
        '(for example https://your-tenant.logto.app or http://localhost:3001, without /oidc or /api)?',
    );
  }
  const { error, error_description: description } = oauth.data;
  const reason = `${error}${description ? `: ${description}` : ''}`;
  switch (error) {
    case 'invalid_client': {
      return new SetupError(
        `Logto rejected the M2M app credentials (${reason}). Check LOGTO_M2M_APP_ID and LOGTO_M2M_APP_SECRET` +
          (connection.usingEmulatorDevCredentials
            ? ": they are not set, so the emulator's development credentials were tried."
            : '.'),
      );
    }
    case 'invalid_target': {
      return new SetupError(
        `Logto does not know the resource ${connection.managementApiResource} (${reason}). Check ` +
          'LOGTO_MANAGEMENT_API_RESOURCE: https://default.logto.app/api on Logto OSS, ' +
          'https://<tenant-id>.logto.app/api on Logto Cloud.',
      );
    }
    case 'invalid_scope':
    case 'access_denied': {
      return new SetupError(`${noManagementAccess(connection)} (${reason})`);
    }
    default: {
      return new SetupError(
        `The token endpoint ${tokenEndpoint} answered HTTP ${status} (${reason}).`,
      );
    }
  }
}

const noManagementAccess = (connection: LogtoConnection) =>
  `The M2M app ${connection.m2mAppId} (LOGTO_M2M_APP_ID) has no access to the Management API: give it a ` +
  "machine-to-machine role that holds the Management API's `all` permission (Logto Console → Roles).";

function describeNetworkError(error: unknown): string {
  if (error instanceof Error) {
    const cause: unknown = error.cause;
    if (cause instanceof Error) return 'code' in cause ? String(cause.code) : cause.message;
    return error.message;
  }
  return String(error);
}

/** What every openapi-fetch call resolves to. */
type ApiResult<T> = { data?: T; error?: unknown; response: Response };

/**
 * Awaits a Management API call and returns its body, or throws a `ManagementApiError` whose message says
 * what was attempted and, for auth failures, which setting to check. `operation` reads like
 * "create organization Acme Corp".
 */
export async function expectData<T>(
  client: SetupClient,
  operation: string,
  call: Promise<ApiResult<T>>,
): Promise<T> {
  const { data, response } = await expectSuccess(client, operation, call);
  if (data === undefined) {
    throw new ManagementApiError(
      operation,
      response.status,
      undefined,
      `${operation}: the response had no body.`,
    );
  }
  return data;
}

/** Like `expectData`, for calls whose body does not matter (Logto answers many of them `201 Created` as text). */
export async function expectSuccess<T>(
  client: SetupClient,
  operation: string,
  call: Promise<ApiResult<T>>,
): Promise<ApiResult<T>> {
  let result: ApiResult<T>;
  try {
    result = await call;
  } catch (error) {
    if (error instanceof SetupError) throw error;
    throw new SetupError(
      `Cannot ${operation}: ${client.connection.endpoint} is unreachable (${describeNetworkError(error)}). ` +
        'Check LOGTO_ENDPOINT, and that Logto is running.',
    );
  }
  if (result.response.ok) return result;

  const { status } = result.response;
  const body = logtoErrorSchema.safeParse(result.error);
  const code = body.success ? body.data.code : undefined;
  const message = body.success ? body.data.message : undefined;
  const described = `HTTP ${status}${code ? ` ${code}` : ''}${message ? `: ${message}` : ''}`;
  if (status === 401) {
    throw new ManagementApiError(
      operation,
      status,
      code,
      `Logto refused the Management API token (${described}). Check LOGTO_MANAGEMENT_API_RESOURCE (the ` +
        "tenant's Management API indicator) and that LOGTO_ENDPOINT is the Logto that issued the token.",
    );
  }
  if (status === 403 && code === 'auth.forbidden') {
    throw new ManagementApiError(operation, status, code, noManagementAccess(client.connection));
  }
  throw new ManagementApiError(operation, status, code, `Cannot ${operation}: ${described}`);
}

export const maxPageSize = 100;

/**
 * Reads every page of a Logto list (page_size 100). Stops at the last page by `Total-Number`, or on a
 * short page; also works on lists whose pagination is optional.
 */
export async function listAll<T>(
  client: SetupClient,
  operation: string,
  fetchPage: (query: { page: number; page_size: number }) => Promise<ApiResult<T[]>>,
): Promise<T[]> {
  const items: T[] = [];
  for (let page = 1; ; page += 1) {
    const { data = [], response } = await expectSuccess(
      client,
      operation,
      fetchPage({ page, page_size: maxPageSize }),
    );
    items.push(...data);
    const total = Number(response.headers.get('total-number') ?? Number.NaN);
    const done = Number.isFinite(total) ? items.length >= total : data.length < maxPageSize;
    // More than a page back means the server ignored the pagination and sent everything.
    if (done || data.length === 0 || data.length > maxPageSize) return items;
  }
}

/** Runs `task` over `items`, at most `concurrency` at a time, keeping the order of the results. */
export async function mapConcurrently<T, R>(
  items: readonly T[],
  concurrency: number,
  task: (item: T) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  // One iterator shared by the workers: each takes the next item when it is free.
  const queue = items.entries();
  const worker = async () => {
    for (const [index, item] of queue) results[index] = await task(item);
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
  return results;
}

export function chunk<T>(items: readonly T[], size: number): T[][] {
  const chunks: T[][] = [];
  for (let start = 0; start < items.length; start += size)
    chunks.push(items.slice(start, start + size));
  return chunks;
}
