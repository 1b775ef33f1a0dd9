import { createHash } from 'node:crypto';

import type Koa from 'koa';
import { errors, type Provider } from 'oidc-provider';
import { z } from 'zod';

import type { Database, Queryable } from '../db/database.js';
import { pgErrorCode, pgErrorCodes } from '../db/database.js';
import { RequestError } from '../errors.js';
import { generateStandardShortId } from '../ids.js';
import type { Mailer } from '../mail/index.js';
import { hashPassword, verifyPassword } from '../passwords.js';
import { listDemoAccounts } from './demo-accounts.js';
import {
  renderNoInteractionPage,
  renderNoticePage,
  renderRegisterPage,
  renderRegisterPasswordPage,
  renderSignInPage,
  renderSignInPasswordPage,
  renderVerificationCodePage,
  type FormState,
  type PageAccount,
} from './pages.js';
import { BodyTooLargeError, readRawBody } from './request-body.js';
import {
  checkPasswordPolicy,
  fullPasswordPolicy,
  readSignInExperience,
  type SignInExperience,
  type SignInIdentifier,
} from './sign-in-experience.js';
import { createVerificationStore, submittedCode, type Identifier } from './verification-codes.js';

/** Logto's sign-in experience routes (`experience.routes`): where oidc-provider sends the browser. */
export const experiencePaths = {
  signIn: '/sign-in',
  signInPassword: '/sign-in/password',
  signInCode: '/sign-in/verification-code',
  register: '/register',
  registerCode: '/register/verification-code',
  registerPassword: '/register/password',
  consent: '/consent',
} as const;
type ScreenName = keyof typeof experiencePaths;

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

/** Logto's English phrases for what these screens can show. */
const messages = {
  invalidCredentials: 'Incorrect account or password. Please check your input.',
  suspended: 'This account is suspended.',
  passwordRequired: 'Password is required',
  emailInUse: 'This email is associated with an existing account.',
  usernameInUse: 'This username is already in use.',
  userNotFound: 'The account does not exist. Create an account instead.',
  codeResent: 'A new verification code has been sent.',
  passwordsDoNotMatch: "Your passwords don't match. Please try again.",
  registrationDisabled: 'Creating an account is not enabled.',
  signInDisabled: 'Signing in is not enabled.',
} as const;

const identifierLabels: Record<SignInIdentifier, string> = {
  email: 'Email',
  username: 'Username',
  phone: 'Phone number',
};
const identifierLabel = (types: readonly SignInIdentifier[]) =>
  types.map((type) => identifierLabels[type]).join(' / ');
const identifierAutocomplete = (types: readonly SignInIdentifier[]) =>
  types.length === 1 && types[0] === 'email' ? 'email' : 'username';
/** Logto's `general_required` / `general_invalid` with the types in a disjunction. */
const requiredMessage = (types: readonly SignInIdentifier[]) =>
  `${types.map((type) => identifierLabels[type]).join(' or ')} is required`;
const invalidMessage = (types: readonly SignInIdentifier[]) =>
  `The ${types
    .map((type) => identifierLabels[type])
    .join(' or ')
    .toLowerCase()} is invalid`;

// Logto's `emailRegEx` and `usernameRegEx`.
const emailPattern = /^\S+@\S+\.\S+$/;
const usernamePattern = /^[A-Z_a-z]\w*$/;

/**
 * Logto's `SmartInputField` detection for the identifiers the emulator can verify: an `@` makes it an email,
 * anything else a username; the type must be one the screen accepts and the value valid for it. Phone
 * numbers are never accepted (the emulator has no SMS connector, so no experience can enable them).
 */
export function parseIdentifier(
  raw: string,
  enabled: readonly SignInIdentifier[],
): Identifier | undefined {
  const value = raw.trim();
  const type: SignInIdentifier = value.includes('@') ? 'email' : 'username';
  if (!enabled.includes(type)) return undefined;
  const pattern = type === 'email' ? emailPattern : usernamePattern;
  return pattern.test(value) ? { type, value } : undefined;
}

const identifierConditions = {
  username: 'username = $1',
  email: 'lower(primary_email) = lower($1)',
  phone: 'primary_phone = $1',
} as const;

