import {
  auditActionSchema,
  defaultPageSize,
  listAuditEventsQuerySchema,
  type AuditAction,
  type ListAuditEventsQuery,
} from '@portal/shared';
import { z } from 'zod';

/** The audit log's filters as kept in the URL; dates are calendar days (`2025-01-31`) in the viewer's time zone. */
export type AuditSearch = {
  page: number;
  action: AuditAction | undefined;
  outcome: 'success' | 'failure' | undefined;
  from: string | undefined;
  to: string | undefined;
};

const daySchema = z.iso.date();
const pageSchema = z.coerce.number().int().min(1).catch(1);

const day = (value: string | null) =>
  value !== null && daySchema.safeParse(value).success ? value : undefined;

export function auditSearchFromParams(params: URLSearchParams): AuditSearch {
  const action = auditActionSchema.safeParse(params.get('action'));
  const outcome = params.get('outcome');
  return {
    page: pageSchema.parse(params.get('page') ?? 1),
    action: action.success ? action.data : undefined,
    outcome: outcome === 'success' || outcome === 'failure' ? outcome : undefined,
    from: day(params.get('from')),
    to: day(params.get('to')),
  };
}

export function auditSearchToParams(search: AuditSearch): URLSearchParams {
  const params = new URLSearchParams();
  if (search.action) params.set('action', search.action);
  if (search.outcome) params.set('outcome', search.outcome);
  if (search.from) params.set('from', search.from);
  if (search.to) params.set('to', search.to);
  if (search.page > 1) params.set('page', String(search.page));
  return params;
}

/** The start of a calendar day in the viewer's time zone, as an ISO instant. */
const startOfDay = (isoDay: string) => new Date(`${isoDay}T00:00:00`).toISOString();
/** The last millisecond of a calendar day in the viewer's time zone (the BFF's bounds are inclusive). */
const endOfDay = (isoDay: string) => new Date(`${isoDay}T23:59:59.999`).toISOString();

/** The BFF query; a range given backwards (to before from) is read the way the person meant it. */
export function auditListQuery(
  search: AuditSearch,
  pageSize = defaultPageSize,
): ListAuditEventsQuery {
  let { from, to } = search;
  if (from && to && from > to) [from, to] = [to, from];
  return listAuditEventsQuerySchema.parse({
    page: search.page,
    pageSize,
    ...(search.action ? { action: search.action } : {}),
    ...(search.outcome ? { outcome: search.outcome } : {}),
    ...(from ? { from: startOfDay(from) } : {}),
    ...(to ? { to: endOfDay(to) } : {}),
  });
}

export const hasAuditFilters = (search: AuditSearch) =>
  Boolean(search.action ?? search.outcome ?? search.from ?? search.to);
