import {
  Badge,
  Button,
  Group,
  NativeSelect,
  Paper,
  Skeleton,
  Stack,
  Text,
  TextInput,
  VisuallyHidden,
} from '@mantine/core';
import { auditActions, type AuditEvent } from '@portal/shared';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';

import { EmptyState } from '../../../components/ui/empty-state.js';
import { ErrorAlert } from '../../../components/ui/error-alert.js';
import { ListPagination } from '../../../components/ui/list-pagination.js';
import { useOrganizationAccess } from '../../../lib/organization-access-context.js';
import { useAuditEvents } from '../api/get-audit-events.js';
import {
  auditListQuery,
  auditSearchFromParams,
  auditSearchToParams,
  hasAuditFilters,
  type AuditSearch,
} from '../utils/audit-search.js';
import { auditActionKey, describeAuditEvent } from '../utils/describe-audit-event.js';

const pageSize = 20;

/** The organization's audit log: filters (action, outcome, dates) and pages in the URL, newest first. */
export function AuditLog({ viewer }: { viewer: { id: string; name: string } | undefined }) {
  const { t } = useTranslation();
  const access = useOrganizationAccess();
  const [params, setParams] = useSearchParams();
  const search = auditSearchFromParams(params);
  const setSearch = (next: AuditSearch) => setParams(auditSearchToParams(next));
  const events = useAuditEvents(auditListQuery(search, pageSize));
  const filtered = hasAuditFilters(search);
  const totalCount = events.data?.totalCount ?? 0;
  const clearFilters = () =>
    setSearch({ page: 1, action: undefined, outcome: undefined, from: undefined, to: undefined });

  return (
    <Stack gap="md">
      <Group
        gap="sm"
        align="flex-end"
        wrap="wrap"
        role="search"
        aria-label={t('auditLog.filtersLabel')}
      >
        <NativeSelect
          label={t('auditLog.action')}
          value={search.action ?? ''}
          onChange={(event) => {
            const action = auditActions.find(
              (candidate) => candidate === event.currentTarget.value,
            );
            setSearch({ ...search, action, page: 1 });
          }}
          data={[
            { value: '', label: t('auditLog.allActions') },
            ...auditActions.map((action) => ({
              value: action,
              label: t(`auditLog.actions.${auditActionKey(action)}`),
            })),
          ]}
          style={{ flex: '1 1 220px' }}
        />
        <NativeSelect
          label={t('auditLog.outcome')}
          value={search.outcome ?? ''}
          onChange={(event) => {
            const value = event.currentTarget.value;
            setSearch({
              ...search,
              outcome: value === 'success' || value === 'failure' ? value : undefined,
              page: 1,
            });
          }}
          data={[
            { value: '', label: t('auditLog.anyOutcome') },
            { value: 'success', label: t('auditLog.outcomes.success') },
            { value: 'failure', label: t('auditLog.outcomes.failure') },
          ]}
          style={{ flex: '0 1 160px' }}
        />
        <TextInput
          type="date"
          label={t('auditLog.from')}
          value={search.from ?? ''}
          max={search.to}
          onChange={(event) =>
            setSearch({ ...search, from: event.currentTarget.value || undefined, page: 1 })
          }
          style={{ flex: '0 1 170px' }}
        />
        <TextInput
          type="date"
          label={t('auditLog.to')}
          value={search.to ?? ''}
          min={search.from}
          onChange={(event) =>
            setSearch({ ...search, to: event.currentTarget.value || undefined, page: 1 })
          }
          style={{ flex: '0 1 170px' }}
        />
        {filtered ? (
          <Button variant="default" onClick={clearFilters}>
            {t('auditLog.clearFilters')}
          </Button>
        ) : null}
      </Group>

      <VisuallyHidden role="status" aria-live="polite">
        {events.isSuccess && !events.isPlaceholderData
          ? t('auditLog.found', { count: totalCount })
          : ''}
      </VisuallyHidden>

      {events.isPending ? (
        <Stack gap="sm" aria-busy="true" aria-label={t('auditLog.loading')}>
          {Array.from({ length: 5 }, (_, index) => (
            <Skeleton key={index} height={64} radius="md" />
          ))}
        </Stack>
      ) : events.isError && !events.data ? (
        <ErrorAlert
          error={events.error}
          onRetry={() => void events.refetch()}
          retrying={events.isFetching}
        />
      ) : totalCount === 0 && !events.isPlaceholderData ? (
        filtered ? (
          <EmptyState
            title={t('auditLog.emptyFilteredTitle')}
            description={t('auditLog.emptyFiltered')}
            action={
              <Button variant="default" onClick={clearFilters}>
                {t('auditLog.clearFilters')}
              </Button>
            }
          />
        ) : (
          <EmptyState title={t('auditLog.emptyTitle')} description={t('auditLog.empty')} />
        )
      ) : (
        <>
          <Stack
            component="ol"
            gap="sm"
            p={0}
            m={0}
            style={{ listStyle: 'none', opacity: events.isPlaceholderData ? 0.6 : 1 }}
            aria-label={t('auditLog.listLabel')}
            aria-busy={events.isFetching}
            data-testid="audit-events"
          >
            {(events.data?.items ?? []).map((event) => (
              <AuditEventItem
                key={event.id}
                event={event}
                organizationName={access.organizationName}
                viewer={viewer}
              />
            ))}
          </Stack>
          <ListPagination
            page={search.page}
            pageSize={pageSize}
            totalCount={totalCount}
            shown={events.data?.items.length ?? 0}
            onPageChange={(page) => setSearch({ ...search, page })}
            label={t('auditLog.pagination')}
          />
        </>
      )}
    </Stack>
  );
}

