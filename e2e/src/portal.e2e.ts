import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';

import { launchChromium, screenshot, seriousAccessibilityViolations } from './browser.js';
import { readE2eEnv } from './env.js';
import { organizationScopesOfUser } from './logto.js';
import {
  overlappingRefreshes,
  recordApiCalls,
  recordTokenRequests,
  seededRole,
  signIn as signInAs,
  welcomeHeading,
  withPortal as withPortalIn,
  type Portal,
  type PortalOptions,
} from './session.js';
import type { DemoUser } from './stack.js';

const stack = inject('stack');
const logtoOrigin = new URL(stack.logtoEndpoint).origin;

let browser: Browser;

beforeAll(async () => {
  browser = await launchChromium(readE2eEnv().chromiumPath);
});

afterAll(async () => {
  await browser?.close();
});

const withPortal = (
  name: string,
  use: (portal: Portal) => Promise<void>,
  options?: PortalOptions,
) => withPortalIn(browser, name, use, options);

const signIn = (page: Page, user: DemoUser, options?: { screenshotSignInPage?: string }) =>
  signInAs(page, stack, user, options);

const text = async (page: Page, selector: string) =>
  (await page.locator(selector).first().textContent())?.trim();

/** The permissions the home page shows for an organization (from /api/me). */
async function shownPermissions(page: Page, organizationId: string): Promise<string[]> {
  const list = page.getByTestId(`permissions-${organizationId}`);
  await list.waitFor();
  const attribute = (await list.getAttribute('data-permissions')) ?? '';
  return attribute.split(' ').filter(Boolean);
}

const adminOrganizations = () =>
  stack.organizations.filter(({ key }) => seededRole(key, stack.admin.email) !== undefined);

/** Waits until every organization card shows its permissions. */
async function waitForAllPermissions(page: Page) {
  for (const organization of adminOrganizations()) await shownPermissions(page, organization.id);
}

