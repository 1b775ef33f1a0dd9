import type { PublicConfig } from '@portal/shared';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

import { AppLayout } from '../components/layouts/app-layout.js';
import { ErrorAlert } from '../components/ui/error-alert.js';
import { LoadingState } from '../components/ui/loading-state.js';
import { useRuntimeConfig } from '../features/runtime-config/api/get-runtime-config.js';

/** Nothing can start before the BFF says which Logto to use; until then, a page that says why. */
export function RuntimeConfigGate({ children }: { children: (config: PublicConfig) => ReactNode }) {
  const { t } = useTranslation();
  const runtimeConfig = useRuntimeConfig();

  if (runtimeConfig.isSuccess) return children(runtimeConfig.data);

  if (runtimeConfig.isError) {
    return (
      <AppLayout>
        <ErrorAlert
          error={runtimeConfig.error}
          onRetry={() => void runtimeConfig.refetch()}
          retrying={runtimeConfig.isFetching}
        />
      </AppLayout>
    );
  }
  return (
    <AppLayout>
      <LoadingState label={t('app.loading')} />
    </AppLayout>
  );
}
