import { demoOrganizations } from '@portal/setup';
import type { Browser, BrowserContext, Page, Request } from 'playwright-core';

import { screenshot } from './browser.js';
import type { DemoUser, E2eStack } from './stack.js';

export type PageProblems = { errors: string[]; cspViolations: string[] };
export type Portal = { context: BrowserContext; page: Page; problems: PageProblems };

export type PortalOptions = {
  viewport?: { width: number; height: number };
  colorScheme?: 'light' | 'dark';
  locale?: string;
};

/** A phone-sized screen (an iPhone 12-ish). */
export const phoneViewport = { width: 390, height: 844 };

/**
 * Runs `use` in a fresh context (no cookies, no storage), collecting uncaught errors and CSP violations.
 * On failure it saves `failed-<name>.png` and adds the page's URL and what happened to the error.
 */
export async function withPortal(
  browser: Browser,
  name: string,
  use: (portal: Portal) => Promise<void>,
  options: PortalOptions = {},
) {
  const context = await browser.newContext({
    locale: options.locale ?? 'en-US',
    colorScheme: options.colorScheme ?? 'light',
    viewport: options.viewport ?? { width: 1280, height: 900 },
  });
  const page = await context.newPage();
  const problems: PageProblems = { errors: [], cspViolations: [] };
  // What happened in the page, for the failure message only.
  const trace: string[] = [];
  const startedAt = performance.now();
  const note = (line: string) =>
    trace.push(`${((performance.now() - startedAt) / 1000).toFixed(2)}s ${line}`);
  page.on('pageerror', (error) => problems.errors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error' && /Content Security Policy/i.test(message.text())) {
      problems.cspViolations.push(message.text());
    }
  });
  page.on('framenavigated', (frame) => {
    if (frame === page.mainFrame()) note(`navigated to ${frame.url()}`);
  });
  page.on('requestfinished', (request) => {
    void request
      .response()
      .then((response) =>
        note(`${request.method()} ${request.url().slice(0, 120)} → ${response?.status()}`),
      );
  });
  page.on('requestfailed', (request) =>
    note(
      `${request.method()} ${request.url().slice(0, 120)} failed: ${request.failure()?.errorText}`,
    ),
  );
  try {
    await use({ context, page, problems });
  } catch (error) {
    const file = await screenshot(page, `failed-${name}`).catch(() => 'no screenshot');
    if (error instanceof Error)
      error.message += `\n(page was at ${page.url()}; ${file})\n${trace.join('\n')}`;
    throw error;
  } finally {
    await context.close();
  }
}

export const welcomeHeading = (page: Page) =>
  page.getByRole('heading', { level: 1, name: 'Welcome to the organization portal' });
export const homeHeading = (page: Page) =>
  page.getByRole('heading', { level: 1, name: 'Your account' });

/** The whole browser flow: portal → Logto's sign-in page → /callback → back where the person started. */
export async function signIn(
  page: Page,
  stack: E2eStack,
  user: DemoUser,
  options: { screenshotSignInPage?: string; startAt?: string } = {},
) {
  const logtoOrigin = new URL(stack.logtoEndpoint).origin;
  const start = `${stack.baseUrl}${options.startAt ?? '/'}`;
  await page.goto(start);
  await welcomeHeading(page).waitFor();
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL((url) => url.origin === logtoOrigin);
  await page.getByLabel('Email').fill(user.email);
  await page.getByLabel('Password').fill(user.password);
  if (options.screenshotSignInPage) await screenshot(page, options.screenshotSignInPage);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await page.waitForURL(start);
  if (!options.startAt || options.startAt === '/') await homeHeading(page).waitFor();
}

/** The demo seed's role for a user in an organization (null: member without a role). */
export function seededRole(organizationKey: string, email: string) {
  const organization = demoOrganizations.find(({ key }) => key === organizationKey);
  return organization?.members.find((member) => member.email === email)?.role;
}

export function organizationByKey(stack: E2eStack, key: string) {
  const organization = stack.organizations.find((candidate) => candidate.key === key);
  if (!organization) throw new Error(`The demo tenant has no organization "${key}"`);
  return organization;
}

