import { Button } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

import { useSignOut } from '../../../lib/auth.js';

/** Revokes the refresh token, clears local tokens and ends the Logto session, then comes back home. */
export function SignOutButton() {
  const { t } = useTranslation();
  const signOut = useSignOut();
  const [signingOut, setSigningOut] = useState(false);
  return (
    <Button
      variant="default"
      loading={signingOut}
      onClick={() => {
        setSigningOut(true);
        void signOut();
      }}
    >
      {t('auth.signOut')}
    </Button>
  );
}
