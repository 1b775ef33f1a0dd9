-- A request whose upstream write ended with an unknown outcome (a timeout, a reset, a 5xx after sending)
-- keeps its key as 'unknown': its retry with the same body resumes at once and reconciles with Logto
-- before acting, and another body under that key is refused. `resumed` says that the current claim took
-- over such an attempt (or a claim whose request died), so the handler looks for its effect first.
alter table idempotency_records drop constraint idempotency_records_state_check;
alter table idempotency_records
  add constraint idempotency_records_state_check check (state in ('in_progress', 'completed', 'unknown'));
alter table idempotency_records add column resumed boolean not null default false;
