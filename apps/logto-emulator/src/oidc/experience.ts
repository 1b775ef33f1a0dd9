import { createHash } from 'node:crypto';

import type Koa from 'koa';
import { errors, type Provider } from 'oidc-provider';
import { z } from 'zod';

import type { Database, Queryable } from '../db/database.js';
import { pgErrorCode, pgErrorCodes } from '../db/database.js';
import { generateStandardShortId } from '../ids.js';
import { hashPassword, verifyPassword } from '../passwords.js';
import { listDemoAccounts } from './demo-accounts.js';
import {
  renderNoInteractionPage,
  renderSignInPage,
  renderSignUpPage,
  type FormState,
  type PageAccount,
} from './pages.js';
import { BodyTooLargeError, readRawBody } from './request-body.js';

/** Logto's sign-in experience routes (`experience.routes`): where oidc-provider sends the browser. */
export const experiencePaths = {
  signIn: '/sign-in',
  register: '/register',
  consent: '/consent',
} as const;

/** Logto's `FirstScreen` values that open the registration form. */
const registerFirstScreens = new Set(['register', 'identifier:register']);

/**
 * Logto's `buildLoginPromptUrl` for this emulator's two screens: `first_screen=register` (or the older
 * `interaction_mode=signUp`) opens sign-up, anything else sign-in; `login_hint` is passed along.
 */
export function buildLoginPromptPath(
  params: Record<string, unknown>,
  appId: string | undefined,
): string {
  const firstScreen = typeof params.first_screen === 'string' ? params.first_screen : undefined;
  const interactionMode =
    typeof params.interaction_mode === 'string' ? params.interaction_mode : undefined;
  const screen = firstScreen ?? interactionMode;
  const path =
    screen !== undefined && (registerFirstScreens.has(screen) || screen === 'signUp')
      ? experiencePaths.register
      : experiencePaths.signIn;
  const search = new URLSearchParams();
  if (appId) search.append('app_id', appId);
  if (typeof params.organization_id === 'string' && params.organization_id) {
    search.append('organization_id', params.organization_id);
  }
  if (typeof params.login_hint === 'string' && params.login_hint)
    search.append('login_hint', params.login_hint);
  return search.size > 0 ? `${path}?${search.toString()}` : path;
}

export const buildConsentPromptPath = (appId: string | undefined) =>
  appId
    ? `${experiencePaths.consent}?${new URLSearchParams({ app_id: appId }).toString()}`
    : experiencePaths.consent;

const messages = {
  missingCredentials: 'Enter your email and password.',
  invalidCredentials: 'Incorrect account or password. Please check your input.',
  suspended: 'This account is suspended.',
  invalidEmail: 'Invalid email address.',
  passwordTooShort: 'The password must be at least 8 characters long.',
  passwordTooLong: 'The password must be at most 256 characters long.',
  nameTooLong: 'The name must be at most 128 characters long.',
  emailInUse: 'This email is associated with an existing account.',
} as const;

// Logto's `emailRegEx`.
const emailPattern = /^\S+@\S+\.\S+$/;
const minimumPasswordLength = 8;
const maximumPasswordLength = 256;

const consentDetailsGuard = z.object({
  missingOIDCScope: z.array(z.string()).optional(),
  missingOIDCClaims: z.array(z.string()).optional(),
  missingResourceScopes: z.record(z.string(), z.array(z.string())).optional(),
});

type Interaction = Awaited<ReturnType<Provider['interactionDetails']>>;

export type CredentialRow = {
  id: string;
  password_hash: string | null;
  password_encryption_method: string | null;
  is_suspended: boolean;
};

export const credentialColumns = 'id, password_hash, password_encryption_method, is_suspended';

/**
 * Checks a password against a user's stored hash: the emulator's own scrypt hash, or a hex digest imported
 * with `passwordAlgorithm` MD5/SHA1/SHA256, which is then re-hashed (Logto migrates such digests on sign-in).
 */
