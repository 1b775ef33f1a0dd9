import { Badge, Group, Text } from '@mantine/core';
import type { RoleRef } from '@portal/shared';
import { useTranslation } from 'react-i18next';

/** The roles an invitation grants, as badges; "No roles" when it grants none. */
export function InvitationRoles({ roles }: { roles: readonly RoleRef[] }) {
  const { t } = useTranslation();
  if (roles.length === 0) {
    return (
      <Text size="sm" c="dimmed">
        {t('invitations.noRoles')}
      </Text>
    );
  }
  return (
    <Group gap={4}>
      {[...roles]
        .sort((a, b) => a.name.localeCompare(b.name))
        .map((role) => (
          <Badge
            key={role.id}
            variant="light"
            tt="none"
            color={role.name === 'admin' ? 'indigo' : 'gray'}
          >
            {role.name}
          </Badge>
        ))}
    </Group>
  );
}
