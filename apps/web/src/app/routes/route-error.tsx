import { Button } from '@mantine/core';
import { useRouteError } from 'react-router';
import { useTranslation } from 'react-i18next';

import { AppLayout } from '../../components/layouts/app-layout.js';
import { ErrorState } from '../../components/ui/error-state.js';
import { describeError } from '../../lib/describe-error.js';

/** Last resort for a render error: say so, and offer a reload rather than a blank page. */
export function RouteError() {
  const { t } = useTranslation();
  const error = useRouteError();
  console.error(error);
  const { titleKey, descriptionKey, requestId } = describeError(error);
  return (
    <AppLayout>
      <ErrorState
        title={t(titleKey)}
        description={t(descriptionKey)}
        requestId={requestId}
        actions={
          <Button size="xs" onClick={() => window.location.reload()}>
            {t('errors.reload')}
          </Button>
        }
      />
    </AppLayout>
  );
}
