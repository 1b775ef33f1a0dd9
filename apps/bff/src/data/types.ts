/**
 * The BFF's own data (DESIGN.md section 8): one data-access module (data/database.ts) over PGlite
 * (embedded, a local folder) or PostgreSQL (`DATABASE_URL`), with versioned migrations.
 */
import type {
  ActorKind,
  AuditAction,
  AuditEvent,
  ListAuditEventsQuery,
  Page,
} from '@portal/shared';

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
  /** The first request's hash: a retry with another body under the same key is the caller's to refuse. */
  requestHash: string;
  status: number;
  body: unknown;
  /** Epoch ms of the claim; the record is forgotten 24 h later. */
  createdAt: number;
};

export interface IdempotencyStore {
  /**
   * Claims the key; returns the existing record when one exists (complete or in progress). Atomic: of
   * concurrent claims (across replicas too) exactly one gets 'claimed'. A claim still in progress after
   * 60 s (its request died) can be claimed again; an expired record (24 h) counts as absent. A record
   * kept with an unknown outcome (`keep`) is claimed again at once by the same request (same hash),
   * `resumed: true` (also for a takeover of a dead claim): the handler must find what the earlier
   * attempt did before acting. Under another body it comes back as `completed` with `status: 0`, only
   * for the caller's hash check (which refuses the reuse; it is never replayed).
   */
  claim(input: {
    key: string;
    scope: string;
    requestHash: string;
  }): Promise<
    | { state: 'claimed'; resumed: boolean }
    | { state: 'in_progress' }
    | { state: 'completed'; record: IdempotencyRecord }
  >;
  /** Stores the answer of a claim in progress; a record already completed keeps its first answer. */
  complete(input: { key: string; scope: string; status: number; body: unknown }): Promise<void>;
  /**
   * Keeps a claim whose request ended with an unknown outcome (Logto may have applied the write), so
   * that a retry with the same key reconciles instead of starting afresh.
   */
  keep(input: { key: string; scope: string }): Promise<void>;
  /** Drops a claim in progress (the request failed before creating anything), so a retry may run. */
  release(input: { key: string; scope: string }): Promise<void>;
}

export interface PortalDatabase {
  audit: AuditLog;
  idempotency: IdempotencyStore;
  /** For /readyz: resolves when the database answers, rejects otherwise. */
  ping(): Promise<void>;
  close(): Promise<void>;
}