/** Logto's `requirementsDescription` for the password policy, in words. */
function passwordPolicyHint(experience: SignInExperience): string {
  const { length, characterTypes } = fullPasswordPolicy(experience.passwordPolicy);
  const types =
    characterTypes.min > 1
      ? `, with at least ${characterTypes.min} of: lowercase letters, uppercase letters, digits, symbols`
      : '';
  return `At least ${length.min} characters${types}.`;
}

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
  const domain = email.slice(email.lastIndexOf('@') + 1).toLowerCase();
  const { rows: organizations } = await tx.query<{ organization_id: string }>(
    `insert into organization_user_relations (organization_id, user_id, created_at)
     select organization_id, $1, $3 from organization_jit_email_domains where lower(email_domain) = $2
     on conflict do nothing
     returning organization_id`,
    [userId, domain, now],
  );
  if (organizations.length === 0) return;
  await tx.query(
    `insert into organization_role_user_relations (organization_id, organization_role_id, user_id)
     select organization_id, organization_role_id, $1 from organization_jit_roles where organization_id = any($2)
     on conflict do nothing`,
    [userId, organizations.map(({ organization_id }) => organization_id)],
  );
}

/**
 * The sign-in, sign-up and consent screens oidc-provider sends the browser to, after Logto's experience app:
 * sign-in asks for the identifier and then the password (on one form when every method is password-only);
 * sign-up asks for the identifier, sends a code to an email before anything else, then asks for a password.
 * All of it follows the stored sign-in experience. Consent is granted at once for the requested scopes, as
 * Logto does for first-party apps, so the browser goes straight back to `/oidc/auth/<uid>` and on to the app.
 */
