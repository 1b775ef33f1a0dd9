import {
  Badge,
  Button,
  Group,
  NativeSelect,
  Skeleton,
  Stack,
  Table,
  Text,
  Tooltip,
  VisuallyHidden,
} from '@mantine/core';
import { useDebouncedValue, useMediaQuery } from '@mantine/hooks';
import { invitationStatuses, type Invitation, type InvitationStatus } from '@portal/shared';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';

import { SearchInput } from '../../../components/ui/search-input.js';
import { CardList, CardListItem } from '../../../components/ui/card-list.js';
import { EmptyState } from '../../../components/ui/empty-state.js';
import { ErrorAlert } from '../../../components/ui/error-alert.js';
import { ListPagination } from '../../../components/ui/list-pagination.js';
import { useOrganizationAccess } from '../../../lib/organization-access-context.js';
import { useInvitations } from '../api/get-invitations.js';
import { invitationActions } from '../utils/invitation-actions.js';
import {
  hasFilters,
  invitationPageSizes,
  invitationsListQuery,
  invitationsSearchFromParams,
  invitationsSearchToParams,
  type InvitationsSearch,
} from '../utils/invitations-search.js';
import { relativeTime } from '../utils/relative-time.js';

import { InvitationActionDialog, type ConfirmedAction } from './invitation-action-dialog.js';
import { InvitationRoles } from './invitation-roles.js';
import { useCopyInvitationLink } from './use-copy-invitation-link.js';

const statusColor: Record<InvitationStatus, string> = {
  Pending: 'blue',
  Accepted: 'green',
  Expired: 'orange',
  Revoked: 'gray',
};

/**
 * The organization's invitations, a page at a time: status filter, address search (debounced) and page
 * in the URL; resend, renew, revoke and copy link, each offered only when it applies.
 */
