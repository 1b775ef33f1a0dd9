import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { openDatabase, type Database } from '../db/database.js';
import { RequestError } from '../errors.js';
import { generateStandardShortId } from '../ids.js';
import { startTestEmulator, type TestEmulator } from '../test-utils.js';
import { createMailer, messageRateLimit } from './index.js';

async function storedConnectorSetting(db: Database) {
  const [row] = await db.query<{ value: unknown }>(
    "select value from emulator_settings where key = 'email_connector'",
  );
  return row?.value;
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error: unknown) {
    return error;
  }
  throw new Error('Expected the promise to reject');
}

describe('createMailer', () => {
  let db: Database;

  beforeAll(async () => {
    db = await openDatabase(undefined);
  });

  afterAll(async () => {
    await db.close();
  });

  it('renders the invitation, stores it, and throttles per recipient and template bucket', async () => {
    const mailer = await createMailer({ db, emailConnector: true });
    const to = 'Throttle.Me@Example.com';
    const sent = await mailer.send({
      to,
      usageType: 'OrganizationInvitation',
      payload: {
        organization: { name: 'Acme' },
        inviter: { name: null, username: 'ann' },
        link: 'https://a.example/x',
      },
    });
    expect(sent).toMatchObject({
      to,
      subject: "You're invited to join Acme",
      link: 'https://a.example/x',
      usageType: 'OrganizationInvitation',
    });
    expect(sent.text).toContain('ann invited you to join Acme.');
    expect(sent.html).toContain('<a href="https://a.example/x">Accept the invitation</a>');

    for (let count = 1; count < messageRateLimit.maxSendsPerRecipient; count += 1) {
      await mailer.send({
        to: ` ${to.toLowerCase()} `,
        usageType: 'OrganizationInvitation',
        payload: {},
      });
    }
    const limited = await rejection(
      mailer.send({ to: to.toUpperCase(), usageType: 'OrganizationInvitation', payload: {} }),
    );
    expect(limited).toBeInstanceOf(RequestError);
    expect(
      limited instanceof RequestError ? { status: limited.status, ...limited.toBody() } : limited,
    ).toEqual({
      status: 429,
      code: 'request.message_rate_limited',
      message: 'Too many messages sent to this recipient. Please try again later.',
    });

    // Verification codes are a separate bucket in Logto; messages older than the window don't count.
    await expect(
      mailer.send({ to, usageType: 'SignIn', payload: { code: '123456' } }),
    ).resolves.toMatchObject({
      subject: 'Sign-in verification code',
    });
    await db.query(
      'update sent_messages set created_at = created_at - $1 where lower(recipient) = lower($2)',
      [messageRateLimit.windowMs, to],
    );
    await expect(
      mailer.send({ to, usageType: 'OrganizationInvitation', payload: {} }),
    ).resolves.toMatchObject({ link: null });
  });

  it('sends inside a transaction, and a rollback takes the message back', async () => {
    const mailer = await createMailer({ db, emailConnector: true });
    const to = 'rollback@example.com';
    await expect(
      db.transaction(async (tx) => {
        await mailer.send(
          { to, usageType: 'OrganizationInvitation', payload: { link: 'https://a.example/y' } },
          tx,
        );
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');
    expect(await mailer.listMessages({ to })).toEqual([]);

    await db.transaction(async (tx) => {
      await mailer.send(
        { to, usageType: 'OrganizationInvitation', payload: { link: 'https://a.example/y' } },
        tx,
      );
    });
    expect(await mailer.listMessages({ to: 'ROLLBACK@example.com' })).toHaveLength(1);
  });

  it('answers 501 connector.not_found when the connector is off', async () => {
    const mailer = await createMailer({ db, emailConnector: false });
    expect(mailer.isConnectorEnabled()).toBe(false);
    const error = await rejection(
      mailer.send({ to: 'nobody@example.com', usageType: 'OrganizationInvitation', payload: {} }),
    );
    expect(
      error instanceof RequestError ? { status: error.status, ...error.toBody() } : error,
    ).toEqual({
      status: 501,
      code: 'connector.not_found',
      message: 'Cannot find any available connector for type: Email.',
    });
    expect(await mailer.listMessages({ to: 'nobody@example.com' })).toEqual([]);
  });

  it('stores the switch, and the configured value wins again at the next start', async () => {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'emulator-mail-'));
    try {
      const first = await openDatabase(dataDir);
      const mailer = await createMailer({ db: first, emailConnector: false });
      await mailer.setConnectorEnabled(true);
      expect(mailer.isConnectorEnabled()).toBe(true);
      await first.close();

      const second = await openDatabase(dataDir);
      expect(await storedConnectorSetting(second)).toEqual({ enabled: true });
      const restarted = await createMailer({ db: second, emailConnector: false });
      expect(restarted.isConnectorEnabled()).toBe(false);
      expect(await storedConnectorSetting(second)).toEqual({ enabled: false });
      await second.close();
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});

describe('the dev mailbox (always on, here with test controls off)', () => {
  let emulator: TestEmulator;
  let organizationId: string;

  beforeAll(async () => {
    emulator = await startTestEmulator({ testControls: false, emailConnector: true });
    organizationId = generateStandardShortId();
    await emulator.deps.db.query(
      'insert into organizations (id, name, created_at) values ($1, $2, $3)',
      [organizationId, 'Acme <script>alert(1)</script>', Date.now()],
    );
  });

  afterAll(async () => {
    await emulator.close();
  });

  const invite = async (invitee: string, link: string) => {
    const response = await emulator.api('/api/organization-invitations', {
      method: 'POST',
      json: {
        organizationId,
        invitee,
        expiresAt: Date.now() + 3_600_000,
        messagePayload: { link },
      },
    });
    expect(response.status).toBe(201);
  };

  it('shows the messages newest first in an HTML page that says what it is, with working links', async () => {
    await invite('first@example.com', 'https://portal.example.com/accept/first');
    await invite('second@example.com', 'https://portal.example.com/accept/second?x=1&y=2');

    const response = await fetch(`${emulator.url}/_emulator/mailbox`, {
      headers: { accept: 'text/html' },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const page = await response.text();
    expect(page).toContain('<html lang="en">');
    expect(page).toContain('<h1>Dev mailbox</h1>');
    expect(page).toContain(
      "This is the Logto emulator's dev mailbox, for development and tests only.",
    );
    expect(page).toContain(
      '<a href="https://portal.example.com/accept/second?x=1&amp;y=2">Accept the invitation</a>',
    );
    expect(page.indexOf('second@example.com')).toBeLessThan(page.indexOf('first@example.com'));
    // Request values are escaped: the organization name cannot inject markup.
    expect(page).not.toContain('<script>');
    expect(page).toContain('Acme &lt;script&gt;alert(1)&lt;/script&gt;');
  });

  it('never turns a non-web link into an anchor', async () => {
    await invite('scheme@example.com', 'javascript:alert(1)');
    const page = await (
      await fetch(`${emulator.url}/_emulator/mailbox?to=scheme@example.com`)
    ).text();
    expect(page).not.toContain('href="javascript:');
    expect(page).toContain('<code>javascript:alert(1)</code>');
  });

  it('serves JSON at /_emulator/mailbox.json or for Accept: application/json, filtered by recipient', async () => {
    await invite('Filter.Me@example.com', 'https://portal.example.com/accept/filter');

    const response = await fetch(`${emulator.url}/_emulator/mailbox.json?to=filter.me@EXAMPLE.com`);
    expect(response.status).toBe(200);
    const messages = (await response.json()) as Array<Record<string, unknown>>;
    expect(messages).toHaveLength(1);
    expect(Object.keys(messages[0] ?? {})).toEqual([
      'id',
      'to',
      'subject',
      'html',
      'text',
      'link',
      'usageType',
      'payload',
      'createdAt',
    ]);
    expect(messages[0]).toMatchObject({
      to: 'Filter.Me@example.com',
      link: 'https://portal.example.com/accept/filter',
      usageType: 'OrganizationInvitation',
      payload: {
        link: 'https://portal.example.com/accept/filter',
        organization: { id: organizationId },
      },
    });

    const negotiated = await fetch(`${emulator.url}/_emulator/mailbox`, {
      headers: { accept: 'application/json' },
    });
    expect(negotiated.headers.get('content-type')).toBe('application/json; charset=utf-8');
    const all = (await negotiated.json()) as Array<{ to: string; createdAt: number }>;
    expect(all.map(({ to }) => to).slice(0, 2)).toEqual([
      'Filter.Me@example.com',
      'scheme@example.com',
    ]);
    expect(all.length).toBeGreaterThanOrEqual(4);
  });

  it('cannot be cleared without test controls', async () => {
    const response = await fetch(`${emulator.url}/_emulator/mailbox`, { method: 'DELETE' });
    expect(response.status).toBe(404);
    expect((await emulator.deps.mailer.listMessages()).length).toBeGreaterThan(0);
  });
});