export async function verifyUserPassword(
  db: Database,
  user: CredentialRow,
  password: string,
): Promise<boolean> {
  const { password_hash: hash, password_encryption_method: method } = user;
  if (!hash) return false;
  if (method === null) return verifyPassword(password, hash);
  const digestAlgorithms: Record<string, string> = { MD5: 'md5', SHA1: 'sha1', SHA256: 'sha256' };
  const algorithm = digestAlgorithms[method];
  if (!algorithm || createHash(algorithm).update(password).digest('hex') !== hash) return false;
  await db.query(
    'update users set password_hash = $2, password_encryption_method = null where id = $1',
    [user.id, await hashPassword(password)],
  );
  return true;
}

/** Logto's JIT provisioning on sign-up: organizations claiming the email's domain take the new user in. */
async function provisionJitOrganizations(
  tx: Queryable,
  userId: string,
  email: string,
  now: number,
) {
  const { rows } = await tx.query<{ domains: string | null; roles: string | null }>(
    `select to_regclass('organization_jit_email_domains')::text as domains,
            to_regclass('organization_jit_roles')::text as roles`,
  );
  // The JIT tables belong to the organization routes; an emulator without them has no JIT configuration.
  if (!rows[0]?.domains) return;
  const domain = email.slice(email.lastIndexOf('@') + 1).toLowerCase();
  const { rows: organizations } = await tx.query<{ organization_id: string }>(
    `insert into organization_user_relations (organization_id, user_id, created_at)
     select organization_id, $1, $3 from organization_jit_email_domains where lower(email_domain) = $2
     on conflict do nothing
     returning organization_id`,
    [userId, domain, now],
  );
  if (!rows[0].roles || organizations.length === 0) return;
  await tx.query(
    `insert into organization_role_user_relations (organization_id, organization_role_id, user_id)
     select organization_id, organization_role_id, $1 from organization_jit_roles where organization_id = any($2)
     on conflict do nothing`,
    [userId, organizations.map(({ organization_id }) => organization_id)],
  );
}

/**
 * The sign-in, sign-up and consent screens oidc-provider sends the browser to. Sign-in and sign-up finish
 * the login prompt; consent is granted at once for the requested scopes, as Logto does for first-party apps,
 * so the browser goes straight back to `/oidc/auth/<uid>` and on to the app.
 */
