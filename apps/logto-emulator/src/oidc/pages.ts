/**
 * The server-rendered sign-in and sign-up pages: plain HTML forms, no script, labelled fields, errors in an
 * alert next to the form. They say plainly that this is the emulator and list the demo accounts.
 */

export type PageAccount = { email: string; password: string; description: string };

type FieldName = 'email' | 'password' | 'name';

export type FormState = {
  values?: Partial<Record<FieldName, string>>;
  error?: { message: string; field?: FieldName };
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
  .alert { margin: 1rem 0; padding: 0.75rem 1rem; border: 2px solid #b3261e; border-radius: 4px; background: #fdecea; color: #8c1d18; }
  a { color: #1a56db; }
  .demo-accounts { list-style: none; padding: 0; margin: 0; }
  .demo-account { display: flex; flex-wrap: wrap; gap: 0.5rem 1rem; align-items: center; justify-content: space-between; padding: 0.75rem 0; border-top: 1px solid #d1d5db; }
  .demo-account p { margin: 0.25rem 0 0; }
  .demo-password { display: block; font-size: 0.9rem; }
  caption { text-align: left; color: #4a4a4a; padding-bottom: 0.5rem; }
  td form button { margin: 0; padding: 0.3rem 0.7rem; font-size: 0.9rem; }
  code { font-size: 0.9rem; }
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
  return state.error
    ? `<div class="alert" role="alert" id="form-error">${escapeHtml(state.error.message)}</div>`
    : '';
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
  }: {
    name: FieldName;
    label: string;
    type: string;
    autocomplete: string;
    hint?: string;
    required?: boolean;
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
    <input id="${name}" name="${name}" type="${type}" autocomplete="${autocomplete}"${required ? ' required' : ''}
      value="${escapeHtml(value)}"${invalid ? ' aria-invalid="true"' : ''}${describedBy.length > 0 ? ` aria-describedby="${describedBy.join(' ')}"` : ''}${invalid ? ' autofocus' : ''}>
    ${hint ? `<p class="hint" id="${name}-hint">${escapeHtml(hint)}</p>` : ''}`;
}

function demoAccountsSection(accounts: readonly PageAccount[], signInAction: string): string {
  if (accounts.length === 0) return '';
  const rows = accounts
    .map(
      ({ email, password, description }) => `
        <li class="demo-account">
          <div>
            <strong>${escapeHtml(email)}</strong>
            <span class="demo-password">password <code>${escapeHtml(password)}</code></span>
            <p>${escapeHtml(description)}</p>
          </div>
          <form method="post" action="${escapeHtml(signInAction)}">
            <input type="hidden" name="email" value="${escapeHtml(email)}">
            <input type="hidden" name="password" value="${escapeHtml(password)}">
            <button type="submit">Use ${escapeHtml(email)}</button>
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

export function renderSignInPage({
  appName,
  action,
  registerHref,
  accounts,
  state,
}: {
  appName: string;
  action: string;
  registerHref: string;
  accounts: readonly PageAccount[];
  state: FormState;
}): string {
  return layout(
    'Sign in',
    `
    <h1>Sign in</h1>
    <p>to continue to <strong>${escapeHtml(appName)}</strong>.</p>
    ${errorAlert(state)}
    <form method="post" action="${escapeHtml(action)}">
      ${field(state, { name: 'email', label: 'Email', type: 'email', autocomplete: 'username' })}
      ${field(state, { name: 'password', label: 'Password', type: 'password', autocomplete: 'current-password' })}
      <button type="submit">Sign in</button>
    </form>
    <p>No account yet? <a href="${escapeHtml(registerHref)}">Create an account</a></p>
    ${demoAccountsSection(accounts, action)}`,
  );
}

export function renderSignUpPage({
  appName,
  action,
  signInHref,
  accounts,
  state,
}: {
  appName: string;
  action: string;
  signInHref: string;
  accounts: readonly PageAccount[];
  state: FormState;
}): string {
  return layout(
    'Create an account',
    `
    <h1>Create an account</h1>
    <p>to continue to <strong>${escapeHtml(appName)}</strong>.</p>
    ${errorAlert(state)}
    <form method="post" action="${escapeHtml(action)}">
      ${field(state, { name: 'name', label: 'Name (optional)', type: 'text', autocomplete: 'name', required: false })}
      ${field(state, { name: 'email', label: 'Email', type: 'email', autocomplete: 'email' })}
      ${field(state, {
        name: 'password',
        label: 'Password',
        type: 'password',
        autocomplete: 'new-password',
        hint: 'At least 8 characters.',
      })}
      <button type="submit">Create account</button>
    </form>
    <p>Already have an account? <a href="${escapeHtml(signInHref)}">Sign in</a></p>
    ${demoAccountsSection(accounts, signInHref)}`,
  );
}

/** Shown when a sign-in page is opened without a sign-in in progress (no or expired interaction cookie). */
export function renderNoInteractionPage(): string {
  return layout(
    'Sign-in expired',
    `
    <h1>This sign-in has expired</h1>
    <div class="alert" role="alert">There is no sign-in in progress in this browser, or it took longer than an hour.</div>
    <p>Go back to the application and choose “Sign in” again.</p>`,
  );
}
