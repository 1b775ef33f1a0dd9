import type Koa from 'koa';

import type { EmulatorDeps } from '../deps.js';
import { RequestError } from '../errors.js';
import { generateStandardId } from '../ids.js';
import { formatZodError, z } from '../middleware/guard.js';

/**
 * Test controls under `/_emulator/` (mounted only when `config.testControls` is on):
 *
 * - `POST /_emulator/reset` → 204: every table cleared, system seed re-run, faults cleared.
 * - `GET /_emulator/email-connector` → `{ enabled }`; `PUT` with `{ enabled: boolean }` → 204.
 * - `POST /_emulator/faults` → 201 `{ id }`; `GET` → the active faults; `DELETE` → 204 (all);
 *   `DELETE /_emulator/faults/:id` → 204 (404 if unknown).
 * - `DELETE /_emulator/mailbox` → 204 (the dev mailbox itself is always on, see mail/index.ts).
 *
 * A fault matches requests by `method` (when absent: any but a CORS preflight `OPTIONS`) and
 * `path`: a prefix of the request path (query excluded), or a regular expression when it starts and
 * ends with `/` (`/^\/api\/users\/[^/]+$/`; so write a prefix without its trailing slash). The
 * first active match (in creation order) applies:
 * wait `delay` ms, then answer `status` with `body` (default: a Logto-shaped error body) and
 * `Retry-After: retryAfter` — or, with no `status`, go on to the real handler; with `reset: true`, cut
 * the connection instead of answering (the client sees a reset). With `when: "after"` the real handler
 * runs FIRST (the write is applied and committed), and then the delay, status or reset apply: a
 * timeout, a 5xx or a broken connection after Logto did the work. It applies `times`
 * times (default 1; 0 = until cleared). Paths under `/_emulator/` are never faulted. A faulted
 * answer echoes the request's `Origin` in `Access-Control-Allow-Origin`, so that a browser sees the
 * injected status rather than a CORS failure.
 */

const controlPrefix = '/_emulator/';
const isEmulatorPath = (path: string) => path === '/_emulator' || path.startsWith(controlPrefix);

const faultGuard = z
  .object({
    method: z
      .string()
      .regex(/^[A-Za-z]+$/, 'Expected an HTTP method such as GET or POST.')
      .transform((method) => method.toUpperCase())
      .optional(),
    path: z
      .string()
      .min(1)
      .startsWith('/', 'Expected a path prefix or a /regex/, starting with "/".'),
    status: z.number().int().min(200).max(599).optional(),
    delay: z.number().int().min(0).max(300_000).optional(),
    times: z.number().int().min(0).default(1),
    retryAfter: z.number().int().min(0).optional(),
    body: z.unknown().optional(),
    /** Cut the connection instead of answering. */
    reset: z.boolean().optional(),
    /** `before` (default): instead of the real handler; `after`: once the real handler has run. */
    when: z.enum(['before', 'after']).optional(),
  })
  .strict()
  .superRefine((fault, context) => {
    if (fault.status === undefined && fault.delay === undefined && fault.reset !== true) {
      context.addIssue({
        code: 'custom',
        path: ['status'],
        message: 'A fault needs a status, a delay or a reset.',
      });
    }
    if (fault.reset === true && fault.status !== undefined) {
      context.addIssue({
        code: 'custom',
        path: ['reset'],
        message: 'A fault either answers a status or resets the connection, not both.',
      });
    }
    if (
      fault.status === undefined &&
      (fault.retryAfter !== undefined || fault.body !== undefined)
    ) {
      context.addIssue({
        code: 'custom',
        path: [fault.body === undefined ? 'retryAfter' : 'body'],
        message: '`retryAfter` and `body` only apply to a fault with a status.',
      });
    }
    const pattern = regexSource(fault.path);
    if (pattern !== undefined) {
      try {
        new RegExp(pattern);
      } catch (error: unknown) {
        context.addIssue({
          code: 'custom',
          path: ['path'],
          message: `Not a valid regular expression: ${error instanceof Error ? error.message : String(error)}`,
        });
      }
    }
  });