export function createExperienceRoutes({
  db,
  provider,
}: {
  db: Database;
  provider: Provider;
}): Koa.Middleware {
  async function findInteraction(ctx: Koa.Context): Promise<Interaction | undefined> {
    try {
      return await provider.interactionDetails(ctx.req, ctx.res);
    } catch (error: unknown) {
      if (error instanceof errors.SessionNotFound) return undefined;
      throw error;
    }
  }

  async function readForm(ctx: Koa.Context): Promise<Record<string, string> | undefined> {
    if (!ctx.is('application/x-www-form-urlencoded')) return undefined;
    try {
      return Object.fromEntries(new URLSearchParams(await readRawBody(ctx.req)));
    } catch (error: unknown) {
      if (error instanceof BodyTooLargeError) return undefined;
      throw error;
    }
  }

  async function demoAccounts(): Promise<PageAccount[]> {
    const accounts = await listDemoAccounts(db.pg);
    if (accounts.length === 0) return [];
    const rows = await db.query<{ email: string }>(
      'select lower(primary_email) as email from users where lower(primary_email) = any($1)',
      [accounts.map(({ email }) => email.toLowerCase())],
    );
    const existing = new Set(rows.map(({ email }) => email));
    return accounts.filter(({ email }) => existing.has(email.toLowerCase()));
  }

  async function applicationName(interaction: Interaction): Promise<string> {
    const clientId = interaction.params.client_id;
    if (typeof clientId !== 'string') return 'the application';
    const row = await db.one<{ name: string }>('select name from applications where id = $1', [
      clientId,
    ]);
    return row?.name ?? 'the application';
  }

  function screenHrefs(ctx: Koa.Context, interaction: Interaction) {
    const appId =
      typeof interaction.params.client_id === 'string' ? interaction.params.client_id : undefined;
    const loginHint = typeof ctx.query.login_hint === 'string' ? ctx.query.login_hint : undefined;
    const params = { ...(loginHint ? { login_hint: loginHint } : {}) };
    return {
      signIn: buildLoginPromptPath(params, appId),
      register: buildLoginPromptPath({ ...params, first_screen: 'register' }, appId),
    };
  }

  function render(ctx: Koa.Context, status: number, html: string) {
    ctx.status = status;
    ctx.type = 'html';
    ctx.set('Cache-Control', 'no-store');
    // No scripts at all; inline styles only. No `form-action`: Chrome would apply it to the redirect to the app.
    ctx.set(
      'Content-Security-Policy',
      "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; frame-ancestors 'none'",
    );
    ctx.body = html;
  }

  async function finishLogin(ctx: Koa.Context, accountId: string) {
    const returnTo = await provider.interactionResult(
      ctx.req,
      ctx.res,
      { login: { accountId } },
      { mergeWithLastSubmission: false },
    );
    ctx.status = 303;
    ctx.redirect(returnTo);
  }

  async function signIn(ctx: Koa.Context, interaction: Interaction) {
    const hrefs = screenHrefs(ctx, interaction);
    const page = async (status: number, state: FormState) =>
      render(
        ctx,
        status,
        renderSignInPage({
          appName: await applicationName(interaction),
          action: hrefs.signIn,
          registerHref: hrefs.register,
          accounts: await demoAccounts(),
          state,
        }),
      );

    if (ctx.method === 'GET') {
      const loginHint = ctx.query.login_hint ?? interaction.params.login_hint;
      await page(200, { values: { email: typeof loginHint === 'string' ? loginHint : '' } });
      return;
    }

    const form = await readForm(ctx);
    const email = form?.email?.trim() ?? '';
    const password = form?.password ?? '';
    if (!email || !password) {
      await page(400, {
        values: { email },
        error: { message: messages.missingCredentials, field: email ? 'password' : 'email' },
      });
      return;
    }
    const user = await db.one<CredentialRow>(
      `select ${credentialColumns} from users
       where lower(primary_email) = lower($1) or username = $1
       order by (lower(primary_email) = lower($1)) desc limit 1`,
      [email],
    );
    if (!user || !(await verifyUserPassword(db, user, password))) {
      await page(422, {
        values: { email },
        error: { message: messages.invalidCredentials, field: 'password' },
      });
      return;
    }
    if (user.is_suspended) {
      await page(403, { values: { email }, error: { message: messages.suspended } });
      return;
    }
    const now = Date.now();
    await db.query('update users set last_sign_in_at = $2, updated_at = $2 where id = $1', [
      user.id,
      now,
    ]);
    await finishLogin(ctx, user.id);
  }

  async function register(ctx: Koa.Context, interaction: Interaction) {
    const hrefs = screenHrefs(ctx, interaction);
    const page = async (status: number, state: FormState) =>
      render(
        ctx,
        status,
        renderSignUpPage({
          appName: await applicationName(interaction),
          action: hrefs.register,
          signInHref: hrefs.signIn,
          accounts: await demoAccounts(),
          state,
        }),
      );

    if (ctx.method === 'GET') {
      const loginHint = ctx.query.login_hint ?? interaction.params.login_hint;
      await page(200, { values: { email: typeof loginHint === 'string' ? loginHint : '' } });
      return;
    }

    const form = await readForm(ctx);
    const values = { name: form?.name?.trim() ?? '', email: form?.email?.trim() ?? '' };
    const password = form?.password ?? '';
    const invalid = (message: string, field: 'name' | 'email' | 'password') =>
      page(422, { values, error: { message, field } });

    if (!emailPattern.test(values.email)) return invalid(messages.invalidEmail, 'email');
    if (password.length < minimumPasswordLength)
      return invalid(messages.passwordTooShort, 'password');
    if (password.length > maximumPasswordLength)
      return invalid(messages.passwordTooLong, 'password');
    if (values.name.length > 128) return invalid(messages.nameTooLong, 'name');

    const passwordHash = await hashPassword(password);
    const userId = await db
      .transaction(async (tx) => {
        const { rows: taken } = await tx.query(
          'select 1 from users where lower(primary_email) = lower($1)',
          [values.email],
        );
        if (taken.length > 0) return undefined;
        const now = Date.now();
        const id = generateStandardShortId();
        await tx.query(
          `insert into users (id, primary_email, password_hash, name, last_sign_in_at, created_at, updated_at)
           values ($1, $2, $3, $4, $5, $5, $5)`,
          [id, values.email, passwordHash, values.name || null, now],
        );
        // Logto's `insertUser` gives every new user the tenant's default (User-type) roles.
        await tx.query(
          `insert into users_roles (user_id, role_id)
           select $1, id from roles where is_default = true and type = 'User' on conflict do nothing`,
          [id],
        );
        await provisionJitOrganizations(tx, id, values.email, now);
        return id;
      })
      .catch((error: unknown) => {
        // A concurrent sign-up with the same address lost the race on the unique index.
        if (pgErrorCode(error) === pgErrorCodes.uniqueViolation) return undefined;
        throw error;
      });
    if (!userId) return invalid(messages.emailInUse, 'email');
    await finishLogin(ctx, userId);
  }

  async function consent(ctx: Koa.Context, interaction: Interaction) {
    const accountId = interaction.session?.accountId;
    const clientId = interaction.params.client_id;
    if (!accountId || typeof clientId !== 'string') {
      render(ctx, 400, renderNoInteractionPage());
      return;
    }
    const user = await db.one<{ is_suspended: boolean }>(
      'select is_suspended from users where id = $1',
      [accountId],
    );
    if (!user || user.is_suspended) {
      const returnTo = await provider.interactionResult(ctx.req, ctx.res, {
        error: 'access_denied',
        error_description: user ? 'user is suspended' : 'user not found',
      });
      ctx.redirect(returnTo);
      return;
    }

    const grant =
      (interaction.grantId ? await provider.Grant.find(interaction.grantId) : undefined) ??
      new provider.Grant({ accountId, clientId });
    const details = consentDetailsGuard.parse(interaction.prompt.details);
    if (details.missingOIDCScope) grant.addOIDCScope(details.missingOIDCScope.join(' '));
    if (details.missingOIDCClaims) grant.addOIDCClaims(details.missingOIDCClaims);
    for (const [indicator, scopes] of Object.entries(details.missingResourceScopes ?? {})) {
      grant.addResourceScope(indicator, scopes.join(' '));
    }
    const grantId = await grant.save();
    const returnTo = await provider.interactionResult(
      ctx.req,
      ctx.res,
      { consent: { grantId } },
      { mergeWithLastSubmission: true },
    );
    // Logto's consent screen answers 302 here (oidc-samples/04).
    ctx.redirect(returnTo);
  }

  return async (ctx, next) => {
    const screen = Object.entries(experiencePaths).find(([, path]) => path === ctx.path)?.[0];
    const allowed = screen === 'consent' ? ['GET'] : ['GET', 'POST'];
    if (!screen || !allowed.includes(ctx.method)) {
      await next();
      return;
    }

    const interaction = await findInteraction(ctx);
    if (!interaction) {
      render(ctx, 400, renderNoInteractionPage());
      return;
    }
    const appId =
      typeof interaction.params.client_id === 'string' ? interaction.params.client_id : undefined;
    // The browser may arrive at the wrong screen (back button, bookmarks): send it where the prompt is.
    if (interaction.prompt.name === 'consent' && screen !== 'consent') {
      ctx.redirect(buildConsentPromptPath(appId));
      return;
    }
    if (interaction.prompt.name === 'login' && screen === 'consent') {
      ctx.redirect(buildLoginPromptPath(interaction.params, appId));
      return;
    }

    if (screen === 'signIn') await signIn(ctx, interaction);
    else if (screen === 'register') await register(ctx, interaction);
    else await consent(ctx, interaction);
  };
}
