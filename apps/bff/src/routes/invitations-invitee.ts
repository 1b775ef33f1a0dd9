import {
  acceptInvitationResultSchema,
  inviteeInvitationParamsSchema,
  inviteeInvitationSchema,
} from '@portal/shared';

import type { MemberScopeCache } from '../auth/member-scopes.js';
import { ApiError } from '../errors.js';
import { defineRoute, type Route } from '../http/route.js';
import type { LogtoInvitation, LogtoManagementClient } from '../logto/types.js';
import { invitationStateErrors, inviterDirectory, upstreamCode } from './invitations.js';

export type InviteeRouteDependencies = {
  logto: LogtoManagementClient;
  memberScopes: MemberScopeCache;
};

/** `jane@example.com` → `j•••@example.com`: enough to recognise, not enough to harvest. */
export function maskEmail(email: string): string {
  const at = email.lastIndexOf('@');
  if (at <= 0) return '•••';
  return `${email.slice(0, 1)}•••${email.slice(at)}`;
}

const sameEmail = (left: string | null, right: string) =>
  left !== null && left.trim().toLowerCase() === right.trim().toLowerCase();

/**
 * The invitee's side, for any signed-in user holding the link (a portal API token): what the invitation
 * is, then accepting it. The id in the link is the capability; the email check is what makes it theirs.
 */
export function createInviteeRoutes({ logto, memberScopes }: InviteeRouteDependencies): Route[] {
  const signedInEmail = async (userId: string) => (await logto.getUser(userId)).primaryEmail;

  /** Why this invitation cannot be accepted by this email now, or nothing. */
  const refusal = (invitation: LogtoInvitation, email: string | null): ApiError | undefined => {
    if (invitation.status !== 'Pending')
      return new ApiError(invitationStateErrors[invitation.status]);
    if (!sameEmail(email, invitation.invitee)) return new ApiError('invitationEmailMismatch');
    return undefined;
  };

  return [
    defineRoute({
      method: 'get',
      path: '/api/invitations/:invitationId',
      operationId: 'getInviteeInvitation',
      summary: 'An invitation, as its invitee sees it',
      description:
        'The organization, who invited, the roles, the status and expiry, and whether the signed-in user’s email is the invited one (the invited address is masked when it is not). Changes nothing.',
      tags: ['Invitations'],
      access: { kind: 'signed_in' },
      request: { params: inviteeInvitationParamsSchema },
      responses: { 200: { description: 'The invitation', schema: inviteeInvitationSchema } },
      errors: ['invitationNotFound'],
      handle: async ({ params: { invitationId }, actor }) => {
        const invitation = await logto.getInvitation(invitationId);
        const [organization, inviter, email] = await Promise.all([
          logto.getOrganization(invitation.organizationId),
          inviterDirectory(logto)(invitation.inviterId),
          signedInEmail(actor.userId),
        ]);
        const emailMatches = sameEmail(email, invitation.invitee);
        return {
          status: 200,
          body: {
            id: invitation.id,
            organization: { id: organization.id, name: organization.name },
            inviterName: inviter?.name ?? inviter?.username ?? inviter?.primaryEmail ?? null,
            roles: invitation.organizationRoles.map(({ id, name }) => ({ id, name })),
            status: invitation.status,
            expiresAt: invitation.expiresAt,
            emailMatches,
            invitedEmail: emailMatches ? invitation.invitee : maskEmail(invitation.invitee),
            signedInEmail: email,
          },
        };
      },
    }),

    defineRoute({
      method: 'post',
      path: '/api/invitations/:invitationId/accept',
      operationId: 'acceptInvitation',
      summary: 'Accept an invitation: become a member with its roles',
      description:
        'Only a pending, unexpired invitation for the signed-in user’s primary email (case-insensitive). Otherwise 409 `invitation.already_accepted`, 410 `invitation.revoked` / `invitation.expired`, 403 `invitation.email_mismatch`, and nothing is used up.',
      tags: ['Invitations'],
      access: { kind: 'signed_in' },
      request: { params: inviteeInvitationParamsSchema },
      responses: { 200: { description: 'Now a member', schema: acceptInvitationResultSchema } },
      errors: [
        'invitationNotFound',
        'invitationAlreadyAccepted',
        'invitationRevoked',
        'invitationExpired',
        'invitationEmailMismatch',
      ],
      audit: {
        action: 'invitation.accepted',
        target: (params) => ({ type: 'invitation', id: params.invitationId ?? null, label: null }),
      },
      handle: async ({ params: { invitationId }, actor, audit }) => {
        const [invitation, email] = await Promise.all([
          logto.getInvitation(invitationId),
          signedInEmail(actor.userId),
        ]);
        audit.organizationId = invitation.organizationId;
        audit.target = { label: invitation.invitee };
        audit.details = { roles: invitation.organizationRoles, signedInEmail: email };
        const refused = refusal(invitation, email);
        if (refused) throw refused;
        let accepted: LogtoInvitation;
        try {
          accepted = await logto.setInvitationStatus(invitation.id, 'Accepted', actor.userId);
        } catch (error) {
          // Logto re-checks: changed since our read (accepted twice at once, revoked, expired).
          if (upstreamCode(error)?.status !== 422) throw error;
          const now = await logto.getInvitation(invitation.id);
          throw refusal(now, email) ?? error;
        }
        memberScopes.forget(accepted.organizationId, actor.userId);
        return {
          status: 200,
          body: {
            organizationId: accepted.organizationId,
            roles: accepted.organizationRoles.map(({ id, name }) => ({ id, name })),
          },
        };
      },
    }),
  ];
}
