/**
 * The BFF's own data (DESIGN.md section 8): one data-access module (data/database.ts) over PGlite
 * (embedded, a local folder) or PostgreSQL (`DATABASE_URL`), with versioned migrations.
 */
import type { ActorKind, AuditAction, AuditEvent, ListAuditEventsQuery, Page } from '@portal/shared';

export type NewAuditEvent = {
  actor: { userId: string; email: string | null; kind: ActorKind };
  organizationId: string | null;
  action: AuditAction;
  target: { type: string; id: string | null; label: string | null };
  reason: string | null;
  outcome: 'success' | 'failure';
  errorCode: string | null;
  requestId: string;
  details?: Record<string, unknown>;
};

export interface AuditLog {
  append(event: NewAuditEvent): Promise<AuditEvent>;
  /** Newest first. `organizationId: null` lists across all organizations (support). */
  list(query: ListAuditEventsQuery & { organizationId: string | null }): Promise<Page<AuditEvent>>;
}

/** A stored answer to a create request, so a retry with the same Idempotency-Key creates nothing twice. */
export type IdempotencyRecord = {
  key: string;
  /** Who may replay it: `${actorId}:${method} ${path}`. */
  scope: string;
  requestHash: string;
  status: number;
  body: unknown;
  createdAt: number;
};

export interface IdempotencyStore {
  /** Claims the key; returns the existing record when one exists (complete or in progress). */
  claim(input: { key: string; scope: string; requestHash: string }): Promise<
    { state: 'claimed' } | { state: 'in_progress' } | { state: 'completed'; record: IdempotencyRecord }
  >;
  complete(input: { key: string; scope: string; status: number; body: unknown }): Promise<void>;
  release(input: { key: string; scope: string }): Promise<void>;
}

export interface PortalDatabase {
  audit: AuditLog;
  idempotency: IdempotencyStore;
  /** For /readyz. */
  ping(): Promise<void>;
  close(): Promise<void>;
}
