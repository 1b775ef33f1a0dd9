import { actorKindSchema, auditActionSchema, type AuditEvent } from '@portal/shared';
import { z } from 'zod';

import type { SqlDriver, SqlParam } from './sql-driver.js';
import type { AuditLog } from './types.js';
import { createUuidV7Generator } from './uuid-v7.js';

const auditEventRowSchema = z.object({
  id: z.string(),
  occurred_at: z.date(),
  actor_user_id: z.string(),
  actor_email: z.string().nullable(),
  actor_kind: actorKindSchema,
  organization_id: z.string().nullable(),
  action: auditActionSchema,
  target_type: z.string(),
  target_id: z.string().nullable(),
  target_label: z.string().nullable(),
  reason: z.string().nullable(),
  outcome: z.enum(['success', 'failure']),
  error_code: z.string().nullable(),
  request_id: z.string(),
  details: z.record(z.string(), z.unknown()),
});

const countRowSchema = z.object({ total: z.number().int() });

const columns = `id, occurred_at, actor_user_id, actor_email, actor_kind, organization_id, action, target_type,
  target_id, target_label, reason, outcome, error_code, request_id, details`;

function toAuditEvent(row: unknown): AuditEvent {
  const event = auditEventRowSchema.parse(row);
  return {
    id: event.id,
    occurredAt: event.occurred_at.toISOString(),
    actor: { userId: event.actor_user_id, email: event.actor_email, kind: event.actor_kind },
    organizationId: event.organization_id,
    action: event.action,
    target: { type: event.target_type, id: event.target_id, label: event.target_label },
    reason: event.reason,
    outcome: event.outcome,
    errorCode: event.error_code,
    requestId: event.request_id,
    details: event.details,
  };
}

/** The audit log over either engine. `now` is the clock (epoch ms) the events are stamped with. */
export function createAuditLog(driver: SqlDriver, now: () => number): AuditLog {
  const nextId = createUuidV7Generator();

  return {
    async append(event) {
      const occurredAt = now();
      const { rows } = await driver.query(
        `insert into audit_events (${columns})
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15::jsonb)
         returning ${columns}`,
        [
          nextId(occurredAt),
          new Date(occurredAt).toISOString(),
          event.actor.userId,
          event.actor.email,
          event.actor.kind,
          event.organizationId,
          event.action,
          event.target.type,
          event.target.id,
          event.target.label,
          event.reason,
          event.outcome,
          event.errorCode,
          event.requestId,
          JSON.stringify(event.details ?? {}),
        ],
      );
      return toAuditEvent(rows[0]);
    },

    async list(query) {
      const params: SqlParam[] = [];
      const conditions: string[] = [];
      const where = (condition: (placeholder: string) => string, value: SqlParam) => {
        params.push(value);
        conditions.push(condition(`$${params.length}`));
      };
      if (query.organizationId !== null)
        where((p) => `organization_id = ${p}`, query.organizationId);
      if (query.action) where((p) => `action = ${p}`, query.action);
      if (query.actorId) where((p) => `actor_user_id = ${p}`, query.actorId);
      if (query.targetId) where((p) => `target_id = ${p}`, query.targetId);
      if (query.outcome) where((p) => `outcome = ${p}`, query.outcome);
      if (query.from) where((p) => `occurred_at >= ${p}::timestamptz`, query.from);
      if (query.to) where((p) => `occurred_at <= ${p}::timestamptz`, query.to);
      const whereClause = conditions.length > 0 ? `where ${conditions.join(' and ')}` : '';

      // One snapshot for the page and its total, so they agree while events are being appended.
      return driver.transaction(async (tx) => {
        await tx.query('set transaction isolation level repeatable read, read only');
        const count = await tx.query(
          `select count(*)::integer as total from audit_events ${whereClause}`,
          params,
        );
        const { total } = countRowSchema.parse(count.rows[0]);
        const page = await tx.query(
          `select ${columns} from audit_events ${whereClause}
           order by occurred_at desc, id desc
           limit $${params.length + 1} offset $${params.length + 2}`,
          [...params, query.pageSize, (query.page - 1) * query.pageSize],
        );
        return {
          items: page.rows.map(toAuditEvent),
          page: query.page,
          pageSize: query.pageSize,
          totalCount: total,
        };
      });
    },
  };
}
