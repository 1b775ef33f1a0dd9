import {
  Badge,
  Button,
  Card,
  Code,
  Group,
  SimpleGrid,
  Skeleton,
  Stack,
  Text,
  Title,
} from '@mantine/core';
import type { MyOrganization } from '@portal/shared';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';

import { ErrorAlert } from '../../../components/ui/error-alert.js';
import { PermissionList } from '../../../components/ui/permission-list.js';
import {
  canSee,
  organizationAccess,
  organizationPath,
  organizationSections,
} from '../../../lib/organization-access.js';
import { useMe } from '../api/get-me.js';

/** The organizations the signed-in person belongs to: their roles, what they may do, and where to go. */
export function MyOrganizations() {
  const { t } = useTranslation();
  const me = useMe();

  return (
    <Stack component="section" aria-labelledby="organizations-title" gap="md">
      <Title order={2} size="h3" id="organizations-title">
        {t('organizations.title')}
      </Title>
      {me.isPending ? (
        <SimpleGrid
          cols={{ base: 1, sm: 2 }}
          aria-busy="true"
          aria-label={t('organizations.loading')}
        >
          <Skeleton height={180} radius="lg" />
          <Skeleton height={180} radius="lg" />
        </SimpleGrid>
      ) : me.isError ? (
        <ErrorAlert error={me.error} onRetry={() => void me.refetch()} retrying={me.isFetching} />
      ) : me.data.organizations.length === 0 ? (
        <Text>{t('organizations.none')}</Text>
      ) : (
        <>
          <Text>{t('organizations.count', { count: me.data.organizations.length })}</Text>
          <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
            {[...me.data.organizations]
              .sort((a, b) => a.name.localeCompare(b.name))
              .map((organization) => (
                <OrganizationCard
                  key={organization.id}
                  organization={organization}
                  // Membership only here: support access is offered on its own card.
                  access={organizationAccess(
                    { ...me.data, support: { canRead: false, canWrite: false } },
                    organization.id,
                  )}
                />
              ))}
          </SimpleGrid>
        </>
      )}
    </Stack>
  );
}

function OrganizationCard({
  organization,
  access,
}: {
  organization: MyOrganization;
  access: ReturnType<typeof organizationAccess>;
}) {
  const { t } = useTranslation();
  const titleId = `organization-${organization.id}-title`;
  const sections = access ? organizationSections.filter((section) => canSee(access, section)) : [];
  return (
    <Card
      withBorder
      radius="lg"
      padding="lg"
      component="article"
      aria-labelledby={titleId}
      data-testid={`organization-${organization.id}`}
    >
      <Stack gap="sm">
        <div>
          <Title order={3} size="h4" id={titleId}>
            {organization.name}
          </Title>
          {organization.description ? <Text size="sm">{organization.description}</Text> : null}
          <Text size="xs" mt={4}>
            {t('organizations.id')}: <Code>{organization.id}</Code>
          </Text>
        </div>
        <div>
          <Text size="sm" fw={600} mb={4}>
            {t('organizations.roles')}
          </Text>
          {organization.roles.length > 0 ? (
            <Group gap={6} data-testid={`roles-${organization.id}`}>
              {organization.roles.map((role) => (
                <Badge key={role.id} variant="light" color="indigo" tt="none">
                  {role.name}
                </Badge>
              ))}
            </Group>
          ) : (
            <Text size="sm" data-testid={`roles-${organization.id}`}>
              {t('organizations.noRoles')}
            </Text>
          )}
        </div>
        <div>
          <Text size="sm" fw={600} mb={4}>
            {t('organizations.permissions')}
          </Text>
          {organization.permissions.length > 0 ? (
            <PermissionList
              permissions={organization.permissions}
              label={`${t('organizations.permissions')}: ${organization.name}`}
              testId={`permissions-${organization.id}`}
            />
          ) : (
            <Text size="sm" data-testid={`permissions-${organization.id}`} data-permissions="">
              {t('organizations.noPermissions')}
            </Text>
          )}
        </div>
        {sections.length > 0 ? (
          <Group gap="xs" mt="xs">
            {sections.map((section) => (
              <Button
                key={section}
                component={Link}
                to={organizationPath(organization.id, section)}
                size="xs"
                variant={section === sections[0] ? 'filled' : 'default'}
                aria-label={t('organizations.openSection', {
                  section: t(`nav.sections.${section}`),
                  organization: organization.name,
                })}
              >
                {t(`nav.sections.${section}`)}
              </Button>
            ))}
          </Group>
        ) : null}
      </Stack>
    </Card>
  );
}
