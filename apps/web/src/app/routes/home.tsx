import { Stack, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';

import { LoadingState } from '../../components/ui/loading-state.js';
import { Welcome } from '../../features/auth/components/welcome.js';
import { ProfileCard } from '../../features/me/components/profile-card.js';
import { MyOrganizations } from '../../features/organizations/components/my-organizations.js';
import { runtimeConfigQueryOptions } from '../../features/runtime-config/api/get-runtime-config.js';
import { useAuthStatus } from '../../lib/auth.js';

export function HomeRoute() {
  const { t } = useTranslation();
  const status = useAuthStatus();
  // Loaded by the gate before the router exists; read from the cache here.
  const { data: config } = useQuery(runtimeConfigQueryOptions());

  if (status === 'checking') return <LoadingState label={t('app.loading')} />;
  if (status === 'signed-out') return <Welcome logtoEndpoint={config?.logtoEndpoint ?? ''} />;
  return (
    <Stack gap="xl">
      <Title order={1}>{t('home.title')}</Title>
      <ProfileCard />
      <MyOrganizations />
    </Stack>
  );
}
