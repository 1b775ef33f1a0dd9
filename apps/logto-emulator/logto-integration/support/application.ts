/** Logto's `createApplication` / `deleteApplication` (api/application.ts). */
import { send, sendFor } from './client.js';
import { applicationSchema } from './schemas.js';

export type ApplicationType =
  'Native' | 'SPA' | 'Traditional' | 'MachineToMachine' | 'Protected' | 'SAML';

export async function createApplication(
  name: string,
  type: ApplicationType,
  rest: Record<string, unknown> = {},
) {
  return sendFor(applicationSchema, 'POST', 'applications', { json: { name, type, ...rest } });
}

export async function deleteApplication(id: string): Promise<void> {
  await send('DELETE', `applications/${id}`);
}
