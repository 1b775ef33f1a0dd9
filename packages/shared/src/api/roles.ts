import { z } from 'zod';

/** An organization role a member can be given, with what it permits. */
export const organizationRoleSchema = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string().nullable(),
  /** Organization scope names; the portal's own permissions are described in the SPA in plain words. */
  permissions: z.array(z.string()),
});

export type OrganizationRole = z.infer<typeof organizationRoleSchema>;
