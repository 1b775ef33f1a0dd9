import { Alert, Button } from '@mantine/core';
import { useTranslation } from 'react-i18next';

import { PageHeader } from '../../../components/ui/page-header.js';
import { useMe } from '../../../features/me/api/get-me.js';
import { MembersTable } from '../../../features/members/components/members-table.js';
import { useRoles } from '../../../features/roles/api/get-roles.js';
import { useOrganizationAccess } from '../../../lib/organization-access-context.js';

import { SectionGuard } from './layout.js';

export function MembersRoute() {
  const { t } = useTranslation();
  const access = useOrganizationAccess();
  return (
    <SectionGuard section="members" access={access}>
      <PageHeader
        title={t('members.title')}
        description={
          access.can.manageMembers
            ? t('members.descriptionManage', { organization: access.organizationName })
            : t('members.descriptionRead', { organization: access.organizationName })
        }
      />
      <MembersWithRoles />
    </SectionGuard>
  );
}

/** The table needs the organization's roles (filter, role editing): loaded here, from the roles feature. */
function MembersWithRoles() {
  const { t } = useTranslation();
  const roles = useRoles();
  const me = useMe();
  return (
    <>
      {roles.isError ? (
        <Alert color="yellow" variant="light" mb="md" title={t('members.rolesFailedTitle')}>
          {t('members.rolesFailed')}{' '}
          <Button size="compact-xs" variant="default" onClick={() => void roles.refetch()}>
            {t('errors.retry')}
          </Button>
        </Alert>
      ) : null}
      <MembersTable roles={roles.data} currentUserId={me.data?.user.id} />
    </>
  );
}
