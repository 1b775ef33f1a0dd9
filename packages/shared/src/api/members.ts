import { z } from 'zod';

import { logtoIdSchema, roleRefSchema } from './common.js';
import { searchQuerySchema } from './input-limits.js';
import { paginationQuerySchema } from './pagination.js';

export const memberSchema = z.object({
  id: z.string(),
  name: z.string().nullable(),
  username: z.string().nullable(),
  email: z.string().nullable(),
  avatar: z.string().nullable(),
  roles: z.array(roleRefSchema),
  isSuspended: z.boolean(),
  lastSignInAt: z.number().int().nullable(),
  createdAt: z.number().int(),
});

export const listMembersQuerySchema = paginationQuerySchema.extend({
  /** Matches name, email, username, phone or id (contains, case-insensitive). */
  q: searchQuerySchema.optional(),
  roleId: logtoIdSchema.optional(),
});

const roleIdsSchema = z
  .array(logtoIdSchema)
  .max(50)
  .refine((ids) => new Set(ids).size === ids.length, { message: 'Each role only once' });

/** Replace a member's roles with exactly these (may be empty). */
export const replaceMemberRolesBodySchema = z.object({ roleIds: roleIdsSchema }).strict();

/** Give the selected members these roles in addition to the ones they have. */
export const assignRolesBodySchema = z
  .object({
    userIds: z
      .array(logtoIdSchema)
      .min(1)
      .max(100)
      .refine((ids) => new Set(ids).size === ids.length, { message: 'Each member only once' }),
    roleIds: roleIdsSchema.refine((ids) => ids.length > 0, { message: 'Choose at least one role' }),
  })
  .strict();

export type Member = z.infer<typeof memberSchema>;
export type ListMembersQuery = z.infer<typeof listMembersQuerySchema>;
export type ReplaceMemberRolesBody = z.infer<typeof replaceMemberRolesBodySchema>;
export type AssignRolesBody = z.infer<typeof assignRolesBodySchema>;
