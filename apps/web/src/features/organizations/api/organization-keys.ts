/** Query keys for organizations, general to specific, shared by queries and invalidation. */
export const organizationKeys = {
  all: ['organizations'] as const,
  mine: () => [...organizationKeys.all, 'mine'] as const,
  detail: (organizationId: string) => [...organizationKeys.all, 'detail', organizationId] as const,
  permissions: (organizationId: string) =>
    [...organizationKeys.detail(organizationId), 'permissions'] as const,
};
