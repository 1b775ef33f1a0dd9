import { z } from 'zod';

/** RFC 9457 problem details as the BFF sends them; `code` is what the SPA branches on. */
const problemSchema = z.object({
  type: z.string(),
  title: z.string(),
  status: z.number().int(),
  detail: z.string(),
  code: z.string(),
  requestId: z.string().optional(),
});

/** The BFF answered, with an error. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    detail: string,
    readonly requestId?: string,
  ) {
    super(detail);
    this.name = 'ApiError';
  }
}

/** The BFF could not be reached at all (server down, network gone, a proxy with nothing behind it). */
export class BffUnreachableError extends Error {
  constructor(cause?: unknown) {
    super('The portal server could not be reached.', { cause });
    this.name = 'BffUnreachableError';
  }
}

async function toApiError(response: Response): Promise<Error> {
  // A development proxy answers 502/504 with no problem body when the BFF is not running.
  if (response.status === 502 || response.status === 504) return new BffUnreachableError();
  const text = await response.text();
  try {
    const problem = problemSchema.parse(JSON.parse(text));
    return new ApiError(problem.status, problem.code, problem.detail, problem.requestId);
  } catch {
    return new ApiError(response.status, 'unexpected_response', response.statusText);
  }
}

/** GET a BFF resource and parse it with its schema from @portal/shared: a typed result, never `as`. */
export async function getJson<Schema extends z.ZodType>(
  path: string,
  schema: Schema,
  init: { signal?: AbortSignal; headers?: Record<string, string> } = {},
): Promise<z.infer<Schema>> {
  let response: Response;
  try {
    response = await fetch(path, {
      headers: { accept: 'application/json', ...init.headers },
      ...(init.signal ? { signal: init.signal } : {}),
    });
  } catch (error) {
    if (init.signal?.aborted) throw error;
    throw new BffUnreachableError(error);
  }
  if (!response.ok) throw await toApiError(response);
  return schema.parse(await response.json());
}
