import { useHandleSignInCallback } from '@logto/react';
import { Anchor, Button, Stack } from '@mantine/core';
import { Link, Navigate, useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';

import { ErrorState } from '../../components/ui/error-state.js';
import { LoadingState } from '../../components/ui/loading-state.js';
import { SignInButton } from '../../features/auth/components/sign-in-button.js';
import { returnPath } from '../../lib/auth.js';

/** Where Logto sends the browser back with `?code&state`; the SDK exchanges the code, then we go home. */
export function CallbackRoute() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { isAuthenticated, isLoading, error } = useHandleSignInCallback(() => {
    void navigate(returnPath(), { replace: true });
  });

  if (error) {
    return (
      <Stack maw={640} mx="auto" mt="xl">
        <ErrorState
          title={t('auth.callback.failedTitle')}
          description={t('auth.callback.failedDescription', { message: error.message })}
          actions={
            <>
              <SignInButton size="xs" />
              <Button size="xs" variant="default" component={Link} to="/" replace>
                {t('auth.callback.backHome')}
              </Button>
            </>
          }
        />
      </Stack>
    );
  }
  // Already signed in (e.g. the callback URL was reloaded): nothing to exchange.
  if (isAuthenticated && !isLoading) return <Navigate to={returnPath()} replace />;

  return (
    <LoadingState label={t('auth.callback.title')}>
      <Anchor component={Link} to="/" replace size="sm">
        {t('auth.callback.stuck')} {t('auth.callback.backHome')}
      </Anchor>
    </LoadingState>
  );
}
