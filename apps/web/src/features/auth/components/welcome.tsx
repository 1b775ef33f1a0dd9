import { useLogto } from '@logto/react';
import { Alert, Paper, Stack, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

import { ErrorState } from '../../../components/ui/error-state.js';
import { takeSessionEndedNotice } from '../../../lib/auth.js';

import { SignInButton } from './sign-in-button.js';

/** The signed-out home page. */
export function Welcome({ logtoEndpoint }: { logtoEndpoint: string }) {
  const { t } = useTranslation();
  const { error } = useLogto();
  const [signInAttempted, setSignInAttempted] = useState(false);
  const [sessionEnded] = useState(takeSessionEndedNotice);
  return (
    <Paper
      withBorder
      radius="lg"
      p={{ base: 'lg', sm: 'xl' }}
      maw={640}
      mx="auto"
      mt={{ base: 'md', sm: 'xl' }}
    >
      <Stack gap="md">
        <Title order={1}>{t('welcome.title')}</Title>
        <Text size="lg">{t('welcome.lead')}</Text>
        {sessionEnded ? (
          <Alert variant="light" color="yellow" title={t('auth.sessionEnded.title')}>
            {t('auth.sessionEnded.description')}
          </Alert>
        ) : null}
        <Text>{t('welcome.signInHint')}</Text>
        {signInAttempted && error ? (
          <ErrorState
            title={t('auth.signInFailed.title')}
            description={t('auth.signInFailed.description', { endpoint: logtoEndpoint })}
          />
        ) : null}
        <div>
          <SignInButton size="md" onAttempted={() => setSignInAttempted(true)} />
        </div>
      </Stack>
    </Paper>
  );
}
