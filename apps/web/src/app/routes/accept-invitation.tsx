import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';

import { LoadingState } from '../../components/ui/loading-state.js';
import { SignInButton } from '../../features/auth/components/sign-in-button.js';
import {
  AcceptInvitationSignedIn,
  AcceptInvitationSignedOut,
} from '../../features/invitations/components/accept-invitation.js';
import { meQueryOptions } from '../../features/me/api/get-me.js';
import { useApiClient } from '../../lib/api.js';
import { useAuthStatus } from '../../lib/auth.js';
import {
  firstSection,
  organizationAccess,
  organizationPath,
} from '../../lib/organization-access.js';

/** `/invitations/:invitationId`: the link in the invitation email, outside any organization's pages. */
export function AcceptInvitationRoute() {
  const { t } = useTranslation();
  const status = useAuthStatus();
  const { invitationId = '' } = useParams();
  const navigate = useNavigate();
  const api = useApiClient();
  const queryClient = useQueryClient();
  if (status === 'checking') return <LoadingState label={t('app.loading')} />;
  if (status === 'signed-out') {
    return (
      <AcceptInvitationSignedOut
        actions={
          <>
            <SignInButton />
            <SignInButton mode="signUp" variant="default" />
          </>
        }
      />
    );
  }
  return (
    <AcceptInvitationSignedIn
      key={invitationId}
      invitationId={invitationId}
      onAccepted={(organizationId) => {
        // The new membership is in a fresh /api/me: its pages when the roles give portal
        // permissions there, else the account page (which lists the organization).
        void queryClient
          .fetchQuery({ ...meQueryOptions(api), staleTime: 0 })
          .then((me) => {
            const access = organizationAccess(me, organizationId);
            return access && access.via === 'membership'
              ? organizationPath(organizationId, firstSection(access))
              : '/';
          })
          .catch(() => '/')
          .then((path) => navigate(path, { replace: true }));
      }}
    />
  );
}
