import { Group, NativeSelect, Pagination, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';

import { pageCount, pageRange } from '../../lib/pagination.js';

/** "Showing 21–40 of 1,004", page links (labelled for screen readers) and, optionally, a page size. */
export function ListPagination({
  page,
  pageSize,
  totalCount,
  shown,
  onPageChange,
  label,
  pageSizes,
  onPageSizeChange,
}: {
  page: number;
  pageSize: number;
  totalCount: number;
  /** Items on this page. */
  shown: number;
  onPageChange: (page: number) => void;
  /** Names the pagination landmark, e.g. "Member list pages". */
  label: string;
  pageSizes?: readonly number[];
  onPageSizeChange?: (pageSize: number) => void;
}) {
  const { t, i18n } = useTranslation();
  const total = pageCount(totalCount, pageSize);
  const { first, last } = pageRange(page, pageSize, shown);
  const format = (value: number) => value.toLocaleString(i18n.language);
  return (
    <Group justify="space-between" gap="sm" mt="md" wrap="wrap">
      <Text size="sm" data-testid="list-range">
        {t('list.range', { first: format(first), last: format(last), total: format(totalCount) })}
      </Text>
      <Group gap="sm" wrap="wrap">
        {pageSizes && onPageSizeChange ? (
          <NativeSelect
            size="xs"
            label={t('list.pageSize')}
            styles={{ root: { display: 'flex', alignItems: 'center', gap: 8 } }}
            value={String(pageSize)}
            onChange={(event) => onPageSizeChange(Number(event.currentTarget.value))}
            data={pageSizes.map((size) => ({ value: String(size), label: String(size) }))}
          />
        ) : null}
        {total > 1 ? (
          <nav aria-label={label}>
            <Pagination
              size="sm"
              total={total}
              value={Math.min(page, total)}
              onChange={onPageChange}
              siblings={1}
              boundaries={1}
              getItemProps={(item) => ({ 'aria-label': t('list.page', { page: item }) })}
              getControlProps={(control) => ({
                'aria-label': t(`list.${control}`),
              })}
            />
          </nav>
        ) : null}
      </Group>
    </Group>
  );
}
