import type { ListAuditEventsQuery } from '@portal/shared';

/** Query keys for an organization's audit log, general to specific. */
export const auditEventKeys = {
  all: ['audit-events'] as const,
  lists: (organizationId: string) => [...auditEventKeys.all, organizationId, 'list'] as const,
  list: (organizationId: string, query: ListAuditEventsQuery) =>
    [...auditEventKeys.lists(organizationId), query] as const,
};