export function InvitationsTable() {
  const { t, i18n } = useTranslation();
  const access = useOrganizationAccess();
  const canInvite = access.can.inviteMembers;
  const [params, setParams] = useSearchParams();
  const search = invitationsSearchFromParams(params);
  const setSearch = (next: InvitationsSearch) => setParams(invitationsSearchToParams(next));
  const invitations = useInvitations(invitationsListQuery(search));
  const copyLink = useCopyInvitationLink();
  // Phones get cards: six columns don't fit, and a sideways-scrolling table hides the actions.
  const isPhone = useMediaQuery('(max-width: 47.99em)', false, { getInitialValueInEffect: false });

  const [text, setText] = useState(search.q);
  const [debouncedText] = useDebouncedValue(text.trim(), 350);
  useEffect(() => {
    if (debouncedText !== search.q) setSearch({ ...search, q: debouncedText, page: 1 });
    // Only a settled change of the text moves the URL; the URL moving on its own updates the text.
  }, [debouncedText]);
  useEffect(() => {
    setText((current) => (current.trim() === search.q ? current : search.q));
  }, [search.q]);

  const [dialog, setDialog] = useState<{ action: ConfirmedAction; invitation: Invitation }>();
  const opener = useRef<HTMLElement | null>(null);
  const searchBox = useRef<HTMLInputElement>(null);
  const openDialog = (action: ConfirmedAction, invitation: Invitation) => {
    opener.current = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    setDialog({ action, invitation });
  };
  const closeDialog = () => {
    setDialog(undefined);
    const previous = opener.current;
    window.setTimeout(() => (previous?.isConnected ? previous : searchBox.current)?.focus(), 0);
  };

  // "Now" for relative times, moved on once a minute so "in 3 minutes" doesn't go stale.
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = window.setInterval(() => setNow(Date.now()), 60_000);
    return () => window.clearInterval(timer);
  }, []);

  const items = invitations.data?.items ?? [];
  const totalCount = invitations.data?.totalCount ?? 0;
  const when = (time: number) => relativeTime(time, now, i18n.language);
  const absolute = new Intl.DateTimeFormat(i18n.language, {
    dateStyle: 'medium',
    timeStyle: 'short',
  });

  const expiryText = (invitation: Invitation) => {
    if (invitation.status === 'Accepted') return t('invitations.accepted');
    if (invitation.status === 'Revoked') return t('invitations.revoked');
    return invitation.expiresAt > now
      ? t('invitations.expiresIn', { when: when(invitation.expiresAt) })
      : t('invitations.expiredAgo', { when: when(invitation.expiresAt) });
  };

  const tableLabel = t('invitations.tableLabel', {
    organization: access.organizationName ?? access.organizationId,
  });

  // The parts of one invitation, shared by the table (desktop) and the cards (phones).
  const emailOf = (invitation: Invitation) => (
    <div style={{ minWidth: 0 }}>
      <Text size="sm" fw={600} style={{ overflowWrap: 'anywhere' }}>
        {invitation.email}
      </Text>
      <Text size="xs">
        {invitation.inviter === null
          ? // Made through the Management API (or Logto's console), not by a person in the portal.
            t('invitations.invitedOutside')
          : t('invitations.invitedByLine', {
              inviter:
                invitation.inviter.name ??
                invitation.inviter.email ??
                t('invitations.unknownInviter'),
            })}
      </Text>
    </div>
  );
  const statusOf = (invitation: Invitation) => (
    <Badge color={statusColor[invitation.status]} variant="light" tt="none">
      {t(`invitations.status.${invitation.status}`)}
    </Badge>
  );
  const expiryOf = (invitation: Invitation) => (
    <Tooltip label={absolute.format(invitation.expiresAt)}>
      <Text size="sm" component="span">
        {expiryText(invitation)}
      </Text>
    </Tooltip>
  );
  const actionsFor = (invitation: Invitation, justify: 'flex-start' | 'flex-end') => (
    <Group gap={4} justify={justify} wrap="wrap">
      {actionsOf(invitation).map((action) => (
        <Button
          key={action}
          size="xs"
          variant="subtle"
          color={action === 'revoke' ? 'red' : undefined}
          aria-label={t(`invitations.${action}.labelFor`, { email: invitation.email })}
          onClick={() =>
            action === 'copyLink' ? void copyLink(invitation.id) : openDialog(action, invitation)
          }
        >
          {t(`invitations.${action}.button`)}
        </Button>
      ))}
    </Group>
  );

  const actionsOf = (invitation: Invitation) => {
    const available = invitationActions(invitation, now);
    if (!canInvite) {
      return available.includes('copyLink')
        ? available.filter((action) => action === 'copyLink')
        : [];
    }
    return available;
  };

  return (
    <Stack gap="md">
      <Group
        gap="sm"
        align="flex-end"
        wrap="wrap"
        role="search"
        aria-label={t('invitations.searchLabel')}
      >
        <SearchInput
          ref={searchBox}
          label={t('invitations.search')}
          placeholder={t('invitations.searchPlaceholder')}
          clearLabel={t('invitations.clearSearch')}
          value={text}
          onChange={setText}
        />
        <NativeSelect
          label={t('invitations.statusFilter')}
          value={search.status ?? ''}
          onChange={(event) => {
            const value = event.currentTarget.value;
            setSearch({
              ...search,
              status: invitationStatuses.find((status) => status === value),
              page: 1,
            });
          }}
          data={[
            { value: '', label: t('invitations.allStatuses') },
            ...invitationStatuses.map((status) => ({
              value: status,
              label: t(`invitations.status.${status}`),
            })),
          ]}
          style={{ flex: '0 1 200px' }}
        />
      </Group>

      <VisuallyHidden role="status" aria-live="polite">
        {invitations.isSuccess && !invitations.isPlaceholderData
          ? t('invitations.found', { count: totalCount })
          : ''}
      </VisuallyHidden>

      {invitations.isError && !invitations.data ? (
        <ErrorAlert
          error={invitations.error}
          context={{ organization: access.organizationName }}
          onRetry={() => void invitations.refetch()}
          retrying={invitations.isFetching}
        />
      ) : invitations.isSuccess && totalCount === 0 && !invitations.isPlaceholderData ? (
        hasFilters(search) ? (
          <EmptyState
            title={t('invitations.emptyFilteredTitle')}
            description={t('invitations.emptyFiltered')}
            action={
              <Button
                variant="default"
                onClick={() => {
                  setText('');
                  setSearch({ ...search, q: '', status: undefined, page: 1 });
                }}
              >
                {t('invitations.clearFilters')}
              </Button>
            }
          />
        ) : (
          <EmptyState title={t('invitations.emptyTitle')} description={t('invitations.empty')} />
        )
      ) : (
        <>
          {isPhone ? (
            <CardList
              label={tableLabel}
              busy={invitations.isFetching}
              dimmed={invitations.isPlaceholderData}
              testId="invitations-table"
            >
              {invitations.isPending
                ? Array.from({ length: 3 }, (_, index) => (
                    <Skeleton key={index} component="li" height={120} radius="md" />
                  ))
                : items.map((invitation) => (
                    <CardListItem key={invitation.id} testId="invitation-row">
                      <Stack gap="xs">
                        {emailOf(invitation)}
                        <Group gap="xs">
                          {statusOf(invitation)}
                          <InvitationRoles roles={invitation.roles} />
                        </Group>
                        {expiryOf(invitation)}
                        {actionsFor(invitation, 'flex-start')}
                      </Stack>
                    </CardListItem>
                  ))}
            </CardList>
          ) : (
            <Table.ScrollContainer minWidth={760}>
              <Table
                verticalSpacing="sm"
                aria-label={tableLabel}
                aria-busy={invitations.isFetching}
                style={{ opacity: invitations.isPlaceholderData ? 0.6 : 1 }}
                data-testid="invitations-table"
              >
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t('invitations.columns.email')}</Table.Th>
                    <Table.Th>{t('invitations.columns.status')}</Table.Th>
                    <Table.Th>{t('invitations.columns.roles')}</Table.Th>
                    <Table.Th>{t('invitations.columns.expiry')}</Table.Th>
                    <Table.Th>
                      <VisuallyHidden>{t('invitations.columns.actions')}</VisuallyHidden>
                    </Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {invitations.isPending
                    ? Array.from({ length: 3 }, (_, index) => (
                        <Table.Tr key={index}>
                          <Table.Td colSpan={5}>
                            <Skeleton height={20} />
                          </Table.Td>
                        </Table.Tr>
                      ))
                    : items.map((invitation) => (
                        <Table.Tr key={invitation.id} data-testid="invitation-row">
                          <Table.Td>{emailOf(invitation)}</Table.Td>
                          {/* A minimum width keeps the table from squeezing badges into "Pen…". */}
                          <Table.Td miw={110}>{statusOf(invitation)}</Table.Td>
                          <Table.Td miw={120}>
                            <InvitationRoles roles={invitation.roles} />
                          </Table.Td>
                          <Table.Td>{expiryOf(invitation)}</Table.Td>
                          {/* Actions wrap onto a second line rather than push the table sideways. */}
                          <Table.Td maw={220}>{actionsFor(invitation, 'flex-end')}</Table.Td>
                        </Table.Tr>
                      ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          )}
          {invitations.data ? (
            <ListPagination
              page={search.page}
              pageSize={search.pageSize}
              totalCount={totalCount}
              shown={items.length}
              onPageChange={(page) => setSearch({ ...search, page })}
              label={t('invitations.pagination')}
              pageSizes={invitationPageSizes}
              onPageSizeChange={(pageSize) => setSearch({ ...search, pageSize, page: 1 })}
            />
          ) : null}
        </>
      )}
      {dialog ? (
        <InvitationActionDialog
          action={dialog.action}
          invitation={dialog.invitation}
          onClose={closeDialog}
        />
      ) : null}
    </Stack>
  );
}
