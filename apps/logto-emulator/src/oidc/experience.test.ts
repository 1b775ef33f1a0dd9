import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import { startTestEmulator, type TestEmulator } from '../test-utils.js';
import { registerDemoAccounts } from './demo-accounts.js';
import { defaultSignInExperience, logtoOssSignInAndSignUp } from './sign-in-experience.js';
import {
  createOrganization,
  createOrganizationTemplate,
  createSpaApplication,
  createUser,
  followToApp,
  location,
  signInWithPassword,
  startSignIn,
  type Browser,
} from './test-support.js';

let emulator: TestEmulator;
let clientId: string;
const ada = { email: 'ada@example.com', username: 'ada', password: 'ada-password-1' };

beforeAll(async () => {
  emulator = await startTestEmulator();
  clientId = await createSpaApplication(emulator.deps);
  await createUser(emulator.deps, { ...ada, name: 'Ada Admin' });
});
afterAll(async () => {
  await emulator.close();
});
beforeEach(async () => {
  // Every test starts from the emulator's default experience.
  await emulator.deps.db.query('delete from sign_in_experiences');
  await emulator.deps.mailer.clearMessages();
});

const patchExperience = (body: Record<string, unknown>) =>
  emulator.api('/api/sign-in-exp', { method: 'PATCH', json: body });

async function latestCode(email: string): Promise<string> {
  const [message] = await emulator.deps.mailer.listMessages({ to: email });
  const code = message?.payload.code;
  if (typeof code !== 'string') throw new Error(`No code was sent to ${email}`);
  return code;
}

const usersWith = (email: string) =>
  emulator.deps.db.query<{ id: string; password_hash: string | null }>(
    'select id, password_hash from users where lower(primary_email) = lower($1)',
    [email],
  );

/** Submits a form and expects a 303 to `pathname`; returns the next URL. */
async function submitExpectingRedirect(
  browser: Browser,
  url: URL,
  fields: Record<string, string>,
  pathname: string | RegExp,
) {
  const response = await browser.submitForm(url, fields);
  expect(response.status, await response.clone().text()).toBe(303);
  const next = location(response, emulator.url);
  if (typeof pathname === 'string') expect(next.pathname).toBe(pathname);
  else expect(next.pathname).toMatch(pathname);
  return next;
}

