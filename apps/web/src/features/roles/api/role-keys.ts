/** Query keys for an organization's roles (the organization template's, as the BFF lists them). */
export const roleKeys = {
  all: ['organization-roles'] as const,
  list: (organizationId: string) => [...roleKeys.all, organizationId, 'list'] as const,
};
