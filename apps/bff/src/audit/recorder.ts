import type { ActorKind } from '@portal/shared';
import type { Logger } from 'pino';

import type { Actor } from '../auth/types.js';
import type { AuditLog, NewAuditEvent } from '../data/types.js';
import type { LogtoManagementClient } from '../logto/types.js';

export type AuditEntry = Omit<NewAuditEvent, 'actor'> & { actor: Actor };

export type AuditRecorder = {
  /** Appends the event; never throws (a write that happened stays answered as it happened). */
  record(entry: AuditEntry): Promise<void>;
};

const emailTtlMs = 5 * 60_000;

/** How an actor appears in the audit log. */
export function auditActorKind(actor: Actor): ActorKind {
  switch (actor.kind) {
    case 'support':
      return 'support';
    case 'organization_member':
      return 'organization_admin';
    case 'portal_user':
      return 'member';
  }
}

/**
 * Appends audit events with the actor's email (tokens carry only the user id; the email is looked up
 * once per user every few minutes, and left null when Logto cannot say). A failed append is logged as an
 * error with the whole event, so that nothing is silently lost, but does not undo or fail the write.
 */
export function createAuditRecorder({
  audit,
  logto,
  logger,
}: {
  audit: AuditLog;
  logto: Pick<LogtoManagementClient, 'getUser'>;
  logger: Logger;
}): AuditRecorder {
  const emails = new Map<string, { email: Promise<string | null>; expiresAt: number }>();

  const emailOf = (userId: string): Promise<string | null> => {
    const cached = emails.get(userId);
    if (cached && cached.expiresAt > Date.now()) return cached.email;
    if (emails.size > 1000) emails.clear();
    const email = logto.getUser(userId).then(
      (user) => user.primaryEmail,
      () => {
        emails.delete(userId);
        return null;
      },
    );
    emails.set(userId, { email, expiresAt: Date.now() + emailTtlMs });
    return email;
  };

  return {
    async record({ actor, ...event }) {
      const entry: NewAuditEvent = {
        ...event,
        actor: {
          userId: actor.userId,
          email: await emailOf(actor.userId),
          kind: auditActorKind(actor),
        },
      };
      try {
        await audit.append(entry);
      } catch (error) {
        logger.error({ err: error, auditEvent: entry }, 'could not append an audit event');
      }
    },
  };
}