const emailConnectorGuard = z.object({ enabled: z.boolean() }).strict();

type FaultInput = z.infer<typeof faultGuard>;

export type Fault = Omit<FaultInput, 'times'> & {
  id: string;
  times: number;
  /** Applications left; null = until cleared. */
  remaining: number | null;
};

type ActiveFault = Fault & { matchesPath: (path: string) => boolean };

/** `/.../` is a regular expression (its inner source); anything else is a prefix. */
function regexSource(path: string): string | undefined {
  return path.length >= 3 && path.endsWith('/') ? path.slice(1, -1) : undefined;
}

function parseBody<Output>(
  schema: z.ZodType<Output, z.ZodTypeDef, unknown>,
  body: unknown,
): Output {
  const result = schema.safeParse(body);
  if (result.success) return result.data;
  throw new RequestError({
    code: 'guard.invalid_input',
    status: 400,
    values: { type: 'body' },
    data: { issues: result.error.issues, name: 'ZodError' },
    details: formatZodError(result.error),
  });
}

const maxBodyBytes = 1_000_000;

/** Control bodies are small JSON documents; an empty body reads as `{}`. */
async function readJsonBody(ctx: Koa.Context): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of ctx.req) {
    const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
    size += buffer.length;
    if (size > maxBodyBytes) throw new RequestError({ code: 'request.general', status: 413 });
    chunks.push(buffer);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  if (text.trim() === '') return {};
  try {
    const body: unknown = JSON.parse(text);
    return body;
  } catch (error: unknown) {
    throw new RequestError({
      code: 'guard.invalid_input',
      status: 400,
      values: { type: 'body' },
      details: `The body is not valid JSON: ${error instanceof Error ? error.message : String(error)}`,
    });
  }
}

