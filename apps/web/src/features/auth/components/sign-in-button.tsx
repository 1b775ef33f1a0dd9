import { useLogto } from '@logto/react';
import { Button, type ButtonProps } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

import { rememberReturnPath, signInRedirectUri } from '../../../lib/auth.js';

/** Starts Logto's sign-in; on success the browser leaves the page, so only failure comes back here. */
export function SignInButton(
  props: ButtonProps & {
    onAttempted?: () => void;
    /** `signUp` opens Logto's registration screen first (e.g. for someone invited by email). */
    mode?: 'signIn' | 'signUp';
  },
) {
  const { t } = useTranslation();
  const { signIn, error } = useLogto();
  const [redirecting, setRedirecting] = useState(false);
  const { onAttempted, mode = 'signIn', ...buttonProps } = props;
  return (
    <Button
      {...buttonProps}
      // A failed attempt sets the SDK's `error`: stop spinning so the person can try again.
      loading={redirecting && !error}
      onClick={() => {
        setRedirecting(true);
        // Back to this page after signing in (e.g. a link to an organization's members).
        rememberReturnPath(`${window.location.pathname}${window.location.search}`);
        // The SDK never throws here: a failure lands in its context `error`, which the caller shows.
        void signIn({
          redirectUri: signInRedirectUri(),
          ...(mode === 'signUp' ? { firstScreen: 'register' as const } : {}),
        }).then(() => {
          onAttempted?.();
          // On success the page is already unloading; stay busy so nobody clicks twice meanwhile.
          window.setTimeout(() => setRedirecting(false), 3_000);
        });
      }}
    >
      {mode === 'signUp' ? t('auth.signUp') : t('auth.signIn')}
    </Button>
  );
}
