import type { ResponseSpec } from '../http/route.js';
import type { LogtoOrganization } from '../logto/types.js';

export const noContent: ResponseSpec = { description: 'Done' };

/** The headers every paginated list answers with (besides its `pageOf` body). */
export const listHeaders = {
  'Total-Number': 'How many items the whole list has.',
  Link: 'RFC 8288 links to the first, previous, next and last pages.',
};

/** The organization as the BFF shows it; the response schema checks and trims it on the way out. */
export function toOrganization(organization: LogtoOrganization) {
  return {
    id: organization.id,
    name: organization.name,
    description: organization.description,
    customData: organization.customData,
    branding: organization.branding,
    color: organization.color,
    isMfaRequired: organization.isMfaRequired,
    createdAt: organization.createdAt,
  };
}
