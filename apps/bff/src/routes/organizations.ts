import {
  organizationIdParamsSchema,
  organizationPermissions,
  organizationSchema,
  updateOrganizationBodySchema,
} from '@portal/shared';

import { defineRoute, type Route } from '../http/route.js';
import type { KeyedLock } from '../lib/keyed-lock.js';
import { mergeFields, mergePatch } from '../lib/merge.js';
import type { LogtoManagementClient, OrganizationPatch } from '../logto/types.js';
import { toOrganization } from './common.js';

export type OrganizationsRouteDependencies = {
  logto: LogtoManagementClient;
  locks: KeyedLock;
};

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** The organization's settings: read, and change (branding, colour and custom data merged, not replaced). */
export function createOrganizationsRoutes({
  logto,
  locks,
}: OrganizationsRouteDependencies): Route[] {
  return [
    defineRoute({
      method: 'get',
      path: '/api/orgs/:orgId',
      operationId: 'getOrganization',
      summary: 'Get the organization’s settings',
      description: 'For anyone holding at least one portal permission in the organization.',
      tags: ['Organization'],
      access: { kind: 'organization', permission: 'any' },
      request: { params: organizationIdParamsSchema },
      responses: { 200: { description: 'The organization', schema: organizationSchema } },
      errors: ['organizationNotFound'],
      handle: async ({ params }) => ({
        status: 200,
        body: toOrganization(await logto.getOrganization(params.orgId)),
      }),
    }),

    defineRoute({
      method: 'patch',
      path: '/api/orgs/:orgId',
      operationId: 'updateOrganization',
      summary: 'Change the organization’s settings',
      description:
        'Fields left out stay as they are. `branding` and `color` are merged field by field (null removes a field); `customData` is merged as an RFC 7396 JSON merge patch (null removes a key).',
      tags: ['Organization'],
      access: { kind: 'organization', permission: organizationPermissions.manageOrganization },
      request: { params: organizationIdParamsSchema, body: updateOrganizationBodySchema },
      responses: {
        200: { description: 'The organization after the change', schema: organizationSchema },
      },
      errors: ['organizationNotFound'],
      audit: {
        action: 'organization.updated',
        target: (params) => ({ type: 'organization', id: params.orgId ?? null, label: null }),
      },
      // Read, merge, write: one at a time per organization, or two changes could each undo the other.
      handle: async ({ params, body, audit }) =>
        locks.run(params.orgId, async () => {
          const current = await logto.getOrganization(params.orgId);
          audit.target = { label: current.name };
          const patch: OrganizationPatch = {};
          if (body.name !== undefined) patch.name = body.name;
          if (body.description !== undefined) patch.description = body.description;
          if (body.branding !== undefined)
            patch.branding = mergeFields(current.branding, body.branding);
          if (body.color !== undefined) patch.color = mergeFields(current.color, body.color);
          if (body.customData !== undefined) {
            const merged = mergePatch(current.customData, body.customData);
            patch.customData = isRecord(merged) ? merged : {};
          }
          // What changed; custom data by key only, as it may hold anything.
          audit.details = {
            changed: Object.keys(patch),
            before: {
              ...(patch.name === undefined ? {} : { name: current.name }),
              ...(patch.description === undefined ? {} : { description: current.description }),
              ...(patch.branding === undefined ? {} : { branding: current.branding }),
              ...(patch.color === undefined ? {} : { color: current.color }),
            },
            after: {
              ...(patch.name === undefined ? {} : { name: patch.name }),
              ...(patch.description === undefined ? {} : { description: patch.description }),
              ...(patch.branding === undefined ? {} : { branding: patch.branding }),
              ...(patch.color === undefined ? {} : { color: patch.color }),
            },
            ...(body.customData === undefined
              ? {}
              : { customDataKeys: Object.keys(body.customData) }),
          };
          const updated = await logto.updateOrganization(params.orgId, patch);
          return { status: 200, body: toOrganization(updated) };
        }),
    }),
  ];
}
