import { notifications } from '@mantine/notifications';
import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';

import { useApiClient } from '../../../lib/api.js';
import { describeError } from '../../../lib/describe-error.js';
import { useOrganizationAccess } from '../../../lib/organization-access-context.js';
import { getInvitationLink } from '../api/get-invitation-link.js';

/** Copies a link, saying so; when the clipboard is refused, the toast shows the link to copy by hand. */
export function useCopyText() {
  const { t } = useTranslation();
  return useCallback(
    async (link: string) => {
      try {
        await navigator.clipboard.writeText(link);
        notifications.show({
          color: 'green',
          message: t('invitations.linkCopied'),
          autoClose: 4_000,
        });
      } catch {
        notifications.show({
          color: 'yellow',
          title: t('invitations.copyFailed'),
          message: link,
          autoClose: false,
        });
      }
    },
    [t],
  );
}

/** "Copy link" in the list: asks the BFF for the accept link, then copies it. */
export function useCopyInvitationLink() {
  const { t } = useTranslation();
  const api = useApiClient();
  const access = useOrganizationAccess();
  const copy = useCopyText();
  return useCallback(
    async (invitationId: string) => {
      try {
        const { link } = await getInvitationLink(api, access, invitationId);
        await copy(link);
      } catch (error) {
        const description = describeError(error);
        notifications.show({
          color: 'red',
          title: t(`errors.${description.kind}.title`, description.values),
          message: t(`errors.${description.kind}.description`, description.values),
        });
      }
    },
    [api, access, copy, t],
  );
}
