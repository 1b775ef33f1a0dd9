import type Koa from 'koa';

import type { Database, Queryable } from '../db/database.js';
import { RequestError } from '../errors.js';
import { generateStandardId } from '../ids.js';
import { renderMailboxPage } from './mailbox-page.js';
import { renderMessage, type MessagePayload, type MessageUsageType } from './render.js';

export { messageUsageTypes, type MessagePayload, type MessageUsageType } from './render.js';

/** Logto's `defaultMessageRateLimitPolicy`: not tenant-configurable. */
export const messageRateLimit = { windowMs: 600_000, maxSendsPerRecipient: 10 } as const;

const connectorSettingKey = 'email_connector';

export type SentMessage = {
  id: string;
  to: string;
  subject: string;
  html: string;
  text: string;
  /** `payload.link` when it is a string. */
  link: string | null;
  usageType: MessageUsageType;
  payload: MessagePayload;
  createdAt: number;
};

export type OutgoingMessage = { to: string; usageType: MessageUsageType; payload: MessagePayload };

export type Mailer = {
  /** Whether the built-in email connector exists (off: sending answers Logto's 501 `connector.not_found`). */
  isConnectorEnabled(): boolean;
  setConnectorEnabled(enabled: boolean): Promise<void>;
  /**
   * "Sends" through the built-in connector: renders the template, enforces the per-recipient throttle
   * (429 `request.message_rate_limited`) and stores the message in the dev mailbox. Pass `tx` when
   * sending inside a transaction (PGlite: never use `db` inside one); a failure then rolls it back.
   */
  send(message: OutgoingMessage, tx?: Queryable): Promise<SentMessage>;
  /** Newest first; `to` matches case-insensitively. */
  listMessages(filter?: { to?: string }): Promise<SentMessage[]>;
  clearMessages(): Promise<void>;
};

type SentMessageRow = {
  id: string;
  recipient: string;
  usage_type: MessageUsageType;
  subject: string;
  html: string;
  text: string;
  payload: MessagePayload;
  created_at: number | bigint;
};

const sentMessageColumns = 'id, recipient, usage_type, subject, html, text, payload, created_at';

function toSentMessage(row: SentMessageRow): SentMessage {
  const { link } = row.payload;
  return {
    id: row.id,
    to: row.recipient,
    subject: row.subject,
    html: row.html,
    text: row.text,
    link: typeof link === 'string' ? link : null,
    usageType: row.usage_type,
    payload: row.payload,
    createdAt: Number(row.created_at),
  };
}

/** Logto counts sends per action: all verification codes share one bucket, invitations have their own. */
function throttleBucket(usageType: MessageUsageType): MessageUsageType[] {
  return usageType === 'OrganizationInvitation'
    ? ['OrganizationInvitation']
    : ['SignIn', 'Register', 'ForgotPassword', 'Generic'];
}

/** Logto's `normalizeRecipient` for emails: casing and surrounding spaces don't make a new recipient. */
function normalizeRecipient(to: string): string {
  return to.trim().toLowerCase();
}

async function sendWith(query: Queryable, message: OutgoingMessage): Promise<SentMessage> {
  const now = Date.now();
  const { rows: counted } = await query.query<{ count: number }>(
    `select count(*)::int as count from sent_messages
     where lower(trim(recipient)) = $1 and usage_type = any($2) and created_at > $3`,
    [
      normalizeRecipient(message.to),
      throttleBucket(message.usageType),
      now - messageRateLimit.windowMs,
    ],
  );
  if ((counted[0]?.count ?? 0) >= messageRateLimit.maxSendsPerRecipient) {
    throw new RequestError({ code: 'request.message_rate_limited', status: 429 });
  }

  const { subject, html, text } = renderMessage(message.usageType, message.payload);
  const { rows } = await query.query<SentMessageRow>(
    `insert into sent_messages (id, recipient, usage_type, subject, html, text, payload, created_at)
     values ($1, $2, $3, $4, $5, $6, $7::jsonb, $8)
     returning ${sentMessageColumns}`,
    [
      generateStandardId(),
      message.to,
      message.usageType,
      subject,
      html,
      text,
      JSON.stringify(message.payload),
      now,
    ],
  );
  const [row] = rows;
  if (!row) throw new Error('Inserting a sent message returned no row');
  return toSentMessage(row);
}

/**
 * The built-in email connector. Whether it exists is kept in `emulator_settings`; at start the
 * configured value (EMULATOR_EMAIL_CONNECTOR / `--no-email-connector`) is written there and wins over
 * what a previous run stored, so a restart always does what its flags say. The test control
 * (`PUT /_emulator/email-connector`) changes it until the next start or `/_emulator/reset`.
 */
export async function createMailer({
  db,
  emailConnector,
}: {
  db: Database;
  emailConnector: boolean;
}): Promise<Mailer> {
  let enabled = emailConnector;

  const persist = async (value: boolean) => {
    await db.query(
      `insert into emulator_settings (key, value) values ($1, $2::jsonb)
       on conflict (key) do update set value = excluded.value`,
      [connectorSettingKey, JSON.stringify({ enabled: value })],
    );
    enabled = value;
  };
  await persist(emailConnector);

  return {
    isConnectorEnabled: () => enabled,
    setConnectorEnabled: persist,
    async send(message, tx) {
      if (!enabled) {
        throw new RequestError({
          code: 'connector.not_found',
          status: 501,
          values: { type: 'Email' },
        });
      }
      // Counting and inserting in one transaction keeps concurrent sends from overshooting the cap.
      return tx ? sendWith(tx, message) : db.transaction(async (ownTx) => sendWith(ownTx, message));
    },
    async listMessages({ to } = {}) {
      const rows = await db.query<SentMessageRow>(
        `select ${sentMessageColumns} from sent_messages
         ${to === undefined ? '' : 'where lower(trim(recipient)) = $1'}
         order by created_at desc, seq desc`,
        to === undefined ? [] : [normalizeRecipient(to)],
      );
      return rows.map(toSentMessage);
    },
    async clearMessages() {
      await db.query('delete from sent_messages');
    },
  };
}

function wantsJson(ctx: Koa.Context): boolean {
  return ctx.path.endsWith('.json') || ctx.accepts('html', 'json') === 'json';
}

/**
 * The dev mailbox (always on: it is where "sent" emails go, not a test control):
 * `GET /_emulator/mailbox` (HTML, or JSON for `Accept: application/json`), `GET /_emulator/mailbox.json`;
 * `?to=<email>` filters by recipient.
 */
export function createMailboxRouter({ mailer }: { mailer: Mailer }): Koa.Middleware {
  return async (ctx, next) => {
    // Only GET/HEAD: other methods fall through (DELETE /_emulator/mailbox is a test control).
    const isMailboxPath =
      ctx.path === '/_emulator/mailbox' || ctx.path === '/_emulator/mailbox.json';
    if (!isMailboxPath || (ctx.method !== 'GET' && ctx.method !== 'HEAD')) {
      await next();
      return;
    }

    const to =
      typeof ctx.query.to === 'string' && ctx.query.to.trim() !== '' ? ctx.query.to : undefined;
    const messages = await mailer.listMessages({ to });
    ctx.set('Cache-Control', 'no-store');
    if (wantsJson(ctx)) {
      ctx.body = messages;
      return;
    }
    ctx.set(
      'Content-Security-Policy',
      "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
    );
    ctx.type = 'text/html; charset=utf-8';
    ctx.body = renderMailboxPage({ messages, to, connectorEnabled: mailer.isConnectorEnabled() });
  };
}
