import {
  supportReasonSchema,
  updateOrganizationBodySchema,
  type Organization,
  type UpdateOrganizationBody,
} from '@portal/shared';
import { z } from 'zod';

export const brandingFields = ['logoUrl', 'darkLogoUrl', 'favicon', 'darkFavicon'] as const;
export const colorFields = ['primaryColor', 'darkPrimaryColor'] as const;

export type BrandingField = (typeof brandingFields)[number];
export type ColorField = (typeof colorFields)[number];

/** The settings form: text inputs hold strings ('' = not set), so every field is a string or a switch. */
export type SettingsFormValues = {
  name: string;
  description: string;
  branding: Record<BrandingField, string>;
  color: Record<ColorField, string> & { isDarkModeEnabled: boolean };
  /** Support staff only: why they change a customer's settings. */
  reason: string;
};

/** What the form shows for a stored organization. */
export function settingsFormValues(organization: Organization): SettingsFormValues {
  return {
    name: organization.name,
    description: organization.description ?? '',
    branding: {
      logoUrl: organization.branding.logoUrl ?? '',
      darkLogoUrl: organization.branding.darkLogoUrl ?? '',
      favicon: organization.branding.favicon ?? '',
      darkFavicon: organization.branding.darkFavicon ?? '',
    },
    color: {
      primaryColor: organization.color.primaryColor ?? '',
      isDarkModeEnabled: organization.color.isDarkModeEnabled ?? false,
      darkPrimaryColor: organization.color.darkPrimaryColor ?? '',
    },
    reason: '',
  };
}

const emptyToNull = (value: string) => (value.trim() === '' ? null : value.trim());

/**
 * The whole form as a PATCH body: an emptied field becomes `null`, which removes it (the BFF merges
 * branding and colours, so `null` is how a value goes away).
 */
export function settingsFormToBody(values: Omit<SettingsFormValues, 'reason'>) {
  return {
    name: values.name,
    description: emptyToNull(values.description),
    branding: {
      logoUrl: emptyToNull(values.branding.logoUrl),
      darkLogoUrl: emptyToNull(values.branding.darkLogoUrl),
      favicon: emptyToNull(values.branding.favicon),
      darkFavicon: emptyToNull(values.branding.darkFavicon),
    },
    color: {
      primaryColor: emptyToNull(values.color.primaryColor),
      isDarkModeEnabled: values.color.isDarkModeEnabled,
      darkPrimaryColor: emptyToNull(values.color.darkPrimaryColor),
    },
  };
}

/**
 * The form validated by the shared body schema itself: the form's fields have the body's names, so
 * each of the schema's problems is reported on the field it is about (`branding.logoUrl`), with the
 * schema's own issue code. The reason is checked only when support staff must give one.
 */
export function settingsFormSchema(reasonRequired: boolean) {
  return z
    .object({
      name: z.string(),
      description: z.string(),
      branding: z.object({
        logoUrl: z.string(),
        darkLogoUrl: z.string(),
        favicon: z.string(),
        darkFavicon: z.string(),
      }),
      color: z.object({
        primaryColor: z.string(),
        isDarkModeEnabled: z.boolean(),
        darkPrimaryColor: z.string(),
      }),
      reason: reasonRequired ? supportReasonSchema : z.string(),
    })
    .transform(({ reason, ...values }, context) => {
      const body = updateOrganizationBodySchema.safeParse(settingsFormToBody(values));
      if (!body.success) {
        for (const issue of body.error.issues) context.addIssue({ ...issue });
        return z.NEVER;
      }
      return { body: body.data, reason };
    });
}

/** The fields of a PATCH body that differ from what is stored: only real changes are sent (and audited). */
export function changedSettings(
  body: UpdateOrganizationBody,
  stored: Organization,
): UpdateOrganizationBody | undefined {
  const changes: UpdateOrganizationBody = {};
  if (body.name !== undefined && body.name !== stored.name) changes.name = body.name;
  if (body.description !== undefined && body.description !== stored.description) {
    changes.description = body.description;
  }
  const branding: NonNullable<UpdateOrganizationBody['branding']> = {};
  for (const field of brandingFields) {
    const value = body.branding?.[field];
    if (value !== undefined && value !== (stored.branding[field] ?? null)) branding[field] = value;
  }
  if (Object.keys(branding).length > 0) changes.branding = branding;
  const color: NonNullable<UpdateOrganizationBody['color']> = {};
  for (const field of colorFields) {
    const value = body.color?.[field];
    if (value !== undefined && value?.toLowerCase() !== stored.color[field]?.toLowerCase()) {
      color[field] = value;
    }
  }
  const darkMode = body.color?.isDarkModeEnabled;
  if (darkMode !== undefined && darkMode !== (stored.color.isDarkModeEnabled ?? false)) {
    color.isDarkModeEnabled = darkMode;
  }
  if (Object.keys(color).length > 0) changes.color = color;
  return Object.keys(changes).length > 0 ? changes : undefined;
}

/** A settings field the form has, by the dotted path the BFF reports (`body.branding.logoUrl`). */
export type SettingsFieldPath =
  | 'name'
  | 'description'
  | `branding.${BrandingField}`
  | `color.${ColorField}`
  | 'color.isDarkModeEnabled';

const settingsFieldPaths: readonly SettingsFieldPath[] = [
  'name',
  'description',
  ...brandingFields.map((field) => `branding.${field}` as const),
  ...colorFields.map((field) => `color.${field}` as const),
  'color.isDarkModeEnabled',
];

/** Maps a 400's per-field errors to the form's fields; the rest (if any) are reported for the form. */
export function settingsFieldErrors(errors: ReadonlyArray<{ path: string; message: string }>) {
  const fields: Array<{ field: SettingsFieldPath; message: string }> = [];
  const other: string[] = [];
  for (const error of errors) {
    const path = error.path.replace(/^body\./, '');
    const field = settingsFieldPaths.find((candidate) => candidate === path);
    if (field) fields.push({ field, message: error.message });
    else other.push(error.message);
  }
  return { fields, other };
}

/** Which message to show for a field's problem: by field and zod issue code, in the SPA's own words. */
export type SettingsFieldProblem =
  | 'nameRequired'
  | 'nameTooLong'
  | 'descriptionTooLong'
  | 'imageUrl'
  | 'color'
  | 'reasonRequired'
  | 'invalid';

export function settingsFieldProblem(
  field: string,
  issueCode: string | undefined,
): SettingsFieldProblem {
  if (field === 'name') return issueCode === 'too_big' ? 'nameTooLong' : 'nameRequired';
  if (field === 'description') return 'descriptionTooLong';
  if (field.startsWith('branding.')) return 'imageUrl';
  if (field === 'color.primaryColor' || field === 'color.darkPrimaryColor') return 'color';
  if (field === 'reason') return 'reasonRequired';
  return 'invalid';
}
