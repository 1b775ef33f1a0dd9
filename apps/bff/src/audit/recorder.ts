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
 * Appends audit events with the actor's email, and their display name as `details.actorName` (tokens
 * carry only the user id; both are looked up once per user every few minutes, and left out when Logto
 * cannot say). A failed append is logged as an error with the whole event, so that nothing is silently
 * lost, but does not undo or fail the write.
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
  type Identity = { email: string | null; name: string | null };
  const identities = new Map<string, { identity: Promise<Identity>; expiresAt: number }>();

  const identityOf = (userId: string): Promise<Identity> => {
    const cached = identities.get(userId);
    if (cached && cached.expiresAt > Date.now()) return cached.identity;
    if (identities.size > 1000) identities.clear();
    const identity = logto.getUser(userId).then(
      (user) => ({ email: user.primaryEmail, name: user.name }),
      () => {
        identities.delete(userId);
        return { email: null, name: null };
      },
    );
    identities.set(userId, { identity, expiresAt: Date.now() + emailTtlMs });
    return identity;
  };

  return {
    async record({ actor, ...event }) {
      const { email, name } = await identityOf(actor.userId);
      const entry: NewAuditEvent = {
        ...event,
        actor: { userId: actor.userId, email, kind: auditActorKind(actor) },
        ...(name ? { details: { ...event.details, actorName: name } } : {}),
      };
      try {
        await audit.append(entry);
      } catch (error) {
        logger.error({ err: error, auditEvent: entry }, 'could not append an audit event');
      }
    },
  };
}
