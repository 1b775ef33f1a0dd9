import { randomInt } from 'node:crypto';

import type { Database, Queryable } from '../db/database.js';
import type { Mailer } from '../mail/index.js';
import type { SignInIdentifier } from './sign-in-experience.js';

/**
 * The identifier a sign-in interaction is verifying (Logto's verification records): one row per interaction,
 * replaced when the person starts over, deleted when the flow ends. Email codes go out through the built-in
 * connector, so they land in the dev mailbox; a username is recorded as verified at once (nothing to verify).
 */

export type VerificationFlow = 'register' | 'signIn';
export type Identifier = { type: SignInIdentifier; value: string };

export type PendingVerification = {
  flow: VerificationFlow;
  identifier: Identifier;
  verified: boolean;
};

/** Logto's verification code: six digits, valid for 10 minutes, at most 10 wrong tries. */
export const codeLength = 6;
export const codeLifetimeMs = 10 * 60 * 1000;
export const maxCodeAttempts = 10;

/** Logto's English phrases (`verification_code.*`, `error.invalid_passcode`). */
export const codeMessages = {
  incomplete: 'The verification code is invalid.',
  mismatch: 'Invalid verification code.',
  expired: 'Verification code has expired. Please request a new one.',
  retriesExceeded: 'Verification code retries limitation exceeded. Please request a new one.',
} as const;

type VerificationRow = {
  flow: VerificationFlow;
  identifier_type: SignInIdentifier;
  identifier: string;
  code: string | null;
  failed_attempts: number;
  sent_at: number | string;
  verified_at: number | string | null;
};

const usageTypes = { register: 'Register', signIn: 'SignIn' } as const;

const upsert = `insert into experience_verifications
    (interaction_uid, flow, identifier_type, identifier, code, failed_attempts, sent_at, verified_at)
  values ($1, $2, $3, $4, $5, 0, $6, $7)
  on conflict (interaction_uid) do update set flow = excluded.flow, identifier_type = excluded.identifier_type,
    identifier = excluded.identifier, code = excluded.code, failed_attempts = 0, sent_at = excluded.sent_at,
    verified_at = excluded.verified_at`;

export function createVerificationStore({
  db,
  mailer,
  now = Date.now,
}: {
  db: Database;
  mailer: Mailer;
  now?: () => number;
}) {
  async function find(uid: string, flow: VerificationFlow) {
    const row = await db.one<VerificationRow>(
      `select flow, identifier_type, identifier, code, failed_attempts, sent_at, verified_at
       from experience_verifications where interaction_uid = $1 and flow = $2`,
      [uid, flow],
    );
    return row;
  }

  const toPending = (row: VerificationRow): PendingVerification => ({
    flow: row.flow,
    identifier: { type: row.identifier_type, value: row.identifier },
    verified: row.verified_at !== null,
  });

  return {
    /**
     * Emails a new code for `identifier` (replacing any earlier one of this interaction). Throws the mailer's
     * RequestError (no email connector: 501; too many codes to one address: 429), storing nothing then.
     */
    async sendCode(uid: string, flow: VerificationFlow, identifier: Identifier): Promise<void> {
      const code = String(randomInt(0, 10 ** codeLength)).padStart(codeLength, '0');
      await db.transaction(async (tx: Queryable) => {
        await tx.query(upsert, [uid, flow, identifier.type, identifier.value, code, now(), null]);
        await mailer.send(
          { to: identifier.value, usageType: usageTypes[flow], payload: { code } },
          tx,
        );
      });
    },

    /** Records an identifier that needs no code (a username) as verified. */
    async recordVerified(uid: string, flow: VerificationFlow, identifier: Identifier) {
      const at = now();
      await db.query(upsert, [uid, flow, identifier.type, identifier.value, null, at, at]);
    },

    async find(uid: string, flow: VerificationFlow): Promise<PendingVerification | undefined> {
      const row = await find(uid, flow);
      return row && toPending(row);
    },

    /**
     * Checks a submitted code: on success the identifier is verified (a second check is refused, as a code is
     * used once); otherwise one of {@link codeMessages}. Undefined when nothing is pending.
     */
    async verifyCode(
      uid: string,
      flow: VerificationFlow,
      submitted: string,
    ): Promise<
      { ok: true; pending: PendingVerification } | { ok: false; message: string } | undefined
    > {
      const row = await find(uid, flow);
      if (!row) return undefined;
      if (row.verified_at !== null || row.code === null)
        return { ok: true, pending: toPending(row) };
      if (row.failed_attempts >= maxCodeAttempts)
        return { ok: false, message: codeMessages.retriesExceeded };
      if (now() - Number(row.sent_at) > codeLifetimeMs)
        return { ok: false, message: codeMessages.expired };
      if (!new RegExp(`^\\d{${codeLength}}$`).test(submitted))
        return { ok: false, message: codeMessages.incomplete };
      if (submitted !== row.code) {
        await db.query(
          'update experience_verifications set failed_attempts = failed_attempts + 1 where interaction_uid = $1',
          [uid],
        );
        return {
          ok: false,
          message:
            row.failed_attempts + 1 >= maxCodeAttempts
              ? codeMessages.retriesExceeded
              : codeMessages.mismatch,
        };
      }
      await db.query(
        'update experience_verifications set verified_at = $2 where interaction_uid = $1',
        [uid, now()],
      );
      return { ok: true, pending: { ...toPending(row), verified: true } };
    },

    /** The flow ended (account created, signed in): the verification cannot be used again. */
    async remove(uid: string, tx: Queryable = db.pg) {
      await tx.query('delete from experience_verifications where interaction_uid = $1', [uid]);
    },
  };
}

export type VerificationStore = ReturnType<typeof createVerificationStore>;

/** The code from Logto's six boxes (`passcode_0` … `passcode_5`) or the emulator's single `code` field. */
export function submittedCode(form: Record<string, string> | undefined): string {
  if (!form) return '';
  const boxes = Array.from({ length: codeLength }, (_, index) => form[`passcode_${index}`] ?? '');
  const code = form.code ?? boxes.join('');
  return code.replaceAll(/\s/g, '');
}
