import { Code, List, Skeleton, Stack, Text } from '@mantine/core';
import { allOrganizationPermissions, type OrganizationPermission } from '@portal/shared';
import { useTranslation } from 'react-i18next';

import { ErrorState } from '../../../components/ui/error-state.js';
import { useOrganizationPermissions } from '../api/get-organization-permissions.js';

const isKnownPermission = (scope: string): scope is OrganizationPermission =>
  allOrganizationPermissions.some((permission) => permission === scope);

/** The scopes of the user's organization token for this organization, with what each one allows. */
export function OrganizationPermissions({
  organizationId,
  label,
}: {
  organizationId: string;
  label: string;
}) {
  const { t } = useTranslation();
  const permissions = useOrganizationPermissions(organizationId);

  if (permissions.isPending) {
    return (
      <Stack gap={6} aria-busy="true" aria-label={t('organizations.permissionsLoading')}>
        <Skeleton height={14} width="70%" />
        <Skeleton height={14} width="55%" />
      </Stack>
    );
  }
  if (permissions.isError) {
    return (
      <ErrorState
        title={t('organizations.permissionsFailedTitle')}
        description={t('organizations.permissionsFailedDescription')}
        onRetry={() => void permissions.refetch()}
        retrying={permissions.isFetching}
      />
    );
  }
  if (permissions.data.length === 0) {
    return (
      <Text size="sm" data-testid={`permissions-${organizationId}`} data-permissions="">
        {t('organizations.noPermissions')}
      </Text>
    );
  }
  return (
    <List
      spacing={6}
      size="sm"
      aria-label={label}
      data-testid={`permissions-${organizationId}`}
      data-permissions={permissions.data.join(' ')}
    >
      {permissions.data.map((permission) => (
        <List.Item key={permission}>
          <Code>{permission}</Code>
          {isKnownPermission(permission) ? (
            <Text span size="sm">{` ${t(`permissions.${permission}`)}`}</Text>
          ) : null}
        </List.Item>
      ))}
    </List>
  );
}
