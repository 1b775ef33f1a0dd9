import { Button } from '@mantine/core';
import { useRouteError } from 'react-router';
import { useTranslation } from 'react-i18next';

import { AppLayout } from '../../components/layouts/app-layout.js';
import { ErrorAlert } from '../../components/ui/error-alert.js';

/** Last resort for a render error: say so, and offer a reload rather than a blank page. */
export function RouteError() {
  const { t } = useTranslation();
  const error = useRouteError();
  console.error(error);
  return (
    <AppLayout>
      <ErrorAlert
        error={error}
        actions={
          <Button size="xs" onClick={() => window.location.reload()}>
            {t('errors.reload')}
          </Button>
        }
      />
    </AppLayout>
  );
}
