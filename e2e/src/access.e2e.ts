import { apiPaths } from '@portal/shared';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';

import { launchChromium, screenshot, seriousAccessibilityViolations } from './browser.js';
import { readE2eEnv } from './env.js';
import {
  managementToken,
  memberRoleNames,
  organizationTokenFromRefreshToken,
  userIdByEmail,
} from './logto.js';
import { organizationByKey, recordApiCalls, signIn, withPortal } from './session.js';
import type { DemoUser } from './stack.js';

const stack = inject('stack');
let browser: Browser;

beforeAll(async () => {
  browser = await launchChromium(readE2eEnv().chromiumPath);
});

afterAll(async () => {
  await browser?.close();
});

const refreshTokenOf = (page: Page) =>
  page.evaluate((key) => localStorage.getItem(key), `logto:${stack.spaAppId}:refreshToken`);

/** Signs in through the browser and hands back the session's refresh token; the browser is closed after. */
async function refreshTokenFor(user: DemoUser): Promise<string> {
  let refreshToken: string | null = null;
  await withPortal(browser, `refresh-token-${user.email}`, async ({ page }) => {
    await signIn(page, stack, user);
    // The home page's own token requests are done once it shows the organizations.
    await page.getByRole('heading', { name: 'Your organizations' }).waitFor();
    await page.locator('[data-testid^="permissions-"]').first().waitFor();
    refreshToken = await refreshTokenOf(page);
  });
  if (!refreshToken) throw new Error(`No refresh token for ${user.email}`);
  return refreshToken;
}

async function bff(path: string, token: string, init: RequestInit = {}) {
  const response = await fetch(`${stack.baseUrl}${path}`, {
    ...init,
    headers: {
      authorization: `Bearer ${token}`,
      ...(init.body ? { 'content-type': 'application/json' } : {}),
      ...init.headers,
    },
  });
  const body: unknown = await response.json().catch((): unknown => undefined);
  const code: unknown =
    typeof body === 'object' && body !== null ? Reflect.get(body, 'code') : undefined;
  return { status: response.status, code, contentType: response.headers.get('content-type') };
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
};

