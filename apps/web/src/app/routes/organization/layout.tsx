import { Alert, Button, Paper, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Navigate, Outlet, useParams } from 'react-router';

import { ErrorAlert } from '../../../components/ui/error-alert.js';
import { LoadingState } from '../../../components/ui/loading-state.js';
import { Welcome } from '../../../features/auth/components/welcome.js';
import { useMe } from '../../../features/me/api/get-me.js';
import { organizationQueryOptions } from '../../../features/organizations/api/get-organization.js';
import { runtimeConfigQueryOptions } from '../../../features/runtime-config/api/get-runtime-config.js';
import { useApiClient } from '../../../lib/api.js';
import { useAuthStatus } from '../../../lib/auth.js';
import { OrganizationAccessProvider } from '../../../lib/organization-access-context.js';
import {
  canSee,
  firstSection,
  organizationAccess,
  organizationPath,
  type OrganizationAccess,
  type OrganizationSection,
} from '../../../lib/organization-access.js';

/** "You can't manage this organization": said instead of screens whose every request would be refused. */
function NoAccess({ title, description }: { title: string; description: string }) {
  const { t } = useTranslation();
  return (
    <Paper withBorder radius="lg" p="xl" maw={640} mx="auto" mt="md" data-testid="no-access">
      <Stack gap="md" align="flex-start">
        <Title order={1}>{title}</Title>
        <Text>{description}</Text>
        <Button component={Link} to="/">
          {t('notFound.backHome')}
        </Button>
      </Stack>
    </Paper>
  );
}

/**
 * `/orgs/:orgId/*`: decides from /api/me what the person may do here and with which token, then shows
 * the page. Pages below read that from `useOrganizationAccess()`.
 */
export function OrganizationLayoutRoute() {
  const { t } = useTranslation();
  const status = useAuthStatus();
  const { data: config } = useQuery(runtimeConfigQueryOptions());
  if (status === 'checking') return <LoadingState label={t('app.loading')} />;
  if (status === 'signed-out') return <Welcome logtoEndpoint={config?.logtoEndpoint ?? ''} />;
  return <SignedInOrganization />;
}

function SignedInOrganization() {
  const { t } = useTranslation();
  const { orgId = '' } = useParams();
  const me = useMe();

  if (me.isPending) return <LoadingState label={t('organization.loading')} />;
  if (me.isError) {
    return (
      <ErrorAlert error={me.error} onRetry={() => void me.refetch()} retrying={me.isFetching} />
    );
  }
  const access = organizationAccess(me.data, orgId);
  if (!access) {
    return (
      <NoAccess title={t('organization.noAccessTitle')} description={t('organization.noAccess')} />
    );
  }
  return <OrganizationPages key={orgId} access={access} />;
}

function OrganizationPages({ access }: { access: OrganizationAccess }) {
  const { t } = useTranslation();
  const api = useApiClient();
  // Support staff who aren't members: /api/me has no name for the organization (and it may not exist).
  const organization = useQuery({
    ...organizationQueryOptions(api, access),
    enabled: access.organizationName === undefined,
  });
  if (access.organizationName === undefined) {
    if (organization.isPending) return <LoadingState label={t('organization.loading')} />;
    if (organization.isError) {
      return (
        <ErrorAlert
          error={organization.error}
          onRetry={() => void organization.refetch()}
          retrying={organization.isFetching}
        />
      );
    }
  }
  const named: OrganizationAccess = {
    ...access,
    organizationName: access.organizationName ?? organization.data?.name,
  };
  return (
    <OrganizationAccessProvider access={named}>
      {named.via === 'support' ? (
        <Alert variant="light" color="grape" mb="md" title={t('organization.supportTitle')}>
          {named.can.manageMembers
            ? t('organization.supportWrite', { organization: named.organizationName })
            : t('organization.supportRead', { organization: named.organizationName })}
        </Alert>
      ) : null}
      <Outlet />
    </OrganizationAccessProvider>
  );
}

/** `/orgs/:orgId`: the first page this person may see there. */
export function OrganizationIndexRoute() {
  const { orgId = '' } = useParams();
  const me = useMe();
  if (!me.data) return null;
  const access = organizationAccess(me.data, orgId);
  if (!access) return null;
  return <Navigate to={organizationPath(orgId, firstSection(access))} replace />;
}

/** A page the person may not see here (reached by URL; the navigation doesn't offer it). */
export function SectionGuard({
  section,
  access,
  children,
}: {
  section: OrganizationSection;
  access: OrganizationAccess;
  children: ReactNode;
}) {
  const { t } = useTranslation();
  if (canSee(access, section)) return children;
  return (
    <NoAccess
      title={t('organization.noPermissionTitle')}
      description={t(`organization.noPermission.${section}`)}
    />
  );
}
