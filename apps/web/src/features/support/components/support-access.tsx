import { Anchor, Card, Group, Skeleton, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';

import { ErrorAlert } from '../../../components/ui/error-alert.js';
import { organizationPath } from '../../../lib/organization-access.js';
import { useSupportOrganizations } from '../api/get-support-organizations.js';

const pageSize = 10;

/** Support staff find any organization by name or id, and open it; they act there with a recorded reason. */
export function SupportAccess({ canWrite }: { canWrite: boolean }) {
  const { t } = useTranslation();
  const [text, setText] = useState('');
  const [q] = useDebouncedValue(text.trim(), 350);
  const organizations = useSupportOrganizations({ page: 1, pageSize, ...(q ? { q } : {}) }, true);
  return (
    <Card withBorder radius="lg" padding="lg" component="section" aria-labelledby="support-title">
      <Stack gap="sm">
        <Title order={2} size="h3" id="support-title">
          {t('support.title')}
        </Title>
        <Text size="sm">
          {canWrite ? t('support.descriptionWrite') : t('support.descriptionRead')}
        </Text>
        <TextInput
          type="search"
          label={t('support.search')}
          placeholder={t('support.searchPlaceholder')}
          value={text}
          onChange={(event) => setText(event.currentTarget.value)}
          maxLength={128}
        />
        {organizations.isPending ? (
          <Skeleton height={120} aria-label={t('support.loading')} />
        ) : organizations.isError ? (
          <ErrorAlert
            error={organizations.error}
            onRetry={() => void organizations.refetch()}
            retrying={organizations.isFetching}
          />
        ) : organizations.data.items.length === 0 ? (
          <Text size="sm">{t('support.none', { query: q })}</Text>
        ) : (
          <Table.ScrollContainer minWidth={420}>
            <Table aria-label={t('support.results')} data-testid="support-organizations">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">{t('support.organization')}</Table.Th>
                  <Table.Th scope="col">{t('support.organizationId')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {organizations.data.items.map((organization) => (
                  <Table.Tr key={organization.id}>
                    <Table.Td>
                      <Anchor component={Link} to={organizationPath(organization.id, 'members')}>
                        {organization.name}
                      </Anchor>
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm" ff="monospace">
                        {organization.id}
                      </Text>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
        {organizations.data && organizations.data.totalCount > organizations.data.items.length ? (
          <Group>
            <Text size="xs" c="dimmed">
              {t('support.more', {
                shown: organizations.data.items.length,
                total: organizations.data.totalCount,
              })}
            </Text>
          </Group>
        ) : null}
      </Stack>
    </Card>
  );
}
