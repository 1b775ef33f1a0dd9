import { Button, Group, Modal, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { supportReasonSchema, type Invitation, type InvitationDelivery } from '@portal/shared';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

import { ErrorAlert } from '../../../components/ui/error-alert.js';
import { SupportReasonInput } from '../../../components/ui/support-reason-input.js';
import { useOrganizationAccess } from '../../../lib/organization-access-context.js';
import { useRenewInvitation } from '../api/renew-invitation.js';
import { useResendInvitation } from '../api/resend-invitation.js';
import { useRevokeInvitation } from '../api/revoke-invitation.js';

import { useCopyText } from './use-copy-invitation-link.js';

export type ConfirmedAction = 'resend' | 'renew' | 'revoke';

/**
 * Confirms resend, renew or revoke, naming the address (and asks support staff why); errors, a 429
 * with when to retry included, are shown here; the result is toasted.
 */
export function InvitationActionDialog({
  action,
  invitation,
  onClose,
}: {
  action: ConfirmedAction;
  invitation: Invitation;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const access = useOrganizationAccess();
  const organization = access.organizationName ?? access.organizationId;
  const email = invitation.email;
  const copy = useCopyText();
  const [reason, setReason] = useState('');
  const [showReasonError, setShowReasonError] = useState(false);
  const meta = { errorsShownInPlace: true, errorContext: { member: email, organization } };
  const resend = useResendInvitation(meta);
  const renew = useRenewInvitation(meta);
  const revoke = useRevokeInvitation({
    ...meta,
    successMessage: t('invitations.revoke.done', { email }),
  });
  const mutation = action === 'resend' ? resend : action === 'renew' ? renew : revoke;
  const reasonValid = !access.reasonRequired || supportReasonSchema.safeParse(reason).success;

  /** Sent, or not (no email connector): then the link is what to share, offered right in the toast. */
  const delivered = (delivery: InvitationDelivery) => {
    if (delivery.emailSent) {
      notifications.show({
        color: 'green',
        message: t(`invitations.${action === 'renew' ? 'renew' : 'resend'}.done`, { email }),
      });
    } else {
      notifications.show({
        color: 'yellow',
        title: t('invitations.notSent.title', { email }),
        message: t('invitations.notSent.description'),
        autoClose: false,
      });
      void copy(delivery.link);
    }
    onClose();
  };

  return (
    <Modal
      opened
      onClose={onClose}
      closeButtonProps={{ 'aria-label': t('common.close') }}
      title={t(`invitations.${action}.title`, { email })}
    >
      <form
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          if (!reasonValid) {
            setShowReasonError(true);
            return;
          }
          const input = {
            invitationId: invitation.id,
            ...(access.reasonRequired ? { reason } : {}),
          };
          if (action === 'resend') resend.mutate(input, { onSuccess: delivered });
          else if (action === 'renew') renew.mutate(input, { onSuccess: delivered });
          else revoke.mutate(input, { onSuccess: onClose });
        }}
      >
        <Stack gap="md">
          <Text>{t(`invitations.${action}.description`, { email, organization })}</Text>
          {access.reasonRequired ? (
            <SupportReasonInput
              value={reason}
              onChange={setReason}
              autoFocus
              error={showReasonError && !reasonValid ? t('support.reasonError') : undefined}
            />
          ) : null}
          {mutation.isError ? (
            <ErrorAlert error={mutation.error} context={{ member: email, organization }} />
          ) : null}
          <Group justify="flex-end" gap="sm">
            <Button
              variant="default"
              onClick={onClose}
              data-autofocus={access.reasonRequired ? undefined : true}
            >
              {t('common.cancel')}
            </Button>
            <Button
              type="submit"
              color={action === 'revoke' ? 'red' : undefined}
              loading={mutation.isPending}
            >
              {t(`invitations.${action}.confirm`)}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
