-- The stored answer to a create request, so a retry with the same Idempotency-Key creates nothing twice.
create table idempotency_records (
  -- Who may replay it: `${actorId}:${method} ${path}`; the same key under another scope is another record.
  scope text not null,
  key text not null,
  request_hash text not null,
  state text not null check (state in ('in_progress', 'completed')),
  status integer check (status between 100 and 599),
  body jsonb,
  created_at timestamptz not null,
  -- When the current claim was taken; a claim left in progress too long (a crashed replica) may be taken over.
  claimed_at timestamptz not null,
  completed_at timestamptz,
  expires_at timestamptz not null,
  primary key (scope, key),
  check ((state = 'completed') = (status is not null and completed_at is not null))
);

create index idempotency_records_expiry on idempotency_records (expires_at);
