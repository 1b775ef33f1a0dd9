import { useLogto } from '@logto/react';
import { Button, type ButtonProps } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

import { rememberReturnPath, signInRedirectUri } from '../../../lib/auth.js';

/** Starts Logto's sign-in; on success the browser leaves the page, so only failure comes back here. */
export function SignInButton(props: ButtonProps & { onAttempted?: () => void }) {
  const { t } = useTranslation();
  const { signIn, error } = useLogto();
  const [redirecting, setRedirecting] = useState(false);
  const { onAttempted, ...buttonProps } = props;
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
        void signIn({ redirectUri: signInRedirectUri() }).then(() => {
          onAttempted?.();
          // On success the page is already unloading; stay busy so nobody clicks twice meanwhile.
          window.setTimeout(() => setRedirecting(false), 3_000);
        });
      }}
    >
      {t('auth.signIn')}
    </Button>
  );
}
