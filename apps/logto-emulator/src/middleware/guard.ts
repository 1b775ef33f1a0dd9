import type { Middleware, ParameterizedContext } from 'koa';
// Logto 1.42 validates with zod 3; its error bodies carry zod 3 issues, so the emulator does too.
import { z, ZodIssueCode, type ZodError, type ZodType } from 'zod/v3';

import { RequestError } from '../errors.js';

type GuardConfig<Query, Body, Params> = {
  query?: ZodType<Query, z.ZodTypeDef, unknown>;
  body?: ZodType<Body, z.ZodTypeDef, unknown>;
  params?: ZodType<Params, z.ZodTypeDef, unknown>;
};

export type Guarded<Query, Body, Params> = { query: Query; body: Body; params: Params };
export type GuardState<Query = unknown, Body = unknown, Params = unknown> = {
  guard: Guarded<Query, Body, Params>;
};

/** Logto's `formatZodError`: one line per issue, `Error in key path "a.b": (code) message`. */
export function formatZodError({ issues }: ZodError): string {
  return issues
    .map((issue) => {
      const base = `Error in key path "${issue.path.map(String).join('.')}": (${issue.code}) `;
      if (issue.code === ZodIssueCode.invalid_type) {
        return `${base}Expected ${issue.expected} but received ${issue.received}.`;
      }
      return base + issue.message;
    })
    .join('\n');
}

function parse<T>(
  type: 'query' | 'body' | 'params',
  schema: ZodType<T, z.ZodTypeDef, unknown>,
  value: unknown,
): T {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  throw new RequestError({
    code: 'guard.invalid_input',
    status: 400,
    values: { type },
    data: { issues: result.error.issues, name: 'ZodError' },
    details: formatZodError(result.error),
  });
}

/**
 * Logto's `koaGuard`: parses query, body and route params with zod (400 `guard.invalid_input`) and puts
 * the parsed values on `ctx.guard`. Use it after the router has matched (it reads `ctx.params`).
 */
export function koaGuard<Query = undefined, Body = undefined, Params = undefined>(
  config: GuardConfig<Query, Body, Params>,
): Middleware<GuardState<Query, Body, Params>> {
  return async (ctx, next) => {
    const paramsContext = ctx as ParameterizedContext & {
      params?: unknown;
      request: { body?: unknown };
    };
    ctx.state.guard = {
      query: config.query ? parse('query', config.query, ctx.query) : (undefined as Query),
      body: config.body
        ? parse('body', config.body, paramsContext.request.body)
        : (undefined as Body),
      params: config.params
        ? parse('params', config.params, paramsContext.params)
        : (undefined as Params),
    };
    await next();
  };
}

export { z };
