/**
 * The server-rendered sign-in and sign-up pages: plain HTML forms, no script, labelled fields, errors in an
 * alert next to the form. They say plainly that this is the emulator and list the demo accounts.
 */

export type PageAccount = {
  email: string;
  username?: string | undefined;
  password: string;
  description: string;
};

/** Logto's field names (the experience app's forms), so one set of browser helpers drives both. */
type FieldName = 'identifier' | 'password' | 'newPassword' | 'confirmPassword' | 'code';

export type FormState = {
  values?: Partial<Record<FieldName, string>>;
  error?: { message: string; field?: FieldName };
  /** Good news, e.g. that a new code was sent. */
  notice?: string;
};

const escapeHtml = (value: string) =>
  value.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);

const styles = `
  *, *::before, *::after { box-sizing: border-box; }
  body { margin: 0; font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #1a1a1a; background: #f4f5f7; }
  .banner { background: #fff4ce; border-bottom: 2px solid #8a6d00; padding: 0 1rem; text-align: center; }
  main { max-width: 34rem; margin: 2rem auto; padding: 2rem; background: #fff; border-radius: 8px; box-shadow: 0 1px 3px rgb(0 0 0 / 0.15); }
  h1 { margin-top: 0; font-size: 1.75rem; }
  h2 { font-size: 1.25rem; margin-top: 2rem; }
  label { display: block; font-weight: 600; margin-top: 1rem; }
  input { display: block; width: 100%; padding: 0.6rem; margin-top: 0.25rem; font: inherit; border: 1px solid #6b6b6b; border-radius: 4px; }
  input[aria-invalid="true"] { border: 2px solid #b3261e; }
  input:focus, button:focus, a:focus { outline: 3px solid #1a56db; outline-offset: 2px; }
  .hint { margin: 0.25rem 0 0; color: #4a4a4a; font-size: 0.9rem; }
  button { margin-top: 1.5rem; padding: 0.6rem 1.2rem; font: inherit; font-weight: 600; color: #fff; background: #1a56db; border: 0; border-radius: 4px; cursor: pointer; }
  .notice { margin: 1rem 0; padding: 0.75rem 1rem; border: 2px solid #1e6b34; border-radius: 4px; background: #e8f5eb; color: #14532d; }
  .alert { margin: 1rem 0; padding: 0.75rem 1rem; border: 2px solid #b3261e; border-radius: 4px; background: #fdecea; color: #8c1d18; }
  a { color: #1a56db; }
  .demo-accounts { list-style: none; padding: 0; margin: 0; }
  .demo-account { display: flex; flex-wrap: wrap; gap: 0.5rem 1rem; align-items: center; justify-content: space-between; padding: 0.75rem 0; border-top: 1px solid #d1d5db; }
  .demo-account p { margin: 0.25rem 0 0; }
  .demo-password { display: block; font-size: 0.9rem; }
  caption { text-align: left; color: #4a4a4a; padding-bottom: 0.5rem; }
  td form button { margin: 0; padding: 0.3rem 0.7rem; font-size: 0.9rem; }
  code { font-size: 0.9rem; }
  input.code { max-width: 12rem; font-size: 1.25rem; letter-spacing: 0.3em; }
  button.secondary { color: #1a56db; background: #fff; border: 1px solid #1a56db; margin-top: 0.75rem; }
  .visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%); white-space: nowrap; }
`;

function layout(title: string, body: string): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <meta name="robots" content="noindex">
  <title>${escapeHtml(title)} · Logto emulator</title>
  <style>${styles}</style>
</head>
<body>
  <header class="banner"><p><strong>Logto emulator</strong> — for development and tests only. This is not a
  real Logto: never use it in production or with real passwords.</p></header>
  <main>
${body}
  </main>
