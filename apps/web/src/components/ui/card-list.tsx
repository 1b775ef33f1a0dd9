import { Paper, Stack, type PaperProps } from '@mantine/core';
import type { ReactNode } from 'react';

/**
 * A list of cards: what a table becomes on a phone. A real list (`ul`/`li`), named, marked busy while it
 * refreshes and dimmed while it shows the previous page's rows.
 */
export function CardList({
  label,
  busy,
  dimmed,
  testId,
  children,
}: {
  label: string;
  busy: boolean;
  dimmed: boolean;
  testId: string;
  children: ReactNode;
}) {
  return (
    <Stack
      component="ul"
      gap="sm"
      p={0}
      m={0}
      aria-label={label}
      aria-busy={busy}
      data-testid={testId}
      style={{ listStyle: 'none', opacity: dimmed ? 0.6 : 1 }}
    >
      {children}
    </Stack>
  );
}

/** One card of a `CardList`. */
export function CardListItem({
  testId,
  children,
  ...paper
}: { testId: string; children: ReactNode } & Pick<PaperProps, 'bg'>) {
  return (
    <Paper component="li" withBorder radius="md" p="sm" data-testid={testId} {...paper}>
      {children}
    </Paper>
  );
}
