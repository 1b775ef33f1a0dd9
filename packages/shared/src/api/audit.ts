import { z } from 'zod';

import { logtoIdSchema } from './common.js';
import { plainTextSchema } from './input-limits.js';
import { paginationQuerySchema } from './pagination.js';

export const auditActions = [
  'organization.created',
  'organization.updated',
  'organization.deleted',
  'member.removed',
  'member.roles_replaced',
  'members.roles_assigned',
  'invitation.created',
  'invitation.resent',
  'invitation.renewed',
  'invitation.revoked',
  'invitation.accepted',
] as const;

export const auditActionSchema = z.enum(auditActions);
export type AuditAction = z.infer<typeof auditActionSchema>;

export const actorKinds = ['organization_admin', 'support', 'member'] as const;
export const actorKindSchema = z.enum(actorKinds);
export type ActorKind = z.infer<typeof actorKindSchema>;

export const auditEventSchema = z.object({
  id: z.string(),
  /** ISO 8601 */
  occurredAt: z.string(),
  actor: z.object({ userId: z.string(), email: z.string().nullable(), kind: actorKindSchema }),
  organizationId: z.string().nullable(),
  action: auditActionSchema,
  target: z.object({ type: z.string(), id: z.string().nullable(), label: z.string().nullable() }),
  /** Support staff's stated reason; shown to the organization's admins. */
  reason: z.string().nullable(),
  outcome: z.enum(['success', 'failure']),
  /** The error code when the outcome is a failure. */
  errorCode: z.string().nullable(),
  requestId: z.string(),
  /** What changed, e.g. `{ before: [...], after: [...] }` for roles. Never secrets or tokens. */
  details: z.record(z.string(), z.unknown()),
});

export const listAuditEventsQuerySchema = paginationQuerySchema.extend({
  action: auditActionSchema.optional(),
  actorId: logtoIdSchema.optional(),
  targetId: plainTextSchema({ max: 128 }).optional(),
  outcome: z.enum(['success', 'failure']).optional(),
  /** ISO 8601 bounds, inclusive. */
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
});

export type AuditEvent = z.infer<typeof auditEventSchema>;
export type ListAuditEventsQuery = z.infer<typeof listAuditEventsQuerySchema>;
