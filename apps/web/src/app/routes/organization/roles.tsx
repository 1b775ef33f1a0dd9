import { useTranslation } from 'react-i18next';

import { PageHeader } from '../../../components/ui/page-header.js';
import { RolesList } from '../../../features/roles/components/roles-list.js';
import { useOrganizationAccess } from '../../../lib/organization-access-context.js';

import { SectionGuard } from './layout.js';

export function RolesRoute() {
  const { t } = useTranslation();
  const access = useOrganizationAccess();
  return (
    <SectionGuard section="roles" access={access}>
      <PageHeader
        title={t('roles.title')}
        description={t('roles.description', { organization: access.organizationName })}
      />
      <RolesList />
    </SectionGuard>
  );
}