describe('sign-in page', () => {
  it('asks for "Email / Username" and the password on one form, prefills login_hint and lists the demo accounts', async () => {
    await registerDemoAccounts(emulator.deps.db.pg, [
      { ...ada, description: 'Admin of Acme' },
      { email: 'gone@example.com', password: 'x', description: 'Not a user (not listed)' },
    ]);
    const { browser, screen } = await startSignIn(emulator.url, clientId, {
      login_hint: ada.email,
    });
    expect(screen.pathname).toBe('/sign-in');
    const page = await browser.request(screen);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const html = await page.text();
    expect(html).toContain('<html lang="en">');
    expect(html).toContain('for development and tests only');
    expect(html).toContain('<label for="identifier">Email / Username</label>');
    expect(html).toMatch(
      /<input id="identifier" name="identifier" type="text"[^>]*value="ada@example.com"/,
    );
    expect(html).toContain('<label for="password">Password</label>');
    expect(html).toContain('Create account');
    expect(html).toContain('Admin of Acme');
    expect(html).toContain('username <code>ada</code>');
    expect(html).not.toContain('gone@example.com');

    // A demo account's button posts identifier and password to the password screen and signs in.
    const next = await submitExpectingRedirect(
      browser,
      new URL(`/sign-in/password${screen.search}`, emulator.url),
      { identifier: ada.email, password: ada.password },
      /^\/oidc\/auth\//,
    );
    expect((await followToApp(browser, next, emulator.url)).searchParams.get('code')).toBeTruthy();
  });

  it('signs in by username as well as by email, in any case of the email', async () => {
    for (const identifier of ['ada', 'ADA@Example.com']) {
      const { browser, screen } = await startSignIn(emulator.url, clientId);
      await submitExpectingRedirect(
        browser,
        screen,
        { identifier, password: ada.password },
        /^\/oidc\/auth\//,
      );
    }
  });

  it('says in words what is wrong, marks the field and keeps the identifier', async () => {
    const { browser, screen } = await startSignIn(emulator.url, clientId);
    const cases: Array<[Record<string, string>, number, string, string]> = [
      [{ identifier: '', password: 'x' }, 400, 'Email or Username is required', 'identifier'],
      [{ identifier: 'a@b', password: 'x' }, 422, 'The email or username is invalid', 'identifier'],
      [{ identifier: ada.email, password: '' }, 400, 'Password is required', 'password'],
      [
        { identifier: ada.email, password: 'wrong-password' },
        422,
        'Incorrect account or password. Please check your input.',
        'password',
      ],
      [
        { identifier: 'nobody@example.com', password: 'whatever1' },
        422,
        'Incorrect account or password. Please check your input.',
        'password',
      ],
    ];
    for (const [fields, status, message, field] of cases) {
      const response = await browser.submitForm(screen, fields);
      expect(response.status).toBe(status);
      const html = await response.text();
      expect(html).toContain(`<div class="alert" role="alert" id="form-error">${message}</div>`);
      expect(html).toMatch(
        new RegExp(`<input id="${field}"[^>]*aria-invalid="true" aria-describedby="form-error"`),
      );
      if (fields.identifier) expect(html).toContain(`value="${fields.identifier}"`);
    }
    // The interaction survives the mistakes.
    await submitExpectingRedirect(
      browser,
      screen,
      { identifier: ada.email, password: ada.password },
      /^\/oidc\/auth\//,
    );
  });

  it('refuses suspended users', async () => {
    await createUser(emulator.deps, {
      email: 'suspended@example.com',
      password: 'suspended-1',
      isSuspended: true,
    });
    const { browser, screen } = await startSignIn(emulator.url, clientId);
    const response = await browser.submitForm(screen, {
      identifier: 'suspended@example.com',
      password: 'suspended-1',
    });
    expect(response.status).toBe(403);
    expect(await response.text()).toContain('This account is suspended.');
  });

  it('follows a fresh Logto OSS experience: username only', async () => {
    expect((await patchExperience(logtoOssSignInAndSignUp)).status).toBe(200);
    const { browser, screen } = await startSignIn(emulator.url, clientId);
    const html = await (await browser.request(screen)).text();
    expect(html).toContain('<label for="identifier">Username</label>');
    const byEmail = await browser.submitForm(screen, {
      identifier: ada.email,
      password: ada.password,
    });
    expect(byEmail.status).toBe(422);
    expect(await byEmail.text()).toContain('The username is invalid');
    await submitExpectingRedirect(
      browser,
      screen,
      { identifier: 'ada', password: ada.password },
      /^\/oidc\/auth\//,
    );
  });

  it('is identifier-first when a method also has a code: the password next, or a code when it is not primary', async () => {
    const response = await patchExperience({
      signIn: {
        methods: [
          { identifier: 'email', password: true, verificationCode: true, isPasswordPrimary: true },
        ],
      },
    });
    expect(response.status).toBe(200);
    const first = await startSignIn(emulator.url, clientId);
    const identifierOnly = await first.browser.request(first.screen);
    expect(await identifierOnly.text()).not.toContain('<label for="password">');
    const passwordScreen = await first.browser.submitForm(first.screen, { identifier: ada.email });
    expect(passwordScreen.status).toBe(200);
    const html = await passwordScreen.text();
    expect(html).toContain('<h1>Enter password</h1>');
    expect(html).toContain('<strong>ada@example.com</strong>');
    await submitExpectingRedirect(
      first.browser,
      new URL(`/sign-in/password${first.screen.search}`, emulator.url),
      { identifier: ada.email, password: ada.password },
      /^\/oidc\/auth\//,
    );

    await patchExperience({
      signIn: {
        methods: [
          { identifier: 'email', password: true, verificationCode: true, isPasswordPrimary: false },
        ],
      },
    });
    const second = await startSignIn(emulator.url, clientId);
    const codeScreen = await submitExpectingRedirect(
      second.browser,
      second.screen,
      { identifier: ada.email },
      '/sign-in/verification-code',
    );
    const [mail] = await emulator.deps.mailer.listMessages({ to: ada.email });
    expect(mail?.usageType).toBe('SignIn');
    await submitExpectingRedirect(
      second.browser,
      codeScreen,
      { code: await latestCode(ada.email) },
      /^\/oidc\/auth\//,
    );

    // An unknown address gets a code too (nothing is said before it is verified), then the page says so.
    const third = await startSignIn(emulator.url, clientId);
    const unknownCode = await submitExpectingRedirect(
      third.browser,
      third.screen,
      { identifier: 'stranger@example.com' },
      '/sign-in/verification-code',
    );
    const unknown = await third.browser.submitForm(unknownCode, {
      code: await latestCode('stranger@example.com'),
    });
    expect(unknown.status).toBe(422);
    expect(await unknown.text()).toContain('The account does not exist.');
  });

  it('sends the browser to sign-up when the experience is register-only', async () => {
    await patchExperience({ signInMode: 'Register' });
    const { browser, screen } = await startSignIn(emulator.url, clientId);
    const response = await browser.request(screen);
    expect(response.status).toBe(303);
    expect(location(response, emulator.url).pathname).toBe('/register');
  });
});

