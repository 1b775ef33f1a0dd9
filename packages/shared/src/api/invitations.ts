import { z } from 'zod';

import { logtoIdSchema, roleRefSchema } from './common.js';
import { searchQuerySchema } from './input-limits.js';
import { paginationQuerySchema } from './pagination.js';

/** Logto's statuses; `Expired` is computed (a pending invitation past its `expiresAt`). */
export const invitationStatuses = ['Pending', 'Accepted', 'Expired', 'Revoked'] as const;
export const invitationStatusSchema = z.enum(invitationStatuses);
export type InvitationStatus = z.infer<typeof invitationStatusSchema>;

export const maxInvitationsPerRequest = 100;
export const defaultInvitationExpiryDays = 7;
export const maxInvitationExpiryDays = 30;

/** One address as the BFF compares it: surrounding spaces dropped, lower-cased. */
export const normalizeInvitationEmail = (email: string) => email.trim().toLowerCase();

/** Whether one (normalized) address is a valid email; others get the `invalid` outcome, not a 400. */
export const isValidInvitationEmail = (email: string) =>
  email.length <= 254 && z.email().safeParse(email).success;

/**
 * Invite 1 to 100 addresses. Addresses are trimmed, lower-cased and de-duplicated here, so a retry that
 * differs only in case or order of duplicates is the same request; each is validated on its own and an
 * invalid one gets its own `invalid` result rather than failing the whole request.
 */
export const createInvitationsBodySchema = z
  .object({
    emails: z
      .array(z.string().max(320))
      .min(1)
      .max(maxInvitationsPerRequest)
      .transform((emails) => [...new Set(emails.map(normalizeInvitationEmail))]),
    /** Organization roles (people's roles only) granted on accept; may be empty. */
    roleIds: z
      .array(logtoIdSchema)
      .max(50)
      .refine((ids) => new Set(ids).size === ids.length, { message: 'Each role only once' })
      .default([]),
    expiresInDays: z
      .number()
      .int()
      .min(1)
      .max(maxInvitationExpiryDays)
      .default(defaultInvitationExpiryDays),
  })
  .strict();

export const invitationOutcomes = [
  'created',
  'already_member',
  'already_invited',
  'invalid',
  'failed',
] as const;
export const invitationOutcomeSchema = z.enum(invitationOutcomes);
export type InvitationOutcome = z.infer<typeof invitationOutcomeSchema>;

/** One address's result. */
export const invitationResultSchema = z.object({
  email: z.string(),
  outcome: invitationOutcomeSchema,
  /** The new invitation (`created`), or the pending one already there (`already_invited`). */
  invitationId: z.string().optional(),
  /** For `created`: whether Logto sent the email. */
  emailSent: z.boolean().optional(),
  /** For `created` when no email could be sent: the accept link, to share by hand. */
  link: z.string().optional(),
  /** Why: `failed`'s error code, or why no email was sent (`upstream.error`, `request.rate_limited`). */
  code: z.string().optional(),
});

export const createInvitationsResultSchema = z.object({
  results: z.array(invitationResultSchema),
});

export const invitationSchema = z.object({
  id: z.string(),
  email: z.string(),
  status: invitationStatusSchema,
  roles: z.array(roleRefSchema),
  /** Who invited; null when Logto has no inviter (created elsewhere) or the user is gone. */
  inviter: z
    .object({ id: z.string(), name: z.string().nullable(), email: z.string().nullable() })
    .nullable(),
  createdAt: z.number().int(),
  expiresAt: z.number().int(),
  acceptedUserId: z.string().nullable(),
});

export const listInvitationsQuerySchema = paginationQuerySchema.extend({
  status: invitationStatusSchema.optional(),
  /** Part of the invited address (contains, case-insensitive). */
  q: searchQuerySchema.optional(),
});

export const invitationParamsSchema = z.object({
  orgId: logtoIdSchema,
  invitationId: logtoIdSchema,
});
export const inviteeInvitationParamsSchema = z.object({ invitationId: logtoIdSchema });

/** Renew: a new invitation (same address and roles) with a fresh expiry; the body may be left out. */
export const renewInvitationBodySchema = z
  .object({
    expiresInDays: z
      .number()
      .int()
      .min(1)
      .max(maxInvitationExpiryDays)
      .default(defaultInvitationExpiryDays),
  })
  .strict()
  .prefault({});

/** Resend and renew: the invitation as it now is, and whether the email went out (else the link). */
export const invitationDeliverySchema = z.object({
  invitation: invitationSchema,
  emailSent: z.boolean(),
  /** The accept link, always (the admin may copy it); share it by hand when `emailSent` is false. */
  link: z.string(),
  /** Why no email was sent. */
  code: z.string().optional(),
});

export const invitationLinkSchema = z.object({ link: z.string() });

/**
 * What the invitee sees before accepting. `invitedEmail` is the full address only when it is the
 * signed-in user's; otherwise it is masked (`j•••@example.com`): the link may have been forwarded, and
 * whoever holds it should learn which account to use, not the invitee's address.
 */
export const inviteeInvitationSchema = z.object({
  id: z.string(),
  organization: z.object({ id: z.string(), name: z.string() }),
  /** The inviter's name, else username, else email; null when unknown. */
  inviterName: z.string().nullable(),
  roles: z.array(roleRefSchema),
  status: invitationStatusSchema,
  expiresAt: z.number().int(),
  emailMatches: z.boolean(),
  invitedEmail: z.string(),
  /** The signed-in user's primary email (null when they have none). */
  signedInEmail: z.string().nullable(),
});

export const acceptInvitationResultSchema = z.object({
  organizationId: z.string(),
  roles: z.array(roleRefSchema),
});

export type CreateInvitationsBody = z.input<typeof createInvitationsBodySchema>;
export type InvitationResult = z.infer<typeof invitationResultSchema>;
export type CreateInvitationsResult = z.infer<typeof createInvitationsResultSchema>;
export type Invitation = z.infer<typeof invitationSchema>;
export type ListInvitationsQuery = z.infer<typeof listInvitationsQuerySchema>;
export type RenewInvitationBody = z.input<typeof renewInvitationBodySchema>;
export type InvitationDelivery = z.infer<typeof invitationDeliverySchema>;
export type InviteeInvitation = z.infer<typeof inviteeInvitationSchema>;
export type AcceptInvitationResult = z.infer<typeof acceptInvitationResultSchema>;
