import { z } from 'zod';

import { jsonObjectSchema, plainTextSchema, searchQuerySchema } from './input-limits.js';

const hexColor = z
  .string()
  .regex(/^#([\da-f]{3}|[\da-f]{6})$/i, 'Use a hex colour such as #4f46e5');
const imageUrl = z.url({ protocol: /^https?$/ }).max(2048);

export const brandingSchema = z.object({
  logoUrl: imageUrl.optional(),
  darkLogoUrl: imageUrl.optional(),
  favicon: imageUrl.optional(),
  darkFavicon: imageUrl.optional(),
});

export const colorSchema = z.object({
  primaryColor: hexColor.optional(),
  isDarkModeEnabled: z.boolean().optional(),
  darkPrimaryColor: hexColor.optional(),
});

export const organizationSchema = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string().nullable(),
  customData: z.record(z.string(), z.unknown()),
  branding: brandingSchema,
  color: colorSchema,
  isMfaRequired: z.boolean(),
  createdAt: z.number().int(),
});

/**
 * A settings change. `branding`, `color` and `customData` are MERGED into what is stored (Logto
 * replaces them; the BFF reads, merges and writes). A branding field set to null is removed.
 */
export const updateOrganizationBodySchema = z
  .object({
    name: plainTextSchema({ min: 1, max: 128 }).optional(),
    description: plainTextSchema({ max: 256, multiline: true }).nullable().optional(),
    branding: z
      .object({
        logoUrl: imageUrl.nullable().optional(),
        darkLogoUrl: imageUrl.nullable().optional(),
        favicon: imageUrl.nullable().optional(),
        darkFavicon: imageUrl.nullable().optional(),
      })
      .strict()
      .optional(),
    color: z
      .object({
        primaryColor: hexColor.nullable().optional(),
        isDarkModeEnabled: z.boolean().nullable().optional(),
        darkPrimaryColor: hexColor.nullable().optional(),
      })
      .strict()
      .optional(),
    customData: jsonObjectSchema.optional(),
  })
  .strict()
  .refine((body) => Object.values(body).some((value) => value !== undefined), {
    message: 'Change at least one field',
  });

export type Organization = z.infer<typeof organizationSchema>;
export type UpdateOrganizationBody = z.infer<typeof updateOrganizationBodySchema>;

/** Support: create an organization. */
export const createOrganizationBodySchema = z
  .object({
    name: plainTextSchema({ min: 1, max: 128 }),
    description: plainTextSchema({ max: 256, multiline: true }).optional(),
  })
  .strict();

export const listOrganizationsQuerySchema = z.object({ q: searchQuerySchema.optional() });
