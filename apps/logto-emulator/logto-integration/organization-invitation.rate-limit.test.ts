// Ports logto-io/logto @logto/core@1.42.0 packages/integration-tests/src/tests/api/organization/organization-invitation.rate-limit.test.ts
import { afterEach, describe, expect, it } from 'vitest';

import { send } from './support/client.js';
import { setEmailConnector } from './support/connector.js';
import { OrganizationApiTest, OrganizationInvitationApiTest } from './support/organization.js';
import { expectRejects, generateEmail } from './support/utils.js';

/** Logto's `defaultMessageRateLimitPolicy.maxSendsPerRecipient` (@logto/schemas). */
const maxSendsPerRecipient = 10;

const resendPayload = { link: 'https://example.com' };

// Logto runs this file with `devFeatureTest.describe`: the message rate guard is a dev feature, so a
// released 1.42.0 (dev features off) skips it. Ported skipped for the same reason; the emulator's own
// tests cover its throttle.
describe.skip('organization invitation send rate limit', () => {
  const invitationApi = new OrganizationInvitationApiTest();
  const organizationApi = new OrganizationApiTest();

  afterEach(async () => {
    await Promise.all([organizationApi.cleanUp(), invitationApi.cleanUp()]);
  });

  it('rejects with 429 once the per-recipient send cap within the window is exceeded', async () => {
    await setEmailConnector();
    const organization = await organizationApi.create({ name: 'test' });
    const invitation = await invitationApi.create({
      organizationId: organization.id,
      invitee: generateEmail(),
      expiresAt: Date.now() + 1_000_000,
    });
    const resend = async () =>
      send('POST', `organization-invitations/${invitation.id}/message`, { json: resendPayload });

    for (const _ of Array.from({ length: maxSendsPerRecipient })) {
      // Sequential sends reach the cap deterministically.
      const response = await resend();
      expect(response.status).toBe(204);
    }

    await expectRejects(resend(), { code: 'request.message_rate_limited', status: 429 });
  });
});
