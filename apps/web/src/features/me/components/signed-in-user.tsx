import { Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';

import { displayName, useProfile } from '../api/get-profile.js';

/** Who is signed in, in the header (wide screens; the page itself says it on small ones). */
export function SignedInUser() {
  const { t } = useTranslation();
  const profile = useProfile();
  if (!profile.isSuccess) return null;
  return (
    <Text size="sm" visibleFrom="md" maw={220} truncate="end" data-testid="signed-in-user">
      {t('header.signedInAs', { name: displayName(profile.data) })}
    </Text>
  );
}
