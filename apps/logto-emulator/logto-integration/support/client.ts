/**
 * The HTTP layer of the ported Logto integration tests: what `authedAdminApi` (ky, with the admin
 * token) is in Logto's packages/integration-tests/src/api/api.ts, built on the conformance suite's
 * fetch client (conformance/support/http.ts: same target, same M2M token).
 *
 * Like ky, a non-2xx answer rejects with an `HttpError` carrying the response, so the ported tests keep
 * Logto's `.catch((error: unknown) => error)` + `instanceof` assertions.
 */
import type { z } from 'zod';

import { api, type ApiRequest, type ReadResponse } from '../../conformance/support/http.js';

type Method = NonNullable<ApiRequest['method']>;
export type Query = NonNullable<ApiRequest['query']>;

export class HttpError extends Error {
  constructor(
    readonly method: Method,
    readonly path: string,
    readonly response: ReadResponse,
  ) {
    super(`Request failed with status code ${response.status}: ${method} ${path} ${response.text}`);
    this.name = 'HttpError';
  }

  get status(): number {
    return this.response.status;
  }

  /** The parsed JSON body (Logto's RequestError body `{ code, message, ... }` for API errors). */
  get body(): unknown {
    return this.response.body;
  }
}

export type RequestOptions = { json?: unknown; query?: Query };

/** Calls `/api/<path>` (path without the leading `/api/`, as Logto's helpers write it). */
export async function send(
  method: Method,
  path: string,
  options: RequestOptions = {},
): Promise<ReadResponse> {
  const response = await api(`/api/${path}`, {
    method,
    json: options.json,
    query: options.query,
  });
  if (response.status < 200 || response.status >= 300) {
    throw new HttpError(method, path, response);
  }
  return response;
}

/** `send` and the JSON body parsed with `schema` (ky's `.json<T>()`, but checked). */
export async function sendFor<Schema extends z.ZodType>(
  schema: Schema,
  method: Method,
  path: string,
  options: RequestOptions = {},
): Promise<z.infer<Schema>> {
  const response = await send(method, path, options);
  const result = schema.safeParse(response.body);
  if (!result.success) {
    throw new Error(
      `${method} ${path}: unexpected body (${result.error.message}) in ${response.text}`,
    );
  }
  return result.data;
}
