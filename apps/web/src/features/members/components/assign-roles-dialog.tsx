import { Alert, Button, Group, List, Modal, MultiSelect, Stack, Text } from '@mantine/core';
import { supportReasonSchema, type Member, type OrganizationRole } from '@portal/shared';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

import { ErrorAlert } from '../../../components/ui/error-alert.js';
import { SupportReasonInput } from '../../../components/ui/support-reason-input.js';
import { useOrganizationAccess } from '../../../lib/organization-access-context.js';
import { useAssignMemberRoles } from '../api/assign-member-roles.js';
import { memberName } from '../utils/member-name.js';

/** The BFF takes up to 100 members per assignment. */
export const maxMembersPerAssignment = 100;
const namesShown = 5;

/** Bulk: give the selected members more roles (the roles they have are kept). */
export function AssignRolesDialog({
  members,
  roles,
  onClose,
  onAssigned,
}: {
  members: readonly Member[];
  roles: readonly OrganizationRole[];
  onClose: () => void;
  onAssigned: () => void;
}) {
  const { t } = useTranslation();
  const access = useOrganizationAccess();
  const organization = access.organizationName ?? access.organizationId;
  const [roleIds, setRoleIds] = useState<string[]>([]);
  const [reason, setReason] = useState('');
  const [showErrors, setShowErrors] = useState(false);
  const assignRoles = useAssignMemberRoles({
    errorsShownInPlace: true,
    errorContext: { organization },
    successMessage: t('members.assign.done', { count: members.length }),
  });
  const tooMany = members.length > maxMembersPerAssignment;
  const reasonValid = !access.reasonRequired || supportReasonSchema.safeParse(reason).success;
  const rolesChosen = roleIds.length > 0;

  return (
    <Modal
      opened
      onClose={onClose}
      closeButtonProps={{ 'aria-label': t('common.close') }}
      title={t('members.assign.title', { count: members.length })}
      size="lg"
    >
      <form
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          if (!reasonValid || !rolesChosen || tooMany) {
            setShowErrors(true);
            return;
          }
          assignRoles.mutate(
            {
              body: { userIds: members.map(({ id }) => id), roleIds },
              ...(access.reasonRequired ? { reason } : {}),
            },
            { onSuccess: onAssigned },
          );
        }}
      >
        <Stack gap="md">
          <Text>{t('members.assign.description', { count: members.length, organization })}</Text>
          <List size="sm" aria-label={t('members.assign.selectedLabel')}>
            {members.slice(0, namesShown).map((member) => (
              <List.Item key={member.id}>{memberName(member)}</List.Item>
            ))}
            {members.length > namesShown ? (
              <List.Item>
                {t('members.assign.andMore', { count: members.length - namesShown })}
              </List.Item>
            ) : null}
          </List>
          {tooMany ? (
            <Alert color="yellow" variant="light" title={t('members.assign.tooManyTitle')}>
              {t('members.assign.tooMany', { max: maxMembersPerAssignment })}
            </Alert>
          ) : null}
          <MultiSelect
            label={t('members.assign.rolesLabel')}
            placeholder={rolesChosen ? undefined : t('members.assign.rolesPlaceholder')}
            data={roles.map((role) => ({ value: role.id, label: role.name }))}
            value={roleIds}
            onChange={setRoleIds}
            withAsterisk
            error={showErrors && !rolesChosen ? t('members.assign.rolesRequired') : undefined}
            comboboxProps={{ withinPortal: true }}
            data-autofocus
          />
          {access.reasonRequired ? (
            <SupportReasonInput
              value={reason}
              onChange={setReason}
              error={showErrors && !reasonValid ? t('support.reasonError') : undefined}
            />
          ) : null}
          {assignRoles.isError ? (
            <ErrorAlert error={assignRoles.error} context={{ organization }} />
          ) : null}
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={onClose}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={assignRoles.isPending} disabled={tooMany}>
              {t('members.assign.confirm', { count: members.length })}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
