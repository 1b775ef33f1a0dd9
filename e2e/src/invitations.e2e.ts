import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';

import { launchChromium, screenshot, seriousAccessibilityViolations } from './browser.js';
import { readE2eEnv } from './env.js';
import { managementApiCall, memberRoleNames, userIdByEmail } from './logto.js';
import { organizationByKey, signIn, withPortal } from './session.js';

const stack = inject('stack');
let browser: Browser;

beforeAll(async () => {
  browser = await launchChromium(readE2eEnv().chromiumPath);
});

afterAll(async () => {
  await browser?.close();
});

type MailboxMessage = { to: string; link: string | null };

const field = (value: unknown, name: string): unknown =>
  typeof value === 'object' && value !== null ? Reflect.get(value, name) : undefined;

/** The emulator's dev mailbox for one address, newest first. */
async function mailboxOf(email: string): Promise<MailboxMessage[]> {
  const response = await fetch(
    `${stack.logtoEndpoint}/_emulator/mailbox.json?to=${encodeURIComponent(email)}`,
  );
  expect(response.status).toBe(200);
  const body: unknown = await response.json();
  if (!Array.isArray(body)) throw new Error('The mailbox did not answer a list');
  const messages: MailboxMessage[] = [];
  const list: unknown[] = body;
  for (const message of list) {
    const link = field(message, 'link');
    messages.push({
      to: String(field(message, 'to')),
      link: typeof link === 'string' ? link : null,
    });
  }
  return messages;
}

/** Logto's own record of an invitation (the BFF is not asked: this checks what really happened). */
async function invitationStatus(invitationId: string): Promise<unknown> {
  const response = await managementApiCall(
    stack,
    'GET',
    `/api/organization-invitations/${invitationId}`,
  );
  return field(await response.json(), 'status');
}

const invitationIdOf = (link: string) => new URL(link).pathname.split('/').pop() ?? '';

async function expectAccessible(page: Page, what: string) {
  expect(await seriousAccessibilityViolations(page), what).toEqual([]);
}

