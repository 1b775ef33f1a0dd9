import { Alert, Button, Group, List, Paper, Stack, Text, Title } from '@mantine/core';
import type { InviteeInvitation } from '@portal/shared';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';

import { ErrorAlert } from '../../../components/ui/error-alert.js';
import { LoadingState } from '../../../components/ui/loading-state.js';
import { ApiError } from '../../../lib/api-client.js';
import { rememberAfterSignOutPath, useSignOut } from '../../../lib/auth.js';
import { describeError } from '../../../lib/describe-error.js';
import { useAcceptInvitation } from '../api/accept-invitation.js';
import { useInviteeInvitation } from '../api/get-invitee-invitation.js';
import { relativeTime } from '../utils/relative-time.js';

function Card({ children }: { children: ReactNode }) {
  return (
    <Paper
      withBorder
      radius="lg"
      p={{ base: 'lg', sm: 'xl' }}
      maw={640}
      mx="auto"
      mt={{ base: 'md', sm: 'xl' }}
      data-testid="accept-invitation"
    >
      <Stack gap="md">{children}</Stack>
    </Paper>
  );
}

/** Signed out: what this is, and signing in (or up, `actions`) to come back here. */
export function AcceptInvitationSignedOut({ actions }: { actions: ReactNode }) {
  const { t } = useTranslation();
  return (
    <Card>
      <Title order={1}>{t('accept.title')}</Title>
      <Text>{t('accept.signedOut')}</Text>
      <Group gap="sm">{actions}</Group>
    </Card>
  );
}

/** Signed in: the invitation as the invitee sees it, then accepting, or why it can't be accepted. */
export function AcceptInvitationSignedIn({
  invitationId,
  onAccepted,
}: {
  invitationId: string;
  /** Where to go once a member (the page decides: the organization, or the account page). */
  onAccepted: (organizationId: string) => void;
}) {
  const { t } = useTranslation();
  const invitation = useInviteeInvitation(invitationId);
  if (invitation.isPending) return <LoadingState label={t('accept.loading')} />;
  if (invitation.isError) {
    return (
      <Card>
        <Title order={1}>{t('accept.title')}</Title>
        <ErrorAlert
          error={invitation.error}
          onRetry={() => void invitation.refetch()}
          retrying={invitation.isFetching}
        />
      </Card>
    );
  }
  return <InvitationDetails invitation={invitation.data} onAccepted={onAccepted} />;
}

function InvitationDetails({
  invitation,
  onAccepted,
}: {
  invitation: InviteeInvitation;
  onAccepted: (organizationId: string) => void;
}) {
  const { t, i18n } = useTranslation();
  const signOut = useSignOut();
  const [switching, setSwitching] = useState(false);
  const [now] = useState(() => Date.now());
  const organization = invitation.organization.name;
  const accept = useAcceptInvitation(invitation.id, {
    errorsShownInPlace: true,
    errorContext: { organization },
  });

  const intro = (
    <>
      <Title order={1}>{t('accept.joinTitle', { organization })}</Title>
      <Text>
        {invitation.inviterName
          ? t('accept.invitedBy', { inviter: invitation.inviterName, organization })
          : t('accept.invited', { organization })}
      </Text>
      {invitation.roles.length > 0 ? (
        <div>
          <Text fw={600} size="sm">
            {t('accept.roles')}
          </Text>
          <List size="sm">
            {invitation.roles.map((role) => (
              <List.Item key={role.id}>{role.name}</List.Item>
            ))}
          </List>
        </div>
      ) : null}
    </>
  );

  // The state may have changed since the page loaded: accept's own refusal says which.
  const refusal = accept.error instanceof ApiError ? describeError(accept.error).kind : undefined;
  const status =
    refusal === 'invitationExpired'
      ? 'Expired'
      : refusal === 'invitationRevoked'
        ? 'Revoked'
        : refusal === 'invitationAlreadyAccepted'
          ? 'Accepted'
          : invitation.status;

  if (status === 'Accepted') {
    return (
      <Card>
        {intro}
        <Alert color="blue" variant="light" title={t('accept.acceptedTitle')}>
          {t('accept.accepted', { organization })}
        </Alert>
        <Group>
          <Button component={Link} to={`/orgs/${encodeURIComponent(invitation.organization.id)}`}>
            {t('accept.openOrganization', { organization })}
          </Button>
          <Button component={Link} to="/" variant="default">
            {t('accept.home')}
          </Button>
        </Group>
      </Card>
    );
  }
  if (status === 'Expired' || status === 'Revoked') {
    return (
      <Card>
        {intro}
        <Alert color="orange" variant="light" title={t(`accept.${status}.title`)}>
          {t(`accept.${status}.description`, {
            organization,
            inviter: invitation.inviterName ?? t('accept.anAdmin'),
          })}
        </Alert>
        <div>
          <Button component={Link} to="/" variant="default">
            {t('accept.home')}
          </Button>
        </div>
      </Card>
    );
  }
  if (!invitation.emailMatches || refusal === 'invitationEmailMismatch') {
    return (
      <Card>
        {intro}
        <Alert
          color="yellow"
          variant="light"
          title={t('accept.mismatchTitle')}
          data-testid="mismatch"
        >
          {t('accept.mismatch', {
            signedIn: invitation.signedInEmail ?? t('accept.noEmail'),
            invited: invitation.invitedEmail,
          })}
        </Alert>
        <div>
          <Button
            loading={switching}
            onClick={() => {
              setSwitching(true);
              rememberAfterSignOutPath(`/invitations/${encodeURIComponent(invitation.id)}`);
              void signOut();
            }}
          >
            {t('accept.switchAccount')}
          </Button>
        </div>
      </Card>
    );
  }
  return (
    <Card>
      {intro}
      <Text size="sm" c="dimmed">
        {t('accept.expires', { when: relativeTime(invitation.expiresAt, now, i18n.language) })}
      </Text>
      {accept.isError ? <ErrorAlert error={accept.error} context={{ organization }} /> : null}
      <div>
        <Button
          size="md"
          loading={accept.isPending}
          onClick={() =>
            accept.mutate(undefined, {
              onSuccess: (result) => onAccepted(result.organizationId),
            })
          }
        >
          {t('accept.accept', { organization })}
        </Button>
      </div>
    </Card>
  );
}
