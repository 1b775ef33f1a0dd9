import { organizationPermissions, type RoleRef } from '@portal/shared';

import { ApiError } from '../errors.js';
import type { LogtoManagementClient, LogtoOrganizationRole } from '../logto/types.js';

const guarded = organizationPermissions.manageMembers;

/**
 * The last-admin rule (DESIGN.md section 4): nobody may remove, or take `manage:members` away from, the
 * last member who holds it — an organization nobody can manage is only recoverable by the vendor.
 * `rolesAfter` is undefined when the member is being removed. Holders are found from the roles that
 * grant the permission (the template, fresh) and the members holding each of those roles.
 */
export async function assertNotLastAdmin(
  logto: Pick<LogtoManagementClient, 'listMemberIdsWithRole'>,
  {
    organizationId,
    userId,
    template,
    rolesBefore,
    rolesAfter,
  }: {
    organizationId: string;
    userId: string;
    template: readonly LogtoOrganizationRole[];
    rolesBefore: readonly Pick<RoleRef, 'id'>[];
    rolesAfter: readonly Pick<RoleRef, 'id'>[] | undefined;
  },
): Promise<void> {
  const granting = template.filter((role) => role.scopes.includes(guarded));
  const grantingIds = new Set(granting.map((role) => role.id));
  const holdsBefore = rolesBefore.some(({ id }) => grantingIds.has(id));
  const holdsAfter = rolesAfter?.some(({ id }) => grantingIds.has(id)) ?? false;
  if (!holdsBefore || holdsAfter) return;

  for (const role of granting) {
    const holders = await logto.listMemberIdsWithRole(organizationId, role.id);
    if (holders.some((holder) => holder !== userId)) return;
  }
  throw new ApiError('lastAdmin');
}
