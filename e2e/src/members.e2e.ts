import { largeOrganization } from '@portal/setup';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';

import { launchChromium, screenshot } from './browser.js';
import { readE2eEnv } from './env.js';
import {
  countMembers,
  createOrganization,
  createUser,
  memberRoleNames,
  userIdByEmail,
} from './logto.js';
import { organizationByKey, signIn, withPortal } from './session.js';

const stack = inject('stack');
let browser: Browser;

beforeAll(async () => {
  browser = await launchChromium(readE2eEnv().chromiumPath);
});

afterAll(async () => {
  await browser?.close();
});

const membersTable = (page: Page) => page.getByTestId('members-table');
const memberRows = (page: Page) => membersTable(page).locator('tbody tr[data-testid^="member-"]');

/** Waits for the list to settle on a total ("Showing 1–20 of 1,004"), and returns that total. */
async function waitForTotal(page: Page, total: number) {
  const formatted = total.toLocaleString('en-US');
  await page.waitForFunction(
    (expected) =>
      document
        .querySelector('[data-testid="list-range"]')
        ?.textContent?.endsWith(` of ${expected}`) ?? false,
    formatted,
  );
}

/** Types a search like a person (key by key), and waits for the debounced request's answer. */
async function search(page: Page, text: string) {
  const box = page.getByRole('searchbox', { name: 'Search members' });
  await box.fill('');
  await box.pressSequentially(text, { delay: 30 });
  const typedAt = performance.now();
  await page.waitForURL((url) => url.searchParams.get('q') === text);
  return typedAt;
}

