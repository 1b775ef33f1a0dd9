import { z } from 'zod';

import { plainTextSchema } from './input-limits.js';

/** Logto ids: organizations and users are 12 characters, others up to 21; lower-case letters and digits. */
export const logtoIdSchema = z
  .string()
  .min(1)
  .max(21)
  .regex(/^[a-z0-9_-]+$/i, 'Not a valid id');

export const organizationIdParamsSchema = z.object({ orgId: logtoIdSchema });
export const memberParamsSchema = z.object({ orgId: logtoIdSchema, userId: logtoIdSchema });

/** A role reference as lists show it. */
export const roleRefSchema = z.object({ id: z.string(), name: z.string() });
export type RoleRef = z.infer<typeof roleRefSchema>;

/** Support staff must say why they act on a customer's organization (header or body). */
export const supportReasonHeader = 'X-Support-Reason';
export const supportReasonSchema = plainTextSchema({ min: 3, max: 500, multiline: true });

export const idempotencyKeyHeader = 'Idempotency-Key';
export const idempotencyKeySchema = z
  .string()
  .min(8)
  .max(128)
  .regex(/^[\w.:-]+$/);

export const requestIdHeader = 'X-Request-Id';
