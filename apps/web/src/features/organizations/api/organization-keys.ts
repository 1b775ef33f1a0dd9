/** Query keys for organizations, general to specific, shared by queries and invalidation. */
export const organizationKeys = {
  all: ['organizations'] as const,
  detail: (organizationId: string) => [...organizationKeys.all, 'detail', organizationId] as const,
};