describe('sign-up by email', () => {
  it('sends a code before it asks for a password, then creates the user with default roles and JIT organizations', async () => {
    const { db } = emulator.deps;
    const defaultRoleId = 'default-user-role';
    await db.query(
      "insert into roles (id, name, description, type, is_default) values ($1, 'newcomer', 'Default', 'User', true)",
      [defaultRoleId],
    );
    await createOrganizationTemplate(emulator.deps);
    const jitOrganization = await createOrganization(emulator.deps, { name: 'JIT Corp' });
    const [memberRole] = await db.query<{ id: string }>(
      "select id from organization_roles where name = 'member'",
    );
    await db.query(
      "insert into organization_jit_email_domains (organization_id, email_domain) values ($1, 'jit.example')",
      [jitOrganization],
    );
    await db.query(
      'insert into organization_jit_roles (organization_id, organization_role_id) values ($1, $2)',
      [jitOrganization, memberRole?.id],
    );

    const { browser, screen } = await startSignIn(emulator.url, clientId, {
      first_screen: 'register',
    });
    expect(screen.pathname).toBe('/register');
    const form = await (await browser.request(screen)).text();
    expect(form).toContain('<h1>Create your account</h1>');
    expect(form).toContain('<label for="identifier">Email</label>');
    expect(form).not.toContain('type="password"');

    const email = 'Lin@JIT.example';
    const codeScreen = await submitExpectingRedirect(
      browser,
      screen,
      { identifier: email },
      '/register/verification-code',
    );
    expect(codeScreen.search).toBe(screen.search);
    const [mail] = await emulator.deps.mailer.listMessages({ to: email });
    expect(mail).toMatchObject({
      usageType: 'Register',
      subject: 'Registration verification code',
    });
    expect(await usersWith(email)).toEqual([]);

    // No password before the code.
    const early = await browser.request(
      new URL(`/register/password${screen.search}`, emulator.url),
    );
    expect(early.status).toBe(303);
    expect(location(early, emulator.url).pathname).toBe('/register');

    const page = await (await browser.request(codeScreen)).text();
    expect(page).toContain('<label for="code">Verification code</label>');
    expect(page).toContain('<strong>Lin@JIT.example</strong>');
    expect(page).toContain('href="/_emulator/mailbox?to=Lin%40JIT.example"');
    const code = await latestCode(email);
    const wrong = await browser.submitForm(codeScreen, {
      code: code === '000000' ? '111111' : '000000',
    });
    expect(wrong.status).toBe(422);
    expect(await wrong.text()).toContain('Invalid verification code.');

    // Logto's six boxes work as well as the single field.
    const boxes = Object.fromEntries([...code].map((digit, index) => [`passcode_${index}`, digit]));
    const passwordScreen = await submitExpectingRedirect(
      browser,
      codeScreen,
      boxes,
      '/register/password',
    );
    const passwordPage = await (await browser.request(passwordScreen)).text();
    expect(passwordPage).toContain('<h1>Create your password</h1>');
    expect(passwordPage).toContain('At least 8 characters.');

    const mismatch = await browser.submitForm(passwordScreen, {
      newPassword: 'Tulip-garden-7',
      confirmPassword: 'Tulip-garden-8',
    });
    expect(mismatch.status).toBe(422);
    expect(await mismatch.text()).toContain('Your passwords don&#39;t match. Please try again.');
    const short = await browser.submitForm(passwordScreen, {
      newPassword: 'short',
      confirmPassword: 'short',
    });
    expect(short.status).toBe(422);
    expect(await short.text()).toContain('Minimum length is 8.');

    const done = await submitExpectingRedirect(
      browser,
      passwordScreen,
      { newPassword: 'Tulip-garden-7', confirmPassword: 'Tulip-garden-7' },
      /^\/oidc\/auth\//,
    );
    expect((await followToApp(browser, done, emulator.url)).searchParams.get('code')).toBeTruthy();

    const [user] = await usersWith(email);
    expect(user?.password_hash).toBeTruthy();
    expect(
      await db.query('select role_id from users_roles where user_id = $1', [user?.id]),
    ).toEqual([{ role_id: defaultRoleId }]);
    const memberships = await db.query(
      `select m.organization_id, r.name as role from organization_user_relations m
       left join organization_role_user_relations ru on ru.organization_id = m.organization_id and ru.user_id = m.user_id
       left join organization_roles r on r.id = ru.organization_role_id
       where m.user_id = $1`,
      [user?.id],
    );
    expect(memberships).toEqual([{ organization_id: jitOrganization, role: 'member' }]);
    // The verification is used up, and the new account signs in with its password.
    expect(await db.query('select 1 from experience_verifications')).toEqual([]);
    await expect(
      signInWithPassword(emulator.url, {
        clientId,
        email: 'lin@jit.example',
        password: 'Tulip-garden-7',
        scopes: [],
        resources: [],
      }),
    ).resolves.toBeDefined();
  });

  it('says an address is taken only after it is verified, and creates nothing', async () => {
    const { browser, screen } = await startSignIn(emulator.url, clientId, {
      first_screen: 'register',
    });
    const codeScreen = await submitExpectingRedirect(
      browser,
      screen,
      { identifier: 'ADA@example.com' },
      '/register/verification-code',
    );
    const taken = await browser.submitForm(codeScreen, { code: await latestCode(ada.email) });
    expect(taken.status).toBe(422);
    const html = await taken.text();
    expect(html).toContain('This email is associated with an existing account.');
    expect(html).toContain('Already have an account?');
    expect(await usersWith(ada.email)).toHaveLength(1);
  });

  it('resends a new code (the old one stops working) and refuses all codes after 10 wrong ones', async () => {
    const { browser, screen } = await startSignIn(emulator.url, clientId, {
      first_screen: 'register',
    });
    const email = 'resend@example.com';
    const codeScreen = await submitExpectingRedirect(
      browser,
      screen,
      { identifier: email },
      '/register/verification-code',
    );
    const first = await latestCode(email);
    const resent = await browser.submitForm(codeScreen, { resend: '1' });
    expect(resent.status).toBe(200);
    expect(await resent.text()).toContain('A new verification code has been sent.');
    expect(await emulator.deps.mailer.listMessages({ to: email })).toHaveLength(2);
    const second = await latestCode(email);
    if (first !== second) {
      const old = await browser.submitForm(codeScreen, { code: first });
      expect(await old.text()).toContain('Invalid verification code.');
    }
    const wrongCode = second === '999999' ? '999998' : '999999';
    for (let attempt = 1; attempt < 10; attempt += 1) {
      await browser.submitForm(codeScreen, { code: wrongCode });
    }
    const tooMany = await browser.submitForm(codeScreen, { code: second });
    expect(tooMany.status).toBe(422);
    expect(await tooMany.text()).toContain('Verification code retries limitation exceeded.');
    expect(await usersWith(email)).toEqual([]);
  });

  it('says so on the form when no email connector can send the code', async () => {
    await emulator.deps.mailer.setConnectorEnabled(false);
    try {
      const { browser, screen } = await startSignIn(emulator.url, clientId, {
        first_screen: 'register',
      });
      const response = await browser.submitForm(screen, { identifier: 'nomail@example.com' });
      expect(response.status).toBe(422);
      expect(await response.text()).toContain(
        'Cannot find any available connector for type: Email.',
      );
    } finally {
      await emulator.deps.mailer.setConnectorEnabled(true);
    }
  });
});