</body>
</html>
`;
}

function errorAlert(state: FormState): string {
  const notice = state.notice
    ? `<div class="notice" role="status">${escapeHtml(state.notice)}</div>`
    : '';
  return state.error
    ? `${notice}<div class="alert" role="alert" id="form-error">${escapeHtml(state.error.message)}</div>`
    : notice;
}

function field(
  state: FormState,
  {
    name,
    label,
    type,
    autocomplete,
    hint,
    required = true,
    extra = '',
  }: {
    name: FieldName;
    label: string;
    type: string;
    autocomplete: string;
    hint?: string;
    required?: boolean;
    /** More attributes, e.g. `inputmode="numeric"`. */
    extra?: string;
  },
): string {
  const invalid = state.error?.field === name;
  const describedBy = [
    hint ? `${name}-hint` : undefined,
    invalid ? 'form-error' : undefined,
  ].filter(Boolean);
  const value = type === 'password' ? '' : (state.values?.[name] ?? '');
  return `
    <label for="${name}">${escapeHtml(label)}</label>
    <input id="${name}" name="${name}" type="${type}" autocomplete="${autocomplete}"${required ? ' required' : ''}${extra ? ` ${extra}` : ''}
      value="${escapeHtml(value)}"${invalid ? ' aria-invalid="true"' : ''}${describedBy.length > 0 ? ` aria-describedby="${describedBy.join(' ')}"` : ''}${invalid ? ' autofocus' : ''}>
    ${hint ? `<p class="hint" id="${name}-hint">${escapeHtml(hint)}</p>` : ''}`;
}

function demoAccountsSection(
  accounts: readonly PageAccount[],
  passwordAction: string,
  identifierOf: (account: PageAccount) => string | undefined,
): string {
  const usable = accounts.flatMap((account) => {
    const identifier = identifierOf(account);
    return identifier ? [{ ...account, identifier }] : [];
  });
  if (usable.length === 0) return '';
  const rows = usable
    .map(
      ({ email, username, identifier, password, description }) => `
        <li class="demo-account">
          <div>
            <strong>${escapeHtml(email)}</strong>
            ${username ? `<span class="demo-password">username <code>${escapeHtml(username)}</code></span>` : ''}
            <span class="demo-password">password <code>${escapeHtml(password)}</code></span>
            <p>${escapeHtml(description)}</p>
          </div>
          <form method="post" action="${escapeHtml(passwordAction)}">
            <input type="hidden" name="identifier" value="${escapeHtml(identifier)}">
            <input type="hidden" name="password" value="${escapeHtml(password)}">
            <button type="submit">Use ${escapeHtml(identifier)}</button>
          </form>
        </li>`,
    )
    .join('');
  return `
    <section aria-labelledby="demo-accounts-heading">
      <h2 id="demo-accounts-heading">Demo accounts</h2>
      <p>Seeded accounts with their passwords. Choose one to sign in with it.</p>
      <ul class="demo-accounts">${rows}
      </ul>
    </section>`;
}

const continueTo = (appName: string) =>
  `<p>to continue to <strong>${escapeHtml(appName)}</strong>.</p>`;

/**
 * Logto's sign-in screen: one `identifier` field labelled after the enabled identifiers ("Email / Username"),
 * with the password on the same form when every method is password-only (Logto's `PasswordSignInForm`),
 * otherwise identifier first and the password or a code on the next screen (`IdentifierSignInForm`).
 * The demo accounts' buttons post identifier and password to `passwordAction`.
 */
export function renderSignInPage({
  appName,
  action,
  passwordAction,
  identifierLabel,
  identifierAutocomplete,
  passwordInline,
  registerHref,
  accounts,
  demoIdentifier,
  state,
}: {
  appName: string;
  action: string;
  passwordAction: string;
  identifierLabel: string;
  identifierAutocomplete: string;
  passwordInline: boolean;
  /** Undefined when the sign-in mode does not allow registration. */
  registerHref: string | undefined;
  accounts: readonly PageAccount[];
  demoIdentifier: (account: PageAccount) => string | undefined;
  state: FormState;
}): string {
  return layout(
    'Sign in',
    `
    <h1>Sign in</h1>
    ${continueTo(appName)}
    ${errorAlert(state)}
    <form method="post" action="${escapeHtml(action)}" novalidate>
      ${field(state, { name: 'identifier', label: identifierLabel, type: 'text', autocomplete: identifierAutocomplete })}
      ${passwordInline ? field(state, { name: 'password', label: 'Password', type: 'password', autocomplete: 'current-password' }) : ''}
      <button type="submit" name="submit">Sign in</button>
    </form>
    ${registerHref ? `<p>No account? <a href="${escapeHtml(registerHref)}">Create account</a></p>` : ''}
    ${demoAccountsSection(accounts, passwordAction, demoIdentifier)}`,
  );
}

/** Logto's `/sign-in/password`: the identifier from the first screen, then the password. */
export function renderSignInPasswordPage({
  action,
  identifier,
  changeHref,
  state,
}: {
  action: string;
  identifier: string;
  changeHref: string;
  state: FormState;
}): string {
  return layout(
    'Enter password',
    `
    <h1>Enter password</h1>
    <p>Enter the password of <strong>${escapeHtml(identifier)}</strong>. <a href="${escapeHtml(changeHref)}">Change</a></p>
    ${errorAlert(state)}
    <form method="post" action="${escapeHtml(action)}" novalidate>
      <input type="hidden" name="identifier" value="${escapeHtml(identifier)}" autocomplete="username">
      ${field(state, { name: 'password', label: 'Password', type: 'password', autocomplete: 'current-password' })}
      <button type="submit" name="submit">Continue</button>
    </form>`,
  );
}

/** Logto's registration screen: the sign-up identifier (Email, or Username on a fresh tenant). */
export function renderRegisterPage({
  appName,
  action,
  identifierLabel,
  identifierAutocomplete,
  signInHref,
  state,
}: {
  appName: string;
  action: string;
  identifierLabel: string;
  identifierAutocomplete: string;
  signInHref: string | undefined;
  state: FormState;
}): string {
  return layout(
    'Create your account',
    `
    <h1>Create your account</h1>
    ${continueTo(appName)}
    ${errorAlert(state)}
    <form method="post" action="${escapeHtml(action)}" novalidate>
      ${field(state, { name: 'identifier', label: identifierLabel, type: 'text', autocomplete: identifierAutocomplete })}
      <button type="submit" name="submit">Create account</button>
    </form>
    ${signInHref ? `<p>Already have an account? <a href="${escapeHtml(signInHref)}">Sign in</a></p>` : ''}`,
  );
}

export const verificationCodeLength = 6;

/**
 * Logto's "Enter verification code" screen. Logto shows six boxes (`passcode_0` … `passcode_5`) that a script
 * fills as one types; this page has no script, so it has one labelled `code` field (the handler takes either).
 */
export function renderVerificationCodePage({
  action,
  identifier,
  changeHref,
  mailboxHref,
  state,
}: {
  action: string;
  identifier: string;
  changeHref: string;
  mailboxHref: string;
  state: FormState;
}): string {
  return layout(
    'Enter verification code',
    `
    <h1>Enter verification code</h1>
    <p>The verification code has been sent to your email <strong>${escapeHtml(identifier)}</strong>.
      <a href="${escapeHtml(changeHref)}">Change</a></p>
    <p>The emulator sends no real email: the code is in its <a href="${escapeHtml(mailboxHref)}">dev mailbox</a>.</p>
    ${errorAlert(state)}
    <form method="post" action="${escapeHtml(action)}" novalidate>
      ${field(state, {
        name: 'code',
        label: 'Verification code',
        type: 'text',
        autocomplete: 'one-time-code',
        hint: `The ${verificationCodeLength} digits from the email.`,
        extra: `class="code" inputmode="numeric" pattern="[0-9]*" maxlength="${verificationCodeLength}"`,
      })}
      <button type="submit" name="submit">Continue</button>
    </form>
    <form method="post" action="${escapeHtml(action)}">
      <input type="hidden" name="resend" value="1">
      <button type="submit" class="secondary">Resend code</button>
    </form>`,
  );
}

/** Logto's "Create your password" screen (`SetPassword`): the new password twice, checked against the policy. */
export function renderRegisterPasswordPage({
  action,
  identifier,
  policyHint,
  state,
}: {
  action: string;
  identifier: string;
  policyHint: string;
  state: FormState;
}): string {
  return layout(
    'Create your password',
    `
    <h1>Create your password</h1>
    <p>for <strong>${escapeHtml(identifier)}</strong>.</p>
    ${errorAlert(state)}
    <form method="post" action="${escapeHtml(action)}" novalidate>
      <input type="hidden" name="identifier" value="${escapeHtml(identifier)}" autocomplete="username">
      ${field(state, { name: 'newPassword', label: 'Password', type: 'password', autocomplete: 'new-password', hint: policyHint })}
      ${field(state, { name: 'confirmPassword', label: 'Confirm password', type: 'password', autocomplete: 'new-password' })}
      <button type="submit" name="submit">Save password</button>
    </form>`,
  );
}

/** A page that only says something (a flow that is not enabled, an expired sign-in), with a way on. */
export function renderNoticePage({
  title,
  message,
  link,
}: {
  title: string;
  message: string;
  link?: { href: string; text: string } | undefined;
}): string {
  return layout(
    title,
    `
    <h1>${escapeHtml(title)}</h1>
    <div class="alert" role="alert">${escapeHtml(message)}</div>
    ${link ? `<p><a href="${escapeHtml(link.href)}">${escapeHtml(link.text)}</a></p>` : ''}`,
  );
}

/** Shown when a sign-in page is opened without a sign-in in progress (no or expired interaction cookie). */
export const renderNoInteractionPage = () =>
  renderNoticePage({
    title: 'This sign-in has expired',
    message:
      'There is no sign-in in progress in this browser, or it took longer than an hour. Go back to the application and choose “Sign in” again.',
  });
