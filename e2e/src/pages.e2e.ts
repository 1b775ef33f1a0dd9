import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';

import { launchChromium, screenshot, seriousAccessibilityViolations } from './browser.js';
import { readE2eEnv } from './env.js';
import { createUser, managementApiCall } from './logto.js';
import {
  organizationByKey,
  phoneViewport,
  signIn,
  switchToDarkMode,
  withPortal,
} from './session.js';

const stack = inject('stack');
let browser: Browser;

beforeAll(async () => {
  browser = await launchChromium(readE2eEnv().chromiumPath);
  // A pending invitation, so the invitations page shows its list (table, or cards on a phone) whatever
  // ran before.
  const response = await managementApiCall(stack, 'POST', '/api/organization-invitations', {
    organizationId: organizationByKey(stack, 'acme').id,
    invitee: `pages-${Date.now().toString(36)}@invitee.test`,
    expiresAt: Date.now() + 86_400_000,
    messagePayload: false,
  });
  expect(response.status).toBe(201);
});

afterAll(async () => {
  await browser?.close();
});

const pages = [
  { section: 'members', title: 'Members', ready: (page: Page) => page.getByTestId('list-range') },
  {
    section: 'invitations',
    title: 'Invitations',
    ready: (page: Page) => page.getByTestId('invitation-row'),
  },
  { section: 'roles', title: 'Roles', ready: (page: Page) => page.getByTestId('role-admin') },
  {
    section: 'settings',
    title: 'Settings',
    ready: (page: Page) => page.getByRole('button', { name: 'Save changes' }),
  },
  {
    section: 'audit-log',
    title: 'Audit log',
    ready: (page: Page) =>
      page
        .getByTestId('audit-events')
        .or(page.getByRole('heading', { name: 'Nothing recorded yet' })),
  },
] as const;

async function open(page: Page, organizationId: string, section: string, title: string) {
  await page.goto(`${stack.baseUrl}/orgs/${organizationId}/${section}`);
  await page.getByRole('heading', { level: 1, name: title }).waitFor();
}

const json = async (response: Response): Promise<unknown> => response.json();
const field = (value: unknown, name: string): unknown =>
  typeof value === 'object' && value !== null ? Reflect.get(value, name) : undefined;