describe('sign-up by the stored experience', () => {
  it('registers a username with a password and no code when the experience says username', async () => {
    await patchExperience(logtoOssSignInAndSignUp);
    const { browser, screen } = await startSignIn(emulator.url, clientId, {
      first_screen: 'register',
    });
    expect(await (await browser.request(screen)).text()).toContain(
      '<label for="identifier">Username</label>',
    );
    const taken = await browser.submitForm(screen, { identifier: 'ada' });
    expect(taken.status).toBe(422);
    expect(await taken.text()).toContain('This username is already in use.');
    const passwordScreen = await submitExpectingRedirect(
      browser,
      screen,
      { identifier: 'grace' },
      '/register/password',
    );
    // Logto's `userInfo` rejection: the password may not contain the username.
    const personal = await browser.submitForm(passwordScreen, {
      newPassword: 'grace-password',
      confirmPassword: 'grace-password',
    });
    expect(await personal.text()).toContain('Avoid using your personal information.');
    await submitExpectingRedirect(
      browser,
      passwordScreen,
      { newPassword: 'hopper-Pass-9', confirmPassword: 'hopper-Pass-9' },
      /^\/oidc\/auth\//,
    );
    const rows = await emulator.deps.db.query<{ primary_email: string | null }>(
      "select primary_email from users where username = 'grace'",
    );
    expect(rows).toEqual([{ primary_email: null }]);
    expect(await emulator.deps.mailer.listMessages()).toEqual([]);
  });

  it('has no sign-up when the experience is sign-in only', async () => {
    await patchExperience({ signInMode: 'SignIn' });
    const { browser, screen } = await startSignIn(emulator.url, clientId);
    expect(await (await browser.request(screen)).text()).not.toContain('Create account');
    const register = await browser.request(new URL(`/register${screen.search}`, emulator.url));
    expect(register.status).toBe(403);
    expect(await register.text()).toContain('Creating an account is not enabled.');
    const post = await browser.submitForm(new URL(`/register${screen.search}`, emulator.url), {
      identifier: 'someone@example.com',
    });
    expect(post.status).toBe(403);
    expect(await emulator.deps.mailer.listMessages()).toEqual([]);
  });

  it('starts from the emulator defaults: email and username sign-in, verified email sign-up', () => {
    const { signIn, signUp, signInMode } = defaultSignInExperience();
    expect(signIn.methods.map(({ identifier, password }) => [identifier, password])).toEqual([
      ['email', true],
      ['username', true],
    ]);
    expect(signUp).toEqual({ identifiers: ['email'], password: true, verify: true });
    expect(signInMode).toBe('SignInAndRegister');
  });
});
