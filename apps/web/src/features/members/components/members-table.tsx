import {
  Avatar,
  Badge,
  Button,
  Checkbox,
  Group,
  NativeSelect,
  Paper,
  Skeleton,
  Stack,
  Table,
  Text,
  VisuallyHidden,
} from '@mantine/core';
import { useDebouncedValue, useMediaQuery } from '@mantine/hooks';
import type { Member, OrganizationRole } from '@portal/shared';
import {
  flexRender,
  getCoreRowModel,
  useReactTable,
  type ColumnDef,
  type RowSelectionState,
  type Table as MembersTableModel,
} from '@tanstack/react-table';
import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';

import { SearchInput } from '../../../components/ui/search-input.js';
import { EmptyState } from '../../../components/ui/empty-state.js';
import { CardList, CardListItem } from '../../../components/ui/card-list.js';
import { ErrorAlert } from '../../../components/ui/error-alert.js';
import { ListPagination } from '../../../components/ui/list-pagination.js';
import { useOrganizationAccess } from '../../../lib/organization-access-context.js';
import { useMembers } from '../api/get-members.js';
import { memberName } from '../utils/member-name.js';
import {
  hasFilters,
  memberPageSizes,
  membersListQuery,
  membersSearchFromParams,
  membersSearchToParams,
  type MembersSearch,
} from '../utils/members-search.js';

import { AssignRolesDialog } from './assign-roles-dialog.js';
import { EditMemberRolesDialog } from './edit-member-roles-dialog.js';
import { RemoveMemberDialog } from './remove-member-dialog.js';
import { RoleBadges } from './role-badges.js';

type Dialog =
  | { kind: 'edit'; member: Member }
  | { kind: 'remove'; member: Member }
  | { kind: 'assign' }
  | undefined;

/**
 * The organization's members, a page at a time from the BFF: search (debounced), role filter and page
 * in the URL; edit roles, remove and bulk role assignment for those who may manage members.
 */
