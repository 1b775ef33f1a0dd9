import { Button } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

import { PageHeader } from '../../../components/ui/page-header.js';
import { InviteDialog } from '../../../features/invitations/components/invite-dialog.js';
import { InvitationsTable } from '../../../features/invitations/components/invitations-table.js';
import { useRoles } from '../../../features/roles/api/get-roles.js';
import { useOrganizationAccess } from '../../../lib/organization-access-context.js';

import { SectionGuard } from './layout.js';

export function InvitationsRoute() {
  const { t } = useTranslation();
  const access = useOrganizationAccess();
  const roles = useRoles();
  const [inviting, setInviting] = useState(false);
  return (
    <SectionGuard section="invitations" access={access}>
      <PageHeader
        title={t('invitations.title')}
        description={t('invitations.description', { organization: access.organizationName })}
        actions={
          access.can.inviteMembers ? (
            <Button onClick={() => setInviting(true)}>{t('invitations.invite.button')}</Button>
          ) : null
        }
      />
      <InvitationsTable />
      {inviting ? <InviteDialog roles={roles.data} onClose={() => setInviting(false)} /> : null}
    </SectionGuard>
  );
}
