import type Koa from 'koa';
import { errors, type Provider } from 'oidc-provider';
import { z } from 'zod';

import type { Database } from '../db/database.js';
import { generateStandardId } from '../ids.js';
import { credentialColumns, verifyUserPassword, type CredentialRow } from './experience.js';
import { BodyTooLargeError, readRawBody } from './request-body.js';

/** The prefix of Logto's Experience API, which its sign-in UI calls (oidc-samples/04). */
export const experienceApiPrefix = '/api/experience';

/**
 * The part of an interaction's `result` where the Experience API keeps its progress between calls. It is
 * replaced by `{ login }` on submit, before oidc-provider reads the result.
 */
const stateGuard = z.object({
  interactionEvent: z.string().optional(),
  /** verificationId → the user the password was verified for. */
  verifications: z.record(z.string(), z.string()).default({}),
  identifiedUserId: z.string().optional(),
});
type ExperienceState = z.infer<typeof stateGuard>;
const stateKey = 'emulatorExperience';

const interactionEventGuard = z.object({ interactionEvent: z.enum(['SignIn']) });
const passwordVerificationGuard = z.object({
  identifier: z.object({ type: z.enum(['username', 'email', 'phone']), value: z.string() }),
  password: z.string(),
});
const identificationGuard = z.object({ verificationId: z.string() });

/** Logto's English phrases for the errors this subset can answer. */
const errorMessages = {
  'session.not_found': 'Session not found. Please go back and sign in again.',
  'guard.invalid_input': 'The request body is invalid.',
  'session.invalid_credentials': 'Incorrect account or password. Please check your input.',
  'session.verification_session_not_found':
    'The verification session not found. Please restart the sign-in flow.',
  'session.identifier_not_found': 'User identifier not found. Please go back and sign in again.',
  'user.suspended': 'This account is suspended.',
  'session.interaction_not_found': 'Interaction session not found.',
} as const;
type ErrorCode = keyof typeof errorMessages;

class ExperienceError extends Error {
  constructor(
    readonly code: ErrorCode,
    readonly status: number,
  ) {
    super(code);
  }
}

const identifierColumns = {
  username: 'username = $1',
  email: 'lower(primary_email) = lower($1)',
  phone: 'primary_phone = $1',
} as const;

/**
 * The password sign-in subset of Logto's Experience API, so that a client driving Logto's sign-in UI by
 * its API (PUT /api/experience, POST …/verification/password, POST …/identification, POST …/submit) signs
 * in the same way here (oidc-samples/04). The interaction is the one the `_interaction` cookie names.
 */
export function createExperienceApi({
  db,
  provider,
}: {
  db: Database;
  provider: Provider;
}): Koa.Middleware {
  async function readJson(ctx: Koa.Context): Promise<unknown> {
    try {
      const raw = await readRawBody(ctx.req);
      return raw ? JSON.parse(raw) : {};
    } catch (error: unknown) {
      if (error instanceof BodyTooLargeError || error instanceof SyntaxError) {
        throw new ExperienceError('guard.invalid_input', 400);
      }
      throw error;
    }
  }

  function parse<T>(guard: z.ZodType<T>, value: unknown): T {
    const parsed = guard.safeParse(value);
    if (!parsed.success) throw new ExperienceError('guard.invalid_input', 400);
    return parsed.data;
  }

  async function loadState(ctx: Koa.Context): Promise<ExperienceState> {
    try {
      const details = await provider.interactionDetails(ctx.req, ctx.res);
      const stored: unknown = details.result?.[stateKey];
      return stateGuard.parse(stored ?? {});
    } catch (error: unknown) {
      if (error instanceof errors.SessionNotFound)
        throw new ExperienceError('session.not_found', 400);
      throw error;
    }
  }

  async function saveState(ctx: Koa.Context, state: ExperienceState) {
    await provider.interactionResult(
      ctx.req,
      ctx.res,
      { [stateKey]: state },
      { mergeWithLastSubmission: true },
    );
  }

  const handlers: Record<string, (ctx: Koa.Context) => Promise<void>> = {
    'PUT ': async (ctx) => {
      const { interactionEvent } = parse(interactionEventGuard, await readJson(ctx));
      await loadState(ctx);
      await saveState(ctx, { interactionEvent, verifications: {} });
      ctx.status = 204;
    },
    'POST /verification/password': async (ctx) => {
      const { identifier, password } = parse(passwordVerificationGuard, await readJson(ctx));
      const state = await loadState(ctx);
      const user = await db.one<CredentialRow>(
        `select ${credentialColumns} from users where ${identifierColumns[identifier.type]} limit 1`,
        [identifier.value],
      );
      if (!user || !(await verifyUserPassword(db, user, password))) {
        throw new ExperienceError('session.invalid_credentials', 422);
      }
      const verificationId = generateStandardId();
      await saveState(ctx, {
        ...state,
        verifications: { ...state.verifications, [verificationId]: user.id },
      });
      ctx.body = { verificationId };
    },
    'POST /identification': async (ctx) => {
      const { verificationId } = parse(identificationGuard, await readJson(ctx));
      const state = await loadState(ctx);
      if (!state.interactionEvent) throw new ExperienceError('session.interaction_not_found', 404);
      const userId = state.verifications[verificationId];
      if (!userId) throw new ExperienceError('session.verification_session_not_found', 404);
      const user = await db.one<{ is_suspended: boolean }>(
        'select is_suspended from users where id = $1',
        [userId],
      );
      if (!user) throw new ExperienceError('session.identifier_not_found', 404);
      if (user.is_suspended) throw new ExperienceError('user.suspended', 401);
      await saveState(ctx, { ...state, identifiedUserId: userId });
      ctx.status = 204;
    },
    'POST /submit': async (ctx) => {
      const state = await loadState(ctx);
      const userId = state.identifiedUserId;
      if (!userId) throw new ExperienceError('session.identifier_not_found', 404);
      const now = Date.now();
      await db.query('update users set last_sign_in_at = $2, updated_at = $2 where id = $1', [
        userId,
        now,
      ]);
      const redirectTo = await provider.interactionResult(
        ctx.req,
        ctx.res,
        { login: { accountId: userId } },
        { mergeWithLastSubmission: false },
      );
      ctx.body = { redirectTo };
    },
  };

  return async (ctx, next) => {
    if (ctx.path !== experienceApiPrefix && !ctx.path.startsWith(`${experienceApiPrefix}/`)) {
      await next();
      return;
    }
    const handler = handlers[`${ctx.method} ${ctx.path.slice(experienceApiPrefix.length)}`];
    if (!handler) {
      await next();
      return;
    }
    try {
      await handler(ctx);
    } catch (error: unknown) {
      if (!(error instanceof ExperienceError)) throw error;
      ctx.status = error.status;
      ctx.body = { code: error.code, message: errorMessages[error.code] };
    }
  };
}
