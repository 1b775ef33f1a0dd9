import { Alert, Button, Group, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

type ErrorStateProps = {
  title: string;
  description: string;
  /** Shown with the error so support can find it in the logs. */
  requestId?: string | undefined;
  onRetry?: () => void;
  retrying?: boolean;
  /** Other ways out, e.g. "Sign in again". */
  actions?: ReactNode;
  /** More detail under the description. */
  children?: ReactNode;
};

/** An error a person can act on: what happened, in words, and a button to try again. */
export function ErrorState({
  title,
  description,
  requestId,
  onRetry,
  retrying = false,
  actions,
  children,
}: ErrorStateProps) {
  const { t } = useTranslation();
  return (
    <Alert color="red" variant="light" title={title} role="alert">
      <Text size="sm">{description}</Text>
      {children}
      {requestId ? (
        <Text size="xs" mt={4} c="dimmed">
          {t('errors.requestId', { requestId })}
        </Text>
      ) : null}
      {onRetry || actions ? (
        <Group mt="md" gap="sm">
          {onRetry ? (
            <Button
              size="xs"
              variant="filled"
              color="red"
              onClick={onRetry}
              loading={retrying}
              loaderProps={{ 'aria-label': t('errors.retrying') }}
            >
              {t('errors.retry')}
            </Button>
          ) : null}
          {actions}
        </Group>
      ) : null}
    </Alert>
  );
}
