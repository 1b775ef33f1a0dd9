import { Alert, Button, Group, Modal, MultiSelect, Stack, Text } from '@mantine/core';
import {
  organizationPermissions,
  supportReasonSchema,
  type Member,
  type OrganizationRole,
} from '@portal/shared';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

import { ErrorAlert } from '../../../components/ui/error-alert.js';
import { PermissionList } from '../../../components/ui/permission-list.js';
import { SupportReasonInput } from '../../../components/ui/support-reason-input.js';
import { useOrganizationAccess } from '../../../lib/organization-access-context.js';
import { useReplaceMemberRoles } from '../api/replace-member-roles.js';
import { memberName } from '../utils/member-name.js';
import { permissionsOfRoles, sameRoles } from '../utils/role-permissions.js';

/** Replace a member's roles: a multi-select of the organization's roles, and what they will permit. */
export function EditMemberRolesDialog({
  member,
  roles,
  isCurrentUser,
  onClose,
}: {
  member: Member;
  roles: readonly OrganizationRole[];
  isCurrentUser: boolean;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const access = useOrganizationAccess();
  const name = memberName(member);
  const organization = access.organizationName ?? access.organizationId;
  const initial = member.roles.map(({ id }) => id);
  const [roleIds, setRoleIds] = useState<string[]>(initial);
  const [reason, setReason] = useState('');
  const [showReasonError, setShowReasonError] = useState(false);
  const replaceRoles = useReplaceMemberRoles({
    errorsShownInPlace: true,
    errorContext: { member: name, organization },
    successMessage: t('members.edit.saved', { member: name }),
  });

  const permissions = permissionsOfRoles(roles, roleIds);
  const losesOwnManagement =
    isCurrentUser && !permissions.includes(organizationPermissions.manageMembers);
  const reasonValid = !access.reasonRequired || supportReasonSchema.safeParse(reason).success;
  const unchanged = sameRoles(roleIds, initial);

  return (
    <Modal
      opened
      onClose={onClose}
      closeButtonProps={{ 'aria-label': t('common.close') }}
      title={t('members.edit.title', { member: name })}
      size="lg"
    >
      <form
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          if (!reasonValid) {
            setShowReasonError(true);
            return;
          }
          replaceRoles.mutate(
            {
              userId: member.id,
              body: { roleIds },
              ...(access.reasonRequired ? { reason } : {}),
            },
            { onSuccess: onClose },
          );
        }}
      >
        <Stack gap="md">
          <MultiSelect
            label={t('members.edit.rolesLabel')}
            description={t('members.edit.rolesDescription', { member: name })}
            placeholder={roleIds.length === 0 ? t('members.edit.rolesPlaceholder') : undefined}
            data={roles.map((role) => ({ value: role.id, label: role.name }))}
            value={roleIds}
            onChange={setRoleIds}
            clearable
            clearButtonProps={{ 'aria-label': t('members.edit.clearRoles') }}
            comboboxProps={{ withinPortal: true }}
            data-autofocus
          />
          <div>
            <Text size="sm" fw={600} mb={4}>
              {t('members.edit.permissionsTitle', { member: name })}
            </Text>
            {permissions.length > 0 ? (
              <PermissionList
                permissions={permissions}
                label={t('members.edit.permissionsTitle', { member: name })}
              />
            ) : (
              <Text size="sm">{t('members.edit.noPermissions')}</Text>
            )}
          </div>
          {losesOwnManagement ? (
            <Alert color="yellow" variant="light" title={t('members.edit.selfWarningTitle')}>
              {t('members.edit.selfWarning')}
            </Alert>
          ) : null}
          {access.reasonRequired ? (
            <SupportReasonInput
              value={reason}
              onChange={setReason}
              error={showReasonError && !reasonValid ? t('support.reasonError') : undefined}
            />
          ) : null}
          {replaceRoles.isError ? (
            <ErrorAlert error={replaceRoles.error} context={{ member: name, organization }} />
          ) : null}
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={onClose}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={replaceRoles.isPending} disabled={unchanged}>
              {t('members.edit.save')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