describe('organization pages', () => {
  it('has no serious accessibility findings on the members, invitations, roles, settings and audit pages, light and dark, and saves screenshots of each', async () => {
    const acme = organizationByKey(stack, 'acme');
    await withPortal(browser, 'pages-light-dark', async ({ page, problems }) => {
      await signIn(page, stack, stack.admin);
      // Something for the audit log to show, whatever ran before: Mei Lin (no role) becomes a member.
      await open(page, acme.id, 'members', 'Members');
      await page.getByRole('button', { name: 'Edit roles of Mei Lin' }).click();
      await page.keyboard.press('ArrowDown');
      await page
        .getByRole('listbox', { name: 'Roles' })
        .getByRole('option', { name: 'member' })
        .click();
      await page.keyboard.press('Escape');
      await page.getByRole('button', { name: 'Save roles' }).click();
      await page.getByText('Roles of Mei Lin updated.').waitFor();
      for (const scheme of ['light', 'dark'] as const) {
        if (scheme === 'dark') await switchToDarkMode(page);
        for (const { section, title, ready } of pages) {
          await open(page, acme.id, section, title);
          await ready(page).first().waitFor();
          expect(await seriousAccessibilityViolations(page), `${section}, ${scheme}`).toEqual([]);
          await screenshot(page, `${section}-${scheme}`);
        }
        // The dialogs, too.
        await open(page, acme.id, 'members', 'Members');
        await page.getByRole('button', { name: 'Edit roles of Priya Patel' }).click();
        await page.getByRole('dialog', { name: 'Edit roles of Priya Patel' }).waitFor();
        expect(await seriousAccessibilityViolations(page), `edit roles dialog, ${scheme}`).toEqual(
          [],
        );
        await screenshot(page, `members-edit-roles-${scheme}`);
        await page.keyboard.press('Escape');
        await page.getByRole('button', { name: 'Remove Priya Patel' }).click();
        await page.getByRole('dialog', { name: `Remove Priya Patel from ${acme.name}?` }).waitFor();
        expect(await seriousAccessibilityViolations(page), `remove dialog, ${scheme}`).toEqual([]);
        await page.getByRole('button', { name: 'Cancel' }).click();
      }
      // And in Simplified Chinese.
      await page.getByLabel('Language').selectOption('zh-CN');
      await page.getByRole('heading', { level: 1, name: '成员' }).waitFor();
      await page.getByTestId('list-range').waitFor();
      expect(await seriousAccessibilityViolations(page), 'members, zh-CN').toEqual([]);
      await screenshot(page, 'members-dark-zh-CN');
      expect(problems).toEqual({ errors: [], cspViolations: [] });
    });
  });

  it('works on a phone: navigation in a drawer, nothing wider than the screen, screenshots of each page', async () => {
    const acme = organizationByKey(stack, 'acme');
    await withPortal(
      browser,
      'pages-phone',
      async ({ page, problems }) => {
        await signIn(page, stack, stack.admin);
        for (const { section, title, ready } of pages) {
          // Through the menu button, as on a phone.
          const menu = page.getByRole('button', { name: 'Open navigation' });
          await menu.click();
          const navigation = page.getByRole('navigation', { name: 'Portal' });
          if (section === 'members') {
            await navigation
              .getByRole('combobox', { name: 'Organization', exact: true })
              .selectOption({ label: acme.name });
          } else {
            await navigation.getByRole('link', { name: title, exact: true }).click();
          }
          await page.getByRole('heading', { level: 1, name: title }).waitFor();
          await ready(page).first().waitFor();
          // The drawer closed itself after the choice.
          await page.getByRole('button', { name: 'Open navigation' }).waitFor();
          expect(
            await page.evaluate(() => document.documentElement.scrollWidth),
            section,
          ).toBeLessThanOrEqual(phoneViewport.width);
          expect(await seriousAccessibilityViolations(page), `${section}, phone`).toEqual([]);
          await screenshot(page, `${section}-phone`);
        }
        await page.getByRole('button', { name: 'Open navigation' }).click();
        const drawer = page.getByRole('navigation', { name: 'Portal' });
        await drawer.getByRole('link', { name: 'Members' }).waitFor();
        // Once it has slid in.
        await expect.poll(async () => (await drawer.boundingBox())?.x).toBe(0);
        expect(await seriousAccessibilityViolations(page), 'navigation drawer').toEqual([]);
        await screenshot(page, 'navigation-phone');
        await page.keyboard.press('Escape');
        expect(problems).toEqual({ errors: [], cspViolations: [] });
      },
      { viewport: phoneViewport },
    );
  });

  it('edits the organization’s settings with validation, merging branding, and records the change', async () => {
    const acme = organizationByKey(stack, 'acme');
    const before = await json(
      await managementApiCall(stack, 'GET', `/api/organizations/${acme.id}`),
    );
    const logoUrl = `${stack.baseUrl}/favicon.svg`;

    await withPortal(browser, 'settings', async ({ page, problems }) => {
      await signIn(page, stack, stack.admin);
      await open(page, acme.id, 'settings', 'Settings');
      const patches: string[] = [];
      page.on('request', (request) => {
        if (request.method() === 'PATCH') patches.push(request.postData() ?? '');
      });

      // Invalid values are explained on their fields, and nothing is sent.
      const logo = page.getByRole('textbox', { name: 'Logo', exact: true });
      await logo.fill('not a web address');
      await page.getByLabel('Brand colour', { exact: true }).fill('indigo');
      await page.getByRole('button', { name: 'Save changes' }).click();
      await page.getByText('Enter a full web address starting with https:// or http://.').waitFor();
      await page.getByText('Enter a hex colour such as #4F46E5.').waitFor();
      expect(await seriousAccessibilityViolations(page), 'settings with errors').toEqual([]);
      await screenshot(page, 'settings-invalid');
      expect(patches).toEqual([]);

      await logo.fill(logoUrl);
      await page.getByLabel('Brand colour', { exact: true }).fill('#0F766E');
      await page.getByLabel('Description', { exact: true }).fill('Makers of fine anvils.');
      // The day of the change, for the date filter below (a run may cross midnight meanwhile).
      const savedOn = new Date();
      await page.getByRole('button', { name: 'Save changes' }).click();
      await page.getByText('Settings saved.').waitFor();
      // Only what changed was sent.
      expect(patches.map((body) => JSON.parse(body) as unknown)).toEqual([
        {
          description: 'Makers of fine anvils.',
          branding: { logoUrl },
          color: { primaryColor: '#0F766E' },
        },
      ]);

      // Stored in Logto, merged: what was there before (custom data) is still there.
      const after = await json(
        await managementApiCall(stack, 'GET', `/api/organizations/${acme.id}`),
      );
      expect(field(after, 'description')).toBe('Makers of fine anvils.');
      expect(field(field(after, 'branding'), 'logoUrl')).toBe(logoUrl);
      expect(field(field(after, 'color'), 'primaryColor')).toBe('#0F766E');
      expect(field(after, 'customData')).toEqual(field(before, 'customData'));

      await page.reload();
      await page.getByRole('heading', { level: 1, name: 'Settings' }).waitFor();
      await expect
        .poll(() => page.getByLabel('Description', { exact: true }).inputValue())
        .toBe('Makers of fine anvils.');

      await page.getByRole('link', { name: 'Audit log' }).click();
      const sentence = page
        .getByText(`Ada Admin changed the description, branding, and colours of ${acme.name}`)
        .first();
      await sentence.waitFor();
      // The date range is in calendar days of the viewer's time zone: from tomorrow, nothing; from today, the change.
      const day = (offset: number) => {
        const date = new Date(savedOn);
        date.setDate(date.getDate() + offset);
        return `${date.getFullYear()}-${String(date.getMonth() + 1).padStart(2, '0')}-${String(date.getDate()).padStart(2, '0')}`;
      };
      await page.getByLabel('From', { exact: true }).fill(day(1));
      await page.getByRole('heading', { name: 'No matching events' }).waitFor();
      await page.getByLabel('From', { exact: true }).fill(day(0));
      await page.getByLabel('To', { exact: true }).fill(day(0));
      await page.waitForURL((url) => url.searchParams.get('to') === day(0));
      await sentence.waitFor();
      expect(problems).toEqual({ errors: [], cspViolations: [] });
    });
  });

  it('shows a vendor’s own role and scopes, and read-only pages to someone who may only look', async () => {
    const acme = organizationByKey(stack, 'acme');
    // A vendor's own permission and a role built from it and one portal permission.
    const suffix = Date.now().toString(36);
    const scope = await json(
      await managementApiCall(stack, 'POST', '/api/organization-scopes', {
        name: `read:billing-${suffix}`,
        description: 'See invoices',
      }),
    );
    const scopes = await json(
      await managementApiCall(stack, 'GET', '/api/organization-scopes?page=1&page_size=100'),
    );
    const scopeList: unknown[] = Array.isArray(scopes) ? scopes.map((item: unknown) => item) : [];
    const readMembersScope = scopeList.find(
      (candidate) => field(candidate, 'name') === 'read:members',
    );
    const role = await json(
      await managementApiCall(stack, 'POST', '/api/organization-roles', {
        name: `billing-viewer-${suffix}`,
        description: 'Looks at members and invoices',
        organizationScopeIds: [field(scope, 'id'), field(readMembersScope, 'id')],
      }),
    );
    const reader = {
      name: 'Rita Reader',
      email: `rita.${suffix}@example.com`,
      password: `rita-${suffix}-password`,
    };
    const readerId = await createUser(stack, reader);
    await managementApiCall(stack, 'POST', `/api/organizations/${acme.id}/users`, {
      userIds: [readerId],
    });
    await managementApiCall(
      stack,
      'POST',
      `/api/organizations/${acme.id}/users/${readerId}/roles`,
      {
        organizationRoleIds: [field(role, 'id')],
      },
    );

    await withPortal(browser, 'read-only', async ({ page, problems }) => {
      await signIn(page, stack, { ...reader, userId: readerId });
      // The BFF keeps the organization template for a few seconds: the new role may take that long.
      await expect
        .poll(
          async () => {
            await page.reload();
            await page.getByTestId(`organization-${acme.id}`).waitFor();
            return page.getByRole('link', { name: `Members of ${acme.name}` }).count();
          },
          { timeout: 15_000, interval: 1000 },
        )
        .toBe(1);
      await page.getByRole('link', { name: `Members of ${acme.name}` }).click();
      await page.getByTestId('list-range').waitFor();
      // Members: no selection, no editing, no removing.
      expect(await page.getByRole('checkbox').count()).toBe(0);
      expect(await page.getByRole('button', { name: /^(Edit roles|Remove)/ }).count()).toBe(0);
      const navigation = page.getByRole('navigation', { name: 'Portal' });
      expect(await navigation.getByRole('link', { name: 'Audit log' }).count()).toBe(0);

      // Roles: the vendor's scope by its name, the portal's in words.
      await navigation.getByRole('link', { name: 'Roles' }).click();
      const card = page.getByTestId(`role-billing-viewer-${suffix}`);
      await card.waitFor();
      expect(await card.getByText(`read:billing-${suffix}`).count()).toBe(1);
      await card.getByText('See the organization’s members and their roles.').waitFor();
      await screenshot(page, 'roles-vendor-role');

      // Settings: read, not write.
      await navigation.getByRole('link', { name: 'Settings' }).click();
      await page.getByText('You can look, but not change').waitFor();
      expect(await page.getByRole('button', { name: 'Save changes' }).count()).toBe(0);
      expect(await page.getByTestId('settings-name').innerText()).toBe(acme.name);
      expect(await seriousAccessibilityViolations(page), 'settings, read-only').toEqual([]);
      await screenshot(page, 'settings-read-only');

      // The audit log by its address: not offered, and said so.
      await page.goto(`${stack.baseUrl}/orgs/${acme.id}/audit-log`);
      await page
        .getByRole('heading', { level: 1, name: 'You don’t have access to this page' })
        .waitFor();
      expect(problems).toEqual({ errors: [], cspViolations: [] });
    });
  });
});
