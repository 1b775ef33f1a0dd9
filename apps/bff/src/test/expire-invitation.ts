import type { RunningEmulator } from '@portal/logto-emulator';

/**
 * Moves an invitation's expiry into the past, as if its time had run out. Logto refuses an `expiresAt`
 * that has passed, and one a few hundred ms ahead races the creating request on a slow machine (it is
 * refused, or not yet expired when the test looks); so tests create with a comfortable expiry and
 * expire it here, in the emulator's storage.
 */
export async function expireInvitation(emulator: RunningEmulator, invitationId: string) {
  const updated = await emulator.deps.db.query(
    'update organization_invitations set expires_at = $2 where id = $1 returning id',
    [invitationId, Date.now() - 1000],
  );
  if (updated.length !== 1) throw new Error(`No invitation ${invitationId} to expire`);
}