export type TokenRequest = {
  grantType: string | null;
  organizationId: string | null;
  resource: string | null;
  startedAt: number;
  endedAt?: number;
};

/** Records the SPA's calls to Logto's token endpoint, to check what it asked for and that none overlapped. */
export function recordTokenRequests(page: Page, stack: E2eStack): () => TokenRequest[] {
  const requests = new Map<Request, TokenRequest>();
  page.on('request', (request) => {
    if (
      request.method() !== 'POST' ||
      !request.url().startsWith(`${stack.logtoEndpoint}/oidc/token`)
    )
      return;
    const form = new URLSearchParams(request.postData() ?? '');
    requests.set(request, {
      grantType: form.get('grant_type'),
      organizationId: form.get('organization_id'),
      resource: form.get('resource'),
      startedAt: performance.now(),
    });
  });
  const end = (request: Request) => {
    const recorded = requests.get(request);
    if (recorded) recorded.endedAt = performance.now();
  };
  page.on('requestfinished', end);
  page.on('requestfailed', end);
  return () => [...requests.values()];
}

/** Fails when two refreshes were in flight at once (each rotates the refresh token). */
export function overlappingRefreshes(requests: TokenRequest[]): string[] {
  const refreshes = requests
    .filter(({ grantType }) => grantType === 'refresh_token')
    .sort((a, b) => a.startedAt - b.startedAt);
  const overlaps: string[] = [];
  for (const [index, refresh] of refreshes.entries()) {
    const previous = refreshes[index - 1];
    if (previous && refresh.startedAt < (previous.endedAt ?? Number.POSITIVE_INFINITY)) {
      overlaps.push(
        `refresh for ${refresh.organizationId ?? refresh.resource ?? 'id token'} started before the one for ${previous.organizationId ?? previous.resource ?? 'id token'} ended`,
      );
    }
  }
  return overlaps;
}

export type ApiCall = {
  method: string;
  path: string;
  audience: unknown;
  /** The `scope` claim of the bearer token sent, split into scope names. */
  scopes: string[];
  status: number | undefined;
};

/** Records the SPA's calls to the BFF's /api, with the audience of the token each one carried. */
export function recordApiCalls(page: Page, stack: E2eStack): () => ApiCall[] {
  const calls: ApiCall[] = [];
  page.on('requestfinished', (request) => {
    const url = new URL(request.url());
    if (url.origin !== new URL(stack.baseUrl).origin || !url.pathname.startsWith('/api/')) return;
    const authorization = request.headers().authorization;
    const token = authorization?.startsWith('Bearer ')
      ? authorization.slice('Bearer '.length)
      : undefined;
    const audience = token ? jwtClaim(token, 'aud') : undefined;
    const scope = token ? jwtClaim(token, 'scope') : undefined;
    const scopes = typeof scope === 'string' ? scope.split(' ').filter(Boolean) : [];
    void request.response().then((response) => {
      calls.push({
        method: request.method(),
        path: url.pathname,
        audience,
        scopes,
        status: response?.status(),
      });
    });
  });
  return () => [...calls];
}

/** A claim of a JWT, unverified (the BFF verifies; the tests only look at what was sent). */
export function jwtClaim(token: string, claim: string): unknown {
  const payload = token.split('.')[1];
  if (!payload) throw new Error('Not a compact JWT');
  const claims: unknown = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
  return typeof claims === 'object' && claims !== null ? Reflect.get(claims, claim) : undefined;
}

/** Puts the page in dark mode through the header toggle (as a person would). */
export async function switchToDarkMode(page: Page) {
  await page.getByRole('button', { name: 'Switch to dark mode' }).click();
  await page.getByRole('button', { name: 'Switch to light mode' }).waitFor();
}

export async function switchToLightMode(page: Page) {
  await page.getByRole('button', { name: 'Switch to light mode' }).click();
  await page.getByRole('button', { name: 'Switch to dark mode' }).waitFor();
}
