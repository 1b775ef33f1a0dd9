/** Query keys for the signed-in person, general to specific. */
export const meKeys = {
  all: ['me'] as const,
  /** The ID token's claims. */
  profile: () => [...meKeys.all, 'profile'] as const,
  /** GET /api/me: organizations with roles and permissions, support flags. */
  access: () => [...meKeys.all, 'access'] as const,
};