describe('invitations', () => {
  it('invites two new addresses, one signs up from the emailed link and joins; a mismatched account consumes nothing; renew and revoke change which links work', async () => {
    const acme = organizationByKey(stack, 'acme');
    const run = Date.now().toString(36);
    const first = `invitee1-${run}@example.com`;
    const second = `invitee2-${run}@example.com`;

    await withPortal(browser, 'invitations-admin', async ({ page: admin, problems }) => {
      await signIn(admin, stack, stack.admin);
      await admin.goto(`${stack.baseUrl}/orgs/${acme.id}/members`);
      await admin.getByRole('link', { name: 'Invitations' }).click();
      await admin.getByRole('heading', { level: 1, name: 'Invitations' }).waitFor();
      await admin.getByTestId('list-range').or(admin.getByText('No invitations yet')).waitFor();
      await expectAccessible(admin, 'invitations page');
      await screenshot(admin, 'invitations-page');

      // Paste both addresses (and a bad one, then removed) into the dialog.
      await admin.getByRole('button', { name: 'Invite people' }).click();
      const dialog = admin.getByRole('dialog', { name: `Invite people to ${acme.name}` });
      await dialog.waitFor();
      const field = dialog.getByRole('textbox', { name: 'Email addresses' });
      await field.fill(`${first.toUpperCase()}, not-an-email\n${second} `);
      await expect.poll(() => dialog.getByTestId('email-chip').count()).toBe(2);
      await expect.poll(() => dialog.getByTestId('email-chip-invalid').count()).toBe(1);
      await dialog.getByRole('checkbox', { name: 'member', exact: true }).check();
      await expectAccessible(admin, 'invite dialog');
      await screenshot(admin, 'invitations-invite-dialog');
      // Each address has a named remove button that works from the keyboard.
      const removeInvalid = dialog.getByRole('button', { name: 'Remove not-an-email' });
      await removeInvalid.focus();
      await admin.keyboard.press('Enter');
      await expect.poll(() => dialog.getByTestId('email-chip-invalid').count()).toBe(0);
      await dialog.getByRole('button', { name: 'Invite 2 people' }).click();
      const summaryDialog = admin.getByRole('dialog', { name: 'Invitations sent' });
      const summary = summaryDialog.getByTestId('invite-summary');
      await summary.waitFor();
      await expect.poll(() => summary.getByText('Invited', { exact: true }).count()).toBe(2);
      await screenshot(admin, 'invitations-invite-summary');
      await summaryDialog.getByRole('button', { name: 'Done' }).click();
      await summaryDialog.waitFor({ state: 'detached' });

      // Both emails are in the dev mailbox, each with its accept link.
      const [firstMail] = await mailboxOf(first);
      const [secondMail] = await mailboxOf(second);
      expect(firstMail?.link).toMatch(new RegExp(`^${stack.baseUrl}/invitations/[\\w-]+$`));
      expect(secondMail?.link).toMatch(new RegExp(`^${stack.baseUrl}/invitations/[\\w-]+$`));
      const firstLink = firstMail?.link ?? '';
      const secondLink = secondMail?.link ?? '';

      // The list shows them, pending, with relative expiry.
      await admin.getByRole('searchbox', { name: 'Search by email' }).fill(run);
      await admin.waitForURL((url) => url.searchParams.get('q') === run);
      await expect.poll(() => admin.getByTestId('invitation-row').count()).toBe(2);
      await admin.getByText('Expires in 7 days').first().waitFor();

      // The first invitee signs up from the link and accepts.
      await withPortal(browser, 'invitations-invitee', async ({ page: invitee }) => {
        await invitee.goto(firstLink);
        await invitee.getByRole('heading', { level: 1, name: 'Your invitation' }).waitFor();
        await expectAccessible(invitee, 'accept page, signed out');
        await screenshot(invitee, 'accept-signed-out');
        await invitee.getByRole('button', { name: 'Create an account' }).click();
        await invitee.waitForURL((url) => url.origin === new URL(stack.logtoEndpoint).origin);
        await invitee.getByLabel('Name (optional)').fill('Ivy Invitee');
        await invitee.getByLabel('Email').fill(first);
        await invitee.getByLabel('Password').fill('Invitee-passw0rd!');
        await invitee.getByRole('button', { name: 'Create account' }).click();
        await invitee.waitForURL(firstLink);
        await invitee.getByRole('heading', { level: 1, name: `Join ${acme.name}` }).waitFor();
        await expectAccessible(invitee, 'accept page, signed in');
        await screenshot(invitee, 'accept-pending');
        await invitee.getByRole('button', { name: `Join ${acme.name}` }).click();
        // A plain member has no portal pages: the account page, which lists the organization.
        await invitee.waitForURL(`${stack.baseUrl}/`);
        await invitee.getByText(acme.name).first().waitFor();
      });
      const inviteeId = await userIdByEmail(stack, first);
      expect(await memberRoleNames(stack, acme.id, inviteeId)).toEqual(['member']);
      expect(await invitationStatus(invitationIdOf(firstLink))).toBe('Accepted');

      // The admin sees them among the members, with the invited role.
      await admin.goto(`${stack.baseUrl}/orgs/${acme.id}/members?q=${encodeURIComponent(first)}`);
      const row = admin.getByTestId('members-table').locator('tbody tr').filter({ hasText: first });
      await row.waitFor();
      await row.getByText('member', { exact: true }).waitFor();

      // Someone signed in with another email opens the second link: told so, nothing used up.
      await withPortal(browser, 'invitations-mismatch', async ({ page: other }) => {
        await signIn(other, stack, stack.member);
        await other.goto(secondLink);
        await other
          .getByText(`You are signed in as ${stack.member.email}; this invitation is for`)
          .waitFor();
        await other.getByRole('button', { name: 'Switch account' }).waitFor();
        await expectAccessible(other, 'accept page, mismatch');
        await screenshot(other, 'accept-mismatch');
        expect(await invitationStatus(invitationIdOf(secondLink))).toBe('Pending');

        // Renew: a new email with a new link; the old link is withdrawn.
        await admin.goto(`${stack.baseUrl}/orgs/${acme.id}/invitations?status=Pending&q=${run}`);
        await admin.getByRole('button', { name: `Renew the invitation to ${second}` }).click();
        const renewDialog = admin.getByRole('dialog', {
          name: `Renew the invitation to ${second}?`,
        });
        await renewDialog.getByRole('button', { name: 'Renew' }).click();
        await admin.getByText(`A new invitation was sent to ${second}.`).waitFor();
        await expect.poll(async () => (await mailboxOf(second)).length).toBe(2);
        const renewedLink = (await mailboxOf(second))[0]?.link ?? '';
        expect(renewedLink).not.toBe(secondLink);
        expect(await invitationStatus(invitationIdOf(secondLink))).toBe('Revoked');
        await other.reload();
        await other.getByText('This invitation was withdrawn').waitFor();
        await screenshot(other, 'accept-revoked');

        // The new link works (pending, for the same address) until it is revoked.
        await other.goto(renewedLink);
        await other.getByRole('button', { name: 'Switch account' }).waitFor();
        expect(await invitationStatus(invitationIdOf(renewedLink))).toBe('Pending');
        await admin.reload();
        await admin.getByRole('button', { name: `Revoke the invitation to ${second}` }).click();
        const revokeDialog = admin.getByRole('dialog', {
          name: `Revoke the invitation to ${second}?`,
        });
        await revokeDialog.getByRole('button', { name: 'Revoke' }).click();
        await admin.getByText(`The invitation to ${second} was revoked.`).waitFor();
        expect(await invitationStatus(invitationIdOf(renewedLink))).toBe('Revoked');
        await other.reload();
        await other.getByText('This invitation was withdrawn').waitFor();
      });

      expect(problems.errors).toEqual([]);
    });
  });
});