function AuditEventItem({
  event,
  organizationName,
  viewer,
}: {
  event: AuditEvent;
  organizationName: string | undefined;
  viewer: { id: string; name: string } | undefined;
}) {
  const { t, i18n } = useTranslation();
  const described = describeAuditEvent(event, { organizationName, ...(viewer ? { viewer } : {}) });
  const format = useMemo(
    () => ({
      date: new Intl.DateTimeFormat(i18n.language, { dateStyle: 'medium', timeStyle: 'medium' }),
      list: new Intl.ListFormat(i18n.language, { type: 'conjunction' }),
    }),
    [i18n.language],
  );
  const roleList = (roles: string[]) =>
    roles.length > 0 ? format.list.format(roles) : t('auditLog.noRoles');
  const actor = described.actorIsSupport
    ? t('auditLog.supportActor', { actor: described.actor })
    : described.actor;
  const sentence = t(`auditLog.sentences.${described.key}`, {
    actor,
    // Counts are worded here, in the reader's language (the recorded label is the BFF's English).
    target:
      described.memberCount !== undefined
        ? t('auditLog.memberCount', { count: described.memberCount })
        : described.addressCount !== undefined
          ? t('auditLog.addressCount', { count: described.addressCount })
          : described.target,
    fields: format.list.format(described.fields.map((field) => t(`auditLog.fields.${field}`))),
    organization: described.organization,
    before: roleList(described.before),
    after: roleList(described.after),
    roles: roleList(described.roles),
  });
  return (
    <Paper
      component="li"
      withBorder
      radius="md"
      p="sm"
      data-testid="audit-event"
      data-action={event.action}
      data-outcome={event.outcome}
    >
      <Group justify="space-between" align="flex-start" gap="xs" wrap="wrap">
        <Stack gap={4} style={{ flex: '1 1 300px', minWidth: 0 }}>
          <Text
            size="sm"
            fw={500}
            data-testid="audit-sentence"
            style={{ overflowWrap: 'anywhere' }}
          >
            {sentence}
          </Text>
          {described.reason ? (
            <Text size="sm" data-testid="audit-reason" style={{ overflowWrap: 'anywhere' }}>
              {t('auditLog.reason', { reason: described.reason })}
            </Text>
          ) : null}
          {described.failed ? (
            <Text size="sm" data-testid="audit-failure">
              {t('auditLog.failedBecause', {
                reason: t(`errors.${described.failure ?? 'unexpected'}.title`, {
                  member: described.target,
                  organization: described.organization,
                  seconds: 10,
                }),
              })}
            </Text>
          ) : null}
          <Text size="xs" c="dimmed">
            <time dateTime={event.occurredAt}>
              {format.date.format(new Date(event.occurredAt))}
            </time>
          </Text>
        </Stack>
        <Group gap={4}>
          {described.actorIsSupport ? (
            <Badge variant="light" color="grape" tt="none">
              {t('auditLog.supportBadge')}
            </Badge>
          ) : null}
          <Badge variant="light" color={described.failed ? 'red' : 'green'} tt="none">
            {t(`auditLog.outcomes.${event.outcome}`)}
          </Badge>
        </Group>
      </Group>
    </Paper>
  );
}
