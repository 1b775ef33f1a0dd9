import { Alert, SimpleGrid, Skeleton, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';

import { ErrorState } from '../../../components/ui/error-state.js';
import { useMyOrganizations } from '../api/get-my-organizations.js';

import { OrganizationCard } from './organization-card.js';

/** The organizations the signed-in person belongs to, with their roles and permissions in each. */
export function MyOrganizations() {
  const { t } = useTranslation();
  const organizations = useMyOrganizations();

  return (
    <Stack component="section" aria-labelledby="organizations-title" gap="md">
      <Title order={2} size="h3" id="organizations-title">
        {t('organizations.title')}
      </Title>
      {organizations.isPending ? (
        <SimpleGrid
          cols={{ base: 1, sm: 2 }}
          aria-busy="true"
          aria-label={t('organizations.loading')}
        >
          <Skeleton height={180} radius="lg" />
          <Skeleton height={180} radius="lg" />
        </SimpleGrid>
      ) : organizations.isError ? (
        <ErrorState
          title={t('organizations.failedTitle')}
          description={t('organizations.failedDescription')}
          onRetry={() => void organizations.refetch()}
          retrying={organizations.isFetching}
        />
      ) : organizations.data.memberships.length === 0 ? (
        <Text>{t('organizations.none')}</Text>
      ) : (
        <>
          <Text>{t('organizations.count', { count: organizations.data.memberships.length })}</Text>
          {organizations.data.namesAvailable ? null : (
            <Alert variant="light" color="yellow">
              {t('organizations.namesUnavailable')}
            </Alert>
          )}
          <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
            {organizations.data.memberships.map((membership) => (
              <OrganizationCard key={membership.id} membership={membership} />
            ))}
          </SimpleGrid>
        </>
      )}
    </Stack>
  );
}
