/** Query keys for support's organization search, general to specific. */
export const supportOrganizationKeys = {
  all: ['support-organizations'] as const,
  lists: () => [...supportOrganizationKeys.all, 'list'] as const,
  list: (query: { q?: string; page: number; pageSize: number }) =>
    [...supportOrganizationKeys.lists(), query] as const,
};