describe('managing members', () => {
  it('lets the demo admin switch organization, search the 1,000-member organization, change roles, remove a member and find both in the audit log', async () => {
    const initech = organizationByKey(stack, 'initech');
    const acme = organizationByKey(stack, 'acme');
    // Generated members 25 and 26 (the first three are admins, these are plain members).
    const roleChanged = `olivia.garcia.0025@${largeOrganization.emailDomain}`;
    const removed = `liam.garcia.0026@${largeOrganization.emailDomain}`;
    const roleChangedId = await userIdByEmail(stack, roleChanged);
    const removedId = await userIdByEmail(stack, removed);
    expect(await memberRoleNames(stack, initech.id, roleChangedId)).toEqual(['member']);
    expect(await memberRoleNames(stack, initech.id, removedId)).toEqual(['member']);
    const totalBefore = await countMembers(stack, initech.id);
    expect(totalBefore).toBeGreaterThan(1000);

    await withPortal(browser, 'manage-members', async ({ page, problems }) => {
      await signIn(page, stack, stack.admin);

      // From the home page into Acme's members, then to Initech with the organization switcher.
      await page.getByRole('link', { name: `Members of ${acme.name}` }).click();
      await page.getByRole('heading', { level: 1, name: 'Members' }).waitFor();
      await waitForTotal(page, await countMembers(stack, acme.id));
      await page
        .getByRole('combobox', { name: 'Organization', exact: true })
        .selectOption({ label: initech.name });
      await page.waitForURL(`${stack.baseUrl}/orgs/${initech.id}/members`);
      await waitForTotal(page, totalBefore);
      expect(await memberRows(page).count()).toBe(20);

      // Search the large organization.
      const typedAt = await search(page, 'olivia');
      const expectedOlivias = await countMembers(stack, initech.id, 'olivia');
      expect(expectedOlivias).toBeGreaterThan(20);
      await waitForTotal(page, expectedOlivias);
      console.log(
        `[e2e] search of ${totalBefore.toLocaleString('en-US')} members answered ${((performance.now() - typedAt) / 1000).toFixed(2)}s after the last keystroke (350 ms of it debounce)`,
      );
      for (const name of await memberRows(page)
        .locator('td:nth-child(2) p')
        .first()
        .allInnerTexts()) {
        expect(name.toLowerCase()).toContain('olivia');
      }

      // Change one member's roles: member → admin and member.
      await search(page, roleChanged);
      await waitForTotal(page, 1);
      await page.getByRole('button', { name: /^Edit roles of Olivia Garcia/ }).click();
      const editDialog = page.getByRole('dialog', { name: 'Edit roles of Olivia Garcia' });
      await editDialog.waitFor();
      // The dialog focuses the roles field; the keyboard opens its list.
      await expect
        .poll(() =>
          editDialog
            .getByLabel('Roles', { exact: true })
            .evaluate((input) => input === document.activeElement),
        )
        .toBe(true);
      await page.keyboard.press('ArrowDown');
      await page
        .getByRole('listbox', { name: 'Roles' })
        .getByRole('option', { name: 'admin' })
        .click();
      await page.keyboard.press('Escape');
      await editDialog.getByText('Change members’ roles and remove members.').waitFor();
      await editDialog.getByRole('button', { name: 'Save roles' }).click();
      await editDialog.waitFor({ state: 'detached' });
      await page.getByText('Roles of Olivia Garcia updated.').waitFor();
      await memberRows(page).first().getByText('admin', { exact: true }).waitFor();
      expect(await memberRoleNames(stack, initech.id, roleChangedId)).toEqual(['admin', 'member']);

      // Remove another, after a confirmation that names them.
      await search(page, removed);
      await waitForTotal(page, 1);
      await page.getByRole('button', { name: 'Remove Liam Garcia' }).click();
      const removeDialog = page.getByRole('dialog', {
        name: `Remove Liam Garcia from ${initech.name}?`,
      });
      await removeDialog.waitFor();
      await screenshot(page, 'members-remove-dialog');
      await removeDialog.getByRole('button', { name: 'Remove Liam Garcia' }).click();
      await removeDialog.waitFor({ state: 'detached' });
      await page.getByText(`Liam Garcia was removed from ${initech.name}.`).waitFor();
      await page.getByRole('heading', { name: 'No matching members' }).waitFor();
      expect(await memberRoleNames(stack, initech.id, removedId)).toBeUndefined();
      await page.getByRole('button', { name: 'Clear search and filter' }).click();
      await waitForTotal(page, totalBefore - 1);

      // Both are in the audit log, in words.
      await page.getByRole('link', { name: 'Audit log' }).click();
      await page.getByRole('heading', { level: 1, name: 'Audit log' }).waitFor();
      const sentences = page.getByTestId('audit-sentence');
      await sentences.first().waitFor();
      const texts = await sentences.allInnerTexts();
      expect(texts).toContain(`Ada Admin removed ${removed} from ${initech.name}`);
      expect(texts).toContain(
        `Ada Admin changed the roles of ${roleChanged} in ${initech.name} from member to admin and member`,
      );
      await screenshot(page, 'audit-log-after-changes');
      expect(problems).toEqual({ errors: [], cspViolations: [] });
    });
  });

  it('assigns roles to members selected across searches, in one bulk change', async () => {
    const initech = organizationByKey(stack, 'initech');
    const people = [
      { name: 'Emma Garcia', email: `emma.garcia.0027@${largeOrganization.emailDomain}` },
      { name: 'Noah Garcia', email: `noah.garcia.0028@${largeOrganization.emailDomain}` },
    ];
    const ids = await Promise.all(people.map(({ email }) => userIdByEmail(stack, email)));
    for (const id of ids) expect(await memberRoleNames(stack, initech.id, id)).toEqual(['member']);

    await withPortal(browser, 'bulk-assign', async ({ page, problems }) => {
      await signIn(page, stack, stack.admin, { startAt: `/orgs/${initech.id}/members` });
      await waitForTotal(page, await countMembers(stack, initech.id));
      // Pick one person, search again, pick another: the selection is kept.
      for (const person of people) {
        await search(page, person.email);
        await waitForTotal(page, 1);
        await page.getByRole('checkbox', { name: `Select ${person.name}` }).check();
      }
      const bulk = page.getByTestId('bulk-actions');
      await bulk.getByText('2 members selected').waitFor();
      await bulk.getByRole('button', { name: 'Assign roles…' }).click();
      const dialog = page.getByRole('dialog', { name: 'Assign roles to 2 members' });
      await dialog.waitFor();
      for (const person of people) await dialog.getByText(person.name).waitFor();
      // Nothing chosen yet: the dialog says so instead of sending.
      await dialog.getByRole('button', { name: 'Assign to 2 members' }).click();
      await dialog.getByText('Choose at least one role.').waitFor();
      await dialog.getByLabel('Roles to add').focus();
      await page.keyboard.press('ArrowDown');
      await page
        .getByRole('listbox', { name: 'Roles to add' })
        .getByRole('option', { name: 'admin' })
        .click();
      await page.keyboard.press('Escape');
      await dialog.getByRole('button', { name: 'Assign to 2 members' }).click();
      await dialog.waitFor({ state: 'detached' });
      await page.getByText('Roles assigned to 2 members.').waitFor();
      await bulk.waitFor({ state: 'detached' });
      await memberRows(page).first().getByText('admin', { exact: true }).waitFor();
      for (const id of ids)
        expect(await memberRoleNames(stack, initech.id, id)).toEqual(['admin', 'member']);

      await page.getByRole('link', { name: 'Audit log' }).click();
      await page.getByLabel('Action').selectOption({ label: 'Roles assigned to members' });
      await page.waitForURL((url) => url.searchParams.get('action') === 'members.roles_assigned');
      await page
        .getByText(`Ada Admin gave admin to 2 members in ${initech.name}`)
        .first()
        .waitFor();
      expect(problems).toEqual({ errors: [], cspViolations: [] });
    });
  });

  it('explains, naming the person, that the last admin can be neither demoted nor removed', async () => {
    // An organization and an admin of their own, so that the demo accounts stay as seeded.
    const suffix = Date.now().toString(36);
    const solo = {
      name: 'Sol Solo',
      email: `sol.${suffix}@example.com`,
      password: `sol-${suffix}-password`,
    };
    const soloId = await createUser(stack, solo);
    const tom = await userIdByEmail(stack, 'tom.becker@example.com');
    const name = `Solo Admin Ltd ${suffix}`;
    const organizationId = await createOrganization(stack, name, [
      { userId: soloId, roles: ['admin'] },
      { userId: tom, roles: ['member'] },
    ]);

    await withPortal(browser, 'last-admin', async ({ page, problems }) => {
      await signIn(
        page,
        stack,
        { ...solo, userId: soloId },
        { startAt: `/orgs/${organizationId}/members` },
      );
      await waitForTotal(page, 2);
      const lastAdminTitle = 'Sol Solo is the last person who can manage members';

      await page.getByRole('button', { name: 'Edit roles of Sol Solo' }).click();
      const edit = page.getByRole('dialog', { name: 'Edit roles of Sol Solo' });
      await edit.waitFor();
      // Backspace in the roles field removes the last role: none left.
      await page.keyboard.press('Backspace');
      await edit.getByText('You are taking away your own access').waitFor();
      await edit.getByRole('button', { name: 'Save roles' }).click();
      const refusal = edit.getByRole('alert').filter({ hasText: lastAdminTitle });
      await refusal.getByText(lastAdminTitle).waitFor();
      expect(await refusal.innerText()).toContain(`the last person in ${name}`);
      await screenshot(page, 'members-last-admin');
      await edit.getByRole('button', { name: 'Cancel' }).click();

      await page.getByRole('button', { name: 'Remove Sol Solo' }).click();
      const remove = page.getByRole('dialog', { name: `Remove Sol Solo from ${name}?` });
      await remove
        .getByText(`You are removing yourself: you will lose access to ${name}.`)
        .waitFor();
      await remove.getByRole('button', { name: 'Remove Sol Solo' }).click();
      await remove.getByRole('alert').filter({ hasText: lastAdminTitle }).waitFor();
      await remove.getByRole('button', { name: 'Cancel' }).click();
      expect(await memberRoleNames(stack, organizationId, soloId)).toEqual(['admin']);

      // The refusals are in the audit log too.
      await page.getByRole('link', { name: 'Audit log' }).click();
      await page.getByLabel('Outcome').selectOption({ label: 'Failed' });
      const failures = page.getByTestId('audit-failure');
      await expect.poll(() => failures.count()).toBe(2);
      for (const text of await failures.allInnerTexts()) {
        expect(text).toBe(`Refused: ${solo.email} is the last person who can manage members`);
      }
      expect(problems).toEqual({ errors: [], cspViolations: [] });
    });
  });

  it('can be used with the keyboard alone, with the focus always visible', async () => {
    const acme = organizationByKey(stack, 'acme');
    await withPortal(browser, 'keyboard', async ({ page, problems }) => {
      await signIn(page, stack, stack.admin, { startAt: `/orgs/${acme.id}/members` });
      await waitForTotal(page, await countMembers(stack, acme.id));
      await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());

      /** The focused element, and whether its focus can be seen (a ring, or a form field's focus border). */
      const focused = async () => {
        // Inputs change their border colour with a short transition.
        await page.waitForTimeout(200);
        return page.evaluate(() => {
          const element = document.activeElement;
          if (!(element instanceof HTMLElement)) return { label: '', visible: false, id: '' };
          const style = getComputedStyle(element);
          const probe = document.createElement('span');
          probe.style.color = 'var(--mantine-primary-color-filled)';
          document.body.append(probe);
          const focusColor = getComputedStyle(probe).color;
          probe.remove();
          const ring = style.outlineStyle !== 'none' && style.outlineWidth !== '0px';
          const field = ['INPUT', 'SELECT', 'TEXTAREA'].includes(element.tagName);
          return {
            label: element.getAttribute('aria-label') ?? element.textContent?.trim() ?? '',
            visible: ring || (field && style.borderColor === focusColor),
            id: element.id,
          };
        });
      };

      // The first stop is the skip link; it lands on the main content.
      await page.keyboard.press('Tab');
      expect(await focused()).toMatchObject({ label: 'Skip to main content', visible: true });
      await page.keyboard.press('Enter');
      expect((await focused()).id).toBe('main-content');

      // Then the search box: type, and the list follows.
      await page.keyboard.press('Tab');
      expect(await page.evaluate(() => document.activeElement?.getAttribute('type'))).toBe(
        'search',
      );
      await page.keyboard.type('priya');
      await waitForTotal(page, 1);

      // Tab on to the row's "Edit roles": every stop shows where the focus is.
      let label = '';
      for (let presses = 0; presses < 15 && label !== 'Edit roles of Priya Patel'; presses += 1) {
        await page.keyboard.press('Tab');
        const now = await focused();
        label = now.label;
        expect(now.visible, `visible focus on "${now.label}"`).toBe(true);
      }
      expect(label).toBe('Edit roles of Priya Patel');
      await page.keyboard.press('Enter');
      const dialog = page.getByRole('dialog', { name: 'Edit roles of Priya Patel' });
      await dialog.waitFor();
      // Escape closes it, and the focus goes back where it was.
      await page.keyboard.press('Escape');
      await dialog.waitFor({ state: 'detached' });
      await expect.poll(async () => (await focused()).label).toBe('Edit roles of Priya Patel');
      expect(problems).toEqual({ errors: [], cspViolations: [] });
    });
  });

  it('shows loading, empty and error states, with a retry that works', async () => {
    const acme = organizationByKey(stack, 'acme');
    await withPortal(browser, 'member-states', async ({ page, problems }) => {
      await signIn(page, stack, stack.admin);
      // Slow: a skeleton while the first page loads.
      let release: () => void = () => undefined;
      const held = new Promise<void>((resolve) => (release = resolve));
      let continued: Promise<void> = Promise.resolve();
      await page.route(
        '**/api/orgs/*/members?*',
        (route) => {
          continued = held.then(() => route.continue());
        },
        { times: 1 },
      );
      await page.goto(`${stack.baseUrl}/orgs/${acme.id}/members`);
      await page.getByText('Loading members…').waitFor({ state: 'attached' });
      await screenshot(page, 'members-loading');
      release();
      await continued;
      await waitForTotal(page, await countMembers(stack, acme.id));

      // Nobody matches: says so, and offers to clear the search.
      await search(page, 'zz-nobody-zz');
      await page.getByRole('heading', { name: 'No matching members' }).waitFor();
      await page.getByText('Nobody matches “zz-nobody-zz” with these filters.').waitFor();
      await screenshot(page, 'members-empty');
      await page.getByRole('button', { name: 'Clear search and filter' }).click();
      await waitForTotal(page, await countMembers(stack, acme.id));

      // The portal server can't be reached: an error with a retry.
      await page.route('**/api/orgs/*/members?*', (route) => route.abort('connectionrefused'));
      await page.goto(`${stack.baseUrl}/orgs/${acme.id}/members?page=1&size=10`);
      const alert = page.getByRole('alert').filter({ hasText: 'Can’t reach the portal server' });
      await alert.waitFor();
      await screenshot(page, 'members-error');
      await page.unroute('**/api/orgs/*/members?*');
      await alert.getByRole('button', { name: 'Try again' }).click();
      await waitForTotal(page, await countMembers(stack, acme.id));
      expect(await memberRows(page).count()).toBeLessThanOrEqual(10);
      expect(problems.cspViolations).toEqual([]);
    });
  });
});
