import { useTranslation } from 'react-i18next';

import { PageHeader } from '../../../components/ui/page-header.js';
import { AuditLog } from '../../../features/audit-log/components/audit-log.js';
import { useMe } from '../../../features/me/api/get-me.js';
import { useOrganizationAccess } from '../../../lib/organization-access-context.js';

import { SectionGuard } from './layout.js';

export function AuditLogRoute() {
  const { t } = useTranslation();
  const access = useOrganizationAccess();
  const me = useMe();
  const user = me.data?.user;
  const viewer = user
    ? { id: user.id, name: user.name ?? user.username ?? user.email ?? user.id }
    : undefined;
  return (
    <SectionGuard section="audit-log" access={access}>
      <PageHeader
        title={t('auditLog.title')}
        description={t('auditLog.description', { organization: access.organizationName })}
      />
      <AuditLog viewer={viewer} />
    </SectionGuard>
  );
}
