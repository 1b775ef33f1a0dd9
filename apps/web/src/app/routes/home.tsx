import { Stack, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate } from 'react-router';

import { LoadingState } from '../../components/ui/loading-state.js';
import { Welcome } from '../../features/auth/components/welcome.js';
import { useMe } from '../../features/me/api/get-me.js';
import { MyOrganizations } from '../../features/me/components/my-organizations.js';
import { ProfileCard } from '../../features/me/components/profile-card.js';
import { SupportAccess } from '../../features/support/components/support-access.js';
import { runtimeConfigQueryOptions } from '../../features/runtime-config/api/get-runtime-config.js';
import { takeAfterSignOutPath, useAuthStatus } from '../../lib/auth.js';

export function HomeRoute() {
  const { t } = useTranslation();
  const status = useAuthStatus();
  // Loaded by the gate before the router exists; read from the cache here.
  const { data: config } = useQuery(runtimeConfigQueryOptions());

  // Back from switching accounts (signing out on an invitation's page): to that page again.
  const [afterSignOut] = useState(takeAfterSignOutPath);
  if (status === 'checking') return <LoadingState label={t('app.loading')} />;
  if (status === 'signed-out' && afterSignOut) return <Navigate to={afterSignOut} replace />;
  if (status === 'signed-out') return <Welcome logtoEndpoint={config?.logtoEndpoint ?? ''} />;
  return <SignedInHome />;
}

function SignedInHome() {
  const { t } = useTranslation();
  const me = useMe();
  return (
    <Stack gap="xl">
      <Title order={1}>{t('home.title')}</Title>
      <ProfileCard />
      {me.data?.support.canRead ? <SupportAccess canWrite={me.data.support.canWrite} /> : null}
      <MyOrganizations />
    </Stack>
  );
}