describe('who may do what', () => {
  it('does not offer a plain member the admin screens, and the BFF refuses them when called directly', async () => {
    const acme = organizationByKey(stack, 'acme');
    const initech = organizationByKey(stack, 'initech');
    await withPortal(browser, 'plain-member', async ({ page, problems }) => {
      await signIn(page, stack, stack.member);
      const card = page.getByTestId(`organization-${acme.id}`);
      await card.getByText('You have no permissions in this organization.').waitFor();
      // No way in: no page links on the card, no organization in the navigation.
      expect(await card.getByRole('link').count()).toBe(0);
      const navigation = page.getByRole('navigation', { name: 'Portal' });
      await navigation.getByTestId('no-manageable-organizations').waitFor();
      expect(await navigation.getByRole('link').allInnerTexts()).toEqual(['Your account']);
      await screenshot(page, 'member-home');

      // By address: the page says why, and asks the BFF for nothing it would refuse.
      const orgRequests: string[] = [];
      page.on('request', (request) => {
        if (new URL(request.url()).pathname.startsWith('/api/orgs/'))
          orgRequests.push(request.url());
      });
      for (const section of ['members', 'settings', 'audit-log']) {
        await page.goto(`${stack.baseUrl}/orgs/${acme.id}/${section}`);
        await page
          .getByRole('heading', { level: 1, name: 'You can’t manage this organization' })
          .waitFor();
      }
      expect(orgRequests).toEqual([]);
      expect(await seriousAccessibilityViolations(page), 'no access').toEqual([]);
      await screenshot(page, 'member-no-access');
      expect(problems).toEqual({ errors: [], cspViolations: [] });
    });

    // Called directly with the member's own, valid organization token: refused, every one.
    const { accessToken } = await organizationTokenFromRefreshToken(
      stack,
      await refreshTokenFor(stack.member),
      acme.id,
    );
    const priya = await userIdByEmail(stack, 'priya.patel@example.com');
    const refusals = {
      listMembers: await bff(apiPaths.members(acme.id), accessToken),
      getSettings: await bff(apiPaths.organization(acme.id), accessToken),
      listRoles: await bff(apiPaths.roles(acme.id), accessToken),
      readAuditLog: await bff(apiPaths.auditEvents(acme.id), accessToken),
      removeMember: await bff(apiPaths.member(acme.id, priya), accessToken, { method: 'DELETE' }),
      replaceRoles: await bff(apiPaths.memberRoles(acme.id, stack.member.userId), accessToken, {
        method: 'PUT',
        body: JSON.stringify({ roleIds: [] }),
      }),
      assignRoles: await bff(apiPaths.membersRoleAssignments(acme.id), accessToken, {
        method: 'POST',
        body: JSON.stringify({ userIds: [stack.member.userId], roleIds: ['x'] }),
      }),
      updateSettings: await bff(apiPaths.organization(acme.id), accessToken, {
        method: 'PATCH',
        body: JSON.stringify({ name: 'Taken over' }),
      }),
      // The Acme token on another organization's path.
      otherOrganization: await bff(apiPaths.members(initech.id), accessToken),
    };
    for (const [call, answer] of Object.entries(refusals)) {
      expect(answer.status, call).toBe(403);
      expect(answer.contentType, call).toMatch(/^application\/problem\+json/);
    }
    expect(refusals.listMembers.code).toBe('auth.forbidden');
    expect(refusals.otherOrganization.code).toBe('auth.organization_mismatch');
    // Nothing changed.
    expect(await memberRoleNames(stack, acme.id, priya)).toEqual(['admin']);
    expect(await memberRoleNames(stack, acme.id, stack.member.userId)).toEqual(['member']);
  });

  it('lets support staff act on any organization with a reason, which the organization’s admins then read', async () => {
    const acme = organizationByKey(stack, 'acme');
    const omar = 'omar.haddad@example.com';
    const omarId = await userIdByEmail(stack, omar);
    expect(await memberRoleNames(stack, acme.id, omarId)).toEqual(['member']);
    const reason = 'Ticket #4411: the customer asked us to remove Omar';

    await withPortal(browser, 'support', async ({ page, problems }) => {
      const recordedApiCalls = recordApiCalls(page, stack);
      const reasonHeaders: Array<string | undefined> = [];
      page.on('request', (request) => {
        if (request.method() === 'DELETE')
          reasonHeaders.push(request.headers()['x-support-reason']);
      });
      await signIn(page, stack, stack.support);
      const support = page.getByRole('region', { name: 'Support access' });
      await support.getByRole('searchbox', { name: 'Find an organization' }).fill('Acme');
      await support.getByRole('link', { name: acme.name }).click();
      await page.getByRole('heading', { level: 1, name: 'Members' }).waitFor();
      await page.getByText('You are acting as support staff').waitFor();
      await page.getByTestId('list-range').waitFor();
      // The switcher names the organization support is in (not a member: /api/me has no name for it).
      const switcher = page.getByRole('combobox', { name: 'Organization', exact: true });
      await page.waitForFunction(
        (name) =>
          Array.from(document.querySelectorAll('select')).some(
            (select) => select.selectedOptions[0]?.textContent === name,
          ),
        acme.name,
      );
      expect(await switcher.inputValue()).toBe(acme.id);

      await page.getByRole('button', { name: 'Remove Omar Haddad' }).click();
      const dialog = page.getByRole('dialog', { name: `Remove Omar Haddad from ${acme.name}?` });
      await dialog.waitFor();
      // No reason, no removal.
      await dialog.getByRole('button', { name: 'Remove Omar Haddad' }).click();
      await dialog.getByText('Say why you make this change (at least 3 characters).').waitFor();
      expect(await memberRoleNames(stack, acme.id, omarId)).toEqual(['member']);
      await dialog.getByLabel('Reason for this change').fill(reason);
      expect(await seriousAccessibilityViolations(page), 'support reason').toEqual([]);
      await screenshot(page, 'support-reason');
      await dialog.getByRole('button', { name: 'Remove Omar Haddad' }).click();
      await dialog.waitFor({ state: 'detached' });
      await page.getByText(`Omar Haddad was removed from ${acme.name}.`).waitFor();
      expect(await memberRoleNames(stack, acme.id, omarId)).toBeUndefined();
      // The reason went in its header (percent-encoded, as header values are Latin-1)...
      expect(reasonHeaders.map((header) => decodeURIComponent(header ?? ''))).toEqual([reason]);
      // ...and every organization route got the portal API token: support staff have no organization token there.
      const organizationCalls = recordedApiCalls().filter(({ path }) =>
        path.startsWith('/api/orgs/'),
      );
      expect(organizationCalls.length).toBeGreaterThan(0);
      for (const call of organizationCalls) {
        expect(call.audience, `${call.method} ${call.path}`).toBe(stack.portalApiResource);
      }
      expect(problems).toEqual({ errors: [], cspViolations: [] });
    });

    // The organization's admin sees who did it, as support, and why.
    await withPortal(browser, 'support-seen-by-admin', async ({ page, problems }) => {
      await signIn(page, stack, stack.admin, {
        startAt: `/orgs/${acme.id}/audit-log?action=member.removed`,
      });
      const event = page
        .getByTestId('audit-event')
        .filter({ hasText: `${stack.support.name} (support) removed ${omar} from ${acme.name}` });
      await event.waitFor();
      expect(await event.getByTestId('audit-reason').innerText()).toBe(`Reason: ${reason}`);
      await event.getByText('Support', { exact: true }).waitFor();
      await screenshot(page, 'audit-log-support-reason');
      expect(problems).toEqual({ errors: [], cspViolations: [] });
    });
  });

  it('measures the members list through the BFF against the emulator directly (p50, for the record)', async () => {
    const initech = organizationByKey(stack, 'initech');
    const { accessToken } = await organizationTokenFromRefreshToken(
      stack,
      await refreshTokenFor(stack.admin),
      initech.id,
    );
    const m2m = await managementToken(stack);
    const rounds = 30;
    const time = async (url: string, token: string) => {
      const started = performance.now();
      const response = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
      await response.arrayBuffer();
      expect(response.status).toBe(200);
      return performance.now() - started;
    };
    const throughBff: number[] = [];
    const direct: number[] = [];
    for (let round = 0; round < rounds; round += 1) {
      const page = (round % 10) + 1;
      throughBff.push(
        await time(
          `${stack.baseUrl}${apiPaths.members(initech.id)}?page=${page}&pageSize=20`,
          accessToken,
        ),
      );
      direct.push(
        await time(
          `${stack.logtoEndpoint}/api/organizations/${initech.id}/users?page=${page}&page_size=20`,
          m2m,
        ),
      );
    }
    console.log(
      `[e2e] members list, ${rounds} pages of 20 from the 1,000-member organization: p50 ${median(throughBff).toFixed(1)} ms through the BFF, ${median(direct).toFixed(1)} ms from the emulator directly`,
    );
    expect(median(throughBff)).toBeLessThan(2000);
  });
});
