import { useTranslation } from 'react-i18next';

import { PageHeader } from '../../../components/ui/page-header.js';
import { OrganizationSettings } from '../../../features/organizations/components/organization-settings.js';
import { useOrganizationAccess } from '../../../lib/organization-access-context.js';

import { SectionGuard } from './layout.js';

export function SettingsRoute() {
  const { t } = useTranslation();
  const access = useOrganizationAccess();
  return (
    <SectionGuard section="settings" access={access}>
      <PageHeader
        title={t('settings.title')}
        description={t('settings.pageDescription', { organization: access.organizationName })}
      />
      <OrganizationSettings />
    </SectionGuard>
  );
}
