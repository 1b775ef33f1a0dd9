import type { OrganizationRole } from '@portal/shared';

/** Everything the chosen roles permit together (a member's permissions are the union of their roles'). */
export function permissionsOfRoles(
  roles: readonly OrganizationRole[],
  roleIds: readonly string[],
): string[] {
  const chosen = roles.filter((role) => roleIds.includes(role.id));
  return [...new Set(chosen.flatMap((role) => role.permissions))];
}

/** Whether two role choices are the same set (order doesn't matter). */
export const sameRoles = (a: readonly string[], b: readonly string[]) =>
  a.length === b.length && a.every((id) => b.includes(id));