export function MembersTable({
  roles,
  currentUserId,
}: {
  /** The organization's roles; undefined while loading or when they could not be loaded. */
  roles: readonly OrganizationRole[] | undefined;
  currentUserId: string | undefined;
}) {
  const { t, i18n } = useTranslation();
  const access = useOrganizationAccess();
  const canManage = access.can.manageMembers;
  // A table doesn't fit a phone: each member becomes a card there (same cells, stacked).
  const isPhone = useMediaQuery('(max-width: 47.99em)', false, { getInitialValueInEffect: false });
  const [params, setParams] = useSearchParams();
  const search = membersSearchFromParams(params);
  const setSearch = (next: MembersSearch) => setParams(membersSearchToParams(next));
  const members = useMembers(membersListQuery(search));

  // The search box: what is typed goes to the URL (and the BFF) after a pause.
  const [text, setText] = useState(search.q);
  const [debouncedText] = useDebouncedValue(text.trim(), 350);
  useEffect(() => {
    if (debouncedText !== search.q) setSearch({ ...search, q: debouncedText, page: 1 });
    // Only a settled change of the text moves the URL (not every URL change: that would undo paging);
    // the URL moving on its own (back button) updates the text below.
  }, [debouncedText]);
  useEffect(() => {
    setText((current) => (current.trim() === search.q ? current : search.q));
  }, [search.q]);

  // Selection survives paging and searching, so people can be picked across pages.
  const [selection, setSelection] = useState<Map<string, Member>>(new Map());
  const rowSelection: RowSelectionState = useMemo(
    () => Object.fromEntries([...selection.keys()].map((id) => [id, true])),
    [selection],
  );
  const [dialog, setDialog] = useState<Dialog>();
  // Dialogs are unmounted on close, so Mantine can't return the focus: done here, to the button that
  // opened it, or to the search box when that button is gone (its member was removed).
  const dialogOpener = useRef<HTMLElement | null>(null);
  const searchBox = useRef<HTMLInputElement>(null);
  const openDialog = (next: NonNullable<Dialog>) => {
    dialogOpener.current =
      document.activeElement instanceof HTMLElement ? document.activeElement : null;
    setDialog(next);
  };
  const closeDialog = () => {
    setDialog(undefined);
    const opener = dialogOpener.current;
    window.setTimeout(() => (opener?.isConnected ? opener : searchBox.current)?.focus(), 0);
  };

  const pageMembers = useMemo(() => members.data?.items ?? [], [members.data]);
  const dateFormat = useMemo(
    () => new Intl.DateTimeFormat(i18n.language, { dateStyle: 'medium', timeStyle: 'short' }),
    [i18n.language],
  );

  const columns = useMemo<Array<ColumnDef<Member>>>(() => {
    const memberColumn: ColumnDef<Member> = {
      id: 'member',
      header: () => t('members.columns.member'),
      cell: ({ row }) => {
        const member = row.original;
        const name = memberName(member);
        return (
          <Group gap="sm" wrap="nowrap">
            <Avatar size="sm" radius="xl" name={name} color="indigo" alt="" />
            <div style={{ minWidth: 0 }}>
              <Group gap={6} wrap="nowrap">
                <Text size="sm" fw={600} truncate="end">
                  {name}
                </Text>
                {member.id === currentUserId ? (
                  <Badge size="xs" variant="outline" tt="none">
                    {t('members.you')}
                  </Badge>
                ) : null}
                {member.isSuspended ? (
                  <Badge size="xs" color="red" variant="light" tt="none">
                    {t('members.suspended')}
                  </Badge>
                ) : null}
              </Group>
              {member.email && member.email !== name ? (
                <Text size="xs" c="dimmed" truncate="end">
                  {member.email}
                </Text>
              ) : null}
            </div>
          </Group>
        );
      },
    };
    const rolesColumn: ColumnDef<Member> = {
      id: 'roles',
      header: () => t('members.columns.roles'),
      cell: ({ row }) => <RoleBadges roles={row.original.roles} />,
    };
    const lastSignInColumn: ColumnDef<Member> = {
      id: 'lastSignIn',
      header: () => t('members.columns.lastSignIn'),
      cell: ({ row }) =>
        row.original.lastSignInAt ? (
          <Text size="sm">{dateFormat.format(row.original.lastSignInAt)}</Text>
        ) : (
          <Text size="sm" c="dimmed">
            {t('members.neverSignedIn')}
          </Text>
        ),
    };
    if (!canManage) return [memberColumn, rolesColumn, lastSignInColumn];
    return [
      {
        id: 'select',
        header: ({ table }) => (
          <Checkbox
            aria-label={t('members.selectPage')}
            checked={table.getIsAllPageRowsSelected()}
            indeterminate={table.getIsSomePageRowsSelected()}
            onChange={table.getToggleAllPageRowsSelectedHandler()}
          />
        ),
        cell: ({ row }) => (
          <Checkbox
            aria-label={t('members.selectMember', { member: memberName(row.original) })}
            checked={row.getIsSelected()}
            onChange={row.getToggleSelectedHandler()}
          />
        ),
      },
      memberColumn,
      rolesColumn,
      lastSignInColumn,
      {
        id: 'actions',
        header: () => <VisuallyHidden>{t('members.columns.actions')}</VisuallyHidden>,
        cell: ({ row }) => {
          const name = memberName(row.original);
          return (
            <Group gap={4} justify="flex-end" wrap="nowrap">
              <Button
                size="xs"
                variant="subtle"
                aria-label={t('members.editRolesOf', { member: name })}
                disabled={!roles}
                onClick={() => openDialog({ kind: 'edit', member: row.original })}
              >
                {t('members.editRoles')}
              </Button>
              <Button
                size="xs"
                variant="subtle"
                color="red"
                aria-label={t('members.removeMember', { member: name })}
                onClick={() => openDialog({ kind: 'remove', member: row.original })}
              >
                {t('members.remove.button')}
              </Button>
            </Group>
          );
        },
      },
    ];
  }, [t, canManage, currentUserId, dateFormat, roles]);

  const table = useReactTable({
    data: pageMembers,
    columns,
    getCoreRowModel: getCoreRowModel(),
    getRowId: (member) => member.id,
    manualPagination: true,
    rowCount: members.data?.totalCount ?? 0,
    enableRowSelection: canManage,
    state: { rowSelection },
    onRowSelectionChange: (updater) => {
      const next = typeof updater === 'function' ? updater(rowSelection) : updater;
      setSelection((current) => {
        const updated = new Map<string, Member>();
        for (const [id, selected] of Object.entries(next)) {
          if (!selected) continue;
          const member = current.get(id) ?? pageMembers.find((candidate) => candidate.id === id);
          if (member) updated.set(id, member);
        }
        return updated;
      });
    },
  });

  const filtered = hasFilters(search);
  const tableLabel = t('members.tableLabel', {
    organization: access.organizationName ?? access.organizationId,
  });
  const totalCount = members.data?.totalCount ?? 0;
  const selectedMembers = [...selection.values()];

  return (
    <Stack gap="md">
      <Group
        gap="sm"
        align="flex-end"
        wrap="wrap"
        role="search"
        aria-label={t('members.searchLabel')}
      >
        <SearchInput
          ref={searchBox}
          label={t('members.search')}
          placeholder={t('members.searchPlaceholder')}
          clearLabel={t('members.clearSearch')}
          value={text}
          onChange={setText}
        />
        <NativeSelect
          label={t('members.roleFilter')}
          value={search.roleId ?? ''}
          onChange={(event) =>
            setSearch({ ...search, roleId: event.currentTarget.value || undefined, page: 1 })
          }
          data={[
            { value: '', label: t('members.allRoles') },
            ...(roles ?? []).map((role) => ({ value: role.id, label: role.name })),
          ]}
          disabled={!roles}
          style={{ flex: '0 1 200px' }}
        />
      </Group>

      <VisuallyHidden role="status" aria-live="polite">
        {members.isSuccess && !members.isPlaceholderData
          ? t('members.found', { count: totalCount })
          : ''}
      </VisuallyHidden>

      {canManage && selectedMembers.length > 0 ? (
        <Paper withBorder p="sm" radius="md" data-testid="bulk-actions">
          <Group justify="space-between" gap="sm">
            <Text size="sm" fw={600}>
              {t('members.selected', { count: selectedMembers.length })}
            </Text>
            <Group gap="sm">
              <Button size="xs" variant="default" onClick={() => setSelection(new Map())}>
                {t('members.clearSelection')}
              </Button>
              <Button size="xs" disabled={!roles} onClick={() => openDialog({ kind: 'assign' })}>
                {t('members.assign.button')}
              </Button>
            </Group>
          </Group>
        </Paper>
      ) : null}

      {members.isError && !members.data ? (
        <ErrorAlert
          error={members.error}
          context={{ organization: access.organizationName }}
          onRetry={() => void members.refetch()}
          retrying={members.isFetching}
        />
      ) : members.isSuccess && totalCount === 0 && !members.isPlaceholderData ? (
        filtered ? (
          <EmptyState
            title={t('members.emptyFilteredTitle')}
            description={
              search.q
                ? t('members.emptyFilteredQuery', { query: search.q })
                : t('members.emptyFiltered')
            }
            action={
              <Button
                variant="default"
                onClick={() => {
                  setText('');
                  setSearch({ ...search, q: '', roleId: undefined, page: 1 });
                }}
              >
                {t('members.clearFilters')}
              </Button>
            }
          />
        ) : (
          <EmptyState title={t('members.emptyTitle')} description={t('members.empty')} />
        )
      ) : (
        <>
          {isPhone ? (
            <MemberCards
              table={table}
              loading={members.isPending}
              dimmed={members.isPlaceholderData}
              busy={members.isFetching}
              label={tableLabel}
              selectAllLabel={t('members.selectPage')}
            />
          ) : (
            <Table.ScrollContainer minWidth={canManage ? 760 : 560}>
              <Table
                verticalSpacing="sm"
                highlightOnHover
                aria-busy={members.isFetching}
                aria-label={t('members.tableLabel', {
                  organization: access.organizationName ?? access.organizationId,
                })}
                style={{
                  opacity: members.isPlaceholderData ? 0.6 : 1,
                  transition: 'opacity 120ms',
                }}
                data-testid="members-table"
              >
                <Table.Thead>
                  {table.getHeaderGroups().map((headerGroup) => (
                    <Table.Tr key={headerGroup.id}>
                      {headerGroup.headers.map((header) => (
                        <Table.Th
                          key={header.id}
                          scope="col"
                          w={header.column.id === 'select' ? 40 : undefined}
                        >
                          {flexRender(header.column.columnDef.header, header.getContext())}
                        </Table.Th>
                      ))}
                    </Table.Tr>
                  ))}
                </Table.Thead>
                <Table.Tbody>
                  {members.isPending
                    ? Array.from({ length: 6 }, (_, index) => (
                        <Table.Tr key={index}>
                          {columns.map((column, columnIndex) => (
                            <Table.Td key={column.id ?? columnIndex}>
                              <Skeleton height={14} radius="sm" />
                            </Table.Td>
                          ))}
                        </Table.Tr>
                      ))
                    : table.getRowModel().rows.map((row) => (
                        <Table.Tr
                          key={row.id}
                          data-testid={`member-${row.id}`}
                          bg={
                            row.getIsSelected() ? 'var(--mantine-primary-color-light)' : undefined
                          }
                        >
                          {row.getVisibleCells().map((cell) => (
                            <Table.Td key={cell.id}>
                              {flexRender(cell.column.columnDef.cell, cell.getContext())}
                            </Table.Td>
                          ))}
                        </Table.Tr>
                      ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          )}
          {members.isPending ? (
            <VisuallyHidden role="status">{t('members.loading')}</VisuallyHidden>
          ) : (
            <ListPagination
              page={search.page}
              pageSize={search.pageSize}
              totalCount={totalCount}
              shown={pageMembers.length}
              onPageChange={(page) => setSearch({ ...search, page })}
              label={t('members.pagination')}
              pageSizes={memberPageSizes}
              onPageSizeChange={(pageSize) => setSearch({ ...search, pageSize, page: 1 })}
            />
          )}
        </>
      )}

      {dialog?.kind === 'edit' && roles ? (
        <EditMemberRolesDialog
          member={dialog.member}
          roles={roles}
          isCurrentUser={dialog.member.id === currentUserId}
          onClose={closeDialog}
        />
      ) : null}
      {dialog?.kind === 'remove' ? (
        <RemoveMemberDialog
          member={dialog.member}
          isCurrentUser={dialog.member.id === currentUserId}
          onClose={closeDialog}
          onRemoved={() => {
            setSelection((current) => {
              const updated = new Map(current);
              updated.delete(dialog.member.id);
              return updated;
            });
            closeDialog();
          }}
        />
      ) : null}
      {dialog?.kind === 'assign' && roles ? (
        <AssignRolesDialog
          members={selectedMembers}
          roles={roles}
          onClose={closeDialog}
          onAssigned={() => {
            setSelection(new Map());
            closeDialog();
          }}
        />
      ) : null}
    </Stack>
  );
}

/** The phone layout: one card per member, with the table's own cells (selection, person, roles, actions). */
function MemberCards({
  table,
  loading,
  dimmed,
  busy,
  label,
  selectAllLabel,
}: {
  table: MembersTableModel<Member>;
  loading: boolean;
  dimmed: boolean;
  busy: boolean;
  label: string;
  selectAllLabel: string;
}) {
  const { t } = useTranslation();
  const selectHeader = table.getFlatHeaders().find((header) => header.column.id === 'select');
  if (loading) {
    return (
      <Stack gap="sm" aria-busy="true">
        {Array.from({ length: 4 }, (_, index) => (
          <Skeleton key={index} height={96} radius="md" />
        ))}
      </Stack>
    );
  }
  return (
    <Stack gap="sm">
      {selectHeader ? (
        <Group gap="xs">
          {flexRender(selectHeader.column.columnDef.header, selectHeader.getContext())}
          <Text size="sm" aria-hidden="true">
            {selectAllLabel}
          </Text>
        </Group>
      ) : null}
      <CardList label={label} busy={busy} dimmed={dimmed} testId="members-table">
        {table.getRowModel().rows.map((row) => {
          const cell = (id: string) => {
            const found = row.getVisibleCells().find((candidate) => candidate.column.id === id);
            return found ? flexRender(found.column.columnDef.cell, found.getContext()) : null;
          };
          return (
            <CardListItem
              key={row.id}
              testId={`member-${row.id}`}
              bg={row.getIsSelected() ? 'var(--mantine-primary-color-light)' : undefined}
            >
              <Stack gap="xs">
                <Group gap="sm" wrap="nowrap" align="flex-start">
                  {cell('select')}
                  <div style={{ minWidth: 0, flex: 1 }}>{cell('member')}</div>
                </Group>
                {cell('roles')}
                <Group justify="space-between" gap="xs">
                  {/* The table's column header is not on a card: say what the date is. */}
                  <Group gap={4} wrap="nowrap">
                    <Text size="sm">{t('members.lastSignInLabel')}</Text>
                    {cell('lastSignIn')}
                  </Group>
                  {cell('actions')}
                </Group>
              </Stack>
            </CardListItem>
          );
        })}
      </CardList>
    </Stack>
  );
}
