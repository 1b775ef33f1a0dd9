import { z } from 'zod';

import { roleRefSchema } from './common.js';

export const myOrganizationSchema = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string().nullable(),
  roles: z.array(roleRefSchema),
  /** Organization scopes the user holds there through their roles (the portal permissions among them). */
  permissions: z.array(z.string()),
});

export const meResponseSchema = z.object({
  user: z.object({
    id: z.string(),
    name: z.string().nullable(),
    username: z.string().nullable(),
    email: z.string().nullable(),
    avatar: z.string().nullable(),
  }),
  organizations: z.array(myOrganizationSchema),
  support: z.object({ canRead: z.boolean(), canWrite: z.boolean() }),
});

export type MyOrganization = z.infer<typeof myOrganizationSchema>;
export type MeResponse = z.infer<typeof meResponseSchema>;
