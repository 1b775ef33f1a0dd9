import {
  auditEventSchema,
  listAuditEventsQuerySchema,
  logtoIdSchema,
  organizationIdParamsSchema,
  organizationPermissions,
  pageOf,
} from '@portal/shared';

import type { AuditLog } from '../data/types.js';
import { defineRoute, type Route } from '../http/route.js';
import { paginationHeaders } from '../lib/pagination.js';
import { listHeaders } from './common.js';

export type AuditEventsRouteDependencies = { audit: AuditLog };

/** Support may narrow the cross-organization log to one organization. */
export const listSupportAuditEventsQuerySchema = listAuditEventsQuerySchema.extend({
  organizationId: logtoIdSchema.optional(),
});

/** The audit log: an organization's own (its admins, support), and across organizations (support). */
export function createAuditEventsRoutes({ audit }: AuditEventsRouteDependencies): Route[] {
  return [
    defineRoute({
      method: 'get',
      path: '/api/orgs/:orgId/audit-events',
      operationId: 'listOrganizationAuditEvents',
      summary: 'The organization’s audit log, newest first',
      description:
        'Every change made through the portal, by its admins or by support (with their reason).',
      tags: ['Audit log'],
      access: { kind: 'organization', permission: organizationPermissions.readAuditLog },
      request: { params: organizationIdParamsSchema, query: listAuditEventsQuerySchema },
      responses: {
        200: {
          description: 'A page of events',
          schema: pageOf(auditEventSchema),
          headers: listHeaders,
        },
      },
      handle: async ({ params, query, url }) => {
        const page = await audit.list({ ...query, organizationId: params.orgId });
        return { status: 200, body: page, headers: paginationHeaders(url, page) };
      },
    }),

    defineRoute({
      method: 'get',
      path: '/api/support/audit-events',
      operationId: 'listAuditEvents',
      summary: 'The audit log across organizations, newest first',
      tags: ['Support'],
      access: { kind: 'support' },
      request: { query: listSupportAuditEventsQuerySchema },
      responses: {
        200: {
          description: 'A page of events',
          schema: pageOf(auditEventSchema),
          headers: listHeaders,
        },
      },
      handle: async ({ query: { organizationId, ...query }, url }) => {
        const page = await audit.list({ ...query, organizationId: organizationId ?? null });
        return { status: 200, body: page, headers: paginationHeaders(url, page) };
      },
    }),
  ];
}