describe('the portal in a real browser', () => {
  it('(a) lets the demo admin sign in through Logto and shows who they are and their organizations with roles', async () => {
    await withPortal('sign-in', async ({ page, problems }) => {
      await page.goto(stack.baseUrl);
      await welcomeHeading(page).waitFor();
      expect(await page.title()).toBe('Organization portal');
      expect(await page.evaluate(() => document.documentElement.lang)).toBe('en');
      await screenshot(page, 'welcome');

      await signIn(page, stack.admin, { screenshotSignInPage: 'logto-sign-in' });
      expect(new URL(page.url()).pathname).toBe('/');

      await page.getByTestId('profile-user-id').waitFor();
      expect(await text(page, '[data-testid="profile-name"]')).toBe(stack.admin.name);
      expect(await text(page, '[data-testid="profile-email"]')).toBe(stack.admin.email);
      expect(await text(page, '[data-testid="profile-user-id"]')).toBe(stack.admin.userId);

      const organizations = adminOrganizations();
      expect(organizations.length).toBeGreaterThan(1);
      const cards = page.locator('article[data-testid^="organization-"]');
      await cards.first().waitFor();
      expect(await cards.count()).toBe(organizations.length);
      for (const organization of organizations) {
        const card = page.getByTestId(`organization-${organization.id}`);
        // Names come from userinfo's organization_data; the ID token has only ids.
        expect(await card.getByRole('heading', { level: 3 }).textContent()).toBe(organization.name);
        const role = seededRole(organization.key, stack.admin.email);
        const roles = (await card.getByTestId(`roles-${organization.id}`).innerText())
          .split(/\s+/)
          .filter(Boolean);
        expect(roles, organization.name).toEqual(role ? [role] : ['No', 'roles']);
      }
      await waitForAllPermissions(page);
      await screenshot(page, 'home-admin');
      expect(problems).toEqual({ errors: [], cspViolations: [] });
    });
  });

  it('(b) shows exactly the permissions of the user’s roles, and sends each route family its own token', async () => {
    await withPortal('permissions-admin', async ({ page, problems }) => {
      const recordedTokenRequests = recordTokenRequests(page, stack);
      const recordedApiCalls = recordApiCalls(page, stack);
      await signIn(page, stack.admin);
      let sawAdmin = false;
      let sawPlainMember = false;
      for (const organization of adminOrganizations()) {
        const shown = await shownPermissions(page, organization.id);
        const expected = await organizationScopesOfUser(stack, organization.id, stack.admin.userId);
        expect([...shown].sort(), organization.name).toEqual([...expected].sort());
        if (seededRole(organization.key, stack.admin.email) === 'admin') {
          sawAdmin = true;
          expect(shown.length, organization.name).toBeGreaterThan(0);
        } else {
          sawPlainMember = true;
          expect(shown, organization.name).toEqual([]);
        }
      }
      expect({ sawAdmin, sawPlainMember }).toEqual({ sawAdmin: true, sawPlainMember: true });

      // Into two organizations' admin pages: their routes get organization tokens.
      const managed = adminOrganizations().filter(
        ({ key }) => seededRole(key, stack.admin.email) === 'admin',
      );
      for (const organization of managed) {
        await page.goto(`${stack.baseUrl}/orgs/${organization.id}/members`);
        await page.getByTestId('members-table').locator('tbody tr[data-testid]').first().waitFor();
      }

      const calls = recordedApiCalls().filter(({ path }) => path !== '/api/config');
      expect(calls.length).toBeGreaterThan(0);
      for (const call of calls) {
        const organizationId = /^\/api\/orgs\/([^/]+)/.exec(call.path)?.[1];
        // /api/me: the portal API token; /api/orgs/:orgId/*: that organization's token.
        expect(call.audience, `${call.method} ${call.path}`).toBe(
          organizationId ? `urn:logto:organization:${organizationId}` : stack.portalApiResource,
        );
        expect(call.status, `${call.method} ${call.path}`).toBe(200);
      }
      expect(calls.some(({ path }) => path === '/api/me')).toBe(true);
      // Each organization token carries exactly the organization scopes of the user's roles there.
      for (const organization of managed) {
        const expected = await organizationScopesOfUser(stack, organization.id, stack.admin.userId);
        const orgCalls = calls.filter(({ path }) =>
          path.startsWith(`/api/orgs/${organization.id}/`),
        );
        expect(orgCalls.length, organization.name).toBeGreaterThan(0);
        for (const call of orgCalls) {
          expect([...call.scopes].sort(), `${call.method} ${call.path}`).toEqual(
            [...expected].sort(),
          );
        }
      }
      for (const organization of managed) {
        expect(calls.some(({ path }) => path.startsWith(`/api/orgs/${organization.id}/`))).toBe(
          true,
        );
      }

      const tokenRequests = recordedTokenRequests();
      // The organization tokens came from refresh_token grants with organization_id...
      expect(
        new Set(
          tokenRequests.flatMap(({ organizationId }) => (organizationId ? [organizationId] : [])),
        ),
      ).toEqual(new Set(managed.map(({ id }) => id)));
      // ...and no two refreshes were in flight at once (each one rotates the refresh token).
      expect(overlappingRefreshes(tokenRequests)).toEqual([]);
      expect(problems).toEqual({ errors: [], cspViolations: [] });
    });

    // A plain member: no permissions, and Logto agrees.
    await withPortal('permissions-member', async ({ page, problems }) => {
      await signIn(page, stack.member);
      const memberOrganizations = stack.organizations.filter(
        ({ key }) => seededRole(key, stack.member.email) !== undefined,
      );
      expect(memberOrganizations.length).toBeGreaterThan(0);
      for (const organization of memberOrganizations) {
        expect(await shownPermissions(page, organization.id), organization.name).toEqual([]);
        expect(await organizationScopesOfUser(stack, organization.id, stack.member.userId)).toEqual(
          [],
        );
        expect(await page.getByTestId(`permissions-${organization.id}`).innerText()).toBe(
          'You have no permissions in this organization.',
        );
      }
      await screenshot(page, 'home-member');
      expect(problems).toEqual({ errors: [], cspViolations: [] });
    });
  });

  it('(c) signs out through Logto and comes back to the welcome page, signed out for real', async () => {
    await withPortal('sign-out', async ({ page, problems }) => {
      await signIn(page, stack.member);
      const visited: string[] = [];
      page.on('framenavigated', (frame) => {
        if (frame === page.mainFrame()) visited.push(frame.url());
      });
      await page.getByRole('button', { name: 'Sign out' }).click();
      await welcomeHeading(page).waitFor();
      // Through Logto's end-session endpoint, and back to the portal's home.
      expect(visited.some((url) => url.startsWith(`${stack.logtoEndpoint}/oidc/session/end`))).toBe(
        true,
      );
      expect(page.url()).toBe(`${stack.baseUrl}/`);
      await screenshot(page, 'signed-out');

      // Nothing left in the browser: a reload still shows the welcome page...
      await page.reload();
      await welcomeHeading(page).waitFor();
      expect(await page.getByRole('button', { name: 'Sign out' }).count()).toBe(0);
      // ...and the Logto session ended too: signing in asks for credentials again.
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.waitForURL((url) => url.origin === logtoOrigin);
      await page.getByLabel('Password').waitFor();
      expect(problems).toEqual({ errors: [], cspViolations: [] });
    });
  });

  it('(d) has no serious or critical accessibility violations on the welcome and home pages', async () => {
    await withPortal('accessibility', async ({ page }) => {
      await page.goto(stack.baseUrl);
      await welcomeHeading(page).waitFor();
      expect(await seriousAccessibilityViolations(page), 'welcome').toEqual([]);

      await signIn(page, stack.admin);
      await waitForAllPermissions(page);
      expect(await seriousAccessibilityViolations(page), 'home, light').toEqual([]);

      await page.getByRole('button', { name: 'Switch to dark mode' }).click();
      await page.getByRole('button', { name: 'Switch to light mode' }).waitFor();
      expect(await seriousAccessibilityViolations(page), 'home, dark').toEqual([]);
      await screenshot(page, 'home-admin-dark');

      await page.getByLabel('Language').selectOption('zh-CN');
      await page.getByRole('heading', { level: 1, name: '你的账号' }).waitFor();
      expect(await page.evaluate(() => document.documentElement.lang)).toBe('zh-CN');
      expect(await seriousAccessibilityViolations(page), 'home, zh-CN').toEqual([]);
      await screenshot(page, 'home-admin-zh-CN');
    });
  });

  it('(e) sends the person back to the welcome page, saying why, once Logto has revoked their grant', async () => {
    await withPortal('session-ended', async ({ page }) => {
      await signIn(page, stack.member);
      // Let the page finish its own refreshes first, so the refresh token read below is the newest.
      for (const organization of stack.organizations) {
        if (seededRole(organization.key, stack.member.email) !== undefined)
          await shownPermissions(page, organization.id);
      }
      const storageKey = `logto:${stack.spaAppId}`;
      const refreshToken = await page.evaluate(
        (key) => localStorage.getItem(`${key}:refreshToken`),
        storageKey,
      );
      expect(refreshToken).toBeTruthy();

      // Someone else uses the browser's refresh token (it rotates)...
      const elsewhere = await fetch(`${stack.logtoEndpoint}/oidc/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          client_id: stack.spaAppId,
          grant_type: 'refresh_token',
          refresh_token: refreshToken ?? '',
        }),
      });
      expect(elsewhere.status).toBe(200);
      // ...so once Logto's 3-second reuse leeway is over, the browser's next refresh is a replay and
      // Logto revokes the whole grant (oidc-samples 27-29).
      await page.waitForTimeout(3_500);
      await page.evaluate((key) => localStorage.removeItem(`${key}:accessToken`), storageKey);
      await page.reload();

      await page.getByText('Your session has ended').waitFor();
      await welcomeHeading(page).waitFor();
      expect(
        await page.evaluate((key) => localStorage.getItem(`${key}:refreshToken`), storageKey),
      ).toBeNull();
      expect(await seriousAccessibilityViolations(page), 'session ended').toEqual([]);
      await screenshot(page, 'session-ended');
    });
  });

  it('(f) says so, with a retry that works, when the portal server or Logto cannot be reached', async () => {
    await withPortal('unreachable', async ({ page }) => {
      // The portal server is down: every /api/config request fails at the network level.
      await page.route('**/api/config', (route) => route.abort('connectionrefused'));
      await page.goto(stack.baseUrl);
      await page.getByRole('alert').filter({ hasText: 'Can’t reach the portal server' }).waitFor();
      expect(await seriousAccessibilityViolations(page), 'portal server unreachable').toEqual([]);
      await screenshot(page, 'portal-server-unreachable');
      // It comes back; the person clicks "Try again".
      await page.unroute('**/api/config');
      await page.getByRole('button', { name: 'Try again' }).click();
      await welcomeHeading(page).waitFor();

      // Logto is down: sign-in cannot start, and says where it tried.
      await page.route(`${stack.logtoEndpoint}/oidc/**`, (route) =>
        route.abort('connectionrefused'),
      );
      await page.getByRole('button', { name: 'Sign in' }).click();
      const alert = page.getByRole('alert').filter({ hasText: 'Sign-in could not start' });
      await alert.waitFor();
      expect(await alert.innerText()).toContain(stack.logtoEndpoint);
      expect(await seriousAccessibilityViolations(page), 'Logto unreachable').toEqual([]);
      await screenshot(page, 'logto-unreachable');
      await page.unroute(`${stack.logtoEndpoint}/oidc/**`);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.waitForURL((url) => url.origin === logtoOrigin);
      await page.getByLabel('Password').waitFor();
    });
  });

  it('(g) works on a phone-sized screen', async () => {
    await withPortal(
      'phone',
      async ({ page }) => {
        await page.goto(stack.baseUrl);
        await welcomeHeading(page).waitFor();
        expect(await seriousAccessibilityViolations(page), 'welcome, phone').toEqual([]);
        await screenshot(page, 'welcome-phone');
        await signIn(page, stack.admin);
        await waitForAllPermissions(page);
        // Nothing wider than the screen.
        expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
          390,
        );
        await screenshot(page, 'home-admin-phone');
      },
      { viewport: { width: 390, height: 844 } },
    );
  });
});
