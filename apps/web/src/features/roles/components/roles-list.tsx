import { Card, SimpleGrid, Skeleton, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';

import { EmptyState } from '../../../components/ui/empty-state.js';
import { ErrorAlert } from '../../../components/ui/error-alert.js';
import { PermissionList } from '../../../components/ui/permission-list.js';
import { useRoles } from '../api/get-roles.js';

/** Each role a member can be given, and what it permits in plain words. */
export function RolesList() {
  const { t } = useTranslation();
  const roles = useRoles();

  if (roles.isPending) {
    return (
      <SimpleGrid cols={{ base: 1, md: 2 }} aria-busy="true" aria-label={t('roles.loading')}>
        <Skeleton height={160} radius="md" />
        <Skeleton height={160} radius="md" />
      </SimpleGrid>
    );
  }
  if (roles.isError) {
    return (
      <ErrorAlert
        error={roles.error}
        onRetry={() => void roles.refetch()}
        retrying={roles.isFetching}
      />
    );
  }
  if (roles.data.length === 0) {
    return <EmptyState title={t('roles.emptyTitle')} description={t('roles.empty')} />;
  }
  const sorted = [...roles.data].sort((a, b) => a.name.localeCompare(b.name));
  return (
    <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
      {sorted.map((role) => {
        const titleId = `role-${role.id}-title`;
        return (
          <Card
            key={role.id}
            withBorder
            radius="md"
            padding="lg"
            component="article"
            aria-labelledby={titleId}
            data-testid={`role-${role.name}`}
          >
            <Stack gap="sm">
              <div>
                <Title order={2} size="h4" id={titleId}>
                  {role.name}
                </Title>
                {role.description ? <Text size="sm">{role.description}</Text> : null}
              </div>
              <div>
                <Text size="sm" fw={600} mb={4}>
                  {t('roles.permits')}
                </Text>
                {role.permissions.length > 0 ? (
                  <PermissionList
                    permissions={role.permissions}
                    label={t('roles.permissionsOf', { role: role.name })}
                    testId={`role-permissions-${role.name}`}
                  />
                ) : (
                  <Text size="sm" data-testid={`role-permissions-${role.name}`} data-permissions="">
                    {t('roles.noPermissions')}
                  </Text>
                )}
              </div>
            </Stack>
          </Card>
        );
      })}
    </SimpleGrid>
  );
}
