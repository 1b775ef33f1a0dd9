import {
  apiPaths,
  createOrganizationBodySchema,
  listOrganizationsQuerySchema,
  organizationIdParamsSchema,
  organizationSchema,
  pageOf,
  paginationQuerySchema,
} from '@portal/shared';

import type { MemberScopeCache } from '../auth/member-scopes.js';
import { defineRoute, type Route } from '../http/route.js';
import { paginationHeaders } from '../lib/pagination.js';
import type { LogtoManagementClient } from '../logto/types.js';
import { listHeaders, noContent, toOrganization } from './common.js';

export type SupportRouteDependencies = {
  logto: LogtoManagementClient;
  memberScopes: MemberScopeCache;
};

/** The shared query has no pagination yet; every BFF list is paginated (DESIGN.md section 5). */
export const listSupportOrganizationsQuerySchema = paginationQuerySchema.extend(
  listOrganizationsQuerySchema.shape,
);

const organizationTarget = (params: Record<string, string>) => ({
  type: 'organization',
  id: params.orgId ?? null,
  label: null,
});

/** Support staff: find, create and delete organizations. */
export function createSupportRoutes({ logto, memberScopes }: SupportRouteDependencies): Route[] {
  return [
    defineRoute({
      method: 'get',
      path: '/api/support/orgs',
      operationId: 'listOrganizations',
      summary: 'Find organizations',
      description: '`q` matches names and ids.',
      tags: ['Support'],
      access: { kind: 'support' },
      request: { query: listSupportOrganizationsQuerySchema },
      responses: {
        200: {
          description: 'A page of organizations',
          schema: pageOf(organizationSchema),
          headers: listHeaders,
        },
      },
      handle: async ({ query, url }) => {
        const page = await logto.listOrganizations({
          ...(query.q ? { q: query.q } : {}),
          page: query.page,
          pageSize: query.pageSize,
        });
        const body = {
          items: page.items.map(toOrganization),
          page: query.page,
          pageSize: query.pageSize,
          totalCount: page.totalCount,
        };
        return { status: 200, body, headers: paginationHeaders(url, body) };
      },
    }),

    defineRoute({
      method: 'post',
      path: '/api/support/orgs',
      operationId: 'createOrganization',
      summary: 'Create an organization',
      description: 'Send an `Idempotency-Key` so that a retried request cannot create it twice.',
      tags: ['Support'],
      access: { kind: 'support' },
      idempotent: true,
      request: { body: createOrganizationBodySchema },
      responses: {
        201: {
          description: 'The new organization',
          schema: organizationSchema,
          headers: { Location: 'The organization’s URL in this API.' },
        },
      },
      errors: ['idempotencyKeyReused', 'conflict'],
      audit: {
        action: 'organization.created',
        target: () => ({ type: 'organization', id: null, label: null }),
      },
      handle: async ({ body, audit }) => {
        audit.organizationId = null;
        audit.target = { label: body.name };
        const created = await logto.createOrganization({
          name: body.name,
          ...(body.description === undefined ? {} : { description: body.description }),
        });
        audit.organizationId = created.id;
        audit.target = { id: created.id, label: created.name };
        return {
          status: 201,
          body: toOrganization(created),
          headers: { Location: apiPaths.organization(created.id) },
        };
      },
    }),

    defineRoute({
      method: 'delete',
      path: '/api/support/orgs/:orgId',
      operationId: 'deleteOrganization',
      summary: 'Delete an organization',
      description: 'Its members stay users of the tenant; its audit log stays in the portal.',
      tags: ['Support'],
      access: { kind: 'support' },
      request: { params: organizationIdParamsSchema },
      responses: { 204: noContent },
      errors: ['organizationNotFound'],
      audit: { action: 'organization.deleted', target: organizationTarget },
      handle: async ({ params, audit }) => {
        const organization = await logto.getOrganization(params.orgId);
        audit.target = { label: organization.name };
        await logto.deleteOrganization(params.orgId);
        memberScopes.forgetOrganization(params.orgId);
        return { status: 204 };
      },
    }),
  ];
}