/** What the faulted endpoint would plausibly answer: Logto's error body, or OAuth's under `/oidc`. */
function defaultFaultBody(status: number, path: string): unknown {
  if (path === '/oidc' || path.startsWith('/oidc/')) {
    return {
      error: status >= 500 ? 'server_error' : 'invalid_request',
      error_description: `Injected fault: ${status} from the emulator's test controls.`,
    };
  }
  switch (status) {
    case 401:
      return new RequestError({ code: 'auth.unauthorized', status }).toBody();
    case 403:
      return new RequestError({ code: 'auth.forbidden', status }).toBody();
    case 404:
      return new RequestError({ code: 'entity.not_found', status }).toBody();
    case 429:
      return new RequestError({ code: 'request.rate_limited', status }).toBody();
    default:
      // Logto answers unhandled errors with a bare message and no code.
      return status >= 500
        ? { message: 'Internal server error.' }
        : new RequestError({ code: 'request.general', status }).toBody();
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function describeFault({ matchesPath: _matchesPath, ...fault }: ActiveFault): Fault {
  return fault;
}

export function createTestControls(deps: Pick<EmulatorDeps, 'mailer' | 'resetData'>): {
  routes: Koa.Middleware;
  faults: Koa.Middleware;
} {
  let activeFaults: ActiveFault[] = [];

  const addFault = (input: FaultInput): ActiveFault => {
    const source = regexSource(input.path);
    const pattern = source === undefined ? undefined : new RegExp(source);
    const fault: ActiveFault = {
      id: generateStandardId(),
      ...input,
      remaining: input.times === 0 ? null : input.times,
      matchesPath: pattern ? (path) => pattern.test(path) : (path) => path.startsWith(input.path),
    };
    activeFaults.push(fault);
    return fault;
  };

  /** The first matching fault, with one application used up (synchronously: concurrent requests count right). */
  const takeFault = (method: string, path: string): ActiveFault | undefined => {
    const fault = activeFaults.find(
      (candidate) =>
        (candidate.method === undefined ? method !== 'OPTIONS' : candidate.method === method) &&
        candidate.matchesPath(path),
    );
    if (fault?.remaining !== null && fault?.remaining !== undefined) {
      fault.remaining -= 1;
      if (fault.remaining <= 0) {
        activeFaults = activeFaults.filter((candidate) => candidate !== fault);
      }
    }
    return fault;
  };

  type Handler = (ctx: Koa.Context) => Promise<void> | void;
  const controls: Record<string, Partial<Record<string, Handler>>> = {
    '/_emulator/reset': {
      POST: async (ctx) => {
        await deps.resetData();
        activeFaults = [];
        ctx.status = 204;
      },
    },
    '/_emulator/email-connector': {
      GET: (ctx) => {
        ctx.body = { enabled: deps.mailer.isConnectorEnabled() };
      },
      PUT: async (ctx) => {
        const { enabled } = parseBody(emailConnectorGuard, await readJsonBody(ctx));
        await deps.mailer.setConnectorEnabled(enabled);
        ctx.status = 204;
      },
    },
    '/_emulator/faults': {
      GET: (ctx) => {
        ctx.body = activeFaults.map(describeFault);
      },
      POST: async (ctx) => {
        const fault = addFault(parseBody(faultGuard, await readJsonBody(ctx)));
        ctx.status = 201;
        ctx.body = { id: fault.id };
      },
      DELETE: (ctx) => {
        activeFaults = [];
        ctx.status = 204;
      },
    },
    '/_emulator/mailbox': {
      DELETE: async (ctx) => {
        await deps.mailer.clearMessages();
        ctx.status = 204;
      },
    },
  };

  const deleteFault = (ctx: Koa.Context): void => {
    const id = ctx.path.slice('/_emulator/faults/'.length);
    const before = activeFaults.length;
    activeFaults = activeFaults.filter((fault) => fault.id !== id);
    if (activeFaults.length === before) {
      throw new RequestError({ code: 'entity.not_found', status: 404 });
    }
    ctx.status = 204;
  };

  const routes: Koa.Middleware = async (ctx, next) => {
    if (!ctx.path.startsWith(controlPrefix)) {
      await next();
      return;
    }
    if (/^\/_emulator\/faults\/[^/]+$/.test(ctx.path)) {
      if (ctx.method === 'DELETE') {
        deleteFault(ctx);
        return;
      }
      ctx.set('Allow', 'DELETE');
      ctx.status = 405;
      return;
    }
    const methods = controls[ctx.path];
    const handler = methods?.[ctx.method];
    if (handler) {
      await handler(ctx);
      return;
    }
    // The mailbox GET is served further down; other unknown paths are not ours either.
    if (!methods || ctx.path === '/_emulator/mailbox') {
      await next();
      return;
    }
    ctx.set('Allow', Object.keys(methods).join(', '));
    ctx.status = 405;
  };

  const faults: Koa.Middleware = async (ctx, next) => {
    const fault = isEmulatorPath(ctx.path) ? undefined : takeFault(ctx.method, ctx.path);
    if (fault?.when === 'after') await next();
    if (fault?.delay !== undefined) await sleep(fault.delay);
    if (fault?.reset === true) {
      // No answer at all: Koa must not write one, and the peer sees the connection reset.
      ctx.respond = false;
      ctx.req.socket.resetAndDestroy();
      return;
    }
    if (fault?.status === undefined) {
      if (fault?.when !== 'after') await next();
      return;
    }

    ctx.status = fault.status;
    const origin = ctx.get('Origin');
    if (origin) {
      ctx.set('Access-Control-Allow-Origin', origin);
      ctx.vary('Origin');
    }
    if (fault.retryAfter !== undefined) ctx.set('Retry-After', String(fault.retryAfter));
    if (fault.status === 204 || fault.status === 304) return;
    const body = fault.body === undefined ? defaultFaultBody(fault.status, ctx.path) : fault.body;
    if (typeof body === 'string') {
      ctx.body = body;
    } else {
      // JSON.stringify keeps a `null` body as JSON rather than letting Koa turn it into a 204.
      ctx.type = 'application/json';
      ctx.body = JSON.stringify(body);
    }
  };

  return { routes, faults };
}
