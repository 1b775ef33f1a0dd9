import { Paper, Stack, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';

/** Nothing to show, said plainly, with a way forward when there is one. */
export function EmptyState({
  title,
  description,
  action,
}: {
  title: string;
  description?: string;
  action?: ReactNode;
}) {
  return (
    <Paper withBorder radius="md" p="xl" ta="center">
      <Stack align="center" gap="xs">
        <Title order={2} size="h4">
          {title}
        </Title>
        {description ? <Text>{description}</Text> : null}
        {action}
      </Stack>
    </Paper>
  );
}
