import { Badge, Card, Code, Group, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';

import type { OrganizationMembership } from '../api/get-my-organizations.js';

import { OrganizationPermissions } from './organization-permissions.js';

export function OrganizationCard({ membership }: { membership: OrganizationMembership }) {
  const { t } = useTranslation();
  const titleId = `organization-${membership.id}-title`;
  const title = membership.name ?? membership.id;
  return (
    <Card
      withBorder
      radius="lg"
      padding="lg"
      component="article"
      aria-labelledby={titleId}
      data-testid={`organization-${membership.id}`}
    >
      <Stack gap="sm">
        <div>
          <Title order={3} size="h4" id={titleId}>
            {title}
          </Title>
          {membership.description ? <Text size="sm">{membership.description}</Text> : null}
          <Text size="xs" mt={4}>
            {t('organizations.id')}: <Code>{membership.id}</Code>
          </Text>
        </div>
        <div>
          <Text size="sm" fw={600} mb={4}>
            {t('organizations.roles')}
          </Text>
          {membership.roles.length > 0 ? (
            <Group gap={6} data-testid={`roles-${membership.id}`}>
              {membership.roles.map((role) => (
                <Badge key={role} variant="light" color="indigo" tt="none">
                  {role}
                </Badge>
              ))}
            </Group>
          ) : (
            <Text size="sm" data-testid={`roles-${membership.id}`}>
              {t('organizations.noRoles')}
            </Text>
          )}
        </div>
        <div>
          <Text size="sm" fw={600}>
            {t('organizations.permissions')}
          </Text>
          <Text size="xs" mb={6} c="dimmed">
            {t('organizations.permissionsSource')}
          </Text>
          <OrganizationPermissions
            organizationId={membership.id}
            label={`${t('organizations.permissions')}: ${title}`}
          />
        </div>
      </Stack>
    </Card>
  );
}
