import type { Invitation } from '@portal/shared';

export type InvitationAction = 'resend' | 'renew' | 'revoke' | 'copyLink';

/**
 * What can be done to an invitation now, as the BFF allows it: resend a pending, unexpired one; renew a
 * pending or expired one; revoke a pending one; copy the link of one that can still be accepted.
 * `Pending` past its expiry is reported as `Expired` by the BFF, but the clock may have moved on since.
 */
export function invitationActions(invitation: Invitation, now: number): InvitationAction[] {
  const status =
    invitation.status === 'Pending' && invitation.expiresAt <= now ? 'Expired' : invitation.status;
  switch (status) {
    case 'Pending':
      return ['resend', 'renew', 'revoke', 'copyLink'];
    case 'Expired':
      return ['renew'];
    case 'Accepted':
    case 'Revoked':
      return [];
  }
}