export function createExperienceRoutes({
  db,
  provider,
  mailer,
}: {
  db: Database;
  provider: Provider;
  mailer: Mailer;
}): Koa.Middleware {
  const verifications = createVerificationStore({ db, mailer });

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

  /** Everything one screen needs to know about the request it answers. */
  type Screen = {
    ctx: Koa.Context;
    interaction: Interaction;
    experience: SignInExperience;
    /** A screen's path with the query this one was opened with (app_id, organization_id, login_hint). */
    href: (path: string) => string;
    form: Record<string, string> | undefined;
  };

  const signInTypes = (experience: SignInExperience) =>
    experience.signIn.methods.map(({ identifier }) => identifier);
  const signUpTypes = (experience: SignInExperience) =>
    experience.signUp.identifiers.filter((type) => type !== 'phone');
  const canRegister = (experience: SignInExperience) =>
    experience.signInMode !== 'SignIn' && signUpTypes(experience).length > 0;
  const canSignIn = (experience: SignInExperience) =>
    experience.signInMode !== 'Register' && experience.signIn.methods.length > 0;
  /** Logto's `PasswordSignInForm` (identifier and password on one form) versus `IdentifierSignInForm`. */
  const isPasswordOnly = (experience: SignInExperience) =>
    experience.signIn.methods.every(
      ({ password, verificationCode }) => password && !verificationCode,
    );

  const redirect = (ctx: Koa.Context, path: string) => {
    ctx.status = 303;
    ctx.redirect(path);
  };

  async function finishLogin(ctx: Koa.Context, interaction: Interaction, accountId: string) {
    await verifications.remove(interaction.uid);
    const returnTo = await provider.interactionResult(
      ctx.req,
      ctx.res,
      { login: { accountId } },
      { mergeWithLastSubmission: false },
    );
    redirect(ctx, returnTo);
  }

  // MARK: Sign-in

  async function signInPage(screen: Screen, status: number, state: FormState) {
    const { experience, href } = screen;
    const types = signInTypes(experience);
    const demoIdentifier = (account: PageAccount) =>
      types.includes('email')
        ? account.email
        : types.includes('username')
          ? account.username
          : undefined;
    render(
      screen.ctx,
      status,
      renderSignInPage({
        appName: await applicationName(screen.interaction),
        action: href(experiencePaths.signIn),
        passwordAction: href(experiencePaths.signInPassword),
        identifierLabel: identifierLabel(types),
        identifierAutocomplete: identifierAutocomplete(types),
        passwordInline: isPasswordOnly(experience),
        registerHref: canRegister(experience) ? href(experiencePaths.register) : undefined,
        accounts: await demoAccounts(),
        demoIdentifier,
        state,
      }),
    );
  }

  function passwordPage(screen: Screen, status: number, identifier: string, state: FormState) {
    render(
      screen.ctx,
      status,
      renderSignInPasswordPage({
        action: screen.href(experiencePaths.signInPassword),
        identifier,
        changeHref: screen.href(experiencePaths.signIn),
        state,
      }),
    );
  }

  /** The identifier field of a sign-in or sign-up form, or the page to show about it. */
  function readIdentifier(screen: Screen, types: readonly SignInIdentifier[]) {
    const raw = screen.form?.identifier?.trim() ?? '';
    if (!raw) return { raw, error: requiredMessage(types) };
    const identifier = parseIdentifier(raw, types);
    return identifier ? { raw, identifier } : { raw, error: invalidMessage(types) };
  }

  async function signInWithPassword(
    screen: Screen,
    identifier: Identifier,
    password: string,
    showError: (status: number, message: string) => Promise<void> | void,
  ) {
    const user = await db.one<CredentialRow>(
      `select ${credentialColumns} from users where ${identifierConditions[identifier.type]}`,
      [identifier.value],
    );
    if (!user || !(await verifyUserPassword(db, user, password)))
      return showError(422, messages.invalidCredentials);
    await signInAs(screen, user, showError);
  }

  async function signInAs(
    screen: Screen,
    user: CredentialRow,
    showError: (status: number, message: string) => Promise<void> | void,
  ) {
    if (user.is_suspended) return showError(403, messages.suspended);
    await db.query('update users set last_sign_in_at = $2, updated_at = $2 where id = $1', [
      user.id,
      Date.now(),
    ]);
    await finishLogin(screen.ctx, screen.interaction, user.id);
  }

  async function signIn(screen: Screen) {
    const { ctx, interaction, experience } = screen;
    if (!canSignIn(experience)) {
      if (canRegister(experience)) return redirect(ctx, screen.href(experiencePaths.register));
      return render(
        ctx,
        403,
        renderNoticePage({ title: 'Sign in', message: messages.signInDisabled }),
      );
    }
    if (ctx.method === 'GET') {
      const loginHint = ctx.query.login_hint ?? interaction.params.login_hint;
      return signInPage(screen, 200, {
        values: { identifier: typeof loginHint === 'string' ? loginHint : '' },
      });
    }

    const types = signInTypes(experience);
    const { raw, identifier, error } = readIdentifier(screen, types);
    const values = { identifier: raw };
    if (!identifier)
      return signInPage(screen, raw ? 422 : 400, {
        values,
        error: { message: error, field: 'identifier' },
      });

    if (isPasswordOnly(experience)) {
      const password = screen.form?.password ?? '';
      if (!password)
        return signInPage(screen, 400, {
          values,
          error: { message: messages.passwordRequired, field: 'password' },
        });
      return signInWithPassword(screen, identifier, password, (status, message) =>
        signInPage(screen, status, { values, error: { message, field: 'password' } }),
      );
    }

    // Logto's `IdentifierSignInForm`: a username, or a method with a primary (or only) password, goes on to
    // the password; otherwise a code is sent.
    const method = experience.signIn.methods.find(
      (candidate) => candidate.identifier === identifier.type,
    );
    if (
      identifier.type === 'username' ||
      (method?.password && (method.isPasswordPrimary || !method.verificationCode))
    )
      return passwordPage(screen, 200, identifier.value, {});
    return sendCode(screen, 'signIn', identifier, (message) =>
      signInPage(screen, 422, { values, error: { message, field: 'identifier' } }),
    );
  }

  async function signInPassword(screen: Screen) {
    const { ctx, experience } = screen;
    if (ctx.method === 'GET' || !canSignIn(experience))
      return redirect(ctx, screen.href(experiencePaths.signIn));
    const { raw, identifier, error } = readIdentifier(screen, signInTypes(experience));
    if (!identifier)
      return signInPage(screen, 422, {
        values: { identifier: raw },
        error: { message: error, field: 'identifier' },
      });
    const password = screen.form?.password ?? '';
    const showError = (status: number, message: string) =>
      passwordPage(screen, status, identifier.value, { error: { message, field: 'password' } });
    if (!password) return showError(400, messages.passwordRequired);
    return signInWithPassword(screen, identifier, password, showError);
  }

  // MARK: Verification codes (both flows)

  async function sendCode(
    screen: Screen,
    flow: 'register' | 'signIn',
    identifier: Identifier,
    showError: (message: string) => Promise<void> | void,
  ) {
    try {
      await verifications.sendCode(screen.interaction.uid, flow, identifier);
    } catch (error: unknown) {
      // No email connector (501) or too many codes to this address (429): said on the form.
      if (error instanceof RequestError) return showError(error.message);
      throw error;
    }
    redirect(
      screen.ctx,
      screen.href(flow === 'register' ? experiencePaths.registerCode : experiencePaths.signInCode),
    );
  }

  /**
   * `GET` shows the code screen; `POST` with `resend` sends a new code, otherwise checks the code and hands
   * the verified identifier to `onVerified`.
   */
  async function codeScreen(
    screen: Screen,
    flow: 'register' | 'signIn',
    onVerified: (identifier: Identifier) => Promise<void>,
  ) {
    const { ctx, interaction, href } = screen;
    const startPath = flow === 'register' ? experiencePaths.register : experiencePaths.signIn;
    const pending = await verifications.find(interaction.uid, flow);
    if (!pending || pending.identifier.type !== 'email') return redirect(ctx, href(startPath));
    const page = (status: number, state: FormState) =>
      render(
        ctx,
        status,
        renderVerificationCodePage({
          action: href(
            flow === 'register' ? experiencePaths.registerCode : experiencePaths.signInCode,
          ),
          identifier: pending.identifier.value,
          changeHref: href(startPath),
          mailboxHref: `/_emulator/mailbox?to=${encodeURIComponent(pending.identifier.value)}`,
          state,
        }),
      );
    if (ctx.method === 'GET') return page(200, {});

    if (screen.form?.resend) {
      try {
        await verifications.sendCode(interaction.uid, flow, pending.identifier);
      } catch (error: unknown) {
        if (error instanceof RequestError)
          return page(error.status, { error: { message: error.message } });
        throw error;
      }
      return page(200, { notice: messages.codeResent });
    }
    const result = await verifications.verifyCode(
      interaction.uid,
      flow,
      submittedCode(screen.form),
    );
    if (!result) return redirect(ctx, href(startPath));
    if (!result.ok) return page(422, { error: { message: result.message, field: 'code' } });
    await onVerified(result.pending.identifier);
  }

  async function signInCode(screen: Screen) {
    if (!canSignIn(screen.experience))
      return redirect(screen.ctx, screen.href(experiencePaths.signIn));
    await codeScreen(screen, 'signIn', async (identifier) => {
      const user = await db.one<CredentialRow>(
        `select ${credentialColumns} from users where ${identifierConditions[identifier.type]}`,
        [identifier.value],
      );
      const showError = (status: number, message: string) =>
        signInPage(screen, status, {
          values: { identifier: identifier.value },
          error: { message, field: 'identifier' },
        });
      // Logto then offers to create the account with the verified email; here the page says so.
      if (!user) return showError(422, messages.userNotFound);
      await signInAs(screen, user, showError);
    });
  }

  // MARK: Sign-up

  function registerPage(screen: Screen, status: number, state: FormState) {
    const types = signUpTypes(screen.experience);
    return applicationName(screen.interaction).then((appName) =>
      render(
        screen.ctx,
        status,
        renderRegisterPage({
          appName,
          action: screen.href(experiencePaths.register),
          identifierLabel: identifierLabel(types),
          identifierAutocomplete: identifierAutocomplete(types),
          signInHref: canSignIn(screen.experience)
            ? screen.href(experiencePaths.signIn)
            : undefined,
          state,
        }),
      ),
    );
  }

  const identifierTaken = async (identifier: Identifier) =>
    Boolean(
      await db.one(`select 1 from users where ${identifierConditions[identifier.type]}`, [
        identifier.value,
      ]),
    );

  const inUseMessage = (identifier: Identifier) =>
    identifier.type === 'email' ? messages.emailInUse : messages.usernameInUse;

  async function register(screen: Screen) {
    const { ctx, interaction, experience } = screen;
    if (!canRegister(experience))
      return render(
        ctx,
        403,
        renderNoticePage({
          title: 'Create your account',
          message: messages.registrationDisabled,
          link: canSignIn(experience)
            ? { href: screen.href(experiencePaths.signIn), text: 'Sign in' }
            : undefined,
        }),
      );
    if (ctx.method === 'GET') {
      const loginHint = ctx.query.login_hint ?? interaction.params.login_hint;
      return registerPage(screen, 200, {
        values: { identifier: typeof loginHint === 'string' ? loginHint : '' },
      });
    }

    const { raw, identifier, error } = readIdentifier(screen, signUpTypes(experience));
    const showError = (status: number, message: string) =>
      registerPage(screen, status, {
        values: { identifier: raw },
        error: { message, field: 'identifier' },
      });
    if (!identifier) return showError(raw ? 422 : 400, error);
    if (identifier.type === 'email' && experience.signUp.verify)
      // The code first, so that nobody can claim an address they cannot read (whether it is taken is
      // only said after that, as Logto does).
      return sendCode(screen, 'register', identifier, (message) => showError(422, message));
    if (await identifierTaken(identifier)) return showError(422, inUseMessage(identifier));
    await verifications.recordVerified(interaction.uid, 'register', identifier);
    return afterRegisterIdentifier(screen, identifier);
  }

  /** The identifier is verified (or needs no verification): a password next, or the account at once. */
  async function afterRegisterIdentifier(screen: Screen, identifier: Identifier) {
    if (await identifierTaken(identifier))
      return registerPage(screen, 422, {
        values: { identifier: identifier.value },
        error: { message: inUseMessage(identifier), field: 'identifier' },
      });
    if (screen.experience.signUp.password)
      return redirect(screen.ctx, screen.href(experiencePaths.registerPassword));
    return createAccount(screen, identifier, undefined);
  }

  async function registerCode(screen: Screen) {
    if (!canRegister(screen.experience))
      return redirect(screen.ctx, screen.href(experiencePaths.register));
    await codeScreen(screen, 'register', (identifier) =>
      afterRegisterIdentifier(screen, identifier),
    );
  }

  async function registerPassword(screen: Screen) {
    const { ctx, interaction, experience, href } = screen;
    const pending = await verifications.find(interaction.uid, 'register');
    if (!canRegister(experience) || !pending?.verified)
      return redirect(ctx, href(experiencePaths.register));
    const page = (status: number, state: FormState) =>
      render(
        ctx,
        status,
        renderRegisterPasswordPage({
          action: href(experiencePaths.registerPassword),
          identifier: pending.identifier.value,
          policyHint: passwordPolicyHint(experience),
          state,
        }),
      );
    if (ctx.method === 'GET') return page(200, {});

    const password = screen.form?.newPassword ?? '';
    if (!password)
      return page(400, { error: { message: messages.passwordRequired, field: 'newPassword' } });
    if (password !== (screen.form?.confirmPassword ?? password))
      return page(422, {
        error: { message: messages.passwordsDoNotMatch, field: 'confirmPassword' },
      });
    const { type, value } = pending.identifier;
    const issue = checkPasswordPolicy(password, experience.passwordPolicy, { [type]: value });
    if (issue) return page(422, { error: { message: issue.message, field: 'newPassword' } });
    await createAccount(screen, pending.identifier, password);
  }

  /** Logto's `insertUser` for a sign-up: the user, the tenant's default roles, JIT organizations; signed in. */
  async function createAccount(
    screen: Screen,
    identifier: Identifier,
    password: string | undefined,
  ) {
    const passwordHash = password === undefined ? null : await hashPassword(password);
    const userId = await db
      .transaction(async (tx) => {
        const now = Date.now();
        const id = generateStandardShortId();
        await tx.query(
          `insert into users (id, username, primary_email, password_hash, last_sign_in_at, created_at, updated_at)
           values ($1, $2, $3, $4, $5, $5, $5)`,
          [
            id,
            identifier.type === 'username' ? identifier.value : null,
            identifier.type === 'email' ? identifier.value : null,
            passwordHash,
            now,
          ],
        );
        await tx.query(
          `insert into users_roles (user_id, role_id)
           select $1, id from roles where is_default = true and type = 'User' on conflict do nothing`,
          [id],
        );
        if (identifier.type === 'email')
          await provisionJitOrganizations(tx, id, identifier.value, now);
        await verifications.remove(screen.interaction.uid, tx);
        return id;
      })
      .catch((error: unknown) => {
        // A concurrent sign-up with the same identifier lost the race on the unique index.
        if (pgErrorCode(error) === pgErrorCodes.uniqueViolation) return undefined;
        throw error;
      });
    if (!userId)
      return registerPage(screen, 422, {
        values: { identifier: identifier.value },
        error: { message: inUseMessage(identifier), field: 'identifier' },
      });
    await finishLogin(screen.ctx, screen.interaction, userId);
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

  const handlers: Record<Exclude<ScreenName, 'consent'>, (screen: Screen) => Promise<void>> = {
    signIn,
    signInPassword,
    signInCode,
    register,
    registerCode,
    registerPassword,
  };

  return async (ctx, next) => {
    const name = (Object.keys(experiencePaths) as ScreenName[]).find(
      (candidate) => experiencePaths[candidate] === ctx.path,
    );
    const allowed = name === 'consent' ? ['GET'] : ['GET', 'POST'];
    if (!name || !allowed.includes(ctx.method)) {
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
    if (interaction.prompt.name === 'consent' && name !== 'consent') {
      ctx.redirect(buildConsentPromptPath(appId));
      return;
    }
    if (interaction.prompt.name === 'login' && name === 'consent') {
      ctx.redirect(buildLoginPromptPath(interaction.params, appId));
      return;
    }
    if (name === 'consent') {
      await consent(ctx, interaction);
      return;
    }

    const search = ctx.querystring ? `?${ctx.querystring}` : '';
    await handlers[name]({
      ctx,
      interaction,
      experience: await readSignInExperience(db.pg),
      href: (path) => `${path}${search}`,
      form: ctx.method === 'POST' ? await readForm(ctx) : undefined,
    });
  };
}
