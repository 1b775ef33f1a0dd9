import { supportReasonHeader, supportReasonSchema } from '@portal/shared';

/** A support write's reason, when support staff act; absent for an organization's own admins. */
export const optionalReasonSchema = supportReasonSchema.optional();

/**
 * The X-Support-Reason header. Header values must be Latin-1 and the BFF percent-decodes the header,
 * so the reason is always sent percent-encoded: any script, and a literal "%" stays a "%".
 */
export function supportReasonHeaders(reason: string | undefined): Record<string, string> {
  if (reason === undefined) return {};
  return { [supportReasonHeader]: encodeURIComponent(supportReasonSchema.parse(reason)) };
}
