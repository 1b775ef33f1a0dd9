import { Button, Group, Modal, Stack, Text } from '@mantine/core';
import { supportReasonSchema, type Member } from '@portal/shared';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

import { ErrorAlert } from '../../../components/ui/error-alert.js';
import { SupportReasonInput } from '../../../components/ui/support-reason-input.js';
import { useOrganizationAccess } from '../../../lib/organization-access-context.js';
import { useRemoveMember } from '../api/remove-member.js';
import { memberName } from '../utils/member-name.js';

/** "Remove Bob Becker from Acme Corp?": names the person, says what happens, then removes. */
export function RemoveMemberDialog({
  member,
  isCurrentUser,
  onClose,
  onRemoved,
}: {
  member: Member;
  isCurrentUser: boolean;
  onClose: () => void;
  onRemoved: () => void;
}) {
  const { t } = useTranslation();
  const access = useOrganizationAccess();
  const name = memberName(member);
  const organization = access.organizationName ?? access.organizationId;
  const [reason, setReason] = useState('');
  const [showReasonError, setShowReasonError] = useState(false);
  const removeMember = useRemoveMember({
    errorsShownInPlace: true,
    errorContext: { member: name, organization },
    successMessage: t('members.remove.done', { member: name, organization }),
  });
  const reasonValid = !access.reasonRequired || supportReasonSchema.safeParse(reason).success;

  return (
    <Modal
      opened
      onClose={onClose}
      closeButtonProps={{ 'aria-label': t('common.close') }}
      title={t('members.remove.title', { member: name, organization })}
    >
      <form
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          if (!reasonValid) {
            setShowReasonError(true);
            return;
          }
          removeMember.mutate(
            { userId: member.id, ...(access.reasonRequired ? { reason } : {}) },
            { onSuccess: onRemoved },
          );
        }}
      >
        <Stack gap="md">
          <Text>{t('members.remove.description', { member: name, organization })}</Text>
          {isCurrentUser ? (
            <Text fw={600}>{t('members.remove.self', { organization })}</Text>
          ) : null}
          {access.reasonRequired ? (
            <SupportReasonInput
              value={reason}
              onChange={setReason}
              autoFocus
              error={showReasonError && !reasonValid ? t('support.reasonError') : undefined}
            />
          ) : null}
          {removeMember.isError ? (
            <ErrorAlert error={removeMember.error} context={{ member: name, organization }} />
          ) : null}
          <Group justify="flex-end" gap="sm">
            <Button
              variant="default"
              onClick={onClose}
              data-autofocus={access.reasonRequired ? undefined : true}
            >
              {t('common.cancel')}
            </Button>
            <Button type="submit" color="red" loading={removeMember.isPending}>
              {t('members.remove.confirm', { member: name })}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
