import { Center, Loader, Stack, Text } from '@mantine/core';
import type { ReactNode } from 'react';

/** A spinner with words: screen readers hear the label, everyone else reads it. */
export function LoadingState({
  label,
  children,
  minHeight = 200,
}: {
  label: string;
  children?: ReactNode;
  minHeight?: number;
}) {
  return (
    <Center mih={minHeight} role="status" aria-live="polite">
      <Stack align="center" gap="sm">
        <Loader aria-hidden="true" />
        <Text>{label}</Text>
        {children}
      </Stack>
    </Center>
  );
}
