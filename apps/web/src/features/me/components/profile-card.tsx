import { Avatar, Card, Code, Group, SimpleGrid, Skeleton, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';

import { ErrorState } from '../../../components/ui/error-state.js';
import { displayName, useProfile } from '../api/get-profile.js';

function Field({
  label,
  value,
  testId,
}: {
  label: string;
  value: React.ReactNode;
  testId: string;
}) {
  return (
    <div>
      <Text component="dt" size="sm" fw={600}>
        {label}
      </Text>
      <Text component="dd" m={0} data-testid={testId} style={{ overflowWrap: 'anywhere' }}>
        {value}
      </Text>
    </div>
  );
}

/** "Who you are": name, email and user id, from the ID token. */
export function ProfileCard() {
  const { t } = useTranslation();
  const profile = useProfile();

  return (
    <Card withBorder radius="lg" padding="lg" component="section" aria-labelledby="profile-title">
      <Title order={2} size="h3" id="profile-title" mb="md">
        {t('profile.title')}
      </Title>
      {profile.isPending ? (
        <Stack gap="xs" aria-busy="true" aria-label={t('profile.loading')}>
          <Skeleton height={20} width="40%" />
          <Skeleton height={16} width="60%" />
        </Stack>
      ) : profile.isError ? (
        <ErrorState
          title={t('profile.failedTitle')}
          description={t('profile.failedDescription')}
          onRetry={() => void profile.refetch()}
          retrying={profile.isFetching}
        />
      ) : (
        <Group align="flex-start" wrap="nowrap" gap="lg">
          <Avatar
            size="lg"
            radius="xl"
            color="indigo"
            name={displayName(profile.data)}
            alt=""
            visibleFrom="xs"
          />
          <SimpleGrid
            component="dl"
            cols={{ base: 1, sm: 2 }}
            spacing="md"
            verticalSpacing="sm"
            m={0}
            style={{ flex: 1 }}
          >
            <Field
              label={t('profile.name')}
              value={profile.data.name ?? t('profile.notSet')}
              testId="profile-name"
            />
            <Field
              label={t('profile.email')}
              value={profile.data.email ?? t('profile.notSet')}
              testId="profile-email"
            />
            {profile.data.username ? (
              <Field
                label={t('profile.username')}
                value={profile.data.username}
                testId="profile-username"
              />
            ) : null}
            <Field
              label={t('profile.userId')}
              value={<Code>{profile.data.userId}</Code>}
              testId="profile-user-id"
            />
          </SimpleGrid>
        </Group>
      )}
    </Card>
  );
}
