import { Code, List, Text } from '@mantine/core';
import { allOrganizationPermissions, type OrganizationPermission } from '@portal/shared';
import { useTranslation } from 'react-i18next';

export const isPortalPermission = (scope: string): scope is OrganizationPermission =>
  allOrganizationPermissions.some((permission) => permission === scope);

/** The portal's permissions in their usual order, then any a vendor added, alphabetically. */
export function sortPermissions(permissions: readonly string[]): string[] {
  const rank = (scope: string) => {
    const index = allOrganizationPermissions.findIndex((permission) => permission === scope);
    return index === -1 ? allOrganizationPermissions.length : index;
  };
  return [...new Set(permissions)].sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
}

/** Permissions in plain words; a scope the portal doesn't know is shown by its name. */
export function PermissionList({
  permissions,
  label,
  testId,
}: {
  permissions: readonly string[];
  label: string;
  testId?: string;
}) {
  const { t } = useTranslation();
  const sorted = sortPermissions(permissions);
  return (
    <List
      spacing={6}
      size="sm"
      aria-label={label}
      data-testid={testId}
      data-permissions={sorted.join(' ')}
    >
      {sorted.map((permission) => (
        <List.Item key={permission}>
          {isPortalPermission(permission) ? (
            <Text span size="sm">
              {t(`permissions.${permission}`)}
            </Text>
          ) : (
            <Text span size="sm">
              {t('permissions.custom')} <Code>{permission}</Code>
            </Text>
          )}
        </List.Item>
      ))}
    </List>
  );
}
