import { Divider, NavLink, Skeleton, Stack, Text } from '@mantine/core';
import { skipToken, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useMatch, useNavigate } from 'react-router';

import { useMe } from '../features/me/api/get-me.js';
import { getOrganization } from '../features/organizations/api/get-organization.js';
import { organizationKeys } from '../features/organizations/api/organization-keys.js';
import { OrganizationSwitcher } from '../features/organizations/components/organization-switcher.js';
import { useApiClient } from '../lib/api.js';
import {
  canSee,
  firstSection,
  manageableOrganizations,
  organizationAccess,
  organizationPath,
  organizationSections,
  type OrganizationSection,
} from '../lib/organization-access.js';

const isSection = (value: string | undefined): value is OrganizationSection =>
  organizationSections.some((section) => section === value);

/**
 * The sidebar: home, the organization switcher (organizations where the person holds a portal
 * permission, from /api/me) and the pages of the current organization they may see. Nothing they
 * can't use is offered.
 */
export function PortalNavigation({ onNavigate }: { onNavigate: () => void }) {
  const { t } = useTranslation();
  const me = useMe();
  const navigate = useNavigate();
  const api = useApiClient();
  const { pathname } = useLocation();
  const match = useMatch('/orgs/:orgId/*');
  const currentId = match?.params.orgId;
  const currentSectionName = match?.params['*']?.split('/')[0];
  const currentSection = isSection(currentSectionName) ? currentSectionName : undefined;

  const organizations = me.data ? manageableOrganizations(me.data) : [];
  const access = me.data && currentId ? organizationAccess(me.data, currentId) : undefined;
  // Support staff may be looking at an organization they don't belong to: /api/me has no name for
  // it, the organization's own query (which the page loads anyway, so it is cached) does.
  const visited = useQuery({
    queryKey: organizationKeys.detail(access?.organizationId ?? ''),
    queryFn:
      access && access.organizationName === undefined
        ? ({ signal }) => getOrganization(api, access, signal)
        : skipToken,
  });
  const switcherOrganizations =
    access && !organizations.some(({ id }) => id === access.organizationId)
      ? [
          ...organizations,
          {
            id: access.organizationId,
            name: access.organizationName ?? visited.data?.name ?? access.organizationId,
          },
        ]
      : organizations;

  return (
    <Stack gap="xs">
      <NavLink
        component={Link}
        to="/"
        label={t('nav.home')}
        active={pathname === '/'}
        aria-current={pathname === '/' ? 'page' : undefined}
        onClick={onNavigate}
      />
      <Divider my="xs" />
      {me.isPending ? (
        <Skeleton height={56} aria-label={t('nav.loading')} />
      ) : me.isError ? (
        <Text size="sm">{t('nav.failed')}</Text>
      ) : switcherOrganizations.length === 0 ? (
        <Text size="sm" data-testid="no-manageable-organizations">
          {me.data.support.canRead ? t('nav.supportHint') : t('nav.noOrganizations')}
        </Text>
      ) : (
        <OrganizationSwitcher
          organizations={switcherOrganizations}
          currentId={access ? currentId : undefined}
          onChange={(organizationId) => {
            const next = me.data ? organizationAccess(me.data, organizationId) : undefined;
            if (!next) return;
            // Stay on the same page in the other organization when it is allowed there.
            const section =
              currentSection && canSee(next, currentSection) ? currentSection : firstSection(next);
            void navigate(organizationPath(organizationId, section));
            onNavigate();
          }}
        />
      )}
      {access ? (
        <Stack gap={2} mt="xs" data-testid="organization-pages">
          {organizationSections
            .filter((section) => canSee(access, section))
            .map((section) => {
              const active = currentSection === section;
              return (
                <NavLink
                  key={section}
                  component={Link}
                  to={organizationPath(access.organizationId, section)}
                  label={t(`nav.sections.${section}`)}
                  active={active}
                  aria-current={active ? 'page' : undefined}
                  onClick={onNavigate}
                />
              );
            })}
        </Stack>
      ) : null}
    </Stack>
  );
}
